//! The one storage interface every limber backend implements.
//!
//! The embedded SQLite store and the hosted PostgreSQL store both sit behind
//! [`Store`], and both pass the same test suite. Every call is scoped by a
//! user id, even in single-user mode (where it is [`LOCAL_USER`]), so the
//! hosted mode cannot leak one person's diary into another's.
#![forbid(unsafe_code)]

use std::ops::{Deref, DerefMut};

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use limber_core::PainScore;
use limber_core::diary::{
    PainEntry, PainEntryId, Rating, SessionContext, SessionId, SessionRecord, SessionStatus,
    StepRecord,
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

/// Any backend's underlying error (sqlx, tokio-postgres, I/O), kept whole so
/// callers and logs can walk its chain.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    /// The write would overwrite what it must not: another writer saved
    /// the profile since the caller read it (read again, then retry or
    /// report), or a record id is another user's. Nothing was written.
    #[error("{0}; nothing was written")]
    Conflict(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("could not open the database at {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: BoxError,
    },
    #[error("database migration failed: {message}")]
    Migration {
        message: String,
        #[source]
        source: BoxError,
    },
    #[error("database error {doing}: {source}")]
    Backend {
        /// What the store was doing, e.g. "adding a pain entry".
        doing: &'static str,
        #[source]
        source: BoxError,
    },
}

impl StoreError {
    /// A backend error, with what the store was doing.
    pub fn backend(doing: &'static str, source: impl Into<BoxError>) -> Self {
        Self::Backend {
            doing,
            source: source.into(),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How many times a versioned record has been saved; 0 when never.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u64);

/// A record as read, with the version it was read at: saving it back
/// succeeds only if nobody saved in between (see [`Store::save_profile`]).
/// Derefs to the record, so callers read and change it in place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub version: Version,
}

impl<T> Versioned<T> {
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Versioned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Versioned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// Where a newest-first page continues: the records strictly older than
/// the one at `at` with id `id` (the last record of the previous page).
/// Time first, id to break ties, so paging never skips or repeats a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor<Id> {
    pub at: Timestamp,
    pub id: Id,
}

impl From<&SessionRecord> for Cursor<SessionId> {
    fn from(s: &SessionRecord) -> Self {
        Self {
            at: s.started_at,
            id: s.id,
        }
    }
}

impl From<&PainEntry> for Cursor<PainEntryId> {
    fn from(e: &PainEntry) -> Self {
        Self { at: e.at, id: e.id }
    }
}

/// What is known when a session begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    /// Made by the caller (`SessionId::at(started_at)`), so a retried
    /// begin stores one session.
    pub id: SessionId,
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
    /// Whole sessions, with their ids. One whose id is already stored
    /// (or deleted) is left as it is: importing twice stores it once.
    pub sessions: Vec<SessionRecord>,
    /// Diary entries, skipped like sessions when their id is stored.
    pub pain_entries: Vec<PainEntry>,
    /// Whole runs, skipped like sessions when their id is stored.
    /// `cooldown_session` names a session of this import, or a stored one.
    pub runs: Vec<RunRecord>,
}

/// What [`Store::append`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Committed.
    Stored,
    /// Something else was committed since the mark was read, or an entry
    /// was stored before: nothing was stored; read again.
    Changed,
}

/// Storage for one or many users' limber data.
///
/// Every write is its own transaction and is durable when the call returns:
/// a session is stored as it happens (begun as `partial`, each hold written
/// when it ends), so quitting, Ctrl-C or `kill -9` leaves a true partial record.
///
/// Records are named by ids their writer makes, and every insert is
/// idempotent: writing a record whose id is stored changes nothing and is
/// not an error, so a retried or synced write stores once. Each record
/// keeps when it last changed (`updated_at`, the time of the change as the
/// caller gives it) and deletion leaves a tombstone that reads skip, so a
/// sync can tell a deleted record from one it has not seen. Users exist
/// only once created ([`Store::create_user`]); writes for any other user
/// are `NotFound`.
#[async_trait]
pub trait Store: Send + Sync {
    /// For a driver that keeps a user's recent records in memory between
    /// requests (the web server): a number that changes whenever anything
    /// is committed other than through [`Store::append`]. `None`: this
    /// backend offers none, so nothing may be kept and `append` is never
    /// called.
    async fn others_mark(&self) -> Result<Option<u64>> {
        Ok(None)
    }

    /// Stores `entries`, in order, and the profile when given, in one
    /// transaction (one commit for many posted entries), provided nothing
    /// was committed other than through `append` since
    /// [`Store::others_mark`] read `expect` and none of `entries` is
    /// stored yet; otherwise stores nothing and answers
    /// [`Appended::Changed`]. On success the profile's version is
    /// advanced. The user must exist (a first write through the other
    /// methods creates nothing here).
    async fn append(
        &self,
        user: UserId,
        expect: u64,
        entries: &[PainEntry],
        profile: Option<&mut Versioned<Profile>>,
    ) -> Result<Appended> {
        let _ = (user, expect, entries, profile);
        Ok(Appended::Changed)
    }

    /// Creates the user if they do not exist yet (no error if they do).
    async fn create_user(&self, user: UserId) -> Result<()>;

    /// A number that differs, after anything is committed to the store by
    /// this process or any other, from every one read before it. A driver
    /// may keep what it made from stored data (the History page's first
    /// page, which every phone asks for again and again) for as long as
    /// the number stands still. `None`: this backend cannot tell cheaply,
    /// so nothing may be kept across requests.
    async fn change_mark(&self) -> Result<Option<u64>> {
        Ok(None)
    }

    /// Stores a completed screen; it becomes the latest.
    async fn save_screen(&self, user: UserId, record: &ScreenRecord) -> Result<()>;
    /// Every screen the user has taken, oldest first (the screening history).
    async fn screens(&self, user: UserId) -> Result<Vec<ScreenRecord>>;
    /// The most recent screen, if the user has ever been screened.
    async fn latest_screen(&self, user: UserId) -> Result<Option<ScreenRecord>>;
    /// Marks the latest screen's advice as acknowledged. `NotFound` when there is no screen.
    async fn acknowledge_screen(&self, user: UserId, at: Timestamp) -> Result<()>;

    /// Starts a session record with status `partial` under `session.id` and
    /// returns that id. Beginning the same id again changes nothing;
    /// `Conflict` if another user has that id.
    async fn begin_session(&self, user: UserId, session: &NewSession) -> Result<SessionId>;
    /// Appends one finished hold (the same hold twice is kept once).
    /// `NotFound` if the session is not this user's, or deleted.
    async fn record_step(&self, user: UserId, session: SessionId, step: &StepRecord) -> Result<()>;
    /// Appends one "pain now" rating taken during the session (the same
    /// rating twice is kept once). The opening rating (`after: None`) also
    /// becomes the session's `pain_before` when it has none, so both views
    /// of a session agree.
    async fn record_rating(&self, user: UserId, session: SessionId, rating: &Rating) -> Result<()>;
    /// Sets the session's end, status and closing rating.
    async fn finish_session(
        &self,
        user: UserId,
        session: SessionId,
        end: &SessionEnd,
    ) -> Result<()>;
    /// Deletes a session (a tombstone at `at`; reads skip it). Deleting it
    /// again is no error; `NotFound` if it is not this user's.
    async fn delete_session(&self, user: UserId, session: SessionId, at: Timestamp) -> Result<()>;
    /// Sessions started at or after `since` (all when `None`), oldest first,
    /// each with its steps and ratings in the order they happened.
    async fn sessions(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<SessionRecord>>;
    /// Up to `limit` sessions, newest first, older than `before` (from the
    /// newest when `None`). Costs the same however long the history is.
    async fn session_page(
        &self,
        user: UserId,
        before: Option<Cursor<SessionId>>,
        limit: u32,
    ) -> Result<Vec<SessionRecord>>;

    /// Stores a diary entry (once per id): true when stored now, false
    /// when its id was stored before (nothing changes).
    async fn add_pain_entry(&self, user: UserId, entry: &PainEntry) -> Result<bool>;
    /// Deletes a diary entry (a tombstone at `at`). Deleting it again is no
    /// error; `NotFound` if it is not this user's.
    async fn delete_pain_entry(
        &self,
        user: UserId,
        entry: PainEntryId,
        at: Timestamp,
    ) -> Result<()>;
    /// Diary entries at or after `since` (all when `None`), oldest first.
    async fn pain_entries(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<PainEntry>>;
    /// Up to `limit` diary entries, newest first, older than `before`.
    async fn pain_entry_page(
        &self,
        user: UserId,
        before: Option<Cursor<PainEntryId>>,
        limit: u32,
    ) -> Result<Vec<PainEntry>>;
    /// The newest diary entry, if any.
    async fn latest_pain_entry(&self, user: UserId) -> Result<Option<PainEntry>> {
        Ok(self
            .pain_entry_page(user, None, 1)
            .await?
            .into_iter()
            .next())
    }

    /// The user's profile and the version read; the default profile (at
    /// version 0) for a user who has none yet.
    async fn profile(&self, user: UserId) -> Result<Versioned<Profile>>;
    /// Saves the profile if the stored one is still at `profile.version`
    /// and then advances `profile.version`, so the caller can save again.
    /// `Conflict` (nothing written) when another writer saved in between.
    async fn save_profile(&self, user: UserId, profile: &mut Versioned<Profile>) -> Result<()>;

    /// Writes every record of `import` in one transaction: all of them or,
    /// on any error, none. Records whose id is stored are skipped; beyond
    /// that it does not look for duplicates (the caller decides what is
    /// new; see `limber_formats::export::backup`). A profile replaces the
    /// stored one whatever its version.
    async fn import(&self, user: UserId, import: &Import) -> Result<()>;

    /// Adds imported runs in one transaction (one file's runs: all or
    /// none), each under a new id. A run the store already has is not added
    /// again: same [`Run::fingerprint`], or a start within
    /// [`limber_core::run::SAME_RUN_WINDOW_S`] of a stored run's (also one
    /// added earlier in the same call). One outcome per run, in order.
    async fn add_runs(&self, user: UserId, runs: &[Run]) -> Result<Vec<RunAdded>>;
    /// Runs starting at or after `since` (all when `None`), oldest first.
    async fn runs(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<RunRecord>>;
    /// Marks `session` as the cool-down of `run`. `NotFound` unless both
    /// are this user's.
    async fn tag_cooldown(&self, user: UserId, run: RunId, session: SessionId) -> Result<()>;
}
