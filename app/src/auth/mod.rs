//! Identity: who is asking. Passkeys (WebAuthn, server side), the session that remembers a
//! signed-in person, and the request-origin rule every state-changing request obeys.

#[cfg(feature = "hydrate")]
pub mod browser;
pub mod origin;
#[cfg(feature = "ssr")]
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod session;
