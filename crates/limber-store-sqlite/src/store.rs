//! The [`Store`] implementation: every query scoped by user id, every
//! write one `BEGIN IMMEDIATE` transaction, every insert idempotent by id.

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Sqlite, Transaction};

use limber_core::PainScore;
use limber_core::diary::{
    PainEntry, PainEntryId, Rating, SessionId, SessionRecord, SessionStatus, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::run::{Run, RunAdded, RunId, RunRecord};
use limber_core::safety::ScreenRecord;
use limber_store::{
    Appended, Cursor, Import, NewSession, Result, SessionEnd, Store, StoreError, UserId, Version,
    Versioned,
};

use crate::decode::Decode;
use crate::names;
use crate::packed::{self, PAIN_COLUMNS, SESSION_COLUMNS};
use crate::{SqliteStore, db, runs};

pub(crate) fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn pain_value(p: Option<PainScore>) -> Option<i64> {
    p.map(|p| i64::from(p.get()))
}

fn session_not_found(user: UserId, session: SessionId) -> StoreError {
    StoreError::NotFound(format!("session {session} of user {user}"))
}

/// `NotFound` unless the user was created ([`Store::create_user`]).
pub(crate) async fn require_user(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
) -> Result<()> {
    let known: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)")
        .bind(user)
        .fetch_one(&mut **tx)
        .await
        .map_err(db("looking up the user"))?;
    if known {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("user {user}")))
    }
}

/// After an insert that did nothing because `id` is stored: fine when it
/// is this user's record (a retried or repeated write), `Conflict` when the
/// id is another user's.
async fn owned_by(
    tx: &mut Transaction<'static, Sqlite>,
    table: &'static str,
    id: &str,
    user: UserId,
) -> Result<()> {
    let owner: Option<UserId> = sqlx::query_scalar(match table {
        "sessions" => "SELECT user_id FROM sessions WHERE id = ?",
        _ => "SELECT user_id FROM pain_entries WHERE id = ?",
    })
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db("looking up a record id"))?;
    match owner {
        Some(owner) if owner != user => Err(StoreError::Conflict(format!(
            "the {table} id {id} is another user's"
        ))),
        _ => Ok(()),
    }
}

/// Whether the session is this user's and not deleted (after an append
/// changed nothing: the same hold or rating was already there).
async fn live_session(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    session: SessionId,
) -> Result<()> {
    let live: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND deleted_at IS NULL)",
    )
    .bind(session.to_string())
    .bind(user)
    .fetch_one(&mut **tx)
    .await
    .map_err(db("looking up a session"))?;
    if live {
        Ok(())
    } else {
        Err(session_not_found(user, session))
    }
}

type ScreenRow = (i64, i64, String, Option<i64>);

/// Which records a read wants.
enum Rows {
    /// Those at or after this time (epoch ms), all of them.
    Since(i64),
    /// Up to `limit`, newest first, older than (`at`, `id`) (the newest
    /// when `id` is `None`).
    Page {
        at: i64,
        id: Option<String>,
        limit: u32,
    },
}

impl Rows {
    fn page<Id: std::fmt::Display>(before: Option<Cursor<Id>>, limit: u32) -> Self {
        match before {
            Some(c) => Self::Page {
                at: ms(c.at),
                id: Some(c.id.to_string()),
                limit,
            },
            None => Self::Page {
                at: i64::MAX,
                id: None,
                limit,
            },
        }
    }

    /// The rows of `table` (time column `time`) as a table expression.
    fn source(&self, table: &str, time: &str) -> String {
        match self {
            Self::Since(_) => format!(
                "(SELECT * FROM {table}
                  WHERE user_id = ?1 AND {time} >= ?2 AND deleted_at IS NULL
                  ORDER BY {time}, id)"
            ),
            Self::Page { .. } => format!(
                "(SELECT * FROM {table}
                  WHERE user_id = ?1 AND deleted_at IS NULL
                    AND (?3 IS NULL OR ({time}, id) < (?2, ?3))
                  ORDER BY {time} DESC, id DESC LIMIT ?4)"
            ),
        }
    }

    fn bind<'q, O>(
        &self,
        q: sqlx::query::QueryAs<'q, Sqlite, O, sqlx::sqlite::SqliteArguments>,
        user: UserId,
    ) -> sqlx::query::QueryAs<'q, Sqlite, O, sqlx::sqlite::SqliteArguments> {
        match self {
            Self::Since(since) => q.bind(user).bind(*since),
            Self::Page { at, id, limit } => q.bind(user).bind(*at).bind(id.clone()).bind(*limit),
        }
    }
}

/// Sessions read in one query, one row: sqlx hands each row across a
/// thread, so ten years of daily sessions as 3,650 rows would blow the time
/// budget of `limber stats`. No ORDER BY in the aggregates (SQLite would
/// sort megabytes of text): the caller sorts.
async fn read_sessions(
    store: &SqliteStore,
    user: UserId,
    rows: &Rows,
) -> Result<Vec<SessionRecord>> {
    // Built only from the constant fragments above, no input.
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM {}",
        rows.source("sessions", "started_at")
    );
    let (fields, steps, ratings): (String, String, String) = rows
        .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)), user)
        .fetch_one(store.pool())
        .await
        .map_err(db("reading sessions"))?;
    packed::sessions(&fields, &steps, &ratings)
}

/// Diary entries as one JSON array of column arrays: half the time of
/// 7,300 eleven-column rows through sqlx.
async fn read_pain_entries(
    store: &SqliteStore,
    user: UserId,
    rows: &Rows,
) -> Result<Vec<PainEntry>> {
    // Built only from the constant fragments above, no input.
    let sql = format!(
        "SELECT {PAIN_COLUMNS} FROM {}",
        rows.source("pain_entries", "at")
    );
    let (json,): (String,) = rows
        .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql)), user)
        .fetch_one(store.pool())
        .await
        .map_err(db("reading pain entries"))?;
    packed::pain_entries(&json)
}

#[async_trait]
impl Store for SqliteStore {
    async fn change_mark(&self) -> Result<Option<u64>> {
        let Some(watch) = &self.watch else {
            return Ok(None);
        };
        let mark = watch
            .mark()
            .map_err(|e| StoreError::backend("reading the data version", e))?;
        Ok(Some(mark))
    }

    async fn create_user(&self, user: UserId) -> Result<()> {
        let mut tx = self.write("creating a user").await?;
        sqlx::query("INSERT OR IGNORE INTO users (id) VALUES (?)")
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db("creating a user"))?;
        tx.commit().await.map_err(db("creating a user"))
    }

    async fn save_screen(&self, user: UserId, record: &ScreenRecord) -> Result<()> {
        let mut tx = self.write("saving a screen").await?;
        require_user(&mut tx, user).await?;
        insert_screen(&mut tx, user, record).await?;
        tx.commit().await.map_err(db("saving a screen"))
    }

    async fn screens(&self, user: UserId) -> Result<Vec<ScreenRecord>> {
        let rows: Vec<ScreenRow> = sqlx::query_as(
            "SELECT id, taken_at, answers, acknowledged_at FROM screens
             WHERE user_id = ? ORDER BY taken_at, id",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading screens"))?;
        rows.into_iter().map(screen_from_row).collect()
    }

    async fn latest_screen(&self, user: UserId) -> Result<Option<ScreenRecord>> {
        let row: Option<ScreenRow> = sqlx::query_as(
            "SELECT id, taken_at, answers, acknowledged_at FROM screens
             WHERE user_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1",
        )
        .bind(user)
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading the latest screen"))?;
        row.map(screen_from_row).transpose()
    }

    async fn acknowledge_screen(&self, user: UserId, at: Timestamp) -> Result<()> {
        let mut tx = self.write("acknowledging a screen").await?;
        let done = sqlx::query(
            "UPDATE screens SET acknowledged_at = ?
             WHERE id = (SELECT id FROM screens WHERE user_id = ?
                         ORDER BY taken_at DESC, id DESC LIMIT 1)
               AND user_id = ?",
        )
        .bind(ms(at))
        .bind(user)
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("acknowledging a screen"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("a screen of user {user}")));
        }
        tx.commit().await.map_err(db("acknowledging a screen"))
    }

    async fn begin_session(&self, user: UserId, session: &NewSession) -> Result<SessionId> {
        let mut tx = self.write("beginning a session").await?;
        require_user(&mut tx, user).await?;
        let id = session.id.to_string();
        let done = sqlx::query(
            "INSERT INTO sessions
                (id, user_id, started_at, status, after_run, place, program, pain_before,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?3) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(user)
        .bind(ms(session.started_at))
        .bind(names::name(SessionStatus::Partial))
        .bind(session.context.after_run)
        .bind(names::name(session.context.place))
        .bind(&session.program)
        .bind(pain_value(session.pain_before))
        .execute(&mut *tx)
        .await
        .map_err(db("beginning a session"))?;
        if done.rows_affected() == 0 {
            owned_by(&mut tx, "sessions", &id, user).await?;
        }
        tx.commit().await.map_err(db("beginning a session"))?;
        Ok(session.id)
    }

    async fn record_step(&self, user: UserId, session: SessionId, step: &StepRecord) -> Result<()> {
        let mut tx = self.write("recording a step").await?;
        // One atomic append; changes nothing unless the session is this
        // user's and live, or when the same hold is already there.
        let done = sqlx::query(
            "UPDATE sessions SET steps = json_insert(steps, '$[#]', json(?1)),
                                 updated_at = max(updated_at, ?2)
             WHERE id = ?3 AND user_id = ?4 AND deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM json_each(sessions.steps) WHERE value = json(?1))",
        )
        .bind(packed::step_json(step).to_string())
        .bind(ms(step.at))
        .bind(session.to_string())
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("recording a step"))?;
        if done.rows_affected() == 0 {
            live_session(&mut tx, user, session).await?;
        }
        tx.commit().await.map_err(db("recording a step"))
    }

    async fn record_rating(&self, user: UserId, session: SessionId, rating: &Rating) -> Result<()> {
        let mut tx = self.write("recording a rating").await?;
        let done = sqlx::query(
            "UPDATE sessions SET ratings = json_insert(ratings, '$[#]', json(?1)),
                    pain_before = CASE WHEN ?2 THEN coalesce(pain_before, ?3)
                                       ELSE pain_before END,
                    updated_at = max(updated_at, ?4)
             WHERE id = ?5 AND user_id = ?6 AND deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM json_each(sessions.ratings) WHERE value = json(?1))",
        )
        .bind(packed::rating_json(rating).to_string())
        .bind(rating.after.is_none())
        .bind(i64::from(rating.pain.get()))
        .bind(ms(rating.at))
        .bind(session.to_string())
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("recording a rating"))?;
        if done.rows_affected() == 0 {
            live_session(&mut tx, user, session).await?;
        }
        tx.commit().await.map_err(db("recording a rating"))
    }

    async fn finish_session(
        &self,
        user: UserId,
        session: SessionId,
        end: &SessionEnd,
    ) -> Result<()> {
        let mut tx = self.write("finishing a session").await?;
        let done = sqlx::query(
            "UPDATE sessions SET ended_at = ?1, status = ?2, pain_after = ?3,
                                 updated_at = max(updated_at, ?1)
             WHERE id = ?4 AND user_id = ?5 AND deleted_at IS NULL",
        )
        .bind(ms(end.ended_at))
        .bind(names::name(end.status))
        .bind(pain_value(end.pain_after))
        .bind(session.to_string())
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("finishing a session"))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(user, session));
        }
        tx.commit().await.map_err(db("finishing a session"))
    }

    async fn delete_session(&self, user: UserId, session: SessionId, at: Timestamp) -> Result<()> {
        let mut tx = self.write("deleting a session").await?;
        let done = sqlx::query(
            "UPDATE sessions SET deleted_at = coalesce(deleted_at, ?1),
                                 updated_at = max(updated_at, ?1)
             WHERE id = ?2 AND user_id = ?3",
        )
        .bind(ms(at))
        .bind(session.to_string())
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("deleting a session"))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(user, session));
        }
        tx.commit().await.map_err(db("deleting a session"))
    }

    async fn sessions(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<SessionRecord>> {
        let rows = Rows::Since(since.map_or(i64::MIN, ms));
        let mut sessions = read_sessions(self, user, &rows).await?;
        sessions.sort_by_key(|s| (s.started_at, s.id));
        Ok(sessions)
    }

    async fn session_page(
        &self,
        user: UserId,
        before: Option<Cursor<SessionId>>,
        limit: u32,
    ) -> Result<Vec<SessionRecord>> {
        let mut page = read_sessions(self, user, &Rows::page(before, limit)).await?;
        page.sort_by_key(|s| std::cmp::Reverse((s.started_at, s.id)));
        Ok(page)
    }

    async fn add_pain_entry(&self, user: UserId, entry: &PainEntry) -> Result<bool> {
        let mut tx = self.write("adding a pain entry").await?;
        require_user(&mut tx, user).await?;
        let stored = insert_pain_entry(&mut tx, user, entry).await?;
        tx.commit().await.map_err(db("adding a pain entry"))?;
        Ok(stored)
    }

    async fn delete_pain_entry(
        &self,
        user: UserId,
        entry: PainEntryId,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.write("deleting a pain entry").await?;
        let done = sqlx::query(
            "UPDATE pain_entries SET deleted_at = coalesce(deleted_at, ?1),
                                     updated_at = max(updated_at, ?1)
             WHERE id = ?2 AND user_id = ?3",
        )
        .bind(ms(at))
        .bind(entry.to_string())
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("deleting a pain entry"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "pain entry {entry} of user {user}"
            )));
        }
        tx.commit().await.map_err(db("deleting a pain entry"))
    }

    async fn pain_entries(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<PainEntry>> {
        // The subquery's order is SQLite's practice, not its promise: sort
        // again (cheap when already sorted).
        let rows = Rows::Since(since.map_or(i64::MIN, ms));
        let mut entries = read_pain_entries(self, user, &rows).await?;
        entries.sort_by_key(|e| (e.at, e.id));
        Ok(entries)
    }

    async fn pain_entry_page(
        &self,
        user: UserId,
        before: Option<Cursor<PainEntryId>>,
        limit: u32,
    ) -> Result<Vec<PainEntry>> {
        let mut page = read_pain_entries(self, user, &Rows::page(before, limit)).await?;
        page.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
        Ok(page)
    }

    async fn profile(&self, user: UserId) -> Result<Versioned<Profile>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT json, version FROM profiles WHERE user_id = ?")
                .bind(user)
                .fetch_optional(&self.pool)
                .await
                .map_err(db("reading the profile"))?;
        let Some((json, version)) = row else {
            return Ok(Versioned::default());
        };
        let corrupt =
            |what: String| StoreError::Corrupt(format!("profiles row of user {user}: {what}"));
        Ok(Versioned {
            value: serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))?,
            version: Version(
                u64::try_from(version).map_err(|_| corrupt(format!("version {version}")))?,
            ),
        })
    }

    async fn save_profile(&self, user: UserId, profile: &mut Versioned<Profile>) -> Result<()> {
        let mut tx = self.write("saving the profile").await?;
        require_user(&mut tx, user).await?;
        update_profile(&mut tx, user, profile).await?;
        tx.commit().await.map_err(db("saving the profile"))?;
        profile.version = Version(profile.version.0 + 1);
        Ok(())
    }

    async fn others_mark(&self) -> Result<Option<u64>> {
        match &self.appender {
            Some(appender) => appender.mark().await.map(Some),
            None => Ok(None),
        }
    }

    async fn append(
        &self,
        user: UserId,
        expect: u64,
        entries: &[PainEntry],
        profile: Option<&mut Versioned<Profile>>,
    ) -> Result<Appended> {
        let Some(appender) = &self.appender else {
            return Ok(Appended::Changed);
        };
        let rows = entries.iter().map(PainRow::of).collect();
        let save = match profile.as_deref() {
            Some(p) => Some(crate::append::ProfileSave {
                json: encode_profile(p)?,
                read: profile_version(p)?,
            }),
            None => None,
        };
        let done = appender.append(user, expect, rows, save).await?;
        if let (Appended::Stored, Some(profile)) = (done, profile) {
            profile.version = Version(profile.version.0 + 1);
        }
        Ok(done)
    }

    async fn import(&self, user: UserId, import: &Import) -> Result<()> {
        let mut tx = self.write("importing records").await?;
        require_user(&mut tx, user).await?;
        if let Some(profile) = &import.profile {
            sqlx::query(
                "INSERT INTO profiles (user_id, json, version) VALUES (?, ?, 1)
                 ON CONFLICT (user_id) DO UPDATE SET json = excluded.json,
                                                     version = profiles.version + 1",
            )
            .bind(user)
            .bind(encode_profile(profile)?)
            .execute(&mut *tx)
            .await
            .map_err(db("importing the profile"))?;
        }
        for screen in &import.screens {
            insert_screen(&mut tx, user, screen).await?;
        }
        for session in &import.sessions {
            insert_session(&mut tx, user, session).await?;
        }
        for entry in &import.pain_entries {
            insert_pain_entry(&mut tx, user, entry).await?;
        }
        for run in &import.runs {
            runs::insert(&mut tx, user, run).await?;
        }
        tx.commit().await.map_err(db("importing records"))
    }

    async fn add_runs(&self, user: UserId, runs: &[Run]) -> Result<Vec<RunAdded>> {
        runs::add(self, user, runs).await
    }

    async fn runs(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<RunRecord>> {
        runs::list(self, user, since).await
    }

    async fn tag_cooldown(&self, user: UserId, run: RunId, session: SessionId) -> Result<()> {
        runs::tag_cooldown(self, user, run, session).await
    }
}

fn encode_profile(profile: &Profile) -> Result<String> {
    serde_json::to_string(profile).map_err(|e| StoreError::backend("encoding the profile", e))
}

fn screen_from_row((id, taken_at, answers, acknowledged_at): ScreenRow) -> Result<ScreenRecord> {
    let d = Decode {
        table: "screens",
        row: &id,
    };
    Ok(ScreenRecord {
        taken_at: d.time("taken_at", taken_at)?,
        answers: serde_json::from_str(&answers)
            .map_err(|e| d.corrupt(format_args!("answers: {e}")))?,
        acknowledged_at: d.opt_time("acknowledged_at", acknowledged_at)?,
    })
}

async fn insert_screen(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    record: &ScreenRecord,
) -> Result<()> {
    let answers = serde_json::to_string(&record.answers)
        .map_err(|e| StoreError::backend("encoding screen answers", e))?;
    sqlx::query(
        "INSERT INTO screens (user_id, taken_at, answers, acknowledged_at) VALUES (?, ?, ?, ?)",
    )
    .bind(user)
    .bind(ms(record.taken_at))
    .bind(answers)
    .bind(record.acknowledged_at.map(ms))
    .execute(&mut **tx)
    .await
    .map_err(db("saving a screen"))?;
    Ok(())
}

/// Saving a profile read at some version: `insert` when it was never
/// stored (version 0), else `update`, which changes nothing when another
/// writer saved it since. The append thread saves with the same SQL.
pub(crate) struct SaveProfile {
    /// Binds the user and the JSON.
    pub insert: &'static str,
    /// Binds the JSON, the user and the version read.
    pub update: &'static str,
}

pub(crate) const SAVE_PROFILE: SaveProfile = SaveProfile {
    insert: "INSERT INTO profiles (user_id, json, version) VALUES (?1, ?2, 1)
             ON CONFLICT (user_id) DO NOTHING",
    update: "UPDATE profiles SET json = ?1, version = version + 1
             WHERE user_id = ?2 AND version = ?3",
};

fn profile_version(profile: &Versioned<Profile>) -> Result<i64> {
    i64::try_from(profile.version.0)
        .map_err(|_| StoreError::Conflict("the profile's version is out of range".into()))
}

/// Writes the profile if the stored one is still at `profile.version`
/// (the caller advances the version once the transaction commits).
async fn update_profile(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    profile: &Versioned<Profile>,
) -> Result<()> {
    let json = encode_profile(profile)?;
    let read = profile_version(profile)?;
    let done = if read == 0 {
        sqlx::query(SAVE_PROFILE.insert)
            .bind(user)
            .bind(json)
            .execute(&mut **tx)
            .await
    } else {
        sqlx::query(SAVE_PROFILE.update)
            .bind(json)
            .bind(user)
            .bind(read)
            .execute(&mut **tx)
            .await
    }
    .map_err(db("saving the profile"))?;
    if done.rows_affected() == 0 {
        return Err(saved_since());
    }
    Ok(())
}

/// A profile save refused: saved by another writer since it was read.
pub(crate) fn saved_since() -> StoreError {
    StoreError::Conflict("the profile was saved by another writer since it was read".into())
}

/// Adding one pain entry; binds the id, the user, then [`PainRow`]'s
/// fields in order. Nothing when its id is stored. The append thread adds
/// entries with the same SQL.
pub(crate) const INSERT_PAIN_ENTRY: &str = "INSERT INTO pain_entries
    (id, user_id, at, back, leg, reach, side, qualities, weakness, stiffness, morning,
     note, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?3)
    ON CONFLICT DO NOTHING";

/// A pain entry's columns as stored.
pub(crate) struct PainRow {
    pub id: String,
    pub at: i64,
    pub back: Option<i64>,
    pub leg: Option<i64>,
    pub reach: Option<&'static str>,
    pub side: Option<&'static str>,
    pub qualities: String,
    pub weakness: bool,
    pub stiffness: Option<i64>,
    pub morning: bool,
    pub note: Option<String>,
}

impl PainRow {
    pub(crate) fn of(e: &PainEntry) -> Self {
        Self {
            id: e.id.to_string(),
            at: ms(e.at),
            back: pain_value(e.back),
            leg: pain_value(e.leg),
            reach: e.reach.map(names::name),
            side: e.side.map(names::name),
            qualities: names::join_qualities(&e.qualities),
            weakness: e.weakness,
            stiffness: pain_value(e.stiffness),
            morning: e.morning,
            note: e.note.clone(),
        }
    }
}

/// One diary entry: true when stored now; false when its id was stored
/// before (`Conflict` if that is another user's).
async fn insert_pain_entry(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    entry: &PainEntry,
) -> Result<bool> {
    let r = PainRow::of(entry);
    let done = sqlx::query(INSERT_PAIN_ENTRY)
        .bind(&r.id)
        .bind(user)
        .bind(r.at)
        .bind(r.back)
        .bind(r.leg)
        .bind(r.reach)
        .bind(r.side)
        .bind(&r.qualities)
        .bind(r.weakness)
        .bind(r.stiffness)
        .bind(r.morning)
        .bind(r.note.as_deref())
        .execute(&mut **tx)
        .await
        .map_err(db("adding a pain entry"))?;
    if done.rows_affected() == 0 {
        owned_by(tx, "pain_entries", &r.id, user).await?;
        return Ok(false);
    }
    Ok(true)
}

/// One whole session, its holds and ratings in the stored array form that
/// `record_step` and `record_rating` append to; nothing when its id is stored.
async fn insert_session(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    s: &SessionRecord,
) -> Result<()> {
    let steps: Vec<serde_json::Value> = s.steps.iter().map(packed::step_json).collect();
    let ratings: Vec<serde_json::Value> = s.ratings.iter().map(packed::rating_json).collect();
    let id = s.id.to_string();
    let updated_at = s.ended_at.map_or(s.started_at, |e| e.max(s.started_at));
    let done = sqlx::query(
        "INSERT INTO sessions
            (id, user_id, started_at, ended_at, status, after_run, place, program,
             pain_before, pain_after, steps, ratings, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(user)
    .bind(ms(s.started_at))
    .bind(s.ended_at.map(ms))
    .bind(names::name(s.status))
    .bind(s.context.after_run)
    .bind(names::name(s.context.place))
    .bind(&s.program)
    .bind(pain_value(s.pain_before))
    .bind(pain_value(s.pain_after))
    .bind(serde_json::Value::Array(steps).to_string())
    .bind(serde_json::Value::Array(ratings).to_string())
    .bind(ms(updated_at))
    .execute(&mut **tx)
    .await
    .map_err(db("importing a session"))?;
    if done.rows_affected() == 0 {
        owned_by(tx, "sessions", &id, user).await?;
    }
    Ok(())
}
