//! Copying the write-ahead log back into the database file, on a thread of
//! its own, so that no diary post waits for it.
//!
//! SQLite's own automatic checkpoint runs inside the commit that crosses
//! its mark: that commit copies the log into the file and syncs the file
//! before it returns. On a server the append thread makes every commit, so
//! every post queued behind that one waits too; under `bench/server.sh`'s
//! load that sync took up to 150 ms a few times a second, and it was most
//! of the slowest 1% of diary posts.
//!
//! A checkpoint in `PASSIVE` mode takes no write lock: commits go on
//! appending to the log while it copies the frames before them. So the
//! append thread's connection has SQLite's automatic checkpoint turned
//! off ([`count_pages`]) and, when its log has grown by [`PAGES`], wakes
//! this thread, which checkpoints through a connection of its own.
//!
//! The log starts again from its beginning only at a write that finds
//! every frame of it copied, and under steady posting the commits made
//! while this thread copied are always still to copy: the log would grow
//! without end. So once this thread has copied everything it found, the
//! append thread copies the little written since, itself, right after its
//! next commit (the entries of that commit already answered), and the
//! commit after that starts the log again. The copying that takes long is
//! off the commit path; what is left on it is a few pages and one sync.
//!
//! Should this thread fall behind (or be gone), the log keeps growing; at
//! [`INLINE_PAGES`] the append thread copies all of it itself, as SQLite
//! would, so the log stays bounded either way.

use std::cell::Cell;
use std::ffi::c_int;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::hooks::Wal;

/// How far the log grows, in pages, between wakes of the checkpoint
/// thread (SQLite's own automatic checkpoint runs at 1,000).
const PAGES: c_int = 1_000;

/// The log's size at which the append thread stops waiting for the
/// checkpoint thread and copies the log itself.
const INLINE_PAGES: c_int = 20 * PAGES;

/// A checkpoint waits this long for another process's checkpoint to
/// finish; `PASSIVE` never waits for a writer.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// The log's size after the last commit made on this thread, as SQLite
    /// reported it to [`count_pages`]'s hook. Thread-local because the hook
    /// is a plain function: each append thread holds one connection, so
    /// this is that connection's count.
    static LOG_PAGES: Cell<c_int> = const { Cell::new(0) };
}

/// Turns SQLite's automatic checkpoint off for `conn` (it is a hook of
/// this same kind, which this replaces) and counts its log instead, for
/// [`Checkpointer::committed`] on the same thread.
pub(crate) fn count_pages(conn: &Connection) {
    fn hook(_: &Wal, pages: c_int) -> rusqlite::Result<()> {
        LOG_PAGES.set(pages);
        Ok(())
    }
    conn.wal_hook(Some(hook));
}

/// The log's size, in pages, after this thread's last commit.
fn log_pages() -> c_int {
    LOG_PAGES.get()
}

/// What a checkpoint did: the log's size and how much of it is now in the
/// file, in pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Copied {
    log: c_int,
    in_file: c_int,
}

/// Copies the log into the file without blocking writers.
fn passive(conn: &Connection) -> rusqlite::Result<Copied> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok(Copied {
            log: row.get(1)?,
            in_file: row.get(2)?,
        })
    })
}

/// What a commit that left the log at some size asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Nothing,
    /// Wake the checkpoint thread.
    Wake,
    /// Copy the log on the committing connection: what the thread left
    /// (it has copied everything it found), or all of it (the log is too
    /// long to wait).
    CopyHere,
}

/// Decides [`Next`] from the log's size after a commit, whether the thread
/// has copied everything it found since last asked, and the size at which
/// the thread was last woken (kept up to date here). The thread is woken
/// once per [`PAGES`] of growth, so a log that cannot start again (a
/// reader still in it) is not copied over after every commit.
fn next(pages: c_int, caught_up: bool, woken_at: &mut c_int) -> Next {
    if pages < *woken_at {
        // The log started again from its beginning.
        *woken_at = 0;
    }
    if caught_up || pages >= INLINE_PAGES {
        Next::CopyHere
    } else if pages - *woken_at >= PAGES {
        *woken_at = pages;
        Next::Wake
    } else {
        Next::Nothing
    }
}

/// The checkpoint thread, told of each commit with
/// [`Checkpointer::committed`]; ended by dropping.
pub(crate) struct Checkpointer {
    wake: Option<mpsc::SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Set by the thread when a checkpoint copied every frame it found.
    caught_up: Arc<AtomicBool>,
    woken_at: c_int,
}

impl Checkpointer {
    /// Starts the thread; it opens its connection to the database at
    /// `path` on the first wake.
    pub(crate) fn start(path: &Path) -> std::io::Result<Self> {
        // One pending wake is enough: a checkpoint copies the whole log.
        let (wake, woken) = mpsc::sync_channel(1);
        let caught_up = Arc::new(AtomicBool::new(false));
        let done = caught_up.clone();
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("limber-checkpoint".into())
            .spawn(move || {
                let mut conn = None;
                for () in woken {
                    if conn.is_none() {
                        conn = crate::open::rusqlite_connection(&path, BUSY_TIMEOUT).ok();
                    }
                    // A failed checkpoint leaves the log as it was: the
                    // next wake tries again, and the append thread copies
                    // it itself should it grow too long.
                    match conn.as_ref().map(passive) {
                        Some(Ok(copied)) if copied.in_file == copied.log => {
                            done.store(true, Ordering::Release);
                        }
                        Some(Err(e)) => tracing::debug!(error = %e, "checkpoint failed"),
                        _ => {}
                    }
                }
            })?;
        Ok(Self {
            wake: Some(wake),
            thread: Some(thread),
            caught_up,
            woken_at: 0,
        })
    }

    /// After a commit on `conn` (whose pages [`count_pages`] counts, on
    /// this thread). Never waits for the thread: a wake already pending
    /// covers this one.
    pub(crate) fn committed(&mut self, conn: &Connection) {
        let caught_up = self.caught_up.swap(false, Ordering::Acquire);
        match next(log_pages(), caught_up, &mut self.woken_at) {
            Next::Nothing => {}
            Next::Wake => {
                if let Some(wake) = &self.wake {
                    let _ = wake.try_send(());
                }
            }
            Next::CopyHere => {
                if let Err(e) = passive(conn) {
                    tracing::debug!(error = %e, "checkpoint on the append connection failed");
                }
            }
        }
    }
}

impl Drop for Checkpointer {
    /// Ends the thread after the wake it holds, if any, so its connection
    /// is closed before the store's last one.
    fn drop(&mut self) {
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database in WAL mode at `path`, and a connection to it that
    /// counts its log as the append thread's does.
    fn counted(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = OFF;
             CREATE TABLE IF NOT EXISTS t (x BLOB);",
        )
        .unwrap();
        count_pages(&conn);
        conn
    }

    /// One commit of a page-sized row: at least one more page of log.
    fn commit_a_page(conn: &Connection) {
        conn.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
            .unwrap();
    }

    #[test]
    fn the_thread_is_woken_once_per_thousand_pages_of_growth() {
        let mut woken_at = 0;
        assert_eq!(next(10, false, &mut woken_at), Next::Nothing);
        assert_eq!(next(PAGES - 1, false, &mut woken_at), Next::Nothing);
        assert_eq!(next(PAGES, false, &mut woken_at), Next::Wake);
        // Not again while the same log grows by less than PAGES.
        assert_eq!(next(PAGES + 5, false, &mut woken_at), Next::Nothing);
        assert_eq!(next(2 * PAGES - 1, false, &mut woken_at), Next::Nothing);
        assert_eq!(next(2 * PAGES, false, &mut woken_at), Next::Wake);
        // The log started again: counted from its new beginning.
        assert_eq!(next(3, false, &mut woken_at), Next::Nothing);
        assert_eq!(woken_at, 0);
        assert_eq!(next(PAGES, false, &mut woken_at), Next::Wake);
        // Too long to wait for the thread: copied by the committer, every
        // commit, until it is shorter.
        assert_eq!(next(INLINE_PAGES, false, &mut woken_at), Next::CopyHere);
        assert_eq!(next(INLINE_PAGES + 1, false, &mut woken_at), Next::CopyHere);
    }

    #[test]
    fn once_the_thread_has_caught_up_the_committer_copies_the_rest() {
        let mut woken_at = 0;
        assert_eq!(next(PAGES, false, &mut woken_at), Next::Wake);
        assert_eq!(next(PAGES + 40, true, &mut woken_at), Next::CopyHere);
        // Copied, and started again.
        assert_eq!(next(12, false, &mut woken_at), Next::Nothing);
    }

    #[test]
    fn a_counted_connection_never_copies_the_log_itself() {
        let dir = tempfile::tempdir().unwrap();
        let conn = counted(&dir.path().join("db"));
        let mut last = 0;
        for _ in 0..(PAGES + 100) {
            commit_a_page(&conn);
            assert!(log_pages() > last, "the log started again at {last} pages");
            last = log_pages();
        }
        // SQLite's own checkpoint would have started the log again at
        // 1,000 pages.
        assert!(last > PAGES, "{last}");
    }

    #[test]
    fn a_woken_checkpoint_lets_the_next_commit_start_the_log_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let conn = counted(&path);
        let mut checkpoints = Checkpointer::start(&path).unwrap();
        let mut rows = 0;
        while log_pages() < PAGES {
            commit_a_page(&conn);
            rows += 1;
            checkpoints.committed(&conn);
        }
        // Dropping waits for the thread, which runs the pending wake first.
        drop(checkpoints);
        commit_a_page(&conn);
        assert!(log_pages() < 10, "{} pages", log_pages());
        assert_eq!(
            conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            rows + 1
        );
    }

    #[test]
    fn under_steady_commits_the_log_starts_again_after_the_thread_catches_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let conn = counted(&path);
        for _ in 0..50 {
            commit_a_page(&conn);
        }
        // The thread's checkpoint copies all it finds while a commit is
        // under way (begun before the copy ended, so it cannot start the
        // log again)...
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        commit_a_page(&conn);
        let other = crate::open::rusqlite_connection(&path, Duration::ZERO).unwrap();
        let copied = passive(&other).unwrap();
        assert_eq!(copied.in_file, copied.log, "{copied:?}");
        conn.execute_batch("COMMIT").unwrap();
        // ...so there is always more to copy, and the log does not start
        // again by itself.
        let before = log_pages();
        commit_a_page(&conn);
        assert!(log_pages() > before, "{before} then {}", log_pages());

        // Told the thread caught up, the committer copies the rest, and
        // the next commit starts the log again.
        let mut checkpoints = Checkpointer {
            wake: None,
            thread: None,
            caught_up: Arc::new(AtomicBool::new(true)),
            woken_at: 0,
        };
        checkpoints.committed(&conn);
        assert!(!checkpoints.caught_up.load(Ordering::Acquire));
        commit_a_page(&conn);
        assert!(log_pages() < 10, "{} pages", log_pages());
    }

    #[test]
    fn a_checkpoint_copies_while_a_writer_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let writer = counted(&path);
        for _ in 0..20 {
            commit_a_page(&writer);
        }
        writer.execute_batch("BEGIN IMMEDIATE").unwrap();
        commit_a_page(&writer);

        let other = crate::open::rusqlite_connection(&path, Duration::ZERO).unwrap();
        let copied = passive(&other).unwrap();
        assert!(copied.log >= 20, "{copied:?}");
        assert_eq!(copied.in_file, copied.log, "every committed page copied");

        // The writer was not held up, and commits after it.
        writer.execute_batch("COMMIT").unwrap();
        assert!(log_pages() > copied.log);
    }
}
