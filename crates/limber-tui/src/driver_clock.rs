//! Clocks a terminal driver sleeps against: the system clock (the run
//! loop's, in `limber_app`) and a sped-up one for `--speed`.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use limber_core::clock::Clock;

pub use limber_app::system_clock::SystemClock;

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

impl DriverClock for SystemClock {}

/// `--speed X` was not a usable speed: outside [`ScaledClock::MIN_SPEED`]
/// to [`ScaledClock::MAX_SPEED`], or not a number.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("--speed must be from 0.1 to 1000, got {}", shown(*.0))]
pub struct SpeedError(pub f64);

/// A speed as the user would write it: `1e300`, not three hundred digits.
fn shown(speed: f64) -> String {
    let size = speed.abs();
    if size != 0.0 && !(1e-4..1e16).contains(&size) {
        format!("{speed:e}")
    } else {
        speed.to_string()
    }
}

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
    /// The slowest speed accepted.
    pub const MIN_SPEED: f64 = 0.1;
    /// The fastest speed accepted: a two-hour session in 7.2 s. Much faster
    /// and session times, deadlines and timestamps stop making sense.
    pub const MAX_SPEED: f64 = 1000.0;

    /// Accepts only a speed from [`Self::MIN_SPEED`] to [`Self::MAX_SPEED`].
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
        // NaN is in no range.
        if (Self::MIN_SPEED..=Self::MAX_SPEED).contains(&speed) {
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
            0.09,
            0.099_999,
            1_000.000_1,
            1001.0,
            1e18,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let err = ScaledClock::new(bad).unwrap_err();
            assert!(err.0 == bad || (bad.is_nan() && err.0.is_nan()), "{bad}");
            assert!(
                err.to_string()
                    .starts_with("--speed must be from 0.1 to 1000, got "),
                "{err}"
            );
            assert!(ScaledClock::validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_message_shows_the_speed_as_written() {
        let msg = |speed: f64| SpeedError(speed).to_string();
        assert_eq!(msg(0.0), "--speed must be from 0.1 to 1000, got 0");
        assert_eq!(msg(-2.0), "--speed must be from 0.1 to 1000, got -2");
        assert_eq!(msg(0.05), "--speed must be from 0.1 to 1000, got 0.05");
        assert_eq!(msg(1001.0), "--speed must be from 0.1 to 1000, got 1001");
        assert_eq!(msg(1e18), "--speed must be from 0.1 to 1000, got 1e18");
        assert_eq!(msg(1e300), "--speed must be from 0.1 to 1000, got 1e300");
        assert_eq!(msg(1e-300), "--speed must be from 0.1 to 1000, got 1e-300");
        assert_eq!(msg(f64::NAN), "--speed must be from 0.1 to 1000, got NaN");
        assert_eq!(
            msg(f64::INFINITY),
            "--speed must be from 0.1 to 1000, got inf"
        );
    }

    #[test]
    fn accepts_speeds_from_a_tenth_to_a_thousand_inclusive() {
        for good in [0.1, 0.25, 1.0, 60.0, 999.9, 1000.0] {
            assert_eq!(ScaledClock::new(good).unwrap().speed(), good);
            assert_eq!(ScaledClock::validate(good), Ok(good));
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
        // Out-of-range speeds are refused, but the arithmetic still saturates
        // rather than panicking.
        let huge = ScaledClock {
            speed: f64::MAX,
            ..ScaledClock::new(1.0).unwrap()
        };
        assert_eq!(huge.scaled(Duration::from_secs(2)), Duration::MAX);
    }
}
