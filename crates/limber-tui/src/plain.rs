//! The plain driver: one line per cue, `mm:ss  text`, and line commands
//! typed on stdin (see [`plain_command`]), so the stop rules work without a
//! full screen.

use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use limber_app::drivable::Engine;
use limber_app::driver::{DriveError, Driver, Wait};
use limber_app::recorder::Recorder;
use limber_core::diary::SessionStatus;
use limber_core::session::{Cue, Event};
use limber_core::wording::EMERGENCY;

use crate::driver_clock::DriverClock;
use crate::keys::{Action, PLAIN_COMMANDS, PLAIN_LEGEND, plain_command};
use crate::speaker::Speaker;

/// The longest real time between two looks at the Ctrl-C flag.
pub(crate) const POLL: Duration = Duration::from_millis(100);

/// The most of an unknown command echoed back in the hint.
const ECHO_MAX: usize = 40;

/// A cue as one plain line (no newline): `mm:ss  text`, where `mm:ss` is the
/// cue's own session time. Control characters (escapes, newlines) in the
/// text become spaces, so a line is always one line and escape-free.
pub fn cue_line(cue: &Cue) -> String {
    let secs = cue.at.as_secs();
    format!(
        "{:02}:{:02}  {}",
        secs / 60,
        secs % 60,
        printable(&crate::keys::cue_words(&cue.text, cue.prompt.as_ref())).trim_end()
    )
}

/// `text` with every control character (escapes, line breaks) as a space.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The lines typed on stdin, without their line endings, as a channel. A
/// thread reads them (bytes that are not UTF-8 become U+FFFD) and ends at
/// end of input or on a read error, or once the receiver is dropped and a
/// line arrives; the channel then reports disconnection. Reading never
/// blocks the caller. Make it once per process: the thread keeps stdin
/// locked, so read any later answers from this channel, not from stdin.
pub fn stdin_lines() -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("limber-stdin".into())
        .spawn(move || {
            let mut stdin = io::stdin().lock();
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match stdin.read_until(b'\n', &mut buf) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                    Err(err) => {
                        tracing::debug!(%err, "reading stdin failed");
                        break;
                    }
                }
                let line = String::from_utf8_lossy(&buf);
                let line = line.strip_suffix('\n').unwrap_or(&line);
                let line = line.strip_suffix('\r').unwrap_or(line);
                if tx.send(line.to_string()).is_err() {
                    break;
                }
            }
        });
    if let Err(err) = spawned {
        // The sender went with the closure: the channel reads as closed.
        tracing::debug!(%err, "cannot start the stdin reader");
    }
    rx
}

/// The plain driver's decisions, without any sleeping: tests step it with a
/// fake clock and feed it typed lines.
#[derive(Debug)]
pub struct PlainDriver<E> {
    driver: Driver<E>,
    /// The emergency list was printed and the next line closes it: like the
    /// full screen's overlay, it holds up the count meanwhile.
    help_open: bool,
}

impl<E: Engine> PlainDriver<E> {
    /// A driver whose session time zero is the monotonic `origin`.
    pub fn new(engine: E, origin: Duration) -> Self {
        Self {
            driver: Driver::new(engine, origin),
            help_open: false,
        }
    }

    pub fn driver(&self) -> &Driver<E> {
        &self.driver
    }

    /// Prints the one-line command legend ([`PLAIN_LEGEND`]).
    pub fn legend(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{PLAIN_LEGEND}")?;
        out.flush()
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

    /// Carries out one typed line at session time `now` (after stepping to
    /// it, so the line applies to what the user has been told): a session
    /// event, `q` (quit at once, saved as partial), `?` (the emergency list
    /// and the commands, which pause a running count until the next line,
    /// as the full screen's overlay does until it closes), or, for anything
    /// else, a one-line hint. Says when to step next.
    pub fn command(
        &mut self,
        line: &str,
        now: Duration,
        out: &mut dyn Write,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Wait, DriveError> {
        if let Wait::Done(status) = self.step(now, out, recorder, speaker)? {
            return Ok(Wait::Done(status));
        }
        let command = plain_command(line);
        if std::mem::take(&mut self.help_open) {
            let closed = self.driver.handle(
                Event::OverlayClosed,
                now,
                &mut |cue| print(out, cue),
                recorder,
                speaker,
            )?;
            // Enter after the list only goes back to the session.
            if line.trim().is_empty() {
                return Ok(closed);
            }
        }
        match command {
            Some(Action::Session(event)) => {
                self.driver
                    .handle(event, now, &mut |cue| print(out, cue), recorder, speaker)
            }
            Some(Action::Interrupt | Action::ConfirmQuit | Action::AskQuit) => {
                tracing::debug!(?now, "quit typed");
                self.quit(now, out, recorder, speaker).map(Wait::Done)
            }
            Some(Action::ShowHelp) => {
                self.driver.handle(
                    Event::OverlayOpened,
                    now,
                    &mut |cue| print(out, cue),
                    recorder,
                    speaker,
                )?;
                self.help_open = true;
                for line in EMERGENCY.lines().chain(PLAIN_COMMANDS.lines()) {
                    writeln!(out, "{}", printable(line).trim_end())?;
                }
                out.flush()?;
                Ok(self.driver.wait())
            }
            Some(Action::CancelQuit | Action::CloseHelp | Action::Ignore) => Ok(self.driver.wait()),
            None => {
                let mut echo: String = printable(line.trim()).chars().take(ECHO_MAX).collect();
                if line.trim().chars().count() > ECHO_MAX {
                    echo.push_str("...");
                }
                writeln!(out, "?? unknown command \"{echo}\": type ? for the list")?;
                out.flush()?;
                Ok(self.driver.wait())
            }
        }
    }

    /// Ends the session at `now` (Ctrl-C, `q`), printing and recording what that produces.
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

    /// Steps to `now`, then carries out every line already waiting in
    /// `input`, in order, without blocking (what [`run_plain`] does each
    /// time it wakes). Lines after a quit are left unread. Says when to step
    /// next.
    pub fn step_with_input(
        &mut self,
        now: Duration,
        input: Option<&Receiver<String>>,
        out: &mut dyn Write,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Wait, DriveError> {
        let mut wait = self.step(now, out, recorder, speaker)?;
        // A closed channel (end of input) simply yields nothing more.
        let Some(input) = input else {
            return Ok(wait);
        };
        while !matches!(wait, Wait::Done(_))
            && let Ok(line) = input.try_recv()
        {
            wait = self.command(&line, now, out, recorder, speaker)?;
        }
        Ok(wait)
    }
}

fn print(out: &mut dyn Write, cue: &Cue) -> io::Result<()> {
    writeln!(out, "{}", cue_line(cue))?;
    out.flush()
}

/// Where typed lines come from while the plain driver waits.
pub trait LineSource {
    /// Waits at most `real` (real time) for a line, and returns it the
    /// moment it arrives, so a command applies when it was typed; `None`
    /// when the time ran out or input has ended.
    fn next_line(&mut self, real: Duration) -> Option<String>;
    /// Input has ended: nobody can type a command any more.
    fn ended(&self) -> bool;
}

/// Lines from a channel (see [`stdin_lines`]), or none at all.
struct Typed<'a> {
    input: Option<&'a Receiver<String>>,
    ended: bool,
}

impl LineSource for Typed<'_> {
    fn next_line(&mut self, real: Duration) -> Option<String> {
        match self.input {
            Some(input) if !self.ended => match input.recv_timeout(real) {
                Ok(line) => return Some(line),
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => self.ended = true,
            },
            _ => {}
        }
        std::thread::sleep(real);
        None
    }

    fn ended(&self) -> bool {
        self.ended || self.input.is_none()
    }
}

/// Runs a session in plain mode until it finishes, the user types `q`, or
/// `interrupted` is set (the caller's Ctrl-C handler); quitting ends it as
/// partial. With `input` (see [`stdin_lines`]) it first prints a one-line
/// legend, then carries out each typed line as a command (pain ratings,
/// symptom reports, pause, skip, ...) the moment it arrives. Looks at
/// `interrupted` at least every 100 ms. When the session waits for a
/// choice and no more input can come, it ends there.
pub fn run_plain<E: Engine>(
    session: E,
    clock: &(impl DriverClock + ?Sized),
    recorder: &mut dyn Recorder,
    out: &mut dyn Write,
    speaker: &mut dyn Speaker,
    interrupted: &AtomicBool,
    input: Option<&Receiver<String>>,
) -> Result<SessionStatus, DriveError> {
    let legend = input.is_some();
    let mut typed = Typed {
        input,
        ended: false,
    };
    run_plain_from(
        session,
        clock,
        recorder,
        out,
        speaker,
        interrupted,
        &mut typed,
        legend,
    )
}

/// [`run_plain`] with lines from any [`LineSource`] (tests use one that
/// moves a fake clock instead of waiting).
#[allow(clippy::too_many_arguments)]
pub fn run_plain_from<E: Engine>(
    session: E,
    clock: &(impl DriverClock + ?Sized),
    recorder: &mut dyn Recorder,
    out: &mut dyn Write,
    speaker: &mut dyn Speaker,
    interrupted: &AtomicBool,
    input: &mut dyn LineSource,
    legend: bool,
) -> Result<SessionStatus, DriveError> {
    let mut plain = PlainDriver::new(session, clock.monotonic());
    let mut legend_due = legend;
    let mut line: Option<String> = None;
    loop {
        if interrupted.load(Ordering::SeqCst) {
            let now = plain.driver.now(clock);
            tracing::debug!(?now, "interrupted");
            return plain.quit(now, out, recorder, speaker);
        }
        let now = plain.driver.now(clock);
        let legend = if std::mem::take(&mut legend_due) {
            plain.legend(out).map_err(DriveError::Io)
        } else {
            Ok(())
        };
        let step = legend.and_then(|()| match line.take() {
            Some(line) => plain.command(&line, now, out, recorder, speaker),
            None => plain.step(now, out, recorder, speaker),
        });
        let step = match step {
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
            Wait::ForUser if input.ended() => {
                // A choice nobody can make any more: end here.
                let now = plain.driver.now(clock);
                return plain.quit(now, out, recorder, speaker);
            }
            Wait::ForUser => POLL,
        };
        // At least a millisecond, so a deadline already due cannot spin the CPU.
        line = input.next_line(wait.max(Duration::from_millis(1)));
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
    use crate::keys::PLAIN_LEGEND;
    use crate::speaker::NullSpeaker;
    use limber_app::recorder::RecordError;
    use limber_app::scripted::{Records, ScriptedEngine, cue, secs};

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
        let clock = crate::driver_clock::SystemClock::new();
        let mut out = Vec::new();
        let mut recorder = Records::default();
        let status = run_plain(
            ScriptedEngine::two_holds(),
            &clock,
            &mut recorder,
            &mut out,
            &mut NullSpeaker,
            &flag,
            None,
        )
        .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
        // No input, no commands: no legend promising them.
        assert!(!String::from_utf8(out).unwrap().contains("Type a number"));
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
        let clock = crate::driver_clock::SystemClock::new();
        let mut recorder = Records::default();
        let err = run_plain(
            ScriptedEngine::two_holds(),
            &clock,
            &mut recorder,
            &mut ClosedPipe,
            &mut NullSpeaker,
            &flag,
            None,
        )
        .unwrap_err();
        assert!(matches!(err, DriveError::Io(_)), "{err}");
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
    }

    fn typed(lines: &[&str]) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        for line in lines {
            tx.send((*line).to_string()).unwrap();
        }
        rx
    }

    fn command(plain: &mut PlainDriver<ScriptedEngine>, line: &str) -> (String, Wait) {
        let mut out = Vec::new();
        let wait = plain
            .command(
                line,
                secs(3),
                &mut out,
                &mut Records::default(),
                &mut NullSpeaker,
            )
            .unwrap();
        (String::from_utf8(out).unwrap(), wait)
    }

    #[test]
    fn an_unknown_command_prints_one_escape_free_hint_and_carries_on() {
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        command(&mut plain, "");
        let (text, wait) = command(&mut plain, "  fish ");
        assert_eq!(text, "?? unknown command \"fish\": type ? for the list\n");
        assert_eq!(wait, Wait::Until(secs(4)));
        // Arrow keys and other escapes are echoed without their control bytes.
        let (text, _) = command(&mut plain, "\x1b[A\x07x");
        assert_eq!(text, "?? unknown command \" [A x\": type ? for the list\n");
        let (text, _) = command(&mut plain, &"z".repeat(500));
        assert_eq!(text.lines().count(), 1);
        assert!(
            text.contains(&format!("\"{}...\"", "z".repeat(40))),
            "{text}"
        );
        // Nothing unknown reached the session.
        let events: Vec<_> = plain.driver().engine().events.iter().map(|e| e.0).collect();
        assert_eq!(events, [limber_core::session::Event::TogglePause]);
    }

    #[test]
    fn help_prints_the_emergency_list_and_the_commands() {
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        command(&mut plain, "");
        for line in ["?", "help", " HELP "] {
            let (text, wait) = command(&mut plain, line);
            assert!(text.starts_with("Get urgent medical help now"), "{text}");
            assert!(text.contains("numbness or weakness in both legs"), "{text}");
            assert!(text.contains("! or sharp"), "{text}");
            assert!(text.contains("q or quit"), "{text}");
            assert!(!text.contains('\x1b') && !text.contains('\t'), "{text}");
            assert_eq!(wait, Wait::Until(secs(4)));
        }
        // Each list opens an overlay for the engine; the next line closes it.
        use limber_core::session::Event::{OverlayClosed, OverlayOpened, TogglePause};
        let events: Vec<_> = plain.driver().engine().events.iter().map(|e| e.0).collect();
        assert_eq!(
            events,
            [
                TogglePause,
                OverlayOpened,
                OverlayClosed,
                OverlayOpened,
                OverlayClosed,
                OverlayOpened
            ]
        );
    }

    #[test]
    fn session_commands_reach_the_engine_in_order() {
        use limber_core::PainScore;
        use limber_core::session::Event;
        let clock = FakeClock::default();
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), clock.monotonic());
        let input = typed(&["7", "!", "d", "m", "u", "c", "p", "s", "b", "+", "-", "10"]);
        plain
            .step_with_input(
                secs(3),
                Some(&input),
                &mut Vec::new(),
                &mut Records::default(),
                &mut NullSpeaker,
            )
            .unwrap();
        let events: Vec<_> = plain.driver().engine().events.to_vec();
        let at = secs(3);
        assert_eq!(
            events,
            [
                (Event::Rate(PainScore::new(7).unwrap()), at),
                (Event::SharpPain, at),
                (Event::Spreading, at),
                (Event::HurtsMore, at),
                (Event::Centralizing, at),
                (Event::Continue, at),
                (Event::TogglePause, at),
                (Event::Skip, at),
                (Event::Back, at),
                (Event::Pace(1), at),
                (Event::Pace(-1), at),
                (Event::Rate(PainScore::new(10).unwrap()), at),
            ]
        );
        // All read: nothing is left waiting.
        assert!(input.try_recv().is_err());
    }

    #[test]
    fn q_quits_at_once_as_partial_and_later_lines_are_left_unread() {
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let input = typed(&["q", "s"]);
        let mut out = Vec::new();
        let mut recorder = Records::default();
        let wait = plain
            .step_with_input(
                secs(3),
                Some(&input),
                &mut out,
                &mut recorder,
                &mut NullSpeaker,
            )
            .unwrap();
        assert_eq!(wait, Wait::Done(SessionStatus::Partial));
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().last(),
            Some("00:03  Session ended early; saved as partial.")
        );
        assert_eq!(input.try_recv().as_deref(), Ok("s"));
    }

    #[test]
    fn run_plain_prints_the_legend_first_and_q_quits_as_partial() {
        let flag = AtomicBool::new(false);
        let clock = crate::driver_clock::SystemClock::new();
        let mut out = Vec::new();
        let mut recorder = Records::default();
        let input = typed(&["QUIT"]);
        let status = run_plain(
            ScriptedEngine::two_holds(),
            &clock,
            &mut recorder,
            &mut out,
            &mut NullSpeaker,
            &flag,
            Some(&input),
        )
        .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(recorder.0, [Output::Finished(SessionStatus::Partial)]);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], PLAIN_LEGEND);
        assert!(lines[1].starts_with("00:00  Get ready"), "{text}");
        assert!(
            lines.last().unwrap().ends_with("saved as partial."),
            "{text}"
        );
    }

    #[test]
    fn the_end_of_input_is_not_a_command() {
        let mut plain = PlainDriver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let (tx, rx) = mpsc::channel::<String>();
        drop(tx);
        let wait = plain
            .step_with_input(
                secs(3),
                Some(&rx),
                &mut Vec::new(),
                &mut Records::default(),
                &mut NullSpeaker,
            )
            .unwrap();
        assert_eq!(wait, Wait::Until(secs(4)));
        assert!(plain.driver().engine().events.is_empty());
    }

    /// A fake clock running `speed` times real time, for [`run_plain_from`].
    struct Fast<'a> {
        clock: &'a FakeClock,
        speed: f64,
    }

    impl Clock for Fast<'_> {
        fn monotonic(&self) -> Duration {
            self.clock.monotonic()
        }
        fn now(&self) -> jiff::Timestamp {
            self.clock.now()
        }
    }

    impl DriverClock for Fast<'_> {
        fn speed(&self) -> f64 {
            self.speed
        }
    }

    /// Lines that arrive at set real times; waiting moves the fake clock
    /// (session time = real time × speed) instead of sleeping.
    struct Arriving<'a> {
        clock: &'a FakeClock,
        speed: f64,
        real: Duration,
        lines: Vec<(Duration, &'static str)>,
    }

    impl LineSource for Arriving<'_> {
        fn next_line(&mut self, real: Duration) -> Option<String> {
            let until = self.real + real;
            let (to, line) = match self.lines.first() {
                Some((at, line)) if *at <= until => (*at, Some(self.lines.remove(0).1)),
                _ => (until, None),
            };
            let session = Duration::from_secs_f64((to - self.real).as_secs_f64() * self.speed);
            self.clock.advance(session);
            self.real = to;
            line.map(str::to_string)
        }
        fn ended(&self) -> bool {
            self.lines.is_empty()
        }
    }

    #[test]
    fn at_high_speed_a_typed_line_applies_when_it_arrives() {
        use limber_core::session::Session;
        let clock = FakeClock::default();
        let fast = Fast {
            clock: &clock,
            speed: 1000.0,
        };
        // 12 ms real = 12 s session: the first hold (5-25 s) is on.
        let mut input = Arriving {
            clock: &clock,
            speed: 1000.0,
            real: Duration::ZERO,
            lines: vec![
                (Duration::from_millis(12), "3"),
                (Duration::from_millis(13), "q"),
            ],
        };
        let session = Session::new(limber_testutil::default_routine(), clock.now());
        let mut recorder = Records::default();
        let mut out = Vec::new();
        run_plain_from(
            session,
            &fast,
            &mut recorder,
            &mut out,
            &mut NullSpeaker,
            &AtomicBool::new(false),
            &mut input,
            false,
        )
        .unwrap();
        let rating = recorder
            .0
            .iter()
            .find_map(|o| match o {
                Output::Rating(r) => Some(r.clone()),
                _ => None,
            })
            .expect("a rating");
        // Stamped 12 s in (not 100 s later, at the next 100 ms look).
        assert_eq!(rating.at, clock_start() + Duration::from_secs(12));
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("00:12  Pain 3/10 noted"), "{text}");
    }

    fn clock_start() -> jiff::Timestamp {
        FakeClock::default().now()
    }

    #[test]
    fn a_choice_nobody_can_make_once_input_has_ended_ends_the_session() {
        use limber_core::session::Session;
        let clock = FakeClock::default();
        let fast = Fast {
            clock: &clock,
            speed: 1000.0,
        };
        let mut input = Arriving {
            clock: &clock,
            speed: 1000.0,
            real: Duration::ZERO,
            lines: vec![(Duration::from_millis(10), "!")],
        };
        let session = Session::new(limber_testutil::default_routine(), clock.now());
        let mut recorder = Records::default();
        let status = run_plain_from(
            session,
            &fast,
            &mut recorder,
            &mut Vec::new(),
            &mut NullSpeaker,
            &AtomicBool::new(false),
            &mut input,
            false,
        )
        .unwrap();
        assert_eq!(status, SessionStatus::Stopped);
    }
}
