//! [`Store::append`](limber_store::Store::append) and
//! [`Store::others_mark`](limber_store::Store::others_mark): a server's
//! group commits of diary entries, on a thread of their own holding one
//! connection.
//!
//! Two reasons this is not a sqlx pool:
//!
//! - **One hop per commit.** sqlx runs each connection on a thread of its
//!   own and every statement is a round trip to it: `BEGIN IMMEDIATE`, the
//!   insert and `COMMIT` are three, six thread wake-ups, with the write
//!   lock held across them while posts queue behind it. Here the whole
//!   commit is one message in and one answer out, and the statements run
//!   back to back.
//! - **One connection, pinned.** `PRAGMA data_version` moves for every
//!   commit but this connection's own, counted from when it opened, so a
//!   mark a server keeps means something only while the same connection
//!   lives. A pool could replace a broken connection unseen, and a new
//!   count could happen to equal the kept mark. This thread opens its
//!   connection once and keeps it until the store is closed; should the
//!   thread die, the next call starts another, whose marks carry a new
//!   generation, so every mark kept from before is refused.
//!
//! rusqlite links the same SQLite library as sqlx (`libsqlite3-sys`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use limber_store::{Appended, Result, StoreError, UserId};
use rusqlite::{Connection, TransactionBehavior, params};
use tokio::sync::oneshot;

use crate::checkpoint::Checkpointer;
use crate::open::CACHE_KIB;
use crate::store::{INSERT_PAIN_ENTRY, PainRow, SAVE_PROFILE, saved_since};

/// How long a commit waits for another process's write to finish, as the
/// pool's connections do.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) struct Appender {
    path: PathBuf,
    thread: Mutex<Thread>,
}

/// The commit thread as last started.
#[derive(Default)]
struct Thread {
    /// Its queue: `None` before the first call (a command that never
    /// appends keeps its start-up to the pool), and once closed.
    jobs: Option<mpsc::Sender<Job>>,
    /// How many threads were started. A thread that died (a panic) is
    /// started again on the next call, with a connection of its own; the
    /// count is the high half of every mark, so a mark read through one
    /// connection never equals another's.
    generation: u32,
    closed: bool,
}

impl std::fmt::Debug for Appender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Appender")
            .field("path", &self.path)
            .finish()
    }
}

/// A profile to save with the entries: its JSON, and the version it was
/// read at (0: not stored yet).
pub(crate) struct ProfileSave {
    pub json: String,
    pub read: i64,
}

enum Job {
    Mark(oneshot::Sender<Result<u64>>),
    Append {
        user: UserId,
        expect: u64,
        rows: Vec<PainRow>,
        profile: Option<ProfileSave>,
        reply: oneshot::Sender<Result<Appended>>,
    },
    Close(oneshot::Sender<()>),
}

impl Appender {
    pub(crate) fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            thread: Mutex::new(Thread::default()),
        }
    }

    /// This connection's data version: it moves for every commit through
    /// any other connection.
    pub(crate) async fn mark(&self) -> Result<u64> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Mark(reply), "reading the data version")?;
        answer.await.map_err(|_| gone("reading the data version"))?
    }

    /// Stores `rows` and the profile in one transaction, if this
    /// connection's data version is still `expect` and no row's id is
    /// stored; otherwise nothing, and [`Appended::Changed`].
    pub(crate) async fn append(
        &self,
        user: UserId,
        expect: u64,
        rows: Vec<PainRow>,
        profile: Option<ProfileSave>,
    ) -> Result<Appended> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Append {
            user,
            expect,
            rows,
            profile,
            reply,
        };
        self.send(job, DOING)?;
        answer.await.map_err(|_| gone(DOING))?
    }

    /// Closes the connection (checkpointing the WAL if it is the last) and
    /// ends the thread; later calls fail.
    pub(crate) async fn close(&self) {
        let jobs = {
            let mut thread = crate::lock(&self.thread);
            thread.closed = true;
            thread.jobs.take()
        };
        let (reply, answer) = oneshot::channel();
        if let Some(jobs) = jobs
            && jobs.send(Job::Close(reply)).is_ok()
        {
            let _ = answer.await;
        }
    }

    /// Queues `job`, starting the thread if none runs.
    fn send(&self, job: Job, doing: &'static str) -> Result<()> {
        let mut thread = crate::lock(&self.thread);
        if thread.closed {
            return Err(gone(doing));
        }
        let job = match &thread.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return Ok(()),
                // The thread died: start another.
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        thread.generation += 1;
        let generation = thread.generation;
        let (jobs, queue) = mpsc::channel();
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("limber-append".into())
            .spawn(move || run(&path, generation, &queue))
            .map_err(|e| StoreError::backend(doing, e))?;
        jobs.send(job).map_err(|_| gone(doing))?;
        thread.jobs = Some(jobs);
        Ok(())
    }
}

const DOING: &str = "storing diary entries";

fn gone(doing: &'static str) -> StoreError {
    StoreError::backend(doing, "the store's append connection is closed")
}

/// The thread's connection, and the checkpoint thread copying its log.
struct Writer {
    // Declared first, so dropped (and joined) first.
    checkpoints: Checkpointer,
    conn: Connection,
}

fn run(path: &Path, generation: u32, queue: &mpsc::Receiver<Job>) {
    // Opened on the first job and never replaced (an error in one
    // transaction leaves the connection usable), so every mark handed out
    // is this connection's.
    let mut writer: Option<Writer> = None;
    for job in queue {
        match job {
            Job::Mark(reply) => {
                const MARK: &str = "reading the data version";
                let mark = writer_for(&mut writer, path, MARK).and_then(|w| {
                    mark(generation, &w.conn).map_err(|e| StoreError::backend(MARK, e))
                });
                let _ = reply.send(mark);
            }
            Job::Append {
                user,
                expect,
                rows,
                profile,
                reply,
            } => {
                let done = writer_for(&mut writer, path, DOING)
                    .and_then(|w| append(&mut w.conn, generation, user, expect, &rows, profile));
                let stored = matches!(done, Ok(Appended::Stored));
                // Answered first: the entries are durable, and a checkpoint
                // this commit may ask for is no business of theirs.
                let _ = reply.send(done);
                if stored && let Some(w) = &mut writer {
                    w.checkpoints.committed(&w.conn);
                }
            }
            Job::Close(reply) => {
                drop(writer.take());
                let _ = reply.send(());
                return;
            }
        }
    }
}

fn writer_for<'a>(
    writer: &'a mut Option<Writer>,
    path: &Path,
    doing: &'static str,
) -> Result<&'a mut Writer> {
    match writer {
        Some(writer) => Ok(writer),
        none => {
            let conn = open(path).map_err(|e| StoreError::backend(doing, e))?;
            let checkpoints =
                Checkpointer::start(path).map_err(|e| StoreError::backend(doing, e))?;
            Ok(none.insert(Writer { checkpoints, conn }))
        }
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = crate::open::rusqlite_connection(path, BUSY_TIMEOUT)?;
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    crate::checkpoint::count_pages(&conn);
    Ok(conn)
}

/// `generation` in the high half, this connection's data version (a
/// 32-bit count in SQLite) in the low.
fn mark(generation: u32, conn: &Connection) -> rusqlite::Result<u64> {
    let version = crate::watch::data_version(conn)?;
    Ok((u64::from(generation) << 32) | (version & u64::from(u32::MAX)))
}

fn append(
    conn: &mut Connection,
    generation: u32,
    user: UserId,
    expect: u64,
    rows: &[PainRow],
    profile: Option<ProfileSave>,
) -> Result<Appended> {
    let db = |e: rusqlite::Error| StoreError::backend(DOING, e);
    // Dropped without a commit, the transaction rolls back.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db)?;
    // Holding the write lock: nothing can commit between this check and
    // the commit below.
    if mark(generation, &tx).map_err(db)? != expect {
        return Ok(Appended::Changed);
    }
    {
        // Prepared once for the connection's life, not once per commit.
        let mut insert = tx.prepare_cached(INSERT_PAIN_ENTRY).map_err(db)?;
        for r in rows {
            let stored = insert
                .execute(params![
                    r.id,
                    user,
                    r.at,
                    r.back,
                    r.leg,
                    r.reach,
                    r.side,
                    r.qualities,
                    r.weakness,
                    r.stiffness,
                    r.morning,
                    r.note,
                ])
                .map_err(db)?;
            if stored == 0 {
                return Ok(Appended::Changed);
            }
        }
    }
    if let Some(p) = profile {
        let saved = if p.read == 0 {
            tx.prepare_cached(SAVE_PROFILE.insert)
                .and_then(|mut s| s.execute(params![user, p.json]))
        } else {
            tx.prepare_cached(SAVE_PROFILE.update)
                .and_then(|mut s| s.execute(params![p.json, user, p.read]))
        }
        .map_err(|e| StoreError::backend("saving the profile", e))?;
        if saved == 0 {
            return Err(saved_since());
        }
    }
    tx.commit().map_err(db)?;
    Ok(Appended::Stored)
}
