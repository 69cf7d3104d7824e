//! The pain diary: an entry posted from the Diary page (see `API.md`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use limber_app::pain_log::{self, EntryError, LoggedOutput, PostedEntry};

use crate::extract::ApiJson;
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

impl From<EntryError> for Problem {
    fn from(e: EntryError) -> Self {
        Problem::unprocessable(e.field(), e.to_string())
    }
}

/// Stores a diary entry, with the same checks and consequences as `limber
/// log`: new symptoms ask for the safety questions again, a worsening
/// diary pauses the program. A retried post (same `id`) stores once and
/// answers 200 with the entry stored first. Entries posted together are
/// stored with one commit, each answered once it is durable
/// (`limber_app::live_diary`).
#[utoipa::path(
    post,
    path = "/pain",
    request_body = PostedEntry,
    responses(
        (status = 201, body = LoggedOutput),
        (status = 200, description = "stored before: a retried post", body = LoggedOutput),
        JsonBodyRefusals,
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_pain(
    State(app): State<AppState>,
    ApiJson(posted): ApiJson<PostedEntry>,
) -> Result<(StatusCode, Json<LoggedOutput>), Problem> {
    let entry = posted.entry(app.now(), pain_log::PAGE_AHEAD)?;
    let logged = app
        .to_the_end(move |app| async move { Ok(app.diary().log(&entry, app.now()).await?) })
        .await?;
    let status = if logged.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(LoggedOutput::from(&logged))))
}
