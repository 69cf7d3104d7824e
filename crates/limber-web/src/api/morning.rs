//! The next-morning check on the Diary page, asked when the terminal
//! would ask it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use limber_app::morning::{self, MorningView, PostError, PostedMorning};
use limber_app::pain_log::PAGE_AHEAD;
use limber_app::user_state::UserState;

use crate::extract::ApiJson;
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

impl From<PostError> for Problem {
    fn from(e: PostError) -> Self {
        match e {
            PostError::Input(e) => e.into(),
            PostError::Store(e) => e.into(),
        }
    }
}

/// Whether to ask the morning check now (a session yesterday, not asked
/// today) and what the mornings advise.
#[utoipa::path(get, path = "/morning", responses((status = 200, body = MorningView)))]
pub async fn get_morning(State(app): State<AppState>) -> Result<Json<MorningView>, Problem> {
    let state = UserState::recent(app.store(), app.user(), app.now(), app.catalog()).await?;
    Ok(Json(MorningView::of(&state)))
}

/// Stores the morning check (a morning diary entry, unless every answer is
/// left out), marks today's check asked and returns the advice after it.
/// A retry (same `id`) stores nothing more.
#[utoipa::path(
    post,
    path = "/morning",
    request_body = PostedMorning,
    responses(
        (status = 200, body = MorningView),
        JsonBodyRefusals,
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_morning(
    State(app): State<AppState>,
    ApiJson(posted): ApiJson<PostedMorning>,
) -> Result<(StatusCode, Json<MorningView>), Problem> {
    let view = app
        .write(move |app| async move {
            let mut state =
                UserState::recent(app.store(), app.user(), app.now(), app.catalog()).await?;
            Ok(morning::post(app.store(), app.user(), &mut state, &posted, PAGE_AHEAD).await?)
        })
        .await?;
    Ok((StatusCode::OK, Json(view)))
}
