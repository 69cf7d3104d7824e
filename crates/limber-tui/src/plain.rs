//! The plain driver: one line per cue, `mm:ss  text`, nothing else.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use limber_core::diary::SessionStatus;
use limber_core::session::Cue;

use crate::clock::DriverClock;
use crate::driver::{DriveError, Driver, Wait};
use crate::engine::Engine;
use crate::record::Recorder;
use crate::speaker::Speaker;

/// The longest real time between two looks at the Ctrl-C flag.
pub(crate) const POLL: Duration = Duration::from_millis(100);

/// A cue as one plain line (no newline): `mm:ss  text`, where `mm:ss` is the
/// cue's own session time. Control characters (escapes, newlines) in the
/// text become spaces, so a line is always one line and escape-free.
pub fn cue_line(cue: &Cue) -> String {
    let secs = cue.at.as_secs();
    let text: String = cue
        .text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{:02}:{:02}  {}", secs / 60, secs % 60, text.trim_end())
}

/// The plain driver's decisions, without any sleeping: tests step it with a
/// fake clock.
#[derive(Debug)]
pub struct PlainDriver<E> {
    driver: Driver<E>,
}

impl<E: Engine> PlainDriver<E> {
    /// A driver whose session time zero is the monotonic `origin`.
    pub fn new(engine: E, origin: Duration) -> Self {
        Self {
            driver: Driver::new(engine, origin),
        }
    }

    pub fn driver(&self) -> &Driver<E> {
        &self.driver
    }

    /// Advances to session time `now`, prints a line per cue that fell due
    /// (flushing each) and forwards records; says when to step next.
    pub fn step(
        &mut self,
        now: Duration,
        out: &mut dyn Write,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Wait, DriveError> {
        self.driver
            .tick(now, &mut |cue| print(out, cue), recorder, speaker)
    }

    /// Ends the session at `now` (Ctrl-C), printing and recording what that produces.
    pub fn quit(
        &mut self,
        now: Duration,
        out: &mut dyn Write,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<SessionStatus, DriveError> {
        self.driver
            .quit(now, &mut |cue| print(out, cue), recorder, speaker)
    }
}

fn print(out: &mut dyn Write, cue: &Cue) -> io::Result<()> {
    writeln!(out, "{}", cue_line(cue))?;
    out.flush()
}

/// Runs a session in plain mode until it finishes or `interrupted` is set
/// (the caller's Ctrl-C handler), which ends it as partial. Sleeps on real
/// time, looking at `interrupted` at least every 100 ms.
pub fn run_plain<E: Engine>(
    session: E,
    clock: &(impl DriverClock + ?Sized),
    recorder: &mut dyn Recorder,
    out: &mut dyn Write,
    speaker: &mut dyn Speaker,
    interrupted: &AtomicBool,
) -> Result<SessionStatus, DriveError> {
    let mut plain = PlainDriver::new(session, clock.monotonic());
    loop {
        if interrupted.load(Ordering::SeqCst) {
            let now = plain.driver.now(clock);
            tracing::debug!(?now, "interrupted");
            return plain.quit(now, out, recorder, speaker);
        }
        let now = plain.driver.now(clock);
        let step = match plain.step(now, out, recorder, speaker) {
            Ok(step) => step,
            Err(DriveError::Io(err)) => {
                // Output is gone (a closed pipe): still save the session as partial.
                tracing::debug!(%err, "plain output failed");
                plain.quit(now, &mut io::sink(), recorder, speaker)?;
                return Err(DriveError::Io(err));
            }
            Err(err) => return Err(err),
        };
        let wait = match step {
            Wait::Done(status) => return Ok(status),
            Wait::Until(at) => {
                let left = at.saturating_sub(plain.driver.now(clock));
                clock.real_duration(left).min(POLL)
            }
            Wait::ForUser => POLL,
        };
        // At least a millisecond, so a deadline already due cannot spin the CPU.
        std::thread::sleep(wait.max(Duration::from_millis(1)));
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use limber_core::clock::Clock;
    use limber_core::diary::SessionStatus;
    use limber_core::session::{CueKind, Output};
    use limber_testutil::FakeClock;

    use super::*;
    use crate::fake::{Records, ScriptedEngine, cue, secs};
    use crate::record::RecordError;
    use crate::speaker::NullSpeaker;

    /// Steps the plain driver the way `run_plain` does, but jumping the fake
    /// clock straight to each deadline instead of sleeping.
    fn run_to_end(
        engine: ScriptedEngine,
        clock: &FakeClock,
    ) -> (String, Vec<Output>, SessionStatus) {
        let mut out = Vec::new();
        let mut recorder = Records::default();
        let mut plain = PlainDriver::new(engine, clock.monotonic());
        let status = loop {
            let now = plain.driver().now(clock);
            match plain
                .step(now, &mut out, &mut recorder, &mut NullSpeaker)
                .unwrap()
            {
                Wait::Done(status) => break status,
                Wait::Until(at) => clock.advance(at - now),
                Wait::ForUser => panic!("the script never waits for the user"),
            }
        };
        (String::from_utf8(out).unwrap(), recorder.0, status)
    }

    #[test]
    fn prints_one_line_per_cue_stamped_with_the_cue_time() {
        // The clock starts well past its origin: session time is what counts.
        let clock = FakeClock::default();
        clock.advance_secs(3600);
        let (text, _, status) = run_to_end(ScriptedEngine::two_holds(), &clock);
        assert_eq!(status, SessionStatus::Completed);
        insta::assert_snapshot!(text, @r"
        00:00  Get ready: Lying thigh stretch, right leg.
        00:02  Hold: right leg.
        00:04  1
        00:05  Release the right leg.
        00:07  Switch to the left leg.
        00:07  Hold: left leg.
        00:10  Release the left leg.
        00:10  Routine finished.
        ");
        assert!(!text.contains('\x1b') && !text.contains('\x07'));
    }

    #[test]
    fn a_late_wake_up_prints_each_cue_with_its_own_time() {
        let clock = FakeClock::default();
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), clock.monotonic());
        let mut out = Vec::new();
        let mut recorder = |_: &Output| -> Result<(), RecordError> { Ok(()) };
        // Woken 6 s late: everything due by then, each line with its own time.
        let wait = plain
            .step(secs(6), &mut out, &mut recorder, &mut NullSpeaker)
            .unwrap();
        assert_eq!(wait, Wait::Until(secs(7)));
        let text = String::from_utf8(out).unwrap();
        let stamps: Vec<&str> = text.lines().map(|l| &l[..5]).collect();
        assert_eq!(stamps, ["00:00", "00:02", "00:04", "00:05"]);
    }

    #[test]
    fn forwards_every_record_in_order_and_no_cues() {
        let clock = FakeClock::default();
        let (_, records, _) = run_to_end(ScriptedEngine::two_holds(), &clock);
        let expected: Vec<Output> = ScriptedEngine::two_holds()
            .script_outputs()
            .into_iter()
            .filter(|o| !matches!(o, Output::Cue(_)))
            .collect();
        assert_eq!(records, expected);
        assert!(matches!(
            records.last(),
            Some(Output::Finished(SessionStatus::Completed))
        ));
    }

    #[test]
    fn lines_never_carry_escapes_or_line_breaks() {
        let Output::Cue(c) = cue(
            Duration::from_millis(61_999),
            CueKind::HoldStart,
            "Hold\x1b[31m red\nnext\tline\x07",
            None,
        ) else {
            unreachable!()
        };
        let line = cue_line(&c);
        assert_eq!(line, "01:01  Hold [31m red next line");
        assert!(line.chars().all(|c| !c.is_control()));
        // Past an hour the minutes keep counting.
        let mut late = c;
        late.at = Duration::from_secs(3725);
        assert!(cue_line(&late).starts_with("62:05  "));
    }

    #[test]
    fn quitting_feeds_quit_prints_and_records_partial() {
        let clock = FakeClock::default();
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), clock.monotonic());
        let mut out = Vec::new();
        let mut recorder = Records::default();
        plain
            .step(secs(3), &mut out, &mut recorder, &mut NullSpeaker)
            .unwrap();
        let status = plain
            .quit(secs(3), &mut out, &mut recorder, &mut NullSpeaker)
            .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
        let text = String::from_utf8(out.clone()).unwrap();
        assert_eq!(
            text.lines().last(),
            Some("00:03  Session ended early; saved as partial.")
        );
        assert_eq!(
            plain.driver().engine().events,
            [(limber_core::session::Event::Quit, secs(3))]
        );
        // Quitting again changes nothing.
        let again = plain
            .quit(secs(4), &mut out, &mut recorder, &mut NullSpeaker)
            .unwrap();
        assert_eq!(again, SessionStatus::Partial);
        assert_eq!(recorder.0.len(), 1);
    }

    #[test]
    fn a_quit_the_engine_does_not_record_is_still_saved_as_partial() {
        let mut engine = ScriptedEngine::two_holds();
        engine.quiet_quit = true;
        let mut plain = PlainDriver::new(engine, Duration::ZERO);
        let mut recorder = Records::default();
        let status = plain
            .quit(secs(1), &mut Vec::new(), &mut recorder, &mut NullSpeaker)
            .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
    }

    #[test]
    fn a_failing_recorder_stops_the_driver_with_its_error() {
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut recorder =
            |_: &Output| -> Result<(), RecordError> { Err(RecordError::new("disk full")) };
        let err = plain
            .step(secs(5), &mut Vec::new(), &mut recorder, &mut NullSpeaker)
            .unwrap_err();
        assert_eq!(err.to_string(), "could not save the session: disk full");
    }

    #[test]
    fn run_plain_returns_at_once_when_already_interrupted() {
        let flag = AtomicBool::new(true);
        let clock = crate::clock::SystemClock::new();
        let mut out = Vec::new();
        let mut recorder = Records::default();
        let status = run_plain(
            ScriptedEngine::two_holds(),
            &clock,
            &mut recorder,
            &mut out,
            &mut NullSpeaker,
            &flag,
        )
        .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
    }

    /// Output that always fails, like a pipe whose reader has gone.
    struct ClosedPipe;
    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_still_saves_the_session_as_partial() {
        let flag = AtomicBool::new(false);
        let clock = crate::clock::SystemClock::new();
        let mut recorder = Records::default();
        let err = run_plain(
            ScriptedEngine::two_holds(),
            &clock,
            &mut recorder,
            &mut ClosedPipe,
            &mut NullSpeaker,
            &flag,
        )
        .unwrap_err();
        assert!(matches!(err, DriveError::Io(_)), "{err}");
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
    }
}
