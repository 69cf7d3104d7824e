//! How the user's own pain rating changed: across each exercise, and across
//! whole sessions, each with a 95% interval and n; and the ranking the
//! planner orders by. These are observations of the user's ratings, not
//! effects: the words say "lower after", never "helps".
//!
//! # Attribution to an exercise (one observation per exercise per session)
//! A change counts toward exercise X only when both of its ratings were
//! given *around X*:
//! - **before**: the latest rating taken before X's first hold began (not
//!   tagged as taken during X), with no other exercise's hold in between;
//! - **after**: the latest rating taken after X's last hold began (tagged
//!   with X, later than X's second-to-last hold), before another exercise's
//!   hold.
//!
//! So a rating at the start and one at the end of a multi-exercise session
//! is credited to no exercise: it is a whole-session change (see
//! [`whole_session`]). A rating 2 s into the first of several holds is
//! neither X's "before" nor its "after". Hold records carry the time a hold
//! ended (or was stopped); the engine tags each rating with the exercise it
//! was taken during or after (`Rating::after`), which together place it.
//!
//! - A session with no hold records for X (ratings only) uses the rating
//!   just before X's after-rating.
//! - A session that did exactly one exercise (a trial session) falls back to
//!   `pain_after − pain_before` when its own ratings gave nothing.
//! - An exercise whose holds were all skipped is not attributed; a stopped
//!   one is: its ratings are exactly what this is for.
//!
//! Negative changes mean the rating went down. The verdict is `lower-after`
//! only when the whole 95% interval is below zero, `higher-after` only when
//! it is wholly above zero; with no spread at all the interval cannot be
//! estimated and the verdict stays `unclear`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use super::stats::{Interval, summarize, t975};
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, Rating, SessionRecord};
use crate::pain::PainScore;

/// An exercise needs this many rated sessions to be ranked.
pub const RANKING_MIN_N: usize = 3;
/// The ranking exists only once this many exercises have `RANKING_MIN_N`.
pub const RANKING_MIN_EXERCISES: usize = 2;
/// "About N more sessions" is searched up to this many more.
pub const MORE_SESSIONS_CAP: u32 = 50;
/// A mean change smaller than this (in points) counts as about zero: no
/// estimate of the sessions needed is given.
pub const NEAR_ZERO: f64 = 0.1;

/// What the ratings show. JSON: `"lower-after" | "higher-after" | "unclear" | "no-data"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The whole 95% interval of the change is below zero.
    LowerAfter,
    /// The whole 95% interval of the change is above zero.
    HigherAfter,
    /// Rated, but the interval includes zero, or cannot be estimated yet.
    Unclear,
    /// Never rated.
    NoData,
}

/// A summary of changes (after − before, in points). JSON fields: `n`,
/// `mean`, `sd`, `interval` (`{low, high}` or null), `verdict`,
/// `more_sessions`, `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Sessions with a change.
    pub n: usize,
    /// Mean change in points (after − before); negative = rating went down.
    pub mean: Option<f64>,
    /// Sample SD of the change; null when n < 2.
    pub sd: Option<f64>,
    /// 95% t-interval of the mean change; null when n < 2 or when every
    /// change was the same (the spread cannot be estimated yet).
    pub interval: Option<Interval>,
    pub verdict: Verdict,
    /// For `unclear` with a spread: about how many more rated sessions
    /// would likely make the interval exclude zero, if the mean and SD stay
    /// as they are. Null when it cannot be estimated (n < 2, no spread,
    /// mean about zero, or more than `MORE_SESSIONS_CAP`); `message` says
    /// which.
    pub more_sessions: Option<u32>,
    /// One plain-language sentence.
    pub message: String,
}

/// The change across one exercise. JSON: `exercise`, `needs_sessions`, and
/// the fields of [`Change`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseChange {
    pub exercise: ExerciseId,
    /// More sessions rated before and after this exercise that it needs
    /// before it has a figure that can rank it (`RANKING_MIN_N` in all);
    /// 0 once it has them.
    pub needs_sessions: u32,
    #[serde(flatten)]
    pub change: Change,
}

/// What a [`Change`] is about, for its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Exercise,
    Session,
}

impl Subject {
    fn after(self) -> &'static str {
        match self {
            Subject::Exercise => "after it",
            Subject::Session => "over a session",
        }
    }
}

/// Where one exercise's non-skipped holds lie in a session: the end times
/// of its first, second-to-last and last hold.
struct Span<'s> {
    exercise: &'s ExerciseId,
    first: Timestamp,
    penultimate: Option<Timestamp>,
    last: Timestamp,
}

fn spans(s: &SessionRecord) -> Vec<Span<'_>> {
    let mut by: Vec<(&ExerciseId, Vec<Timestamp>)> = Vec::new();
    for st in s.steps.iter().filter(|st| st.outcome != Outcome::Skipped) {
        match by.iter_mut().find(|(e, _)| *e == &st.exercise) {
            Some((_, t)) => t.push(st.at),
            None => by.push((&st.exercise, vec![st.at])),
        }
    }
    by.into_iter()
        .map(|(exercise, mut t)| {
            t.sort_unstable();
            Span {
                exercise,
                first: t[0],
                penultimate: (t.len() >= 2).then(|| t[t.len() - 2]),
                last: t[t.len() - 1],
            }
        })
        .collect()
}

/// Per-exercise pain changes, in session order.
pub fn changes(sessions: &[SessionRecord]) -> BTreeMap<&ExerciseId, Vec<f64>> {
    let mut out: BTreeMap<&ExerciseId, Vec<f64>> = BTreeMap::new();
    for s in sessions {
        session_changes(s, |ex, d| out.entry(ex).or_default().push(d));
    }
    out
}

/// The change attributed to `exercise` in one session, if any (the same
/// rules as [`changes`]).
pub fn session_change(s: &SessionRecord, exercise: &ExerciseId) -> Option<f64> {
    let mut found = None;
    session_changes(s, |ex, d| {
        if ex == exercise {
            found = Some(d);
        }
    });
    found
}

fn diff(before: &Rating, after: &Rating) -> f64 {
    f64::from(after.pain.get()) - f64::from(before.pain.get())
}

/// The rating taken around `span`'s exercise after its last hold began, if any.
fn after_rating<'s>(
    span: &Span<'_>,
    s: &'s SessionRecord,
    sorted: &[&'s Rating],
) -> Option<&'s Rating> {
    let ex = span.exercise;
    // Another exercise's hold ended after this one's last: its ratings are
    // no longer "right after" this exercise.
    let other_after = |t: Timestamp| {
        s.steps.iter().any(|st| {
            st.outcome != Outcome::Skipped && &st.exercise != ex && st.at > span.last && st.at < t
        })
    };
    sorted
        .iter()
        .rev()
        .find(|r| {
            r.after.as_ref() == Some(ex)
                && span.penultimate.is_none_or(|p| r.at > p)
                && !other_after(r.at)
        })
        .copied()
}

/// The rating taken just before `span`'s exercise began, if any.
fn before_rating<'s>(
    span: &Span<'_>,
    s: &'s SessionRecord,
    sorted: &[&'s Rating],
) -> Option<&'s Rating> {
    let ex = span.exercise;
    let r = sorted
        .iter()
        .rev()
        .find(|r| r.at < span.first && r.after.as_ref() != Some(ex))?;
    // No other exercise's hold may lie between it and this exercise.
    let between = s.steps.iter().any(|st| {
        st.outcome != Outcome::Skipped && &st.exercise != ex && st.at > r.at && st.at < span.first
    });
    (!between).then_some(*r)
}

fn sorted_ratings(s: &SessionRecord) -> Vec<&Rating> {
    let mut sorted: Vec<&Rating> = s.ratings.iter().collect();
    sorted.sort_by_key(|r| r.at); // stable: equal times keep record order
    sorted
}

fn session_changes<'s>(s: &'s SessionRecord, mut emit: impl FnMut(&'s ExerciseId, f64)) {
    let spans = spans(s);
    let sorted = sorted_ratings(s);
    let mut emitted = 0usize;
    for span in &spans {
        if let (Some(b), Some(a)) = (
            before_rating(span, s, &sorted),
            after_rating(span, s, &sorted),
        ) {
            emit(span.exercise, diff(b, a));
            emitted += 1;
        }
    }
    // Ratings-only records (no holds stored for the exercise at all).
    let mut seen: Vec<&ExerciseId> = Vec::new();
    for (i, r) in sorted.iter().enumerate() {
        let Some(ex) = &r.after else { continue };
        if seen.contains(&ex) || s.steps.iter().any(|st| &st.exercise == ex) {
            continue;
        }
        if let Some(b) = i.checked_sub(1).map(|j| sorted[j])
            && b.after.as_ref() != Some(ex)
        {
            emit(ex, diff(b, r));
            seen.push(ex);
            emitted += 1;
        }
    }
    if emitted == 0
        && let [span] = spans.as_slice()
        && let (Some(b), Some(a)) = (s.pain_before, s.pain_after)
    {
        emit(span.exercise, f64::from(a.get()) - f64::from(b.get()));
    }
}

/// A session's opening and closing pain ratings, with when they were given:
/// the opening is `pain_before` (else the first rating before any hold), the
/// closing `pain_after` (else the rating after the last exercise's last hold
/// began). Either may be missing.
pub fn session_ends(s: &SessionRecord) -> [Option<(Timestamp, PainScore)>; 2] {
    let spans = spans(s);
    let sorted = sorted_ratings(s);
    let first = spans.iter().map(|sp| sp.first).min();
    let start = s.pain_before.map(|p| (s.started_at, p)).or_else(|| {
        sorted
            .iter()
            .find(|r| r.after.is_none() && first.is_none_or(|f| r.at < f))
            .map(|r| (r.at, r.pain))
    });
    let end_at = s.ended_at.unwrap_or(s.started_at);
    let end = s.pain_after.map(|p| (end_at, p)).or_else(|| {
        let last = spans.iter().max_by_key(|sp| sp.last)?;
        after_rating(last, s, &sorted).map(|r| (r.at, r.pain))
    });
    [start, end]
}

/// A session's start-to-end ratings, if it did at least one hold and has
/// both ends (see [`session_ends`]).
pub fn session_start_to_end(s: &SessionRecord) -> Option<(u8, u8)> {
    if !s.steps.iter().any(|st| st.outcome != Outcome::Skipped) {
        return None;
    }
    match session_ends(s) {
        [Some((_, b)), Some((_, a))] => Some((b.get(), a.get())),
        _ => None,
    }
}

/// Whole-session changes (end − start), in session order.
pub fn session_changes_all(sessions: &[SessionRecord]) -> Vec<f64> {
    sessions
        .iter()
        .filter_map(session_start_to_end)
        .map(|(b, a)| f64::from(a) - f64::from(b))
        .collect()
}

/// The mean whole-session change with its 95% interval and n.
pub fn whole_session(sessions: &[SessionRecord]) -> Change {
    assess_change(Subject::Session, &session_changes_all(sessions))
}

/// Per-exercise changes for every exercise in `exercises` (in that order,
/// `no-data` when never rated), then any other exercise found in the
/// records, by id.
pub fn per_exercise(sessions: &[SessionRecord], exercises: &[ExerciseId]) -> Vec<ExerciseChange> {
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
pub fn assess(exercise: ExerciseId, values: &[f64]) -> ExerciseChange {
    let change = assess_change(Subject::Exercise, values);
    ExerciseChange {
        exercise,
        needs_sessions: u32::try_from(RANKING_MIN_N.saturating_sub(change.n)).unwrap_or(0),
        change,
    }
}

fn sessions_word(n: usize) -> String {
    format!("{n} session{}", if n == 1 { "" } else { "s" })
}

fn assess_change(subject: Subject, values: &[f64]) -> Change {
    let s = summarize(values);
    let n = s.n;
    let after = subject.after();
    let (verdict, more_sessions, message) = match (s.mean, s.sd, s.interval) {
        (None, ..) => (
            Verdict::NoData,
            None,
            match subject {
                Subject::Exercise => format!(
                    "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; {RANKING_MIN_N} sessions rated like that give a first figure"
                ),
                Subject::Session => "no sessions rated at both ends yet: rate your pain before the first stretch and again at the end".to_string(),
            },
        ),
        (Some(m), _, None) if n == 1 => (
            Verdict::Unclear,
            None,
            format!(
                "rated in one session so far ({}): too early to say; a few more sessions are needed to see the spread",
                points(m)
            ),
        ),
        (Some(m), _, None) => (
            Verdict::Unclear,
            None,
            format!(
                "the same change every time so far ({} in each of {}): the interval cannot be estimated until the ratings vary, so this is not yet a firm figure",
                points(m),
                sessions_word(n)
            ),
        ),
        (Some(m), Some(sd), Some(i)) => {
            let range = format!(
                "95% interval {:+.1} to {:+.1}, {}",
                i.low,
                i.high,
                sessions_word(n)
            );
            if i.below_zero() {
                (
                    Verdict::LowerAfter,
                    None,
                    format!(
                        "your pain rating was lower {after}: {} on average ({range})",
                        points(m)
                    ),
                )
            } else if i.above_zero() {
                (
                    Verdict::HigherAfter,
                    None,
                    format!(
                        "your pain rating was higher {after}: {} on average ({range})",
                        points(m)
                    ),
                )
            } else if m.abs() < NEAR_ZERO {
                (
                    Verdict::Unclear,
                    None,
                    format!(
                        "the average change is about zero ({range}): more sessions may never separate it from zero, which itself suggests little difference in your rating either way"
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
    Change {
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

/// "+1.0 point", "-2.5 points".
pub fn points(m: f64) -> String {
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

/// The user's own ranking, lowest mean change first; ties go to the
/// narrower upper bound, then the id. Only exercises with at least
/// `RANKING_MIN_N` (3) rated sessions are ranked, and the ranking exists only
/// once `RANKING_MIN_EXERCISES` (2) qualify: before that, `None` and the
/// planner keeps the program's order. Unranked exercises follow ranked ones.
pub fn ranking(changes: &[ExerciseChange]) -> Option<Vec<ExerciseId>> {
    let mut ranked: Vec<(&ExerciseChange, f64)> = changes
        .iter()
        .filter(|r| r.change.n >= RANKING_MIN_N)
        .filter_map(|r| r.change.mean.map(|m| (r, m)))
        .collect();
    if ranked.len() < RANKING_MIN_EXERCISES {
        return None;
    }
    ranked.sort_by(|(a, ma), (b, mb)| {
        ma.total_cmp(mb)
            .then_with(|| {
                let hi = |r: &ExerciseChange| r.change.interval.map_or(f64::INFINITY, |i| i.high);
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
