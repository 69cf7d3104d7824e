//! The JSON API under `/api/v1`, and its OpenAPI document.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub mod sessions;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "limber",
        description = "limber's local web API: guided sessions (a session script out, an event log back), the diary, history and settings. Errors are application/problem+json naming the field.",
    ),
    servers((url = "/api/v1")),
)]
pub struct ApiDoc;

/// Every route of `/api/v1` with its OpenAPI paths (relative to `/api/v1`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(csrf_token))
        .routes(routes!(sessions::session_script))
        .routes(routes!(sessions::post_session))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CsrfToken {
    /// Send it as `X-CSRF-Token` with a write that carries no `Origin`.
    pub token: String,
}

/// The CSRF token of this run of the server, for clients that send no
/// `Origin` header. A page on another site cannot read it.
#[utoipa::path(get, path = "/csrf-token", responses((status = 200, body = CsrfToken)))]
pub async fn csrf_token(State(app): State<AppState>) -> Json<CsrfToken> {
    Json(CsrfToken {
        token: app.csrf().to_string(),
    })
}
