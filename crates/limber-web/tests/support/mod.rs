//! The whole router (security layers included) in process, on an
//! in-memory SQLite store, at a pinned time: what the API tests send
//! requests through. Each test file uses what it needs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
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
/// The time every test server runs at.
pub const NOW: &str = "2026-11-20T07:00:00Z";

pub fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub struct Server {
    pub store: Arc<SqliteStore>,
    pub app: Router,
}

/// A server at [`NOW`]; `screened`: the safety questions answered (none
/// apply) the day before.
pub async fn server_with(token: Option<&str>, screened: bool) -> Server {
    let store = SqliteStore::open_in_memory().await.unwrap();
    serving(store, token, screened).await
}

/// A screened server at [`NOW`] on a SQLite file at `path`, as `limber
/// serve` runs: the file store has a change mark, so the History page's
/// newest page is kept between requests.
pub async fn server_on_file(path: &std::path::Path) -> Server {
    let store = SqliteStore::open(path).await.unwrap();
    serving(store, None, true).await
}

async fn serving(store: SqliteStore, token: Option<&str>, screened: bool) -> Server {
    let store = Arc::new(store);
    if screened {
        let record = ScreenRecord::new(at("2026-11-19T07:00:00Z"), &BTreeMap::new(), true).unwrap();
        store.save_screen(LOCAL_USER, &record).await.unwrap();
    }
    let opts = limber_web::Options {
        token: token.map(str::to_string),
        now: Some(at(NOW)),
        ..limber_web::Options::default()
    };
    let dyn_store: Arc<dyn Store> = store.clone();
    Server {
        app: limber_web::app(dyn_store, &opts, PORT),
        store,
    }
}

pub async fn server() -> Server {
    server_with(None, true).await
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// An `application/problem+json` answer whose `status` is the status.
    pub fn is_problem(&self) -> bool {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            == Some("application/problem+json")
            && self.body["status"] == self.status.as_u16()
    }
}

impl Server {
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

    /// A page or asset's text.
    pub async fn text(&self, uri: &str) -> String {
        let req = Request::get(uri)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
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

    /// A same-origin JSON post.
    pub async fn post(&self, uri: &str, body: &Value) -> Answer {
        self.post_raw(uri, "application/json", body.to_string().into_bytes())
            .await
    }

    /// A same-origin post of `bytes` as `content_type`.
    pub async fn post_raw(&self, uri: &str, content_type: &str, bytes: Vec<u8>) -> Answer {
        self.send(
            Request::post(uri)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(bytes))
                .unwrap(),
        )
        .await
    }
}
