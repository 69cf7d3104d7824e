//! The guided-session state machine.
//!
//! Timeline of one exercise: GetReady (GET_READY_SECS) → Hold → Rest → Hold …
//! → Hold, then the next exercise's GetReady, and after the last hold of the
//! routine, Finished. Rests come only *between* holds of one exercise, so an
//! uninterrupted session lasts exactly [`Routine::estimate`].
//!
//! Timing: the current phase has an *anchor* (the session time at which its
//! progress was `done` units: counts for a hold, seconds otherwise). Every
//! deadline is `anchor + (units to go) / rate`, computed afresh, never by
//! adding up what ticks observed. When a phase ends on schedule the next
//! phase is anchored at that exact due time, not at the `now` of the tick
//! that noticed it, so late, early or irregular ticks change nothing. The
//! anchor moves only when the user acts: it is shifted by the paused time
//! on resume, and re-set by a pace change, a skip or going back.

use std::time::Duration;

use jiff::Timestamp;

use super::stoprules::{self, HurtsMore, Stop};
use super::types::{Choice, Cue, CueKind, Event, HaltView, Output, Phase, Sound, StopReason, View};
use crate::PainScore;
use crate::catalog::Movement;
use crate::diary::{Outcome, Rating, SessionStatus, StepRecord};
use crate::plan::{GET_READY_SECS, Hold, PlannedStep, Routine};
use crate::safety::Tier;
use crate::side::Side;

/// A second `b` within this long of the first goes to the hold before.
const BACK_AGAIN: Duration = Duration::from_secs(2);
/// How many of a hold's last counts are announced (5, 4, 3, 2, 1).
const COUNTDOWN: u32 = 5;
/// The reason recorded for the holds after a stopped one.
const STOPPED_EARLIER: &str = "stopped earlier in this exercise";
/// The invitation to rate, at the natural points: before the first
/// exercise and between exercises.
pub const RATE_PROMPT: &str =
    "Pain now? Type 0-10 if you like (0 no pain ... 10 worst imaginable).";

/// How a get-ready countdown ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetReady {
    /// After this many seconds.
    Timed(u32),
    /// When the user says they are in position (space or Enter): the
    /// first session, when a new user needs time to find each position.
    WaitForUser,
}

impl Default for GetReady {
    fn default() -> Self {
        GetReady::Timed(GET_READY_SECS)
    }
}

/// A position in the routine: step (exercise) index and hold index within it.
/// In Hold it is the hold being done; in GetReady and Rest, the hold to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    step: usize,
    hold: usize,
}

/// Where `Continue` goes after a stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    GetReady(At),
    Finish,
}

/// What a halt is waiting about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HaltKind {
    /// A stop rule ended an exercise. After spreading symptoms or an
    /// electric jolt, `leave_out` is the movement family that Continue
    /// leaves out of the rest of the routine.
    Stop { leave_out: Option<Movement> },
    /// Pain above 5/10 before the first stretch.
    HighStart,
}

/// A stop rule fired; the session waits for Continue or Quit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Halt {
    /// The exercise (and hold) the stop was put down to, for the view.
    at: At,
    resume: Resume,
    kind: HaltKind,
    /// What happened, for a screen.
    title: String,
    /// What to do now, without the keys.
    text: String,
    /// How to go on, the advised way first.
    choices: Vec<Choice>,
    /// Why, for the holds a Continue leaves out.
    why: String,
}

impl Halt {
    /// "Press c to …, or q to …."
    fn keys(&self) -> String {
        let parts: Vec<String> = self
            .choices
            .iter()
            .map(|c| format!("{} to {}", c.key, c.label))
            .collect();
        match parts.split_last() {
            None => String::new(),
            Some((last, [])) => format!("Press {last}."),
            Some((last, rest)) => format!("Press {}, or {last}.", rest.join(", ")),
        }
    }
}

fn choice(key: &'static str, label: impl Into<String>) -> Choice {
    Choice {
        key,
        label: label.into(),
    }
}

/// A guided session in progress.
#[derive(Debug, Clone)]
pub struct Session {
    routine: Routine,
    started_at: Timestamp,
    /// `routine.steps[i].holds()`, computed once.
    holds: Vec<Vec<Hold>>,
    /// Steps left out of the rest of this session (after a spreading stop).
    left_out: Vec<bool>,
    get_ready_mode: GetReady,
    /// When `b` was last pressed, and the hold it went back to.
    last_back: Option<(Duration, At)>,
    /// The user chose the gentlest version after high pain at the start.
    gentle: bool,
    /// The user reported red-flag symptoms.
    red_flag: bool,
    phase: Phase,
    at: At,
    /// Session time at which the current phase had made `done` progress.
    anchor: Duration,
    /// Progress at `anchor`: counts in a hold, seconds in GetReady and Rest.
    done: f64,
    /// The next "counts remaining" to announce in this hold; 0 when none left.
    countdown: u32,
    paused_at: Option<Duration>,
    /// Whether the first GetReady cue has been given.
    begun: bool,
    halt: Option<Halt>,
    finished_at: Option<Duration>,
    /// The session's first rating.
    baseline: Option<PainScore>,
    /// The hold that started most recently.
    last_held: Option<At>,
    /// "Hurts more" reports: (exercise index, how many).
    hurts_more: Option<(usize, u32)>,
    /// Holds recorded, by outcome: done, skipped, stopped.
    tally: [u32; 3],
    /// The latest cue's text.
    cue: String,
}

impl Session {
    /// A session of `routine` that began at wall-clock `started_at` and at
    /// monotonic session time zero.
    pub fn new(routine: Routine, started_at: Timestamp) -> Self {
        let holds: Vec<_> = routine.steps.iter().map(PlannedStep::holds).collect();
        let mut session = Self {
            left_out: vec![false; holds.len()],
            get_ready_mode: GetReady::default(),
            last_back: None,
            gentle: false,
            red_flag: false,
            routine,
            started_at,
            holds,
            phase: Phase::GetReady,
            at: At { step: 0, hold: 0 },
            anchor: Duration::ZERO,
            done: 0.0,
            countdown: 0,
            paused_at: None,
            begun: false,
            halt: None,
            finished_at: None,
            baseline: None,
            last_held: None,
            hurts_more: None,
            tally: [0; 3],
            cue: String::new(),
        };
        if !session.routine.steps.is_empty() {
            session.cue = session.get_ready_cue(Duration::ZERO).text;
        }
        session
    }

    /// The same session with get-ready countdowns that end `mode`'s way.
    pub fn with_get_ready(mut self, mode: GetReady) -> Self {
        self.get_ready_mode = mode;
        if !self.begun && !self.routine.steps.is_empty() {
            self.cue = self.get_ready_cue(Duration::ZERO).text;
        }
        self
    }

    /// The "pain now" rating asked before the session begins (typed at the
    /// question, or `--pain-before`): the session's baseline. Above 5/10 the
    /// session does not start as usual: it waits for the choice of the
    /// gentlest version or stopping. Only before the session has begun.
    pub fn rate_before_start(&mut self, pain: PainScore) -> Vec<Output> {
        let mut out = Vec::new();
        if self.begun || self.routine.steps.is_empty() {
            return out;
        }
        out.push(Output::Rating(Rating {
            after: None,
            pain,
            at: self.stamp(Duration::ZERO),
        }));
        self.baseline = Some(pain);
        if pain.get() > stoprules::MAX_PAIN_DURING_HOLD {
            // The halt's cue is the session's first, at the first tick.
            let mut cues = Vec::new();
            self.high_start(pain, Duration::ZERO, &mut cues);
        } else {
            self.cue = self.get_ready_cue(Duration::ZERO).text;
        }
        out
    }

    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// Advances to `now` (monotonic time since the session began) and returns
    /// every cue and record that fell due, in order, each cue stamped with
    /// the time it fell due.
    pub fn tick(&mut self, now: Duration) -> Vec<Output> {
        let mut out = Vec::new();
        self.advance(now, &mut out);
        out
    }

    /// Applies a user event at `now`, after catching up with everything that
    /// fell due before it.
    pub fn handle(&mut self, event: Event, now: Duration) -> Vec<Output> {
        let mut out = Vec::new();
        self.advance(now, &mut out);
        if self.phase == Phase::Finished {
            return out;
        }
        match event {
            Event::Pause => self.pause(now, &mut out),
            Event::Resume => self.resume(now, &mut out),
            Event::TogglePause if self.waiting_for_ready() => self.start_hold(now, &mut out),
            Event::Ready => {
                if self.waiting_for_ready() {
                    self.start_hold(now, &mut out);
                }
            }
            Event::TogglePause => {
                if self.paused_at.is_some() {
                    self.resume(now, &mut out);
                } else {
                    self.pause(now, &mut out);
                }
            }
            Event::Skip => self.skip(now, &mut out),
            Event::Back => self.back(now, &mut out),
            Event::Quit => {
                let status = if self.phase == Phase::Stopped {
                    SessionStatus::Stopped
                } else {
                    SessionStatus::Partial
                };
                self.finish(now, status, &mut out);
            }
            Event::Pace(steps) => self.change_pace(steps, now, &mut out),
            Event::Rate(pain) => self.take_rating(pain, now, &mut out),
            Event::HurtsMore => self.report_hurts_more(now, &mut out),
            Event::Spreading => self.report_stop(&stoprules::for_spreading(), now, &mut out),
            Event::SharpPain => self.report_stop(&stoprules::for_sharp_pain(), now, &mut out),
            Event::Centralizing => {
                let text = format!("{}: noted. {}", self.context(), stoprules::CENTRALIZING);
                self.say(
                    &mut out,
                    now,
                    CueKind::Centralizing,
                    text,
                    "That is generally a good sign. Carry on gently.",
                    None,
                );
            }
            Event::Continue => self.continue_after_halt(true, now, &mut out),
            Event::ContinueAll => self.continue_after_halt(false, now, &mut out),
            Event::Gentlest => {
                if self
                    .halt
                    .as_ref()
                    .is_some_and(|h| h.kind == HaltKind::HighStart)
                {
                    self.halt = None;
                    self.gentlest(now, &mut out);
                }
            }
            Event::RedFlag => self.report_red_flag(now, &mut out),
        }
        out
    }

    /// A snapshot for drawing, as of `now`.
    pub fn view(&self, now: Duration) -> View {
        let elapsed = self.finished_at.unwrap_or(now);
        let mut view = View {
            phase: self.phase,
            paused: self.paused_at.is_some(),
            step_index: self.at.step.min(self.routine.steps.len().saturating_sub(1)),
            step_count: self.routine.steps.len(),
            exercise: None,
            name: String::new(),
            side: None,
            rep: 0,
            reps: 0,
            count: 0,
            counts: 0,
            remaining: Duration::ZERO,
            phase_progress: 0.0,
            routine_progress: 0.0,
            instructions: Vec::new(),
            next: String::new(),
            cue: self.cue.clone(),
            halt: self.halt.as_ref().map(|h| HaltView {
                title: h.title.clone(),
                text: h.text.clone(),
                choices: h.choices.clone(),
            }),
            waiting_for_ready: self.waiting_for_ready(),
            pace: self.routine.pace,
            elapsed,
        };
        let at = match (self.phase, &self.halt) {
            (Phase::Finished, _) => {
                view.routine_progress = 1.0;
                return view;
            }
            (Phase::Stopped, Some(halt)) => halt.at,
            _ => self.at,
        };
        let Some(step) = self.routine.steps.get(at.step) else {
            return view;
        };
        let hold = self.hold(at);
        view.step_index = at.step;
        view.exercise = Some(step.exercise.clone());
        view.name = step.name.clone();
        view.side = hold.and_then(|h| h.side);
        view.rep = hold.map_or(0, |h| h.rep);
        view.reps = step.reps.value;
        view.counts = step.hold.value;
        view.instructions = step
            .instructions
            .iter()
            .map(|i| PlannedStep::instruction_for(i, view.side))
            .collect();
        view.next = self.next_in_words();
        view.routine_progress = self.routine_progress(now);
        if self.phase == Phase::Stopped {
            return view;
        }
        let progress = self.progress(now);
        let total = self.phase_units();
        if self.phase == Phase::Hold {
            view.count = (progress.floor() as u32).min(view.counts);
        }
        view.remaining = span(total - progress, self.rate());
        view.phase_progress = if total > 0.0 {
            (progress / total).clamp(0.0, 1.0)
        } else {
            1.0
        };
        view
    }

    /// When the next cue falls due; `None` when paused, stopped or finished.
    pub fn next_deadline(&self) -> Option<Duration> {
        if !self.begun {
            return Some(Duration::ZERO);
        }
        if self.paused_at.is_some() || self.waiting_for_ready() {
            return None;
        }
        match self.phase {
            Phase::Hold if self.countdown > 0 => {
                let counts = f64::from(self.counts());
                Some(
                    self.anchor + span(counts - f64::from(self.countdown) - self.done, self.rate()),
                )
            }
            Phase::GetReady | Phase::Hold | Phase::Rest => Some(self.phase_end()),
            Phase::Stopped | Phase::Finished => None,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Finished
    }

    /// In a get-ready that ends when the user says so, and not paused.
    fn waiting_for_ready(&self) -> bool {
        self.phase == Phase::GetReady
            && self.get_ready_mode == GetReady::WaitForUser
            && self.paused_at.is_none()
    }

    // ----- the timeline -------------------------------------------------

    /// Emits everything due at or before `now`, in order.
    fn advance(&mut self, now: Duration, out: &mut Vec<Output>) {
        if !self.begun {
            self.begun = true;
            if self.routine.steps.is_empty() {
                self.finish(Duration::ZERO, SessionStatus::Completed, out);
                return;
            }
            if let Some(halt) = self.halt.as_ref().filter(|h| h.kind == HaltKind::HighStart) {
                // Pain above 5/10 was given before the start.
                let text = format!("{} {} {}", halt.title, halt.text, halt.keys());
                self.say(
                    out,
                    Duration::ZERO,
                    CueKind::Stopped,
                    text,
                    "Stretching at this level of pain is not advised today.",
                    Some(Sound::Alert),
                );
                return;
            }
            let cue = self.get_ready_cue(Duration::ZERO);
            self.emit(out, cue);
        }
        while let Some(due) = self.next_deadline() {
            if due > now {
                break;
            }
            self.fire(due, out);
        }
    }

    /// Acts on the deadline that fell due at `due`.
    fn fire(&mut self, due: Duration, out: &mut Vec<Output>) {
        match self.phase {
            Phase::GetReady | Phase::Rest => self.start_hold(due, out),
            Phase::Hold if self.countdown > 0 => {
                let remaining = self.countdown;
                self.countdown -= 1;
                let text = format!("{remaining} ({})", self.context());
                self.say(
                    out,
                    due,
                    CueKind::Count { remaining },
                    text,
                    remaining.to_string(),
                    Some(Sound::Tick),
                );
            }
            Phase::Hold => self.end_hold(due, out),
            Phase::Stopped | Phase::Finished => {}
        }
    }

    /// Starts (or restarts) the hold at `self.at`, announced at `t`.
    fn start_hold(&mut self, t: Duration, out: &mut Vec<Output>) {
        if self.holds[self.at.step].is_empty() {
            // A step without holds: nothing to do but move on.
            return self.next_exercise(t, out);
        }
        self.enter(Phase::Hold, self.at, t);
        self.countdown = COUNTDOWN.min(self.counts().saturating_sub(1));
        self.last_held = Some(self.at);
        if self.hurts_more.is_some_and(|(s, _)| s != self.at.step) {
            self.hurts_more = None;
        }
        let step = self.step();
        let text = format!(
            "{}: hold for a count of {}. Move gently, no bouncing.",
            self.context(),
            step.hold.value
        );
        let speak = format!(
            "{}. Hold for a count of {}.",
            capitalize(&self.hold_words(self.at, true)),
            step.hold.value
        );
        self.say(out, t, CueKind::HoldStart, text, speak, None);
    }

    /// The hold at `self.at` ran its full count at `t`.
    fn end_hold(&mut self, t: Duration, out: &mut Vec<Output>) {
        let here = self.at;
        let more = here.hold + 1 < self.holds[here.step].len();
        let (next, speak_next) = if more {
            let next = At {
                step: here.step,
                hold: here.hold + 1,
            };
            let words = self.hold_words(next, true);
            (format!("Next: {words}."), self.switch_words(here, next))
        } else {
            match self.next_step_after(here.step) {
                Some(s) => {
                    let name = &self.routine.steps[s].name;
                    (format!("Next: {name}."), format!("Next: {name}."))
                }
                None => ("That was the last stretch.".into(), String::new()),
            }
        };
        let text = format!("Release slowly. {} done. {next}", self.context());
        let speak = format!("Release. {speak_next}").trim_end().to_string();
        self.say(out, t, CueKind::HoldEnd, text, speak, Some(Sound::HoldEnd));
        self.record(out, here, Outcome::Done, None, t);
        if more {
            let next = At {
                step: here.step,
                hold: here.hold + 1,
            };
            self.enter(Phase::Rest, next, t);
            let rest = self.step().rest.value;
            let how = self.switch_words(here, next);
            let first = self.side_instruction(next);
            let text = format!(
                "{how}{first} {} starts in {rest} seconds.",
                capitalize(&self.context())
            );
            self.say(out, t, CueKind::Switch, text, how, None);
        } else {
            self.next_exercise(t, out);
        }
    }

    /// Goes to the GetReady of the exercise after the current one, or finishes.
    fn next_exercise(&mut self, t: Duration, out: &mut Vec<Output>) {
        match self.next_step_after(self.at.step) {
            Some(step) => self.get_ready(At { step, hold: 0 }, t, out),
            None => self.finish(t, SessionStatus::Completed, out),
        }
    }

    fn get_ready(&mut self, at: At, t: Duration, out: &mut Vec<Output>) {
        self.enter(Phase::GetReady, at, t);
        let cue = self.get_ready_cue(t);
        self.emit(out, cue);
    }

    fn get_ready_cue(&self, t: Duration) -> Cue {
        let step = self.step();
        // The first instruction gets into the position; within an exercise
        // (after going back), the one that names the side.
        let first = if self.at.hold == 0 {
            step.instructions
                .first()
                .map(|i| format!(" {}", PlannedStep::instruction_for(i, self.side())))
                .unwrap_or_default()
        } else {
            self.side_instruction(self.at)
        };
        // A progressive exercise says how deep to go before every start.
        let first = match &step.level {
            Some(l) => format!("{first} {}", crate::plan::level_text(l)),
            None => first,
        };
        let text = match self.get_ready_mode {
            GetReady::Timed(secs) => format!(
                "Get ready: {}. Starting in {secs} second{}.{first}",
                self.context(),
                plural(secs)
            ),
            GetReady::WaitForUser => format!(
                "Get into position: {}.{first} Press space (or Enter) when ready.",
                self.context()
            ),
        };
        // The natural moments to rate: before the first exercise (unless
        // rated already) and between exercises.
        let ask = self.at.hold == 0
            && if self.at.step == 0 {
                self.baseline.is_none()
            } else {
                self.last_held.is_some()
            };
        let text = if ask {
            format!("{text} {RATE_PROMPT}")
        } else {
            text
        };
        Cue {
            at: t,
            kind: CueKind::GetReady,
            text,
            speak: format!(
                "Get ready: {}, {}.",
                step.name,
                self.hold_words(self.at, false)
            ),
            sound: None,
        }
    }

    /// Makes `phase` at `at` the current phase, starting (with no progress) at
    /// `t`, or at the moment of pausing while paused, so that the time until
    /// resuming is not counted.
    fn enter(&mut self, phase: Phase, at: At, t: Duration) {
        self.phase = phase;
        self.at = at;
        self.anchor = self.paused_at.unwrap_or(t);
        self.done = 0.0;
        self.countdown = 0;
    }

    fn finish(&mut self, t: Duration, status: SessionStatus, out: &mut Vec<Output>) {
        let high_start = self
            .halt
            .as_ref()
            .is_some_and(|h| h.kind == HaltKind::HighStart);
        self.phase = Phase::Finished;
        self.paused_at = None;
        self.halt = None;
        self.finished_at = Some(t);
        let [done, skipped, stopped] = self.tally;
        let mut summary = format!("{done} hold{} done", plural(done));
        if skipped > 0 {
            summary.push_str(&format!(", {skipped} skipped"));
        }
        if stopped > 0 {
            summary.push_str(&format!(", {stopped} stopped"));
        }
        let (text, speak, sound) = match status {
            _ if self.red_flag => (
                format!(
                    "Session ended: you reported symptoms that need urgent medical help. {} Sessions are locked until you answer the safety questions again.",
                    Tier::Emergency.advice()
                ),
                "Session ended. These symptoms need urgent medical help.".to_string(),
                Some(Sound::Alert),
            ),
            _ if high_start => (
                "Session ended before the first stretch: no stretching today at this level of pain. If it stays this high, check with a health professional.".to_string(),
                "Session ended.".to_string(),
                None,
            ),
            SessionStatus::Completed if stopped > 0 => (
                format!(
                    "Routine finished: {summary}. If anything does not settle, check with a health professional."
                ),
                "Routine finished.".to_string(),
                Some(Sound::Finished),
            ),
            SessionStatus::Completed => (
                format!("Routine finished: {summary}. Well done."),
                "Routine finished. Well done.".to_string(),
                Some(Sound::Finished),
            ),
            SessionStatus::Partial => (
                format!("Session ended early: {summary}."),
                "Session ended.".to_string(),
                None,
            ),
            SessionStatus::Stopped => (
                format!(
                    "Session ended after a stop: {summary}. If it does not settle, check with a health professional."
                ),
                "Session ended.".to_string(),
                None,
            ),
        };
        self.say(out, t, CueKind::Finished, text, speak, sound);
        out.push(Output::Finished(status));
    }

    // ----- user events --------------------------------------------------

    fn running(&self) -> bool {
        matches!(self.phase, Phase::GetReady | Phase::Hold | Phase::Rest)
    }

    fn pause(&mut self, now: Duration, out: &mut Vec<Output>) {
        if !self.running() || self.paused_at.is_some() {
            return;
        }
        self.paused_at = Some(now);
        let text = format!("Paused: {}.{}", self.context(), self.to_go(now));
        self.say(out, now, CueKind::Paused, text, "Paused.", None);
    }

    fn resume(&mut self, now: Duration, out: &mut Vec<Output>) {
        let Some(paused_at) = self.paused_at else {
            return;
        };
        // The whole phase moves later by the paused time: what was left is kept.
        self.anchor += now.saturating_sub(paused_at);
        self.paused_at = None;
        let text = format!("Resumed: {}.{}", self.context(), self.to_go(now));
        self.say(out, now, CueKind::Resumed, text, "Resumed.", None);
    }

    fn skip(&mut self, now: Duration, out: &mut Vec<Output>) {
        if self.halt.is_some() {
            return self.continue_after_halt(true, now, out);
        }
        if !self.running() {
            return;
        }
        let here = self.at;
        let next = match self.next_step_after(here.step) {
            Some(s) => format!("Next: {}.", self.routine.steps[s].name),
            None => "That was the last stretch.".to_string(),
        };
        let text = format!("Skipped the rest of {}. {next}", self.step().name);
        let speak = format!("Skipped. {next}");
        self.say(out, now, CueKind::Skipped, text, speak, None);
        for hold in here.hold..self.holds[here.step].len() {
            let at = At {
                step: here.step,
                hold,
            };
            self.record(out, at, Outcome::Skipped, None, now);
        }
        self.next_exercise(now, out);
    }

    /// `b`: back to the start of the current hold (in a rest, the hold
    /// just done), and a second press within [`BACK_AGAIN`] to the hold
    /// before that, each with its get-ready.
    fn back(&mut self, now: Duration, out: &mut Vec<Output>) {
        if !self.running() {
            return;
        }
        let current = match self.phase {
            Phase::Rest => self.hold_before(self.at).unwrap_or(self.at),
            _ => self.at,
        };
        let again = self
            .last_back
            .is_some_and(|(t, went)| went == current && now.saturating_sub(t) <= BACK_AGAIN);
        let target = if again {
            self.hold_before(current).unwrap_or(current)
        } else {
            current
        };
        self.last_back = Some((now, target));
        self.back_cue(target, now, out);
        self.get_ready(target, now, out);
    }

    fn back_cue(&mut self, to: At, now: Duration, out: &mut Vec<Output>) {
        let text = format!("Back to {}, from the start.", self.context_at(to));
        let speak = format!("Back. {}.", capitalize(&self.hold_words(to, false)));
        self.say(out, now, CueKind::Back, text, speak, None);
    }

    fn change_pace(&mut self, steps: i32, now: Duration, out: &mut Vec<Output>) {
        let pace = self.routine.pace.nudged(steps);
        if self.phase == Phase::Hold {
            // Keep the counts done so far; the rest run at the new pace.
            let t = self.paused_at.unwrap_or(now);
            self.done = self.progress(now);
            self.anchor = t;
            self.routine.pace = pace;
        } else {
            self.routine.pace = pace;
        }
        let rate = pace.counts_per_second();
        let text = format!(
            "Pace: {rate:.1} counts a second ({}).{}",
            self.context(),
            self.to_go(now)
        );
        let speak = format!("Pace {rate:.1}.");
        self.say(out, now, CueKind::PaceChanged, text, speak, None);
    }

    fn go_on(&mut self, resume: Resume, now: Duration, out: &mut Vec<Output>) {
        match resume {
            Resume::GetReady(at) => self.get_ready(at, now, out),
            Resume::Finish => self.finish(now, SessionStatus::Completed, out),
        }
    }

    /// Continue (or ContinueAll, `leave_out` false) after a halt: on with
    /// the next exercise, leaving out the rest of a movement family after
    /// a spreading or electric stop when `leave_out`.
    fn continue_after_halt(&mut self, leave_out: bool, now: Duration, out: &mut Vec<Output>) {
        let Some(halt) = self.halt.take() else {
            return;
        };
        let family = match halt.kind {
            HaltKind::HighStart => {
                // Only the gentlest version or stopping go on from here.
                let text = format!("{} {} {}", halt.title, halt.text, halt.keys());
                self.halt = Some(halt);
                self.say(out, now, CueKind::Stopped, text, "", None);
                return;
            }
            HaltKind::Stop { leave_out: family } => family.filter(|_| leave_out),
        };
        let Some(family) = family else {
            return self.go_on(halt.resume, now, out);
        };
        let from = halt.at.step;
        let mut names = Vec::new();
        for step in from + 1..self.routine.steps.len() {
            if self.left_out[step] || self.routine.steps[step].movement != family {
                continue;
            }
            self.left_out[step] = true;
            names.push(self.routine.steps[step].name.clone());
            let why = format!("left out after {}", halt.why);
            for hold in 0..self.holds[step].len() {
                self.record(
                    out,
                    At { step, hold },
                    Outcome::Skipped,
                    Some(why.clone()),
                    now,
                );
            }
        }
        if !names.is_empty() {
            let text = format!(
                "Left out for the rest of this session: {} (the same kind of movement).",
                names.join(", ")
            );
            self.say(out, now, CueKind::Skipped, text, "", None);
        }
        let resume = match self.next_step_after(from) {
            Some(step) => Resume::GetReady(At { step, hold: 0 }),
            None => Resume::Finish,
        };
        self.go_on(resume, now, out);
    }

    /// The routine's gentlest version, after high pain at the start.
    fn gentlest(&mut self, now: Duration, out: &mut Vec<Output>) {
        self.routine = self.routine.gentlest();
        self.holds = self.routine.steps.iter().map(PlannedStep::holds).collect();
        self.left_out = vec![false; self.holds.len()];
        self.gentle = true;
        let names: Vec<&str> = self.routine.steps.iter().map(|s| s.name.as_str()).collect();
        let text = format!(
            "The gentlest version: {}, one rep each. Stop at once if the pain rises.",
            names.join(", ")
        );
        self.say(
            out,
            now,
            CueKind::Resumed,
            text,
            "The gentlest version.",
            None,
        );
        self.get_ready(At { step: 0, hold: 0 }, now, out);
    }

    /// Red-flag symptoms: the exercise on screen stops, the session ends
    /// as stopped, and the driver is told to lock sessions.
    fn report_red_flag(&mut self, now: Duration, out: &mut Vec<Output>) {
        if self.running() {
            let here = self.at;
            let why = Some(StopReason::RedFlag.as_str().to_string());
            self.record(out, here, Outcome::Stopped, why, now);
            for hold in here.hold + 1..self.holds[here.step].len() {
                let later = At {
                    step: here.step,
                    hold,
                };
                let why = Some(STOPPED_EARLIER.to_string());
                self.record(out, later, Outcome::Skipped, why, now);
            }
        }
        self.red_flag = true;
        out.push(Output::RedFlag);
        self.finish(now, SessionStatus::Stopped, out);
    }

    /// Pain above 5/10 before the first stretch: not the routine as usual.
    fn high_start(&mut self, pain: PainScore, now: Duration, out: &mut Vec<Output>) {
        let halt = Halt {
            at: self.at,
            resume: Resume::GetReady(self.at),
            kind: HaltKind::HighStart,
            title: format!("Pain {pain} before the first stretch."),
            text: "Stretching at this level of pain is not advised today. \
                   If the pain stays this high, or you are unsure, check with a health professional \
                   (`limber help safety` lists when to get urgent help)."
                .into(),
            choices: vec![
                choice("g", "do the gentlest version"),
                choice("q", "stop here"),
            ],
            why: String::new(),
        };
        let text = format!("{} {} {}", halt.title, halt.text, halt.keys());
        self.phase = Phase::Stopped;
        self.paused_at = None;
        self.countdown = 0;
        self.halt = Some(halt);
        self.say(
            out,
            now,
            CueKind::Stopped,
            text,
            "Stretching at this level of pain is not advised today.",
            Some(Sound::Alert),
        );
    }

    // ----- ratings and stop rules ---------------------------------------

    fn take_rating(&mut self, pain: PainScore, now: Duration, out: &mut Vec<Output>) {
        let after = match self.phase {
            Phase::Stopped => self.halt.as_ref().map(|h| h.at.step),
            Phase::Hold | Phase::Rest => Some(self.at.step),
            _ => self.last_held.map(|h| h.step),
        };
        out.push(Output::Rating(Rating {
            after: after.map(|s| self.routine.steps[s].exercise.clone()),
            pain,
            at: self.stamp(now),
        }));
        let first = self.baseline.is_none();
        let baseline = *self.baseline.get_or_insert(pain);
        let text = match after {
            None if first => format!("Pain {pain} noted as your starting point."),
            None => format!("Pain {pain} noted."),
            Some(s) => format!("Pain {pain} noted ({}).", self.routine.steps[s].name),
        };
        self.say(
            out,
            now,
            CueKind::Rated,
            text,
            format!("{} noted.", pain.get()),
            None,
        );
        // The stop rules apply from the first rating on. Above 5/10 before
        // any stretch, the routine does not start as usual.
        if !self.running() {
            return;
        }
        if self.last_held.is_none() && !self.gentle && pain.get() > stoprules::MAX_PAIN_DURING_HOLD
        {
            self.high_start(pain, now, out);
        } else if let Some(stop) = stoprules::for_rating(pain, baseline) {
            self.stop(&stop, now, out);
        }
    }

    fn report_hurts_more(&mut self, now: Duration, out: &mut Vec<Output>) {
        let verdict = if matches!(self.phase, Phase::Hold | Phase::Rest) {
            let step = self.at.step;
            let times = match self.hurts_more {
                Some((s, n)) if s == step => n + 1,
                _ => 1,
            };
            self.hurts_more = Some((step, times));
            stoprules::for_hurts_more(times)
        } else {
            HurtsMore::AskForRating
        };
        match verdict {
            HurtsMore::AskForRating => {
                let text = format!(
                    "{}: noted, it hurts more. Ease off a little, and rate your pain now from 0 to 10.",
                    self.context()
                );
                let speak = "Ease off a little, and rate your pain from 0 to 10.";
                self.say(out, now, CueKind::Rated, text, speak, None);
            }
            HurtsMore::Stop(stop) => self.stop(&stop, now, out),
        }
    }

    fn report_stop(&mut self, stop: &Stop, now: Duration, out: &mut Vec<Output>) {
        if self.phase == Phase::Stopped {
            // Already stopped: say it again, record nothing more.
            let text = format!(
                "Stay out of the stretch and rest: {}. {}",
                stop.text(),
                self.halt.as_ref().map_or_else(String::new, Halt::keys)
            );
            self.say(
                out,
                now,
                CueKind::Stopped,
                text,
                "Stay out of the stretch and rest.",
                Some(Sound::Alert),
            );
            return;
        }
        self.stop(stop, now, out);
    }

    /// A stop rule fired at `now`: the exercise on screen stops (its
    /// current hold stopped, the rest skipped), then the session waits for
    /// Continue or Quit. After spreading symptoms or an electric jolt,
    /// ending the session is offered first, and going on leaves out the
    /// rest of the routine's exercises of the same movement family unless
    /// the user chooses all of them.
    fn stop(&mut self, stop: &Stop, now: Duration, out: &mut Vec<Output>) {
        if !self.running() {
            return;
        }
        let here = self.at;
        self.record(out, here, Outcome::Stopped, Some(stop.text()), now);
        for hold in here.hold + 1..self.holds[here.step].len() {
            let later = At {
                step: here.step,
                hold,
            };
            let why = Some(STOPPED_EARLIER.to_string());
            self.record(out, later, Outcome::Skipped, why, now);
        }
        let next = match self.next_step_after(here.step) {
            Some(step) => Resume::GetReady(At { step, hold: 0 }),
            None => Resume::Finish,
        };
        let serious = matches!(stop.reason, StopReason::Spreading | StopReason::SharpPain);
        let movement = self.routine.steps[here.step].movement;
        let family = (serious
            && (here.step + 1..self.routine.steps.len())
                .any(|s| !self.left_out[s] && self.routine.steps[s].movement == movement))
        .then_some(movement);
        let choices = match (serious, family, next) {
            (true, Some(m), _) => vec![
                choice("q", "end the session (advised)"),
                choice(
                    "c",
                    format!("go on without the other {} stretches", m.as_str()),
                ),
                choice("a", "go on with all of them"),
            ],
            (true, None, Resume::Finish) => vec![
                choice("q", "end the session (advised)"),
                choice("c", "finish"),
            ],
            (true, None, _) => vec![
                choice("q", "end the session (advised)"),
                choice("c", "go on with the next exercise"),
            ],
            (false, _, Resume::Finish) => vec![choice("c", "finish"), choice("q", "end here")],
            (false, _, _) => vec![
                choice("c", "go on with the next exercise"),
                choice("q", "end here"),
            ],
        };
        let name = self.routine.steps[here.step].name.clone();
        let text = format!(
            "Stop this stretch now. Ease out of it slowly. {} stopped: {}. If it does not settle, check with a health professional.",
            capitalize(&self.context_at(here)),
            stop.text()
        );
        let halt = Halt {
            at: here,
            resume: next,
            kind: HaltKind::Stop { leave_out: family },
            title: "This exercise has stopped.".into(),
            text,
            choices,
            why: format!("{} in {name}", stop.reason.as_str()),
        };
        let text = format!("{} {}", halt.text, halt.keys());
        self.phase = Phase::Stopped;
        self.paused_at = None;
        self.countdown = 0;
        self.halt = Some(halt);
        self.say(
            out,
            now,
            CueKind::Stopped,
            text,
            "Stop this stretch now. Ease out of it slowly.",
            Some(Sound::Alert),
        );
    }

    // ----- records and cues ---------------------------------------------

    fn stamp(&self, t: Duration) -> Timestamp {
        self.started_at + t
    }

    fn record(
        &mut self,
        out: &mut Vec<Output>,
        at: At,
        outcome: Outcome,
        reason: Option<String>,
        t: Duration,
    ) {
        let hold = self.holds[at.step][at.hold];
        self.tally[match outcome {
            Outcome::Done => 0,
            Outcome::Skipped => 1,
            Outcome::Stopped => 2,
        }] += 1;
        out.push(Output::Step(StepRecord {
            exercise: self.routine.steps[at.step].exercise.clone(),
            side: hold.side,
            rep: hold.rep,
            outcome,
            reason,
            at: self.stamp(t),
        }));
    }

    fn say(
        &mut self,
        out: &mut Vec<Output>,
        at: Duration,
        kind: CueKind,
        text: impl Into<String>,
        speak: impl Into<String>,
        sound: Option<Sound>,
    ) {
        self.emit(
            out,
            Cue {
                at,
                kind,
                text: text.into(),
                speak: speak.into(),
                sound,
            },
        );
    }

    fn emit(&mut self, out: &mut Vec<Output>, cue: Cue) {
        self.cue.clone_from(&cue.text);
        out.push(Output::Cue(cue));
    }

    // ----- words ----------------------------------------------------------

    /// "Lying thigh stretch, right leg, rep 1 of 3" for the current hold.
    fn context(&self) -> String {
        self.context_at(self.at)
    }

    fn context_at(&self, at: At) -> String {
        format!(
            "{}, {}",
            self.routine.steps[at.step].name,
            self.hold_words(at, true)
        )
    }

    /// "right leg, rep 1 of 3" (or "rep 1 of 3"); "of N" only when `of`.
    fn hold_words(&self, at: At, of: bool) -> String {
        let step = &self.routine.steps[at.step];
        let Some(hold) = self.hold(at) else {
            return String::new();
        };
        let reps = if of {
            format!(" of {}", step.reps.value)
        } else {
            String::new()
        };
        match hold.side {
            Some(side) => format!("{} leg, rep {}{reps}", side.as_str(), hold.rep),
            None => format!("rep {}{reps}", hold.rep),
        }
    }

    /// "Switch to your left leg." or "Next rep."
    fn switch_words(&self, from: At, to: At) -> String {
        let side = |at| self.hold(at).and_then(|h| h.side);
        match (side(from), side(to)) {
            (Some(a), Some(b)) if a != b => format!("Switch to your {} leg.", b.as_str()),
            _ => "Next rep.".to_string(),
        }
    }

    /// The instruction that names the side, filled in for `at` (with a
    /// leading space), or nothing for an exercise without one.
    fn side_instruction(&self, at: At) -> String {
        let step = &self.routine.steps[at.step];
        step.instructions
            .iter()
            .find(|i| i.contains("{side}"))
            .map(|i| {
                format!(
                    " {}",
                    PlannedStep::instruction_for(i, self.hold(at).and_then(|h| h.side))
                )
            })
            .unwrap_or_default()
    }

    /// " 12 counts to go." in a hold; nothing otherwise.
    fn to_go(&self, now: Duration) -> String {
        if self.phase != Phase::Hold {
            return String::new();
        }
        let left = f64::from(self.counts()) - self.progress(now);
        let left = left.ceil().max(0.0) as u32;
        format!(" {left} count{} to go.", plural(left))
    }

    /// What comes after the current (or, in a get-ready or rest, the
    /// coming) hold, in words: never that hold itself.
    fn next_in_words(&self) -> String {
        let after_step = |s: usize| {
            self.next_step_after(s).map_or_else(
                || "Finish".to_string(),
                |n| self.routine.steps[n].name.clone(),
            )
        };
        match self.phase {
            Phase::GetReady | Phase::Rest | Phase::Hold => {
                let At { step, hold } = self.at;
                if hold + 1 < self.holds[step].len() {
                    capitalize(&self.hold_words(
                        At {
                            step,
                            hold: hold + 1,
                        },
                        false,
                    ))
                } else {
                    after_step(step)
                }
            }
            Phase::Stopped => match self.halt.as_ref().map(|h| h.resume) {
                Some(Resume::GetReady(at)) => self.routine.steps[at.step].name.clone(),
                _ => "Finish".to_string(),
            },
            Phase::Finished => String::new(),
        }
    }

    // ----- arithmetic -----------------------------------------------------

    fn step(&self) -> &PlannedStep {
        &self.routine.steps[self.at.step]
    }

    fn hold(&self, at: At) -> Option<Hold> {
        self.holds.get(at.step)?.get(at.hold).copied()
    }

    fn side(&self) -> Option<Side> {
        self.hold(self.at).and_then(|h| h.side)
    }

    fn counts(&self) -> u32 {
        self.step().hold.value
    }

    /// The next exercise after `step` that is not left out.
    fn next_step_after(&self, step: usize) -> Option<usize> {
        (step + 1..self.routine.steps.len()).find(|s| !self.left_out[*s])
    }

    /// The hold before `at`, across exercises too.
    fn hold_before(&self, at: At) -> Option<At> {
        let At { step, hold } = at;
        if hold > 0 {
            return Some(At {
                step,
                hold: hold - 1,
            });
        }
        (0..step).rev().find_map(|s| {
            let n = self.holds[s].len();
            (n > 0).then(|| At {
                step: s,
                hold: n - 1,
            })
        })
    }

    /// Units per second in the current phase: the pace in a hold, 1 otherwise.
    fn rate(&self) -> f64 {
        if self.phase == Phase::Hold {
            self.routine.pace.counts_per_second()
        } else {
            1.0
        }
    }

    /// The length of the current phase in its units.
    fn phase_units(&self) -> f64 {
        match self.phase {
            Phase::GetReady => match self.get_ready_mode {
                GetReady::Timed(secs) => f64::from(secs),
                GetReady::WaitForUser => 0.0,
            },
            Phase::Hold => f64::from(self.counts()),
            Phase::Rest => f64::from(self.step().rest.value),
            Phase::Stopped | Phase::Finished => 0.0,
        }
    }

    /// When the current phase ends, if nothing intervenes.
    fn phase_end(&self) -> Duration {
        self.anchor + span(self.phase_units() - self.done, self.rate())
    }

    /// Progress through the current phase at `now`, in its units.
    fn progress(&self, now: Duration) -> f64 {
        let t = self.paused_at.unwrap_or(now);
        let since = t.saturating_sub(self.anchor).as_secs_f64();
        (self.done + since * self.rate()).min(self.phase_units())
    }

    /// 0.0–1.0 through the routine by planned time at the current pace.
    fn routine_progress(&self, now: Duration) -> f64 {
        let pace = self.routine.pace;
        let total = self.routine.estimate();
        if total.is_zero() {
            return 1.0;
        }
        let before = |s: usize| -> Duration {
            self.routine.steps[..s]
                .iter()
                .map(|p| p.estimate(pace))
                .sum()
        };
        let within = |at: At| {
            let step = &self.routine.steps[at.step];
            let hold = pace.duration_of(step.hold.value);
            let rest = Duration::from_secs(u64::from(step.rest.value));
            (hold + rest) * at.hold as u32
        };
        let get_ready = Duration::from_secs(u64::from(GET_READY_SECS));
        let done = match self.phase {
            Phase::Finished => total,
            Phase::Stopped => match self.halt.as_ref().map(|h| h.resume) {
                Some(Resume::GetReady(at)) => before(at.step) + within(at),
                _ => total,
            },
            Phase::GetReady => {
                before(self.at.step) + within(self.at) + span(self.progress(now), 1.0)
            }
            Phase::Hold => {
                before(self.at.step)
                    + get_ready
                    + within(self.at)
                    + span(self.progress(now), self.rate())
            }
            Phase::Rest => {
                let step = self.step();
                before(self.at.step) + get_ready + within(self.at)
                    - Duration::from_secs(u64::from(step.rest.value))
                    + span(self.progress(now), 1.0)
            }
        };
        (done.as_secs_f64() / total.as_secs_f64()).clamp(0.0, 1.0)
    }
}

/// Time that `units` take at `rate` units per second (never negative).
fn span(units: f64, rate: f64) -> Duration {
    Duration::from_secs_f64((units / rate).max(0.0))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
