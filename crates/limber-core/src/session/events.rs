//! User events: pausing, skipping, going back, the pace, going on after
//! a halt, the gentlest version and red-flag symptoms.

use std::time::Duration;

use super::types::{CueKind, Decision, Output, Phase, Sound, StopReason};
use super::words::{capitalize, choice};
use super::{At, BACK_AGAIN, Halt, HaltKind, Resume, Session};
use crate::PainScore;
use crate::diary::{Outcome, SessionStatus, StepReason};
use crate::plan::PlannedStep;

impl Session {
    pub(super) fn running(&self) -> bool {
        matches!(self.phase, Phase::GetReady | Phase::Hold | Phase::Rest)
    }

    pub(super) fn pause(&mut self, now: Duration, out: &mut Vec<Output>) {
        if !self.running() || self.paused_at.is_some() {
            return;
        }
        self.paused_at = Some(now);
        let text = format!("Paused: {}.{}", self.context(), self.to_go(now));
        self.say(out, now, CueKind::Paused, text, "Paused.", None);
    }

    pub(super) fn resume(&mut self, now: Duration, out: &mut Vec<Output>) {
        let Some(paused_at) = self.paused_at else {
            return;
        };
        // The whole phase moves later by the paused time: what was left is kept.
        self.anchor += now.saturating_sub(paused_at);
        self.paused_at = None;
        self.overlay_paused = false;
        let text = format!("Resumed: {}.{}", self.context(), self.to_go(now));
        self.say(out, now, CueKind::Resumed, text, "Resumed.", None);
    }

    pub(super) fn skip(&mut self, now: Duration, out: &mut Vec<Output>) {
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
    pub(super) fn back(&mut self, now: Duration, out: &mut Vec<Output>) {
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

    pub(super) fn back_cue(&mut self, to: At, now: Duration, out: &mut Vec<Output>) {
        let text = format!("Back to {}, from the start.", self.context_at(to));
        let speak = format!("Back. {}.", capitalize(&self.hold_words(to, false)));
        self.say(out, now, CueKind::Back, text, speak, None);
    }

    pub(super) fn change_pace(&mut self, steps: i32, now: Duration, out: &mut Vec<Output>) {
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

    pub(super) fn go_on(&mut self, resume: Resume, now: Duration, out: &mut Vec<Output>) {
        match resume {
            Resume::GetReady(at) => self.get_ready(at, now, out),
            Resume::Finish => self.finish(now, SessionStatus::Completed, out),
        }
    }

    /// Continue (or ContinueAll, `leave_out` false) after a halt: on with
    /// the next exercise, leaving out the rest of a movement family after
    /// a spreading or electric stop when `leave_out`.
    pub(super) fn continue_after_halt(
        &mut self,
        leave_out: bool,
        now: Duration,
        out: &mut Vec<Output>,
    ) {
        let Some(halt) = self.halt.take() else {
            return;
        };
        let family = match halt.kind {
            HaltKind::HighStart => {
                // Only the gentlest version or stopping go on from here.
                let text = format!("{} {}", halt.title, halt.text);
                self.halt = Some(halt);
                self.say_halted(out, now, text, "", None);
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
            for hold in 0..self.holds[step].len() {
                let why = halt.why.clone();
                self.record(out, At { step, hold }, Outcome::Skipped, why, now);
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
    pub(super) fn gentlest(&mut self, now: Duration, out: &mut Vec<Output>) {
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
    pub(super) fn report_red_flag(&mut self, now: Duration, out: &mut Vec<Output>) {
        if self.running() {
            let here = self.at;
            let why = Some(StepReason::stopped(StopReason::RedFlag, ""));
            self.record(out, here, Outcome::Stopped, why, now);
            for hold in here.hold + 1..self.holds[here.step].len() {
                let later = At {
                    step: here.step,
                    hold,
                };
                let why = Some(StepReason::StoppedEarlier);
                self.record(out, later, Outcome::Skipped, why, now);
            }
        }
        self.red_flag = true;
        out.push(Output::RedFlag);
        self.finish(now, SessionStatus::Stopped, out);
    }

    /// Pain above 5/10 before the first stretch: not the routine as usual.
    pub(super) fn high_start(&mut self, pain: PainScore, now: Duration, out: &mut Vec<Output>) {
        let halt = Halt {
            at: self.at,
            resume: Resume::GetReady(self.at),
            kind: HaltKind::HighStart,
            title: format!("Pain {pain} before the first stretch."),
            text: "Stretching at this level of pain is not advised today. \
                   If the pain stays this high, or you are unsure, check with a health professional."
                .into(),
            choices: vec![
                choice(Decision::Gentlest, "do the gentlest version"),
                choice(Decision::End, "stop here"),
            ],
            why: None,
        };
        let text = format!("{} {}", halt.title, halt.text);
        self.phase = Phase::Stopped;
        self.paused_at = None;
        self.overlay_paused = false;
        self.countdown = 0;
        self.halt = Some(halt);
        self.say_halted(
            out,
            now,
            text,
            "Stretching at this level of pain is not advised today.",
            Some(Sound::Alert),
        );
    }
}
