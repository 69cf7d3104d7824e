//! What drivers call: building a session, ticking it, handing it user
//! events and reading a view of it.

use std::time::Duration;

use jiff::Timestamp;

use super::arithmetic::span;
use super::stoprules::{self};
use super::types::{CueKind, Event, HaltView, Output, Phase, View};
use super::{At, GetReady, HaltKind, Session};
use crate::PainScore;
use crate::diary::{Rating, SessionStatus};
use crate::plan::{PlannedStep, Routine};

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
            overlay_paused: false,
            begun: false,
            halt: None,
            finished_at: None,
            baseline: None,
            last_held: None,
            hurts_more: None,
            tally: [0; 3],
            cue: String::new(),
            prompt: None,
        };
        if !session.routine.steps.is_empty() {
            let cue = session.get_ready_cue(Duration::ZERO);
            session.show(&cue);
        }
        session
    }

    /// The same session with get-ready countdowns that end `mode`'s way.
    pub fn with_get_ready(mut self, mode: GetReady) -> Self {
        self.get_ready_mode = mode;
        if !self.begun && !self.routine.steps.is_empty() {
            let cue = self.get_ready_cue(Duration::ZERO);
            self.show(&cue);
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
            let cue = self.get_ready_cue(Duration::ZERO);
            self.show(&cue);
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
            Event::OverlayOpened => {
                if self.running() && self.paused_at.is_none() {
                    self.pause(now, &mut out);
                    self.overlay_paused = true;
                }
            }
            Event::OverlayClosed => {
                if std::mem::take(&mut self.overlay_paused) {
                    self.resume(now, &mut out);
                }
            }
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
            prompt: self.prompt.clone(),
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

    /// The session time the routine ended at, once it has: the deadline
    /// that finished it, not the later event whose catch-up reached it.
    pub fn finished_at(&self) -> Option<Duration> {
        self.finished_at
    }

    /// In a get-ready that ends when the user says so, and not paused.
    pub(super) fn waiting_for_ready(&self) -> bool {
        self.phase == Phase::GetReady
            && self.get_ready_mode == GetReady::WaitForUser
            && self.paused_at.is_none()
    }
}
