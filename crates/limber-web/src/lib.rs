//! limber's local web app: the JSON API under `/api/v1` (see `API.md`), the
//! pages and the offline assets, every handler thin over `limber-app`.
//!
//! The browser cannot run the Rust engine, so a guided session in the page
//! runs from a session script (`limber_app::session_script`) and comes back
//! as an event log that the server replays through the core engine
//! (`limber_app::replay`): the engine stays the one judge of what is stored.
#![forbid(unsafe_code)]

pub mod api;
mod cache;
pub mod extract;
pub mod pages;
pub mod problem;
pub mod security;
mod server;
pub mod state;

pub use server::{Options, app, openapi, qr_text, router, serve};
