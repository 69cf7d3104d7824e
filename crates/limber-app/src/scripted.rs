//! A scripted stand-in for the session engine, for the drivers' tests:
//! each driver's own tests (here and in `limber-tui`, through the
//! `scripted` feature) run the same script.

use std::time::Duration;

use limber_core::ExerciseId;
use limber_core::diary::{Outcome, SessionStatus, StepRecord};
use limber_core::plan::Pace;
use limber_core::session::{Cue, CueKind, Event, Output, Phase, Sound, View};
use limber_core::side::Side;

/// Emits its scripted outputs when their time comes; Quit ends it as partial.
#[derive(Debug, Default)]
pub struct ScriptedEngine {
    /// (due at, output), in time order.
    script: Vec<(Duration, Output)>,
    next: usize,
    finished: bool,
    paused: bool,
    pub events: Vec<(Event, Duration)>,
    /// Whether Quit produces a Finished output (a sloppy engine might not).
    pub quiet_quit: bool,
}

pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

pub fn cue(at: Duration, kind: CueKind, text: &str, sound: Option<Sound>) -> Output {
    Output::Cue(Cue {
        at,
        kind,
        text: text.into(),
        speak: text.into(),
        sound,
        prompt: None,
    })
}

pub fn step(side: Side, rep: u32) -> Output {
    Output::Step(StepRecord {
        exercise: ExerciseId::new("lying-thigh-stretch").unwrap(),
        side: Some(side),
        rep,
        outcome: Outcome::Done,
        reason: None,
        at: "2026-11-26T07:30:00Z".parse().unwrap(),
    })
}

impl ScriptedEngine {
    pub fn new(script: Vec<(Duration, Output)>) -> Self {
        Self {
            script,
            ..Self::default()
        }
    }

    /// Two holds of the lying thigh stretch, right then left, 3 s each.
    pub fn two_holds() -> Self {
        use CueKind::*;
        Self::new(vec![
            (
                secs(0),
                cue(
                    secs(0),
                    GetReady,
                    "Get ready: Lying thigh stretch, right leg.",
                    None,
                ),
            ),
            (secs(2), cue(secs(2), HoldStart, "Hold: right leg.", None)),
            (
                secs(4),
                cue(secs(4), Count { remaining: 1 }, "1", Some(Sound::Tick)),
            ),
            (
                secs(5),
                cue(
                    secs(5),
                    HoldEnd,
                    "Release the right leg.",
                    Some(Sound::HoldEnd),
                ),
            ),
            (secs(5), step(Side::Right, 1)),
            (
                secs(7),
                cue(secs(7), Switch, "Switch to the left leg.", None),
            ),
            (secs(7), cue(secs(7), HoldStart, "Hold: left leg.", None)),
            (
                secs(10),
                cue(
                    secs(10),
                    HoldEnd,
                    "Release the left leg.",
                    Some(Sound::HoldEnd),
                ),
            ),
            (secs(10), step(Side::Left, 1)),
            (
                secs(10),
                cue(
                    secs(10),
                    Finished,
                    "Routine finished.",
                    Some(Sound::Finished),
                ),
            ),
            (secs(10), Output::Finished(SessionStatus::Completed)),
        ])
    }

    pub fn script_outputs(&self) -> Vec<Output> {
        self.script.iter().map(|(_, o)| o.clone()).collect()
    }

    pub fn view_at(now: Duration) -> View {
        View {
            phase: Phase::Hold,
            paused: false,
            step_index: 0,
            step_count: 1,
            exercise: ExerciseId::new("lying-thigh-stretch"),
            name: "Lying thigh stretch".into(),
            side: Some(Side::Right),
            rep: 1,
            reps: 1,
            count: 0,
            counts: 3,
            remaining: secs(3),
            phase_progress: 0.0,
            routine_progress: 0.0,
            instructions: vec![],
            next: "Finish".into(),
            cue: String::new(),
            prompt: None,
            halt: None,
            waiting_for_ready: false,
            pace: Pace::DEFAULT,
            elapsed: now,
        }
    }
}

impl crate::drivable::Engine for ScriptedEngine {
    fn tick(&mut self, now: Duration) -> Vec<Output> {
        if self.paused {
            return vec![];
        }
        let mut out = Vec::new();
        while let Some((at, o)) = self.script.get(self.next)
            && *at <= now
        {
            if matches!(o, Output::Finished(_)) {
                self.finished = true;
            }
            out.push(o.clone());
            self.next += 1;
        }
        out
    }

    fn handle(&mut self, event: Event, now: Duration) -> Vec<Output> {
        self.events.push((event, now));
        match event {
            Event::Quit => {
                self.finished = true;
                if self.quiet_quit {
                    return vec![];
                }
                vec![
                    cue(
                        now,
                        CueKind::Finished,
                        "Session ended early; saved as partial.",
                        None,
                    ),
                    Output::Finished(SessionStatus::Partial),
                ]
            }
            Event::Pause => {
                self.paused = true;
                vec![cue(now, CueKind::Paused, "Paused.", None)]
            }
            _ => vec![],
        }
    }

    fn view(&self, now: Duration) -> View {
        Self::view_at(now)
    }

    fn next_deadline(&self) -> Option<Duration> {
        if self.paused {
            return None;
        }
        self.script.get(self.next).map(|(at, _)| *at)
    }

    fn is_finished(&self) -> bool {
        self.finished
    }
}

/// Keeps every record it is given.
#[derive(Debug, Default)]
pub struct Records(pub Vec<Output>);

impl crate::recorder::Recorder for Records {
    fn record(&mut self, out: &Output) -> Result<(), crate::recorder::RecordError> {
        self.0.push(out.clone());
        Ok(())
    }
}

impl crate::recorder::AsyncRecorder for Records {
    async fn record(&mut self, out: &Output) -> Result<(), crate::recorder::RecordError> {
        self.0.push(out.clone());
        Ok(())
    }
}
