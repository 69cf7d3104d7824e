//! Test days for the diary rules.

use jiff::{SignedDuration, Timestamp};

use crate::analytics::testkit::ts;

/// Day 0 = Monday 2026-11-02, 18:00 UTC.
pub fn day(n: i64) -> Timestamp {
    ts("2026-11-02T18:00:00Z") + SignedDuration::from_hours(24 * n)
}

/// 07:00 UTC on day n.
pub fn dawn(n: i64) -> Timestamp {
    day(n) - SignedDuration::from_hours(11)
}
