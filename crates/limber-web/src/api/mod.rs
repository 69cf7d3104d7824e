//! The JSON API under `/api/v1`, and its OpenAPI document.

use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub mod exercises;
pub mod history;
pub mod morning;
pub mod pain;
pub mod program;
pub mod runs;
pub mod screen;
pub mod sessions;
pub mod settings;
pub mod stats;

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
        .merge(diary_routes())
        .routes(routes!(screen::questions, screen::answer))
        .routes(routes!(screen::acknowledge))
        .routes(routes!(settings::get_settings, settings::put_settings))
        .routes(routes!(exercises::get_opt_in, exercises::put_opt_in))
        .routes(routes!(program::check))
        .routes(routes!(
            program::get_program,
            program::put_program,
            program::delete_program
        ))
}

/// The diary, history, insights, morning check and runs; run uploads
/// alone take bodies up to the importer's file limit.
fn diary_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pain::post_pain))
        .routes(routes!(history::history))
        .routes(routes!(stats::stats))
        .routes(routes!(morning::get_morning, morning::post_morning))
        .routes(routes!(runs::list_runs))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(runs::post_run))
                .layer(DefaultBodyLimit::max(crate::security::RUN_FILE_BODY)),
        )
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
