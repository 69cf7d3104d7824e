//! The timeline: phases falling due in order, holds starting and ending,
//! get-ready countdowns and the end of the session.

use std::time::Duration;

use super::types::{Cue, CueKind, Output, Phase, Prompt, Sound};
use super::words::{capitalize, plural};
use super::{At, COUNTDOWN, GetReady, HaltKind, RATE_PROMPT, Session};
use crate::diary::{Outcome, SessionStatus};
use crate::plan::PlannedStep;
use crate::safety::Tier;

impl Session {
    /// Emits everything due at or before `now`, in order.
    pub(super) fn advance(&mut self, now: Duration, out: &mut Vec<Output>) {
        if !self.begun {
            self.begun = true;
            if self.routine.steps.is_empty() {
                self.finish(Duration::ZERO, SessionStatus::Completed, out);
                return;
            }
            if let Some(halt) = self.halt.as_ref().filter(|h| h.kind == HaltKind::HighStart) {
                // Pain above 5/10 was given before the start.
                let text = format!("{} {}", halt.title, halt.text);
                self.say_halted(
                    out,
                    Duration::ZERO,
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
    pub(super) fn fire(&mut self, due: Duration, out: &mut Vec<Output>) {
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
    pub(super) fn start_hold(&mut self, t: Duration, out: &mut Vec<Output>) {
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
    pub(super) fn end_hold(&mut self, t: Duration, out: &mut Vec<Output>) {
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
    pub(super) fn next_exercise(&mut self, t: Duration, out: &mut Vec<Output>) {
        match self.next_step_after(self.at.step) {
            Some(step) => self.get_ready(At { step, hold: 0 }, t, out),
            None => self.finish(t, SessionStatus::Completed, out),
        }
    }

    pub(super) fn get_ready(&mut self, at: At, t: Duration, out: &mut Vec<Output>) {
        self.enter(Phase::GetReady, at, t);
        let cue = self.get_ready_cue(t);
        self.emit(out, cue);
    }

    pub(super) fn get_ready_cue(&self, t: Duration) -> Cue {
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
            GetReady::WaitForUser => format!("Get into position: {}.{first}", self.context()),
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
            prompt: (self.get_ready_mode == GetReady::WaitForUser).then_some(Prompt::Ready),
        }
    }

    /// Makes `phase` at `at` the current phase, starting (with no progress) at
    /// `t`, or at the moment of pausing while paused, so that the time until
    /// resuming is not counted.
    pub(super) fn enter(&mut self, phase: Phase, at: At, t: Duration) {
        self.phase = phase;
        self.at = at;
        self.anchor = self.paused_at.unwrap_or(t);
        self.done = 0.0;
        self.countdown = 0;
    }

    pub(super) fn finish(&mut self, t: Duration, status: SessionStatus, out: &mut Vec<Output>) {
        let high_start = self
            .halt
            .as_ref()
            .is_some_and(|h| h.kind == HaltKind::HighStart);
        self.phase = Phase::Finished;
        self.paused_at = None;
        self.overlay_paused = false;
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
}
