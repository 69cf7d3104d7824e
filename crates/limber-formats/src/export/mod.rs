//! What limber writes out: the JSON backup (which it can also read back),
//! and the formats other programs read.

pub mod backup;
pub mod csv;
pub mod fhir;
pub mod ics;
