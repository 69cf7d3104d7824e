//! n-of-1 trials: is exercise A or exercise B better for *this* person?

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;

/// A randomized, balanced comparison of two exercises, one per session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trial {
    pub a: ExerciseId,
    pub b: ExerciseId,
    pub weeks: u32,
    /// Seed of the schedule's randomization, so it can be reproduced.
    pub seed: u64,
    pub started: Date,
}
