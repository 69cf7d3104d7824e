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

use rusqlite::Connection;

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
        let mut conn = crate::lock(&self.conn);
        let conn = match &mut *conn {
            Some(conn) => conn,
            none => none.insert(crate::open::rusqlite_connection(&self.path, BUSY_TIMEOUT)?),
        };
        data_version(conn)
    }

    /// Closes the connection, if open: the next call opens another.
    pub(crate) fn close(&self) {
        drop(crate::lock(&self.conn).take());
    }
}

/// `conn`'s `PRAGMA data_version`: SQLite moves it for every commit made
/// through any other connection, counting from when `conn` opened.
pub(crate) fn data_version(conn: &Connection) -> rusqlite::Result<u64> {
    let version: i64 = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
    Ok(version.cast_unsigned())
}
