//! Time as the core sees it: handed in, never read.
//!
//! The guided-session engine works on a monotonic offset from the session's
//! start (so wall-clock jumps cannot stretch or shorten a hold); records carry
//! wall-clock timestamps. Drivers own a [`Clock`]; tests use a fake one.

use std::time::Duration;

/// A source of both kinds of time. Implemented by the drivers (system clock,
/// sped-up clock) and by `limber-testutil`'s fake clock.
pub trait Clock {
    /// Monotonic time since an arbitrary fixed origin.
    fn monotonic(&self) -> Duration;
    /// The current wall-clock instant.
    fn now(&self) -> jiff::Timestamp;
}
