//! The diary a server keeps in memory answers and stores exactly as the
//! store path (`limber log`) does: the same generated diaries posted both
//! ways, entry by entry and many at once, give the same answers, the same
//! stored entries and the same profile; a write from a terminal in
//! between is seen.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use limber_app::live_diary::LiveDiary;
use limber_app::pain_log::{self, Logged};
use limber_core::Catalog;
use limber_core::diary::{BodySide, PainEntry, PainEntryId, Quality, Reach};
use limber_core::safety::ScreenRecord;
use limber_core::{PainScore, profile::Profile};
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;

const U: i64 = LOCAL_USER;

fn t0() -> Timestamp {
    "2026-11-02T06:00:00Z".parse().unwrap()
}

/// A file store (the one a server has) with a profile in UTC and a
/// screen taken before the diary starts.
async fn file_store(dir: &tempfile::TempDir, name: &str) -> Arc<SqliteStore> {
    let store = SqliteStore::open(&dir.path().join(name)).await.unwrap();
    store.create_user(U).await.unwrap();
    let mut p = store.profile(U).await.unwrap();
    p.timezone = Some("UTC".into());
    store.save_profile(U, &mut p).await.unwrap();
    let screen = ScreenRecord::new(
        t0() - SignedDuration::from_hours(24),
        &BTreeMap::new(),
        true,
    )
    .unwrap();
    store.save_screen(U, &screen).await.unwrap();
    Arc::new(store)
}

fn score(rng: &mut fastrand::Rng) -> Option<PainScore> {
    rng.bool().then(|| PainScore::new(rng.i64(0..=10)).unwrap())
}

/// A diary as people and phones post it: mostly in time order, some a
/// little out of order or at the same minute, retries, morning checks,
/// the odd red flag.
fn diary(seed: u64, n: usize) -> Vec<PainEntry> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut at = t0();
    let mut out: Vec<PainEntry> = Vec::new();
    for i in 0..n {
        if !out.is_empty() && rng.u8(0..20) == 0 {
            // A retry of an earlier post, as the page sends it again.
            let again = out[rng.usize(0..out.len())].clone();
            out.push(again);
            continue;
        }
        at += SignedDuration::from_mins(rng.choice([0, 1, 30, 300, 1440]).unwrap());
        let when = if rng.u8(0..6) == 0 {
            at - SignedDuration::from_mins(rng.i64(1..90))
        } else {
            at
        };
        let mut qualities = Vec::new();
        if rng.u8(0..15) == 0 {
            qualities.push(Quality::Numbness);
        }
        if rng.u8(0..15) == 0 {
            qualities.push(Quality::Tingling);
        }
        if rng.bool() {
            qualities.push(Quality::Ache);
        }
        let morning = rng.u8(0..12) == 0;
        let mut back = score(&mut rng);
        let leg = score(&mut rng);
        if back.is_none() && leg.is_none() {
            back = Some(PainScore::new(3).unwrap());
        }
        out.push(PainEntry {
            id: PainEntryId::from_uuid(uuid::Uuid::from_u128((u128::from(seed) << 64) | i as u128)),
            at: when,
            back,
            leg,
            reach: [
                None,
                Some(Reach::Back),
                Some(Reach::Buttock),
                Some(Reach::Thigh),
                Some(Reach::BelowKnee),
                Some(Reach::Foot),
            ][rng.usize(0..6)],
            side: [None, Some(BodySide::Left), Some(BodySide::Both)][rng.usize(0..3)],
            qualities,
            weakness: rng.u8(0..25) == 0,
            stiffness: morning.then(|| PainScore::new(2).unwrap()),
            morning,
            note: None,
        });
    }
    out
}

/// The profile without its version (batches save it fewer times).
async fn profile(store: &SqliteStore) -> Profile {
    store.profile(U).await.unwrap().into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entry_by_entry_it_answers_and_stores_as_the_store_path() {
    let catalog = Catalog::builtin();
    for seed in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let plain = file_store(&dir, "plain.db").await;
        let kept = file_store(&dir, "kept.db").await;
        let live = LiveDiary::new(kept.clone(), U, catalog.clone());
        let entries = diary(seed, 160);
        let now = entries.iter().map(|e| e.at).max().unwrap() + SignedDuration::from_mins(1);
        let mut paused = 0;
        let mut new_symptoms = 0;
        for (i, e) in entries.iter().enumerate() {
            let want: Logged = pain_log::log(plain.as_ref(), U, &catalog, e, now)
                .await
                .unwrap();
            let got = live.log(e, now).await.unwrap();
            assert_eq!(got, want, "seed {seed}, entry {i}: {e:?}");
            paused += usize::from(want.diary_pause.is_some());
            new_symptoms += usize::from(!want.new_symptoms.is_empty());
        }
        assert_eq!(
            kept.pain_entries(U, None).await.unwrap(),
            plain.pain_entries(U, None).await.unwrap(),
            "seed {seed}"
        );
        assert_eq!(profile(&kept).await, profile(&plain).await, "seed {seed}");
        assert!(
            paused > 0 && new_symptoms > 0,
            "seed {seed}: the diary exercises the rules ({paused} paused, {new_symptoms} with new symptoms)"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_posted_at_once_are_each_stored_once_as_the_store_path_in_the_order_decided() {
    let catalog = Catalog::builtin();
    let dir = tempfile::tempdir().unwrap();
    let plain = file_store(&dir, "plain.db").await;
    let kept = file_store(&dir, "kept.db").await;
    let live = Arc::new(LiveDiary::new(kept.clone(), U, catalog.clone()));
    let mut entries: Vec<PainEntry> = diary(42, 300).into_iter().filter(|e| !e.morning).collect();
    entries.sort_by_key(|e| e.at);
    entries.dedup_by_key(|e| e.at);
    let now = entries.last().unwrap().at + SignedDuration::from_mins(1);
    let mut posts = tokio::task::JoinSet::new();
    for e in entries.clone() {
        let live = live.clone();
        posts.spawn(async move { live.log(&e, now).await.map(|l| l.created) });
    }
    while let Some(done) = posts.join_next().await {
        assert!(done.unwrap().unwrap(), "each is new");
    }
    // Stored once each, in the order they were decided (and committed).
    let decided: Vec<String> = sqlx::query_scalar("SELECT id FROM pain_entries ORDER BY rowid")
        .fetch_all(kept.pool())
        .await
        .unwrap();
    assert_eq!(decided.len(), entries.len());
    // The store path, given them in that order, leaves the same profile.
    for id in &decided {
        let e = entries.iter().find(|e| e.id.to_string() == *id).unwrap();
        pain_log::log(plain.as_ref(), U, &catalog, e, now)
            .await
            .unwrap();
    }
    assert_eq!(
        kept.pain_entries(U, None).await.unwrap(),
        plain.pain_entries(U, None).await.unwrap()
    );
    assert_eq!(profile(&kept).await, profile(&plain).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_logged_in_a_terminal_meanwhile_is_seen_by_the_next_post() {
    let catalog = Catalog::builtin();
    let dir = tempfile::tempdir().unwrap();
    let kept = file_store(&dir, "kept.db").await;
    let live = LiveDiary::new(kept.clone(), U, catalog.clone());
    let at = |mins: i64| t0() + SignedDuration::from_mins(mins);
    let now = at(600);
    let entry = |n: u128, mins: i64, numb: bool| PainEntry {
        id: PainEntryId::from_uuid(uuid::Uuid::from_u128(n)),
        at: at(mins),
        back: Some(PainScore::new(3).unwrap()),
        leg: None,
        reach: None,
        side: None,
        qualities: if numb {
            vec![Quality::Numbness]
        } else {
            Vec::new()
        },
        weakness: false,
        stiffness: None,
        morning: false,
        note: None,
    };
    live.log(&entry(1, 0, false), now).await.unwrap();
    live.log(&entry(2, 10, false), now).await.unwrap();
    // `limber log` in a terminal, on the same file: numbness, new.
    let terminal = SqliteStore::open(&dir.path().join("kept.db"))
        .await
        .unwrap();
    let logged = pain_log::log(&terminal, U, &catalog, &entry(3, 20, true), now)
        .await
        .unwrap();
    assert!(!logged.new_symptoms.is_empty());
    // The page posts numbness again: not new, since the terminal's entry
    // had it.
    let got = live.log(&entry(4, 30, true), now).await.unwrap();
    assert!(got.new_symptoms.is_empty(), "{got:?}");
    assert!(got.rescreen_requested, "the terminal's request stands");
    assert_eq!(kept.pain_entries(U, None).await.unwrap().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_sent_while_its_first_post_waits_is_stored_once() {
    let catalog = Catalog::builtin();
    let dir = tempfile::tempdir().unwrap();
    let kept = file_store(&dir, "kept.db").await;
    let live = Arc::new(LiveDiary::new(kept.clone(), U, catalog.clone()));
    let entries = diary(9, 40);
    let now = entries.iter().map(|e| e.at).max().unwrap() + SignedDuration::from_mins(1);
    for e in &entries[..10] {
        live.log(e, now).await.unwrap();
    }
    let mut fresh = entries[10].clone();
    fresh.id = PainEntryId::from_uuid(uuid::Uuid::from_u128(7_000));
    fresh.at = now;
    fresh.morning = false;
    let mut posts = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (live, e) = (live.clone(), fresh.clone());
        posts.spawn(async move { live.log(&e, now).await.unwrap().created });
    }
    let mut created = 0;
    while let Some(done) = posts.join_next().await {
        created += usize::from(done.unwrap());
    }
    assert_eq!(created, 1, "one stores, the others answer as retries");
    let stored = kept.pain_entries(U, None).await.unwrap();
    assert_eq!(stored.iter().filter(|e| e.id == fresh.id).count(), 1);
}
