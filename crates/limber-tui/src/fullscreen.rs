//! The full-screen driver: alternate screen, raw mode, keys, redraws.

use std::io::{self, Stdout};
use std::panic::{self, PanicHookInfo};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event as TermEvent};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use limber_app::drivable::Engine;
use limber_app::driver::{DriveError, Driver, Wait};
use limber_app::recorder::Recorder;
use limber_core::diary::SessionStatus;
use limber_core::session::{Cue, Event, Phase};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::driver_clock::DriverClock;
use crate::keys::{Action, Mode, map_key};
use crate::plain::POLL;
use crate::speaker::Speaker;
use crate::ui::{UiState, draw};

/// Whether this process has the terminal in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back the way it was; does nothing if it already is.
fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    }
}

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Send + Sync + 'static>;

/// Raw mode and the alternate screen for as long as it lives; restores the
/// terminal when dropped (every return, `?` and unwinding panic) and from a
/// panic hook (so the panic message lands on the normal screen).
struct TerminalGuard {
    previous_hook: Option<Arc<Hook>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        let previous: Arc<Hook> = Arc::new(panic::take_hook());
        let chained = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            restore_terminal();
            chained(info);
        }));
        let guard = Self {
            previous_hook: Some(previous),
        };
        ACTIVE.store(true, Ordering::SeqCst);
        enable_raw_mode()?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            cursor::Hide,
            Clear(ClearType::All)
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
        // The hook cannot be changed from a panicking thread; the chained
        // hook stays harmless then (restoring twice does nothing).
        if !std::thread::panicking()
            && let Some(previous) = self.previous_hook.take()
        {
            let _ = panic::take_hook();
            panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Runs a session full-screen until it finishes, the user quits (q then y,
/// or Ctrl-C, which does not ask) or `interrupted` is set. Quitting records
/// the session as partial. The terminal is restored on every exit path.
/// Colours follow `NO_COLOR`.
pub fn run_fullscreen<E: Engine>(
    session: E,
    clock: &(impl DriverClock + ?Sized),
    recorder: &mut dyn Recorder,
    speaker: &mut dyn Speaker,
    interrupted: &AtomicBool,
) -> Result<SessionStatus, DriveError> {
    let guard = TerminalGuard::enter()?;
    // Not `terminal.clear()`: it asks the terminal for the cursor position,
    // which a pseudo-terminal in a test may never answer.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut driver = Driver::starting_now(session, clock);
    let mut result = run_loop(
        &mut terminal,
        &mut driver,
        clock,
        recorder,
        speaker,
        interrupted,
    );
    if let Err(DriveError::Io(err)) = result {
        // The terminal failed, not the store: still save the session as partial.
        tracing::debug!(%err, "terminal failed");
        let now = driver.now(clock);
        result = driver
            .quit(now, &mut no_screen, recorder, speaker)
            .and(Err(DriveError::Io(err)));
    }
    drop(terminal);
    drop(guard);
    result
}

fn run_loop<E: Engine>(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    driver: &mut Driver<E>,
    clock: &(impl DriverClock + ?Sized),
    recorder: &mut dyn Recorder,
    speaker: &mut dyn Speaker,
    interrupted: &AtomicBool,
) -> Result<SessionStatus, DriveError> {
    // "1 then 0" makes 10 when the 0 comes within a real second.
    let ten_window = Duration::from_secs_f64(TEN_WINDOW.as_secs_f64() * clock.speed());
    let mut screen = Screen::new(UiState::from_env()).with_ten_window(ten_window);
    loop {
        let now = driver.now(clock);
        if let Some(status) = screen.flush_pending(driver, now, recorder, speaker)? {
            return Ok(status);
        }
        let wait = driver.tick(now, &mut no_screen, recorder, speaker)?;
        if let Wait::Done(status) = wait {
            return Ok(status);
        }
        if interrupted.load(Ordering::SeqCst) {
            return driver.quit(now, &mut no_screen, recorder, speaker);
        }
        let view = driver.view(now);
        terminal.draw(|frame| draw(frame, &view, &screen.ui))?;

        let mut timeout = match wait {
            Wait::Until(at) => clock.real_duration(at.saturating_sub(now)).min(POLL),
            Wait::ForUser | Wait::Done(_) => POLL,
        };
        if let Some(due) = screen.pending_due() {
            timeout = timeout.min(clock.real_duration(due.saturating_sub(now)));
        }
        if !event::poll(timeout)? {
            continue;
        }
        // Resizes and everything else just lead to a redraw.
        let TermEvent::Key(key) = event::read()? else {
            continue;
        };
        let action = map_key(key, screen.ui.mode);
        let now = driver.now(clock);
        if let Some(status) = screen.act(action, driver, now, recorder, speaker)? {
            return Ok(status);
        }
    }
}

fn score(n: i64) -> limber_core::PainScore {
    limber_core::PainScore::new(n).expect("0-10 is a pain score")
}

/// The full-screen driver shows cues through the view, not line by line.
fn no_screen(_: &Cue) -> io::Result<()> {
    Ok(())
}

/// How long after a `1` a `0` still makes it 10, in real time.
const TEN_WINDOW: Duration = Duration::from_millis(1000);

/// The screen's state and what keys do to it and to the session.
#[derive(Debug)]
struct Screen {
    ui: UiState,
    /// Session time a `1` was pressed, while it may still become 10.
    pending_one: Option<Duration>,
    /// How long (session time) a `1` waits for a `0`.
    ten_window: Duration,
}

impl Screen {
    fn new(ui: UiState) -> Self {
        Self {
            ui,
            pending_one: None,
            ten_window: TEN_WINDOW,
        }
    }

    fn with_ten_window(mut self, window: Duration) -> Self {
        self.ten_window = window;
        self
    }

    /// When a waiting `1` becomes a rating of 1.
    fn pending_due(&self) -> Option<Duration> {
        self.pending_one.map(|at| at + self.ten_window)
    }

    /// Rates 1 once the window for a `0` has passed.
    fn flush_pending<E: Engine>(
        &mut self,
        driver: &mut Driver<E>,
        now: Duration,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Option<SessionStatus>, DriveError> {
        match self.pending_due() {
            Some(due) if now >= due => self.rate_pending(driver, now, recorder, speaker),
            _ => Ok(None),
        }
    }

    fn rate_pending<E: Engine>(
        &mut self,
        driver: &mut Driver<E>,
        now: Duration,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Option<SessionStatus>, DriveError> {
        if self.pending_one.take().is_none() {
            return Ok(None);
        }
        self.ui.pending_one = false;
        self.act_now(
            Action::Session(Event::Rate(score(1))),
            driver,
            now,
            recorder,
            speaker,
        )
    }

    /// Carries out a key's action; `Some(status)` when the session is over.
    /// A `1` waits a moment for a `0` (10); anything else first rates the 1.
    fn act<E: Engine>(
        &mut self,
        action: Action,
        driver: &mut Driver<E>,
        now: Duration,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Option<SessionStatus>, DriveError> {
        let one = Action::Session(Event::Rate(score(1)));
        let zero = Action::Session(Event::Rate(score(0)));
        if self.pending_one.is_some() {
            if action == zero && self.pending_due().is_some_and(|due| now <= due) {
                self.pending_one = None;
                self.ui.pending_one = false;
                let ten = Action::Session(Event::Rate(score(10)));
                return self.act_now(ten, driver, now, recorder, speaker);
            }
            if let Some(status) = self.rate_pending(driver, now, recorder, speaker)? {
                return Ok(Some(status));
            }
        }
        if action == one {
            self.pending_one = Some(now);
            self.ui.pending_one = true;
            return Ok(None);
        }
        self.act_now(action, driver, now, recorder, speaker)
    }

    fn act_now<E: Engine>(
        &mut self,
        action: Action,
        driver: &mut Driver<E>,
        now: Duration,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Option<SessionStatus>, DriveError> {
        let mut no_screen = no_screen;
        match action {
            Action::Session(ev) => {
                // A symptom report answers the quit question with "no": the
                // report goes in first (a stop rule fires on the spot), then
                // the question closes (a pause it made is undone unless a
                // stop already ended it).
                let answered = self.ui.mode == Mode::ConfirmQuit;
                if answered {
                    self.ui.mode = Mode::Normal;
                }
                if let Wait::Done(status) =
                    driver.handle(ev, now, &mut no_screen, recorder, speaker)?
                {
                    return Ok(Some(status));
                }
                if answered {
                    driver.handle(Event::OverlayClosed, now, &mut no_screen, recorder, speaker)?;
                }
            }
            // After a stop the screen offers "q end here": nothing is left
            // to lose, so no question.
            Action::AskQuit if driver.view(now).phase == Phase::Stopped => {
                return driver
                    .quit(now, &mut no_screen, recorder, speaker)
                    .map(Some);
            }
            // The quit question and the emergency list are overlays: the
            // engine holds up a running count while one is open, the same
            // in every driver. Someone reading the emergency list because
            // something feels wrong should not be holding a stretch meanwhile.
            Action::AskQuit | Action::ShowHelp => {
                driver.handle(Event::OverlayOpened, now, &mut no_screen, recorder, speaker)?;
                self.ui.mode = if action == Action::AskQuit {
                    Mode::ConfirmQuit
                } else {
                    Mode::Help
                };
            }
            Action::CancelQuit | Action::CloseHelp => {
                self.ui.mode = Mode::Normal;
                driver.handle(Event::OverlayClosed, now, &mut no_screen, recorder, speaker)?;
            }
            Action::ConfirmQuit | Action::Interrupt => {
                tracing::debug!(?now, ?action, "quit from the keyboard");
                return driver
                    .quit(now, &mut no_screen, recorder, speaker)
                    .map(Some);
            }
            Action::Ignore => {}
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::speaker::NullSpeaker;
    use limber_app::scripted::{Records, ScriptedEngine, secs};

    fn press(
        screen: &mut Screen,
        driver: &mut Driver<ScriptedEngine>,
        recorder: &mut Records,
        key: KeyEvent,
    ) -> Option<SessionStatus> {
        let action = map_key(key, screen.ui.mode);
        screen
            .act(action, driver, secs(3), recorder, &mut NullSpeaker)
            .unwrap()
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn events(driver: &Driver<ScriptedEngine>) -> Vec<Event> {
        driver.engine().events.iter().map(|(e, _)| *e).collect()
    }

    #[test]
    fn quit_question_opens_an_overlay_and_anything_but_y_closes_it() {
        let mut screen = Screen::new(UiState::new(false));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        assert_eq!(
            press(&mut screen, &mut driver, &mut records, key('q')),
            None
        );
        assert_eq!(screen.ui.mode, Mode::ConfirmQuit);
        assert_eq!(events(&driver), [Event::OverlayOpened]);
        assert_eq!(
            press(&mut screen, &mut driver, &mut records, key('n')),
            None
        );
        assert_eq!(screen.ui.mode, Mode::Normal);
        assert_eq!(
            events(&driver),
            [Event::OverlayOpened, Event::OverlayClosed]
        );
        assert!(records.0.is_empty());
    }

    #[test]
    fn y_quits_and_saves_partial() {
        let mut screen = Screen::new(UiState::new(false));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        press(&mut screen, &mut driver, &mut records, key('q'));
        let status = press(&mut screen, &mut driver, &mut records, key('y'));
        assert_eq!(status, Some(SessionStatus::Partial));
        assert_eq!(events(&driver), [Event::OverlayOpened, Event::Quit]);
        assert_eq!(
            records.0,
            [limber_core::session::Output::Finished(
                SessionStatus::Partial
            )]
        );
    }

    #[test]
    fn ctrl_c_quits_without_asking() {
        let mut screen = Screen::new(UiState::new(false));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let status = press(&mut screen, &mut driver, &mut records, ctrl_c);
        assert_eq!(status, Some(SessionStatus::Partial));
        assert_eq!(events(&driver), [Event::Quit]);
        assert_eq!(records.0.len(), 1);
    }

    #[test]
    fn session_keys_reach_the_engine_and_help_toggles() {
        let mut screen = Screen::new(UiState::new(false));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        for c in [' ', 's', '+', '7', '!'] {
            assert_eq!(press(&mut screen, &mut driver, &mut records, key(c)), None);
        }
        press(&mut screen, &mut driver, &mut records, key('?'));
        assert_eq!(screen.ui.mode, Mode::Help);
        // Behind the overlay, session keys do nothing but symptoms get through.
        press(&mut screen, &mut driver, &mut records, key('s'));
        press(&mut screen, &mut driver, &mut records, key('d'));
        assert_eq!(screen.ui.mode, Mode::Help);
        press(
            &mut screen,
            &mut driver,
            &mut records,
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        );
        assert_eq!(screen.ui.mode, Mode::Normal);
        assert_eq!(
            events(&driver),
            [
                Event::TogglePause,
                Event::Skip,
                Event::Pace(1),
                Event::Rate(limber_core::PainScore::new(7).unwrap()),
                Event::SharpPain,
                // The overlay holds up the session while it is open.
                Event::OverlayOpened,
                Event::Spreading,
                Event::OverlayClosed,
            ]
        );
    }

    #[test]
    fn a_symptom_during_the_quit_question_reaches_the_session_and_closes_it() {
        for (c, event) in [
            ('!', Event::SharpPain),
            ('d', Event::Spreading),
            ('m', Event::HurtsMore),
            ('8', Event::Rate(limber_core::PainScore::new(8).unwrap())),
        ] {
            let mut screen = Screen::new(UiState::new(false));
            let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
            let mut records = Records::default();
            press(&mut screen, &mut driver, &mut records, key('q'));
            assert_eq!(screen.ui.mode, Mode::ConfirmQuit);
            assert_eq!(press(&mut screen, &mut driver, &mut records, key(c)), None);
            assert_eq!(screen.ui.mode, Mode::Normal, "{c:?}");
            // The report first, then the question closes.
            assert_eq!(
                events(&driver),
                [Event::OverlayOpened, event, Event::OverlayClosed],
                "{c:?}"
            );
            // The question is gone: y now means nothing.
            press(&mut screen, &mut driver, &mut records, key('y'));
            assert!(!events(&driver).contains(&Event::Quit), "{c:?}");
        }
    }

    #[test]
    fn sharp_pain_while_the_quit_question_is_open_stops_the_real_hold() {
        use limber_core::clock::Clock;
        use limber_core::diary::Outcome;
        use limber_core::session::{Output, Session};

        let clock = limber_testutil::FakeClock::default();
        let session = Session::new(limber_testutil::default_routine(), clock.now());
        let mut driver = Driver::new(session, Duration::ZERO);
        let mut screen = Screen::new(UiState::new(false));
        let mut records = Records::default();
        let mut ignore = no_screen;
        let now = secs(10); // 5 s into the first hold
        driver
            .tick(now, &mut ignore, &mut records, &mut NullSpeaker)
            .unwrap();
        assert_eq!(driver.view(now).phase, Phase::Hold);
        for c in ['q', '!'] {
            let action = map_key(key(c), screen.ui.mode);
            let done = screen
                .act(action, &mut driver, now, &mut records, &mut NullSpeaker)
                .unwrap();
            assert_eq!(done, None);
        }
        assert_eq!(screen.ui.mode, Mode::Normal);
        let view = driver.view(now);
        assert_eq!(view.phase, Phase::Stopped);
        assert!(!view.paused);
        assert!(records.0.iter().any(|o| matches!(
            o,
            Output::Step(s) if s.outcome == Outcome::Stopped
        )));
    }

    fn rate(n: i64) -> Event {
        Event::Rate(limber_core::PainScore::new(n).unwrap())
    }

    #[test]
    fn one_then_zero_within_the_window_rates_ten() {
        let mut screen = Screen::new(UiState::new(false)).with_ten_window(secs(1));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        let mut act = |screen: &mut Screen, driver: &mut Driver<ScriptedEngine>, c: char, t| {
            let action = map_key(key(c), screen.ui.mode);
            screen
                .act(action, driver, t, &mut records, &mut NullSpeaker)
                .unwrap()
        };
        act(&mut screen, &mut driver, '1', secs(3));
        assert!(screen.ui.pending_one, "the 1 waits for a 0");
        assert!(events(&driver).is_empty());
        act(
            &mut screen,
            &mut driver,
            '0',
            secs(3) + Duration::from_millis(400),
        );
        assert_eq!(events(&driver), [rate(10)]);
        assert!(!screen.ui.pending_one);
    }

    #[test]
    fn a_lone_one_is_rated_when_the_window_passes_or_another_key_comes() {
        let mut screen = Screen::new(UiState::new(false)).with_ten_window(secs(1));
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut records = Records::default();
        let action = map_key(key('1'), screen.ui.mode);
        screen
            .act(action, &mut driver, secs(2), &mut records, &mut NullSpeaker)
            .unwrap();
        assert_eq!(screen.pending_due(), Some(secs(3)));
        screen
            .flush_pending(
                &mut driver,
                Duration::from_millis(2_500),
                &mut records,
                &mut NullSpeaker,
            )
            .unwrap();
        assert!(events(&driver).is_empty(), "not yet");
        screen
            .flush_pending(&mut driver, secs(3), &mut records, &mut NullSpeaker)
            .unwrap();
        assert_eq!(events(&driver), [rate(1)]);
        // 1 then ! : the 1 first, then the report.
        let action = map_key(key('1'), screen.ui.mode);
        screen
            .act(action, &mut driver, secs(5), &mut records, &mut NullSpeaker)
            .unwrap();
        let action = map_key(key('!'), screen.ui.mode);
        screen
            .act(action, &mut driver, secs(5), &mut records, &mut NullSpeaker)
            .unwrap();
        assert_eq!(events(&driver), [rate(1), rate(1), Event::SharpPain]);
        // 1, then 0 too late: 1 and then 0.
        let action = map_key(key('1'), screen.ui.mode);
        screen
            .act(action, &mut driver, secs(7), &mut records, &mut NullSpeaker)
            .unwrap();
        let action = map_key(key('0'), screen.ui.mode);
        screen
            .act(action, &mut driver, secs(9), &mut records, &mut NullSpeaker)
            .unwrap();
        assert_eq!(&events(&driver)[3..], [rate(1), rate(0)]);
    }

    #[test]
    fn e_ends_the_real_session_and_asks_for_the_lock() {
        use limber_core::clock::Clock;
        use limber_core::session::{Output, Session};

        let clock = limber_testutil::FakeClock::default();
        let session = Session::new(limber_testutil::default_routine(), clock.now());
        let mut driver = Driver::new(session, Duration::ZERO);
        let mut screen = Screen::new(UiState::new(false));
        let mut records = Records::default();
        let now = secs(10);
        driver
            .tick(now, &mut no_screen, &mut records, &mut NullSpeaker)
            .unwrap();
        // Even from behind the help overlay.
        for c in ['?', 'e'] {
            let action = map_key(key(c), screen.ui.mode);
            let done = screen
                .act(action, &mut driver, now, &mut records, &mut NullSpeaker)
                .unwrap();
            if c == 'e' {
                assert_eq!(done, Some(SessionStatus::Stopped));
            }
        }
        assert!(records.0.contains(&Output::RedFlag));
        assert_eq!(
            records.0.last(),
            Some(&Output::Finished(SessionStatus::Stopped))
        );
    }
}
