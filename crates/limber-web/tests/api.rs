//! The API through the whole router (security layers included) on an
//! in-memory SQLite store: status codes, shapes, every refusal, and that a
//! refused request leaves the store as it was.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use limber_core::safety::ScreenRecord;
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use tower::ServiceExt;

const PORT: u16 = 7878;
const HOST: &str = "127.0.0.1:7878";
const ORIGIN: &str = "http://127.0.0.1:7878";
const NOW: &str = "2026-11-20T07:00:00Z";

struct Server {
    store: Arc<SqliteStore>,
    app: Router,
}

async fn server_with(token: Option<&str>, screened: bool) -> Server {
    let store = Arc::new(SqliteStore::open_in_memory().await.unwrap());
    if screened {
        let record = ScreenRecord::new(
            "2026-11-19T07:00:00Z".parse().unwrap(),
            &BTreeMap::new(),
            true,
        )
        .unwrap();
        store.save_screen(LOCAL_USER, &record).await.unwrap();
    }
    let opts = limber_web::Options {
        token: token.map(str::to_string),
        now: Some(NOW.parse::<Timestamp>().unwrap()),
        ..limber_web::Options::default()
    };
    let dyn_store: Arc<dyn Store> = store.clone();
    Server {
        app: limber_web::app(dyn_store, &opts, PORT),
        store,
    }
}

async fn server() -> Server {
    server_with(None, true).await
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

impl Server {
    async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Answer {
        self.send(
            Request::get(uri)
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post(&self, uri: &str, body: &Value) -> Answer {
        self.send(
            Request::post(uri)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    async fn sessions(&self) -> usize {
        self.store.sessions(LOCAL_USER, None).await.unwrap().len()
    }
}

fn is_problem(a: &Answer) -> bool {
    a.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        == Some("application/problem+json")
        && a.body["status"] == a.status.as_u16()
}

fn session_body(script: &Value, events: &Value) -> Value {
    json!({
        "id": "0193a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b",
        "started_at": "2026-11-20T06:30:00Z",
        "plan": script["plan"],
        "script_digest": script["digest"],
        "pain_before": 2,
        "events": events,
        "pain_after": 1,
    })
}

#[tokio::test]
async fn the_session_script_carries_the_routine_and_the_stop_rules() {
    let s = server().await;
    let a = s
        .get("/api/v1/session-script?context=after-run&where=floor&get_ready=5")
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["version"], 1);
    assert_eq!(a.body["plan"]["context"], "after-run");
    assert_eq!(a.body["plan"]["get_ready"], 5);
    assert_eq!(a.body["get_ready_ms"], 5000);
    assert_eq!(a.body["stop_rules"]["max_pain_during_hold"], 5);
    let steps = a.body["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for step in steps {
        assert!(step["why"].as_str().is_some_and(|w| !w.is_empty()));
        assert!(step["holds"][0]["start"]["speak"].is_string());
    }
    assert!(a.body["left_out"][0]["why"].is_string());
}

#[tokio::test]
async fn a_users_first_script_waits_for_ready_by_default() {
    let s = server().await;
    let a = s.get("/api/v1/session-script").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["get_ready_ms"], Value::Null);
    assert_eq!(a.body["plan"]["get_ready"], 0);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let s = server().await;
    for a in [
        s.get("/api/v1/session-script").await,
        s.get("/nowhere").await,
    ] {
        let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(a.headers[header::REFERRER_POLICY], "no-referrer");
    }
}

#[tokio::test]
async fn before_the_first_screen_the_script_is_blocked_with_the_block() {
    let s = server_with(None, false).await;
    let a = s.get("/api/v1/session-script").await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(is_problem(&a), "{:?}", a.headers);
    assert_eq!(a.body["type"], "/api/problems/blocked");
    assert_eq!(a.body["block"]["kind"], "no-screen");
    assert_eq!(a.body["block"]["acknowledgeable"], false);
}

#[tokio::test]
async fn bad_plan_parameters_name_the_parameter() {
    let s = server().await;
    let a = s.get("/api/v1/session-script?minutes=500").await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "minutes");
    let a = s.get("/api/v1/session-script?minutes=abc").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "minutes");
    let a = s.get("/api/v1/session-script?where=moon").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "where");
    let a = s.get("/api/v1/session-script?colour=red").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "colour");
    assert!(is_problem(&a));
}

#[tokio::test]
async fn a_posted_session_is_replayed_stored_once_and_a_retry_says_so() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let body = session_body(
        &script,
        &json!([{"at_ms": 7000, "type": "sharp-pain"}, {"at_ms": 8000, "type": "quit"}]),
    );
    let a = s.post("/api/v1/sessions", &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["id"], body["id"]);
    assert_eq!(a.body["created"], true);
    assert_eq!(a.body["status"], "stopped");
    assert_eq!(a.body["steps"][0]["stop"], "sharp-pain");
    assert_eq!(a.body["steps"][0]["at_ms"], 7000);
    assert_eq!(a.body["ratings"][0]["pain"], 2);
    let again = s.post("/api/v1/sessions", &body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["created"], false);
    assert_eq!(again.body["steps"], a.body["steps"]);
    assert_eq!(s.sessions().await, 1);
}

#[tokio::test]
async fn a_red_flag_locks_the_next_script_with_the_emergency_list() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let body = session_body(&script, &json!([{"at_ms": 7000, "type": "red-flag"}]));
    let a = s.post("/api/v1/sessions", &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["changes"]["locked"], true);
    let b = s.get("/api/v1/session-script").await;
    assert_eq!(b.status, StatusCode::CONFLICT);
    assert_eq!(b.body["block"]["kind"], "locked");
    assert!(
        b.body["block"]["emergency"]
            .as_str()
            .unwrap()
            .contains("bladder")
    );
}

#[tokio::test]
async fn a_bad_session_names_the_field_and_stores_nothing() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let cases = [
        (
            session_body(
                &script,
                &json!([{"at_ms": 7000, "type": "rate", "value": 11}]),
            ),
            "events[0].value",
        ),
        (
            session_body(&script, &json!([{"at_ms": 7000, "type": "dance"}])),
            "events[0].type",
        ),
        (
            session_body(
                &script,
                &json!([{"at_ms": 7000, "type": "pause"}, {"at_ms": 6000, "type": "resume"}]),
            ),
            "events[1].at_ms",
        ),
        (
            {
                let mut b = session_body(&script, &json!([]));
                b["colour"] = json!("red");
                b
            },
            "colour",
        ),
        (
            {
                let mut b = session_body(&script, &json!([]));
                b["pain_after"] = json!(-1);
                b
            },
            "pain_after",
        ),
        (
            {
                let mut b = session_body(&script, &json!([]));
                b["id"] = json!("not-a-uuid");
                b
            },
            "id",
        ),
    ];
    for (body, field) in cases {
        let a = s.post("/api/v1/sessions", &body).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            a.body
        );
        assert_eq!(a.body["field"], field, "{}", a.body);
        assert!(is_problem(&a));
    }
    let a = s
        .send(
            Request::post("/api/v1/sessions")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"id\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(is_problem(&a));
    let a = s
        .send(
            Request::post("/api/v1/sessions")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(s.sessions().await, 0);
}

#[tokio::test]
async fn a_stale_digest_is_a_conflict_and_stores_nothing() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let mut body = session_body(&script, &json!([]));
    body["script_digest"] = json!("0000000000000000");
    let a = s.post("/api/v1/sessions", &body).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.body["type"], "/api/problems/plan-changed");
    assert_eq!(s.sessions().await, 0);
}

#[tokio::test]
async fn a_host_that_is_not_this_server_is_refused() {
    let s = server().await;
    for host in [
        "evil.example:7878",
        "127.0.0.1:9999",
        "localhost.evil.example:7878",
    ] {
        let a = s
            .send(
                Request::get("/api/v1/session-script")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{host}");
        assert_eq!(a.body["field"], "Host");
    }
    let a = s
        .send(
            Request::get("/api/v1/session-script")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = s
        .send(
            Request::get("/api/v1/session-script")
                .header(header::HOST, "localhost:7878")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn a_cross_origin_write_is_refused_and_stores_nothing() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let body = session_body(&script, &json!([]));
    let post = |origin: Option<&str>, extra: Option<(&str, &str)>| {
        let mut r = Request::post("/api/v1/sessions")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(o) = origin {
            r = r.header(header::ORIGIN, o);
        }
        if let Some((k, v)) = extra {
            r = r.header(k, v);
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    let a = s.send(post(Some("http://evil.example"), None)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.body["field"], "Origin");
    let a = s
        .send(post(None, Some(("sec-fetch-site", "cross-site"))))
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = s.send(post(None, None)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = s.send(post(None, Some(("x-csrf-token", "guess")))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(s.sessions().await, 0);
    // A client without Origin passes with the CSRF token.
    let token = s.get("/api/v1/csrf-token").await.body["token"]
        .as_str()
        .unwrap()
        .to_string();
    let a = s.send(post(None, Some(("x-csrf-token", &token)))).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(s.sessions().await, 1);
}

#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_413() {
    let s = server().await;
    let script = s.get("/api/v1/session-script?get_ready=5").await.body;
    let mut body = session_body(&script, &json!([]));
    body["script_digest"] = json!("x".repeat(70 * 1024));
    let a = s.post("/api/v1/sessions", &body).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_problem(&a));
    // Without a Content-Length (a stream), the limit still holds.
    let a = s
        .send(
            Request::post("/api/v1/sessions")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(futures_stream(body.to_string())))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(s.sessions().await, 0);
}

fn futures_stream(
    text: String,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text
        .into_bytes()
        .chunks(4096)
        .map(|c| Ok(c.to_vec()))
        .collect();
    tokio_stream_iter(chunks)
}

fn tokio_stream_iter<T: Send + 'static>(
    items: Vec<T>,
) -> impl futures_core::Stream<Item = T> + Send + 'static {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    impl<T> Unpin for Iter<T> {}
    Iter(items.into_iter())
}

#[tokio::test]
async fn off_loopback_every_request_needs_the_token_then_a_cookie_carries_it() {
    let s = server_with(Some("s3cret"), true).await;
    let a = s.get("/api/v1/session-script").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.body["field"], "token");
    let a = s.get("/api/v1/session-script?token=wrong").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = s.get("/api/v1/session-script?token=s3cret").await;
    assert_eq!(a.status, StatusCode::OK);
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("limber_token=s3cret;") && cookie.contains("HttpOnly"));
    let with = |k: header::HeaderName, v: &str| {
        Request::get("/api/v1/session-script")
            .header(header::HOST, HOST)
            .header(k, v)
            .body(Body::empty())
            .unwrap()
    };
    let a = s.send(with(header::COOKIE, "limber_token=s3cret")).await;
    assert_eq!(a.status, StatusCode::OK);
    let a = s.send(with(header::AUTHORIZATION, "Bearer s3cret")).await;
    assert_eq!(a.status, StatusCode::OK);
    let a = s.send(with(header::COOKIE, "limber_token=s3cre")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_the_routes() {
    let s = server().await;
    let a = s.get("/api/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/session-script", "/sessions", "/csrf-token"] {
        assert!(a.body["paths"][path].is_object(), "{path}");
    }
    assert!(a.body["components"]["schemas"]["SessionScript"].is_object());
    assert!(a.body["components"]["schemas"]["Problem"].is_object());
    // Every route reading a JSON body lists the body's refusals.
    for (path, method) in [
        ("/pain", "post"),
        ("/settings", "put"),
        ("/sessions", "post"),
        ("/screen/acknowledge", "post"),
    ] {
        let responses = &a.body["paths"][path][method]["responses"];
        for status in ["400", "413", "415"] {
            let schema = &responses[status]["content"]["application/problem+json"]["schema"];
            assert_eq!(
                schema["$ref"], "#/components/schemas/Problem",
                "{method} {path} {status}: {responses}"
            );
        }
    }
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let s = server().await;
    let a = s.get("/api/v1/nothing-here").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(is_problem(&a));
}

#[tokio::test]
async fn serve_answers_on_a_listener_bound_to_port_0_and_stops_on_shutdown() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_in_memory().await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(limber_web::serve(
        store,
        listener,
        limber_web::Options::default(),
        async move {
            let _ = rx.await;
        },
    ));
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(
        format!("GET /api/v1/csrf-token HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}
