//! The History page's first page, kept as the bytes last sent while the
//! store's change mark stands still.
//!
//! A phone opens History after every run and every diary entry, and asks
//! for the same newest page each time; making it means two keyset reads
//! and a 15 KB JSON body. Any commit to the store, from this server or
//! from `limber log` in a terminal, moves the mark
//! ([`Store::change_mark`](limber_store::Store::change_mark)), and the
//! next request makes the page again. A store that has no mark keeps
//! nothing.

use std::sync::Mutex;

use axum::body::Bytes;

/// The newest page for one `limit`: the page a phone asks for.
#[derive(Default)]
pub struct FirstPage {
    kept: Mutex<Option<Kept>>,
}

struct Kept {
    mark: u64,
    limit: u32,
    body: Bytes,
}

impl FirstPage {
    /// The body made when the mark was `mark`, for the same `limit`.
    pub fn get(&self, mark: u64, limit: u32) -> Option<Bytes> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|k| k.mark == mark && k.limit == limit)
            .map(|k| k.body.clone())
    }

    /// Keeps `body`, made from data read after the mark was `mark`. Read
    /// before the data, the mark can only be older than the data: a commit
    /// in between moves the mark, so the page is made again, never
    /// served stale.
    pub fn keep(&self, mark: u64, limit: u32, body: Bytes) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        *kept = Some(Kept { mark, limit, body });
    }
}
