//! limber's use cases over the [`Store`](limber_store::Store): the steps
//! that read or write several kinds of record at once, written once so the
//! CLI and the web app do exactly the same thing; and the run loop of a
//! guided session ([`driver::Driver`]), which every driver shares.
#![forbid(unsafe_code)]

pub mod after_session;
pub mod backup;
pub mod drivable;
pub mod driver;
pub mod exercises;
pub mod gate;
pub mod history;
pub mod insights;
pub mod live_diary;
pub mod morning;
pub mod output;
pub mod pain_log;
pub mod personal;
pub mod planning;
pub mod program;
pub mod progression;
pub mod recorder;
pub mod replay;
pub mod report;
pub mod runs;
pub mod screen;
#[cfg(any(test, feature = "scripted"))]
pub mod scripted;
pub mod session_log;
pub mod session_record;
pub mod session_script;
pub mod settings;
pub mod speaker;
pub mod system_clock;
pub mod user_state;
