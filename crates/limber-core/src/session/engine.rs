use std::time::Duration;

use jiff::Timestamp;

use super::types::{Event, Output, View};
use crate::plan::Routine;

/// A guided session in progress.
#[derive(Debug, Clone)]
pub struct Session {
    routine: Routine,
    started_at: Timestamp,
}

impl Session {
    /// A session of `routine` that began at wall-clock `started_at` and at
    /// monotonic session time zero.
    pub fn new(routine: Routine, started_at: Timestamp) -> Self {
        Self {
            routine,
            started_at,
        }
    }

    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// Advances to `now` (monotonic time since the session began) and returns
    /// every cue and record that fell due, in order.
    pub fn tick(&mut self, now: Duration) -> Vec<Output> {
        let _ = now;
        unimplemented!("session engine")
    }

    /// Applies a user event at `now`.
    pub fn handle(&mut self, event: Event, now: Duration) -> Vec<Output> {
        let _ = (event, now);
        unimplemented!("session engine")
    }

    /// A snapshot for drawing, as of `now`.
    pub fn view(&self, now: Duration) -> View {
        let _ = now;
        unimplemented!("session engine")
    }

    /// When the next cue falls due; `None` when paused, stopped or finished.
    pub fn next_deadline(&self) -> Option<Duration> {
        unimplemented!("session engine")
    }

    pub fn is_finished(&self) -> bool {
        unimplemented!("session engine")
    }
}
