//! The run loop every driver shares (the full screen, plain lines, a web
//! page): it needs no terminal, only session time, routing outputs (cues to the screen and
//! speaker, records to the recorder), what to wait for next, and quitting.

use std::io;
use std::time::Duration;

use limber_core::clock::Clock;
use limber_core::diary::SessionStatus;
use limber_core::session::{Cue, Event, Output, View};

use crate::drivable::Engine;
use crate::recorder::{AsyncRecorder, RecordError, Recorder};
use crate::speaker::Speaker;

/// What a driver should do after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Step again at this session time.
    Until(Duration),
    /// Nothing falls due until the user acts (paused, or stopped by a stop rule).
    ForUser,
    /// The session is over, with this status.
    Done(SessionStatus),
}

/// Why a driver gave up.
#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("terminal output failed: {0}")]
    Io(#[from] io::Error),
}

/// Runs an [`Engine`] in session time: the monotonic clock minus the moment
/// the session began.
#[derive(Debug)]
pub struct Driver<E> {
    engine: E,
    origin: Duration,
    status: Option<SessionStatus>,
}

impl<E: Engine> Driver<E> {
    /// A driver whose session time zero is the clock's monotonic `origin`.
    pub fn new(engine: E, origin: Duration) -> Self {
        Self {
            engine,
            origin,
            status: None,
        }
    }

    /// A driver whose session begins now on `clock`.
    pub fn starting_now(engine: E, clock: &(impl Clock + ?Sized)) -> Self {
        Self::new(engine, clock.monotonic())
    }

    /// Session time at a monotonic clock reading.
    pub fn session_time(&self, monotonic: Duration) -> Duration {
        monotonic.saturating_sub(self.origin)
    }

    /// Session time now on `clock`.
    pub fn now(&self, clock: &(impl Clock + ?Sized)) -> Duration {
        self.session_time(clock.monotonic())
    }

    pub fn engine(&self) -> &E {
        &self.engine
    }

    pub fn into_engine(self) -> E {
        self.engine
    }

    pub fn view(&self, now: Duration) -> View {
        self.engine.view(now)
    }

    /// The status once the session is over.
    pub fn status(&self) -> Option<SessionStatus> {
        self.status
    }

    /// What to wait for, as things stand.
    pub fn wait(&self) -> Wait {
        if let Some(status) = self.status {
            return Wait::Done(status);
        }
        if self.engine.is_finished() {
            return Wait::Done(SessionStatus::Partial);
        }
        match self.engine.next_deadline() {
            Some(at) => Wait::Until(at),
            None => Wait::ForUser,
        }
    }

    /// Advances the engine to `now` and routes what fell due.
    pub fn tick(
        &mut self,
        now: Duration,
        on_cue: &mut dyn FnMut(&Cue) -> io::Result<()>,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Wait, DriveError> {
        if self.status.is_none() && !self.engine.is_finished() {
            let outputs = self.engine.tick(now);
            self.deliver(&outputs, on_cue, recorder, speaker)?;
        }
        Ok(self.wait())
    }

    /// Applies a user event at `now` and routes what it produced.
    pub fn handle(
        &mut self,
        event: Event,
        now: Duration,
        on_cue: &mut dyn FnMut(&Cue) -> io::Result<()>,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<Wait, DriveError> {
        if self.status.is_some() || self.engine.is_finished() {
            return Ok(self.wait());
        }
        if matches!(event, Event::Skip | Event::Back | Event::Quit) {
            speaker.stop();
        }
        tracing::debug!(?event, ?now, "session event");
        let outputs = self.engine.handle(event, now);
        self.deliver(&outputs, on_cue, recorder, speaker)?;
        Ok(self.wait())
    }

    /// Ends the session now (quit key, Ctrl-C): feeds [`Event::Quit`] and
    /// makes sure a `Finished` record reached the recorder, so the session is
    /// saved as partial even if the engine said nothing.
    pub fn quit(
        &mut self,
        now: Duration,
        on_cue: &mut dyn FnMut(&Cue) -> io::Result<()>,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<SessionStatus, DriveError> {
        if let Some(status) = self.status {
            return Ok(status);
        }
        if !self.engine.is_finished() {
            self.handle(Event::Quit, now, on_cue, recorder, speaker)?;
        }
        match self.status {
            Some(status) => Ok(status),
            None => {
                let finished = Output::Finished(SessionStatus::Partial);
                recorder.record(&finished)?;
                self.note_finished(&finished);
                Ok(SessionStatus::Partial)
            }
        }
    }

    fn deliver(
        &mut self,
        outputs: &[Output],
        on_cue: &mut dyn FnMut(&Cue) -> io::Result<()>,
        recorder: &mut dyn Recorder,
        speaker: &mut dyn Speaker,
    ) -> Result<(), DriveError> {
        // Store first, announce second: once the user has heard "release",
        // the hold is on disk, even if the process is killed right after.
        for out in outputs.iter().filter(|o| !matches!(o, Output::Cue(_))) {
            recorder.record(out)?;
            self.note_finished(out);
        }
        for out in outputs {
            if let Output::Cue(cue) = out {
                on_cue(cue)?;
                speaker.say(cue);
            }
        }
        Ok(())
    }

    fn note_finished(&mut self, out: &Output) {
        if let Output::Finished(status) = out {
            self.status = Some(*status);
        }
    }

    /// [`Driver::tick`] for a driver that stores records asynchronously (a
    /// web handler): the records of what fell due are stored through
    /// `recorder` before this returns; the cues come back to be shown.
    pub async fn tick_recorded<R: AsyncRecorder>(
        &mut self,
        now: Duration,
        recorder: &mut R,
    ) -> Result<Stepped, RecordError> {
        let mut outputs = Vec::new();
        if self.status.is_none() && !self.engine.is_finished() {
            outputs = self.engine.tick(now);
        }
        self.store_recorded(outputs, false, recorder).await
    }

    /// [`Driver::handle`] with records stored asynchronously, as
    /// [`Driver::tick_recorded`].
    pub async fn handle_recorded<R: AsyncRecorder>(
        &mut self,
        event: Event,
        now: Duration,
        recorder: &mut R,
    ) -> Result<Stepped, RecordError> {
        if self.status.is_some() || self.engine.is_finished() {
            return self.store_recorded(Vec::new(), false, recorder).await;
        }
        let hush = matches!(event, Event::Skip | Event::Back | Event::Quit);
        tracing::debug!(?event, ?now, "session event");
        let outputs = self.engine.handle(event, now);
        self.store_recorded(outputs, hush, recorder).await
    }

    /// [`Driver::quit`] with records stored asynchronously: afterwards the
    /// session is over and a `Finished` record has been stored.
    pub async fn quit_recorded<R: AsyncRecorder>(
        &mut self,
        now: Duration,
        recorder: &mut R,
    ) -> Result<Stepped, RecordError> {
        let mut stepped = if self.status.is_none() && !self.engine.is_finished() {
            self.handle_recorded(Event::Quit, now, recorder).await?
        } else {
            self.store_recorded(Vec::new(), false, recorder).await?
        };
        if self.status.is_none() {
            let finished = Output::Finished(SessionStatus::Partial);
            recorder.record(&finished).await?;
            self.note_finished(&finished);
            stepped.wait = self.wait();
        }
        Ok(stepped)
    }

    async fn store_recorded<R: AsyncRecorder>(
        &mut self,
        outputs: Vec<Output>,
        hush: bool,
        recorder: &mut R,
    ) -> Result<Stepped, RecordError> {
        let mut cues = Vec::new();
        // Store first, announce second, as in `deliver`.
        for out in outputs {
            match out {
                Output::Cue(cue) => cues.push(cue),
                out => {
                    recorder.record(&out).await?;
                    self.note_finished(&out);
                }
            }
        }
        Ok(Stepped {
            hush,
            cues,
            wait: self.wait(),
        })
    }
}

/// What one step of an asynchronously recorded session left for the
/// driver to show: its records are stored by then.
#[derive(Debug, Clone)]
pub struct Stepped {
    /// Stop any voice first (skip, back, quit), as [`Speaker::stop`].
    pub hush: bool,
    /// The cues to show and speak, in order.
    pub cues: Vec<Cue>,
    pub wait: Wait,
}

#[cfg(test)]
mod tests {
    use limber_core::session::CueKind;

    use super::*;
    use crate::scripted::{Records, ScriptedEngine, secs};

    /// Remembers what it was asked to say, and when it was told to stop.
    #[derive(Default)]
    struct Transcript(Vec<String>);

    impl Speaker for Transcript {
        fn say(&mut self, cue: &Cue) {
            self.0.push(cue.speak.clone());
        }
        fn stop(&mut self) {
            self.0.push("<stop>".into());
        }
    }

    #[test]
    fn cues_go_to_screen_and_speaker_records_to_the_recorder() {
        let mut driver = Driver::new(ScriptedEngine::two_holds(), secs(100));
        assert_eq!(driver.session_time(secs(102)), secs(2));
        assert_eq!(driver.session_time(secs(1)), Duration::ZERO);
        let mut shown = Vec::new();
        let mut records = Records::default();
        let mut voice = Transcript::default();
        let wait = driver
            .tick(
                secs(5),
                &mut |c: &Cue| {
                    shown.push(c.kind.clone());
                    Ok(())
                },
                &mut records,
                &mut voice,
            )
            .unwrap();
        assert_eq!(wait, Wait::Until(secs(7)));
        assert_eq!(
            shown,
            [
                CueKind::GetReady,
                CueKind::HoldStart,
                CueKind::Count { remaining: 1 },
                CueKind::HoldEnd
            ]
        );
        assert_eq!(voice.0.len(), 4);
        assert_eq!(records.0.len(), 1);
        assert!(matches!(records.0[0], Output::Step(_)));
    }

    #[test]
    fn skip_back_and_quit_cut_the_speaker_off_first() {
        let mut driver = Driver::new(ScriptedEngine::two_holds(), Duration::ZERO);
        let mut voice = Transcript::default();
        let mut records = Records::default();
        let mut ignore = |_: &Cue| Ok(());
        for event in [Event::Skip, Event::Back, Event::Pace(1)] {
            driver
                .handle(event, secs(1), &mut ignore, &mut records, &mut voice)
                .unwrap();
        }
        assert_eq!(voice.0, ["<stop>", "<stop>"]);
        let status = driver
            .quit(secs(2), &mut ignore, &mut records, &mut voice)
            .unwrap();
        assert_eq!(status, SessionStatus::Partial);
        assert_eq!(
            voice.0.last().map(String::as_str),
            Some("Session ended early; saved as partial.")
        );
        // A finished session ignores further events and ticks.
        let wait = driver
            .handle(Event::Skip, secs(3), &mut ignore, &mut records, &mut voice)
            .unwrap();
        assert_eq!(wait, Wait::Done(SessionStatus::Partial));
        assert_eq!(driver.engine().events.len(), 4);
    }

    #[tokio::test]
    async fn the_async_path_stores_the_records_and_hands_back_the_cues() {
        let mut driver = Driver::new(ScriptedEngine::two_holds(), secs(100));
        let mut records = Records::default();
        let stepped = driver.tick_recorded(secs(5), &mut records).await.unwrap();
        assert_eq!(stepped.wait, Wait::Until(secs(7)));
        assert!(!stepped.hush);
        let kinds: Vec<_> = stepped.cues.iter().map(|c| c.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                CueKind::GetReady,
                CueKind::HoldStart,
                CueKind::Count { remaining: 1 },
                CueKind::HoldEnd
            ]
        );
        assert_eq!(records.0.len(), 1);
        assert!(matches!(records.0[0], Output::Step(_)));
        let stepped = driver
            .handle_recorded(Event::Skip, secs(6), &mut records)
            .await
            .unwrap();
        assert!(stepped.hush);
    }

    #[tokio::test]
    async fn an_async_quit_stores_a_partial_end_even_when_the_engine_says_nothing() {
        let mut engine = ScriptedEngine::two_holds();
        engine.quiet_quit = true;
        let mut driver = Driver::new(engine, Duration::ZERO);
        let mut records = Records::default();
        let stepped = driver.quit_recorded(secs(1), &mut records).await.unwrap();
        assert_eq!(stepped.wait, Wait::Done(SessionStatus::Partial));
        assert!(matches!(
            records.0.as_slice(),
            [Output::Finished(SessionStatus::Partial)]
        ));
        // Over: a second quit stores nothing more.
        driver.quit_recorded(secs(2), &mut records).await.unwrap();
        assert_eq!(records.0.len(), 1);
    }
}
