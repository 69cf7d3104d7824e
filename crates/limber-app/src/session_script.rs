//! A routine compiled into a self-contained session script: everything a
//! page needs to run a guided session with no server (the steps and why,
//! the side pattern, the pace, every cue of the uninterrupted timeline and
//! the stop-rule thresholds as data).
//!
//! The script is data, not a second engine: its cues are what the core
//! engine itself says on a dry run of the routine, and a session run from it
//! comes back as an event log that [`crate::replay`] puts through the same
//! engine. Only the engine's records are ever stored.

use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use limber_core::catalog::Catalog;
use limber_core::diary::Place;
use limber_core::plan::{GET_READY_SECS, MAX_MINUTES, Pace, PlannedStep, Routine};
use limber_core::safety::Tier;
use limber_core::session::{CueKind, Event, GetReady, Output, Session, Sound, stoprules};
use limber_core::wording;
use limber_store::{Store, StoreError, UserId};

use crate::gate::{self, Block};
use crate::planning::{self, PlanningError, Wanted};
use crate::user_state::{LoadError, UserState};

/// The version of the script's shape; a page refuses a script it does not know.
pub const SCRIPT_VERSION: u32 = 1;
/// The longest get-ready a request may ask for, in seconds.
pub const MAX_GET_READY_SECS: u32 = 60;
/// A second "back" within this long of the first goes to the hold before
/// (the engine's rule, as data for the page's player).
pub const BACK_AGAIN_MS: u64 = 2000;

/// After a run or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    AfterRun,
    #[default]
    None,
}

/// Where the user is: room to lie down, a wall and a chair, or standing only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Where {
    #[default]
    Floor,
    Wall,
    Standing,
}

impl From<Where> for Place {
    fn from(w: Where) -> Self {
        match w {
            Where::Floor => Place::Floor,
            Where::Wall => Place::Wall,
            Where::Standing => Place::Standing,
        }
    }
}

/// What a session is planned for: the query of `GET /session-script`, and
/// (as the script echoes it, with `get_ready` filled in) the `plan` of the
/// session posted back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PlanInputs {
    #[serde(default)]
    pub context: Context,
    #[serde(default, rename = "where")]
    #[cfg_attr(feature = "openapi", param(rename = "where"))]
    #[cfg_attr(feature = "openapi", schema(rename = "where"))]
    pub place: Where,
    /// A time budget in minutes (1 to 120).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 120))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 120))]
    pub minutes: Option<u32>,
    /// Seconds of get-ready before each exercise, 0 to wait for "ready".
    /// Left out: a user's first session waits, later ones count 5 seconds.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 60))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 60))]
    pub get_ready: Option<u32>,
}

/// A plan input out of range, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("minutes: must be from 1 to {MAX_MINUTES}, got {0}")]
    Minutes(u32),
    #[error("get_ready: must be from 0 to {MAX_GET_READY_SECS} seconds, got {0}")]
    GetReady(u32),
}

impl InputError {
    pub fn field(&self) -> &'static str {
        match self {
            InputError::Minutes(_) => "minutes",
            InputError::GetReady(_) => "get_ready",
        }
    }
}

impl PlanInputs {
    pub fn check(&self) -> Result<(), InputError> {
        if let Some(m) = self.minutes
            && !(1..=MAX_MINUTES).contains(&m)
        {
            return Err(InputError::Minutes(m));
        }
        if let Some(s) = self.get_ready
            && s > MAX_GET_READY_SECS
        {
            return Err(InputError::GetReady(s));
        }
        Ok(())
    }

    pub fn wanted(&self) -> Wanted {
        Wanted {
            after_run: self.context == Context::AfterRun,
            place: self.place.into(),
            minutes: self.minutes,
        }
    }

    /// The get-ready mode, with the default decided by whether the user has
    /// done a session before (a new user needs time to find each position).
    pub fn get_ready_mode(&self, first_session: bool) -> GetReady {
        match self.get_ready {
            Some(0) => GetReady::WaitForUser,
            Some(secs) => GetReady::Timed(secs),
            None if first_session => GetReady::WaitForUser,
            None => GetReady::Timed(GET_READY_SECS),
        }
    }

    /// These inputs with the get-ready decided, as a script echoes them.
    pub fn resolved(self, mode: GetReady) -> Self {
        Self {
            get_ready: Some(match mode {
                GetReady::WaitForUser => 0,
                GetReady::Timed(secs) => secs,
            }),
            ..self
        }
    }
}

/// One thing the player says and shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptCue {
    /// When it falls due on the uninterrupted timeline, in ms from the
    /// session's start (a get-ready that waits for "ready" counts as ended
    /// at once).
    pub at_ms: u64,
    /// The full line shown.
    pub text: String,
    /// What a voice says: shorter than `text`.
    pub speak: String,
    /// A sound to play with it: tick, hold-end, alert or finished.
    pub sound: Option<String>,
}

/// One of the last counts of a hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountCue {
    /// Counts left after this one: 5, 4, 3, 2, 1.
    pub remaining: u32,
    #[serde(flatten)]
    pub cue: ScriptCue,
}

/// One hold of a step: its side and rep and what is said around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptHold {
    /// "right", "left", or null for an exercise that is not one-sided.
    pub side: Option<String>,
    /// 1-based rep on this side.
    pub rep: u32,
    /// The instructions with the side filled in.
    pub instructions: Vec<String>,
    /// The hold starts.
    pub start: Option<ScriptCue>,
    /// The last counts (5, 4, 3, 2, 1 to go).
    pub counts: Vec<CountCue>,
    /// The hold ends: release, and what comes next.
    pub end: Option<ScriptCue>,
    /// After the rest: switch side or next rep (none after the step's last hold).
    pub switch: Option<ScriptCue>,
    /// What comes after this hold, in words ("Left leg, rep 1", an
    /// exercise's name, or "Finish").
    pub next: String,
}

/// One exercise of the routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptStep {
    pub exercise: String,
    /// The name shown: the exercise's, or its gentler variant's.
    pub name: String,
    pub standard_name: String,
    pub variant: Option<String>,
    /// floor, wall, standing or seated.
    pub position: String,
    /// The movement family: a spreading or electric stop leaves out the
    /// rest of the family unless the user chooses all of them.
    pub movement: String,
    /// Why this exercise is in the routine.
    pub why: String,
    /// How to do it; `{side}` stands for the leg being worked.
    pub instructions: Vec<String>,
    /// Short reminders during the hold.
    pub cues: Vec<String>,
    /// For a progressive exercise: the depth to go to, said at every start.
    pub level: Option<String>,
    /// Counts per hold.
    pub counts: u32,
    pub reps: u32,
    pub sided: bool,
    pub alternate: bool,
    /// Rest between holds, in ms.
    pub rest_ms: u64,
    /// The sides in order, e.g. ["right", "left", "right", "left"].
    pub side_pattern: Vec<String>,
    /// Said when the exercise's get-ready begins.
    pub get_ready: Option<ScriptCue>,
    pub holds: Vec<ScriptHold>,
}

/// An exercise of the program left out of this routine, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeftOut {
    pub exercise: String,
    pub name: String,
    pub why: String,
}

/// The stop rules as data: the player applies them to show the stop at
/// once, and the replay through the engine decides what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StopRules {
    /// A rating above this during or right after a hold stops the exercise.
    pub max_pain_during_hold: u8,
    /// A rating this many points or more above the session's first rating
    /// stops the exercise.
    pub max_rise_from_first_rating: u8,
    /// "It hurts more" this many times in one exercise stops it; fewer asks
    /// for a rating.
    pub hurts_more_stop_after: u32,
    /// A first rating above this before any hold: the session waits for the
    /// gentlest version or stopping.
    pub high_start_above: u8,
    /// Events that always stop the exercise: spreading, sharp-pain.
    pub always_stop: Vec<String>,
    /// Of those, the ones after which going on leaves out the rest of the
    /// exercise's movement family (continue) unless the user chooses
    /// continue-all.
    pub leave_out_family_after: Vec<String>,
    /// Ends the session at once and locks sessions until the safety screen
    /// is answered again.
    pub ends_session: Vec<String>,
    /// A second "back" within this many ms goes to the hold before.
    pub back_again_ms: u64,
}

impl StopRules {
    pub fn current() -> Self {
        Self {
            max_pain_during_hold: stoprules::MAX_PAIN_DURING_HOLD,
            max_rise_from_first_rating: stoprules::MAX_RISE,
            hurts_more_stop_after: stoprules::HURTS_MORE_STOP_AFTER,
            high_start_above: stoprules::MAX_PAIN_DURING_HOLD,
            always_stop: vec!["spreading".into(), "sharp-pain".into()],
            leave_out_family_after: vec!["spreading".into(), "sharp-pain".into()],
            ends_session: vec!["red-flag".into()],
            back_again_ms: BACK_AGAIN_MS,
        }
    }
}

/// The counting pace and how the player may change it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaceScript {
    pub counts_per_second: f64,
    /// Milliseconds per count at this pace.
    pub ms_per_count: f64,
    pub min: f64,
    pub max: f64,
    /// One `pace` event of value +1 or -1 moves the pace by this much.
    pub step: f64,
}

/// A whole guided session, ready to run offline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionScript {
    pub version: u32,
    /// Identifies the planned routine: posted back with the session, it
    /// lets the server refuse a log made from a plan it would not make.
    pub digest: String,
    /// Post this back unchanged as the session's `plan`.
    pub plan: PlanInputs,
    pub program: String,
    /// Plan-wide remarks (a lighter session and why, the run this cools down).
    pub notes: Vec<String>,
    pub pace: PaceScript,
    /// Get-ready before each exercise in ms; null waits for "ready".
    pub get_ready_ms: Option<u64>,
    /// The routine's length uninterrupted, in ms.
    pub estimate_ms: u64,
    /// Asked before the first exercise and between exercises.
    pub rate_prompt: String,
    pub steps: Vec<ScriptStep>,
    /// The routine's gentlest version (no forward bends, one rep each),
    /// which a `gentlest` event switches to after pain above 5/10 before
    /// the first stretch.
    pub gentlest: Vec<ScriptStep>,
    pub left_out: Vec<LeftOut>,
    pub stop_rules: StopRules,
    /// Said when the routine ends uninterrupted.
    pub finish: Option<ScriptCue>,
    /// The emergency list, one tap away during the session.
    pub emergency: String,
}

/// A 64-bit FNV-1a digest of the routine as JSON, in hex: the same plan
/// gives the same digest on every machine.
pub fn digest(routine: &Routine) -> String {
    let json = serde_json::to_string(routine).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn sound_name(s: Sound) -> String {
    match s {
        Sound::Tick => "tick",
        Sound::HoldEnd => "hold-end",
        Sound::Alert => "alert",
        Sound::Finished => "finished",
    }
    .to_string()
}

/// Compiles `routine` into a script. `plan` is echoed (its get-ready must
/// already be decided: see [`PlanInputs::resolved`]).
pub fn compile(routine: &Routine, plan: PlanInputs, mode: GetReady) -> SessionScript {
    let mut steps: Vec<ScriptStep> = routine.steps.iter().map(step_of).collect();
    let mut finish = None;
    // The engine's own words, on a dry run of the uninterrupted timeline.
    let mut session = Session::new(routine.clone(), Timestamp::UNIX_EPOCH).with_get_ready(mode);
    let mut outputs = session.tick(Duration::ZERO);
    let mut t = Duration::ZERO;
    // Bounded: a routine has at most a few hundred deadlines.
    for _ in 0..100_000 {
        if session.is_finished() {
            break;
        }
        if let Some(due) = session.next_deadline() {
            t = due.max(t);
            outputs.extend(session.tick(t));
        } else {
            let before = outputs.len();
            outputs.extend(session.handle(Event::Ready, t));
            if outputs.len() == before {
                break;
            }
        }
    }
    let mut step: Option<usize> = None;
    let mut hold = 0usize;
    for out in outputs {
        let Output::Cue(cue) = out else { continue };
        let sc = ScriptCue {
            at_ms: ms(cue.at),
            text: cue.text,
            speak: cue.speak,
            sound: cue.sound.map(sound_name),
        };
        let current = step.and_then(|s| steps.get_mut(s)?.holds.get_mut(hold));
        match cue.kind {
            CueKind::GetReady => {
                let s = step.map_or(0, |s| s + 1);
                step = Some(s);
                hold = 0;
                if let Some(st) = steps.get_mut(s) {
                    st.get_ready = Some(sc);
                }
            }
            CueKind::HoldStart => {
                if let Some(h) = current {
                    h.start = Some(sc);
                }
            }
            CueKind::Count { remaining } => {
                if let Some(h) = current {
                    h.counts.push(CountCue { remaining, cue: sc });
                }
            }
            CueKind::HoldEnd => {
                if let Some(h) = current {
                    h.end = Some(sc);
                }
            }
            CueKind::Switch => {
                // Said in the rest before the next hold; kept with the hold just done.
                if let Some(h) = current {
                    h.switch = Some(sc);
                }
                hold += 1;
            }
            CueKind::Finished => finish = Some(sc),
            _ => {}
        }
    }
    let mut script = SessionScript {
        version: SCRIPT_VERSION,
        digest: digest(routine),
        plan,
        program: routine.program.clone(),
        notes: routine.notes.clone(),
        pace: pace_of(routine.pace),
        get_ready_ms: match mode {
            GetReady::Timed(secs) => Some(u64::from(secs) * 1000),
            GetReady::WaitForUser => None,
        },
        estimate_ms: ms(routine.estimate()),
        rate_prompt: limber_core::session::RATE_PROMPT.to_string(),
        steps,
        gentlest: routine.gentlest().steps.iter().map(step_of).collect(),
        left_out: routine
            .dropped
            .iter()
            .map(|d| LeftOut {
                exercise: d.exercise.to_string(),
                name: d.name.clone(),
                why: d.reason.clone(),
            })
            .collect(),
        stop_rules: StopRules::current(),
        finish,
        emergency: wording::EMERGENCY.to_string(),
    };
    link_steps(&mut script);
    script
}

fn pace_of(pace: Pace) -> PaceScript {
    PaceScript {
        counts_per_second: pace.counts_per_second(),
        ms_per_count: 1000.0 / pace.counts_per_second(),
        min: Pace::MIN,
        max: Pace::MAX,
        step: Pace::STEP,
    }
}

fn step_of(step: &PlannedStep) -> ScriptStep {
    let holds = step.holds();
    let names: Vec<String> = holds
        .iter()
        .map(|h| h.side.map_or_else(String::new, |s| s.as_str().to_string()))
        .collect();
    let script_holds = holds
        .iter()
        .enumerate()
        .map(|(i, h)| ScriptHold {
            side: h.side.map(|s| s.as_str().to_string()),
            rep: h.rep,
            instructions: step
                .instructions
                .iter()
                .map(|text| PlannedStep::instruction_for(text, h.side))
                .collect(),
            start: None,
            counts: Vec::new(),
            end: None,
            switch: None,
            next: holds.get(i + 1).map_or_else(String::new, |n| match n.side {
                Some(s) => {
                    let side = s.as_str();
                    let mut c = side.chars();
                    let first = c.next().map(|f| f.to_uppercase().collect::<String>());
                    format!(
                        "{}{} leg, rep {}",
                        first.unwrap_or_default(),
                        c.as_str(),
                        n.rep
                    )
                }
                None => format!("Rep {}", n.rep),
            }),
        })
        .collect();
    ScriptStep {
        exercise: step.exercise.to_string(),
        name: step.name.clone(),
        standard_name: step.standard_name.clone(),
        variant: step.variant.clone(),
        position: step.position.as_str().to_string(),
        movement: serde_json::to_value(step.movement)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        why: step.reason.clone(),
        instructions: step.instructions.clone(),
        cues: step.cues.clone(),
        level: step.level.as_ref().map(limber_core::plan::level_text),
        counts: step.hold.value,
        reps: step.reps.value,
        sided: step.sided,
        alternate: step.alternate.value,
        rest_ms: u64::from(step.rest.value) * 1000,
        side_pattern: if step.sided { names } else { Vec::new() },
        get_ready: None,
        holds: script_holds,
    }
}

/// Fills in each hold's `next` across steps: the next exercise's name
/// after a step's last hold, "Finish" after the routine's.
fn link_steps(script: &mut SessionScript) {
    let names: Vec<String> = script.steps.iter().map(|s| s.name.clone()).collect();
    for (i, step) in script.steps.iter_mut().enumerate() {
        if let Some(last) = step.holds.last_mut() {
            last.next = names.get(i + 1).cloned().unwrap_or_else(|| "Finish".into());
        }
    }
}

/// A block in front of a session, in words a page can show as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockView {
    /// no-screen, rescreen, stale, locked, paused, morning-pause or diary-pause.
    pub kind: String,
    /// What stands in the way and what to do.
    pub advice: String,
    /// Can the user acknowledge it (after taking the advice) and go on?
    /// Otherwise only answering the safety screen again lifts it.
    pub acknowledgeable: bool,
    /// The screen questions answered yes that paused the program.
    pub flagged: Vec<String>,
    /// The emergency list, when sessions are locked.
    pub emergency: Option<String>,
}

impl BlockView {
    pub fn of(block: &Block) -> Self {
        let (advice, acknowledgeable, flagged) = match block {
            Block::NoScreen => (
                "limber asks a few safety questions before your first session.".to_string(),
                false,
                Vec::new(),
            ),
            Block::Rescreen => (
                "You reported new symptoms, so the safety questions need answering again before your next session.".to_string(),
                false,
                Vec::new(),
            ),
            Block::Stale => (
                format!(
                    "Your safety screen is more than {} weeks old: please answer the questions again.",
                    gate::SCREEN_WEEKS
                ),
                false,
                Vec::new(),
            ),
            Block::Locked => (
                format!(
                    "{} Sessions are locked until you answer the safety questions again.",
                    Tier::Emergency.advice()
                ),
                false,
                Vec::new(),
            ),
            Block::Paused(tier, flags) => (
                format!("Your program is paused. {}", tier.advice()),
                true,
                flags.iter().map(|q| q.key().to_string()).collect(),
            ),
            Block::MorningPause(why) => (
                format!("Your program is paused: {why}"),
                true,
                Vec::new(),
            ),
            Block::DiaryPause(why) => (
                format!("Your program is paused: {why}"),
                true,
                Vec::new(),
            ),
        };
        Self {
            kind: block.kind().as_str().into(),
            advice,
            acknowledgeable,
            flagged,
            emergency: matches!(block, Block::Locked).then(|| wording::EMERGENCY.to_string()),
        }
    }
}

/// Why no script could be made.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("a session cannot start now: {}", .0.advice)]
    Blocked(BlockView),
    #[error(transparent)]
    Plan(#[from] limber_core::plan::PlanError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<PlanningError> for ScriptError {
    fn from(e: PlanningError) -> Self {
        match e {
            PlanningError::Plan(e) => Self::Plan(e),
            PlanningError::Store(e) => Self::Store(e),
        }
    }
}

/// The routine a session planned with `plan` runs, behind the safety gate,
/// with the get-ready decided: the one path to a routine for both the
/// script and the replay of its log. The program is the user's saved one,
/// else the default.
pub async fn gated_routine<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    state: &UserState,
    plan: PlanInputs,
) -> Result<(Routine, PlanInputs, GetReady), ScriptError> {
    plan.check()?;
    if let Some(block) = gate::first_block(state) {
        return Err(ScriptError::Blocked(BlockView::of(&block)));
    }
    let mode = plan.get_ready_mode(state.first_session());
    let routine = planning::routine(store, user, catalog, state, None, plan.wanted()).await?;
    Ok((routine, plan.resolved(mode), mode))
}

/// `GET /session-script`: the gated, planned routine as a script.
pub async fn session_script<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    plan: PlanInputs,
) -> Result<SessionScript, ScriptError> {
    plan.check()?;
    let state = UserState::recent(store, user, now, catalog).await?;
    let (routine, plan, mode) = gated_routine(store, user, catalog, &state, plan).await?;
    Ok(compile(&routine, plan, mode))
}
