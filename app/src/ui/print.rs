//! Buttons that hand something to the device: the print button of the printable pages (notice posters, invitation sheets, result
//! protocols). A handler in the wasm, never an inline `onclick`: the page's CSP forbids inline
//! script, and the protocol's button did nothing (issue 16, item 17). Without JavaScript the
//! browser's own print menu does the same. And the copy button of a code to keep (the tracker).

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

/// Copies `text` to the clipboard; shown only once the wasm runs, since without it there is
/// nothing to copy with (the code stays on the page to select or write down).
#[component]
pub fn CopyButton(text: String, children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" class="button secondary" data-testid="copy" hidden=move || !ready.get() on:click=copy>
            {children()}
        </button>
    }
}
