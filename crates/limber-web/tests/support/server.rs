//! The whole router (security layers included) on an in-memory SQLite
//! store, with requests sent the way a page sends them.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use limber_core::safety::ScreenRecord;
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;
use serde_json::Value;
use tower::ServiceExt;

pub const PORT: u16 = 7878;
pub const HOST: &str = "127.0.0.1:7878";
pub const ORIGIN: &str = "http://127.0.0.1:7878";
pub const NOW: &str = "2026-11-20T07:00:00Z";

pub struct Server {
    pub store: Arc<SqliteStore>,
    app: Router,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// An `application/problem+json` error whose status is the answer's.
    pub fn is_problem(&self) -> bool {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            == Some("application/problem+json")
            && self.body["status"] == self.status.as_u16()
    }
}

impl Server {
    /// A user with no records at all.
    pub async fn new() -> Self {
        let store = Arc::new(SqliteStore::open_in_memory().await.unwrap());
        let opts = limber_web::Options {
            now: Some(NOW.parse::<Timestamp>().unwrap()),
            ..limber_web::Options::default()
        };
        let dyn_store: Arc<dyn Store> = store.clone();
        Self {
            app: limber_web::app(dyn_store, &opts, PORT),
            store,
        }
    }

    /// A user who answered the screen yesterday with none applying.
    pub async fn screened() -> Self {
        let s = Self::new().await;
        let record = ScreenRecord::new(
            "2026-11-19T07:00:00Z".parse().unwrap(),
            &BTreeMap::new(),
            true,
        )
        .unwrap();
        s.store.save_screen(LOCAL_USER, &record).await.unwrap();
        s
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
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

    pub async fn get(&self, uri: &str) -> Answer {
        self.send(
            Request::get(uri)
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A same-origin JSON write, as the pages send one.
    pub async fn write(&self, method: Method, uri: &str, body: &str) -> Answer {
        self.send(
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn post(&self, uri: &str, body: &Value) -> Answer {
        self.write(Method::POST, uri, &body.to_string()).await
    }

    pub async fn put(&self, uri: &str, body: &Value) -> Answer {
        self.write(Method::PUT, uri, &body.to_string()).await
    }

    /// The stored profile and screen, to compare before and after a
    /// refused write.
    pub async fn stored(&self) -> String {
        let profile = self.store.profile(LOCAL_USER).await.unwrap();
        let screen = self.store.latest_screen(LOCAL_USER).await.unwrap();
        format!("{profile:?} {screen:?}")
    }
}
