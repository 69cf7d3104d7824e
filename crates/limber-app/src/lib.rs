//! limber's use cases over the [`Store`](limber_store::Store): the steps
//! that read or write several kinds of record at once, written once so the
//! CLI and the web app do exactly the same thing.
#![forbid(unsafe_code)]

pub mod backup;
pub mod gate;
pub mod output;
pub mod personal;
pub mod planning;
pub mod report;
pub mod runs;
pub mod user_state;
