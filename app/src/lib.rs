//! Gongshang (共商): the Leptos crate. It is compiled twice: with `ssr` into the server binary
//! (rendering, server functions, storage) and with `hydrate` into the browser's wasm bundle.
//!
//! Layers, as DESIGN.md draws them: `domain` decides, `api` checks who may, `store` persists,
//! `ui` shows. `auth` owns identity; `error` is the one error type every layer answers with.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod auth;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

pub use error::AppError;

/// Browser entry point: attaches the event handlers to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
}
