//! Trend: weekly mean pain from the diary, and whether the change since the
//! start is clinically important (2 points or 30%, clinical-notes.md §3).
//!
//! Weeks are ISO weeks (Monday to Sunday) in the user's time zone. Each pain
//! entry's **headline** score is the worse of its back and leg scores
//! (whichever are present). A session's opening and closing "pain now"
//! ratings are pain observations too, each counted as one headline score
//! (`session_ratings` says how many a week holds). A week's `pain` is the
//! mean of all its headline scores, and is what the change is computed from. `back` and `leg` are the weekly means of
//! each score on its own. Entries with neither score (stiffness only) are left
//! out. Weeks with no entries are not listed.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use jiff::Timestamp;

use super::change::session_ends;
use crate::diary::{PainEntry, SessionRecord};

/// A change this many points or more is clinically important.
pub const IMPORTANT_POINTS: f64 = 2.0;
/// A relative change this large or more is clinically important…
pub const IMPORTANT_FRACTION: f64 = 0.30;
/// …provided it is at least this many points: on a whole-number 0–10 scale a
/// 30% shift of a low score (1 → 0.7) is rating noise, not a change.
pub const FRACTION_FLOOR_POINTS: f64 = 1.0;
/// Weeks with entries needed before a change is computed, so that the first
/// two and the latest two do not overlap.
pub const MIN_WEEKS_FOR_CHANGE: usize = 4;

/// One ISO week. JSON: `week` ("2026-W48"), `start` (its Monday), `entries`
/// (diary entries), `session_ratings` (session opening/closing ratings),
/// `back`, `leg`, `pain` (the headline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekPain {
    pub week: String,
    pub start: Date,
    pub entries: usize,
    /// Session opening and closing ratings counted in `pain`.
    pub session_ratings: usize,
    /// Mean back pain of the week's entries that have one.
    pub back: Option<f64>,
    /// Mean leg pain of the week's entries that have one.
    pub leg: Option<f64>,
    /// Mean of each entry's worse score (back or leg): the headline.
    pub pain: f64,
}

/// Which way the headline went. JSON: `"better" | "worse" | "same"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Better,
    Worse,
    Same,
}

/// From the first two weeks with entries to the latest two. JSON: `from`,
/// `to`, `points` (to − from), `percent` (of `from`; null when `from` is 0),
/// `important`, `direction`, `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendChange {
    /// Mean of the first two weeks' `pain`.
    pub from: f64,
    /// Mean of the latest two weeks' `pain`.
    pub to: f64,
    pub points: f64,
    pub percent: Option<f64>,
    /// ≥ 2 points, or ≥ 30% (and ≥ 1 point), either way.
    pub important: bool,
    pub direction: Direction,
    pub message: String,
}

/// JSON: `weeks`, `change` (null until `MIN_WEEKS_FOR_CHANGE` weeks), `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub weeks: Vec<WeekPain>,
    pub change: Option<TrendChange>,
    pub message: String,
}

#[derive(Default)]
struct Acc {
    start: Option<Date>,
    entries: usize,
    session_ratings: usize,
    back: (f64, usize),
    leg: (f64, usize),
    pain: f64,
}

/// The accumulator of the ISO week `at` falls in.
fn week_of<'w>(
    weeks: &'w mut BTreeMap<(i16, i8), Acc>,
    tz: &TimeZone,
    at: Timestamp,
) -> &'w mut Acc {
    let iso = tz.to_datetime(at).date().iso_week_date();
    let acc = weeks.entry((iso.year(), iso.week())).or_default();
    if acc.start.is_none() {
        acc.start = iso.first_of_week().ok().map(|w| w.date());
    }
    acc
}

pub fn trend(entries: &[PainEntry], sessions: &[SessionRecord], tz: &TimeZone) -> Trend {
    let mut weeks: BTreeMap<(i16, i8), Acc> = BTreeMap::new();
    for s in sessions {
        for (at, p) in session_ends(s).into_iter().flatten() {
            let acc = week_of(&mut weeks, tz, at);
            acc.session_ratings += 1;
            acc.pain += f64::from(p.get());
        }
    }
    for e in entries {
        let headline = match (e.back, e.leg) {
            (None, None) => continue,
            (b, l) => b.max(l).map_or(0, |p| p.get()),
        };
        let acc = week_of(&mut weeks, tz, e.at);
        acc.entries += 1;
        if let Some(b) = e.back {
            acc.back.0 += f64::from(b.get());
            acc.back.1 += 1;
        }
        if let Some(l) = e.leg {
            acc.leg.0 += f64::from(l.get());
            acc.leg.1 += 1;
        }
        acc.pain += f64::from(headline);
    }
    let mean = |(sum, n): (f64, usize)| (n > 0).then(|| sum / n as f64);
    let weeks: Vec<WeekPain> = weeks
        .into_iter()
        .filter_map(|((y, w), a)| {
            Some(WeekPain {
                week: format!("{y:04}-W{w:02}"),
                start: a.start?,
                entries: a.entries,
                session_ratings: a.session_ratings,
                back: mean(a.back),
                leg: mean(a.leg),
                pain: a.pain / (a.entries + a.session_ratings) as f64,
            })
        })
        .collect();
    let change = change(&weeks);
    let message = match &change {
        Some(c) => c.message.clone(),
        None if weeks.is_empty() => "no pain ratings yet: diary entries count, and so do the ratings you give at the start and end of a session".to_string(),
        None => format!(
            "{} week{} of ratings so far: the change since the start is shown from {MIN_WEEKS_FOR_CHANGE} weeks",
            weeks.len(),
            if weeks.len() == 1 { "" } else { "s" }
        ),
    };
    Trend {
        weeks,
        change,
        message,
    }
}

fn change(weeks: &[WeekPain]) -> Option<TrendChange> {
    if weeks.len() < MIN_WEEKS_FOR_CHANGE {
        return None;
    }
    let from = (weeks[0].pain + weeks[1].pain) / 2.0;
    let to = (weeks[weeks.len() - 2].pain + weeks[weeks.len() - 1].pain) / 2.0;
    let points = to - from;
    let percent = (from > 0.0).then(|| points / from * 100.0);
    const EPS: f64 = 1e-9;
    let important = points.abs() >= IMPORTANT_POINTS - EPS
        || (points.abs() >= FRACTION_FLOOR_POINTS - EPS
            && percent.is_some_and(|p| p.abs() >= IMPORTANT_FRACTION * 100.0 - EPS));
    let direction = if points < -EPS {
        Direction::Better
    } else if points > EPS {
        Direction::Worse
    } else {
        Direction::Same
    };
    let pct = percent.map_or(String::new(), |p| format!(", {:+.0}%", p));
    let what = format!("{from:.1} → {to:.1} ({points:+.1} points{pct})");
    let message = match (important, direction) {
        (true, Direction::Better) => format!(
            "your weekly pain is lower than in your first two weeks: {what}, a change of the size people usually notice"
        ),
        (true, Direction::Worse) => format!(
            "your weekly pain is higher than in your first two weeks: {what}, a change of the size people usually notice; worth checking with a clinician (physio or GP)"
        ),
        _ => format!("no clinically important change since your first two weeks: {what}"),
    };
    Some(TrendChange {
        from,
        to,
        points,
        percent,
        important,
        direction,
        message,
    })
}
