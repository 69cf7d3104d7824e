//! The one storage interface every limber backend implements.
//!
//! The embedded SQLite store and the hosted PostgreSQL store both sit behind
//! [`Store`], and both pass the same test suite. Every call is scoped by a
//! user id, even in single-user mode (where it is [`LOCAL_USER`]), so the
//! hosted mode cannot leak one person's diary into another's.
#![forbid(unsafe_code)]

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use limber_core::PainScore;
use limber_core::diary::{
    PainEntry, Rating, SessionContext, SessionId, SessionRecord, SessionStatus, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::run::{Run, RunAdded, RunId, RunRecord};
use limber_core::safety::ScreenRecord;

#[cfg(feature = "testsuite")]
pub mod testsuite;

/// Identifies a user of a store.
pub type UserId = i64;

/// The fixed user of local, single-user mode.
pub const LOCAL_USER: UserId = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("could not open the database at {path}: {message}")]
    Open { path: String, message: String },
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What is known when a session begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    pub started_at: Timestamp,
    pub context: SessionContext,
    pub program: String,
    pub pain_before: Option<PainScore>,
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEnd {
    pub ended_at: Timestamp,
    pub status: SessionStatus,
    pub pain_after: Option<PainScore>,
}

/// Records written together by [`Store::import`] (a restored backup): one
/// transaction, so a failure leaves the store exactly as it was.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Import {
    /// Replaces the stored profile when `Some`.
    pub profile: Option<Profile>,
    pub screens: Vec<ScreenRecord>,
    /// Whole sessions. Each keeps its `id` when that id is free for this
    /// user's store and gets a new one otherwise, so a backup restored into
    /// an empty store reads back with the ids it was exported with.
    pub sessions: Vec<SessionRecord>,
    pub pain_entries: Vec<PainEntry>,
    /// Whole runs, ids kept when free like sessions'. `cooldown_session`
    /// names a session of this import by its id here, or a stored one.
    pub runs: Vec<limber_core::run::RunRecord>,
}

/// Storage for one or many users' limber data.
///
/// Every write is its own transaction and is durable when the call returns:
/// a session is stored as it happens (begun as `partial`, each hold written
/// when it ends), so quitting, Ctrl-C or `kill -9` leaves a true partial record.
#[async_trait]
pub trait Store: Send + Sync {
    /// Stores a completed screen; it becomes the latest.
    async fn save_screen(&self, user: UserId, record: &ScreenRecord) -> Result<()>;
    /// Every screen the user has taken, oldest first (the screening history).
    async fn screens(&self, user: UserId) -> Result<Vec<ScreenRecord>>;
    /// The most recent screen, if the user has ever been screened.
    async fn latest_screen(&self, user: UserId) -> Result<Option<ScreenRecord>>;
    /// Marks the latest screen's advice as acknowledged. `NotFound` when there is no screen.
    async fn acknowledge_screen(&self, user: UserId, at: Timestamp) -> Result<()>;

    /// Starts a session record with status `partial` and returns its id.
    async fn begin_session(&self, user: UserId, session: &NewSession) -> Result<SessionId>;
    /// Appends one finished hold. `NotFound` if the session is not this user's.
    async fn record_step(&self, user: UserId, session: SessionId, step: &StepRecord) -> Result<()>;
    /// Appends one "pain now" rating taken during the session. The opening
    /// rating (`after: None`) also becomes the session's `pain_before` when
    /// it has none, so both views of a session agree.
    async fn record_rating(&self, user: UserId, session: SessionId, rating: &Rating) -> Result<()>;
    /// Sets the session's end, status and closing rating.
    async fn finish_session(
        &self,
        user: UserId,
        session: SessionId,
        end: &SessionEnd,
    ) -> Result<()>;
    /// Sessions started at or after `since` (all when `None`), oldest first,
    /// each with its steps and ratings in the order they happened.
    async fn sessions(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<SessionRecord>>;

    /// Stores a diary entry.
    async fn add_pain_entry(&self, user: UserId, entry: &PainEntry) -> Result<()>;
    /// Diary entries at or after `since` (all when `None`), oldest first.
    async fn pain_entries(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<PainEntry>>;

    /// The user's profile; the default profile for a user who has none yet.
    async fn profile(&self, user: UserId) -> Result<Profile>;
    async fn save_profile(&self, user: UserId, profile: &Profile) -> Result<()>;

    /// Writes every record of `import` in one transaction: all of them or,
    /// on any error, none. Does not look for duplicates (the caller decides
    /// what is new; see `limber_formats::export::backup`).
    async fn import(&self, user: UserId, import: &Import) -> Result<()>;

    /// Adds imported runs in one transaction (one file's runs: all or
    /// none). A run the store already has is not added again: same
    /// [`Run::fingerprint`], or a start within
    /// [`limber_core::run::SAME_RUN_WINDOW_S`] of a stored run's (also one
    /// added earlier in the same call). One outcome per run, in order.
    async fn add_runs(&self, user: UserId, runs: &[Run]) -> Result<Vec<RunAdded>>;
    /// Runs starting at or after `since` (all when `None`), oldest first.
    async fn runs(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<RunRecord>>;
    /// Marks `session` as the cool-down of `run`. `NotFound` unless both
    /// are this user's.
    async fn tag_cooldown(&self, user: UserId, run: RunId, session: SessionId) -> Result<()>;
}
