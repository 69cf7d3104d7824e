//! limber's terminal drivers for a guided session.
//!
//! The session engine (`limber_core::session::Session`) is a pure state
//! machine; this crate runs it against a real clock and a real terminal:
//!
//! - [`run_plain`]: one line per cue (`mm:ss  text`), no escape codes, for
//!   screen readers, logs, pipes and tests (`--plain`, or stdout not a tty).
//!   Lines typed on stdin ([`stdin_lines`]) are commands ([`plain_command`]):
//!   pain ratings and symptom reports, so the stop rules work there too.
//! - [`run_fullscreen`]: the ratatui screen with big side/count, gauges and
//!   key handling. Its rendering is the pure function [`draw`].
//!
//! Both run `limber_app`'s run loop ([`Driver`]): it hands every record
//! (`Output::Step`, `Output::Rating`, `Output::Finished`) to a [`Recorder`]
//! the moment it happens, and every cue to a [`Speaker`]; these drivers only
//! map keys and lines to engine events and views to the screen. Time comes from a [`DriverClock`]: [`SystemClock`], or
//! [`ScaledClock`] for `--speed X`.
#![forbid(unsafe_code)]

mod driver_clock;
mod fullscreen;
mod keys;
mod plain;
mod speaker;
mod ui;

pub use driver_clock::{DriverClock, ScaledClock, SpeedError, SystemClock};
pub use fullscreen::run_fullscreen;
pub use keys::{Action, Mode, PLAIN_COMMANDS, PLAIN_LEGEND, map_key, plain_command};
pub use limber_app::drivable::Engine;
pub use limber_app::driver::{DriveError, Driver, Wait};
pub use limber_app::recorder::{RecordError, Recorder};
pub use limber_core::diary::SessionStatus;
pub use plain::{LineSource, PlainDriver, cue_line, run_plain, run_plain_from, stdin_lines};
pub use speaker::{BellSpeaker, EspeakSpeaker, NullSpeaker, Speaker, voice};
pub use ui::{UiState, draw};
