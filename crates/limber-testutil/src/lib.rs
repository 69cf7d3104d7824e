//! Test helpers shared by limber's crates: a fake clock and ready-made
//! routines and records, so tests read as specifications.
#![forbid(unsafe_code)]

pub mod history;
pub mod wording;

use std::cell::Cell;
use std::time::Duration;

use jiff::Timestamp;
use limber_core::Catalog;
use limber_core::clock::Clock;
use limber_core::diary::SessionContext;
use limber_core::plan::{Pace, Personal, PlanRequest, Routine, plan};

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct FakeClock {
    origin: Timestamp,
    elapsed: Cell<Duration>,
}

impl FakeClock {
    /// A clock reading `origin` (RFC 3339, e.g. `2026-11-26T07:30:00Z`).
    pub fn at(origin: &str) -> Self {
        Self {
            origin: origin.parse().expect("valid RFC 3339 timestamp"),
            elapsed: Cell::new(Duration::ZERO),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.elapsed.set(self.elapsed.get() + by);
    }

    pub fn advance_secs(&self, secs: u64) {
        self.advance(Duration::from_secs(secs));
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        Self::at("2026-11-26T07:30:00Z")
    }
}

impl Clock for FakeClock {
    fn monotonic(&self) -> Duration {
        self.elapsed.get()
    }

    fn now(&self) -> Timestamp {
        self.origin + self.elapsed.get()
    }
}

/// The default program planned for the floor with nothing personal known.
pub fn default_routine() -> Routine {
    routine_for(SessionContext::default(), None)
}

/// The default program planned for a context and budget.
pub fn routine_for(context: SessionContext, minutes: Option<u32>) -> Routine {
    let catalog = Catalog::builtin();
    let personal = Personal::default();
    plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context,
        minutes,
        pace: Pace::DEFAULT,
        personal: &personal,
    })
    .expect("the default program plans")
}
pub mod runfiles;
