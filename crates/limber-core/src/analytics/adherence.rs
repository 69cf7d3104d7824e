//! Adherence: how regularly the routine is done.
//!
//! - `sessions_per_week`: every stored session up to today, divided by the
//!   weeks from the first session's day to today inclusive (at least one week).
//! - `streak_days`: consecutive days, ending today or yesterday, each with a
//!   completed or partial session (a session ended by a safety stop does not
//!   extend a streak: limber never rewards pushing through).
//! - `done_share`: `done` holds over all hold records (done, skipped, stopped).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::day_number;
use crate::diary::{Outcome, SessionRecord, SessionStatus};

/// JSON: `sessions`, `weeks`, `sessions_per_week`, `streak_days`, `holds`,
/// `holds_done`, `done_share` (0–1, null with no holds).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adherence {
    pub sessions: usize,
    /// Weeks since the first session (days / 7, at least 1); 0 with no sessions.
    pub weeks: f64,
    pub sessions_per_week: Option<f64>,
    pub streak_days: u32,
    pub holds: usize,
    pub holds_done: usize,
    pub done_share: Option<f64>,
}

pub fn adherence(sessions: &[SessionRecord], tz: &TimeZone, today: Date) -> Adherence {
    let today_n = day_number(today);
    let mut first: Option<i32> = None;
    let mut count = 0usize;
    let mut streak_days: Vec<i32> = Vec::new();
    let (mut holds, mut holds_done) = (0usize, 0usize);
    for s in sessions {
        let day = day_number(tz.to_datetime(s.started_at).date());
        if day > today_n {
            continue;
        }
        count += 1;
        first = Some(first.map_or(day, |f| f.min(day)));
        if matches!(s.status, SessionStatus::Completed | SessionStatus::Partial) {
            streak_days.push(day);
        }
        holds += s.steps.len();
        holds_done += s
            .steps
            .iter()
            .filter(|st| st.outcome == Outcome::Done)
            .count();
    }
    streak_days.sort_unstable();
    streak_days.dedup();
    let mut streak = 0u32;
    let mut expect = match streak_days.last() {
        Some(&d) if d == today_n || d == today_n - 1 => d,
        _ => i32::MIN,
    };
    for &d in streak_days.iter().rev() {
        if d != expect {
            break;
        }
        streak += 1;
        expect -= 1;
    }
    let weeks = first.map_or(0.0, |f| (f64::from(today_n - f + 1) / 7.0).max(1.0));
    Adherence {
        sessions: count,
        weeks,
        sessions_per_week: (count > 0).then(|| count as f64 / weeks),
        streak_days: streak,
        holds,
        holds_done,
        done_share: (holds > 0).then(|| holds_done as f64 / holds as f64),
    }
}
