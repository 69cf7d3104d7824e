//! limber's pure domain.
//!
//! Everything here is deterministic and free of I/O: no clock, disk, network or
//! terminal. Drivers (the terminal, the web page, tests) feed in the current
//! time, stored records and user events, and act on what comes back. That is
//! what lets one guided-session engine and one set of safety rules serve every
//! front end, and lets tests run whole sessions under a fake clock.
#![forbid(unsafe_code)]

pub mod analytics;
pub mod catalog;
pub mod clock;
pub mod diary;
pub mod pain;
pub mod plan;
pub mod problem;
pub mod profile;
pub mod rules;
pub mod run;
pub mod safety;
pub mod session;
pub mod side;
pub mod trial;
pub mod wording;
pub mod worsening;

pub use catalog::{Catalog, ExerciseId};
pub use pain::PainScore;
pub use problem::{Problem, Problems};
pub use side::Side;
