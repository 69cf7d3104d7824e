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

/// A `before` that is not a cursor this server gave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a history cursor: pass the `next` of the previous page as it was")]
pub struct BadCursor;

/// The cursor as text, for a URL (the web's `before`): each list's place
/// as `<epoch ms>_<id as 32 hex digits>`, or `-` when that list starts from
/// its newest, sessions first, joined by a dot. Clients treat it as opaque.
impl std::fmt::Display for HistoryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn part(at: Timestamp, id: uuid::Uuid) -> String {
            format!("{}_{}", at.as_millisecond(), id.simple())
        }
        let sessions = self
            .sessions
            .map_or("-".to_string(), |c| part(c.at, c.id.as_uuid()));
        let entries = self
            .entries
            .map_or("-".to_string(), |c| part(c.at, c.id.as_uuid()));
        write!(f, "{sessions}.{entries}")
    }
}

impl std::str::FromStr for HistoryCursor {
    type Err = BadCursor;

    fn from_str(s: &str) -> Result<Self, BadCursor> {
        fn part(s: &str) -> Result<Option<(Timestamp, uuid::Uuid)>, BadCursor> {
            if s == "-" {
                return Ok(None);
            }
            let (ms, id) = s.split_once('_').ok_or(BadCursor)?;
            if ms.is_empty() || !ms.bytes().all(|b| b.is_ascii_digit()) || id.len() != 32 {
                return Err(BadCursor);
            }
            let at = ms
                .parse::<i64>()
                .ok()
                .and_then(|ms| Timestamp::from_millisecond(ms).ok())
                .ok_or(BadCursor)?;
            let id = uuid::Uuid::try_parse(id).map_err(|_| BadCursor)?;
            Ok(Some((at, id)))
        }
        let (sessions, entries) = s.split_once('.').ok_or(BadCursor)?;
        let cursor = Self {
            sessions: part(sessions)?.map(|(at, id)| Cursor {
                at,
                id: SessionId::from_uuid(id),
            }),
            entries: part(entries)?.map(|(at, id)| Cursor {
                at,
                id: PainEntryId::from_uuid(id),
            }),
        };
        // Both from the newest is the first page, which needs no cursor.
        if cursor == Self::default() {
            return Err(BadCursor);
        }
        Ok(cursor)
    }
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
    async fn a_cursor_read_back_from_its_text_continues_where_the_page_ended() {
        let store = diary().await;
        let mut seen = Vec::new();
        let mut after: Option<HistoryCursor> = None;
        loop {
            let p = page(&store, LOCAL_USER, after, None, 2).await.unwrap();
            seen.extend(shape(&p.records));
            match p.next {
                Some(next) => {
                    let text = next.to_string();
                    assert_eq!(text.parse::<HistoryCursor>(), Ok(next), "{text}");
                    after = Some(text.parse().unwrap());
                }
                None => break,
            }
        }
        assert_eq!(seen, ["p7", "s6", "p5", "p4", "s4", "p3", "s2", "p1", "s0"]);
    }

    #[test]
    fn only_a_cursor_this_module_wrote_reads_back() {
        let one_list = HistoryCursor {
            sessions: None,
            entries: Some(Cursor::from(&entry(3))),
        };
        assert_eq!(one_list.to_string().parse(), Ok(one_list));
        for bad in [
            "",
            "-.-",
            "garbage",
            "-",
            "1_abc.-",
            "x1_019aa00000007000800000000000000a.-",
            "-.-1_019aa00000007000800000000000000a",
            "99999999999999999999_019aa00000007000800000000000000a.-",
            "1_019aa000-0000-7000-8000-00000000000a.-",
        ] {
            assert_eq!(bad.parse::<HistoryCursor>(), Err(BadCursor), "{bad:?}");
        }
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
