//! The page's session player (assets/player.js, run by node) and the core
//! engine (through the server's replay) must make the same records of the
//! same event logs: the same holds with the same outcomes, reasons and
//! times, the same ratings, the same cues at the same times, the same end.
//! The logs are generated from fixed seeds over several routines, paces and
//! get-ready modes, with events often landing exactly on a deadline.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use jiff::Timestamp;
use limber_app::replay::{EventLog, EventType, LoggedEvent, replay};
use limber_app::session_script::{PlanInputs, SessionScript, compile};
use limber_core::catalog::Condition;
use limber_core::diary::{Place, SessionContext};
use limber_core::plan::{Pace, Personal, PlanRequest, Routine, plan};
use limber_core::session::{CueKind, Event, GetReady, Output, Session};
use limber_core::{Catalog, ExerciseId};
use serde_json::{Value, json};

const LOGS_PER_ROUTINE: usize = 120;

struct Case {
    name: String,
    routine: Routine,
    get_ready: GetReady,
}

fn routine(
    place: Place,
    after_run: bool,
    minutes: Option<u32>,
    pace: f64,
    personal: &Personal,
) -> Routine {
    let catalog = Catalog::builtin();
    plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext { after_run, place },
        minutes,
        pace: Pace::new(pace).expect("a valid pace"),
        personal,
    })
    .expect("the default program plans")
}

fn cases() -> Vec<Case> {
    let none = Personal::default();
    let full_curl = Personal {
        enabled: vec![(ExerciseId::new("full-back-curl").unwrap(), 1)],
        ..Personal::default()
    };
    let bending = Personal {
        conditions: vec![Condition::BendingForward],
        ..Personal::default()
    };
    let timed = GetReady::default();
    let wait = GetReady::WaitForUser;
    let mut cases = vec![
        (
            "floor",
            routine(Place::Floor, false, None, 1.0, &none),
            timed,
        ),
        (
            "floor after a run",
            routine(Place::Floor, true, None, 1.0, &none),
            timed,
        ),
        ("wall", routine(Place::Wall, false, None, 1.0, &none), timed),
        (
            "standing",
            routine(Place::Standing, false, None, 1.0, &none),
            timed,
        ),
        (
            "floor, 3 minutes",
            routine(Place::Floor, false, Some(3), 1.0, &none),
            timed,
        ),
        (
            "floor, pace 0.7",
            routine(Place::Floor, false, None, 0.7, &none),
            timed,
        ),
        (
            "floor, pace 1.3",
            routine(Place::Floor, false, None, 1.3, &none),
            timed,
        ),
        (
            "wall, pace 2.0",
            routine(Place::Wall, false, None, 2.0, &none),
            timed,
        ),
        (
            "floor, full back curl",
            routine(Place::Floor, false, None, 1.0, &full_curl),
            timed,
        ),
        (
            "floor, bending forward",
            routine(Place::Floor, false, None, 1.0, &bending),
            timed,
        ),
        (
            "floor, wait for ready",
            routine(Place::Floor, false, None, 1.0, &none),
            wait,
        ),
        (
            "wall, wait for ready",
            routine(Place::Wall, false, None, 1.1, &none),
            wait,
        ),
    ];
    cases.push((
        "floor, get ready 3 s",
        routine(Place::Floor, false, None, 1.0, &full_curl),
        GetReady::Timed(3),
    ));
    cases
        .into_iter()
        .map(|(name, routine, get_ready)| Case {
            name: name.to_string(),
            routine,
            get_ready,
        })
        .collect()
}

/// One kind of event, with a random value where it carries one.
type MakeEvent = fn(&mut fastrand::Rng) -> (EventType, Option<i64>);

/// One generated log: events at random times, a good share of them on whole
/// seconds (where deadlines fall at pace 1) or close behind the one before.
fn log(rng: &mut fastrand::Rng, estimate_ms: u64, wait: bool) -> EventLog {
    let horizon = estimate_ms * 13 / 10 + 5_000;
    let n = rng.usize(0..40);
    let mut times = Vec::with_capacity(n);
    let mut prev = 0;
    for _ in 0..n {
        let t = match rng.u8(0..10) {
            0..=5 => rng.u64(0..horizon),
            6..=7 => rng.u64(0..horizon / 1000) * 1000,
            _ => prev + rng.u64(0..2_500),
        };
        prev = t;
        times.push(t);
    }
    times.sort_unstable();
    let pain_before = (rng.u8(0..100) < 25).then(|| rng.i64(0..=10));
    let ready_weight = if wait { 30 } else { 2 };
    let kinds: [(u32, MakeEvent); 17] = [
        (20, |r| (EventType::Rate, Some(r.i64(0..=10)))),
        (8, |_| (EventType::Pause, None)),
        (8, |_| (EventType::Resume, None)),
        (3, |_| (EventType::TogglePause, None)),
        (0, |_| (EventType::Ready, None)),
        (5, |_| (EventType::Skip, None)),
        (8, |_| (EventType::Back, None)),
        (4, |r| (EventType::Pace, Some(r.i64(-6..=6)))),
        (6, |_| (EventType::HurtsMore, None)),
        (2, |_| (EventType::Spreading, None)),
        (2, |_| (EventType::SharpPain, None)),
        (3, |_| (EventType::Centralizing, None)),
        (8, |_| (EventType::Continue, None)),
        (3, |_| (EventType::ContinueAll, None)),
        (3, |_| (EventType::Gentlest, None)),
        (1, |_| (EventType::RedFlag, None)),
        (1, |_| (EventType::Quit, None)),
    ];
    let weight = |i: usize, w: u32| if i == 4 { ready_weight } else { w };
    let total: u32 = kinds
        .iter()
        .enumerate()
        .map(|(i, (w, _))| weight(i, *w))
        .sum();
    let mut events = Vec::new();
    for at_ms in times {
        let mut pick = rng.u32(0..total);
        for (i, (w, make)) in kinds.iter().enumerate() {
            let w = weight(i, *w);
            if pick < w {
                let (kind, value) = make(rng);
                events.push(LoggedEvent { at_ms, kind, value });
                break;
            }
            pick -= w;
        }
    }
    let last = events.last().map_or(0, |e| e.at_ms);
    let ended_at_ms = match rng.u8(0..10) {
        0 => None,
        1..=3 => Some(last),
        4..=5 => Some(last + rng.u64(0..60_000)),
        _ => Some(last.max(horizon) + 3_600_000),
    };
    EventLog {
        pain_before,
        events,
        ended_at_ms,
    }
}

fn started_at() -> Timestamp {
    "2026-11-26T07:30:00Z".parse().unwrap()
}

/// Every cue with its time from a plain run of the engine: the events in
/// order, a tick at the end, a quit there if the session is still going.
/// The page speaks and shows these, so their times must agree too.
fn plain_cues(routine: &Routine, mode: GetReady, log: &EventLog) -> Value {
    let checked = log.check().expect("generated logs are well formed");
    let mut session = Session::new(routine.clone(), started_at()).with_get_ready(mode);
    let mut out = Vec::new();
    if let Some(p) = checked.pain_before {
        out.extend(session.rate_before_start(p));
    }
    let mut last = Duration::ZERO;
    for &(at, event) in &checked.events {
        last = at;
        out.extend(session.handle(event, at));
    }
    let end = checked.ended_at.unwrap_or_default().max(last);
    out.extend(session.tick(end));
    if !session.is_finished() {
        out.extend(session.handle(Event::Quit, end));
    }
    let cues: Vec<Value> = out
        .iter()
        .filter_map(|o| match o {
            Output::Cue(c) => Some(c),
            _ => None,
        })
        .map(|c| {
            let mut v = serde_json::to_value(c).unwrap();
            let remaining = match c.kind {
                CueKind::Count { remaining } => json!(remaining),
                _ => Value::Null,
            };
            json!({
                "kind": v["kind"].take(),
                "at_ns": u64::try_from(c.at.as_nanos()).unwrap(),
                "remaining": remaining,
            })
        })
        .collect();
    Value::Array(cues)
}

fn run_player(input: &Value) -> Vec<Value> {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/run_player.js");
    let mut child = Command::new("node")
        .arg(&harness)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node (Node.js 20) must be installed to test the page's session player");
    let body = serde_json::to_vec(input).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&body));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "the player harness failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the harness prints JSON")
}

/// The first place two results differ, for a readable failure.
fn first_difference(js: &Value, rust: &Value, path: &str) -> Option<String> {
    if js == rust {
        return None;
    }
    match (js, rust) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                if let Some(d) =
                    first_difference(a.get(k).unwrap_or(&Value::Null), v, &format!("{path}.{k}"))
                {
                    return Some(d);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let (x, y) = (
                    a.get(i).unwrap_or(&Value::Null),
                    b.get(i).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(x, y, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
        }
        _ => {}
    }
    Some(format!("{path}: player {js}, engine {rust}"))
}

fn script(routine: &Routine, mode: GetReady) -> SessionScript {
    compile(routine, PlanInputs::default(), mode)
}

#[test]
fn the_page_player_and_the_engine_store_the_same_of_every_generated_log() {
    let cases = cases();
    let mut rng = fastrand::Rng::with_seed(0x11b3_7e55);
    let mut inputs = Vec::new();
    let mut expected = Vec::new();
    for case in &cases {
        let script = script(&case.routine, case.get_ready);
        let wait = case.get_ready == GetReady::WaitForUser;
        let logs: Vec<EventLog> = (0..LOGS_PER_ROUTINE)
            .map(|_| log(&mut rng, script.estimate_ms, wait))
            .collect();
        for (i, l) in logs.iter().enumerate() {
            let checked = l.check().expect("generated logs are well formed");
            let view = replay(case.routine.clone(), started_at(), case.get_ready, &checked).view();
            let engine = json!({
                "view": serde_json::to_value(view).unwrap(),
                "cues": plain_cues(&case.routine, case.get_ready, l),
            });
            expected.push((case.name.as_str(), i, l.clone(), engine));
        }
        inputs.push(json!({ "script": script, "logs": logs }));
    }
    let results = run_player(&json!({ "cases": inputs }));
    assert_eq!(results.len(), expected.len(), "one result per log");

    // What the logs reached, so a generator that never reaches a rule fails.
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for ((name, i, log, engine), js) in expected.iter().zip(&results) {
        if let Some(d) = first_difference(js, engine, "") {
            panic!(
                "case {name:?}, log {i}: {d}\nlog: {}",
                serde_json::to_string(log).unwrap()
            );
        }
        let view = &engine["view"];
        let steps = view["steps"].as_array().unwrap();
        let count = |pred: &dyn Fn(&Value) -> bool| steps.iter().filter(|s| pred(s)).count();
        let mut note = |what, n| *seen.entry(what).or_default() += n;
        note("done", count(&|s| s["outcome"] == "done"));
        for stop in [
            "pain-above-five",
            "rise-from-baseline",
            "spreading",
            "sharp-pain",
            "red-flag",
        ] {
            note(stop, count(&|s| s["stop"] == stop));
        }
        let reason =
            |s: &Value, words: &str| s["reason"].as_str().is_some_and(|r| r.contains(words));
        note("left out", count(&|s| reason(s, "left out after")));
        note("hurts more twice", count(&|s| reason(s, "kept rising")));
        note("completed", usize::from(view["status"] == "completed"));
        // The routine ended on a deadline that a later event caught up:
        // the end is the deadline's time, in both.
        let last_event = log.events.last().map_or(0, |e| e.at_ms);
        note(
            "ended before a later event",
            usize::from(
                view["status"] == "completed"
                    && view["ended_ms"].as_u64().is_some_and(|e| e < last_event),
            ),
        );
        note("stopped", usize::from(view["status"] == "stopped"));
        let cues = engine["cues"].as_array().unwrap();
        note(
            "counts",
            cues.iter().filter(|c| c["kind"] == "count").count(),
        );
        note("back", cues.iter().filter(|c| c["kind"] == "back").count());
        note(
            "paused",
            cues.iter().filter(|c| c["kind"] == "paused").count(),
        );
        note(
            "pace",
            cues.iter().filter(|c| c["kind"] == "pace-changed").count(),
        );
        note(
            "centralizing",
            cues.iter().filter(|c| c["kind"] == "centralizing").count(),
        );
        // Pain above 5/10 before any stretch halts without stopping a hold.
        let high_start = log.pain_before.is_some_and(|p| p > 5);
        note("high start", usize::from(high_start));
        note(
            "gentlest version",
            usize::from(high_start && steps.iter().any(|s| s["outcome"] == "done")),
        );
    }
    for (what, n) in &seen {
        assert!(*n > 0, "no generated log reached {what:?}: {seen:?}");
    }
}
