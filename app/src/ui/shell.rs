//! The HTML document around the app, rendered on the server only. It carries the per-request
//! CSP nonce into the hydration script so the Content-Security-Policy can forbid every other
//! inline script. It also decides which pages are sent without the app's wasm (see
//! [`served_without_wasm`]).

use super::App;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

/// The nonce the server's security middleware minted for this response.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The document shell Leptos renders every page into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let request = use_context::<http::request::Parts>();
    if let Some(nonce) = request
        .as_ref()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    let with_wasm = !request.is_some_and(|parts| served_without_wasm(parts.uri.path()));
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
                {with_wasm
                    .then(|| {
                        view! {
                            <AutoReload options=options.clone() />
                            // Deferred: the page is readable and its forms work before the wasm
                            // arrives.
                            <HydrationScripts options defer=true />
                        }
                    })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Pages a voter often opens straight from a link or a QR code on a cheap phone, sent as plain
/// HTML and CSS: the ballot is a plain form that casts without JavaScript, so making the phone
/// download a megabyte of wasm first would only slow the vote down. Reached from another page
/// of the running app, the same route is rendered by the wasm already loaded, with its review
/// step; opened directly, the voter confirms a void section with a box instead.
pub fn served_without_wasm(path: &str) -> bool {
    let mut segments = path.trim_end_matches('/').split('/');
    matches!(
        (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next()
        ),
        (Some(""), Some("elections"), Some(key), Some("ballot"), None) if !key.is_empty()
    )
}

#[cfg(test)]
mod tests {
    use super::served_without_wasm;

    #[test]
    fn the_ballot_page_is_served_without_wasm_and_other_pages_with_it() {
        assert!(served_without_wasm("/elections/abc123/ballot"));
        assert!(served_without_wasm("/elections/abc123/ballot/"));
        for path in [
            "/",
            "/elections",
            "/elections/abc123",
            "/elections//ballot",
            "/elections/abc123/voted",
            "/elections/abc123/ballot/extra",
            "/notices/ballot",
        ] {
            assert!(!served_without_wasm(path), "{path}");
        }
    }
}
