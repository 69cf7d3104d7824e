//! What a finished session changes for next time: a re-screen request
//! after spreading symptoms, exercises newly marked aggravating, and an
//! opt-in exercise ready for its next level (offered, never applied).
//! A red-flag report has already locked sessions while it was recorded
//! (see [`crate::session_record`]); after one nothing else is changed.

use jiff::Timestamp;
use limber_core::catalog::Catalog;
use limber_core::diary::{StepReason, StepRecord};
use limber_core::profile::Profile;
use limber_core::session::StopReason;
use limber_core::{ExerciseId, diary::SessionRecord};
use limber_store::{Store, StoreError, UserId, Versioned};

use crate::session_record::{Recording, Summary};
use crate::user_state::UserState;

/// The kind of a stopped step: the stop rule its typed reason names. Every
/// decision about a stop (the re-screen request, the summary) asks this one
/// function.
pub fn stop_kind(step: &StepRecord) -> Option<StopReason> {
    step.reason.as_ref().and_then(StepReason::stop)
}

/// Symptoms spreading down the leg or new numbness: as in the diary, the
/// screen must be answered again before the next session.
pub fn requests_rescreen(summary: &Summary) -> bool {
    summary.stops.contains(&Some(StopReason::Spreading))
}

/// Asks for the screen again before the next session, after spreading
/// symptoms or new numbness in this one. Returns the profile as stored.
pub async fn request_rescreen<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    now: Timestamp,
) -> Result<Versioned<Profile>, StoreError> {
    let mut profile = store.profile(user).await?;
    profile.rescreen_requested = Some(now);
    store.save_profile(user, &mut profile).await?;
    Ok(profile)
}

/// Locks sessions after red-flag symptoms reported during one, stamped
/// `at`: stored at once, before anything else of the session, and lifted
/// only by answering the screen again ([`crate::gate::save_screen`]).
pub async fn lock_sessions<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    at: Timestamp,
) -> Result<(), StoreError> {
    let mut profile = store.profile(user).await?;
    profile.red_flag_reported = Some(at);
    store.save_profile(user, &mut profile).await
}

/// Exercises that `sessions` (the ones before, and the one just finished)
/// mark aggravating as of `as_of` and that were not marked before it, each
/// with the reason the planner shows. `before` is the user's state as the
/// session began.
pub fn newly_aggravating(
    before: &UserState,
    sessions: &[SessionRecord],
    as_of: Timestamp,
) -> Vec<(ExerciseId, String)> {
    let was: Vec<_> = before
        .aggravating(&before.sessions)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    before
        .aggravating_as_of(sessions, as_of)
        .into_iter()
        .filter(|(id, _)| !was.contains(id))
        .collect()
}

/// Keeps the aggravating marks `sessions` make as of `as_of` in the
/// user's standing, so a mark outlasts the window of sessions later
/// commands read; returns the profile as stored.
pub async fn remember_marks<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    before: &UserState,
    sessions: &[SessionRecord],
    as_of: Timestamp,
) -> Result<limber_store::Versioned<limber_core::profile::Profile>, StoreError> {
    let found = limber_core::safety::standing::Standing {
        aggravating: limber_core::rules::aggravating_marks(
            sessions,
            &before.profile.cleared_aggravating,
            &before.tz,
            as_of,
            &before.same_stretch,
        ),
        ..Default::default()
    };
    crate::user_state::remember(store, user, as_of, &before.tz, found, &before.same_stretch).await
}

/// A deeper level the user may choose (`exercise` at `level`); limber
/// never moves it by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelOffer {
    pub exercise: ExerciseId,
    pub level: u32,
}

/// What the session changed, for the driver to tell the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Red-flag symptoms were reported: sessions are locked until the
    /// screen is answered again. Nothing else below is filled in then.
    pub locked: bool,
    /// A re-screen was requested (spreading symptoms or new numbness).
    pub rescreen_requested: bool,
    /// Exercises this session marked aggravating, each with the reason.
    pub newly_aggravating: Vec<(ExerciseId, String)>,
    /// Deeper levels now on offer.
    pub offers: Vec<LevelOffer>,
}

/// Applies and reports what the finished session `recording` changes.
/// `before` is the user's state loaded before the session; only the
/// session's own records and the profile are read again.
pub async fn apply<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    before: &UserState,
    recording: &Recording,
    now: Timestamp,
) -> Result<Changes, StoreError> {
    let summary = recording.summary();
    if summary.red_flag {
        return Ok(Changes {
            locked: true,
            ..Changes::default()
        });
    }
    let mut changes = Changes::default();
    if requests_rescreen(summary) {
        changes.rescreen_requested = true;
        request_rescreen(store, user, now).await?;
    }
    let sessions = with_session(store, user, before, recording).await?;
    // As of the session's end, so that its own stops count.
    let as_of = summary
        .ended
        .map_or(before.now, |(end, _)| end.max(before.now));
    changes.newly_aggravating = newly_aggravating(before, &sessions, as_of);
    // Read again after the marks are kept: the profile as stored now.
    let profile = remember_marks(store, user, before, &sessions, as_of).await?;
    let morning = before.morning();
    for id in profile.enabled.keys() {
        let Some(exercise) = catalog.get(id) else {
            continue;
        };
        if let Some(level) = crate::progression::ready(&sessions, &morning, &profile, exercise) {
            changes.offers.push(LevelOffer {
                exercise: id.clone(),
                level,
            });
        }
    }
    Ok(changes)
}

/// The sessions before this one, and this one as stored: a read of this
/// session only, not of the whole history again.
async fn with_session<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    before: &UserState,
    recording: &Recording,
) -> Result<Vec<SessionRecord>, StoreError> {
    let mut sessions = before.sessions.clone();
    let this = store
        .sessions(user, Some(recording.started_at()))
        .await?
        .into_iter()
        .filter(|s| s.id == recording.session());
    for session in this {
        sessions.retain(|s| s.id != session.id);
        sessions.push(session);
    }
    Ok(sessions)
}
