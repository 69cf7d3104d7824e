//! The safety gate in front of every session: which block stands first,
//! and what acknowledging one stores. Drivers word the blocks and ask the
//! questions; the order and the rules live only here, so `plan`, `start`
//! and a web page can never disagree about whether a session may start.

use jiff::{SignedDuration, Timestamp};
use limber_core::safety::{Gate, Question, ScreenRecord, Tier};
use limber_store::{Store, StoreError, UserId};

use crate::user_state::UserState;

/// The first thing that stands between the user and a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    NoScreen,
    /// New symptoms were reported since the last screen.
    Rescreen,
    /// Emergency answers, or red-flag symptoms reported during a session:
    /// no session until re-screened.
    Locked,
    /// Same-day or see-your-GP answers, not yet acknowledged.
    Paused(Tier, Vec<Question>),
    /// Two mornings above baseline, not yet acknowledged.
    MorningPause(String),
    /// A worsening diary, not yet acknowledged.
    DiaryPause(String),
    /// The screen in force is more than [`SCREEN_WEEKS`] weeks old.
    Stale,
}

/// A [`Block`] without its details: what a page names when it
/// acknowledges the advice it showed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum BlockKind {
    NoScreen,
    Rescreen,
    Stale,
    Locked,
    Paused,
    MorningPause,
    DiaryPause,
}

impl BlockKind {
    /// The serde name (what the API and the page say), through strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Block {
    pub fn kind(&self) -> BlockKind {
        match self {
            Block::NoScreen => BlockKind::NoScreen,
            Block::Rescreen => BlockKind::Rescreen,
            Block::Locked => BlockKind::Locked,
            Block::Paused(..) => BlockKind::Paused,
            Block::MorningPause(_) => BlockKind::MorningPause,
            Block::DiaryPause(_) => BlockKind::DiaryPause,
            Block::Stale => BlockKind::Stale,
        }
    }
}

/// The screen is asked again when it is older than this: "no better after
/// 4–6 weeks" is itself a reason to see a GP (clinical-notes §1, Q19).
pub const SCREEN_WEEKS: i64 = 6;

/// The first block in force, in the order that matters for safety: a lock
/// before anything that could be acknowledged away.
pub fn first_block(state: &UserState) -> Option<Block> {
    if state.profile.red_flag_reported.is_some() {
        return Some(Block::Locked);
    }
    if state.profile.rescreen_requested.is_some() {
        return Some(Block::Rescreen);
    }
    let Some(screen) = &state.screen else {
        return Some(Block::NoScreen);
    };
    if state.now.duration_since(screen.taken_at) > SignedDuration::from_hours(24 * 7 * SCREEN_WEEKS)
    {
        return Some(Block::Stale);
    }
    match screen.gate() {
        Gate::Locked(_) => Some(Block::Locked),
        Gate::Paused(tier, flags) => Some(Block::Paused(tier, flags)),
        Gate::Open => state
            .morning_pause()
            .map(Block::MorningPause)
            .or_else(|| state.diary_pause().map(Block::DiaryPause)),
    }
}

/// Emergency answers or a red-flag report are in force: sessions are locked.
pub fn locked(state: &UserState) -> bool {
    matches!(first_block(state), Some(Block::Locked))
}

/// Has the user had a session since they last answered the screen? Then
/// the short pre-session check is asked before the next one.
pub fn session_since_screen(state: &UserState) -> bool {
    let screened = state.screen.as_ref().map(|s| s.taken_at);
    state
        .sessions
        .iter()
        .any(|s| Some(s.started_at) >= screened)
}

/// Whether to ask the short pre-session check (the emergency questions in
/// one) before this session: a screen is in force, no re-screen is already
/// asked for, and there has been a session since it was answered.
pub fn quick_check_due(state: &UserState) -> bool {
    state.screen.is_some()
        && state.profile.rescreen_requested.is_none()
        && session_since_screen(state)
}

/// Why a block cannot be acknowledged away: only answering the screen
/// again lifts it.
#[derive(Debug, thiserror::Error)]
pub enum AcknowledgeError {
    #[error("this block is lifted only by answering the safety screen again")]
    NeedsScreen,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores the user's acknowledgement of a pause (they took the advice and
/// chose to go on) and updates `state` to match.
pub async fn acknowledge<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    block: &Block,
    now: Timestamp,
) -> Result<(), AcknowledgeError> {
    match block {
        Block::Paused(..) => {
            store.acknowledge_screen(user, now).await?;
            if let Some(s) = state.screen.as_mut() {
                s.acknowledged_at = Some(now);
            }
        }
        Block::MorningPause(_) => {
            state.profile.morning_pause_acknowledged = Some(now);
            if let Some(kept) = state.profile.standing.as_mut() {
                kept.morning_pause = None;
            }
            store.save_profile(user, &mut state.profile).await?;
        }
        Block::DiaryPause(_) => {
            state.profile.diary_pause_acknowledged = Some(now);
            if let Some(kept) = state.profile.standing.as_mut() {
                kept.diary_pause = None;
            }
            store.save_profile(user, &mut state.profile).await?;
        }
        Block::NoScreen | Block::Rescreen | Block::Locked | Block::Stale => {
            return Err(AcknowledgeError::NeedsScreen);
        }
    }
    Ok(())
}

/// Marks that the screen must be answered again (new symptoms reported
/// before a session), stored before any question is asked so breaking off
/// half-way cannot leave the old screen in force.
pub async fn request_rescreen<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    now: Timestamp,
) -> Result<(), StoreError> {
    state.profile.rescreen_requested = Some(now);
    store.save_profile(user, &mut state.profile).await
}

/// Makes `record` the screen in force. A fresh screen lifts a re-screen
/// request and a lock from red-flag symptoms reported in a session: its
/// own answers decide what happens next.
pub async fn save_screen<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    record: &ScreenRecord,
) -> Result<(), StoreError> {
    store.save_screen(user, record).await?;
    let mut profile = store.profile(user).await?;
    let rescreen = profile.rescreen_requested.take().is_some();
    let red_flag = profile.red_flag_reported.take().is_some();
    if rescreen || red_flag {
        store.save_profile(user, &mut profile).await?;
    }
    Ok(())
}
