//! The diary, history, insights, morning check and run upload routes
//! through the whole router: status codes, shapes, every refusal, that a
//! refused request stores nothing, and that what the diary asks of the
//! next session is what the terminal's gate asks.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use limber_app::gate::{self, Block};
use limber_app::user_state::UserState;
use limber_core::Catalog;
use limber_core::diary::{SessionContext, SessionId, SessionStatus};
use limber_store::{LOCAL_USER, NewSession, SessionEnd, Store};
use limber_testutil::runfiles::{self, FitActivity, straight_track};
use serde_json::{Value, json};
use support::{HOST, NOW, ORIGIN, Server, at, server, server_on_file};

const ENTRY_ID: &str = "019aa000-0000-7000-8000-000000000001";

fn entry(id: &str, at: &str) -> Value {
    json!({
        "id": id,
        "at": at,
        "back": 3,
        "leg": 5,
        "reach": "below-knee",
        "side": "left",
        "qualities": ["ache", "burning", "ache"],
        "weakness": false,
        "morning": false,
        "note": "after the long run",
    })
}

/// A UUID v7-shaped id numbered `n`.
fn id(n: u32) -> String {
    format!("019aa000-0000-7000-8000-{n:012}")
}

async fn entries(s: &Server) -> usize {
    s.store.pain_entries(LOCAL_USER, None).await.unwrap().len()
}

async fn first_block(s: &Server) -> Option<Block> {
    let state = UserState::load(s.store.as_ref(), LOCAL_USER, at(NOW), &Catalog::builtin())
        .await
        .unwrap();
    gate::first_block(&state)
}

// ----- POST /api/v1/pain -----------------------------------------------------

#[tokio::test]
async fn a_diary_entry_is_stored_and_a_retry_answers_200_with_the_first_one() {
    let s = server().await;
    let a = s
        .post("/api/v1/pain", &entry(ENTRY_ID, "2026-11-20T06:30:00Z"))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["created"], true);
    let e = &a.body["entry"];
    assert_eq!(e["id"], ENTRY_ID);
    assert_eq!((e["back"].as_u64(), e["leg"].as_u64()), (Some(3), Some(5)));
    assert_eq!(e["reach"], "below-knee");
    assert_eq!(e["side"], "left");
    assert_eq!(
        e["qualities"],
        json!(["burning", "ache"]),
        "sorted, once each"
    );
    assert_eq!(e["note"], "after the long run");
    assert_eq!(a.body["new_symptoms"], json!([]));
    assert_eq!(a.body["rescreen_requested"], false);
    assert_eq!(a.body["diary_pause"], Value::Null);

    let mut changed = entry(ENTRY_ID, "2026-11-20T06:30:00Z");
    changed["leg"] = json!(9);
    let again = s.post("/api/v1/pain", &changed).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["created"], false);
    assert_eq!(again.body["entry"], a.body["entry"], "the first one stays");
    assert_eq!(entries(&s).await, 1);
}

#[tokio::test]
async fn every_bad_field_of_an_entry_is_named_and_nothing_is_stored() {
    let s = server().await;
    let good = entry(ENTRY_ID, "2026-11-20T06:30:00Z");
    let with = |key: &str, value: Value| {
        let mut e = good.clone();
        e[key] = value;
        e
    };
    let without = |key: &str| {
        let mut e = good.clone();
        e.as_object_mut().unwrap().remove(key);
        e
    };
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            with("back", json!(11)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "back",
        ),
        (
            with("leg", json!(-1)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "leg",
        ),
        (
            with("leg", json!("five")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "leg",
        ),
        (
            with("stiffness", json!(12)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "stiffness",
        ),
        (
            with("reach", json!("knee")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reach",
        ),
        (
            with("side", json!("middle")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "side",
        ),
        (
            with("qualities", json!(["itchy"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "qualities[0]",
        ),
        (
            with("weakness", json!("yes")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weakness",
        ),
        (
            with("id", json!("not-a-uuid")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "id",
        ),
        (without("id"), StatusCode::UNPROCESSABLE_ENTITY, "id"),
        (
            with("at", json!("yesterday")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "at",
        ),
        (
            with("at", json!("2026-11-20T08:00:00Z")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "at",
        ),
        (
            with("at", json!("2020-01-01T08:00:00Z")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "at",
        ),
        (
            with("note", json!("   ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note",
        ),
        (
            with("note", json!("x".repeat(2001))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note",
        ),
        (
            with("colour", json!("red")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "colour",
        ),
    ];
    for (body, status, field) in cases {
        let a = s.post("/api/v1/pain", &body).await;
        assert_eq!(a.status, status, "{field}: {}", a.body);
        assert!(a.is_problem(), "{field}");
        assert_eq!(a.body["field"], field, "{}", a.body);
    }
    // No pain score at all.
    let mut none = with("back", Value::Null);
    none["leg"] = Value::Null;
    let a = s.post("/api/v1/pain", &none).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "back");
    // A morning check may rate stiffness alone.
    let mut stiff = none.clone();
    stiff["morning"] = json!(true);
    stiff["stiffness"] = json!(4);
    stiff["id"] = json!(id(2));
    // The entry's fields by position, as serde would read them: refused.
    let positional = json!([ENTRY_ID, "2026-11-20T06:30:00Z", 3, 2]);
    let a = s.post("/api/v1/pain", &positional).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["field"], "body");
    assert_eq!(entries(&s).await, 0, "nothing stored by a refusal");
    let a = s.post("/api/v1/pain", &stiff).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);

    let a = s
        .post_raw("/api/v1/pain", "application/json", b"{\"id\":".to_vec())
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.is_problem());
    let a = s
        .post_raw("/api/v1/pain", "text/plain", good.to_string().into_bytes())
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(a.body["field"], "Content-Type");
    let a = s
        .post_raw("/api/v1/pain", "application/json", vec![b' '; 65 * 1024])
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(entries(&s).await, 1);
}

#[tokio::test]
async fn a_cross_origin_entry_is_refused_and_stores_nothing() {
    let s = server().await;
    let a = s
        .send(
            Request::post("/api/v1/pain")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, "http://evil.example")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(entry(ENTRY_ID, NOW).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.body["field"], "Origin");
    assert_eq!(entries(&s).await, 0);
}

#[tokio::test]
async fn new_numbness_in_both_legs_asks_for_the_screen_again_and_blocks_the_script() {
    let s = server().await;
    let mut numb = entry(ENTRY_ID, "2026-11-20T06:30:00Z");
    numb["qualities"] = json!(["numbness"]);
    numb["side"] = json!("both");
    let a = s.post("/api/v1/pain", &numb).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["new_symptoms"], json!(["numbness", "both-legs"]));
    assert_eq!(a.body["rescreen_requested"], true);
    assert!(
        a.body["emergency"]
            .as_str()
            .is_some_and(|e| e.contains("urgent")),
        "{}",
        a.body
    );
    assert_eq!(first_block(&s).await, Some(Block::Rescreen));
    let script = s.get("/api/v1/session-script").await;
    assert_eq!(script.status, StatusCode::CONFLICT);
    assert_eq!(script.body["block"]["kind"], "rescreen");
}

#[tokio::test]
async fn a_worsening_week_pauses_the_program_and_the_script_refuses_as_the_terminal_does() {
    let s = server().await;
    let mut last_week = entry(&id(1), "2026-11-12T08:00:00Z");
    last_week["leg"] = json!(2);
    last_week["back"] = json!(1);
    let a = s.post("/api/v1/pain", &last_week).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["diary_pause"], Value::Null);
    assert_eq!(first_block(&s).await, None);

    let mut this_week = entry(&id(2), "2026-11-19T08:00:00Z");
    this_week["leg"] = json!(6);
    this_week["back"] = json!(1);
    let a = s.post("/api/v1/pain", &this_week).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let pause = a.body["diary_pause"].as_str().expect("a pause");
    assert!(pause.contains("clinician"), "{pause}");
    assert_eq!(a.body["rescreen_requested"], false);

    assert!(
        matches!(first_block(&s).await, Some(Block::DiaryPause(why)) if why == pause),
        "the terminal's gate gives the same pause"
    );
    let script = s.get("/api/v1/session-script").await;
    assert_eq!(script.status, StatusCode::CONFLICT, "{}", script.body);
    assert_eq!(script.body["block"]["kind"], "diary-pause");
    assert_eq!(script.body["block"]["acknowledgeable"], true);
}

// ----- GET /api/v1/history -----------------------------------------------------

async fn add_session(s: &Server, n: u32, started: &str) -> SessionId {
    let id = SessionId::from_uuid(id(n).parse().unwrap());
    let started_at = at(started);
    s.store
        .begin_session(
            LOCAL_USER,
            &NewSession {
                id,
                started_at,
                context: SessionContext::default(),
                program: "the original post's".into(),
                pain_before: None,
            },
        )
        .await
        .unwrap();
    s.store
        .finish_session(
            LOCAL_USER,
            id,
            &SessionEnd {
                ended_at: started_at + jiff::SignedDuration::from_mins(6),
                status: SessionStatus::Completed,
                pain_after: None,
            },
        )
        .await
        .unwrap();
    id
}

/// The ids of a history page's items, newest first.
fn page_ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_newest_history_page_shows_every_write_at_once_from_this_server_or_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limber.db");
    let s = server_on_file(&path).await;
    let posted = s
        .post("/api/v1/pain", &entry(&id(1), "2026-11-19T06:30:00Z"))
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let first = s.get("/api/v1/history?limit=5").await;
    assert_eq!(page_ids(&first.body), [id(1)]);
    assert_eq!(
        s.get("/api/v1/history?limit=5").await.body,
        first.body,
        "asked again, unchanged"
    );

    // A diary entry through this server ...
    let posted = s
        .post("/api/v1/pain", &entry(&id(2), "2026-11-19T18:30:00Z"))
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    assert_eq!(
        page_ids(&s.get("/api/v1/history?limit=5").await.body),
        [id(2), id(1)]
    );

    // ... and one `limber log` made in a terminal, through its own
    // connection to the same file.
    let terminal = limber_store_sqlite::SqliteStore::open(&path).await.unwrap();
    let posted: limber_app::pain_log::PostedEntry =
        serde_json::from_value(entry(&id(3), "2026-11-20T06:00:00Z")).unwrap();
    let logged = posted
        .entry(at(NOW), limber_app::pain_log::PAGE_AHEAD)
        .unwrap();
    terminal.add_pain_entry(LOCAL_USER, &logged).await.unwrap();
    assert_eq!(
        page_ids(&s.get("/api/v1/history?limit=5").await.body),
        [id(3), id(2), id(1)]
    );

    // Another size of page is its own page; the one before it is made again.
    assert_eq!(
        page_ids(&s.get("/api/v1/history?limit=1").await.body),
        [id(3)]
    );
    assert_eq!(
        page_ids(&s.get("/api/v1/history?limit=5").await.body),
        [id(3), id(2), id(1)]
    );

    // A deleted entry leaves the page.
    terminal
        .delete_pain_entry(LOCAL_USER, logged.id, at("2026-11-20T06:30:00Z"))
        .await
        .unwrap();
    assert_eq!(
        page_ids(&s.get("/api/v1/history?limit=5").await.body),
        [id(2), id(1)]
    );
}

#[tokio::test]
async fn history_pages_run_newest_first_across_sessions_and_entries_without_gaps_or_repeats() {
    let s = server().await;
    // Entries and sessions interleaved, one entry at a session's very start.
    add_session(&s, 100, "2026-11-18T18:00:00Z").await;
    add_session(&s, 101, "2026-11-19T18:00:00Z").await;
    for (n, t) in [
        (1, "2026-11-18T08:00:00Z"),
        (2, "2026-11-18T18:00:00Z"),
        (3, "2026-11-19T08:00:00Z"),
        (4, "2026-11-20T06:00:00Z"),
        (5, "2026-11-20T06:00:00Z"),
    ] {
        let a = s.post("/api/v1/pain", &entry(&id(n), t)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    }
    let mut seen = Vec::new();
    let mut url = "/api/v1/history?limit=2".to_string();
    let mut pages = 0;
    loop {
        let a = s.get(&url).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let items = a.body["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        for i in items {
            let when = i.get("at").or(i.get("started_at")).unwrap();
            seen.push((
                i["kind"].as_str().unwrap().to_string(),
                when.as_str().unwrap().to_string(),
                i["id"].as_str().unwrap().to_string(),
            ));
        }
        pages += 1;
        match a.body["next"].as_str() {
            Some(next) => url = format!("/api/v1/history?limit=2&before={next}"),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    let order: Vec<(&str, String)> = seen
        .iter()
        .map(|(k, _, i)| (k.as_str(), i[i.len() - 3..].to_string()))
        .collect();
    assert_eq!(
        order,
        [
            ("pain", "005".to_string()),
            ("pain", "004".into()),
            ("session", "101".into()),
            ("pain", "003".into()),
            ("pain", "002".into()),
            ("session", "100".into()),
            ("pain", "001".into()),
        ],
        "{seen:?}"
    );

    // The default page holds 20.
    let a = s.get("/api/v1/history").await;
    assert_eq!(a.body["items"].as_array().unwrap().len(), 7);
    assert_eq!(a.body["next"], Value::Null);
    assert_eq!(a.body["items"][2]["status"], "completed");
}

#[tokio::test]
async fn a_bad_limit_or_cursor_is_a_400_naming_the_parameter() {
    let s = server().await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("limit=-3", "limit"),
        ("before=garbage", "before"),
        ("before=-.-", "before"),
        ("before=123_nothex.-", "before"),
        ("before=x1_019aa000000070008000000000000001.-", "before"),
        ("page=2", "page"),
    ] {
        let a = s.get(&format!("/api/v1/history?{query}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}: {}", a.body);
        assert!(a.is_problem());
        assert_eq!(a.body["field"], field, "{query}");
    }
}

// ----- GET /api/v1/stats ---------------------------------------------------------

#[tokio::test]
async fn stats_are_the_figures_of_limber_stats() {
    let s = server().await;
    for (n, t, leg) in [
        (1, "2026-11-12T08:00:00Z", 4),
        (2, "2026-11-13T08:00:00Z", 2),
    ] {
        let mut e = entry(&id(n), t);
        e["leg"] = json!(leg);
        e["back"] = Value::Null;
        s.post("/api/v1/pain", &e).await;
    }
    let a = s.get("/api/v1/stats").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let weeks = a.body["trend"]["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["entries"], 2);
    assert_eq!(weeks[0]["pain"], 3.0);
    for key in [
        "change",
        "session_change",
        "ranking",
        "adherence",
        "centralization",
        "aggravating",
        "morning",
        "running",
    ] {
        assert!(a.body.get(key).is_some(), "{key}");
    }
    let figures =
        limber_app::insights::figures(s.store.as_ref(), LOCAL_USER, at(NOW), &Catalog::builtin())
            .await
            .unwrap();
    assert_eq!(a.body, serde_json::to_value(figures.output()).unwrap());
}

// ----- GET/POST /api/v1/morning ---------------------------------------------------

fn morning(n: u32, back: Option<i64>) -> Value {
    json!({ "id": id(n), "at": "2026-11-20T06:45:00Z", "back": back, "leg": 1, "stiffness": 3 })
}

#[tokio::test]
async fn the_morning_check_is_due_after_a_session_day_and_asked_once() {
    let s = server().await;
    let a = s.get("/api/v1/morning").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["due"], false, "no session yesterday");
    assert_eq!(a.body["advice"]["advice"], "normal");

    add_session(&s, 100, "2026-11-19T18:00:00Z").await;
    assert_eq!(s.get("/api/v1/morning").await.body["due"], true);

    let a = s.post("/api/v1/morning", &morning(1, Some(2))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["due"], false, "asked today");
    let stored = s.store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].morning);
    assert_eq!(stored[0].stiffness.map(|p| p.get()), Some(3));
    assert_eq!(stored[0].at, at("2026-11-20T06:45:00Z"));

    // A retry stores nothing more.
    let again = s.post("/api/v1/morning", &morning(1, Some(2))).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(entries(&s).await, 1);
    assert_eq!(s.get("/api/v1/morning").await.body["due"], false);
}

#[tokio::test]
async fn a_bad_morning_check_names_the_field_and_stores_nothing() {
    let s = server().await;
    add_session(&s, 100, "2026-11-19T18:00:00Z").await;
    let mut future = morning(1, Some(2));
    future["at"] = json!("2026-11-21T06:45:00Z");
    let mut unknown = morning(1, Some(2));
    unknown["weakness"] = json!(true);
    for (body, field) in [
        (morning(1, Some(11)), "back"),
        (future, "at"),
        (unknown, "weakness"),
    ] {
        let a = s.post("/api/v1/morning", &body).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
        assert_eq!(a.body["field"], field);
    }
    assert_eq!(entries(&s).await, 0);
    assert_eq!(
        s.get("/api/v1/morning").await.body["due"],
        true,
        "still to ask"
    );
}

// ----- POST/GET /api/v1/runs -------------------------------------------------------

/// A GPX run of 20 points every 10 s from `start` (RFC 3339).
fn gpx_run(start: &str) -> Vec<u8> {
    runfiles::gpx(
        at(start).as_second(),
        &straight_track(20, 10),
        Some("running"),
    )
    .into_bytes()
}

async fn runs(s: &Server) -> usize {
    s.store.runs(LOCAL_USER, None).await.unwrap().len()
}

#[tokio::test]
async fn an_uploaded_run_is_stored_once_and_listed() {
    let s = server().await;
    let a = s
        .post_raw(
            "/api/v1/runs?name=morning.gpx",
            "application/octet-stream",
            gpx_run("2026-11-20T06:00:00Z"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["file"], "morning.gpx");
    assert_eq!(a.body["format"], "GPX");
    assert_eq!(a.body["imported"][0]["sport"], "running");
    assert_eq!(a.body["duplicates"], 0);

    let again = s
        .post_raw(
            "/api/v1/runs?name=again.gpx",
            "application/gpx+xml",
            gpx_run("2026-11-20T06:00:00Z"),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["imported"], json!([]));
    assert_eq!(again.body["duplicates"], 1);

    let list = s.get("/api/v1/runs").await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.body.as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], a.body["imported"][0]["id"]);
    assert_eq!(list[0]["start"], "2026-11-20T06:00:00Z");
    assert_eq!(list[0]["running"], true);
    assert_eq!(list[0]["cooldown"], Value::Null);
}

/// A long FIT recording: well over the 64 KiB every other route allows.
fn long_fit() -> Vec<u8> {
    let fit = runfiles::fit_activity(&FitActivity {
        start: at("2026-11-19T06:00:00Z").as_second(),
        points: straight_track(6000, 1),
        ..FitActivity::default()
    });
    assert!(fit.len() > 64 * 1024, "{}", fit.len());
    fit
}

#[tokio::test]
async fn a_fit_file_bigger_than_64_kib_is_taken_on_this_route_only() {
    let s = server().await;
    let a = s
        .post_raw(
            "/api/v1/runs?name=long.fit",
            "application/octet-stream",
            long_fit(),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["format"], "FIT");
    assert_eq!(runs(&s).await, 1);
    let a = s
        .post("/api/v1/pain", &json!({ "note": "x".repeat(70 * 1024) }))
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
}

#[tokio::test]
async fn a_gzipped_fit_file_is_taken_as_the_watch_exported_it() {
    use std::io::Write;
    let s = server().await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&long_fit()).unwrap();
    let a = s
        .post_raw(
            "/api/v1/runs?name=long.fit.gz",
            "application/octet-stream",
            gz.finish().unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["format"], "FIT");
    assert_eq!(runs(&s).await, 1);
}

#[tokio::test]
async fn a_bad_run_file_is_refused_naming_the_file_and_the_problem_and_stores_nothing() {
    let s = server().await;
    let fit = runfiles::fit_activity(&FitActivity {
        start: at("2026-11-19T06:00:00Z").as_second(),
        points: straight_track(20, 5),
        ..FitActivity::default()
    });
    let truncated = fit[..fit.len() / 2].to_vec();
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(gpx_run("2026-11-20T06:00:00Z"));
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<gpx><trk><type>&b;</type></trk></gpx>\n";
    for (name, bytes, problem) in [
        ("cut.fit", truncated, "cut short"),
        (
            "notes.txt",
            b"just some notes".to_vec(),
            "not a GPX, TCX or FIT file",
        ),
        ("export.gpx", zip, "zip archive"),
        ("bomb.gpx", bomb.as_bytes().to_vec(), "DOCTYPE"),
        ("empty.gpx", Vec::new(), "empty"),
    ] {
        let a = s
            .post_raw(
                &format!("/api/v1/runs?name={name}"),
                "application/octet-stream",
                bytes,
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            a.body
        );
        assert!(a.is_problem());
        let detail = a.body["detail"].as_str().unwrap();
        assert!(detail.starts_with(name), "{detail}");
        assert!(detail.contains(problem), "{name}: {detail}");
    }
    assert_eq!(runs(&s).await, 0);

    let a = s
        .post_raw(
            "/api/v1/runs?name=%01",
            "application/octet-stream",
            gpx_run(NOW),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "name");
    assert_eq!(runs(&s).await, 0);
}

#[tokio::test]
async fn a_run_file_over_the_importers_limit_is_refused_with_413() {
    let s = server().await;
    let a = s
        .send(
            Request::post("/api/v1/runs?name=huge.fit")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header(header::CONTENT_LENGTH, 64 * 1024 * 1024 + 1)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.is_problem());
    // Without a length up front, the body is cut off at the limit.
    let stream = futures_stream(vec![vec![b' '; 1 << 20]; 65]);
    let a = s
        .send(
            Request::post("/api/v1/runs?name=huge.gpx")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .body(Body::from_stream(stream))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    assert!(a.is_problem());
    assert_eq!(runs(&s).await, 0);
}

fn futures_stream(
    chunks: Vec<Vec<u8>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Chunks(std::vec::IntoIter<Vec<u8>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(Ok))
        }
    }
    Chunks(chunks.into_iter())
}

#[tokio::test]
async fn a_session_soon_after_an_uploaded_run_is_tagged_as_its_cool_down() {
    let s = server().await;
    let a = s
        .post_raw(
            "/api/v1/runs?name=run.gpx",
            "application/octet-stream",
            gpx_run("2026-11-20T06:20:00Z"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let script = s.get("/api/v1/session-script?get_ready=5").await;
    assert_eq!(script.status, StatusCode::OK, "{}", script.body);
    let note = script.body["notes"][0].as_str().unwrap_or_default();
    assert!(
        note.starts_with("The cool-down for your"),
        "{}",
        script.body["notes"]
    );
    let session_id = "019aa000-0000-7000-8000-000000000900";
    let posted = s
        .post(
            "/api/v1/sessions",
            &json!({
                "id": session_id,
                "started_at": "2026-11-20T06:40:00Z",
                "plan": script.body["plan"],
                "script_digest": script.body["digest"],
                "events": [],
            }),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let list = s.get("/api/v1/runs").await.body;
    assert_eq!(list[0]["cooldown_session"], session_id);
    assert_eq!(list[0]["cooldown"], session_id);
}

// ----- the pages ---------------------------------------------------------------------

/// The ids a script looks up (`$('id')`, `L.say('id', …)`).
fn ids_used(script: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for opener in ["$('", "L.say('", "result('"] {
        for (i, _) in script.match_indices(opener) {
            let rest = &script[i + opener.len()..];
            if let Some(end) = rest.find('\'') {
                ids.push(rest[..end].to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[tokio::test]
async fn every_element_the_diary_and_history_scripts_use_is_on_their_page() {
    let s = server().await;
    for (page, script) in [("/diary", "diary.js"), ("/history", "history.js")] {
        let html = s.text(page).await;
        assert!(html.contains(&format!("/assets/{script}")), "{page}");
        let js = s.text(&format!("/assets/{script}")).await;
        let ids = ids_used(&js);
        assert!(ids.len() > 5, "{ids:?}");
        for id in ids {
            assert!(html.contains(&format!("id=\"{id}\"")), "{page} lacks #{id}");
        }
    }
}

#[tokio::test]
async fn the_history_page_takes_run_files_by_drop_or_by_a_labelled_file_input() {
    let s = server().await;
    let html = s.text("/history").await;
    assert!(html.contains(r#"id="drop-zone""#));
    assert!(html.contains(r#"<label for="run-files">"#));
    assert!(html.contains(r#"<input type="file" id="run-files" multiple"#));
}

// ----- the OpenAPI document --------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_has_every_diary_route_with_its_errors() {
    let s = server().await;
    let doc = s.get("/api/openapi.json").await.body;
    let paths = &doc["paths"];
    for (path, method, statuses) in [
        (
            "/pain",
            "post",
            &["201", "200", "400", "413", "415", "422"][..],
        ),
        ("/history", "get", &["200", "400"][..]),
        ("/stats", "get", &["200"][..]),
        ("/morning", "get", &["200"][..]),
        ("/morning", "post", &["200", "400", "422"][..]),
        ("/runs", "get", &["200"][..]),
        ("/runs", "post", &["201", "200", "413", "422"][..]),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path}");
        for st in statuses {
            assert!(op["responses"][st].is_object(), "{method} {path} {st}");
        }
    }
    for schema in [
        "PostedEntry",
        "LoggedOutput",
        "HistoryPageOutput",
        "StatsOutput",
        "MorningView",
        "PostedMorning",
        "ImportOutput",
        "RunOutput",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let entry = &doc["components"]["schemas"]["PostedEntry"]["properties"];
    for score in ["back", "leg", "stiffness"] {
        assert_eq!(entry[score]["maximum"], 10, "{score}: {}", entry[score]);
        assert_eq!(entry[score]["minimum"], 0, "{score}");
    }
    assert_eq!(entry["note"]["maxLength"], 2000);
}
