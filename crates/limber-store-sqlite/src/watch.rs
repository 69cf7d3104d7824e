//! Whether anything was committed since the store was last asked: `PRAGMA
//! data_version` on a connection of its own that never writes, so SQLite
//! moves it for every commit made through any other connection, the
//! store's pool or another process's (`limber log` while `limber serve`
//! runs).
//!
//! The History page asks for it on every request, so it must cost less
//! than the page it guards. sqlx runs each connection on a thread of its
//! own, and a one-row pragma through it costs two thread wake-ups, more
//! than making the page; rusqlite (over the same SQLite library) answers
//! on the calling thread in about a microsecond.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Long enough to ride out another writer's checkpoint, short enough not
/// to hold up a server thread: a page made without the mark is made fresh.
const BUSY_TIMEOUT: Duration = Duration::from_millis(100);

pub(crate) struct Watch {
    path: PathBuf,
    /// Opened on the first call: a command that never asks keeps its
    /// start-up to the pool.
    conn: Mutex<Option<Connection>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").field("path", &self.path).finish()
    }
}

impl Watch {
    /// A watch on the existing database file at `path`.
    pub(crate) fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            conn: Mutex::new(None),
        }
    }

    /// The data version: it differs after any commit through another
    /// connection since the last call.
    pub(crate) fn mark(&self) -> rusqlite::Result<u64> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let conn = match &mut *conn {
            Some(conn) => conn,
            none => none.insert(open(&self.path, BUSY_TIMEOUT)?),
        };
        let version: i64 = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
        Ok(version.cast_unsigned())
    }
}

impl Watch {
    /// Closes the connection, if open: the next call opens another.
    pub(crate) fn close(&self) {
        drop(self.conn.lock().unwrap_or_else(|e| e.into_inner()).take());
    }
}

/// A rusqlite connection to the existing database file at `path`, for one
/// thread at a time (each holder keeps it behind a lock or on a thread of
/// its own), waiting up to `busy` for another writer.
pub(crate) fn open(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy)?;
    Ok(conn)
}
