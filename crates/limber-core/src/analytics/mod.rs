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

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's
/// `days_from_civil`): cheap day arithmetic without allocating.
pub(crate) fn day_number(d: Date) -> i32 {
    let (y, m, d) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`day_number`]).
pub(crate) fn date_of_day(z: i32) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    // In range for any date jiff can represent; clamp defensively.
    Date::new(i16::try_from(y).unwrap_or(i16::MAX), m as i8, d as i8).unwrap_or(Date::MAX)
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
