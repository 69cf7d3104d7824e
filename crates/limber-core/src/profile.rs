//! Per-user settings and state that outlive a session.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;
use crate::trial::Trial;

/// What limber keeps about a user between runs, besides their records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// IANA time zone that decides diary days; the system zone when unset.
    pub timezone: Option<String>,
    /// Counts per second; the default pace when unset.
    pub pace: Option<f64>,
    /// Opt-in exercises the user has enabled, with their progression level.
    pub enabled: BTreeMap<ExerciseId, u32>,
    /// When each enabled exercise reached its current level: only sessions
    /// since then count towards the next.
    pub level_since: BTreeMap<ExerciseId, Timestamp>,
    /// Aggravating marks the user cleared, and when: stops before this
    /// instant no longer count towards marking the exercise aggravating.
    pub cleared_aggravating: BTreeMap<ExerciseId, Timestamp>,
    /// Set when the user reports new symptoms that need the screen again.
    pub rescreen_requested: Option<Timestamp>,
    /// When red-flag symptoms were reported during a session: sessions are
    /// locked, as after an emergency answer, until the screen is answered again.
    pub red_flag_reported: Option<Timestamp>,
    /// The day the next-morning question was last asked, so it is asked once.
    pub morning_asked: Option<jiff::civil::Date>,
    /// When the user acknowledged a next-morning pause and chose to go on.
    pub morning_pause_acknowledged: Option<Timestamp>,
    /// When the user acknowledged a worsening diary's pause and chose to go on.
    pub diary_pause_acknowledged: Option<Timestamp>,
    /// When the first-run notice (disclaimer) was shown.
    pub disclaimer_shown: Option<Timestamp>,
    /// The running n-of-1 trial, if any.
    pub trial: Option<Trial>,
    /// Trials ended with `limber trial stop`, oldest first, so their
    /// results can still be read.
    pub past_trials: Vec<Trial>,
}
