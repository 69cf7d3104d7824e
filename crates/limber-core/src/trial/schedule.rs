//! The trial's schedule: pairs of two-day blocks in a drawn order, and
//! which exercise each day belongs to.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::analytics::{date_of_day, day_number};
use crate::catalog::ExerciseId;

/// Days in one block.
pub const BLOCK_DAYS: u32 = 2;
/// Days in one pair of blocks.
pub const PAIR_DAYS: u32 = 2 * BLOCK_DAYS;
pub const MIN_WEEKS: u32 = 2;
pub const MAX_WEEKS: u32 = 12;

/// One side of the comparison. JSON: `"a"` or `"b"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arm {
    A,
    B,
}

impl Arm {
    pub fn other(self) -> Self {
        match self {
            Arm::A => Arm::B,
            Arm::B => Arm::A,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Arm::A => "A",
            Arm::B => "B",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrialError {
    #[error(
        "a trial compares two different exercises; cannot compare an exercise with itself ({0})"
    )]
    SameExercise(ExerciseId),
    #[error("a trial lasts from {MIN_WEEKS} to {MAX_WEEKS} weeks, not {0}")]
    Weeks(u32),
}

/// A randomized, balanced comparison of two exercises, one per session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trial {
    pub a: ExerciseId,
    pub b: ExerciseId,
    pub weeks: u32,
    /// Seed of the schedule's randomization, so it can be reproduced.
    pub seed: u64,
    pub started: Date,
    /// The arm of each pair's first block, as drawn from `seed` when planned.
    /// Empty (e.g. in older records) → drawn again from `seed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<Arm>,
}

/// One block of the schedule. JSON: `pair` (1-based), `arm`, `exercise`,
/// `first`, `last` (dates, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub pair: u32,
    pub arm: Arm,
    pub exercise: ExerciseId,
    pub first: Date,
    pub last: Date,
}

/// One day of the schedule. JSON: `date`, `arm`, `pair` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrialDay {
    pub date: Date,
    pub arm: Arm,
    pub pair: u32,
}

fn draw(seed: u64, pairs: u32) -> Vec<Arm> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..pairs)
        .map(|_| if rng.bool() { Arm::A } else { Arm::B })
        .collect()
}

impl Trial {
    /// Plans a trial of `a` against `b` for `weeks` weeks from `started`.
    pub fn plan(
        a: ExerciseId,
        b: ExerciseId,
        weeks: u32,
        seed: u64,
        started: Date,
    ) -> Result<Trial, TrialError> {
        if a == b {
            return Err(TrialError::SameExercise(a));
        }
        if !(MIN_WEEKS..=MAX_WEEKS).contains(&weeks) {
            return Err(TrialError::Weeks(weeks));
        }
        let order = draw(seed, weeks * 7 / PAIR_DAYS);
        Ok(Trial {
            a,
            b,
            weeks,
            seed,
            started,
            order,
        })
    }

    /// Pairs of blocks: ⌊7·weeks / 4⌋.
    pub fn pairs(&self) -> u32 {
        self.weeks.clamp(MIN_WEEKS, MAX_WEEKS) * 7 / PAIR_DAYS
    }

    /// Trial days: 4 per pair.
    pub fn days(&self) -> u32 {
        self.pairs() * PAIR_DAYS
    }

    /// The last trial day.
    pub fn last_day(&self) -> Date {
        date_of_day(day_number(self.started) + self.days() as i32 - 1)
    }

    pub(super) fn first_arms(&self) -> std::borrow::Cow<'_, [Arm]> {
        if self.order.len() == self.pairs() as usize {
            std::borrow::Cow::Borrowed(&self.order)
        } else {
            std::borrow::Cow::Owned(draw(self.seed, self.pairs()))
        }
    }

    pub fn exercise(&self, arm: Arm) -> &ExerciseId {
        match arm {
            Arm::A => &self.a,
            Arm::B => &self.b,
        }
    }

    /// The arm of a day offset from the start, if it is a trial day.
    pub(super) fn arm_at(&self, offset: i32, order: &[Arm]) -> Option<(u32, Arm)> {
        let offset = u32::try_from(offset).ok().filter(|o| *o < self.days())?;
        let pair = offset / PAIR_DAYS;
        let first = *order.get(pair as usize)?;
        let arm = if offset % PAIR_DAYS < BLOCK_DAYS {
            first
        } else {
            first.other()
        };
        Some((pair, arm))
    }

    /// Which arm `date` belongs to; `None` outside the trial.
    pub fn assignment(&self, date: Date) -> Option<Arm> {
        let offset = day_number(date) - day_number(self.started);
        self.arm_at(offset, &self.first_arms()).map(|(_, arm)| arm)
    }

    /// The exercise the planner leaves out on `date`, with the reason to
    /// show (for `Personal::excluded`); `None` outside the trial.
    pub fn excluded_on(&self, date: Date) -> Option<(ExerciseId, String)> {
        let arm = self.assignment(date)?;
        let (on, off) = (self.exercise(arm), self.exercise(arm.other()));
        Some((
            off.clone(),
            format!(
                "your trial: today is a {on} day ({}), so {off} waits for its own days",
                arm.letter()
            ),
        ))
    }

    /// Every trial day in order.
    pub fn schedule(&self) -> Vec<TrialDay> {
        let order = self.first_arms();
        let start = day_number(self.started);
        (0..self.days() as i32)
            .filter_map(|o| {
                self.arm_at(o, &order).map(|(pair, arm)| TrialDay {
                    date: date_of_day(start + o),
                    arm,
                    pair: pair + 1,
                })
            })
            .collect()
    }

    /// Every block in order.
    pub fn blocks(&self) -> Vec<Block> {
        let start = day_number(self.started);
        self.first_arms()
            .iter()
            .enumerate()
            .flat_map(|(p, &first)| {
                [first, first.other()]
                    .into_iter()
                    .enumerate()
                    .map(move |(k, arm)| {
                        let from = start + (p as u32 * PAIR_DAYS + k as u32 * BLOCK_DAYS) as i32;
                        Block {
                            pair: p as u32 + 1,
                            arm,
                            exercise: self.exercise(arm).clone(),
                            first: date_of_day(from),
                            last: date_of_day(from + BLOCK_DAYS as i32 - 1),
                        }
                    })
            })
            .collect()
    }
}
