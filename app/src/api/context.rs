//! What every server function and page render may reach on the server: the store and the
//! deployment's public origin. Provided once per request by the server crate.

use crate::store::Store;

/// Per-deployment state handed to server functions through Leptos context.
#[derive(Clone)]
pub struct ServerContext {
    pub store: Store,
    pub passkeys: crate::auth::passkeys::Passkeys,
    /// Scheme, host and port residents reach the site at, e.g. `http://localhost:3000`.
    pub public_origin: String,
    /// Whether cookies carry `Secure` (everywhere but plain-http localhost).
    pub secure_cookies: bool,
}

impl ServerContext {
    /// The context of the current request.
    pub fn current() -> Result<Self, crate::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("ServerContext was not provided");
            crate::AppError::Internal
        })
    }
}
