//! A session run from a [`SessionScript`](crate::session_script) comes back
//! as an event log: what the user did and when. The log is replayed through
//! the core engine at those times, and only the engine's records are stored,
//! so a page's player can never record a step, a stop or a rating the
//! engine would not.
//!
//! [`replay`] is pure (no store, no clock): a test can put the same log
//! through a page's player and through it and compare.

use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use limber_core::PainScore;
use limber_core::catalog::Catalog;
use limber_core::diary::{Outcome, Rating, SessionRecord, SessionStatus, StepRecord};
use limber_core::plan::{Pace, Personal, PlanError, PlanRequest, Routine, plan};
use limber_core::session::{Event, GetReady, Output, Session, StopReason};

use crate::after_session::stop_kind;
use crate::session_script::PlanInputs;

/// The most events one log may hold.
pub const MAX_EVENTS: usize = 5000;
/// The latest an event may come after the session's start: a day.
pub const MAX_SESSION_MS: u64 = 24 * 3600 * 1000;
/// How much later than the engine's own end a player may say the session
/// ended and still have it run to its end (timers in a page drift).
pub const END_TOLERANCE_MS: u64 = 1000;
/// The most pace steps one `pace` event may move.
pub const MAX_PACE_STEPS: i64 = 20;

/// Something the user did during a session, by the name a log uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum EventType {
    Pause,
    Resume,
    TogglePause,
    Skip,
    Back,
    Quit,
    /// value: pace steps, e.g. +1 or -1.
    Pace,
    /// value: pain now, 0 to 10.
    Rate,
    HurtsMore,
    Spreading,
    SharpPain,
    Centralizing,
    Continue,
    ContinueAll,
    Gentlest,
    Ready,
    RedFlag,
}

/// One event of a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoggedEvent {
    /// Session time in ms (pauses included) since the start.
    pub at_ms: u64,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// For `rate`, the pain (0-10); for `pace`, the steps; absent otherwise.
    #[serde(default)]
    pub value: Option<i64>,
}

/// A log as the player sends it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventLog {
    /// The "pain now" asked before the first stretch (0-10).
    #[serde(default)]
    pub pain_before: Option<i64>,
    /// In time order (equal times keep their order).
    #[serde(default)]
    pub events: Vec<LoggedEvent>,
    /// When the player stopped, in ms since the start. A session the engine
    /// has not finished by then (give or take a second) ends there, as a
    /// quit; without it the routine runs on to its end unless it waits.
    #[serde(default)]
    pub ended_at_ms: Option<u64>,
}

/// A log the engine cannot take, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct LogError {
    pub field: String,
    pub message: String,
}

fn log_error(field: impl Into<String>, message: impl Into<String>) -> LogError {
    LogError {
        field: field.into(),
        message: message.into(),
    }
}

fn pain(field: &str, v: i64) -> Result<PainScore, LogError> {
    PainScore::new(v).map_err(|e| log_error(field, e.to_string()))
}

/// A checked log: every event an engine event, at its time.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedLog {
    pub pain_before: Option<PainScore>,
    pub events: Vec<(Duration, Event)>,
    pub ended_at: Option<Duration>,
}

impl EventLog {
    pub fn check(&self) -> Result<CheckedLog, LogError> {
        let pain_before = self
            .pain_before
            .map(|v| pain("pain_before", v))
            .transpose()?;
        if self.events.len() > MAX_EVENTS {
            return Err(log_error(
                "events",
                format!("at most {MAX_EVENTS} events, got {}", self.events.len()),
            ));
        }
        let mut last = 0;
        let mut events = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            let field = |f: &str| format!("events[{i}].{f}");
            if e.at_ms > MAX_SESSION_MS {
                return Err(log_error(
                    field("at_ms"),
                    format!("at most {MAX_SESSION_MS} ms after the start"),
                ));
            }
            if e.at_ms < last {
                return Err(log_error(
                    field("at_ms"),
                    format!(
                        "events must be in time order: {} comes after {last}",
                        e.at_ms
                    ),
                ));
            }
            last = e.at_ms;
            let event = match (e.kind, e.value) {
                (EventType::Rate, Some(v)) => Event::Rate(pain(&field("value"), v)?),
                (EventType::Rate, None) => {
                    return Err(log_error(
                        field("value"),
                        "a rate event needs the pain, 0-10",
                    ));
                }
                (EventType::Pace, Some(v)) if v.abs() <= MAX_PACE_STEPS => {
                    Event::Pace(i32::try_from(v).unwrap_or_default())
                }
                (EventType::Pace, _) => {
                    return Err(log_error(
                        field("value"),
                        format!(
                            "a pace event needs the steps, -{MAX_PACE_STEPS} to {MAX_PACE_STEPS}"
                        ),
                    ));
                }
                (_, Some(_)) => {
                    return Err(log_error(
                        field("value"),
                        "only rate and pace events carry a value",
                    ));
                }
                (kind, None) => simple_event(kind),
            };
            events.push((Duration::from_millis(e.at_ms), event));
        }
        if let Some(end) = self.ended_at_ms {
            if end > MAX_SESSION_MS {
                return Err(log_error(
                    "ended_at_ms",
                    format!("at most {MAX_SESSION_MS} ms after the start"),
                ));
            }
            if end < last {
                return Err(log_error(
                    "ended_at_ms",
                    format!("{end} is before the last event ({last})"),
                ));
            }
        }
        Ok(CheckedLog {
            pain_before,
            events,
            ended_at: self.ended_at_ms.map(Duration::from_millis),
        })
    }
}

fn simple_event(kind: EventType) -> Event {
    match kind {
        EventType::Pause => Event::Pause,
        EventType::Resume => Event::Resume,
        EventType::TogglePause => Event::TogglePause,
        EventType::Skip => Event::Skip,
        EventType::Back => Event::Back,
        EventType::Quit => Event::Quit,
        EventType::HurtsMore => Event::HurtsMore,
        EventType::Spreading => Event::Spreading,
        EventType::SharpPain => Event::SharpPain,
        EventType::Centralizing => Event::Centralizing,
        EventType::Continue => Event::Continue,
        EventType::ContinueAll => Event::ContinueAll,
        EventType::Gentlest => Event::Gentlest,
        EventType::Ready => Event::Ready,
        EventType::RedFlag => Event::RedFlag,
        // Carry values; checked before this is reached.
        EventType::Rate | EventType::Pace => Event::Ready,
    }
}

/// What the engine asked to store, in the order it asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Step(StepRecord),
    Rating(Rating),
    /// Lock sessions until the screen is answered again.
    RedFlag(Timestamp),
    Finished(SessionStatus, Timestamp),
}

impl Record {
    /// The engine's output this record is, and when it was made: what a
    /// [`crate::session_record::Recording`] stores.
    pub fn output(&self) -> (Output, Timestamp) {
        match self {
            Record::Step(s) => (Output::Step(s.clone()), s.at),
            Record::Rating(r) => (Output::Rating(r.clone()), r.at),
            Record::RedFlag(at) => (Output::RedFlag, *at),
            Record::Finished(status, at) => (Output::Finished(*status), *at),
        }
    }
}

/// A replayed session.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    pub started_at: Timestamp,
    pub records: Vec<Record>,
    pub status: SessionStatus,
    /// Session time at the end.
    pub ended: Duration,
}

impl Replayed {
    pub fn steps(&self) -> impl Iterator<Item = &StepRecord> {
        self.records.iter().filter_map(|r| match r {
            Record::Step(s) => Some(s),
            _ => None,
        })
    }

    pub fn ratings(&self) -> impl Iterator<Item = &Rating> {
        self.records.iter().filter_map(|r| match r {
            Record::Rating(r) => Some(r),
            _ => None,
        })
    }

    pub fn red_flag(&self) -> bool {
        self.records.iter().any(|r| matches!(r, Record::RedFlag(_)))
    }

    pub fn ended_at(&self) -> Timestamp {
        self.started_at + self.ended
    }

    /// A stop for spreading symptoms or new numbness: the screen must be
    /// answered again before the next session.
    pub fn spreading(&self) -> bool {
        self.steps()
            .any(|s| s.outcome == Outcome::Stopped && stop_kind(s) == Some(StopReason::Spreading))
    }

    /// The result as a page compares it and the API returns it.
    pub fn view(&self) -> ReplayView {
        ReplayView {
            status: self.status,
            ended_ms: ms(self.ended),
            red_flag: self.red_flag(),
            steps: self
                .steps()
                .map(|s| StepView::of(s, self.started_at))
                .collect(),
            ratings: self
                .ratings()
                .map(|r| RatingView::of(r, self.started_at))
                .collect(),
        }
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn ms_since(at: Timestamp, start: Timestamp) -> u64 {
    u64::try_from(at.duration_since(start).as_millis()).unwrap_or(0)
}

/// One hold as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepView {
    pub exercise: String,
    /// right, left, or null.
    pub side: Option<String>,
    pub rep: u32,
    /// done, skipped or stopped.
    pub outcome: String,
    /// Why it was stopped or skipped.
    pub reason: Option<String>,
    /// The stop rule that fired, for a stopped hold: pain-above-five,
    /// rise-from-baseline, sharp-pain, spreading or red-flag.
    pub stop: Option<String>,
    /// ms since the session's start.
    pub at_ms: u64,
}

impl StepView {
    pub fn of(s: &StepRecord, start: Timestamp) -> Self {
        let stop = (s.outcome == Outcome::Stopped)
            .then(|| stop_kind(s))
            .flatten()
            .and_then(|r| serde_json::to_value(r).ok())
            .and_then(|v| v.as_str().map(str::to_string));
        Self {
            exercise: s.exercise.to_string(),
            side: s.side.map(|s| s.as_str().to_string()),
            rep: s.rep,
            outcome: match s.outcome {
                Outcome::Done => "done",
                Outcome::Skipped => "skipped",
                Outcome::Stopped => "stopped",
            }
            .into(),
            reason: s.reason.as_ref().map(ToString::to_string),
            stop,
            at_ms: ms_since(s.at, start),
        }
    }
}

/// One "pain now" rating as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingView {
    /// The exercise it was given after; null before the first.
    pub after: Option<String>,
    pub pain: u8,
    pub at_ms: u64,
}

impl RatingView {
    pub fn of(r: &Rating, start: Timestamp) -> Self {
        Self {
            after: r.after.as_ref().map(ToString::to_string),
            pain: r.pain.get(),
            at_ms: ms_since(r.at, start),
        }
    }
}

/// The engine's verdict on a log: what a page's player must agree with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplayView {
    /// completed, partial or stopped.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: SessionStatus,
    pub ended_ms: u64,
    pub red_flag: bool,
    pub steps: Vec<StepView>,
    pub ratings: Vec<RatingView>,
}

impl ReplayView {
    pub fn of_record(s: &SessionRecord) -> Self {
        Self {
            status: s.status,
            ended_ms: s.ended_at.map_or(0, |e| ms_since(e, s.started_at)),
            red_flag: s
                .steps
                .iter()
                .any(|st| stop_kind(st) == Some(StopReason::RedFlag)),
            steps: s
                .steps
                .iter()
                .map(|st| StepView::of(st, s.started_at))
                .collect(),
            ratings: s
                .ratings
                .iter()
                .map(|r| RatingView::of(r, s.started_at))
                .collect(),
        }
    }
}

/// Puts `log` through the engine running `routine` from `started_at`.
pub fn replay(
    routine: Routine,
    started_at: Timestamp,
    mode: GetReady,
    log: &CheckedLog,
) -> Replayed {
    let mut session = Session::new(routine, started_at).with_get_ready(mode);
    let mut records = Vec::new();
    let mut status = SessionStatus::Partial;
    let mut ended = Duration::ZERO;
    // `finished` is when the engine ended the routine: an event handled
    // late catches up the deadline that finished it, and the session ends
    // at that deadline, not at the event's time.
    let mut take = |outs: Vec<Output>, t: Duration, finished: Option<Duration>| {
        for out in outs {
            match out {
                Output::Step(s) => records.push(Record::Step(s)),
                Output::Rating(r) => records.push(Record::Rating(r)),
                Output::RedFlag => records.push(Record::RedFlag(started_at + t)),
                Output::Finished(s) => {
                    let end = finished.unwrap_or(t);
                    status = s;
                    ended = end;
                    records.push(Record::Finished(s, started_at + end));
                }
                Output::Cue(_) => {}
            }
        }
    };
    if let Some(p) = log.pain_before {
        let outs = session.rate_before_start(p);
        take(outs, Duration::ZERO, session.finished_at());
    }
    let mut last = Duration::ZERO;
    for &(at, event) in &log.events {
        if session.is_finished() {
            break;
        }
        last = at;
        let outs = session.handle(event, at);
        take(outs, at, session.finished_at());
    }
    let limit = log
        .ended_at
        .map(|end| end + Duration::from_millis(END_TOLERANCE_MS));
    let quit_at = log.ended_at.unwrap_or(last).max(last);
    // Bounded: a routine has at most a few thousand deadlines.
    for _ in 0..1_000_000 {
        if session.is_finished() {
            break;
        }
        match session.next_deadline() {
            Some(due) if limit.is_none_or(|l| due <= l) => {
                let due = due.max(last);
                let outs = session.tick(due);
                take(outs, due, session.finished_at());
                last = due;
            }
            _ => {
                let at = quit_at.max(last);
                let outs = session.handle(Event::Quit, at);
                take(outs, at, session.finished_at());
                break;
            }
        }
    }
    Replayed {
        started_at,
        records,
        status,
        ended,
    }
}

/// The routine a user with no records would get for `inputs` from the
/// default program: for tests that compare a page's player with the
/// engine, and for a demo.
pub fn fresh_routine(catalog: &Catalog, inputs: &PlanInputs) -> Result<Routine, PlanError> {
    let wanted = inputs.wanted();
    plan(&PlanRequest {
        catalog,
        program: catalog.default_program(),
        context: limber_core::diary::SessionContext {
            after_run: wanted.after_run,
            place: wanted.place,
        },
        minutes: wanted.minutes,
        pace: Pace::default(),
        personal: &Personal::default(),
    })
}

/// A log to replay for a user with no records (see [`fresh_routine`]): what
/// a test that compares a page's player with the engine sends.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreshReplay {
    #[serde(default)]
    pub plan: PlanInputs,
    /// Defaults to 2026-01-01T00:00:00Z.
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub pain_before: Option<i64>,
    #[serde(default)]
    pub events: Vec<LoggedEvent>,
    #[serde(default)]
    pub ended_at_ms: Option<u64>,
}

/// Why a fresh replay could not run.
#[derive(Debug, thiserror::Error)]
pub enum FreshError {
    #[error(transparent)]
    Input(#[from] crate::session_script::InputError),
    #[error(transparent)]
    Log(#[from] LogError),
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The get-ready a user with no records gets: see [`PlanInputs::get_ready_mode`].
fn fresh_mode(plan: &PlanInputs) -> GetReady {
    plan.get_ready_mode(true)
}

/// The script a user with no records gets for `plan`.
pub fn fresh_script(
    catalog: &Catalog,
    plan: PlanInputs,
) -> Result<crate::session_script::SessionScript, FreshError> {
    plan.check()?;
    let routine = fresh_routine(catalog, &plan)?;
    let mode = fresh_mode(&plan);
    Ok(crate::session_script::compile(
        &routine,
        plan.resolved(mode),
        mode,
    ))
}

/// Replays `req` for a user with no records.
pub fn fresh_replay(catalog: &Catalog, req: &FreshReplay) -> Result<ReplayView, FreshError> {
    req.plan.check()?;
    let log = EventLog {
        pain_before: req.pain_before,
        events: req.events.clone(),
        ended_at_ms: req.ended_at_ms,
    }
    .check()?;
    let routine = fresh_routine(catalog, &req.plan)?;
    let started_at = req
        .started_at
        .unwrap_or(Timestamp::constant(1_767_225_600, 0));
    Ok(replay(routine, started_at, fresh_mode(&req.plan), &log).view())
}
