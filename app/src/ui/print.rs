//! The print button of the printable pages (notice posters, invitation sheets, result
//! protocols). A handler in the wasm, never an inline `onclick`: the page's CSP forbids inline
//! script, and the protocol's button did nothing (issue 16, item 17). Without JavaScript the
//! browser's own print menu does the same.

use leptos::prelude::*;

#[component]
pub fn PrintButton(children: Children) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <button type="button" class="button" data-testid="print" on:click=print>
            {children()}
        </button>
    }
}
