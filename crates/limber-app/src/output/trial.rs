//! `limber trial report --json`: what an n-of-1 trial shows so far.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::common::{Interval, interval};
use super::mirror_enum;

mirror_enum! {
    /// The trial's answer so far.
    #[serde(rename_all = "kebab-case")]
    TrialVerdict from limber_core::trial::TrialVerdict { ABetter, BBetter, NoClearDifference, NotEnoughData }
}

/// The report of a randomized comparison of two exercises, A and B.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialReportOutput {
    /// Exercise A's id.
    pub a: String,
    /// Exercise B's id.
    pub b: String,
    pub started: Date,
    pub last_day: Date,
    pub pairs_planned: u32,
    /// Pairs of blocks with data on both sides: the n of the analysis.
    pub pairs: usize,
    pub sessions_used: usize,
    /// Sessions that did not follow the day's arm.
    pub sessions_off_schedule: usize,
    /// Mean pain change of A's blocks over the pairs used, or null.
    pub mean_a: Option<f64>,
    /// Mean pain change of B's blocks, or null.
    pub mean_b: Option<f64>,
    /// Mean of B − A; positive means pain rose more on B days. Null without pairs.
    pub difference: Option<f64>,
    /// The 95% interval of `difference`, or null.
    pub interval: Option<Interval>,
    pub verdict: TrialVerdict,
    /// The verdict in words.
    pub conclusion: String,
    /// One plain-language sentence.
    pub message: String,
    pub pair_results: Vec<PairOutput>,
}

impl From<&limber_core::trial::TrialReport> for TrialReportOutput {
    fn from(r: &limber_core::trial::TrialReport) -> Self {
        Self {
            a: r.a.to_string(),
            b: r.b.to_string(),
            started: r.started,
            last_day: r.last_day,
            pairs_planned: r.pairs_planned,
            pairs: r.pairs,
            sessions_used: r.sessions_used,
            sessions_off_schedule: r.sessions_off_schedule,
            mean_a: r.mean_a,
            mean_b: r.mean_b,
            difference: r.difference,
            interval: interval(r.interval),
            verdict: r.verdict.into(),
            conclusion: r.conclusion.clone(),
            message: r.message.clone(),
            pair_results: r.pair_results.iter().map(PairOutput::from).collect(),
        }
    }
}

/// One pair of blocks: `pair` (1-based), `a` and `b` (block means of the
/// pain change, null without data), `difference` (b − a, null unless both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairOutput {
    pub pair: u32,
    pub a: Option<f64>,
    pub b: Option<f64>,
    pub difference: Option<f64>,
}

impl From<&limber_core::trial::PairResult> for PairOutput {
    fn from(p: &limber_core::trial::PairResult) -> Self {
        Self {
            pair: p.pair,
            a: p.a,
            b: p.b,
            difference: p.difference,
        }
    }
}
