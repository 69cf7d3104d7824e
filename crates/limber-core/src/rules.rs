//! Safety rules that read the diary (clinical-notes.md §2, "App stop logic"):
//! aggravating marks from repeated stops, the next-morning check, and the
//! full back curl's progression gate. Pure functions of the records, the
//! user's time zone and "now"/"today".

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::analytics::{date_of_day, day_number};
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, PainEntry, SessionRecord, SessionStatus};

/// Two stops of an exercise this close together (in different sessions)
/// mark it aggravating.
pub const AGGRAVATING_WINDOW_DAYS: i64 = 14;
/// The next-morning advice looks at post-session mornings this recent
/// (today and the 6 days before).
pub const MORNING_ADVICE_DAYS: i32 = 7;
/// "Twice in a row" needs the two post-session mornings this close together.
pub const MORNING_PAIR_DAYS: i32 = 14;
/// The morning baseline averages morning entries from this many days before
/// the session being judged.
pub const MORNING_BASELINE_DAYS: i32 = 28;
/// A morning score counts as above baseline when it exceeds the baseline
/// mean by more than this (so a score equal to a whole-number baseline never
/// does).
pub const MORNING_MARGIN: f64 = 0.5;
/// Clean sessions at a level before the next level is offered.
pub const PROGRESSION_SESSIONS: usize = 5;

/// Exercises stopped (a hold with `Outcome::Stopped`) in two different
/// sessions no more than 14 days apart, both after the exercise's `cleared`
/// instant (if any) and not after `now`. The reason names both dates (in
/// `tz`) and the stop reasons, for the most recent such pair. Sorted by id.
/// The mark stays until the user clears it.
pub fn aggravating(
    sessions: &[SessionRecord],
    cleared: &BTreeMap<ExerciseId, Timestamp>,
    tz: &TimeZone,
    now: Timestamp,
) -> Vec<(ExerciseId, String)> {
    // The first stop of each exercise in each session.
    let mut stops: BTreeMap<&ExerciseId, Vec<(Timestamp, Option<&str>)>> = BTreeMap::new();
    for s in sessions {
        let mut seen: Vec<&ExerciseId> = Vec::new();
        for st in &s.steps {
            if st.outcome != Outcome::Stopped || st.at > now || seen.contains(&&st.exercise) {
                continue;
            }
            if cleared.get(&st.exercise).is_some_and(|c| st.at <= *c) {
                continue;
            }
            seen.push(&st.exercise);
            stops
                .entry(&st.exercise)
                .or_default()
                .push((st.at, st.reason.as_deref()));
        }
    }
    let window = jiff::SignedDuration::from_hours(24 * AGGRAVATING_WINDOW_DAYS);
    let mut out = Vec::new();
    for (ex, mut list) in stops {
        list.sort_by_key(|(t, _)| *t);
        let pair = list
            .windows(2)
            .rev()
            .find(|w| w[1].0.duration_since(w[0].0) <= window);
        if let Some([(t1, r1), (t2, r2)]) = pair {
            let say = |t: &Timestamp, r: &Option<&str>| {
                let d = tz.to_datetime(*t).date();
                match r {
                    Some(r) => format!("{d}: {r}"),
                    None => d.to_string(),
                }
            };
            out.push((
                ex.clone(),
                format!(
                    "stopped twice within {AGGRAVATING_WINDOW_DAYS} days ({}; {}): left out until you turn it back on",
                    say(t1, r1),
                    say(t2, r2)
                ),
            ));
        }
    }
    out
}

/// What the next-morning check advises. JSON: `{"advice": "normal"}`,
/// `{"advice": "lighter", "why": …}` or `{"advice": "pause", "why": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "advice", rename_all = "kebab-case")]
pub enum MorningAdvice {
    Normal,
    /// Plan a lighter session (the planner takes a rep off each exercise).
    Lighter {
        why: String,
    },
    /// Pause the program and suggest a clinician.
    Pause {
        why: String,
    },
}

#[derive(Clone, Copy)]
struct Morning {
    day: i32,
    at: Timestamp,
    /// The worse of back and leg pain.
    pain: Option<f64>,
    stiffness: Option<f64>,
}

fn mornings(entries: &[PainEntry], tz: &TimeZone, today: i32) -> Vec<Morning> {
    let mut out: Vec<Morning> = entries
        .iter()
        .filter(|e| e.morning)
        .map(|e| Morning {
            day: day_number(tz.to_datetime(e.at).date()),
            at: e.at,
            pain: e.back.max(e.leg).map(|p| f64::from(p.get())),
            stiffness: e.stiffness.map(|p| f64::from(p.get())),
        })
        .filter(|m| m.day <= today)
        .collect();
    out.sort_by_key(|m| m.at);
    out
}

/// The next-morning check (clinical-notes.md §2, rule 4).
///
/// Only entries logged as morning checks (`morning: true`) are used. A
/// **post-session morning** is the first morning entry of a day whose
/// previous day had a session. The two latest post-session mornings are
/// judged (the earlier one only if it is within 14 days of the latest, and
/// the latest only if it is from the last 7 days).
///
/// **Baseline**: the mean of the morning entries logged before the start of
/// the session that preceded the *earlier* of the judged mornings (the
/// latest session on the day before it), within the 28 days before that
/// session; pain (the worse of back and leg) and stiffness separately. A
/// morning is **above** baseline when its pain or its stiffness exceeds that
/// baseline mean by more than half a point.
///
/// Latest above → `Lighter`; both above → `Pause` with advice to see a
/// clinician; no baseline or no recent post-session morning → `Normal`.
pub fn morning_check(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
) -> MorningAdvice {
    let t = day_number(today);
    let mut session_starts: Vec<(i32, Timestamp)> = sessions
        .iter()
        .map(|s| {
            (
                day_number(tz.to_datetime(s.started_at).date()),
                s.started_at,
            )
        })
        .filter(|(d, _)| *d <= t)
        .collect();
    session_starts.sort_unstable();
    let last_session_on = |day: i32| {
        let i = session_starts.partition_point(|(d, _)| *d <= day);
        (i > 0 && session_starts[i - 1].0 == day).then(|| session_starts[i - 1].1)
    };
    let all = mornings(entries, tz, t);
    let mut post: Vec<(Morning, Timestamp)> = Vec::new();
    for m in &all {
        if post.last().is_some_and(|(p, _)| p.day == m.day) {
            continue;
        }
        if let Some(start) = last_session_on(m.day - 1) {
            post.push((*m, start));
        }
    }
    let Some(&(last, last_start)) = post.last() else {
        return MorningAdvice::Normal;
    };
    if t - last.day >= MORNING_ADVICE_DAYS {
        return MorningAdvice::Normal;
    }
    let prev = post
        .len()
        .checked_sub(2)
        .map(|i| post[i])
        .filter(|(p, _)| last.day - p.day <= MORNING_PAIR_DAYS);
    let anchor = prev.map_or(last_start, |(_, s)| s);
    let anchor_day = day_number(tz.to_datetime(anchor).date());
    let (mut pain, mut stiff) = ((0.0, 0usize), (0.0, 0usize));
    for m in all
        .iter()
        .filter(|m| m.at < anchor && anchor_day - m.day <= MORNING_BASELINE_DAYS)
    {
        if let Some(p) = m.pain {
            pain.0 += p;
            pain.1 += 1;
        }
        if let Some(s) = m.stiffness {
            stiff.0 += s;
            stiff.1 += 1;
        }
    }
    let mean = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
    let (base_pain, base_stiff) = (mean(pain), mean(stiff));
    let above = |m: &Morning| -> Option<String> {
        let over = |v: Option<f64>, b: Option<f64>| match (v, b) {
            (Some(v), Some(b)) if v > b + MORNING_MARGIN => Some((v, b)),
            _ => None,
        };
        let mut parts = Vec::new();
        if let Some((v, b)) = over(m.pain, base_pain) {
            parts.push(format!("pain {v:.0}/10, usually about {b:.1}"));
        }
        if let Some((v, b)) = over(m.stiffness, base_stiff) {
            parts.push(format!("stiffness {v:.0}/10, usually about {b:.1}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    };
    let date = |d: i32| date_of_day(d).to_string();
    match (prev.and_then(|(p, _)| above(&p)), above(&last)) {
        (Some(_), Some(now)) => MorningAdvice::Pause {
            why: format!(
                "morning pain or stiffness was above your usual after two sessions in a row ({} and {}; latest: {now}). Pause the program and check with a clinician (physio or GP) before carrying on.",
                date(prev.map_or(last.day, |(p, _)| p.day)),
                date(last.day)
            ),
        },
        (_, Some(now)) => MorningAdvice::Lighter {
            why: format!(
                "the morning after your last session was above your usual ({now}, {})",
                date(last.day)
            ),
        },
        _ => MorningAdvice::Normal,
    }
}

/// Should this run ask the next-morning question? True when yesterday (in
/// `tz`) had a session and no morning entry has been logged today.
pub fn needs_morning_question(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
) -> bool {
    let t = day_number(today);
    let day = |ts: Timestamp| day_number(tz.to_datetime(ts).date());
    sessions.iter().any(|s| day(s.started_at) == t - 1)
        && !entries.iter().any(|e| e.morning && day(e.at) == t)
}

/// The full back curl's progression gate: the next level once there have
/// been 5 **clean** sessions with `exercise` since `level_since` (when the
/// current level began). A clean session has status `completed`, at least
/// one `done` hold of the exercise, and no stopped hold at all. Any stop of
/// the exercise since `level_since` holds the level (`None`), as does being
/// at `max_level` already.
pub fn next_level(
    sessions: &[SessionRecord],
    exercise: &ExerciseId,
    current_level: u32,
    max_level: u32,
    level_since: Timestamp,
) -> Option<u32> {
    if current_level >= max_level {
        return None;
    }
    let mut clean = 0usize;
    for s in sessions.iter().filter(|s| s.started_at >= level_since) {
        let mine = |o: Outcome| {
            s.steps
                .iter()
                .any(|st| &st.exercise == exercise && st.outcome == o)
        };
        if mine(Outcome::Stopped) {
            return None;
        }
        let any_stop = s.status == SessionStatus::Stopped
            || s.steps.iter().any(|st| st.outcome == Outcome::Stopped);
        if s.status == SessionStatus::Completed && !any_stop && mine(Outcome::Done) {
            clean += 1;
        }
    }
    (clean >= PROGRESSION_SESSIONS).then_some(current_level + 1)
}
