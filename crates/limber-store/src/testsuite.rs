//! The conformance suite every [`Store`] backend must pass.
//!
//! Each behaviour is a plain `async fn` taking `&impl Store`, so it can be
//! called by hand; [`store_tests!`](crate::store_tests) turns them all into
//! one `#[tokio::test]` each, so a failure is named after the behaviour.
//!
//! ```ignore
//! // crates/limber-store-foo/tests/store.rs
//! // dev-dependencies: limber-store with features = ["testsuite"], tokio.
//! limber_store::store_tests!(async {
//!     let dir = tempfile::tempdir().unwrap();
//!     let store = FooStore::open(&dir.path().join("db")).await.unwrap();
//!     (store, dir) // the second value is kept alive until the test ends
//! });
//! ```
//!
//! The constructor expression is evaluated once per test and must give a
//! fresh, empty store; the macro then creates [`LOCAL_USER`] and
//! [`OTHER_USER`] (call [`Store::create_user`] for them when calling a
//! behaviour by hand). Backends must:
//! - accept any positive user id once created, and no other;
//! - keep times to the millisecond (the suite uses whole milliseconds);
//! - store any UUID as a record id.

use std::collections::BTreeMap;

use jiff::Timestamp;

use limber_core::diary::{
    BodySide, Outcome, PainEntry, PainEntryId, Place, Quality, Rating, Reach, SessionContext,
    SessionId, SessionRecord, SessionStatus, StepReason, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::safety::{Question, ScreenRecord};
use limber_core::session::StopReason;
use limber_core::trial::Trial;
use limber_core::{ExerciseId, PainScore, Side};

use limber_core::run::{DistanceSource, Run, RunAdded, RunId, RunRecord, Sport};

use crate::{
    Cursor, Import, LOCAL_USER, NewSession, SessionEnd, Store, StoreError, UserId, Version,
};

/// Expands to one `#[tokio::test]` per behaviour of the suite.
///
/// The argument is an expression of a future (usually an `async` block)
/// giving `(store, guard)`: a fresh store, and anything that must live as
/// long as it (a temp dir, a test database handle; `()` if nothing).
/// The calling crate needs `tokio` (with `macros` and `rt`) as a dev-dependency.
#[macro_export]
macro_rules! store_tests {
    ($make:expr) => {
        $crate::store_tests!(@each $make;
            screen_none_then_save_latest_and_acknowledge,
            acknowledge_without_screen_is_not_found,
            session_lifecycle_reads_back_equal,
            unfinished_session_stays_partial,
            opening_rating_fills_pain_before,
            sessions_since_filters_and_orders,
            steps_and_ratings_stay_with_their_session,
            writes_to_unknown_session_are_not_found,
            users_are_scoped,
            pain_entries_round_trip,
            pain_entries_since_filters_and_orders,
            profile_defaults_then_upserts,
            profile_save_checks_the_version,
            writes_need_a_created_user,
            inserts_are_idempotent_by_id,
            pages_go_newest_first_without_gaps_or_repeats,
            deleted_records_are_tombstones,
            screens_are_the_whole_history_oldest_first,
            import_reads_back_equal_and_skips_stored_ids,
            runs_round_trip_oldest_first,
            the_same_run_is_added_once,
            runs_are_scoped,
            cooldown_tag_links_a_session,
        );
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {
        $(
            #[::tokio::test]
            async fn $name() {
                let (store, _guard) = $make.await;
                $crate::testsuite::create_users(&store).await;
                $crate::testsuite::$name(&store).await;
            }
        )*
    };
}

/// The other user of the scoping tests.
pub const OTHER_USER: UserId = 2;

/// A user no test creates.
pub const UNKNOWN_USER: UserId = 3;

/// Creates the two users every behaviour may write for.
pub async fn create_users(store: &impl Store) {
    store
        .create_user(LOCAL_USER)
        .await
        .expect("creating user 1");
    store
        .create_user(OTHER_USER)
        .await
        .expect("creating user 2");
}

/// An instant `minutes` after 2026-11-26T07:30:00Z, in whole milliseconds.
pub fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millisecond(1_795_678_200_000 + minutes * 60_000).expect("in range")
}

pub fn exercise(id: &str) -> ExerciseId {
    ExerciseId::new(id).expect("a well-formed exercise id")
}

pub fn pain(value: i64) -> PainScore {
    PainScore::new(value).expect("0 to 10")
}

pub fn screen(taken_at: Timestamp, yes: &[Question]) -> ScreenRecord {
    let answers: BTreeMap<Question, bool> = yes.iter().map(|q| (*q, true)).collect();
    ScreenRecord::new(taken_at, &answers, true).expect("rest are no")
}

pub fn new_session(started_at: Timestamp) -> NewSession {
    NewSession {
        id: SessionId::at(started_at),
        started_at,
        context: SessionContext {
            after_run: true,
            place: Place::Wall,
        },
        program: "default".into(),
        pain_before: Some(pain(4)),
    }
}

pub fn step(id: &str, side: Option<Side>, rep: u32, outcome: Outcome, at: Timestamp) -> StepRecord {
    StepRecord {
        exercise: exercise(id),
        side,
        rep,
        outcome,
        reason: (outcome == Outcome::Stopped)
            .then(|| StepReason::stopped(StopReason::Spreading, "pain went down the leg")),
        at,
    }
}

pub fn full_entry(at: Timestamp) -> PainEntry {
    PainEntry {
        id: PainEntryId::at(at),
        at,
        back: Some(pain(3)),
        leg: Some(pain(6)),
        reach: Some(Reach::BelowKnee),
        side: Some(BodySide::Left),
        qualities: vec![Quality::Tingling, Quality::Electric, Quality::Numbness],
        weakness: true,
        stiffness: Some(pain(2)),
        morning: true,
        note: Some("after 10k, \"tight\", ünïcode ✓".into()),
    }
}

pub fn bare_entry(at: Timestamp) -> PainEntry {
    PainEntry {
        id: PainEntryId::at(at),
        at,
        back: None,
        leg: None,
        reach: None,
        side: None,
        qualities: vec![],
        weakness: false,
        stiffness: None,
        morning: false,
        note: None,
    }
}

fn assert_not_found<T: std::fmt::Debug>(result: crate::Result<T>, what: &str) {
    match result {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("{what}: expected NotFound, got {other:?}"),
    }
}

pub async fn screen_none_then_save_latest_and_acknowledge(store: &impl Store) {
    assert_eq!(store.latest_screen(LOCAL_USER).await.unwrap(), None);

    let first = screen(at(0), &[Question::Cancer]);
    let second = screen(at(60), &[Question::Pregnancy, Question::LegWeakness]);
    store.save_screen(LOCAL_USER, &first).await.unwrap();
    store.save_screen(LOCAL_USER, &second).await.unwrap();
    assert_eq!(
        store.latest_screen(LOCAL_USER).await.unwrap(),
        Some(second.clone()),
        "the latest screen is the one taken last, with every answer"
    );

    store.acknowledge_screen(LOCAL_USER, at(61)).await.unwrap();
    let mut acknowledged = second;
    acknowledged.acknowledged_at = Some(at(61));
    assert_eq!(
        store.latest_screen(LOCAL_USER).await.unwrap(),
        Some(acknowledged)
    );

    // A newer screen starts unacknowledged.
    let third = screen(at(120), &[]);
    store.save_screen(LOCAL_USER, &third).await.unwrap();
    assert_eq!(store.latest_screen(LOCAL_USER).await.unwrap(), Some(third));
}

pub async fn acknowledge_without_screen_is_not_found(store: &impl Store) {
    assert_not_found(
        store.acknowledge_screen(LOCAL_USER, at(0)).await,
        "acknowledging with no screen",
    );
}

pub async fn session_lifecycle_reads_back_equal(store: &impl Store) {
    let begun = new_session(at(0));
    let id = store.begin_session(LOCAL_USER, &begun).await.unwrap();

    let before = Rating {
        after: None,
        pain: pain(4),
        at: at(0),
    };
    let steps = vec![
        step(
            "lying-thigh-stretch",
            Some(Side::Right),
            1,
            Outcome::Done,
            at(1),
        ),
        step(
            "lying-thigh-stretch",
            Some(Side::Left),
            1,
            Outcome::Skipped,
            at(2),
        ),
        step("cat-cow", None, 1, Outcome::Done, at(3)),
        step(
            "sciatic-nerve-glide",
            Some(Side::Right),
            2,
            Outcome::Stopped,
            at(4),
        ),
    ];
    let after = Rating {
        after: Some(exercise("cat-cow")),
        pain: pain(2),
        at: at(3),
    };
    store.record_rating(LOCAL_USER, id, &before).await.unwrap();
    for s in &steps[..3] {
        store.record_step(LOCAL_USER, id, s).await.unwrap();
    }
    store.record_rating(LOCAL_USER, id, &after).await.unwrap();
    store.record_step(LOCAL_USER, id, &steps[3]).await.unwrap();

    let end = SessionEnd {
        ended_at: at(5),
        status: SessionStatus::Stopped,
        pain_after: Some(pain(3)),
    };
    store.finish_session(LOCAL_USER, id, &end).await.unwrap();

    let got = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(got.len(), 1);
    let s = &got[0];
    assert_eq!(s.id, id);
    assert_eq!(s.started_at, begun.started_at);
    assert_eq!(s.ended_at, Some(end.ended_at));
    assert_eq!(s.status, SessionStatus::Stopped);
    assert_eq!(s.context, begun.context);
    assert_eq!(s.program, begun.program);
    assert_eq!(s.pain_before, begun.pain_before);
    assert_eq!(s.pain_after, end.pain_after);
    assert_eq!(s.steps, steps, "steps in the order they were recorded");
    assert_eq!(s.ratings, vec![before, after]);

    // Completed, with no pain scores, also round-trips.
    let plain = NewSession {
        id: SessionId::at(at(10)),
        started_at: at(10),
        context: SessionContext::default(),
        program: "desk-break".into(),
        pain_before: None,
    };
    let id2 = store.begin_session(LOCAL_USER, &plain).await.unwrap();
    assert_ne!(id2, id);
    let end2 = SessionEnd {
        ended_at: at(12),
        status: SessionStatus::Completed,
        pain_after: None,
    };
    store.finish_session(LOCAL_USER, id2, &end2).await.unwrap();
    let got = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(got.len(), 2);
    let s = &got[1];
    assert_eq!(
        (s.id, s.status, s.ended_at, s.pain_before, s.pain_after),
        (id2, SessionStatus::Completed, Some(at(12)), None, None)
    );
    assert_eq!(s.context, SessionContext::default());
    assert!(s.steps.is_empty() && s.ratings.is_empty());
}

pub async fn unfinished_session_stays_partial(store: &impl Store) {
    let id = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let s = step("cat-cow", None, 1, Outcome::Done, at(1));
    store.record_step(LOCAL_USER, id, &s).await.unwrap();

    let got = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, SessionStatus::Partial);
    assert_eq!(got[0].ended_at, None);
    assert_eq!(got[0].pain_after, None);
    assert_eq!(got[0].steps, vec![s]);
}

pub async fn opening_rating_fills_pain_before(store: &impl Store) {
    let unrated = NewSession {
        pain_before: None,
        ..new_session(at(0))
    };
    let id = store.begin_session(LOCAL_USER, &unrated).await.unwrap();
    let opening = Rating {
        after: None,
        pain: pain(6),
        at: at(0),
    };
    let later_baseline = Rating {
        after: None,
        pain: pain(2),
        at: at(1),
    };
    let after_one = Rating {
        after: Some(exercise("cat-cow")),
        pain: pain(1),
        at: at(2),
    };
    for r in [&opening, &later_baseline, &after_one] {
        store.record_rating(LOCAL_USER, id, r).await.unwrap();
    }
    // Only the first opening rating counts, and only when none was given.
    assert_eq!(
        store.sessions(LOCAL_USER, None).await.unwrap()[0].pain_before,
        Some(pain(6))
    );

    let rated = store
        .begin_session(LOCAL_USER, &new_session(at(10)))
        .await
        .unwrap();
    store
        .record_rating(LOCAL_USER, rated, &opening)
        .await
        .unwrap();
    assert_eq!(
        store.sessions(LOCAL_USER, Some(at(10))).await.unwrap()[0].pain_before,
        Some(pain(4))
    );
}

pub async fn sessions_since_filters_and_orders(store: &impl Store) {
    // Begun out of order; read back oldest first.
    let mut ids = BTreeMap::new();
    for minutes in [30, 0, 20, 10] {
        let id = store
            .begin_session(LOCAL_USER, &new_session(at(minutes)))
            .await
            .unwrap();
        store
            .record_step(
                LOCAL_USER,
                id,
                &step("cat-cow", None, 1, Outcome::Done, at(minutes + 1)),
            )
            .await
            .unwrap();
        ids.insert(minutes, id);
    }
    let starts = |v: &[limber_core::diary::SessionRecord]| {
        v.iter().map(|s| s.started_at).collect::<Vec<_>>()
    };

    let all = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(starts(&all), vec![at(0), at(10), at(20), at(30)]);
    assert_eq!(
        all.iter().map(|s| s.id).collect::<Vec<_>>(),
        ids.values().copied().collect::<Vec<_>>()
    );
    for s in &all {
        assert_eq!(s.steps.len(), 1, "each session keeps its own step");
        assert_eq!(
            s.steps[0].at,
            s.started_at + jiff::SignedDuration::from_mins(1)
        );
    }

    let since = store.sessions(LOCAL_USER, Some(at(10))).await.unwrap();
    assert_eq!(
        starts(&since),
        vec![at(10), at(20), at(30)],
        "since is inclusive"
    );
    assert_eq!(since[0].id, ids[&10]);

    let later = store.sessions(LOCAL_USER, Some(at(31))).await.unwrap();
    assert!(later.is_empty());
}

pub async fn steps_and_ratings_stay_with_their_session(store: &impl Store) {
    let a = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let b = store
        .begin_session(LOCAL_USER, &new_session(at(5)))
        .await
        .unwrap();
    // Interleaved writes to two open sessions.
    for rep in 1..=3 {
        let t = at(10 + i64::from(rep));
        store
            .record_step(LOCAL_USER, a, &step("cat-cow", None, rep, Outcome::Done, t))
            .await
            .unwrap();
        store
            .record_step(
                LOCAL_USER,
                b,
                &step("bridge", Some(Side::Left), rep, Outcome::Skipped, t),
            )
            .await
            .unwrap();
        store
            .record_rating(
                LOCAL_USER,
                b,
                &Rating {
                    after: Some(exercise("bridge")),
                    pain: pain(i64::from(rep)),
                    at: t,
                },
            )
            .await
            .unwrap();
    }
    let got = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, a);
    assert!(
        got[0]
            .steps
            .iter()
            .all(|s| s.exercise.as_str() == "cat-cow")
    );
    assert_eq!(
        got[0].steps.iter().map(|s| s.rep).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(got[0].ratings.is_empty());
    assert_eq!(got[1].id, b);
    assert!(got[1].steps.iter().all(|s| s.exercise.as_str() == "bridge"));
    assert_eq!(
        got[1]
            .ratings
            .iter()
            .map(|r| r.pain.get())
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
}

pub async fn writes_to_unknown_session_are_not_found(store: &impl Store) {
    let missing = SessionId::at(at(0));
    let s = step("cat-cow", None, 1, Outcome::Done, at(1));
    let r = Rating {
        after: None,
        pain: pain(1),
        at: at(1),
    };
    let end = SessionEnd {
        ended_at: at(2),
        status: SessionStatus::Completed,
        pain_after: None,
    };
    assert_not_found(store.record_step(LOCAL_USER, missing, &s).await, "step");
    assert_not_found(store.record_rating(LOCAL_USER, missing, &r).await, "rating");
    assert_not_found(
        store.finish_session(LOCAL_USER, missing, &end).await,
        "finish",
    );
    assert!(store.sessions(LOCAL_USER, None).await.unwrap().is_empty());
}

pub async fn users_are_scoped(store: &impl Store) {
    // User 1 has a session, a screen, a diary entry and a profile.
    let id = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let s = step("cat-cow", None, 1, Outcome::Done, at(1));
    store.record_step(LOCAL_USER, id, &s).await.unwrap();
    store
        .save_screen(LOCAL_USER, &screen(at(0), &[Question::Cancer]))
        .await
        .unwrap();
    let full = full_entry(at(0));
    store.add_pain_entry(LOCAL_USER, &full).await.unwrap();
    let mut profile = store.profile(LOCAL_USER).await.unwrap();
    profile.timezone = Some("Europe/London".into());
    store.save_profile(LOCAL_USER, &mut profile).await.unwrap();

    // User 2 sees none of it...
    assert!(store.sessions(OTHER_USER, None).await.unwrap().is_empty());
    assert!(
        store
            .pain_entries(OTHER_USER, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.latest_screen(OTHER_USER).await.unwrap(), None);
    assert_eq!(
        store.profile(OTHER_USER).await.unwrap().into_inner(),
        Profile::default()
    );
    assert_not_found(
        store.acknowledge_screen(OTHER_USER, at(2)).await,
        "user 2 acknowledging user 1's screen",
    );

    // ...and cannot write to user 1's session.
    let intruder = step("bridge", None, 9, Outcome::Skipped, at(2));
    assert_not_found(
        store.record_step(OTHER_USER, id, &intruder).await,
        "user 2 recording a step in user 1's session",
    );
    assert_not_found(
        store
            .record_rating(
                OTHER_USER,
                id,
                &Rating {
                    after: None,
                    pain: pain(9),
                    at: at(2),
                },
            )
            .await,
        "user 2 rating user 1's session",
    );
    assert_not_found(
        store
            .finish_session(
                OTHER_USER,
                id,
                &SessionEnd {
                    ended_at: at(3),
                    status: SessionStatus::Completed,
                    pain_after: None,
                },
            )
            .await,
        "user 2 finishing user 1's session",
    );

    // User 2's own records stay theirs.
    let other_id = store
        .begin_session(OTHER_USER, &new_session(at(5)))
        .await
        .unwrap();
    let bare = bare_entry(at(5));
    store.add_pain_entry(OTHER_USER, &bare).await.unwrap();
    assert_eq!(store.sessions(OTHER_USER, None).await.unwrap().len(), 1);
    assert_eq!(
        store.sessions(OTHER_USER, None).await.unwrap()[0].id,
        other_id
    );
    assert_eq!(
        store.pain_entries(OTHER_USER, None).await.unwrap(),
        vec![bare]
    );
    assert_not_found(
        store.record_step(LOCAL_USER, other_id, &s).await,
        "user 1 recording a step in user 2's session",
    );

    // User 1's records are untouched.
    let mine = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, SessionStatus::Partial);
    assert_eq!(mine[0].ended_at, None);
    assert_eq!(mine[0].steps, vec![s]);
    assert!(mine[0].ratings.is_empty());
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        vec![full]
    );
    assert_eq!(store.profile(LOCAL_USER).await.unwrap(), profile);
    assert_eq!(
        store
            .latest_screen(LOCAL_USER)
            .await
            .unwrap()
            .and_then(|s| s.acknowledged_at),
        None
    );
}

pub async fn pain_entries_round_trip(store: &impl Store) {
    assert!(
        store
            .pain_entries(LOCAL_USER, None)
            .await
            .unwrap()
            .is_empty()
    );
    let full = full_entry(at(0));
    let bare = bare_entry(at(1));
    let mut each_reach = Vec::new();
    for (i, reach) in Reach::ALL.iter().copied().enumerate() {
        let i = i as i64;
        each_reach.push(PainEntry {
            reach: Some(reach),
            side: Some([BodySide::Left, BodySide::Right, BodySide::Both][i as usize % 3]),
            back: Some(pain(0)),
            leg: Some(pain(10)),
            qualities: vec![Quality::Ache, Quality::Burning],
            ..bare_entry(at(2 + i))
        });
    }
    store.add_pain_entry(LOCAL_USER, &full).await.unwrap();
    store.add_pain_entry(LOCAL_USER, &bare).await.unwrap();
    for e in &each_reach {
        store.add_pain_entry(LOCAL_USER, e).await.unwrap();
    }
    let mut expected = vec![full, bare];
    expected.extend(each_reach);
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        expected
    );
}

pub async fn pain_entries_since_filters_and_orders(store: &impl Store) {
    for minutes in [20, 0, 10, 10] {
        // Two at minute 10: distinct entries, each with its own id.
        let mut e = bare_entry(at(minutes));
        e.note = Some(format!("at {minutes}"));
        store.add_pain_entry(LOCAL_USER, &e).await.unwrap();
    }
    let times = |v: Vec<PainEntry>| v.into_iter().map(|e| e.at).collect::<Vec<_>>();
    assert_eq!(
        times(store.pain_entries(LOCAL_USER, None).await.unwrap()),
        vec![at(0), at(10), at(10), at(20)]
    );
    assert_eq!(
        times(store.pain_entries(LOCAL_USER, Some(at(10))).await.unwrap()),
        vec![at(10), at(10), at(20)],
        "since is inclusive"
    );
    assert!(
        store
            .pain_entries(LOCAL_USER, Some(at(21)))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn profile_defaults_then_upserts(store: &impl Store) {
    let mut stored = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!(
        (&*stored, stored.version),
        (&Profile::default(), Version(0))
    );

    let first = Profile {
        timezone: Some("Europe/Berlin".into()),
        pace: Some(1.25),
        enabled: [(exercise("bridge"), 2), (exercise("slump-glide"), 1)]
            .into_iter()
            .collect(),
        cleared_aggravating: [(exercise("cat-cow"), at(3))].into_iter().collect(),
        rescreen_requested: Some(at(4)),
        disclaimer_shown: Some(at(0)),
        // From JSON, so the suite keeps compiling as `Trial` gains fields.
        trial: Some(
            serde_json::from_value::<Trial>(serde_json::json!({
                "a": "bridge",
                "b": "cat-cow",
                "weeks": 4,
                "seed": u64::MAX,
                "started": "2026-11-26",
            }))
            .expect("a valid trial"),
        ),
        // Fields added later round-trip through the same JSON.
        ..Profile::default()
    };
    *stored = first.clone();
    store.save_profile(LOCAL_USER, &mut stored).await.unwrap();
    assert_eq!(
        stored.version,
        Version(1),
        "saving advances the version read"
    );
    assert_eq!(store.profile(LOCAL_USER).await.unwrap(), stored);

    let mut second = first;
    second.enabled.remove(&exercise("bridge"));
    second.trial = None;
    second.pace = None;
    *stored = second.clone();
    store.save_profile(LOCAL_USER, &mut stored).await.unwrap();
    assert_eq!(
        store.profile(LOCAL_USER).await.unwrap().into_inner(),
        second,
        "saving again replaces the profile"
    );
}

pub async fn screens_are_the_whole_history_oldest_first(store: &impl Store) {
    assert!(store.screens(LOCAL_USER).await.unwrap().is_empty());
    let later = screen(at(60), &[Question::Pregnancy]);
    let earlier = screen(at(0), &[Question::Cancer]);
    store.save_screen(LOCAL_USER, &later).await.unwrap();
    store.save_screen(LOCAL_USER, &earlier).await.unwrap();
    store.acknowledge_screen(LOCAL_USER, at(61)).await.unwrap();
    store
        .save_screen(OTHER_USER, &screen(at(5), &[]))
        .await
        .unwrap();
    let mut acknowledged = later;
    acknowledged.acknowledged_at = Some(at(61));
    assert_eq!(
        store.screens(LOCAL_USER).await.unwrap(),
        vec![earlier, acknowledged],
        "by time taken, only this user's"
    );
}

/// A whole run as a backup holds it: 5 km ending at `end`.
pub fn imported_run(end: Timestamp, cooldown: Option<SessionId>) -> RunRecord {
    RunRecord {
        id: RunId::at(end),
        run: Run {
            start: Timestamp::from_millisecond(end.as_millisecond() - 1_800_000).unwrap(),
            end,
            sport: Sport::Running,
            distance_m: 5000.0,
            distance_source: DistanceSource::File,
            moving_s: 1750.5,
            elevation_gain_m: Some(12.0),
        },
        cooldown_session: cooldown,
    }
}

/// A whole session as a backup holds it.
pub fn whole_session(started_at: Timestamp) -> SessionRecord {
    SessionRecord {
        id: SessionId::at(started_at),
        started_at,
        ended_at: Some(Timestamp::from_millisecond(started_at.as_millisecond() + 300_000).unwrap()),
        status: SessionStatus::Completed,
        context: SessionContext {
            after_run: true,
            place: Place::Floor,
        },
        program: "runners-cool-down".into(),
        pain_before: Some(pain(5)),
        pain_after: Some(pain(3)),
        steps: vec![
            step("back-curl", None, 1, Outcome::Done, started_at),
            step(
                "lying-thigh-stretch",
                Some(Side::Left),
                2,
                Outcome::Stopped,
                started_at,
            ),
        ],
        ratings: vec![
            Rating {
                after: None,
                pain: pain(5),
                at: started_at,
            },
            Rating {
                after: Some(exercise("back-curl")),
                pain: pain(4),
                at: started_at,
            },
        ],
    }
}

pub async fn import_reads_back_equal_and_skips_stored_ids(store: &impl Store) {
    // A stored session; the import holds a changed copy of it and a new one.
    let begun = new_session(at(0));
    let stored = store.begin_session(LOCAL_USER, &begun).await.unwrap();
    let copy = SessionRecord {
        id: stored,
        ..whole_session(at(0))
    };
    let new = whole_session(at(20));
    let profile = Profile {
        timezone: Some("Europe/Oslo".into()),
        pace: Some(0.8),
        ..Profile::default()
    };
    let import = Import {
        profile: Some(profile.clone()),
        screens: vec![screen(at(1), &[Question::NeckProblem])],
        sessions: vec![copy, new.clone()],
        pain_entries: vec![full_entry(at(2)), bare_entry(at(3))],
        // Tagged as the cool-down of the stored session and of the new one.
        runs: vec![
            imported_run(at(-5), Some(stored)),
            imported_run(at(15), Some(new.id)),
        ],
    };
    store.import(LOCAL_USER, &import).await.unwrap();

    let read = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!((&*read, read.version), (&profile, Version(1)));
    assert_eq!(store.screens(LOCAL_USER).await.unwrap(), import.screens);
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        import.pain_entries
    );
    let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(sessions.len(), 2, "the stored id is stored once");
    assert_eq!(
        (sessions[0].id, sessions[0].status, sessions[0].steps.len()),
        (stored, SessionStatus::Partial, 0),
        "the stored session is untouched"
    );
    assert_eq!(
        sessions[1], new,
        "a new session reads back equal, id and all"
    );
    let runs = store.runs(LOCAL_USER, None).await.unwrap();
    assert_eq!(runs, import.runs, "runs keep their ids and tags");

    // Appending to an imported session works like any other.
    store
        .record_step(
            LOCAL_USER,
            new.id,
            &step("back-curl", None, 2, Outcome::Done, at(21)),
        )
        .await
        .unwrap();
    assert_eq!(
        store.sessions(LOCAL_USER, None).await.unwrap()[1]
            .steps
            .len(),
        3
    );

    // The same import again changes no record (the profile is replaced
    // again, a new version); none in the import leaves it alone.
    let again = Import {
        screens: vec![],
        ..import.clone()
    };
    store.import(LOCAL_USER, &again).await.unwrap();
    assert_eq!(store.sessions(LOCAL_USER, None).await.unwrap().len(), 2);
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap().len(), 2);
    assert_eq!(store.runs(LOCAL_USER, None).await.unwrap(), runs);
    store.import(LOCAL_USER, &Import::default()).await.unwrap();
    let read = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!((&*read, read.version), (&profile, Version(2)));
}

/// A run of `km` kilometres starting at `start`, 6 min/km.
pub fn run_at(start: Timestamp, km: f64) -> Run {
    Run {
        start,
        end: start + jiff::SignedDuration::from_secs_f64(km * 360.0 + 30.0),
        sport: Sport::Running,
        distance_m: km * 1000.0,
        distance_source: DistanceSource::File,
        moving_s: km * 360.0,
        elevation_gain_m: Some(12.5),
    }
}

pub async fn runs_round_trip_oldest_first(store: &impl Store) {
    let later = run_at(at(60 * 24), 10.0);
    let walk = Run {
        sport: Sport::Walking,
        distance_source: DistanceSource::Points,
        elevation_gain_m: None,
        ..run_at(at(0), 2.5)
    };
    let added = store
        .add_runs(LOCAL_USER, &[later.clone(), walk.clone()])
        .await
        .unwrap();
    let ids: Vec<RunId> = added
        .iter()
        .map(|a| match a {
            RunAdded::New(id) => *id,
            RunAdded::Duplicate(id) => panic!("new runs reported as duplicate of {id}"),
        })
        .collect();
    let stored = store.runs(LOCAL_USER, None).await.unwrap();
    assert_eq!(
        stored,
        vec![
            RunRecord {
                id: ids[1],
                run: walk,
                cooldown_session: None
            },
            RunRecord {
                id: ids[0],
                run: later.clone(),
                cooldown_session: None
            },
        ]
    );
    let since = store.runs(LOCAL_USER, Some(at(60))).await.unwrap();
    assert_eq!(
        since.iter().map(|r| r.run.clone()).collect::<Vec<_>>(),
        vec![later]
    );
}

pub async fn the_same_run_is_added_once(store: &impl Store) {
    let run = run_at(at(0), 5.0);
    let [RunAdded::New(id)] = store
        .add_runs(LOCAL_USER, std::slice::from_ref(&run))
        .await
        .unwrap()[..]
    else {
        panic!("the first run is new");
    };
    // Again; from another format (other distance and end, same start
    // second); 40 s later across a minute boundary; and twice in one call.
    let other_format = Run {
        distance_m: 5040.0,
        distance_source: DistanceSource::Points,
        end: run.end + jiff::SignedDuration::from_secs(3),
        ..run.clone()
    };
    let shifted = Run {
        start: run.start + jiff::SignedDuration::from_secs(40),
        ..run.clone()
    };
    let fresh = run_at(at(180), 3.0);
    let outcomes = store
        .add_runs(
            LOCAL_USER,
            &[run.clone(), other_format, shifted, fresh.clone(), fresh],
        )
        .await
        .unwrap();
    assert_eq!(&outcomes[..3], &[RunAdded::Duplicate(id); 3]);
    let RunAdded::New(fresh_id) = outcomes[3] else {
        panic!("a run three hours later is new: {outcomes:?}");
    };
    assert_eq!(outcomes[4], RunAdded::Duplicate(fresh_id));
    assert_eq!(store.runs(LOCAL_USER, None).await.unwrap().len(), 2);
}

pub async fn runs_are_scoped(store: &impl Store) {
    let run = run_at(at(0), 5.0);
    store
        .add_runs(LOCAL_USER, std::slice::from_ref(&run))
        .await
        .unwrap();
    // The other user's identical run is theirs, not a duplicate of ours.
    let theirs = store.add_runs(OTHER_USER, &[run]).await.unwrap();
    assert!(matches!(theirs[..], [RunAdded::New(_)]), "{theirs:?}");
    assert_eq!(store.runs(OTHER_USER, None).await.unwrap().len(), 1);
    assert_eq!(store.runs(LOCAL_USER, None).await.unwrap().len(), 1);
    let session = store
        .begin_session(OTHER_USER, &new_session(at(50)))
        .await
        .unwrap();
    let mine = store.runs(LOCAL_USER, None).await.unwrap()[0].id;
    assert_not_found(
        store.tag_cooldown(LOCAL_USER, mine, session).await,
        "another user's session",
    );
    let their_run = store.runs(OTHER_USER, None).await.unwrap()[0].id;
    assert_not_found(
        store.tag_cooldown(LOCAL_USER, their_run, session).await,
        "another user's run",
    );
}

pub async fn cooldown_tag_links_a_session(store: &impl Store) {
    let run = run_at(at(0), 5.0);
    let [RunAdded::New(id)] = store.add_runs(LOCAL_USER, &[run]).await.unwrap()[..] else {
        panic!("new");
    };
    let session = store
        .begin_session(LOCAL_USER, &new_session(at(40)))
        .await
        .unwrap();
    store.tag_cooldown(LOCAL_USER, id, session).await.unwrap();
    assert_eq!(
        store.runs(LOCAL_USER, None).await.unwrap()[0].cooldown_session,
        Some(session)
    );
    assert_not_found(
        store
            .tag_cooldown(LOCAL_USER, RunId::at(at(0)), session)
            .await,
        "an unknown run",
    );
    assert_not_found(
        store
            .tag_cooldown(LOCAL_USER, id, SessionId::at(at(40)))
            .await,
        "an unknown session",
    );
}

pub async fn profile_save_checks_the_version(store: &impl Store) {
    // Two writers read the profile that was never saved.
    let mut a = store.profile(LOCAL_USER).await.unwrap();
    let mut b = store.profile(LOCAL_USER).await.unwrap();
    a.timezone = Some("Europe/Paris".into());
    b.pace = Some(1.5);
    store.save_profile(LOCAL_USER, &mut a).await.unwrap();
    match store.save_profile(LOCAL_USER, &mut b).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("a save over a newer profile: expected Conflict, got {other:?}"),
    }
    assert_eq!(
        b.version,
        Version(0),
        "a refused save leaves the version read"
    );
    assert_eq!(
        store.profile(LOCAL_USER).await.unwrap(),
        a,
        "the refused save wrote nothing"
    );

    // Re-read and retry: both changes are kept.
    let mut b = store.profile(LOCAL_USER).await.unwrap();
    b.pace = Some(1.5);
    store.save_profile(LOCAL_USER, &mut b).await.unwrap();
    // The same writer saves twice in a row: its version moved with it.
    b.disclaimer_shown = Some(at(1));
    store.save_profile(LOCAL_USER, &mut b).await.unwrap();
    let read = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!(read, b);
    assert_eq!(read.version, Version(3));
    assert_eq!(
        (read.timezone.as_deref(), read.pace),
        (Some("Europe/Paris"), Some(1.5))
    );

    // `a` is now stale too.
    a.pace = None;
    assert!(matches!(
        store.save_profile(LOCAL_USER, &mut a).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.profile(LOCAL_USER).await.unwrap(), b);
}

pub async fn writes_need_a_created_user(store: &impl Store) {
    let user = UNKNOWN_USER;
    assert_not_found(
        store.save_screen(user, &screen(at(0), &[])).await,
        "a screen",
    );
    assert_not_found(
        store.begin_session(user, &new_session(at(0))).await,
        "a session",
    );
    assert_not_found(
        store.add_pain_entry(user, &bare_entry(at(0))).await,
        "a diary entry",
    );
    let mut profile = store.profile(user).await.unwrap();
    profile.pace = Some(2.0);
    assert_not_found(store.save_profile(user, &mut profile).await, "a profile");
    assert_not_found(store.add_runs(user, &[run_at(at(0), 5.0)]).await, "runs");
    let import = Import {
        pain_entries: vec![bare_entry(at(0))],
        ..Import::default()
    };
    assert_not_found(store.import(user, &import).await, "an import");
    // Nothing was written, nor was the user made by trying.
    assert!(store.pain_entries(user, None).await.unwrap().is_empty());
    assert!(store.sessions(user, None).await.unwrap().is_empty());
    assert!(store.runs(user, None).await.unwrap().is_empty());
    assert_eq!(store.latest_screen(user).await.unwrap(), None);
    assert_not_found(
        store.add_pain_entry(user, &bare_entry(at(0))).await,
        "a diary entry, again",
    );

    // Created (twice: no error), the same writes work.
    store.create_user(user).await.unwrap();
    store.create_user(user).await.unwrap();
    let entry = bare_entry(at(0));
    store.add_pain_entry(user, &entry).await.unwrap();
    store
        .begin_session(user, &new_session(at(0)))
        .await
        .unwrap();
    store.save_profile(user, &mut profile).await.unwrap();
    assert_eq!(store.pain_entries(user, None).await.unwrap(), vec![entry]);
    assert_eq!(store.sessions(user, None).await.unwrap().len(), 1);
    assert_eq!(store.profile(user).await.unwrap().pace, Some(2.0));
}

pub async fn inserts_are_idempotent_by_id(store: &impl Store) {
    // A session begun, a hold and a rating recorded, each sent twice (a
    // retry after a lost reply).
    let begun = new_session(at(0));
    let id = store.begin_session(LOCAL_USER, &begun).await.unwrap();
    assert_eq!(id, begun.id, "the caller's id");
    let retried = NewSession {
        program: "changed on the way".into(),
        ..begun.clone()
    };
    assert_eq!(store.begin_session(LOCAL_USER, &retried).await.unwrap(), id);
    let hold = step("cat-cow", None, 1, Outcome::Done, at(1));
    let rating = Rating {
        after: Some(exercise("cat-cow")),
        pain: pain(3),
        at: at(1),
    };
    for _ in 0..2 {
        store.record_step(LOCAL_USER, id, &hold).await.unwrap();
        store.record_rating(LOCAL_USER, id, &rating).await.unwrap();
    }
    // The same exercise held again later is a new hold.
    let again = step("cat-cow", None, 2, Outcome::Done, at(2));
    store.record_step(LOCAL_USER, id, &again).await.unwrap();
    let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(sessions.len(), 1, "one session");
    assert_eq!(sessions[0].program, begun.program, "the first write stands");
    assert_eq!(sessions[0].steps, vec![hold, again]);
    assert_eq!(sessions[0].ratings, vec![rating]);

    // A diary entry sent twice is stored once.
    let entry = full_entry(at(5));
    assert!(
        store.add_pain_entry(LOCAL_USER, &entry).await.unwrap(),
        "stored now"
    );
    let moved = PainEntry {
        at: at(900),
        ..entry.clone()
    };
    assert!(
        !store.add_pain_entry(LOCAL_USER, &moved).await.unwrap(),
        "stored before, whatever else changed"
    );
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        vec![entry.clone()]
    );

    // Another user cannot take the ids: refused, nothing changes.
    match store.begin_session(OTHER_USER, &begun).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("another user's session id: expected Conflict, got {other:?}"),
    }
    match store.add_pain_entry(OTHER_USER, &entry).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("another user's entry id: expected Conflict, got {other:?}"),
    }
    assert!(store.sessions(OTHER_USER, None).await.unwrap().is_empty());
    assert!(
        store
            .pain_entries(OTHER_USER, None)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn pages_go_newest_first_without_gaps_or_repeats(store: &impl Store) {
    // Seven sessions and entries; three share one instant (the id breaks ties).
    let minutes = [0, 10, 20, 20, 20, 30, 40];
    for m in minutes {
        let begun = new_session(at(m));
        store.begin_session(LOCAL_USER, &begun).await.unwrap();
        store
            .add_pain_entry(LOCAL_USER, &bare_entry(at(m)))
            .await
            .unwrap();
    }
    store
        .begin_session(OTHER_USER, &new_session(at(50)))
        .await
        .unwrap();

    let mut all = store.sessions(LOCAL_USER, None).await.unwrap();
    all.reverse();
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = store.session_page(LOCAL_USER, before, 3).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        before = Some(Cursor::from(last));
        paged.extend(page);
    }
    assert_eq!(
        paged, all,
        "pages of 3 give every session once, newest first"
    );
    assert_eq!(
        store
            .session_page(LOCAL_USER, None, 2)
            .await
            .unwrap()
            .iter()
            .map(|s| s.started_at)
            .collect::<Vec<_>>(),
        vec![at(40), at(30)]
    );

    let mut entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    entries.reverse();
    let mut paged = Vec::new();
    let mut before: Option<Cursor<PainEntryId>> = None;
    loop {
        let page = store.pain_entry_page(LOCAL_USER, before, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.into());
        paged.extend(page);
    }
    assert_eq!(paged.len(), minutes.len());
    assert_eq!(
        paged, entries,
        "pages of 2 give every entry once, newest first"
    );
    assert_eq!(
        store.latest_pain_entry(LOCAL_USER).await.unwrap().as_ref(),
        entries.first()
    );
    assert_eq!(store.latest_pain_entry(OTHER_USER).await.unwrap(), None);
}

pub async fn deleted_records_are_tombstones(store: &impl Store) {
    let kept = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let begun = new_session(at(10));
    let gone = store.begin_session(LOCAL_USER, &begun).await.unwrap();
    let old = bare_entry(at(0));
    let newest = bare_entry(at(10));
    store.add_pain_entry(LOCAL_USER, &old).await.unwrap();
    store.add_pain_entry(LOCAL_USER, &newest).await.unwrap();

    // Another user cannot delete them.
    assert_not_found(
        store.delete_session(OTHER_USER, gone, at(11)).await,
        "another user's session",
    );
    assert_not_found(
        store.delete_pain_entry(OTHER_USER, newest.id, at(11)).await,
        "another user's entry",
    );
    assert_eq!(store.sessions(LOCAL_USER, None).await.unwrap().len(), 2);

    store
        .delete_session(LOCAL_USER, gone, at(11))
        .await
        .unwrap();
    store
        .delete_pain_entry(LOCAL_USER, newest.id, at(11))
        .await
        .unwrap();
    // Deleting again is no error.
    store
        .delete_session(LOCAL_USER, gone, at(12))
        .await
        .unwrap();
    store
        .delete_pain_entry(LOCAL_USER, newest.id, at(12))
        .await
        .unwrap();

    let ids = |v: Vec<SessionRecord>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.sessions(LOCAL_USER, None).await.unwrap()),
        vec![kept]
    );
    assert_eq!(
        ids(store.session_page(LOCAL_USER, None, 10).await.unwrap()),
        vec![kept]
    );
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        vec![old.clone()]
    );
    assert_eq!(
        store.pain_entry_page(LOCAL_USER, None, 10).await.unwrap(),
        vec![old.clone()]
    );
    assert_eq!(
        store.latest_pain_entry(LOCAL_USER).await.unwrap(),
        Some(old.clone())
    );

    // A deleted session takes no more writes...
    assert_not_found(
        store
            .record_step(
                LOCAL_USER,
                gone,
                &step("cat-cow", None, 1, Outcome::Done, at(13)),
            )
            .await,
        "a step in a deleted session",
    );
    assert_not_found(
        store
            .finish_session(
                LOCAL_USER,
                gone,
                &SessionEnd {
                    ended_at: at(13),
                    status: SessionStatus::Completed,
                    pain_after: None,
                },
            )
            .await,
        "finishing a deleted session",
    );
    // ...and a retried or synced insert of the same id does not bring
    // either record back.
    store.begin_session(LOCAL_USER, &begun).await.unwrap();
    store.add_pain_entry(LOCAL_USER, &newest).await.unwrap();
    let import = Import {
        sessions: vec![SessionRecord {
            id: gone,
            ..whole_session(at(10))
        }],
        pain_entries: vec![newest],
        ..Import::default()
    };
    store.import(LOCAL_USER, &import).await.unwrap();
    assert_eq!(
        ids(store.sessions(LOCAL_USER, None).await.unwrap()),
        vec![kept]
    );
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        vec![old]
    );
}
