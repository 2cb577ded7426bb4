//! The server's integration tests, one binary (issue 18, item 6): each module links the app,
//! SurrealDB and Leptos once instead of eleven times. Most tests run the real router on a
//! random port against an in-memory database (`common::TestApp`); `cli`, `crash`, `restart`,
//! `leftovers` and `remote` run the built binary (and `remote` a SurrealDB server) as
//! processes. Run one module with `cargo test -p gongshang --test api -- notices::`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

mod bad_input;
mod cli;
mod crash;
mod elections;
mod evaluations;
mod http;
mod leftovers;
mod notices;
mod race;
mod remote;
mod restart;
mod roles;
mod trust;
