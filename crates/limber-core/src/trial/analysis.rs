//! The trial's analysis, paired by block: the mean difference between the
//! arms' block means with a 95% t-interval, and the verdict it supports.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::{Arm, Trial};
use crate::analytics::change::session_change;
use crate::analytics::{Interval, day_number, summarize};
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, SessionRecord};

/// Pairs with data in both blocks needed before any conclusion.
pub const MIN_PAIRS: usize = 2;

/// The trial's answer. JSON: `"a-better" | "b-better" | "no-clear-difference"
/// | "not-enough-data"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrialVerdict {
    ABetter,
    BBetter,
    NoClearDifference,
    NotEnoughData,
}

/// One pair's result. JSON: `pair` (1-based), `a`, `b` (block means of the
/// pain change, null without data), `difference` (b − a, null unless both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairResult {
    pub pair: u32,
    pub a: Option<f64>,
    pub b: Option<f64>,
    pub difference: Option<f64>,
}

/// `limber trial report`. JSON: `a`, `b` (exercise ids), `started`,
/// `last_day`, `pairs_planned`, `pairs` (pairs with data in both blocks: the
/// n of the analysis), `sessions_used`, `sessions_off_schedule`, `mean_a`,
/// `mean_b` (mean block change per arm over the used pairs), `difference`
/// (mean of b − a; positive = pain rose more on B days), `interval` (95%
/// t-interval of `difference`, `{low, high}` or null), `verdict`,
/// `conclusion` ("A looked better" | "B looked better" | "no clear difference
/// yet" | "not enough data yet"), `message`, `pair_results`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialReport {
    pub a: ExerciseId,
    pub b: ExerciseId,
    pub started: Date,
    pub last_day: Date,
    pub pairs_planned: u32,
    pub pairs: usize,
    pub sessions_used: usize,
    pub sessions_off_schedule: usize,
    pub mean_a: Option<f64>,
    pub mean_b: Option<f64>,
    pub difference: Option<f64>,
    pub interval: Option<Interval>,
    pub verdict: TrialVerdict,
    pub conclusion: String,
    pub message: String,
    pub pair_results: Vec<PairResult>,
}

/// Did the session do this exercise (a done or stopped hold)?
fn did(s: &SessionRecord, ex: &ExerciseId) -> bool {
    s.steps
        .iter()
        .any(|st| &st.exercise == ex && st.outcome != Outcome::Skipped)
}

/// Analyzes a trial from the stored sessions (any order; sessions outside
/// the trial are ignored). Days are civil dates in `tz`.
pub fn analyze(trial: &Trial, sessions: &[SessionRecord], tz: &TimeZone) -> TrialReport {
    analyze_named(trial, sessions, tz, &|id| id.to_string())
}

/// [`analyze`], with the message naming the exercises by `name` (what the
/// user reads, e.g. "Lying thigh stretch") instead of their ids.
pub fn analyze_named(
    trial: &Trial,
    sessions: &[SessionRecord],
    tz: &TimeZone,
    name: &dyn Fn(&ExerciseId) -> String,
) -> TrialReport {
    let order = trial.first_arms();
    let start = day_number(trial.started);
    let days = trial.days() as usize;
    // Per trial day: (sum of outcomes, count).
    let mut per_day = vec![(0.0f64, 0usize); days];
    let (mut used, mut off) = (0usize, 0usize);
    for s in sessions {
        let offset = day_number(tz.to_datetime(s.started_at).date()) - start;
        let Some((_, arm)) = trial.arm_at(offset, &order) else {
            continue;
        };
        let (on, other) = (trial.exercise(arm), trial.exercise(arm.other()));
        if !did(s, on) || did(s, other) {
            off += 1;
            continue;
        }
        let outcome = session_change(s, on).or_else(|| match (s.pain_before, s.pain_after) {
            (Some(b), Some(a)) => Some(f64::from(a.get()) - f64::from(b.get())),
            _ => None,
        });
        if let Some(v) = outcome {
            let d = &mut per_day[offset as usize];
            d.0 += v;
            d.1 += 1;
            used += 1;
        }
    }
    // Block means of day means: [pair][0 = A, 1 = B].
    let mut blocks = vec![[(0.0f64, 0usize); 2]; trial.pairs() as usize];
    for (o, &(sum, n)) in per_day.iter().enumerate() {
        if n == 0 {
            continue;
        }
        if let Some((pair, arm)) = trial.arm_at(o as i32, &order) {
            let b = &mut blocks[pair as usize][usize::from(arm == Arm::B)];
            b.0 += sum / n as f64;
            b.1 += 1;
        }
    }
    let mean = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
    let pair_results: Vec<PairResult> = blocks
        .iter()
        .enumerate()
        .map(|(p, [a, b])| {
            let (a, b) = (mean(*a), mean(*b));
            PairResult {
                pair: p as u32 + 1,
                a,
                b,
                difference: a.zip(b).map(|(a, b)| b - a),
            }
        })
        .collect();
    let diffs: Vec<f64> = pair_results.iter().filter_map(|p| p.difference).collect();
    let n = diffs.len();
    let complete = pair_results.iter().filter(|p| p.difference.is_some());
    let (mut sa, mut sb) = (0.0, 0.0);
    for p in complete {
        sa += p.a.unwrap_or(0.0);
        sb += p.b.unwrap_or(0.0);
    }
    let s = summarize(&diffs);
    let verdict = match s.interval {
        _ if n < MIN_PAIRS => TrialVerdict::NotEnoughData,
        Some(i) if i.above_zero() => TrialVerdict::ABetter,
        Some(i) if i.below_zero() => TrialVerdict::BBetter,
        _ => TrialVerdict::NoClearDifference,
    };
    let (a, b) = (name(&trial.a), name(&trial.b));
    let range = s.interval.map_or(String::new(), |i| {
        format!(" (95% interval of B − A: {:+.1} to {:+.1})", i.low, i.high)
    });
    let d = s.mean.unwrap_or(0.0);
    let caveat = "This describes your own ratings during the trial, not a medical finding.";
    let (conclusion, message) = match verdict {
        TrialVerdict::ABetter => (
            "A looked better",
            format!(
                "A looked better: across {n} pairs of blocks, the change in your pain rating on {a} (A) days was on average {d:.1} points lower than on {b} (B) days{range}. {caveat}"
            ),
        ),
        TrialVerdict::BBetter => (
            "B looked better",
            format!(
                "B looked better: across {n} pairs of blocks, the change in your pain rating on {b} (B) days was on average {:.1} points lower than on {a} (A) days{range}. {caveat}",
                -d
            ),
        ),
        TrialVerdict::NoClearDifference => (
            "no clear difference yet",
            format!(
                "no clear difference yet between {a} (A) and {b} (B) across {n} pairs of blocks{range}: the difference is within your day-to-day variation. {caveat}"
            ),
        ),
        TrialVerdict::NotEnoughData => (
            "not enough data yet",
            format!(
                "not enough data yet: {n} pair(s) of blocks have ratings on both arms; at least {MIN_PAIRS} are needed. Rate your pain before and after the trial exercise in each session."
            ),
        ),
    };
    TrialReport {
        a: trial.a.clone(),
        b: trial.b.clone(),
        started: trial.started,
        last_day: trial.last_day(),
        pairs_planned: trial.pairs(),
        pairs: n,
        sessions_used: used,
        sessions_off_schedule: off,
        mean_a: (n > 0).then(|| sa / n as f64),
        mean_b: (n > 0).then(|| sb / n as f64),
        difference: s.mean,
        interval: s.interval,
        verdict,
        conclusion: conclusion.to_string(),
        message,
        pair_results,
    }
}
