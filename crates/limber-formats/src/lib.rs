//! limber's file formats.
//!
//! Pure adapters between files and limber's domain types: they parse and
//! render bytes and never touch the store, so the CLI, the web app and the
//! fuzz targets can all share them. Import (runs from GPX, TCX and FIT) and
//! export (backup, CSV, FHIR, iCalendar) live in separate modules.
#![forbid(unsafe_code)]

pub mod export;
pub mod import;
