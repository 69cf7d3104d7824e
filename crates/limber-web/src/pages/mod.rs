//! The pages a person sees: server-rendered HTML shells with the words that
//! never change (the safety texts, the screen's questions, the figures),
//! filled in by small plain scripts from the JSON API, so the same pages
//! work offline from the service worker's cache. Every asset is embedded in
//! the binary; nothing is fetched from elsewhere and no script is inline.

mod assets;
pub mod figures;
pub mod html;
mod views;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use assets::{ASSETS, Asset, SHELL_PAGES, asset, service_worker};

/// The pages and the assets, for the server to merge into its router. The
/// pages need no state: their data comes from the API.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| page(views::today())))
        .route("/session", get(|| page(views::session())))
        .route("/diary", get(|| page(views::diary())))
        .route("/history", get(|| page(views::history())))
        .route("/settings", get(|| page(views::settings())))
        .route("/screen", get(|| page(views::screen())))
        .route("/help", get(|| page(views::help())))
        .route("/manifest.webmanifest", get(serve_manifest))
        .route("/sw.js", get(serve_sw))
        .route("/assets/{name}", get(serve_asset))
}

async fn page(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn serve_asset(
    axum::extract::Path(name): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    match asset(&name) {
        Some(a) => respond(a, &headers),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

async fn serve_manifest(headers: HeaderMap) -> Response {
    respond(asset("manifest.webmanifest").expect("embedded"), &headers)
}

async fn serve_sw(headers: HeaderMap) -> Response {
    let sw = assets::service_worker();
    let a = Asset {
        name: "sw.js",
        mime: "text/javascript; charset=utf-8",
        bytes: sw.as_bytes(),
    };
    respond(&a, &headers)
}

/// An asset with its ETag; a matching `If-None-Match` gets 304. Assets are
/// revalidated on every load (`no-cache`) so a new binary's files are used
/// at once, while an unchanged file costs one small round trip.
fn respond(a: &Asset, headers: &HeaderMap) -> Response {
    let etag = a.etag();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut res = (
        [
            (header::CONTENT_TYPE, a.mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        a.bytes,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}
