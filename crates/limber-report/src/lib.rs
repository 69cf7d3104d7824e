//! limber's report: one self-contained HTML file a clinician can read.
//!
//! The report renders data it is given (the core's analytics, gathered by
//! `limber_app::report::gather`) and does no I/O, so the CLI can write it to
//! a file and the web app can serve the same page. Everything is inline:
//! styles, hand-written SVG charts, no fonts or scripts from anywhere else.
//! Each chart has a title, a caption and the table of the numbers it draws,
//! for screen readers and for print.
#![forbid(unsafe_code)]

mod html;
mod model;
mod svg;

pub use html::render;
pub use model::{
    CalendarDay, MAX_STOPS, PainPoint, RegionWeek, ReportData, Stop, TrialResult, WINDOW_DAYS,
};
