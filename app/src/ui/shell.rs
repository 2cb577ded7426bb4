//! The HTML document around the app, rendered on the server only. It carries the per-request
//! CSP nonce into the island script so the Content-Security-Policy can forbid every other
//! inline script.
//!
//! The island script and its module come last in the body, inside [`ISLANDS_LOADER_ID`]: a
//! page that renders no island (a notice, the results, the ballot) must not make a phone
//! download any JavaScript or wasm, and which pages have islands is only known once the page is
//! rendered. The server drops that element from a page without islands
//! (`gongshang_server::islands`), so no page needs a per-route exception.

use super::App;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

/// The nonce the server's security middleware minted for this response.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The `id` of the element holding the island script; the server removes it from pages
/// without islands.
pub const ISLANDS_LOADER_ID: &str = "islands-loader";

/// The tag Leptos renders each island as.
pub const ISLAND_TAG: &str = "<leptos-island";

/// The document shell Leptos renders every page into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#b22222" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <MetaTags />
            </head>
            <body>
                <App />
                <div id=ISLANDS_LOADER_ID hidden>
                    <HydrationScripts options islands=true />
                </div>
            </body>
        </html>
    }
}
