//! The address of the client a request came from, as the server resolved it (peer address, or
//! the address a trusted reverse proxy names: `server::client_address`). Rate limits count per
//! client address.

use std::net::IpAddr;

/// Put into each request's extensions by the server's middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// This request's client address as text; `unknown` when the server did not resolve one.
pub async fn current() -> String {
    leptos_axum::extract::<axum::Extension<ClientAddress>>()
        .await
        .map(|found| found.0.0.to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}
