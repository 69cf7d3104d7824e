//! What the session hands back: step records and cues.

use std::time::Duration;

use jiff::Timestamp;

use super::types::{Cue, CueKind, Output, Prompt, Sound};
use super::{At, Session};
use crate::diary::{Outcome, StepReason, StepRecord};

impl Session {
    pub(super) fn stamp(&self, t: Duration) -> Timestamp {
        self.started_at + t
    }

    pub(super) fn record(
        &mut self,
        out: &mut Vec<Output>,
        at: At,
        outcome: Outcome,
        reason: Option<StepReason>,
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

    pub(super) fn say(
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
                prompt: None,
            },
        );
    }

    /// A halt's cue: the stop alert, waiting for one of the halt's choices.
    pub(super) fn say_halted(
        &mut self,
        out: &mut Vec<Output>,
        at: Duration,
        text: impl Into<String>,
        speak: impl Into<String>,
        sound: Option<Sound>,
    ) {
        let prompt = self.halt.as_ref().map(|h| Prompt::Choose {
            choices: h.choices.clone(),
        });
        self.emit(
            out,
            Cue {
                at,
                kind: CueKind::Stopped,
                text: text.into(),
                speak: speak.into(),
                sound,
                prompt,
            },
        );
    }

    pub(super) fn emit(&mut self, out: &mut Vec<Output>, cue: Cue) {
        self.show(&cue);
        out.push(Output::Cue(cue));
    }

    /// Makes `cue` the latest one, for the view.
    pub(super) fn show(&mut self, cue: &Cue) {
        self.cue.clone_from(&cue.text);
        self.prompt.clone_from(&cue.prompt);
    }
}
