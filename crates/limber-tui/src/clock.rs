//! Real clocks for the drivers: the system clock and a sped-up one.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use limber_core::clock::Clock;

/// A [`Clock`] a driver can sleep against: it says how fast its time runs
/// compared with real time, so the driver sleeps the right real duration.
pub trait DriverClock: Clock {
    /// Session seconds per real second (1.0 for the system clock).
    fn speed(&self) -> f64 {
        1.0
    }

    /// The real time that `session` of this clock's time takes.
    fn real_duration(&self, session: Duration) -> Duration {
        let speed = self.speed();
        if speed == 1.0 {
            session
        } else {
            Duration::from_secs_f64(session.as_secs_f64() / speed)
        }
    }
}

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

impl DriverClock for SystemClock {}

/// `--speed X` was not a usable speed.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("--speed must be a finite number greater than 0, got {0}")]
pub struct SpeedError(pub f64);

/// A clock whose time runs `speed` times faster than real time, from the
/// moment it is made. Its wall time moves at the same rate from the real
/// wall time at creation, so records stay consistent with session time
/// (a 10-minute session at `--speed 60` ends 10 s later, stamped 10 min on).
#[derive(Debug, Clone, Copy)]
pub struct ScaledClock {
    speed: f64,
    origin: Instant,
    wall_origin: Timestamp,
}

impl ScaledClock {
    /// Accepts only a finite speed greater than zero.
    pub fn new(speed: f64) -> Result<Self, SpeedError> {
        Self::validate(speed)?;
        Ok(Self {
            speed,
            origin: Instant::now(),
            wall_origin: Timestamp::now(),
        })
    }

    /// Checks a speed without making a clock (for argument parsing).
    pub fn validate(speed: f64) -> Result<f64, SpeedError> {
        if speed.is_finite() && speed > 0.0 {
            Ok(speed)
        } else {
            Err(SpeedError(speed))
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    fn scaled(&self, real: Duration) -> Duration {
        // Saturate instead of panicking on absurd speeds.
        Duration::try_from_secs_f64(real.as_secs_f64() * self.speed).unwrap_or(Duration::MAX)
    }
}

impl Clock for ScaledClock {
    fn monotonic(&self) -> Duration {
        self.scaled(self.origin.elapsed())
    }
    fn now(&self) -> Timestamp {
        let elapsed = self.monotonic();
        jiff::SignedDuration::try_from(elapsed)
            .ok()
            .and_then(|d| self.wall_origin.checked_add(d).ok())
            .unwrap_or(Timestamp::MAX)
    }
}

impl DriverClock for ScaledClock {
    fn speed(&self) -> f64 {
        self.speed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unusable_speeds() {
        for bad in [
            0.0,
            -0.0,
            -1.0,
            -0.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let err = ScaledClock::new(bad).unwrap_err();
            assert!(
                err.to_string()
                    .contains("--speed must be a finite number greater than 0"),
                "{err}"
            );
        }
    }

    #[test]
    fn accepts_positive_finite_speeds() {
        for good in [0.25, 1.0, 60.0, 1000.0] {
            assert_eq!(ScaledClock::new(good).unwrap().speed(), good);
        }
    }

    #[test]
    fn converts_session_time_to_real_time() {
        let clock = ScaledClock::new(10.0).unwrap();
        assert_eq!(
            clock.real_duration(Duration::from_secs(5)),
            Duration::from_millis(500)
        );
        let system = SystemClock::new();
        assert_eq!(
            system.real_duration(Duration::from_secs(5)),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn scales_elapsed_real_time() {
        let clock = ScaledClock::new(60.0).unwrap();
        assert_eq!(
            clock.scaled(Duration::from_secs(2)),
            Duration::from_secs(120)
        );
        let huge = ScaledClock::new(f64::MAX).unwrap();
        assert_eq!(huge.scaled(Duration::from_secs(2)), Duration::MAX);
    }
}
