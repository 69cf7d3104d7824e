//! limber's embedded default store: one SQLite file through sqlx.
//!
//! The file is created `0600`, runs in WAL mode with `synchronous=FULL` (a
//! write that returned `Ok` survives `kill -9` and power loss), enforces
//! foreign keys, and is migrated on every open. Every write is one
//! `BEGIN IMMEDIATE` transaction; every query is scoped by user id.
//!
//! - `open`: the file, its pool, pragmas and migrations;
//! - `store`: the [`Store`](limber_store::Store) implementation;
//! - `packed`: reading many rows as one JSON array (the fast path of
//!   whole-history reads) and the column codecs both paths share;
//! - `runs`: the imported runs table;
//! - `watch`: whether anything was committed since last asked;
//! - `append`: a server's group commits of diary entries;
//! - `checkpoint`: copying their log into the file beside them.
#![forbid(unsafe_code)]

mod append;
mod checkpoint;
mod decode;
mod names;
mod open;
mod packed;
mod runs;
mod store;
mod watch;

use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};

use limber_store::{Result, StoreError};

/// limber's data in one SQLite file. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// What [`Store::change_mark`](limber_store::Store::change_mark)
    /// reads (`watch.rs`). `None` for a private in-memory database, which
    /// no other connection can change.
    watch: Option<std::sync::Arc<watch::Watch>>,
    /// [`Store::append`](limber_store::Store::append) and
    /// [`Store::others_mark`](limber_store::Store::others_mark), on a
    /// thread and connection of their own (`append.rs`). `None` for a
    /// private in-memory database.
    appender: Option<std::sync::Arc<append::Appender>>,
}

impl SqliteStore {
    /// The connection pool, for tools and tests that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Waits for in-flight queries and closes every connection (which also
    /// checkpoints the WAL). Dropping the store without closing loses nothing.
    pub async fn close(&self) {
        if let Some(appender) = &self.appender {
            appender.close().await;
        }
        if let Some(watch) = &self.watch {
            watch.close();
        }
        self.pool.close().await;
    }

    async fn write(&self, doing: &'static str) -> Result<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db(doing))
    }
}

/// Locks `m`, carrying on past a panic in another holder: what the locks
/// here guard (a connection, a queue) stays usable.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Wraps a sqlx error with what the store was doing.
fn db(doing: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| StoreError::backend(doing, e)
}
