//! The safety gate as a use case: which block stands first, and what an
//! acknowledgement stores. Any driver (terminal, web) gets these answers.

use std::collections::BTreeMap;

use jiff::Timestamp;
use limber_app::gate::{self, AcknowledgeError, Block};
use limber_app::user_state::UserState;
use limber_core::Catalog;
use limber_core::safety::{Question, ScreenRecord, Tier};
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn screened(answers: &[(Question, bool)], when: &str) -> SqliteStore {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let answers: BTreeMap<_, _> = answers.iter().copied().collect();
    let record = ScreenRecord::new(at(when), &answers, true).unwrap();
    store.save_screen(LOCAL_USER, &record).await.unwrap();
    store
}

async fn state(store: &SqliteStore, now: &str) -> UserState {
    UserState::load(store, LOCAL_USER, at(now), &Catalog::builtin())
        .await
        .unwrap()
}

#[tokio::test]
async fn without_a_screen_the_first_block_is_the_screen() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let s = state(&store, "2026-11-20T07:00:00Z").await;
    assert_eq!(gate::first_block(&s), Some(Block::NoScreen));
}

#[tokio::test]
async fn a_clear_screen_opens_the_gate_until_it_is_six_weeks_old() {
    let store = screened(&[], "2026-11-01T07:00:00Z").await;
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T07:00:00Z").await),
        None
    );
    assert_eq!(
        gate::first_block(&state(&store, "2026-12-14T07:00:00Z").await),
        Some(Block::Stale)
    );
}

#[tokio::test]
async fn a_red_flag_report_locks_before_any_pause_that_could_be_acknowledged() {
    let store = screened(&[(Question::Fever, true)], "2026-11-19T07:00:00Z").await;
    let mut s = state(&store, "2026-11-20T07:00:00Z").await;
    assert!(matches!(
        gate::first_block(&s),
        Some(Block::Paused(Tier::SameDay, _))
    ));
    s.profile.red_flag_reported = Some(at("2026-11-20T06:00:00Z"));
    store.save_profile(LOCAL_USER, &s.profile).await.unwrap();
    let s = state(&store, "2026-11-20T07:00:00Z").await;
    assert_eq!(gate::first_block(&s), Some(Block::Locked));
    assert!(gate::locked(&s));
}

#[tokio::test]
async fn acknowledging_a_pause_is_stored_and_opens_the_gate() {
    let store = screened(&[(Question::Fever, true)], "2026-11-19T07:00:00Z").await;
    let mut s = state(&store, "2026-11-20T07:00:00Z").await;
    let block = gate::first_block(&s).unwrap();
    gate::acknowledge(
        &store,
        LOCAL_USER,
        &mut s,
        &block,
        at("2026-11-20T07:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(gate::first_block(&s), None);
    // Stored, not only in memory: a fresh load agrees.
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T08:00:00Z").await),
        None
    );
}

#[tokio::test]
async fn a_lock_cannot_be_acknowledged_away() {
    let store = screened(&[(Question::Bladder, true)], "2026-11-19T07:00:00Z").await;
    let mut s = state(&store, "2026-11-20T07:00:00Z").await;
    assert_eq!(gate::first_block(&s), Some(Block::Locked));
    let now = s.now;
    let err = gate::acknowledge(&store, LOCAL_USER, &mut s, &Block::Locked, now)
        .await
        .unwrap_err();
    assert!(matches!(err, AcknowledgeError::NeedsScreen), "{err}");
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T08:00:00Z").await),
        Some(Block::Locked)
    );
}

#[tokio::test]
async fn a_rescreen_request_is_stored_and_blocks_the_next_session() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let mut s = state(&store, "2026-11-20T07:00:00Z").await;
    let now = s.now;
    gate::request_rescreen(&store, LOCAL_USER, &mut s, now)
        .await
        .unwrap();
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T08:00:00Z").await),
        Some(Block::Rescreen)
    );
}

#[tokio::test]
async fn a_bad_time_zone_in_the_profile_is_named() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let mut p = store.profile(LOCAL_USER).await.unwrap();
    p.timezone = Some("Mars/Olympus".into());
    store.save_profile(LOCAL_USER, &p).await.unwrap();
    let Err(err) = UserState::load(
        &store,
        LOCAL_USER,
        at("2026-11-20T07:00:00Z"),
        &Catalog::builtin(),
    )
    .await
    else {
        panic!("a bad time zone loaded");
    };
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
}
