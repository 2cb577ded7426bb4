//! Server functions, one module per pillar. Each one runs session → policy → domain → store:
//! it checks who may, asks `domain` what the rules say, and has `store` persist the outcome.
//! Every input is validated here before anything is written; errors are [`crate::AppError`].

pub mod audit;
#[cfg(feature = "ssr")]
pub mod context;
pub mod elections;
pub mod evaluations;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod identity;
pub mod invitations;
pub mod notices;
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod qr;
pub mod registry;
pub mod rules;
