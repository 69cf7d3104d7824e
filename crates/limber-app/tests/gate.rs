//! The safety gate as a use case: which block stands first, what an
//! acknowledgement or a fresh screen stores, and what a diary entry asks of
//! the next session. Any driver (terminal, web) gets these answers.

use std::collections::BTreeMap;

use jiff::Timestamp;
use limber_app::gate::{self, AcknowledgeError, Block};
use limber_app::pain_log::{self, Logged, NewSymptom};
use limber_app::user_state::UserState;
use limber_core::diary::{BodySide, PainEntry, PainEntryId, Quality};
use limber_core::safety::{Question, ScreenRecord, Tier};
use limber_core::{Catalog, PainScore};
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
    store
        .save_profile(LOCAL_USER, &mut s.profile)
        .await
        .unwrap();
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
    store.save_profile(LOCAL_USER, &mut p).await.unwrap();
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

#[tokio::test]
async fn a_fresh_screen_lifts_a_red_flag_lock_and_a_rescreen_request() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let mut p = store.profile(LOCAL_USER).await.unwrap();
    p.red_flag_reported = Some(at("2026-11-19T18:00:00Z"));
    p.rescreen_requested = Some(at("2026-11-19T18:00:00Z"));
    store.save_profile(LOCAL_USER, &mut p).await.unwrap();
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T07:00:00Z").await),
        Some(Block::Locked)
    );
    let record = ScreenRecord::new(at("2026-11-20T07:00:00Z"), &BTreeMap::new(), true).unwrap();
    gate::save_screen(&store, LOCAL_USER, &record)
        .await
        .unwrap();
    let s = state(&store, "2026-11-20T07:05:00Z").await;
    assert_eq!(gate::first_block(&s), None);
    assert_eq!(s.screen.map(|r| r.taken_at), Some(record.taken_at));
}

#[tokio::test]
async fn a_fresh_screen_with_emergency_answers_stays_locked() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let answers: BTreeMap<_, _> = [(Question::Bladder, true)].into_iter().collect();
    let record = ScreenRecord::new(at("2026-11-20T07:00:00Z"), &answers, true).unwrap();
    gate::save_screen(&store, LOCAL_USER, &record)
        .await
        .unwrap();
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T07:05:00Z").await),
        Some(Block::Locked)
    );
}

fn entry(at_: &str, leg: i64) -> PainEntry {
    PainEntry {
        id: PainEntryId::at(at(at_)),
        at: at(at_),
        back: None,
        leg: Some(PainScore::new(leg).unwrap()),
        reach: None,
        side: None,
        qualities: Vec::new(),
        weakness: false,
        stiffness: None,
        morning: false,
        note: None,
    }
}

#[tokio::test]
async fn a_diary_entry_with_new_numbness_requests_a_rescreen() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let now = at("2026-11-20T07:00:00Z");
    let first = entry("2026-11-20T06:00:00Z", 2);
    let calm = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &first, now)
        .await
        .unwrap();
    assert_eq!(
        calm,
        Logged {
            entry: first,
            created: true,
            rescreen_requested: false,
            new_symptoms: Vec::new(),
            emergency: false,
            diary_pause: None,
        }
    );
    let mut numb = entry("2026-11-20T06:30:00Z", 2);
    numb.qualities.push(Quality::Numbness);
    numb.side = Some(BodySide::Both);
    let logged = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &numb, now)
        .await
        .unwrap();
    assert_eq!(
        logged.new_symptoms,
        [NewSymptom::Numbness, NewSymptom::BothLegs]
    );
    assert!(logged.emergency);
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T08:00:00Z").await),
        Some(Block::Rescreen)
    );
    let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(entries.len(), 2);
}

#[tokio::test]
async fn a_retried_entry_is_stored_once_and_says_what_still_stands() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let now = at("2026-11-20T07:00:00Z");
    let mut numb = entry("2026-11-20T06:30:00Z", 2);
    numb.qualities.push(Quality::Numbness);
    let first = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &numb, now)
        .await
        .unwrap();
    assert!(first.created && first.rescreen_requested);
    // The same id again, even with other words: the first one stays.
    let mut again = numb.clone();
    again.leg = Some(PainScore::new(9).unwrap());
    let retry = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &again, now)
        .await
        .unwrap();
    assert!(!retry.created);
    assert_eq!(retry.entry, numb);
    assert!(retry.new_symptoms.is_empty());
    assert!(retry.rescreen_requested);
    let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(entries, [numb]);
}

#[tokio::test]
async fn a_retry_whose_time_moved_weeks_is_still_a_retry() {
    let store = screened(&[], "2026-11-01T07:00:00Z").await;
    let now = at("2026-11-20T07:00:00Z");
    let first = entry("2026-10-30T06:30:00Z", 2);
    let logged = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &first, now)
        .await
        .unwrap();
    assert!(logged.created);
    // The same id, dated three weeks later and with new numbness: the
    // first is before the two weeks read for the spread, so only the
    // store knows the id.
    let mut moved = entry("2026-11-20T06:30:00Z", 8);
    moved.id = first.id;
    moved.qualities.push(Quality::Numbness);
    let retry = pain_log::log(&store, LOCAL_USER, &Catalog::builtin(), &moved, now)
        .await
        .unwrap();
    assert!(!retry.created, "{retry:?}");
    assert_eq!(retry.entry, first, "the first one stored is answered");
    assert!(retry.new_symptoms.is_empty() && !retry.rescreen_requested);
    let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(entries, [first]);
}

#[tokio::test]
async fn a_back_dated_entry_from_before_the_screen_requests_nothing() {
    let store = screened(&[], "2026-11-19T07:00:00Z").await;
    let mut numb = entry("2026-11-18T06:30:00Z", 2);
    numb.qualities.push(Quality::Numbness);
    let logged = pain_log::log(
        &store,
        LOCAL_USER,
        &Catalog::builtin(),
        &numb,
        at("2026-11-20T07:00:00Z"),
    )
    .await
    .unwrap();
    assert!(logged.new_symptoms.is_empty());
    assert_eq!(
        gate::first_block(&state(&store, "2026-11-20T08:00:00Z").await),
        None
    );
}

#[test]
fn a_block_kinds_name_is_its_serde_name() {
    use limber_app::gate::BlockKind;
    use strum::VariantArray;
    for &kind in BlockKind::VARIANTS {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::Value::String(kind.as_str().into()),
            "{kind:?}"
        );
        let back: BlockKind =
            serde_json::from_value(serde_json::Value::String(kind.as_str().into())).unwrap();
        assert_eq!(back, kind);
    }
    assert_eq!(BlockKind::MorningPause.as_str(), "morning-pause");
    assert_eq!(BlockKind::NoScreen.as_str(), "no-screen");
}
