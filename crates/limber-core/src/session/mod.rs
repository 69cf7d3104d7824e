//! The guided-session engine: one state machine that every driver (the
//! full-screen terminal, the plain line output, the web page) runs.
//!
//! The engine never reads a clock. Drivers call [`Session::tick`] with the
//! monotonic time since the session began and [`Session::handle`] with user
//! events; both return [`Output`]s (cues to show or speak, records to store).
//! All deadlines are computed from the session's start, never by adding up
//! intervals, so a long session cannot drift.

mod engine;
pub mod stoprules;
mod types;

#[cfg(test)]
mod tests;

pub use engine::GetReady;
pub use engine::Session;
pub use types::{Choice, Cue, CueKind, Event, HaltView, Output, Phase, Sound, StopReason, View};
