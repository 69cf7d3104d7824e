//! The next-morning check: the first look of a day after a session day
//! asks how the back and leg are this morning, once a day. The driver asks
//! the questions (in a terminal only); when to ask, what is stored and the
//! advice that follows are decided here.

use jiff::{SignedDuration, Timestamp};
use limber_core::PainScore;
use limber_core::diary::{PainEntry, PainEntryId};
use limber_core::rules::{self, MorningAdvice};
use limber_store::{Store, StoreError, UserId};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::output::stats::MorningOutput;
use crate::pain_log::{EntryError, check_at};
use crate::user_state::UserState;

/// Whether to ask the morning question now: there was a session the day
/// before, and it has not been asked today.
pub fn due(state: &UserState) -> bool {
    let today = state.today();
    state.profile.morning_asked != Some(today)
        && rules::needs_morning_question(&state.sessions, &state.entries, &state.tz, today)
}

/// The user's answers; each may be skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MorningAnswers {
    pub back: Option<PainScore>,
    pub leg: Option<PainScore>,
    pub stiffness: Option<PainScore>,
}

/// Stores the answers (a morning diary entry, unless all were skipped),
/// marks today's question asked, and returns today's advice with them.
pub async fn answer<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    answers: MorningAnswers,
) -> Result<MorningAdvice, StoreError> {
    let now = state.now;
    answer_as(store, user, state, answers, PainEntryId::at(now), now).await
}

/// [`answer`] with the entry's id and time given by the client that asked
/// (a page, maybe offline at the time): a retry with the same id stores
/// nothing more.
pub async fn answer_as<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    answers: MorningAnswers,
    id: PainEntryId,
    at: Timestamp,
) -> Result<MorningAdvice, StoreError> {
    let MorningAnswers {
        back,
        leg,
        stiffness,
    } = answers;
    let answered = back.is_some() || leg.is_some() || stiffness.is_some();
    if answered && !state.entries.iter().any(|e| e.id == id) {
        let entry = PainEntry {
            id,
            at,
            back,
            leg,
            reach: None,
            side: None,
            qualities: Vec::new(),
            weakness: false,
            stiffness,
            morning: true,
            note: None,
        };
        store.add_pain_entry(user, &entry).await?;
        state.entries.push(entry);
        state.entries.sort_by_key(|e| (e.at, e.id));
    }
    if state.profile.morning_asked != Some(state.today()) {
        state.profile.morning_asked = Some(state.today());
        store.save_profile(user, &mut state.profile).await?;
    }
    state.remember(store, user).await?;
    Ok(state.morning())
}

/// Whether the morning check is due, and what the mornings so far advise
/// (`GET /api/v1/morning`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MorningView {
    /// Ask the morning question now: there was a session yesterday and it
    /// has not been answered today (the terminal asks at the same times).
    pub due: bool,
    /// Today's advice from the mornings after sessions.
    pub advice: MorningOutput,
    /// A morning pause not yet acknowledged, with the advice; it stays
    /// until acknowledged, however long ago the mornings were.
    pub pause: Option<String>,
}

impl MorningView {
    pub fn of(state: &UserState) -> Self {
        Self {
            due: due(state),
            advice: (&state.morning()).into(),
            pause: state.morning_pause(),
        }
    }
}

/// The morning check as a page posts it (`POST /api/v1/morning`); every
/// answer may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostedMorning {
    /// Made by the page, kept across retries.
    pub id: Uuid,
    /// When it was answered (RFC 3339), by the page's clock.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Back pain on waking, 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub back: Option<i64>,
    /// Leg pain on waking, 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub leg: Option<i64>,
    /// Stiffness on waking, 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub stiffness: Option<i64>,
}

fn score(field: &'static str, v: Option<i64>) -> Result<Option<PainScore>, EntryError> {
    v.map(|v| PainScore::new(v).map_err(|source| EntryError::Score { field, source }))
        .transpose()
}

/// Stores a posted morning check (once per id) as [`answer`] does, and
/// returns the view after it. Its time may be up to `ahead` after `now`.
pub async fn post<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    posted: &PostedMorning,
    ahead: SignedDuration,
) -> Result<MorningView, PostError> {
    let answers = MorningAnswers {
        back: score("back", posted.back)?,
        leg: score("leg", posted.leg)?,
        stiffness: score("stiffness", posted.stiffness)?,
    };
    check_at(posted.at, state.now, ahead).map_err(EntryError::from)?;
    let id = PainEntryId::from_uuid(posted.id);
    answer_as(store, user, state, answers, id, posted.at).await?;
    Ok(MorningView::of(state))
}

/// Why a posted morning check was not stored.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error(transparent)]
    Input(#[from] EntryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
