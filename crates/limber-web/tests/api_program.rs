//! The user's program through the whole router: read, saved only when it
//! checks without errors, reset; every status, and that a refused write
//! leaves the store as it was.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use limber_store::{LOCAL_USER, Store};
use serde_json::{Value, json};
use support::{Answer, HOST, ORIGIN, Server, server};

/// One step, the back curl: a plan from it has no thigh stretch.
const BACK_CURL_ONLY: &str =
    "id = \"curl\"\nname = \"Just the curl\"\n\n[[steps]]\nexercise = \"back-curl\"\n";

/// A hold longer than guidance suggests, on line 6: saved, with a warning.
const LONG_HOLD: &str =
    "id = \"long\"\nname = \"Long\"\n\n[[steps]]\nexercise = \"lying-thigh-stretch\"\nhold = 90\n";

/// An unknown exercise on line 5 and a zero hold on line 9.
const TWO_ERRORS: &str = "id = \"bad\"\nname = \"Bad\"\n\n[[steps]]\nexercise = \"nope\"\n\n[[steps]]\nexercise = \"back-curl\"\nhold = 0\n";

const PROGRAM: &str = "/api/v1/program";
const SCRIPT: &str = "/api/v1/session-script?minutes=10";

impl Server {
    async fn write(&self, method: &str, uri: &str, body: Option<&Value>) -> Answer {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/json");
        let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
        self.send(req.body(body).unwrap()).await
    }

    async fn save(&self, body: &Value) -> Answer {
        self.write("PUT", PROGRAM, Some(body)).await
    }

    async fn profile(&self) -> String {
        format!("{:?}", self.store.profile(LOCAL_USER).await.unwrap())
    }

    /// The exercises of the session script's steps, in order.
    async fn scripted(&self) -> (String, Vec<String>) {
        let a = self.get(SCRIPT).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let steps = a.body["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["exercise"].as_str().unwrap().to_string())
            .collect();
        (a.body["program"].as_str().unwrap().to_string(), steps)
    }
}

#[tokio::test]
async fn with_nothing_saved_the_program_is_the_runners_cool_down_and_its_toml() {
    let s = server().await;
    let a = s.get(PROGRAM).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["source"], "builtin");
    assert_eq!(
        a.body["toml"],
        include_str!("../../../catalog/programs/runners-cool-down.toml")
    );
    assert_eq!(a.body["check"]["ok"], true);
    assert_eq!(a.body["check"]["name"], "Runner's cool-down");
    assert!(a.body["version"].is_u64());
}

#[tokio::test]
async fn a_saved_program_is_what_the_session_script_plans_until_it_is_deleted() {
    let s = server().await;
    let read = s.get(PROGRAM).await.body;
    let a = s
        .save(&json!({ "toml": BACK_CURL_ONLY, "version": read["version"] }))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["source"], "stored");
    assert_eq!(a.body["toml"], BACK_CURL_ONLY);
    assert_eq!(a.body["check"]["problems"], json!([]));
    assert_eq!(s.get(PROGRAM).await.body, a.body);
    let (name, steps) = s.scripted().await;
    assert_eq!(name, "Just the curl");
    assert!(steps.iter().all(|e| e == "back-curl"), "{steps:?}");

    let gone = s
        .write(
            "DELETE",
            &format!("{PROGRAM}?version={}", a.body["version"]),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert_eq!(gone.body["source"], "builtin");
    assert_eq!(s.scripted().await.0, "Runner's cool-down");
    assert_eq!(s.store.profile(LOCAL_USER).await.unwrap().program, None);
}

#[tokio::test]
async fn a_program_with_warnings_is_saved_and_answers_them_located() {
    let s = server().await;
    let a = s.save(&json!({ "toml": LONG_HOLD })).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["source"], "stored");
    let w = &a.body["check"]["problems"][0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(
        (w["line"].clone(), w["field"].clone()),
        (json!(6), json!("steps[1].hold"))
    );
}

#[tokio::test]
async fn a_program_with_errors_is_422_with_every_problem_located_and_nothing_stored() {
    let s = server().await;
    s.save(&json!({ "toml": BACK_CURL_ONLY })).await;
    let before = s.profile().await;
    let a = s.save(&json!({ "toml": TWO_ERRORS })).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.is_problem());
    assert_eq!(a.body["type"], "/api/problems/program-invalid");
    assert_eq!(a.body["field"], "toml");
    let located: Vec<(Value, Value, Value)> = a.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].clone(), p["field"].clone(), p["severity"].clone()))
        .collect();
    assert_eq!(
        located,
        [
            (json!(5), json!("steps[1].exercise"), json!("error")),
            (json!(9), json!("steps[2].hold"), json!("error")),
        ]
    );
    assert!(
        a.body["detail"]
            .as_str()
            .unwrap()
            .contains("line 5, steps[1].exercise"),
        "{}",
        a.body
    );
    // The same problems as a check of the same text.
    let checked = s
        .post("/api/v1/program/check", &json!({ "toml": TWO_ERRORS }))
        .await;
    assert_eq!(a.body["problems"], checked.body["problems"]);
    assert_eq!(s.profile().await, before);

    let a = s.save(&json!({ "toml": "[[steps" })).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["problems"][0]["line"], 1);
    assert_eq!(s.profile().await, before);
}

#[tokio::test]
async fn a_write_over_a_stale_version_is_409_and_nothing_changes() {
    let s = server().await;
    let read = s.get(PROGRAM).await.body["version"].clone();
    // Another tab changes the settings: the profile's version moves on.
    let other = s
        .write("PUT", "/api/v1/settings", Some(&json!({ "voice": true })))
        .await;
    assert_eq!(other.status, StatusCode::OK);
    let before = s.profile().await;
    let a = s
        .save(&json!({ "toml": BACK_CURL_ONLY, "version": read }))
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.is_problem());
    assert_eq!(a.body["field"], "version");
    assert_eq!(s.profile().await, before);

    s.save(&json!({ "toml": BACK_CURL_ONLY })).await;
    let before = s.profile().await;
    let a = s
        .write("DELETE", &format!("{PROGRAM}?version={read}"), None)
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.body["field"], "version");
    assert_eq!(s.profile().await, before);
}

#[tokio::test]
async fn malformed_saves_and_resets_are_named_and_store_nothing() {
    let s = server().await;
    let before = s.profile().await;
    for (body, field) in [
        (json!({}), "toml"),
        (json!({ "toml": BACK_CURL_ONLY, "save": true }), "save"),
        (json!({ "toml": 3 }), "toml"),
        (
            json!({ "toml": BACK_CURL_ONLY, "version": "one" }),
            "version",
        ),
    ] {
        let a = s.save(&body).await;
        assert!(a.status.is_client_error(), "{body}: {}", a.status);
        assert!(a.is_problem(), "{body}");
        assert_eq!(a.body["field"], field, "{body}: {}", a.body);
    }
    let a = s
        .write("DELETE", &format!("{PROGRAM}?version=x"), None)
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "version");
    let big = format!("{BACK_CURL_ONLY}{}", "#".repeat(70 * 1024));
    let a = s.save(&json!({ "toml": big })).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(s.profile().await, before);
}

#[tokio::test]
async fn cross_origin_writes_to_the_program_are_refused() {
    let s = server().await;
    let before = s.profile().await;
    for method in ["PUT", "DELETE"] {
        let req = Request::builder()
            .method(method)
            .uri(PROGRAM)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "http://evil.example")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "toml": BACK_CURL_ONLY }).to_string()))
            .unwrap();
        let a = s.send(req).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{method}");
    }
    assert_eq!(s.profile().await, before);
}

#[tokio::test]
async fn the_openapi_document_has_the_program_routes_and_their_errors() {
    let s = server().await;
    let doc = s.get("/api/openapi.json").await.body;
    let program = &doc["paths"]["/program"];
    for (method, statuses) in [
        ("get", &["200"][..]),
        ("put", &["200", "409", "413", "422"][..]),
        ("delete", &["200", "400", "409"][..]),
    ] {
        for status in statuses {
            assert!(
                program[method]["responses"][status].is_object(),
                "{method} {status}: {}",
                program[method]
            );
        }
    }
    for schema in ["ProgramView", "ProgramSave", "ProgramSource"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}
