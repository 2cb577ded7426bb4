//! Identity: who is asking. Passkeys and database-backed sessions arrive with the Identity
//! issue; what lives here now is the request-origin rule every state-changing request obeys.

pub mod origin;
