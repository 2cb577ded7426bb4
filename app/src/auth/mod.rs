//! Identity: who is asking. Passkeys (WebAuthn, server side), the session that remembers a
//! signed-in person, and the request-origin rule every state-changing request obeys.

#[cfg(feature = "hydrate")]
pub mod browser;
#[cfg(feature = "ssr")]
pub mod client;
pub mod origin;
#[cfg(feature = "ssr")]
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod session;

/// Asks this device to create a passkey from the server's options; `None` when the person
/// cancelled, the device refused, or there is no browser (server-side rendering).
pub async fn create_on_device(options_json: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::create(options_json).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options_json;
        None
    }
}

/// Asks this device to sign in with one of its passkeys; `None` as for [`create_on_device`].
pub async fn get_on_device(options_json: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::get(options_json).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options_json;
        None
    }
}
