//! limber's embedded default store: one SQLite file through sqlx.
//!
//! The file is created `0600`, runs in WAL mode with `synchronous=FULL` (a
//! write that returned `Ok` survives `kill -9` and power loss), enforces
//! foreign keys, and is migrated on every open. Every write is one
//! `BEGIN IMMEDIATE` transaction; every query is scoped by user id.
#![forbid(unsafe_code)]

mod names;
mod runs;

use std::fs::{self, DirBuilder, OpenOptions, Permissions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use limber_core::diary::{PainEntry, Rating, SessionId, SessionRecord, StepRecord};
use limber_core::profile::Profile;
use limber_core::safety::ScreenRecord;
use limber_core::{ExerciseId, PainScore};
use limber_store::{Import, NewSession, Result, SessionEnd, Store, StoreError, UserId};

use names::{BODY_SIDE, OUTCOME, PLACE, REACH, SIDE, STATUS};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// limber's data in one SQLite file. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path` and brings its
    /// schema up to date. Missing parent directories are created (`0700`); the
    /// file is created `0600`, and an existing file readable by others is
    /// tightened to `0600`.
    pub async fn open(path: &Path) -> Result<Self> {
        let open_err = |message: String| StoreError::Open {
            path: path.display().to_string(),
            message,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|e| open_err(format!("cannot create its directory: {e}")))?;
        }
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|e| open_err(e.to_string()))?;
        for file in [
            path.to_path_buf(),
            suffixed(path, "-wal"),
            suffixed(path, "-shm"),
        ] {
            make_private(&file).map_err(|e| {
                open_err(format!("cannot restrict {} to 0600: {e}", file.display()))
            })?;
        }

        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        Self::migrated(pool, &path.display().to_string()).await
    }

    /// A private in-memory database (tests, and reading commands when no
    /// database exists yet: they must not create one). One connection, so every
    /// query sees the same data; gone when the last clone is dropped.
    pub async fn open_in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open {
                path: ":memory:".into(),
                message: e.to_string(),
            })?;
        Self::migrated(pool, ":memory:").await
    }

    async fn migrated(pool: SqlitePool, path: &str) -> Result<Self> {
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| migration_error(&e, path))?;
        Ok(Self { pool })
    }

    /// The connection pool, for tools and tests that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Waits for in-flight queries and closes every connection (which also
    /// checkpoints the WAL). Dropping the store without closing loses nothing.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn write(&self, doing: &'static str) -> Result<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db(doing))
    }
}

fn suffixed(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Clears group and other permission bits of an existing file.
fn make_private(path: &Path) -> std::io::Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
            fs::set_permissions(path, Permissions::from_mode(0o600))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn migration_error(e: &MigrateError, path: &str) -> StoreError {
    StoreError::Migration(match e {
        MigrateError::VersionMissing(v) => format!(
            "{path} has schema migration {v} applied, which this version of limber does not know: \
             it was written by a newer limber. Upgrade limber, or use another data directory"
        ),
        MigrateError::VersionMismatch(v) => format!(
            "{path}: schema migration {v} differs from the one this version of limber ships; \
             the database was made by a different build of limber"
        ),
        other => format!("{path}: {other}"),
    })
}

/// Wraps a sqlx error with what the store was doing.
fn db(doing: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| StoreError::Backend(format!("{doing}: {e}"))
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn pain_value(p: Option<PainScore>) -> Option<i64> {
    p.map(|p| i64::from(p.get()))
}

fn session_not_found(user: UserId, session: SessionId) -> StoreError {
    StoreError::NotFound(format!("session {session} of user {user}"))
}

/// Creates the user's row on their first write (single-user mode has it
/// from the migration).
async fn ensure_user(tx: &mut Transaction<'static, Sqlite>, user: UserId) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO users (id) VALUES (?)")
        .bind(user)
        .execute(&mut **tx)
        .await
        .map_err(db("creating the user"))?;
    Ok(())
}

/// Decoding helpers that name the table and row of anything unreadable.
struct Decode<'a> {
    table: &'static str,
    row: &'a dyn std::fmt::Display,
}

impl Decode<'_> {
    fn corrupt(&self, what: std::fmt::Arguments<'_>) -> StoreError {
        StoreError::Corrupt(format!("{} row {}: {what}", self.table, self.row))
    }

    fn time(&self, column: &str, value: i64) -> Result<Timestamp> {
        Timestamp::from_millisecond(value)
            .map_err(|e| self.corrupt(format_args!("{column} {value} is not a time: {e}")))
    }

    fn opt_time(&self, column: &str, value: Option<i64>) -> Result<Option<Timestamp>> {
        value.map(|v| self.time(column, v)).transpose()
    }

    fn pain(&self, column: &str, value: i64) -> Result<PainScore> {
        PainScore::new(value).map_err(|e| self.corrupt(format_args!("{column}: {e}")))
    }

    fn flag(&self, column: &str, value: i64) -> Result<bool> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.corrupt(format_args!("{column} {other} is not 0 or 1"))),
        }
    }

    fn opt_pain(&self, column: &str, value: Option<i64>) -> Result<Option<PainScore>> {
        value.map(|v| self.pain(column, v)).transpose()
    }

    fn exercise(&self, column: &str, value: &str) -> Result<ExerciseId> {
        ExerciseId::new(value)
            .ok_or_else(|| self.corrupt(format_args!("{column} {value:?} is not an exercise id")))
    }

    fn named<T: Copy + PartialEq + serde::Serialize>(
        &self,
        names: &names::Names<T>,
        column: &str,
        value: &str,
    ) -> Result<T> {
        names
            .parse(value)
            .ok_or_else(|| self.corrupt(format_args!("unknown {column} {value:?}")))
    }

    fn opt_named<T: Copy + PartialEq + serde::Serialize>(
        &self,
        names: &names::Names<T>,
        column: &str,
        value: Option<&str>,
    ) -> Result<Option<T>> {
        value.map(|v| self.named(names, column, v)).transpose()
    }
}

/// Reads column `i`, reporting a type mismatch as corruption of that row.
type ScreenRow = (i64, i64, String, Option<i64>);

#[async_trait]
impl Store for SqliteStore {
    async fn save_screen(&self, user: UserId, record: &ScreenRecord) -> Result<()> {
        let mut tx = self.write("saving a screen").await?;
        ensure_user(&mut tx, user).await?;
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
        ensure_user(&mut tx, user).await?;
        let id: SessionId = sqlx::query_scalar(
            "INSERT INTO sessions
                (user_id, started_at, status, after_run, place, program, pain_before)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(user)
        .bind(ms(session.started_at))
        .bind(STATUS.name(limber_core::diary::SessionStatus::Partial))
        .bind(session.context.after_run)
        .bind(PLACE.name(session.context.place))
        .bind(&session.program)
        .bind(pain_value(session.pain_before))
        .fetch_one(&mut *tx)
        .await
        .map_err(db("beginning a session"))?;
        tx.commit().await.map_err(db("beginning a session"))?;
        Ok(id)
    }

    async fn record_step(&self, user: UserId, session: SessionId, step: &StepRecord) -> Result<()> {
        let mut tx = self.write("recording a step").await?;
        // Inserts nothing unless the session is this user's.
        // One atomic append; changes nothing unless the session is this user's.
        let done = sqlx::query(
            "UPDATE sessions SET steps = json_insert(steps, '$[#]', json_array(?, ?, ?, ?, json(?), ?))
             WHERE id = ? AND user_id = ?",
        )
        .bind(step.exercise.as_str())
        .bind(step.side.map(|s| SIDE.name(s)))
        .bind(i64::from(step.rep))
        .bind(OUTCOME.name(step.outcome))
        .bind(
            step.reason
                .as_ref()
                .map(|r| serde_json::to_string(r).expect("a reason serializes")),
        )
        .bind(ms(step.at))
        .bind(session)
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("recording a step"))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(user, session));
        }
        tx.commit().await.map_err(db("recording a step"))
    }

    async fn record_rating(&self, user: UserId, session: SessionId, rating: &Rating) -> Result<()> {
        let mut tx = self.write("recording a rating").await?;
        let done = sqlx::query(
            "UPDATE sessions SET ratings = json_insert(ratings, '$[#]', json_array(?1, ?2, ?3)),
                    pain_before = CASE WHEN ?1 IS NULL THEN coalesce(pain_before, ?2)
                                       ELSE pain_before END
             WHERE id = ?4 AND user_id = ?5",
        )
        .bind(rating.after.as_ref().map(ExerciseId::as_str))
        .bind(i64::from(rating.pain.get()))
        .bind(ms(rating.at))
        .bind(session)
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("recording a rating"))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(user, session));
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
            "UPDATE sessions SET ended_at = ?, status = ?, pain_after = ?
             WHERE id = ? AND user_id = ?",
        )
        .bind(ms(end.ended_at))
        .bind(STATUS.name(end.status))
        .bind(pain_value(end.pain_after))
        .bind(session)
        .bind(user)
        .execute(&mut *tx)
        .await
        .map_err(db("finishing a session"))?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(user, session));
        }
        tx.commit().await.map_err(db("finishing a session"))
    }

    async fn sessions(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<SessionRecord>> {
        // One query, one row. sqlx hands each row across a thread, so ten
        // years of daily sessions as 3,650 rows would blow the time budget
        // of `limber stats`. The three columns are parallel JSON arrays: the
        // sessions' own fields, then their stored step and rating arrays
        // spliced in as they are (each behind its session id, checked when
        // stitching), without SQLite parsing or rebuilding them. No ORDER BY
        // in the aggregates (SQLite would sort megabytes of text); the
        // records are sorted after parsing instead.
        let (fields, steps, ratings): (String, String, String) = sqlx::query_as(
            "SELECT json_group_array(json_array(id, started_at, ended_at, status, after_run, place,
                                                program, pain_before, pain_after)),
                    '[' || ifnull(group_concat('[' || id || ',' || steps || ']', ','), '') || ']',
                    '[' || ifnull(group_concat('[' || id || ',' || ratings || ']', ','), '') || ']'
             FROM sessions WHERE user_id = ? AND started_at >= ?",
        )
        .bind(user)
        .bind(since.map_or(i64::MIN, ms))
        .fetch_one(&self.pool)
        .await
        .map_err(db("reading sessions"))?;
        let mut sessions = packed::sessions(&fields, &steps, &ratings)?;
        sessions.sort_by_key(|s| (s.started_at, s.id));
        Ok(sessions)
    }

    async fn add_pain_entry(&self, user: UserId, entry: &PainEntry) -> Result<()> {
        let mut tx = self.write("adding a pain entry").await?;
        ensure_user(&mut tx, user).await?;
        insert_pain_entry(&mut tx, user, entry).await?;
        tx.commit().await.map_err(db("adding a pain entry"))
    }

    async fn pain_entries(&self, user: UserId, since: Option<Timestamp>) -> Result<Vec<PainEntry>> {
        // All entries as one JSON array of column arrays: half the time of
        // 7,300 eleven-column rows through sqlx.
        let json: String = sqlx::query_scalar(
            "SELECT json_group_array(json_array(
                        id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note))
             FROM (SELECT * FROM pain_entries WHERE user_id = ? AND at >= ? ORDER BY at, id)",
        )
        .bind(user)
        .bind(since.map_or(i64::MIN, ms))
        .fetch_one(&self.pool)
        .await
        .map_err(db("reading pain entries"))?;
        // The subquery's order is SQLite's practice, not its promise: sort
        // again (cheap when already sorted).
        let mut entries = packed::pain_entries(&json)?;
        entries.sort_by_key(|e| e.at);
        Ok(entries)
    }

    async fn profile(&self, user: UserId) -> Result<Profile> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT json FROM profiles WHERE user_id = ?")
                .bind(user)
                .fetch_optional(&self.pool)
                .await
                .map_err(db("reading the profile"))?;
        match json {
            None => Ok(Profile::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("profiles row for user {user}: {e}"))),
        }
    }

    async fn save_profile(&self, user: UserId, profile: &Profile) -> Result<()> {
        let mut tx = self.write("saving the profile").await?;
        ensure_user(&mut tx, user).await?;
        upsert_profile(&mut tx, user, profile).await?;
        tx.commit().await.map_err(db("saving the profile"))
    }

    async fn import(&self, user: UserId, import: &Import) -> Result<()> {
        let mut tx = self.write("importing records").await?;
        ensure_user(&mut tx, user).await?;
        if let Some(profile) = &import.profile {
            upsert_profile(&mut tx, user, profile).await?;
        }
        for screen in &import.screens {
            insert_screen(&mut tx, user, screen).await?;
        }
        // Sessions whose id was taken get a new one: runs follow them.
        let mut moved = std::collections::HashMap::new();
        for session in &import.sessions {
            let id = insert_session(&mut tx, user, session).await?;
            if id != session.id {
                moved.insert(session.id, id);
            }
        }
        for entry in &import.pain_entries {
            insert_pain_entry(&mut tx, user, entry).await?;
        }
        for run in &import.runs {
            let cooldown = run
                .cooldown_session
                .map(|s| moved.get(&s).copied().unwrap_or(s));
            insert_run(&mut tx, user, run, cooldown).await?;
        }
        tx.commit().await.map_err(db("importing records"))
    }

    async fn add_runs(
        &self,
        user: UserId,
        runs: &[limber_core::run::Run],
    ) -> Result<Vec<limber_core::run::RunAdded>> {
        runs::add(self, user, runs).await
    }

    async fn runs(
        &self,
        user: UserId,
        since: Option<Timestamp>,
    ) -> Result<Vec<limber_core::run::RunRecord>> {
        runs::list(self, user, since).await
    }

    async fn tag_cooldown(
        &self,
        user: UserId,
        run: limber_core::run::RunId,
        session: SessionId,
    ) -> Result<()> {
        runs::tag_cooldown(self, user, run, session).await
    }
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
        .map_err(|e| StoreError::Backend(format!("encoding screen answers: {e}")))?;
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

async fn insert_pain_entry(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    entry: &PainEntry,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pain_entries
            (user_id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user)
    .bind(ms(entry.at))
    .bind(pain_value(entry.back))
    .bind(pain_value(entry.leg))
    .bind(entry.reach.map(|r| REACH.name(r)))
    .bind(entry.side.map(|s| BODY_SIDE.name(s)))
    .bind(names::join_qualities(&entry.qualities))
    .bind(entry.weakness)
    .bind(pain_value(entry.stiffness))
    .bind(entry.morning)
    .bind(entry.note.as_deref())
    .execute(&mut **tx)
    .await
    .map_err(db("adding a pain entry"))?;
    Ok(())
}

async fn upsert_profile(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    profile: &Profile,
) -> Result<()> {
    let json = serde_json::to_string(profile)
        .map_err(|e| StoreError::Backend(format!("encoding the profile: {e}")))?;
    sqlx::query(
        "INSERT INTO profiles (user_id, json) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET json = excluded.json",
    )
    .bind(user)
    .bind(json)
    .execute(&mut **tx)
    .await
    .map_err(db("saving the profile"))?;
    Ok(())
}

/// One whole run; keeps the record's id when no run has it yet.
async fn insert_run(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    r: &limber_core::run::RunRecord,
    cooldown: Option<SessionId>,
) -> Result<()> {
    let run = &r.run;
    sqlx::query(
        "INSERT INTO runs (id, user_id, start_at, end_at, sport, distance_m, distance_source,
                           moving_s, elevation_gain_m, fingerprint, cooldown_session)
         VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM runs WHERE id = ?1)
                              THEN NULL ELSE ?1 END),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .bind(r.id)
    .bind(user)
    .bind(ms(run.start))
    .bind(ms(run.end))
    .bind(run.sport.as_str())
    .bind(run.distance_m)
    .bind(run.distance_source.as_str())
    .bind(run.moving_s)
    .bind(run.elevation_gain_m)
    .bind(run.fingerprint())
    .bind(cooldown)
    .execute(&mut **tx)
    .await
    .map_err(db("importing a run"))?;
    Ok(())
}

/// One whole session, its holds and ratings in the stored array form that
/// `record_step` and `record_rating` append to. Keeps the record's id when
/// no session has it yet; returns the id it got.
async fn insert_session(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    s: &SessionRecord,
) -> Result<SessionId> {
    let steps: Vec<serde_json::Value> = s
        .steps
        .iter()
        .map(|st| {
            serde_json::json!([
                st.exercise.as_str(),
                st.side.map(|x| SIDE.name(x)),
                st.rep,
                OUTCOME.name(st.outcome),
                st.reason,
                ms(st.at)
            ])
        })
        .collect();
    let ratings: Vec<serde_json::Value> = s
        .ratings
        .iter()
        .map(|r| {
            serde_json::json!([
                r.after.as_ref().map(ExerciseId::as_str),
                r.pain.get(),
                ms(r.at)
            ])
        })
        .collect();
    sqlx::query_scalar(
        "INSERT INTO sessions
            (id, user_id, started_at, ended_at, status, after_run, place, program,
             pain_before, pain_after, steps, ratings)
         VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM sessions WHERE id = ?1)
                              THEN NULL ELSE ?1 END),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         RETURNING id",
    )
    .bind(s.id)
    .bind(user)
    .bind(ms(s.started_at))
    .bind(s.ended_at.map(ms))
    .bind(STATUS.name(s.status))
    .bind(s.context.after_run)
    .bind(PLACE.name(s.context.place))
    .bind(&s.program)
    .bind(pain_value(s.pain_before))
    .bind(pain_value(s.pain_after))
    .bind(serde_json::Value::Array(steps).to_string())
    .bind(serde_json::Value::Array(ratings).to_string())
    .fetch_one(&mut **tx)
    .await
    .map_err(db("importing a session"))
}

/// Names a step or rating row in error messages.
struct StepKey {
    session: i64,
    seq: i64,
}

impl std::fmt::Display for StepKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(session {}, seq {})", self.session, self.seq)
    }
}

/// Rows read as one JSON array of column arrays (built by SQLite's
/// `json_group_array`): much cheaper than one sqlx row per record.
mod packed {
    use limber_core::ExerciseId;
    use limber_core::diary::{
        PainEntry, Rating, SessionContext, SessionRecord, StepReason, StepRecord,
    };
    use limber_store::{Result, StoreError};

    use super::{
        BODY_SIDE, Decode, OUTCOME, PLACE, REACH, SIDE, STATUS, SessionId, StepKey, names,
    };

    /// exercise, side, rep, outcome, reason, at
    type StepColumns<'a> = (
        &'a str,
        Option<&'a str>,
        i64,
        &'a str,
        Option<StepReason>,
        i64,
    );
    /// after_exercise, pain, at
    type RatingColumns<'a> = (Option<&'a str>, i64, i64);

    /// id, started_at, ended_at, status, after_run, place, program,
    /// pain_before, pain_after
    type SessionColumns<'a> = (
        i64,
        i64,
        Option<i64>,
        &'a str,
        i64,
        &'a str,
        String,
        Option<i64>,
        Option<i64>,
    );

    /// The few distinct exercise ids of a history, each validated once and
    /// then shared: tens of thousands of steps name the same five.
    #[derive(Default)]
    struct Ids(Vec<ExerciseId>);

    impl Ids {
        fn get(
            &mut self,
            raw: &str,
            make: impl FnOnce() -> Result<ExerciseId>,
        ) -> Result<ExerciseId> {
            if let Some(id) = self.0.iter().find(|id| id.as_str() == raw) {
                return Ok(id.clone());
            }
            let id = make()?;
            self.0.push(id.clone());
            Ok(id)
        }
    }

    /// The three parallel arrays of `sessions()`, stitched back together.
    pub(super) fn sessions(
        fields: &str,
        steps_: &str,
        ratings_: &str,
    ) -> Result<Vec<SessionRecord>> {
        let corrupt =
            |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("sessions.{what}: {e}"));
        let rows: Vec<SessionColumns> =
            serde_json::from_str(fields).map_err(|e| corrupt("fields", e))?;
        let all_steps: Vec<(i64, Vec<StepColumns>)> =
            serde_json::from_str(steps_).map_err(|e| corrupt("steps", e))?;
        let all_ratings: Vec<(i64, Vec<RatingColumns>)> =
            serde_json::from_str(ratings_).map_err(|e| corrupt("ratings", e))?;
        let aligned = all_steps.len() == rows.len()
            && all_ratings.len() == rows.len()
            && rows
                .iter()
                .zip(all_steps.iter().zip(&all_ratings))
                .all(|(row, ((s, _), (r, _)))| row.0 == *s && row.0 == *r);
        if !aligned {
            return Err(StoreError::Corrupt(
                "sessions: the step and rating arrays do not match the sessions".into(),
            ));
        }
        let mut ids = Ids::default();
        rows.into_iter()
            .zip(all_steps.into_iter().zip(all_ratings))
            .map(
                |(
                    (
                        id,
                        started_at,
                        ended_at,
                        status,
                        after_run,
                        place,
                        program,
                        pain_before,
                        pain_after,
                    ),
                    ((_, steps_), (_, ratings_)),
                )| {
                    let d = Decode {
                        table: "sessions",
                        row: &id,
                    };
                    Ok(SessionRecord {
                        id,
                        started_at: d.time("started_at", started_at)?,
                        ended_at: ended_at.map(|t| d.time("ended_at", t)).transpose()?,
                        status: d.named(&STATUS, "status", status)?,
                        context: SessionContext {
                            after_run: after_run != 0,
                            place: d.named(&PLACE, "place", place)?,
                        },
                        program,
                        pain_before: d.opt_pain("pain_before", pain_before)?,
                        pain_after: d.opt_pain("pain_after", pain_after)?,
                        steps: steps(id, steps_, &mut ids)?,
                        ratings: ratings(id, ratings_, &mut ids)?,
                    })
                },
            )
            .collect()
    }

    fn steps(session: SessionId, rows: Vec<StepColumns>, ids: &mut Ids) -> Result<Vec<StepRecord>> {
        rows.into_iter()
            .zip(1..)
            .map(|((exercise, side, rep, outcome, reason, at), seq)| {
                let key = StepKey { session, seq };
                let d = Decode {
                    table: "sessions.steps",
                    row: &key,
                };
                Ok(StepRecord {
                    exercise: ids.get(exercise, || d.exercise("exercise", exercise))?,
                    side: d.opt_named(&SIDE, "side", side)?,
                    rep: u32::try_from(rep)
                        .map_err(|_| d.corrupt(format_args!("rep {rep} is out of range")))?,
                    outcome: d.named(&OUTCOME, "outcome", outcome)?,
                    reason,
                    at: d.time("at", at)?,
                })
            })
            .collect()
    }

    /// id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note
    type PainColumns<'a> = (
        i64,
        i64,
        Option<i64>,
        Option<i64>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        i64,
        Option<i64>,
        i64,
        Option<String>,
    );

    pub(super) fn pain_entries(json: &str) -> Result<Vec<PainEntry>> {
        let rows: Vec<PainColumns> = serde_json::from_str(json)
            .map_err(|e| StoreError::Corrupt(format!("pain_entries: {e}")))?;
        rows.into_iter()
            .map(
                |(
                    id,
                    at,
                    back,
                    leg,
                    reach,
                    side,
                    qualities,
                    weakness,
                    stiffness,
                    morning,
                    note,
                )| {
                    let d = Decode {
                        table: "pain_entries",
                        row: &id,
                    };
                    Ok(PainEntry {
                        at: d.time("at", at)?,
                        back: d.opt_pain("back", back)?,
                        leg: d.opt_pain("leg", leg)?,
                        reach: d.opt_named(&REACH, "reach", reach)?,
                        side: d.opt_named(&BODY_SIDE, "side", side)?,
                        qualities: names::split_qualities(qualities)
                            .map_err(|q| d.corrupt(format_args!("unknown quality {q:?}")))?,
                        weakness: d.flag("weakness", weakness)?,
                        stiffness: d.opt_pain("stiffness", stiffness)?,
                        morning: d.flag("morning", morning)?,
                        note,
                    })
                },
            )
            .collect()
    }

    fn ratings(session: SessionId, rows: Vec<RatingColumns>, ids: &mut Ids) -> Result<Vec<Rating>> {
        rows.into_iter()
            .zip(1..)
            .map(|((after, pain, at), seq)| {
                let key = StepKey { session, seq };
                let d = Decode {
                    table: "sessions.ratings",
                    row: &key,
                };
                Ok(Rating {
                    after: after
                        .map(|a| ids.get(a, || d.exercise("after_exercise", a)))
                        .transpose()?,
                    pain: d.pain("pain", pain)?,
                    at: d.time("at", at)?,
                })
            })
            .collect()
    }
}
