//! Opening the file: permissions, pool, pragmas and migrations.

use std::fs::{self, DirBuilder, OpenOptions, Permissions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use limber_store::{Result, StoreError};

use crate::SqliteStore;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Each connection's page cache, in KiB (SQLite's default is 2,000). The
/// file is in the system's page cache anyway, and the hot reads are kept
/// above SQLite (the History page, the diary a server holds), so six
/// connections each holding 2 MB only swelled `limber serve`'s memory.
pub(crate) const CACHE_KIB: u32 = 512;

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the file could not be opened, when no library error says it.
#[derive(Debug, thiserror::Error)]
enum OpenFailure {
    #[error("cannot create its directory: {0}")]
    Directory(#[source] std::io::Error),
    #[error("cannot restrict {path} to 0600: {source}")]
    Private {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path` and brings its
    /// schema up to date. Missing parent directories are created (`0700`); the
    /// file is created `0600`, and an existing file readable by others is
    /// tightened to `0600`.
    pub async fn open(path: &Path) -> Result<Self> {
        let open_err = |source: limber_store::BoxError| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|e| open_err(OpenFailure::Directory(e).into()))?;
        }
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|e| open_err(e.into()))?;
        for file in [
            path.to_path_buf(),
            suffixed(path, "-wal"),
            suffixed(path, "-shm"),
        ] {
            make_private(&file)
                .map_err(|source| open_err(OpenFailure::Private { path: file, source }.into()))?;
        }

        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("cache_size", format!("-{CACHE_KIB}"));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone())
            .await
            .map_err(|e| open_err(e.into()))?;
        let store = Self::migrated(pool, &path.display().to_string()).await?;
        // Both connect on first use, after the migrations: only a server
        // asks for marks or appends, and a command's start-up stays one
        // pool.
        let watch = crate::watch::Watch::new(path);
        let appender = crate::append::Appender::new(path);
        Ok(Self {
            watch: Some(std::sync::Arc::new(watch)),
            appender: Some(std::sync::Arc::new(appender)),
            ..store
        })
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
                source: e.into(),
            })?;
        Self::migrated(pool, ":memory:").await
    }

    async fn migrated(pool: SqlitePool, path: &str) -> Result<Self> {
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| migration_error(e, path))?;
        Ok(Self {
            pool,
            watch: None,
            appender: None,
        })
    }
}

/// A rusqlite connection to the existing database file at `path`, for one
/// thread at a time (each holder keeps it behind a lock or on a thread of
/// its own), waiting up to `busy` for another writer.
pub(crate) fn rusqlite_connection(
    path: &Path,
    busy: Duration,
) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy)?;
    Ok(conn)
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
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

fn migration_error(e: MigrateError, path: &str) -> StoreError {
    let message = match &e {
        MigrateError::VersionMissing(v) => format!(
            "{path} has schema migration {v} applied, which this version of limber does not know: \
             it was written by a newer limber. Upgrade limber, or use another data directory"
        ),
        MigrateError::VersionMismatch(v) => format!(
            "{path}: schema migration {v} differs from the one this version of limber ships; \
             the database was made by a different build of limber"
        ),
        other => format!("{path}: {other}"),
    };
    StoreError::Migration {
        message,
        source: e.into(),
    }
}
