//! Time and progress: where in the routine, when the current phase ends,
//! how far through it and through the routine.

use std::time::Duration;

use super::types::Phase;
use super::{At, GetReady, Resume, Session};
use crate::plan::{GET_READY_SECS, Hold, PlannedStep};
use crate::side::Side;

impl Session {
    pub(super) fn step(&self) -> &PlannedStep {
        &self.routine.steps[self.at.step]
    }

    pub(super) fn hold(&self, at: At) -> Option<Hold> {
        self.holds.get(at.step)?.get(at.hold).copied()
    }

    pub(super) fn side(&self) -> Option<Side> {
        self.hold(self.at).and_then(|h| h.side)
    }

    pub(super) fn counts(&self) -> u32 {
        self.step().hold.value
    }

    /// The next exercise after `step` that is not left out.
    pub(super) fn next_step_after(&self, step: usize) -> Option<usize> {
        (step + 1..self.routine.steps.len()).find(|s| !self.left_out[*s])
    }

    /// The hold before `at`, across exercises too.
    pub(super) fn hold_before(&self, at: At) -> Option<At> {
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
    pub(super) fn rate(&self) -> f64 {
        if self.phase == Phase::Hold {
            self.routine.pace.counts_per_second()
        } else {
            1.0
        }
    }

    /// The length of the current phase in its units.
    pub(super) fn phase_units(&self) -> f64 {
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
    pub(super) fn phase_end(&self) -> Duration {
        self.anchor + span(self.phase_units() - self.done, self.rate())
    }

    /// Progress through the current phase at `now`, in its units.
    pub(super) fn progress(&self, now: Duration) -> f64 {
        let t = self.paused_at.unwrap_or(now);
        let since = t.saturating_sub(self.anchor).as_secs_f64();
        (self.done + since * self.rate()).min(self.phase_units())
    }

    /// 0.0–1.0 through the routine by planned time at the current pace.
    pub(super) fn routine_progress(&self, now: Duration) -> f64 {
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
pub(super) fn span(units: f64, rate: f64) -> Duration {
    Duration::from_secs_f64((units / rate).max(0.0))
}
