//! Adherence: how regularly the routine is done, counted against what was
//! planned, not what was reached.
//!
//! - `sessions_per_week`: every stored session up to today, divided by the
//!   weeks from the first session's day to today inclusive (at least one week).
//! - `last_weeks`: sessions in each of the last four 7-day windows ending
//!   today, oldest first. People stretch after runs, not every day, so there
//!   is no daily streak (one that always reads 1 says nothing).
//! - `completed` / `ended_early` / `stopped`: how sessions ended. A session
//!   quit after 1 of 15 holds is `ended_early`, not a finished plan; the
//!   stored records hold only the holds reached, so the share of *planned*
//!   holds is not computed from them. `finished_share` is the share of
//!   sessions that ran to the end of their plan (a safety stop counts as not
//!   finished, and is never a failure: stopping was right).
//! - `holds_done`: done holds over all sessions (a count, not a share).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::day_number;
use crate::diary::{Outcome, SessionRecord, SessionStatus};

/// How many 7-day windows `last_weeks` covers.
pub const RECENT_WEEKS: usize = 4;

/// JSON: `sessions`, `weeks`, `sessions_per_week`, `last_weeks` (4 counts,
/// oldest first), `completed`, `ended_early`, `stopped`, `finished_share`
/// (0–1, null with no sessions), `holds_done`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adherence {
    pub sessions: usize,
    /// Weeks since the first session (days / 7, at least 1); 0 with no sessions.
    pub weeks: f64,
    pub sessions_per_week: Option<f64>,
    /// Sessions in each of the last `RECENT_WEEKS` 7-day windows ending
    /// today, oldest first.
    pub last_weeks: [u32; RECENT_WEEKS],
    /// Ran to the end of the plan (some holds may have been skipped).
    pub completed: usize,
    /// Quit or interrupted before the end.
    pub ended_early: usize,
    /// Ended by a safety stop.
    pub stopped: usize,
    pub finished_share: Option<f64>,
    pub holds_done: usize,
}

pub fn adherence(sessions: &[SessionRecord], tz: &TimeZone, today: Date) -> Adherence {
    let today_n = day_number(today);
    let mut first: Option<i32> = None;
    let mut count = 0usize;
    let mut last_weeks = [0u32; RECENT_WEEKS];
    let (mut completed, mut ended_early, mut stopped) = (0usize, 0usize, 0usize);
    let mut holds_done = 0usize;
    for s in sessions {
        let day = day_number(tz.to_datetime(s.started_at).date());
        if day > today_n {
            continue;
        }
        count += 1;
        first = Some(first.map_or(day, |f| f.min(day)));
        let ago = usize::try_from((today_n - day) / 7).unwrap_or(usize::MAX);
        if ago < RECENT_WEEKS {
            last_weeks[RECENT_WEEKS - 1 - ago] += 1;
        }
        match s.status {
            SessionStatus::Completed => completed += 1,
            SessionStatus::Partial => ended_early += 1,
            SessionStatus::Stopped => stopped += 1,
        }
        holds_done += s
            .steps
            .iter()
            .filter(|st| st.outcome == Outcome::Done)
            .count();
    }
    let weeks = first.map_or(0.0, |f| (f64::from(today_n - f + 1) / 7.0).max(1.0));
    Adherence {
        sessions: count,
        weeks,
        sessions_per_week: (count > 0).then(|| count as f64 / weeks),
        last_weeks,
        completed,
        ended_early,
        stopped,
        finished_share: (count > 0).then(|| completed as f64 / count as f64),
        holds_done,
    }
}
