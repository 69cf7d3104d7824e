//! The session script a page runs offline, the replay of its event log
//! through the engine, and storing the result: the web's one path from a
//! browser session to the records.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use limber_app::replay::{self, EventLog, EventType, LoggedEvent};
use limber_app::session_log::{self, PostedSession, SessionLogError};
use limber_app::session_script::{self, Context, PlanInputs, ScriptError, Where};
use limber_core::Catalog;
use limber_core::diary::{Outcome, SessionStatus};
use limber_core::safety::ScreenRecord;
use limber_core::session::{GetReady, StopReason};
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;
use uuid::Uuid;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn inputs(get_ready: u32) -> PlanInputs {
    PlanInputs {
        context: Context::AfterRun,
        place: Where::Floor,
        minutes: None,
        get_ready: Some(get_ready),
    }
}

fn ev(at_ms: u64, kind: EventType, value: Option<i64>) -> LoggedEvent {
    LoggedEvent { at_ms, kind, value }
}

fn log(events: Vec<LoggedEvent>) -> replay::CheckedLog {
    EventLog {
        pain_before: Some(2),
        events,
        ended_at_ms: None,
    }
    .check()
    .unwrap()
}

#[test]
fn the_script_carries_every_hold_with_the_engines_own_cues_and_timeline() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let script = session_script::compile(&routine, inputs(5), GetReady::Timed(5));
    assert_eq!(script.steps.len(), routine.steps.len());
    assert_eq!(script.get_ready_ms, Some(5000));
    assert_eq!(script.stop_rules.max_pain_during_hold, 5);
    assert_eq!(script.stop_rules.max_rise_from_first_rating, 2);
    for (step, planned) in script.steps.iter().zip(&routine.steps) {
        assert_eq!(step.exercise, planned.exercise.to_string());
        assert_eq!(step.holds.len(), planned.holds().len());
        assert!(step.get_ready.is_some(), "{}", step.name);
        if step.sided {
            assert_eq!(step.side_pattern.len(), step.holds.len());
        }
        for (i, hold) in step.holds.iter().enumerate() {
            let start = hold.start.as_ref().expect("a start cue");
            let end = hold.end.as_ref().expect("an end cue");
            // A hold lasts its counts at the pace.
            assert_eq!(
                end.at_ms - start.at_ms,
                u64::from(step.counts) * 1000,
                "{}",
                step.name
            );
            assert_eq!(hold.counts.len(), 5.min(step.counts as usize - 1));
            assert_eq!(hold.switch.is_some(), i + 1 < step.holds.len());
            assert!(!hold.next.is_empty());
        }
    }
    assert_eq!(
        script.steps.last().unwrap().holds.last().unwrap().next,
        "Finish"
    );
    let finish = script.finish.expect("the routine's end");
    assert_eq!(finish.at_ms, script.estimate_ms);
    assert_eq!(session_script::digest(&routine), script.digest);
}

#[test]
fn an_empty_log_runs_the_routine_to_its_end() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let holds: usize = routine.steps.iter().map(|s| s.holds().len()).sum();
    let estimate = routine.estimate();
    let r = replay::replay(
        routine,
        at("2026-11-20T07:00:00Z"),
        GetReady::Timed(5),
        &log(vec![]),
    );
    assert_eq!(r.status, SessionStatus::Completed);
    assert_eq!(r.steps().count(), holds);
    assert!(r.steps().all(|s| s.outcome == Outcome::Done));
    assert_eq!(r.ended, estimate);
    assert_eq!(r.ratings().count(), 1, "the rating before the start");
}

#[test]
fn a_log_that_ends_early_is_a_quit_at_that_time() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let checked = EventLog {
        pain_before: None,
        events: vec![],
        ended_at_ms: Some(30_000),
    }
    .check()
    .unwrap();
    let r = replay::replay(
        routine,
        at("2026-11-20T07:00:00Z"),
        GetReady::Timed(5),
        &checked,
    );
    assert_eq!(r.status, SessionStatus::Partial);
    assert_eq!(r.ended, Duration::from_secs(30));
}

#[test]
fn an_event_after_the_routines_end_leaves_the_end_at_the_last_deadline() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let estimate = routine.estimate();
    let late = u64::try_from(estimate.as_millis()).unwrap() + 90_000;
    let r = replay::replay(
        routine,
        at("2026-11-20T07:00:00Z"),
        GetReady::Timed(5),
        &log(vec![ev(late, EventType::Pause, None)]),
    );
    assert_eq!(r.status, SessionStatus::Completed);
    assert_eq!(r.ended, estimate, "not the pause 90 s later");
    let finished = r.records.iter().find_map(|rec| match rec {
        replay::Record::Finished(_, at) => Some(*at),
        _ => None,
    });
    assert_eq!(finished, Some(r.ended_at()));
}

#[test]
fn spreading_in_a_hold_stops_it_and_a_rise_of_two_stops_the_next() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let first = routine.steps[0].exercise.to_string();
    let r = replay::replay(
        routine,
        at("2026-11-20T07:00:00Z"),
        GetReady::Timed(5),
        &log(vec![
            ev(7000, EventType::Spreading, None),
            ev(9000, EventType::ContinueAll, None),
            // In the next exercise's first hold: 2 -> 4 is a rise of two.
            ev(16_000, EventType::Rate, Some(4)),
            ev(17_000, EventType::Quit, None),
        ]),
    );
    let view = r.view();
    let stops: Vec<_> = view
        .steps
        .iter()
        .filter(|s| s.outcome == "stopped")
        .collect();
    assert_eq!(stops.len(), 2, "{view:#?}");
    assert_eq!(stops[0].exercise, first);
    assert_eq!(stops[0].stop.as_deref(), Some("spreading"));
    assert_eq!(stops[0].at_ms, 7000);
    assert_eq!(stops[1].stop.as_deref(), Some("rise-from-baseline"));
    assert!(r.spreading());
    assert_eq!(r.status, SessionStatus::Stopped);
    assert_eq!(
        view.ratings.iter().map(|r| r.pain).collect::<Vec<_>>(),
        [2, 4]
    );
}

#[test]
fn a_second_back_within_the_scripted_window_goes_to_the_hold_before() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let step = &routine.steps[0];
    assert!(step.holds().len() >= 2);
    // Into the second hold of the first exercise.
    let hold = u64::from(step.hold.value) * 1000;
    let second = 5000 + hold + u64::from(step.rest.value) * 1000 + 1000;
    // The first hold done after two presses of "back".
    let first_done_after = |gap: u64| {
        let r = replay::replay(
            routine.clone(),
            at("2026-11-20T07:00:00Z"),
            GetReady::Timed(5),
            &log(vec![
                ev(second, EventType::Back, None),
                ev(second + gap, EventType::Back, None),
            ]),
        );
        let after = at("2026-11-20T07:00:00Z") + Duration::from_millis(second + gap);
        let s = r
            .steps()
            .find(|s| s.at > after && s.outcome == Outcome::Done)
            .unwrap();
        (s.side, s.rep)
    };
    let holds = step.holds();
    let within = session_script::BACK_AGAIN_MS;
    assert_eq!(first_done_after(within), (holds[0].side, holds[0].rep));
    assert_eq!(first_done_after(within + 1), (holds[1].side, holds[1].rep));
}

#[test]
fn a_red_flag_ends_the_session_stopped() {
    let catalog = Catalog::builtin();
    let routine = replay::fresh_routine(&catalog, &inputs(5)).unwrap();
    let r = replay::replay(
        routine,
        at("2026-11-20T07:00:00Z"),
        GetReady::Timed(5),
        &log(vec![ev(8000, EventType::RedFlag, None)]),
    );
    assert!(r.red_flag());
    assert_eq!(r.status, SessionStatus::Stopped);
    assert_eq!(
        r.view().steps[0].stop.as_deref(),
        Some("red-flag"),
        "{:?}",
        r.view()
    );
}

#[test]
fn a_bad_log_names_the_field() {
    let bad = |events: Vec<LoggedEvent>| {
        EventLog {
            pain_before: None,
            events,
            ended_at_ms: None,
        }
        .check()
        .unwrap_err()
        .field
    };
    assert_eq!(
        bad(vec![
            ev(10, EventType::Pause, None),
            ev(5, EventType::Resume, None)
        ]),
        "events[1].at_ms"
    );
    assert_eq!(
        bad(vec![ev(10, EventType::Rate, Some(11))]),
        "events[0].value"
    );
    assert_eq!(bad(vec![ev(10, EventType::Rate, None)]), "events[0].value");
    assert_eq!(
        bad(vec![ev(10, EventType::Skip, Some(1))]),
        "events[0].value"
    );
    assert_eq!(
        bad(vec![ev(10, EventType::Pace, Some(99))]),
        "events[0].value"
    );
    let e = EventLog {
        pain_before: Some(-1),
        ..EventLog::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(e.field, "pain_before");
}

async fn screened(when: &str) -> SqliteStore {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let record = ScreenRecord::new(at(when), &BTreeMap::new(), true).unwrap();
    store.save_screen(LOCAL_USER, &record).await.unwrap();
    store
}

fn posted(started_at: &str, digest: Option<String>, events: Vec<LoggedEvent>) -> PostedSession {
    PostedSession {
        id: Uuid::now_v7(),
        started_at: at(started_at),
        plan: inputs(5),
        script_digest: digest,
        pain_before: Some(2),
        events,
        ended_at_ms: None,
        pain_after: Some(1),
    }
}

#[tokio::test]
async fn no_script_and_nothing_stored_before_the_first_screen() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let catalog = Catalog::builtin();
    let now = at("2026-11-20T07:00:00Z");
    let err = session_script::session_script(&store, LOCAL_USER, &catalog, now, inputs(5))
        .await
        .unwrap_err();
    let ScriptError::Blocked(block) = err else {
        panic!("{err}")
    };
    assert_eq!(block.kind, "no-screen");
    let err = session_log::record(
        &store,
        LOCAL_USER,
        &catalog,
        now,
        &posted("2026-11-20T06:30:00Z", None, vec![]),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, SessionLogError::Blocked(_)), "{err}");
    assert!(store.sessions(LOCAL_USER, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_posted_log_is_stored_once_with_the_engines_records() {
    let store = screened("2026-11-19T07:00:00Z").await;
    let catalog = Catalog::builtin();
    let now = at("2026-11-20T07:00:00Z");
    let script = session_script::session_script(&store, LOCAL_USER, &catalog, now, inputs(5))
        .await
        .unwrap();
    let post = posted(
        "2026-11-20T06:30:00Z",
        Some(script.digest.clone()),
        vec![
            ev(7000, EventType::Spreading, None),
            ev(8000, EventType::Quit, None),
        ],
    );
    let first = session_log::record(&store, LOCAL_USER, &catalog, now, &post)
        .await
        .unwrap();
    assert!(first.created);
    assert_eq!(first.id, post.id);
    assert_eq!(first.result.status, SessionStatus::Stopped);
    assert_eq!(first.pain_before, Some(2));
    assert!(first.changes.rescreen_requested);
    let stopped = stored_first_exercise(&first);
    assert!(
        first
            .changes
            .newly_aggravating
            .iter()
            .any(|l| l.exercise == stopped),
        "{first:#?}"
    );
    let again = session_log::record(&store, LOCAL_USER, &catalog, now, &post)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.result, first.result);
    let stored = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].steps[0].reason.as_ref().and_then(|r| r.stop()),
        Some(StopReason::Spreading)
    );
    // The spreading stop asks for the screen again before the next script.
    let err = session_script::session_script(&store, LOCAL_USER, &catalog, now, inputs(5))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ScriptError::Blocked(ref b) if b.kind == "rescreen"),
        "{err}"
    );
}

fn stored_first_exercise(r: &session_log::RecordedSession) -> String {
    r.result.steps[0].exercise.clone()
}

#[tokio::test]
async fn a_red_flag_in_a_posted_log_locks_the_next_script_with_the_emergency_list() {
    let store = screened("2026-11-19T07:00:00Z").await;
    let catalog = Catalog::builtin();
    let now = at("2026-11-20T07:00:00Z");
    let post = posted(
        "2026-11-20T06:30:00Z",
        None,
        vec![ev(8000, EventType::RedFlag, None)],
    );
    let r = session_log::record(&store, LOCAL_USER, &catalog, now, &post)
        .await
        .unwrap();
    assert!(r.changes.locked);
    assert!(r.result.red_flag);
    // Recorded as the terminal records one: no closing "pain now" after
    // red-flag symptoms, however the page asked it.
    assert_eq!(r.pain_after, None);
    assert!(r.result.ratings.iter().all(|x| x.after.is_none()), "{r:#?}");
    let err = session_script::session_script(&store, LOCAL_USER, &catalog, now, inputs(5))
        .await
        .unwrap_err();
    let ScriptError::Blocked(block) = err else {
        panic!("{err}")
    };
    assert_eq!(block.kind, "locked");
    assert!(block.emergency.unwrap().contains("bladder"));
}

#[tokio::test]
async fn a_digest_that_no_longer_matches_stores_nothing() {
    let store = screened("2026-11-19T07:00:00Z").await;
    let catalog = Catalog::builtin();
    let now = at("2026-11-20T07:00:00Z");
    let err = session_log::record(
        &store,
        LOCAL_USER,
        &catalog,
        now,
        &posted("2026-11-20T06:30:00Z", Some("0000".into()), vec![]),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, SessionLogError::PlanChanged { .. }), "{err}");
    assert!(store.sessions(LOCAL_USER, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_session_from_the_future_is_refused_by_field() {
    let store = screened("2026-11-19T07:00:00Z").await;
    let catalog = Catalog::builtin();
    let err = session_log::record(
        &store,
        LOCAL_USER,
        &catalog,
        at("2026-11-20T07:00:00Z"),
        &posted("2026-11-20T08:00:00Z", None, vec![]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            SessionLogError::Input {
                field: "started_at",
                ..
            }
        ),
        "{err}"
    );
}
