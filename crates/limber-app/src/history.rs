//! The history, newest first, a page at a time: sessions and diary entries
//! merged by time through the store's keyset paging, so a page costs the
//! same however long the diary is. `limber history` and the web's history
//! read it the same way.

use jiff::Timestamp;
use limber_core::diary::{PainEntry, PainEntryId, SessionId, SessionRecord};
use limber_store::{Cursor, Store, StoreError, UserId};

/// A session or a diary entry, as the history lists them.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryRecord {
    Session(SessionRecord),
    Pain(PainEntry),
}

impl HistoryRecord {
    /// When it began: a session's start, an entry's time.
    pub fn at(&self) -> Timestamp {
        match self {
            HistoryRecord::Session(s) => s.started_at,
            HistoryRecord::Pain(p) => p.at,
        }
    }
}

/// Where the next page continues in each of the two lists: after the last
/// record of that list already shown (`None`: from its newest).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryCursor {
    pub sessions: Option<Cursor<SessionId>>,
    pub entries: Option<Cursor<PainEntryId>>,
}

/// One page of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPage {
    /// Newest first.
    pub records: Vec<HistoryRecord>,
    /// Where the next page starts; `None` when nothing older is left.
    pub next: Option<HistoryCursor>,
}

/// Up to `limit` records older than `after` (from the newest when `None`)
/// and at or after `since`, newest first. Reads at most `limit + 1` of
/// each kind.
pub async fn page<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    after: Option<HistoryCursor>,
    since: Option<Timestamp>,
    limit: u32,
) -> Result<HistoryPage, StoreError> {
    let after = after.unwrap_or_default();
    let fetch = limit.saturating_add(1);
    let (sessions, entries) = tokio::join!(
        store.session_page(user, after.sessions, fetch),
        store.pain_entry_page(user, after.entries, fetch),
    );
    let in_range = |at: Timestamp| since.is_none_or(|s| at >= s);
    let mut sessions = sessions?
        .into_iter()
        .filter(|s| in_range(s.started_at))
        .peekable();
    let mut entries = entries?.into_iter().filter(|e| in_range(e.at)).peekable();

    let mut next = after;
    let mut records = Vec::new();
    while records.len() < limit as usize {
        // At the same instant the entry comes first, so that oldest first
        // the session leads, as `limber history` has always listed them.
        let take_session = match (sessions.peek(), entries.peek()) {
            (Some(s), Some(e)) => s.started_at > e.at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_session {
            let s = sessions.next().expect("peeked");
            next.sessions = Some(Cursor::from(&s));
            records.push(HistoryRecord::Session(s));
        } else {
            let e = entries.next().expect("peeked");
            next.entries = Some(Cursor::from(&e));
            records.push(HistoryRecord::Pain(e));
        }
    }
    let more = sessions.peek().is_some() || entries.peek().is_some();
    Ok(HistoryPage {
        records,
        next: more.then_some(next),
    })
}

#[cfg(test)]
mod tests {
    use limber_core::diary::{Place, SessionContext};
    use limber_store::{LOCAL_USER, NewSession};
    use limber_store_sqlite::SqliteStore;

    use super::*;

    fn at(minute: i64) -> Timestamp {
        "2026-11-02T07:00:00Z".parse::<Timestamp>().unwrap()
            + jiff::SignedDuration::from_mins(minute)
    }

    fn entry(minute: i64) -> PainEntry {
        PainEntry {
            id: PainEntryId::at(at(minute)),
            at: at(minute),
            back: None,
            leg: Some(limber_core::PainScore::new(3).unwrap()),
            reach: None,
            side: None,
            qualities: Vec::new(),
            weakness: false,
            stiffness: None,
            morning: false,
            note: None,
        }
    }

    /// Sessions at even minutes, entries at odd ones and one beside the
    /// session of minute 4, oldest first as written.
    async fn diary() -> SqliteStore {
        let store = SqliteStore::open_in_memory().await.unwrap();
        store.create_user(LOCAL_USER).await.unwrap();
        for m in [0, 2, 4, 6] {
            let s = NewSession {
                id: SessionId::at(at(m)),
                started_at: at(m),
                context: SessionContext {
                    after_run: false,
                    place: Place::Floor,
                },
                program: "p".into(),
                pain_before: None,
            };
            store.begin_session(LOCAL_USER, &s).await.unwrap();
        }
        for m in [1, 3, 4, 5, 7] {
            store.add_pain_entry(LOCAL_USER, &entry(m)).await.unwrap();
        }
        store
    }

    fn shape(records: &[HistoryRecord]) -> Vec<String> {
        records
            .iter()
            .map(|r| {
                let m = r.at().duration_since(at(0)).as_mins();
                match r {
                    HistoryRecord::Session(_) => format!("s{m}"),
                    HistoryRecord::Pain(_) => format!("p{m}"),
                }
            })
            .collect()
    }

    #[tokio::test]
    async fn pages_merge_both_lists_newest_first_without_skipping_or_repeating() {
        let store = diary().await;
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let p = page(&store, LOCAL_USER, after, None, 3).await.unwrap();
            assert!(p.records.len() <= 3);
            seen.extend(shape(&p.records));
            match p.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(
            seen,
            ["p7", "s6", "p5", "p4", "s4", "p3", "s2", "p1", "s0"],
            "at the same minute the entry comes first (the session leads oldest first)"
        );
    }

    #[tokio::test]
    async fn the_last_page_says_nothing_is_left_and_since_stops_the_list() {
        let store = diary().await;
        let all = page(&store, LOCAL_USER, None, None, 9).await.unwrap();
        assert_eq!(all.records.len(), 9);
        assert_eq!(all.next, None, "exactly everything: nothing left");
        let eight = page(&store, LOCAL_USER, None, None, 8).await.unwrap();
        assert!(eight.next.is_some(), "one left");
        let recent = page(&store, LOCAL_USER, None, Some(at(4)), 20)
            .await
            .unwrap();
        assert_eq!(shape(&recent.records), ["p7", "s6", "p5", "p4", "s4"]);
        assert_eq!(recent.next, None, "older ones are before --since");
    }
}
