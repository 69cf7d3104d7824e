//! Relief per exercise: how the user's own pain rating changed across each
//! exercise, with a 95% interval, and the ranking the planner orders by.
//!
//! # Attribution (one observation per exercise per session)
//! - **In-session ratings first.** For a rating taken after exercise X
//!   (`after: Some(X)`, the first such rating in the session), the change is
//!   that rating minus the latest rating taken *before X started* (X's first
//!   step record; the `after: None` baseline counts). When a session has no
//!   step records for X, the rating just before the after-rating is used.
//! - **Session ratings as a fallback**, only when the session did exactly one
//!   exercise (a trial session): `pain_after − pain_before`.
//! - An exercise whose steps were all skipped is not attributed. A stopped
//!   exercise is: its ratings are exactly what this is for.
//!
//! Negative changes mean the rating went down. The verdict is `helps` only
//! when the whole 95% interval is below zero, `worse` only when it is whole
//! above zero.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::{Interval, summarize, t975};
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, Rating, SessionRecord};

/// An exercise needs this many rated sessions to be ranked.
pub const RANKING_MIN_N: usize = 3;
/// The ranking exists only once this many exercises have `RANKING_MIN_N`.
pub const RANKING_MIN_EXERCISES: usize = 2;
/// "About N more sessions" is searched up to this many more.
pub const MORE_SESSIONS_CAP: u32 = 50;
/// A mean change smaller than this (in points) counts as about zero: no
/// estimate of the sessions needed is given.
pub const NEAR_ZERO: f64 = 0.1;

/// What the interval says. JSON: `"helps" | "worse" | "unclear" | "no-data"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The whole 95% interval of the change is below zero.
    Helps,
    /// The whole 95% interval of the change is above zero.
    Worse,
    /// Rated, but the interval includes zero (or there is one session).
    Unclear,
    /// Never rated.
    NoData,
}

/// Relief for one exercise. JSON fields: `exercise`, `n`, `mean`, `sd`,
/// `interval` (`{low, high}` or null), `verdict`, `more_sessions`, `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseRelief {
    pub exercise: ExerciseId,
    /// Sessions with an attributable change.
    pub n: usize,
    /// Mean change in points (after − before); negative = rating went down.
    pub mean: Option<f64>,
    /// Sample SD of the change; null when n < 2.
    pub sd: Option<f64>,
    /// 95% t-interval of the mean change; null when n < 2.
    pub interval: Option<Interval>,
    pub verdict: Verdict,
    /// For `unclear` only: about how many more rated sessions would likely
    /// make the interval exclude zero, if the mean and SD stay as they are.
    /// Null when it cannot be estimated (n < 2, mean about zero, or more
    /// than `MORE_SESSIONS_CAP`); `message` says which.
    pub more_sessions: Option<u32>,
    /// One plain-language sentence.
    pub message: String,
}

/// Per-exercise pain changes, in session order.
pub fn changes(sessions: &[SessionRecord]) -> BTreeMap<&ExerciseId, Vec<f64>> {
    let mut out: BTreeMap<&ExerciseId, Vec<f64>> = BTreeMap::new();
    let mut sorted: Vec<&Rating> = Vec::new();
    for s in sessions {
        session_changes(s, &mut sorted, |ex, d| out.entry(ex).or_default().push(d));
    }
    out
}

/// The change attributed to `exercise` in one session, if any (the same
/// rules as [`changes`]).
pub fn session_change(s: &SessionRecord, exercise: &ExerciseId) -> Option<f64> {
    let mut found = None;
    session_changes(s, &mut Vec::new(), |ex, d| {
        if ex == exercise {
            found = Some(d);
        }
    });
    found
}

fn session_changes<'s>(
    s: &'s SessionRecord,
    sorted: &mut Vec<&'s Rating>,
    mut emit: impl FnMut(&'s ExerciseId, f64),
) {
    // Exercises actually done (a done or stopped hold), with their first step time.
    let mut did: Vec<(&ExerciseId, jiff::Timestamp)> = Vec::new();
    for st in &s.steps {
        if st.outcome == Outcome::Skipped {
            continue;
        }
        match did.iter_mut().find(|(e, _)| *e == &st.exercise) {
            Some((_, t)) => *t = (*t).min(st.at),
            None => did.push((&st.exercise, st.at)),
        }
    }
    sorted.clear();
    sorted.extend(s.ratings.iter());
    sorted.sort_by_key(|r| r.at); // stable: equal times keep record order
    let mut emitted = 0usize;
    let mut attributed: Vec<&ExerciseId> = Vec::new();
    for (i, r) in sorted.iter().enumerate() {
        let Some(ex) = &r.after else { continue };
        if attributed.contains(&ex) {
            continue;
        }
        let start = did.iter().find(|(e, _)| *e == ex).map(|(_, t)| *t);
        let before = match start {
            Some(t) => sorted[..i].iter().rev().find(|p| p.at < t),
            // Steps for it exist but were all skipped: not done, not attributed.
            None if s.steps.iter().any(|st| &st.exercise == ex) => continue,
            None => sorted[..i].last(),
        };
        if let Some(b) = before {
            emit(ex, f64::from(r.pain.get()) - f64::from(b.pain.get()));
            attributed.push(ex);
            emitted += 1;
        }
    }
    if emitted == 0
        && let [(ex, _)] = did.as_slice()
        && let (Some(b), Some(a)) = (s.pain_before, s.pain_after)
    {
        emit(ex, f64::from(a.get()) - f64::from(b.get()));
    }
}

/// Relief for every exercise in `exercises` (in that order, `no-data` when
/// never rated), then any other exercise found in the records, by id.
pub fn relief(sessions: &[SessionRecord], exercises: &[ExerciseId]) -> Vec<ExerciseRelief> {
    let mut by_ex = changes(sessions);
    let mut out = Vec::with_capacity(exercises.len() + by_ex.len());
    for ex in exercises {
        let values = by_ex.remove(ex).unwrap_or_default();
        out.push(assess(ex.clone(), &values));
    }
    for (ex, values) in by_ex {
        out.push(assess(ex.clone(), &values));
    }
    out
}

/// Assesses one exercise's changes (after − before, in points).
pub fn assess(exercise: ExerciseId, values: &[f64]) -> ExerciseRelief {
    let s = summarize(values);
    let n = s.n;
    let (verdict, more_sessions, message) = match (s.mean, s.sd, s.interval) {
        (None, ..) => (
            Verdict::NoData,
            None,
            "not rated yet: rate your pain before and after it to find out how it goes for you"
                .to_string(),
        ),
        (Some(m), _, None) => (
            Verdict::Unclear,
            None,
            format!(
                "rated in one session so far ({}): too early to say; a few more sessions are needed to see the spread",
                points(m)
            ),
        ),
        (Some(m), Some(sd), Some(i)) => {
            let range = format!("95% interval {:.1} to {:.1}, {n} sessions", i.low, i.high);
            if i.below_zero() {
                (
                    Verdict::Helps,
                    None,
                    format!(
                        "your pain rating went down after it: {} on average ({range})",
                        points(m)
                    ),
                )
            } else if i.above_zero() {
                (
                    Verdict::Worse,
                    None,
                    format!(
                        "your pain rating went up after it: {} on average ({range})",
                        points(m)
                    ),
                )
            } else if m.abs() < NEAR_ZERO {
                (
                    Verdict::Unclear,
                    None,
                    format!(
                        "the average change is about zero ({range}): more sessions may never separate it from zero, which itself suggests it makes little difference to your rating either way"
                    ),
                )
            } else {
                match sessions_needed(n, m.abs(), sd) {
                    Some(k) => (
                        Verdict::Unclear,
                        Some(k),
                        format!(
                            "unclear so far ({} on average, {range}): about {k} more rated session{} would likely settle it",
                            points(m),
                            if k == 1 { "" } else { "s" }
                        ),
                    ),
                    None => (
                        Verdict::Unclear,
                        None,
                        format!(
                            "unclear ({} on average, {range}): it would take more than {MORE_SESSIONS_CAP} more sessions to tell, so any difference is small next to your day-to-day variation",
                            points(m)
                        ),
                    ),
                }
            }
        }
        (Some(_), None, Some(_)) => unreachable!("summarize gives an SD with every interval"),
    };
    ExerciseRelief {
        exercise,
        n,
        mean: s.mean,
        sd: s.sd,
        interval: s.interval,
        verdict,
        more_sessions,
        message,
    }
}

/// Smallest k ≤ cap such that, with n + k sessions and the same mean and SD,
/// the interval's half-width t(n+k−1)·sd/√(n+k) is below |mean|.
fn sessions_needed(n: usize, abs_mean: f64, sd: f64) -> Option<u32> {
    (1..=MORE_SESSIONS_CAP).find(|&k| {
        let total = n + k as usize;
        t975(total - 1) * sd / (total as f64).sqrt() < abs_mean
    })
}

fn points(m: f64) -> String {
    let p = if m.abs() < 0.05 { 0.0 } else { m };
    format!(
        "{p:+.1} point{}",
        if (p.abs() - 1.0).abs() < 0.05 {
            ""
        } else {
            "s"
        }
    )
}

/// The user's own ranking, most helpful (lowest mean change) first; ties go
/// to the narrower upper bound, then the id. Only exercises with at least
/// `RANKING_MIN_N` (3) rated sessions are ranked, and the ranking exists only
/// once `RANKING_MIN_EXERCISES` (2) qualify: before that, `None` and the
/// planner keeps the program's order. Unranked exercises follow ranked ones.
pub fn ranking(relief: &[ExerciseRelief]) -> Option<Vec<ExerciseId>> {
    let mut ranked: Vec<(&ExerciseRelief, f64)> = relief
        .iter()
        .filter(|r| r.n >= RANKING_MIN_N)
        .filter_map(|r| r.mean.map(|m| (r, m)))
        .collect();
    if ranked.len() < RANKING_MIN_EXERCISES {
        return None;
    }
    ranked.sort_by(|(a, ma), (b, mb)| {
        ma.total_cmp(mb)
            .then_with(|| {
                let hi = |r: &ExerciseRelief| r.interval.map_or(f64::INFINITY, |i| i.high);
                hi(a).total_cmp(&hi(b))
            })
            .then_with(|| a.exercise.cmp(&b.exercise))
    });
    Some(
        ranked
            .into_iter()
            .map(|(r, _)| r.exercise.clone())
            .collect(),
    )
}
