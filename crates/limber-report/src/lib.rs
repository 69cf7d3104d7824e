//! limber's report: one self-contained HTML file a clinician can read.
//!
//! The report renders data it is given (the core's analytics, gathered by the
//! caller) and does no I/O, so the CLI can write it to a file and the web app
//! can serve the same page.
#![forbid(unsafe_code)]
