//! A user's recent diary kept in memory by a long-running driver (`limber
//! serve`), so that a posted entry is checked without reading the window
//! again, and entries posted together are stored with one commit.
//!
//! The rules and what they answer are [`pain_log::log`]'s; only what is
//! read, and when it is written, differ:
//!
//! - What an entry is checked against is kept from one read of the store
//!   (the profile with its standing, the latest screen and entry, the
//!   morning rule's finding, and the worsening rules' [`Scan`]), and each
//!   entry decided is added to it at once, so the next one sees it.
//! - Entries decided while a commit is under way wait, and go in the next
//!   one together, with the profile as they left it; each is answered only
//!   once its commit is durable.
//! - The store says whether anything else was committed since that read
//!   ([`Store::others_mark`]), or an entry of the batch was stored before
//!   (a retry); then nothing of the batch is stored, what was kept is
//!   dropped, and each of its entries goes through [`pain_log::log`]
//!   against the store, as does every entry this cannot decide alone: a
//!   morning check, one dated before the latest session or among entries
//!   no longer kept, or a new day. Retries are rare, so no ids are kept.
//!
//! `tests/live_diary.rs` posts generated diaries both ways and requires the
//! same answers and the same stored records.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::diary::{PainEntry, PainEntryId, Reach};
use limber_core::profile::Profile;
use limber_core::rules;
use limber_core::safety::standing::{Finding, Standing};
use limber_core::worsening::{Moment, Scan, moments};
use limber_core::{Catalog, ExerciseId};
use limber_store::{Appended, Store, UserId, Versioned};
use tokio::sync::{Mutex, MutexGuard, Notify, oneshot};

use crate::pain_log::{self, Logged};
use crate::user_state::{
    LoadError, diary_pause_with, profile_tz, standing_as_of, trusted, window_start,
};

/// How many of the latest moments are kept with the scan before each, so
/// that an entry arriving a little out of order (posted from two phones,
/// or a request overtaking another) is placed among them in the time it
/// takes to redo the moments after it.
const TAIL_MOMENTS: usize = 256;

/// One user's diary, as a server holds it between requests.
pub struct LiveDiary {
    shared: Arc<Shared>,
}

struct Shared {
    store: Arc<dyn Store>,
    user: UserId,
    catalog: Catalog,
    same_stretch: Vec<(ExerciseId, ExerciseId)>,
    state: Mutex<State>,
    /// Writes that read before they write go one at a time: this
    /// diary's commits, its store path, and the driver's other writes
    /// ([`LiveDiary::exclusive`]).
    writes: Mutex<()>,
    /// Signalled when the committer finds the queue empty, for those
    /// waiting for it to.
    idle: Notify,
}

#[derive(Default)]
struct State {
    kept: Option<Kept>,
    /// Decided, waiting for the next commit.
    queue: Vec<Queued>,
    /// The ids of entries decided and not yet committed: the same id again
    /// (a page retrying while its first post waits) waits for the store.
    pending: HashSet<PainEntryId>,
    committing: bool,
    /// Moves when what was kept is dropped: queued entries decided
    /// before that are decided again against the store.
    epoch: u64,
    /// The store offers no mark: everything goes through the store.
    unsupported: bool,
}

struct Queued {
    logged: Logged,
    epoch: u64,
    reply: oneshot::Sender<Reply>,
}

enum Reply {
    Stored(Logged),
    /// Not stored: decide again against the store.
    Again,
    Failed(limber_store::StoreError),
}

/// What one read of the store left, with every entry decided since.
struct Kept {
    /// [`Store::others_mark`] before the read.
    mark: u64,
    /// The first instant read.
    since: Timestamp,
    tz: TimeZone,
    /// The user's day when read: the morning rule's answer is for it.
    today: Date,
    /// With every change decided; saved with the next commit when dirty.
    profile: Versioned<Profile>,
    profile_dirty: bool,
    screened_at: Option<Timestamp>,
    /// The newest entry, as the store orders them (time, then id).
    latest: Option<PainEntry>,
    /// The latest session's start: an entry before it is left to the store.
    latest_session: Option<Timestamp>,
    /// The morning rule's finding over the window read, trusted or not.
    morning_pause: Option<Finding>,
    /// After every moment.
    scan: Scan,
    /// The latest moments, each with the scan before it.
    tail: VecDeque<(Moment, Scan)>,
}

impl LiveDiary {
    pub fn new(store: Arc<dyn Store>, user: UserId, catalog: Catalog) -> Self {
        Self {
            shared: Arc::new(Shared {
                store,
                user,
                same_stretch: catalog.same_stretch(),
                catalog,
                state: Mutex::new(State::default()),
                writes: Mutex::new(()),
                idle: Notify::new(),
            }),
        }
    }

    /// Holds off this diary's commits: for a driver's other writes that
    /// read before they write (a session, the settings).
    pub async fn exclusive(&self) -> MutexGuard<'_, ()> {
        self.shared.writes.lock().await
    }

    /// Stores `entry` and what it changes, as [`pain_log::log`] does, and
    /// answers once it is durable. Must run on a Tokio runtime: the
    /// commits run on a task of their own.
    pub async fn log(&self, entry: &PainEntry, now: Timestamp) -> Result<Logged, LoadError> {
        self.shared.log(entry, now).await
    }
}

impl Shared {
    async fn log(self: &Arc<Self>, entry: &PainEntry, now: Timestamp) -> Result<Logged, LoadError> {
        let mut state = self.state.lock().await;
        if state.kept.is_none() && !state.unsupported {
            state = self.idle_state(state).await;
            if state.kept.is_none() && !state.unsupported {
                Box::pin(self.load(&mut state, now)).await?;
            }
        }
        let retrying = state.pending.contains(&entry.id);
        let decided = match state.kept.as_mut() {
            Some(kept) if !retrying => kept.decide(entry, now, &self.same_stretch),
            _ => None,
        };
        let Some(logged) = decided else {
            tracing::debug!(entry = %entry.id, retrying, kept = state.kept.is_some(), "diary entry through the store");
            return Box::pin(self.log_stored(state, entry, now)).await;
        };
        let (reply, answer) = oneshot::channel();
        let epoch = state.epoch;
        state.pending.insert(entry.id);
        state.queue.push(Queued {
            logged,
            epoch,
            reply,
        });
        if !state.committing {
            state.committing = true;
            tokio::spawn(self.clone().commit_rounds());
        }
        drop(state);
        match answer.await {
            Ok(Reply::Stored(logged)) => Ok(logged),
            Ok(Reply::Failed(e)) => Err(e.into()),
            Ok(Reply::Again) | Err(_) => {
                tracing::debug!(entry = %entry.id, "diary entry decided again through the store");
                let state = self.state.lock().await;
                Box::pin(self.log_stored(state, entry, now)).await
            }
        }
    }

    /// Commits the queue, round after round, until it is empty: entries
    /// decided during one commit go in the next. A task of its own, so no
    /// request waits for more than its own round.
    async fn commit_rounds(self: Arc<Self>) {
        let mut state = self.state.lock().await;
        loop {
            let queued = std::mem::take(&mut state.queue);
            if queued.is_empty() {
                state.committing = false;
                drop(state);
                self.idle.notify_waiters();
                return;
            }
            let epoch = state.epoch;
            let (current, stale): (Vec<Queued>, Vec<Queued>) =
                queued.into_iter().partition(|q| q.epoch == epoch);
            for q in stale {
                state.pending.remove(&q.logged.entry.id);
                let _ = q.reply.send(Reply::Again);
            }
            let Some(kept) = state.kept.as_mut().filter(|_| !current.is_empty()) else {
                for q in current {
                    state.pending.remove(&q.logged.entry.id);
                    let _ = q.reply.send(Reply::Again);
                }
                continue;
            };
            let mark = kept.mark;
            let mut profile = kept.profile_dirty.then(|| kept.profile.clone());
            kept.profile_dirty = false;
            drop(state);

            let entries: Vec<PainEntry> = current.iter().map(|q| q.logged.entry.clone()).collect();
            let done = {
                let _one_at_a_time = self.writes.lock().await;
                self.store
                    .append(self.user, mark, &entries, profile.as_mut())
                    .await
            };

            state = self.state.lock().await;
            for e in &entries {
                state.pending.remove(&e.id);
            }
            match done {
                Ok(Appended::Stored) => {
                    if let (Some(saved), Some(kept)) = (&profile, state.kept.as_mut()) {
                        kept.profile.version = saved.version;
                    }
                    for q in current {
                        let _ = q.reply.send(Reply::Stored(q.logged));
                    }
                }
                Ok(Appended::Changed) => {
                    tracing::debug!(
                        entries = entries.len(),
                        "diary commit refused: written elsewhere, or a retry"
                    );
                    state.drop_kept();
                    for q in current {
                        let _ = q.reply.send(Reply::Again);
                    }
                }
                Err(e) => {
                    state.drop_kept();
                    let message = e.to_string();
                    let mut current = current.into_iter();
                    if let Some(first) = current.next() {
                        let _ = first.reply.send(Reply::Failed(e));
                    }
                    for q in current {
                        let _ = q
                            .reply
                            .send(Reply::Failed(limber_store::StoreError::backend(
                                "storing diary entries",
                                message.clone(),
                            )));
                    }
                }
            }
        }
    }

    /// Waits until no commit is under way and nothing is queued.
    async fn idle_state<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        while state.committing || !state.queue.is_empty() {
            let idle = self.idle.notified();
            drop(state);
            idle.await;
            state = self.state.lock().await;
        }
        state
    }

    /// Through the store, as the terminal logs: once every queued entry is
    /// stored, so it reads them. What was kept is read again next time.
    /// Callers box it: the store path's future is most of the size of
    /// [`Shared::log`]'s, which every post moves into a task of its own,
    /// and it is the rare path.
    async fn log_stored<'a>(
        &'a self,
        state: MutexGuard<'a, State>,
        entry: &PainEntry,
        now: Timestamp,
    ) -> Result<Logged, LoadError> {
        let mut state = self.idle_state(state).await;
        state.drop_kept();
        let _one_at_a_time = self.writes.lock().await;
        pain_log::log(self.store.as_ref(), self.user, &self.catalog, entry, now).await
    }

    /// Reads what entries are checked against: once, and again only after
    /// what was kept is dropped, so its caller boxes it (as the store path).
    async fn load(&self, state: &mut State, now: Timestamp) -> Result<(), LoadError> {
        tracing::debug!("reading the recent diary");
        let store = self.store.as_ref();
        let Some(mark) = store.others_mark().await? else {
            state.unsupported = true;
            return Ok(());
        };
        let profile = store.profile(self.user).await?;
        if profile.standing.is_none() {
            // The first write of an older diary works its standing out
            // from the whole diary: the store path does.
            return Ok(());
        }
        let tz = profile_tz(&profile)?;
        // A day more than the store path reads, so that an entry dated a
        // little before this read (a phone's clock, a queued post) still
        // has every record the store path would read for it.
        let since = window_start(now)
            .checked_sub(jiff::SignedDuration::from_hours(24))
            .unwrap_or(Timestamp::MIN);
        let (screen, sessions, entries, latest) = tokio::join!(
            store.latest_screen(self.user),
            store.sessions(self.user, Some(since)),
            store.pain_entries(self.user, Some(since)),
            store.latest_pain_entry(self.user),
        );
        let (screen, sessions, entries, latest) = (screen?, sessions?, entries?, latest?);
        let today = tz.to_datetime(now).date();
        let morning_pause = rules::morning_pause_finding(&sessions, &entries, &tz, today, None);
        let mut scan = Scan::new(tz.clone());
        let all = moments(&entries);
        let mut tail = VecDeque::new();
        let keep_from = all.len().saturating_sub(TAIL_MOMENTS);
        for (i, m) in all.into_iter().enumerate() {
            if i >= keep_from {
                tail.push_back((m, scan.clone()));
            }
            scan.push(m);
        }
        state.kept = Some(Kept {
            mark,
            since,
            tz,
            today,
            screened_at: screen.map(|s| s.taken_at),
            latest,
            latest_session: sessions.iter().map(|s| s.started_at).max(),
            morning_pause,
            scan,
            tail,
            profile,
            profile_dirty: false,
        });
        Ok(())
    }
}

impl State {
    fn drop_kept(&mut self) {
        self.kept = None;
        self.epoch += 1;
    }
}

impl Kept {
    /// Decides `entry` as [`pain_log::log`] would, and keeps it; `None`
    /// when this cannot, and the store must.
    fn decide(
        &mut self,
        entry: &PainEntry,
        now: Timestamp,
        same_stretch: &[(ExerciseId, ExerciseId)],
    ) -> Option<Logged> {
        let placeable = self
            .tail
            .front()
            .is_none_or(|(first, _)| entry.at >= first.at);
        // The window the store path reads for this entry: what it finds
        // there is trusted as this finds it, from the same records or more.
        let since = window_start(now).min(window_start(entry.at));
        if entry.morning
            || self.tz.to_datetime(now).date() != self.today
            || self.latest_session.is_some_and(|s| entry.at < s)
            || since < self.since
            || !placeable
        {
            return None;
        }
        let before = self.place(entry);
        let new_symptoms = pain_log::new_symptoms(
            self.screened_at,
            self.latest.as_ref(),
            entry,
            || matches!((entry.reach, before), (Some(reach), Some(before)) if reach > before),
        );
        if !new_symptoms.is_empty() {
            self.profile.rescreen_requested = Some(now);
            self.profile_dirty = true;
        }

        // What the diary now shows, kept in the standing.
        let found = Standing {
            diary_pause: self.scan.latest(None).filter(|f| trusted(f, Some(since))),
            morning_pause: self
                .morning_pause
                .clone()
                .filter(|f| trusted(f, Some(since))),
            aggravating: Vec::new(),
        };
        let known = self
            .profile
            .standing
            .as_ref()
            .map(|kept| standing_as_of(kept, &self.profile, now, same_stretch))
            .unwrap_or_default();
        let next = known.with(found);
        if self.profile.standing.as_ref() != Some(&next) {
            self.profile.standing = Some(next);
            self.profile_dirty = true;
        }
        let ack = self.profile.diary_pause_acknowledged;
        let worsening = self.scan.latest(ack).filter(|f| trusted(f, Some(since)));
        let diary_pause = diary_pause_with(worsening, &self.profile);

        if self
            .latest
            .as_ref()
            .is_none_or(|l| (entry.at, entry.id) > (l.at, l.id))
        {
            self.latest = Some(entry.clone());
        }
        Some(Logged::stored_now(
            entry.clone(),
            new_symptoms,
            self.profile.rescreen_requested.is_some(),
            diary_pause,
        ))
    }

    /// Adds the entry's moment to the scan, after the others or among the
    /// kept ones; returns the furthest reach of the 14 days before it.
    fn place(&mut self, entry: &PainEntry) -> Option<Reach> {
        let moment = Moment::of(entry);
        if self.scan.last_at().is_none_or(|last| entry.at > last) {
            self.tail.push_back((moment, self.scan.clone()));
            if self.tail.len() > TAIL_MOMENTS {
                self.tail.pop_front();
            }
            return self.scan.push(moment);
        }
        // Among the kept moments: redo the scan from the first at or
        // after it.
        let i = self.tail.partition_point(|(m, _)| m.at < entry.at);
        match self.tail.get_mut(i) {
            Some((m, _)) if m.at == entry.at => m.add(entry),
            _ => {
                let before = self.tail[i].1.clone();
                self.tail.insert(i, (moment, before));
            }
        }
        self.scan = self.tail[i].1.clone();
        let mut reach_before = None;
        for (j, (m, scan_before)) in self.tail.iter_mut().enumerate().skip(i) {
            *scan_before = self.scan.clone();
            let b = self.scan.push(*m);
            if j == i {
                reach_before = b;
            }
        }
        if self.tail.len() > TAIL_MOMENTS {
            self.tail.pop_front();
        }
        reach_before
    }
}
