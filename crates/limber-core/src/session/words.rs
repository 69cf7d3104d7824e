//! The words of cues: the exercise, side and rep in context, what comes
//! next, and the ways on from a halt.

use std::time::Duration;

use super::types::{Choice, Decision, Phase};
use super::{At, Resume, Session};
use crate::plan::PlannedStep;

pub(super) fn choice(decision: Decision, label: impl Into<String>) -> Choice {
    Choice {
        decision,
        label: label.into(),
    }
}

impl Session {
    /// "Lying thigh stretch, right leg, rep 1 of 3" for the current hold.
    pub(super) fn context(&self) -> String {
        self.context_at(self.at)
    }

    pub(super) fn context_at(&self, at: At) -> String {
        format!(
            "{}, {}",
            self.routine.steps[at.step].name,
            self.hold_words(at, true)
        )
    }

    /// "right leg, rep 1 of 3" (or "rep 1 of 3"); "of N" only when `of`.
    pub(super) fn hold_words(&self, at: At, of: bool) -> String {
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
    pub(super) fn switch_words(&self, from: At, to: At) -> String {
        let side = |at| self.hold(at).and_then(|h| h.side);
        match (side(from), side(to)) {
            (Some(a), Some(b)) if a != b => format!("Switch to your {} leg.", b.as_str()),
            _ => "Next rep.".to_string(),
        }
    }

    /// The instruction that names the side, filled in for `at` (with a
    /// leading space), or nothing for an exercise without one.
    pub(super) fn side_instruction(&self, at: At) -> String {
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
    pub(super) fn to_go(&self, now: Duration) -> String {
        if self.phase != Phase::Hold {
            return String::new();
        }
        let left = f64::from(self.counts()) - self.progress(now);
        let left = left.ceil().max(0.0) as u32;
        format!(" {left} count{} to go.", plural(left))
    }

    /// What comes after the current (or, in a get-ready or rest, the
    /// coming) hold, in words: never that hold itself.
    pub(super) fn next_in_words(&self) -> String {
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
}

pub(super) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

pub(super) fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
