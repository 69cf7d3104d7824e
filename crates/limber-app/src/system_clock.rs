//! The machine's real clock, for a driver and for the real wall-clock
//! times a session's records carry
//! ([`crate::session_record::WallClock`]).

use std::time::{Duration, Instant};

use jiff::Timestamp;
use limber_core::clock::Clock;

/// The machine's clocks: monotonic from [`Instant`], wall from
/// [`Timestamp::now`].
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}
