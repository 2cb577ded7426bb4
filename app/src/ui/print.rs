//! What printed pages share: signature lines, and buttons that hand something to the device,
//! each a small island: the print button of the printable pages (notice posters, invitation
//! sheets, result protocols) and the copy button of a code to keep (the tracker). A handler in the wasm, never an inline `onclick`: the page's
//! CSP forbids inline script, and the protocol's button did nothing (issue 16, item 17).
//! Without JavaScript neither shows (they are `hidden` until the island runs): the browser's
//! own print menu and selecting the code do the same.

use leptos::prelude::*;

/// Lines to sign on a printed record (a result protocol, an evaluation's results): one per
/// signer, each `role：` and a line.
#[component]
pub fn SignatureLines(roles: Vec<&'static str>) -> impl IntoView {
    view! {
        <div class="signatures">
            {roles
                .into_iter()
                .map(|role| view! { <p class="signature">{role} "：" <span class="line"></span></p> })
                .collect_view()}
        </div>
    }
}

/// Opens the browser's print dialogue.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <button type="button" class="button" data-testid="print" hidden=move || !ready.get() on:click=print>
            {label}
        </button>
    }
}

/// Copies `text` to the clipboard.
#[island]
pub fn CopyButton(text: String, label: String) -> impl IntoView {
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
            {label}
        </button>
    }
}
