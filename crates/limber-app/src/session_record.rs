//! Recording a guided session as it happens: beginning it in the store,
//! turning each engine [`Output`] into store writes, and the closing
//! rating. Async over the [`Store`], so a terminal driver (blocking on
//! [`Recording::record`] in its own runtime, as a sync
//! [`crate::recorder::Recorder`]) and a web handler (awaiting it, or
//! driving the loop through [`Recording::to`]) store exactly the same
//! records.
//!
//! Records carry real wall-clock times. The engine stamps its records in
//! session time from the start; when a driver runs the session faster
//! (`--speed`), those stamps would lie in the future, and history,
//! streaks and the 14-day rules must not see a demo as minutes ahead. So a
//! sped-up session is re-stamped from the real clock, and every session's
//! end and red-flag lock are stamped from it too.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use limber_core::clock::Clock;
use limber_core::diary::{Outcome, Rating, SessionContext, SessionId, SessionStatus};
use limber_core::plan::{GET_READY_SECS, Routine};
use limber_core::session::{GetReady, Output, Session, StopReason};
use limber_core::{ExerciseId, PainScore};
use limber_store::{NewSession, SessionEnd, Store, StoreError, UserId};

use crate::after_session::stop_kind;
use crate::recorder::{AsyncRecorder, RecordError};
use crate::user_state::UserState;

/// Real wall-clock time during a session: the moment it began, plus the
/// real time elapsed since on a monotonic clock.
#[derive(Clone)]
pub struct WallClock {
    clock: Arc<dyn Clock + Send + Sync>,
    origin: Duration,
    started_at: Timestamp,
}

impl WallClock {
    /// Wall time `started_at` now, moving with `clock`'s monotonic time
    /// (a real clock, never a sped-up one).
    pub fn starting_now(clock: Arc<dyn Clock + Send + Sync>, started_at: Timestamp) -> Self {
        let origin = clock.monotonic();
        Self {
            clock,
            origin,
            started_at,
        }
    }

    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    pub fn now(&self) -> Timestamp {
        let elapsed = self.clock.monotonic().saturating_sub(self.origin);
        jiff::SignedDuration::try_from(elapsed)
            .ok()
            .and_then(|d| self.started_at.checked_add(d).ok())
            .unwrap_or(Timestamp::MAX)
    }
}

impl std::fmt::Debug for WallClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WallClock")
            .field("started_at", &self.started_at)
            .field("now", &self.now())
            .finish()
    }
}

/// What the user asked for when starting a session (a driver's flags or
/// form fields), beyond the routine itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Pain before the first stretch: the baseline of the stop rules.
    pub pain_before: Option<PainScore>,
    /// Pain after, when already given (`--pain-after`): then no closing
    /// rating is asked.
    pub pain_after: Option<PainScore>,
    /// The driver runs the session faster than real time: its records are
    /// re-stamped from the real clock.
    pub sped_up: bool,
    pub get_ready: GetReady,
}

/// How each get-ready waits: as asked (`Some(0)` waits for the user), else
/// on a user's first session, where the driver can wait for them, until
/// they are in position; otherwise the default seconds.
pub fn get_ready(asked: Option<u32>, can_wait: bool, state: &UserState) -> GetReady {
    match asked {
        Some(0) => GetReady::WaitForUser,
        Some(secs) => GetReady::Timed(secs),
        None if can_wait && state.first_session() => GetReady::WaitForUser,
        None => GetReady::Timed(GET_READY_SECS),
    }
}

/// The first-run disclaimer has not been shown yet.
pub fn disclaimer_due(state: &UserState) -> bool {
    state.profile.disclaimer_shown.is_none()
}

/// Stores that the first-run disclaimer was shown.
pub async fn note_disclaimer<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    now: Timestamp,
) -> Result<(), StoreError> {
    state.profile.disclaimer_shown = Some(now);
    store.save_profile(user, &mut state.profile).await
}

/// Stores a session's start (as partial until it ends) and marks it as the
/// cool-down of a run awaiting one.
async fn open<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &UserState,
    new: &NewSession,
) -> Result<SessionId, StoreError> {
    let session_id = store.begin_session(user, new).await?;
    if let Some(run) = crate::planning::cooldown_run(store, user, state).await? {
        store.tag_cooldown(user, run.id, session_id).await?;
    }
    Ok(session_id)
}

/// Begins a session for `routine`: stores it (as partial until it ends),
/// marks it as the cool-down of a run awaiting one, and records the
/// baseline rating. Returns the engine to drive and its recording.
pub async fn begin<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &UserState,
    routine: Routine,
    start: Start,
    wall: WallClock,
) -> Result<(Session, Recording), StoreError> {
    let started_at = wall.started_at();
    let context: SessionContext = routine.context;
    let new = NewSession {
        id: limber_core::diary::SessionId::at(started_at),
        started_at,
        context,
        program: routine.program.clone(),
        pain_before: start.pain_before,
    };
    let session_id = open(store, user, state, &new).await?;
    let mut session = Session::new(routine, started_at).with_get_ready(start.get_ready);
    let mut recording = Recording {
        user,
        session: session_id,
        started_at,
        wall: Some(wall),
        restamp: start.sped_up,
        pain_after: start.pain_after,
        summary: Summary::default(),
    };
    if let Some(pain) = start.pain_before {
        for out in session.rate_before_start(pain) {
            recording.record_at(store, &out, started_at).await?;
        }
    }
    Ok((session, recording))
}

/// Begins recording a session that ran elsewhere (a page's event log put
/// through the engine by [`crate::replay`]): stored as `new` says, its
/// records kept at the engine's own times, given to
/// [`Recording::record_at`].
pub async fn begin_replayed<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &UserState,
    new: &NewSession,
) -> Result<Recording, StoreError> {
    let session = open(store, user, state, new).await?;
    Ok(Recording {
        user,
        session,
        started_at: new.started_at,
        wall: None,
        restamp: false,
        pain_after: None,
        summary: Summary::default(),
    })
}

/// What the session's records said, for what comes after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every stop for safety, in order, with its kind when the stored
    /// reason names one.
    pub stops: Vec<Option<StopReason>>,
    /// Red-flag symptoms were reported: sessions are locked.
    pub red_flag: bool,
    /// When and how the session ended, once it has.
    pub ended: Option<(Timestamp, SessionStatus)>,
    /// The last exercise done or stopped (not skipped): the one a closing
    /// rating counts after.
    pub last_done: Option<ExerciseId>,
}

impl Summary {
    pub fn any_stop(&self) -> bool {
        !self.stops.is_empty()
    }

    pub fn status(&self) -> Option<SessionStatus> {
        self.ended.map(|(_, status)| status)
    }
}

/// One session being recorded. Holds no store: each call is handed one,
/// so a web app can keep a `Recording` between requests.
#[derive(Debug, Clone)]
pub struct Recording {
    user: UserId,
    session: SessionId,
    started_at: Timestamp,
    /// The real clock of a session run here; none for a replayed one,
    /// whose times are the engine's.
    wall: Option<WallClock>,
    restamp: bool,
    pain_after: Option<PainScore>,
    summary: Summary,
}

impl Recording {
    pub fn session(&self) -> SessionId {
        self.session
    }

    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Stores what one engine output records, now; cues store nothing. A
    /// red-flag report locks sessions at once, before anything else is
    /// stored.
    pub async fn record<S: Store + ?Sized>(
        &mut self,
        store: &S,
        out: &Output,
    ) -> Result<(), RecordError> {
        let now = self.wall.as_ref().map_or(self.started_at, WallClock::now);
        self.record_at(store, out, now)
            .await
            .map_err(RecordError::new)
    }

    /// Stores what one engine output records, as of `at`: the session's
    /// end, a red-flag lock, and (when re-stamped) a hold or rating.
    pub async fn record_at<S: Store + ?Sized>(
        &mut self,
        store: &S,
        out: &Output,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let (user, session) = (self.user, self.session);
        match out {
            Output::Step(step) => {
                if step.outcome == Outcome::Stopped {
                    self.summary.stops.push(stop_kind(step));
                }
                if step.outcome != Outcome::Skipped {
                    self.summary.last_done = Some(step.exercise.clone());
                }
                let mut step = step.clone();
                if self.restamp {
                    step.at = at;
                }
                store.record_step(user, session, &step).await
            }
            Output::Rating(rating) => {
                let mut rating = rating.clone();
                if self.restamp {
                    rating.at = at;
                }
                store.record_rating(user, session, &rating).await
            }
            Output::Finished(status) => {
                self.summary.ended = Some((at, *status));
                store
                    .finish_session(
                        user,
                        session,
                        &SessionEnd {
                            ended_at: at,
                            status: *status,
                            pain_after: self.pain_after,
                        },
                    )
                    .await
            }
            Output::RedFlag => {
                self.summary.red_flag = true;
                crate::after_session::lock_sessions(store, user, at).await
            }
            Output::Cue(_) => Ok(()),
        }
    }

    /// This recording writing to `store`, as the run loop's
    /// [`AsyncRecorder`].
    pub fn to<'a, S: Store + ?Sized>(&'a mut self, store: &'a S) -> RecordingTo<'a, S> {
        RecordingTo {
            recording: self,
            store,
        }
    }

    /// Whether to ask the closing "pain now": the session ended (not
    /// broken off, not locked by red-flag symptoms) and the user has not
    /// already given it.
    pub fn wants_closing_rating(&self) -> bool {
        self.pain_after.is_none()
            && !self.summary.red_flag
            && matches!(self.summary.ended, Some((_, status)) if status != SessionStatus::Partial)
    }

    /// The closing "pain now" rating: it counts as the rating after the
    /// last exercise done or stopped, and as the session's closing rating.
    /// Nothing is stored before the session has ended.
    pub async fn rate_at_end<S: Store + ?Sized>(
        &mut self,
        store: &S,
        pain: PainScore,
    ) -> Result<(), StoreError> {
        let Some((ended_at, status)) = self.summary.ended else {
            return Ok(());
        };
        if let Some(exercise) = &self.summary.last_done {
            store
                .record_rating(
                    self.user,
                    self.session,
                    &Rating {
                        after: Some(exercise.clone()),
                        pain,
                        at: ended_at,
                    },
                )
                .await?;
        }
        store
            .finish_session(
                self.user,
                self.session,
                &SessionEnd {
                    ended_at,
                    status,
                    pain_after: Some(pain),
                },
            )
            .await?;
        self.pain_after = Some(pain);
        Ok(())
    }
}

/// A [`Recording`] with the store it writes to (see [`Recording::to`]).
pub struct RecordingTo<'a, S: ?Sized> {
    recording: &'a mut Recording,
    store: &'a S,
}

impl<S: Store + ?Sized> AsyncRecorder for RecordingTo<'_, S> {
    async fn record(&mut self, out: &Output) -> Result<(), RecordError> {
        self.recording.record(self.store, out).await
    }
}
