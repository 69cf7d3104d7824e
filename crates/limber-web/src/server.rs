//! The router with its layers, and serving it on a listener the caller
//! bound (port 0 in tests), until `shutdown` resolves.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use limber_store::{LOCAL_USER, Store, UserId};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::problem::Problem;
use crate::security::{self, MAX_BODY};
use crate::state::AppState;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub user: UserId,
    /// Required on every request when set (a server open to the network).
    pub token: Option<String>,
    /// Pins the clock (tests).
    pub now: Option<Timestamp>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            user: LOCAL_USER,
            token: None,
            now: None,
        }
    }
}

/// The whole app for a server listening on `port`.
pub fn app(store: Arc<dyn Store>, opts: &Options, port: u16) -> Router {
    router(AppState::new(store, opts, port))
}

pub fn router(state: AppState) -> Router {
    let (api, openapi) = crate::api::router().split_for_parts();
    let openapi_json = serde_json::to_string(&openapi).unwrap_or_default();
    Router::new()
        .nest("/api/v1", api)
        .merge(crate::pages::router())
        .route(
            "/api/openapi.json",
            get(move || async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    openapi_json,
                )
            }),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The OpenAPI document, as served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    crate::api::router().split_for_parts().1
}

async fn not_found() -> Problem {
    Problem::not_found("no such page or API route")
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Problem::internal(&"a handler panicked").into_response()
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    store: Arc<dyn Store>,
    listener: TcpListener,
    opts: Options,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let app = app(store, &opts, port);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// `url` as a QR code drawn with Unicode half blocks, for a phone to scan
/// from the terminal; `None` if it is too long for a QR code.
pub fn qr_text(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build(),
    )
}
