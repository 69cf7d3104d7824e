//! Ratings and the stop rules they trigger, and the stops the user reports.

use std::time::Duration;

use super::stoprules::{self, HurtsMore, Stop};
use super::types::{CueKind, Decision, Output, Phase, Sound, StopReason};
use super::words::{capitalize, choice};
use super::{At, Halt, HaltKind, Resume, Session};
use crate::PainScore;
use crate::diary::{Outcome, Rating, StepReason};

impl Session {
    pub(super) fn take_rating(&mut self, pain: PainScore, now: Duration, out: &mut Vec<Output>) {
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

    pub(super) fn report_hurts_more(&mut self, now: Duration, out: &mut Vec<Output>) {
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

    pub(super) fn report_stop(&mut self, stop: &Stop, now: Duration, out: &mut Vec<Output>) {
        if self.phase == Phase::Stopped {
            // Already stopped: say it again, record nothing more.
            let text = format!("Stay out of the stretch and rest: {}.", stop.text(),);
            self.say_halted(
                out,
                now,
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
    pub(super) fn stop(&mut self, stop: &Stop, now: Duration, out: &mut Vec<Output>) {
        if !self.running() {
            return;
        }
        let here = self.at;
        let why = StepReason::stopped(stop.reason, stop.detail.clone());
        self.record(out, here, Outcome::Stopped, Some(why), now);
        for hold in here.hold + 1..self.holds[here.step].len() {
            let later = At {
                step: here.step,
                hold,
            };
            let why = Some(StepReason::StoppedEarlier);
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
                choice(Decision::End, "end the session (advised)"),
                choice(
                    Decision::Continue,
                    format!("go on without the other {} stretches", m.as_str()),
                ),
                choice(Decision::ContinueAll, "go on with all of them"),
            ],
            (true, None, Resume::Finish) => vec![
                choice(Decision::End, "end the session (advised)"),
                choice(Decision::Continue, "finish"),
            ],
            (true, None, _) => vec![
                choice(Decision::End, "end the session (advised)"),
                choice(Decision::Continue, "go on with the next exercise"),
            ],
            (false, _, Resume::Finish) => vec![
                choice(Decision::Continue, "finish"),
                choice(Decision::End, "end here"),
            ],
            (false, _, _) => vec![
                choice(Decision::Continue, "go on with the next exercise"),
                choice(Decision::End, "end here"),
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
            why: Some(StepReason::LeftOut {
                after: stop.reason,
                exercise: name,
            }),
        };
        let text = halt.text.clone();
        self.phase = Phase::Stopped;
        self.paused_at = None;
        self.overlay_paused = false;
        self.countdown = 0;
        self.halt = Some(halt);
        self.say_halted(
            out,
            now,
            text,
            "Stop this stretch now. Ease out of it slowly.",
            Some(Sound::Alert),
        );
    }
}
