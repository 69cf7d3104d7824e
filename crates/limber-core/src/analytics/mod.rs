//! Diary analytics behind `limber stats`: the change in the pain rating per
//! exercise and per whole session (and the ranking the planner uses), the weekly pain trend, adherence and
//! centralization. Pure functions over stored records, the user's time zone
//! and "now"; every result is `Serialize` with stable field names, since
//! `limber stats --json` prints them.
//!
//! Cost: each function is one pass over the records plus a sort or a
//! `BTreeMap` keyed by week or exercise, so O(n log n) at most.

pub mod adherence;
pub mod centralization;
pub mod change;
pub mod running;
pub mod stats;
pub mod trend;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

pub use adherence::{Adherence, adherence};
pub use centralization::{Centralization, CentralizationStatus, centralization};
pub use change::{Change, ExerciseChange, Verdict, per_exercise, ranking, whole_session};
pub use stats::{Interval, Summary, summarize};
pub use trend::{Direction, Trend, TrendChange, WeekPain, trend};

use crate::catalog::ExerciseId;
use crate::diary::{PainEntry, SessionRecord};
use crate::safety::{MorningAdvice, aggravating, morning_check};

/// Day 0 of [`day_number`].
const UNIX_EPOCH_DAY: Date = Date::constant(1970, 1, 1);

/// Days since 1970-01-01 of a civil date: the analytics bucket days and
/// weeks by plain integers. jiff does the calendar (an exact, allocation-free
/// duration between two dates).
pub(crate) fn day_number(d: Date) -> i32 {
    // Whole days between two civil dates: never more than 2^31 apart in
    // jiff's range (years -9999..=9999).
    (d.duration_since(UNIX_EPOCH_DAY).as_hours() / 24) as i32
}

/// The civil date of a day number (inverse of [`day_number`]).
pub(crate) fn date_of_day(z: i32) -> Date {
    UNIX_EPOCH_DAY
        .checked_add(jiff::SignedDuration::from_hours(i64::from(z) * 24))
        .unwrap_or(if z < 0 { Date::MIN } else { Date::MAX })
}

/// An exercise marked aggravating. JSON: `exercise`, `reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aggravating {
    pub exercise: ExerciseId,
    pub reason: String,
}

/// Everything `limber stats` shows. JSON: `change` (array of
/// [`ExerciseChange`]), `session_change` (the whole-session [`Change`]),
/// `ranking` (exercise ids, lowest change first, or null), `trend`, `adherence`, `centralization`, `aggravating` (array of
/// `{exercise, reason}`), `morning` (the next-morning advice).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub change: Vec<ExerciseChange>,
    pub session_change: Change,
    pub ranking: Option<Vec<ExerciseId>>,
    pub trend: Trend,
    pub adherence: Adherence,
    pub centralization: Centralization,
    pub aggravating: Vec<Aggravating>,
    pub morning: MorningAdvice,
}

/// What [`stats`] reads.
#[derive(Debug, Clone, Copy)]
pub struct StatsInput<'a> {
    pub sessions: &'a [SessionRecord],
    pub entries: &'a [PainEntry],
    /// Exercises always listed in `change` (e.g. the catalog's), in order.
    pub exercises: &'a [ExerciseId],
    /// `Profile::cleared_aggravating`.
    pub cleared: &'a BTreeMap<ExerciseId, Timestamp>,
    /// `Catalog::same_stretch`: exercises whose stops count together.
    pub same: &'a [(ExerciseId, ExerciseId)],
    pub tz: &'a TimeZone,
    pub now: Timestamp,
}

/// All of `limber stats` in one call.
pub fn stats(input: &StatsInput<'_>) -> Stats {
    let today = input.tz.to_datetime(input.now).date();
    let change = per_exercise(input.sessions, input.exercises);
    let ranking = ranking(&change);
    Stats {
        ranking,
        change,
        session_change: whole_session(input.sessions),
        trend: trend(input.entries, input.sessions, input.tz),
        adherence: adherence(input.sessions, input.tz, today),
        centralization: centralization(input.entries, input.tz, today),
        aggravating: aggravating(
            input.sessions,
            input.cleared,
            input.tz,
            input.now,
            input.same,
        )
        .into_iter()
        .map(|(exercise, reason)| Aggravating { exercise, reason })
        .collect(),
        morning: morning_check(input.sessions, input.entries, input.tz, today),
    }
}
