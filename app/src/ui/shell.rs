//! The HTML document around the app, rendered on the server only. It carries the per-request
//! CSP nonce into the hydration script so the Content-Security-Policy can forbid every other
//! inline script.

use super::App;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

/// The nonce the server's security middleware minted for this response.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

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
                // Deferred: the page is readable and its forms work before the wasm arrives.
                <HydrationScripts options defer=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
