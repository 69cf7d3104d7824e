//! `limber stats --json`: what the diary shows. It describes observations
//! (ratings went lower or higher), never effects.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::common::{Interval, Summary, interval};
use super::history::Reach;
use super::mirror_enum;

/// Everything `limber stats` shows. Keys: `change`, `session_change`,
/// `ranking`, `trend`, `adherence`, `centralization`, `aggravating`,
/// `morning`, `running`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsOutput {
    /// Per listed exercise: how the rating changed across it.
    pub change: Vec<ExerciseChangeOutput>,
    /// Across whole sessions, start to end.
    pub session_change: ChangeOutput,
    /// Exercise ids, lowest change first, once enough are rated; else null.
    pub ranking: Option<Vec<String>>,
    pub trend: TrendOutput,
    pub adherence: AdherenceOutput,
    pub centralization: CentralizationOutput,
    /// Exercises marked aggravating, with why.
    pub aggravating: Vec<AggravatingOutput>,
    /// The next-morning advice.
    pub morning: MorningOutput,
    pub running: RunningOutput,
}

impl StatsOutput {
    pub fn new(
        stats: &limber_core::analytics::Stats,
        running: &limber_core::analytics::running::Running,
    ) -> Self {
        Self {
            change: stats
                .change
                .iter()
                .map(ExerciseChangeOutput::from)
                .collect(),
            session_change: (&stats.session_change).into(),
            ranking: stats
                .ranking
                .as_ref()
                .map(|r| r.iter().map(ToString::to_string).collect()),
            trend: (&stats.trend).into(),
            adherence: (&stats.adherence).into(),
            centralization: (&stats.centralization).into(),
            aggravating: stats
                .aggravating
                .iter()
                .map(|a| AggravatingOutput {
                    exercise: a.exercise.to_string(),
                    reason: a.reason.clone(),
                })
                .collect(),
            morning: (&stats.morning).into(),
            running: running.into(),
        }
    }
}

mirror_enum! {
    /// `lower-after` (the whole 95% interval below zero), `higher-after`
    /// (above zero), `unclear` (it includes zero, or cannot be estimated
    /// yet) or `no-data` (never rated).
    #[serde(rename_all = "kebab-case")]
    Verdict from limber_core::analytics::Verdict { LowerAfter, HigherAfter, Unclear, NoData }
}

/// How the pain rating changed (after minus before, in points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeOutput {
    /// Sessions with a change.
    pub n: usize,
    /// Mean change; negative means the rating went down. Null when `n` = 0.
    pub mean: Option<f64>,
    /// Sample SD; null when `n` < 2.
    pub sd: Option<f64>,
    /// 95% interval of the mean; null when `n` < 2 or every change was the same.
    pub interval: Option<Interval>,
    pub verdict: Verdict,
    /// For `unclear` with a spread: about how many more rated sessions
    /// would likely settle it; else null.
    pub more_sessions: Option<u32>,
    /// One plain-language sentence.
    pub message: String,
}

impl From<&limber_core::analytics::Change> for ChangeOutput {
    fn from(c: &limber_core::analytics::Change) -> Self {
        Self {
            n: c.n,
            mean: c.mean,
            sd: c.sd,
            interval: interval(c.interval),
            verdict: c.verdict.into(),
            more_sessions: c.more_sessions,
            message: c.message.clone(),
        }
    }
}

/// One exercise's change: `exercise`, `needs_sessions`, then the
/// [`ChangeOutput`] keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseChangeOutput {
    pub exercise: String,
    /// More rated sessions it needs before it can be ranked; 0 once it has them.
    pub needs_sessions: u32,
    #[serde(flatten)]
    pub change: ChangeOutput,
}

impl From<&limber_core::analytics::ExerciseChange> for ExerciseChangeOutput {
    fn from(c: &limber_core::analytics::ExerciseChange) -> Self {
        Self {
            exercise: c.exercise.to_string(),
            needs_sessions: c.needs_sessions,
            change: (&c.change).into(),
        }
    }
}

/// Pain by week and how it moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendOutput {
    pub weeks: Vec<WeekPainOutput>,
    /// First two weeks against the latest two, or null with too few weeks.
    pub change: Option<TrendChangeOutput>,
    pub message: String,
}

impl From<&limber_core::analytics::Trend> for TrendOutput {
    fn from(t: &limber_core::analytics::Trend) -> Self {
        Self {
            weeks: t.weeks.iter().map(WeekPainOutput::from).collect(),
            change: t.change.as_ref().map(TrendChangeOutput::from),
            message: t.message.clone(),
        }
    }
}

/// One week's pain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekPainOutput {
    /// The ISO week, e.g. `2026-W48`.
    pub week: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: Date,
    pub entries: usize,
    /// Session opening and closing ratings counted in `pain`.
    pub session_ratings: usize,
    /// Mean back pain of the week's entries that have one, or null.
    pub back: Option<f64>,
    /// Mean leg pain, or null.
    pub leg: Option<f64>,
    /// Mean of each entry's worse score (back or leg): the headline.
    pub pain: f64,
}

impl From<&limber_core::analytics::WeekPain> for WeekPainOutput {
    fn from(w: &limber_core::analytics::WeekPain) -> Self {
        Self {
            week: w.week.clone(),
            start: w.start,
            entries: w.entries,
            session_ratings: w.session_ratings,
            back: w.back,
            leg: w.leg,
            pain: w.pain,
        }
    }
}

mirror_enum! {
    /// Which way pain moved: `better`, `worse` or `same`.
    #[serde(rename_all = "kebab-case")]
    Direction from limber_core::analytics::Direction { Better, Worse, Same }
}

/// The first two weeks against the latest two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendChangeOutput {
    pub from: f64,
    pub to: f64,
    pub points: f64,
    pub percent: Option<f64>,
    /// 2 points or more, or 30% or more (and at least 1 point).
    pub important: bool,
    pub direction: Direction,
    pub message: String,
}

impl From<&limber_core::analytics::TrendChange> for TrendChangeOutput {
    fn from(c: &limber_core::analytics::TrendChange) -> Self {
        Self {
            from: c.from,
            to: c.to,
            points: c.points,
            percent: c.percent,
            important: c.important,
            direction: c.direction.into(),
            message: c.message.clone(),
        }
    }
}

/// How often sessions happen and how they end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdherenceOutput {
    pub sessions: usize,
    /// Weeks since the first session (at least 1); 0 with no sessions.
    pub weeks: f64,
    pub sessions_per_week: Option<f64>,
    /// Sessions in each of the last four 7-day windows ending today, oldest first.
    pub last_weeks: Vec<u32>,
    pub completed: usize,
    pub ended_early: usize,
    /// Ended by a safety stop.
    pub stopped: usize,
    pub finished_share: Option<f64>,
    pub holds_done: usize,
}

impl From<&limber_core::analytics::Adherence> for AdherenceOutput {
    fn from(a: &limber_core::analytics::Adherence) -> Self {
        Self {
            sessions: a.sessions,
            weeks: a.weeks,
            sessions_per_week: a.sessions_per_week,
            last_weeks: a.last_weeks.to_vec(),
            completed: a.completed,
            ended_early: a.ended_early,
            stopped: a.stopped,
            finished_share: a.finished_share,
            holds_done: a.holds_done,
        }
    }
}

mirror_enum! {
    /// `centralizing` (recently reaching less far down the leg),
    /// `peripheralizing` (further down), `steady` or `not-enough-data`.
    #[serde(rename_all = "kebab-case")]
    CentralizationStatus from limber_core::analytics::CentralizationStatus {
        Centralizing, Peripheralizing, Steady, NotEnoughData
    }
}

/// Where symptoms reach, recently against earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentralizationOutput {
    pub status: CentralizationStatus,
    pub recent: Option<Reach>,
    pub earlier: Option<Reach>,
    pub recent_entries: usize,
    pub earlier_entries: usize,
    pub message: String,
}

impl From<&limber_core::analytics::Centralization> for CentralizationOutput {
    fn from(c: &limber_core::analytics::Centralization) -> Self {
        Self {
            status: c.status.into(),
            recent: c.recent.map(Reach::from),
            earlier: c.earlier.map(Reach::from),
            recent_entries: c.recent_entries,
            earlier_entries: c.earlier_entries,
            message: c.message.clone(),
        }
    }
}

/// An exercise marked aggravating, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggravatingOutput {
    pub exercise: String,
    pub reason: String,
}

/// The next-morning advice: `{"advice": "normal"}`, or `lighter` / `pause`
/// with `why`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "advice", rename_all = "kebab-case")]
pub enum MorningOutput {
    Normal,
    /// Plan a lighter session.
    Lighter {
        why: String,
    },
    /// Pause the program and suggest a clinician.
    Pause {
        why: String,
    },
}

impl From<&limber_core::rules::MorningAdvice> for MorningOutput {
    fn from(m: &limber_core::rules::MorningAdvice) -> Self {
        use limber_core::rules::MorningAdvice;
        match m {
            MorningAdvice::Normal => Self::Normal,
            MorningAdvice::Lighter { why } => Self::Lighter { why: why.clone() },
            MorningAdvice::Pause { why } => Self::Pause { why: why.clone() },
        }
    }
}

/// Running, from imported runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunningOutput {
    pub weeks: Vec<RunWeekOutput>,
    pub cooldown: CooldownOutput,
    /// Next-day pain against the run's distance.
    pub pain_vs_distance: PainVsDistanceOutput,
    /// Next-day pain after runs with and without a cool-down.
    pub pain_vs_cooldown: PainVsCooldownOutput,
    /// Imported activities that are not running.
    pub other_activities: usize,
}

impl From<&limber_core::analytics::running::Running> for RunningOutput {
    fn from(r: &limber_core::analytics::running::Running) -> Self {
        let p = &r.pain_vs_cooldown;
        Self {
            weeks: r.weeks.iter().map(RunWeekOutput::from).collect(),
            cooldown: CooldownOutput {
                runs: r.cooldown.runs,
                with_cooldown: r.cooldown.with_cooldown,
                share: r.cooldown.share,
                interval: interval(r.cooldown.interval),
                message: r.cooldown.message.clone(),
            },
            pain_vs_distance: PainVsDistanceOutput {
                n: r.pain_vs_distance.n,
                r: r.pain_vs_distance.r,
                interval: interval(r.pain_vs_distance.interval),
                message: r.pain_vs_distance.message.clone(),
            },
            pain_vs_cooldown: PainVsCooldownOutput {
                with: (&p.with).into(),
                without: (&p.without).into(),
                difference: p.difference,
                interval: interval(p.interval),
                message: p.message.clone(),
            },
            other_activities: r.other_activities,
        }
    }
}

/// One week of running.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunWeekOutput {
    pub week: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: Date,
    pub runs: usize,
    pub distance_km: f64,
    pub moving_s: f64,
}

impl From<&limber_core::analytics::running::RunWeek> for RunWeekOutput {
    fn from(w: &limber_core::analytics::running::RunWeek) -> Self {
        Self {
            week: w.week.clone(),
            start: w.start,
            runs: w.runs,
            distance_km: w.distance_km,
            moving_s: w.moving_s,
        }
    }
}

/// How many runs got their cool-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooldownOutput {
    pub runs: usize,
    pub with_cooldown: usize,
    pub share: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}

/// Next-day pain against distance: Pearson's `r` with its 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PainVsDistanceOutput {
    pub n: usize,
    pub r: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}

/// Next-day pain with and without a cool-down, and the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PainVsCooldownOutput {
    pub with: Summary,
    pub without: Summary,
    pub difference: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}
