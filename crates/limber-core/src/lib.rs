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
pub mod id;
pub mod pain;
pub mod plan;
pub mod problem;
pub mod profile;
pub mod run;
pub mod safety;
pub mod session;
pub mod side;
pub mod trial;
pub mod wording;

pub use catalog::{Catalog, ExerciseId};
pub use pain::PainScore;
pub use problem::{Problem, Problems};
pub use side::Side;

/// The diary rules by their earlier path (`rules::morning_check`), so the
/// drivers did not have to change with the `safety` module.
pub mod rules {
    pub use crate::safety::{
        AGGRAVATING_WINDOW_DAYS, MORNING_ADVICE_DAYS, MORNING_BASELINE_DAYS, MORNING_MARGIN,
        MORNING_PAIR_DAYS, MorningAdvice, PROGRESSION_SESSIONS, aggravating, aggravating_marks,
        expand_marks, mark_stands, morning_check, morning_pause, morning_pause_finding,
        needs_morning_question, next_level,
    };
}
pub use safety::worsening;
