//! The opt-in exercises (the full back curl): on and off behind their
//! cautions, and their depth level (see `API.md`), over
//! `limber_app::exercises`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use limber_app::exercises::{self, ExerciseError, OptInChange, OptInView};

use crate::extract::ApiJson;
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

impl From<ExerciseError> for Problem {
    fn from(e: ExerciseError) -> Self {
        let detail = e.to_string();
        match e {
            ExerciseError::Unknown(_) | ExerciseError::NotOptIn { .. } => {
                Problem::not_found(detail).field("id")
            }
            ExerciseError::NotConfirmed { .. } => {
                Problem::unprocessable("confirm_none_apply", detail)
            }
            ExerciseError::CautionsApply { .. } => Problem::new(StatusCode::CONFLICT, detail)
                .kind("cautions-apply", "Its cautions apply to you"),
            ExerciseError::NotReady { .. } => Problem::new(StatusCode::CONFLICT, detail)
                .kind("level-not-offered", "This level is not offered yet")
                .field("level"),
            ExerciseError::NeedsClearance { .. } => {
                Problem::unprocessable("clinician_cleared", detail)
            }
            ExerciseError::NoLevels { .. }
            | ExerciseError::LevelOutOfRange { .. }
            | ExerciseError::Off { .. }
            | ExerciseError::OneAtATime { .. } => Problem::unprocessable("level", detail),
            ExerciseError::Load(e) => e.into(),
            ExerciseError::Store(e) => e.into(),
        }
    }
}

/// An opt-in exercise for this user: on or off, its level and its cautions.
#[utoipa::path(
    get,
    path = "/exercises/{id}",
    params(("id" = String, Path, description = "an opt-in exercise, e.g. full-back-curl")),
    responses(
        (status = 200, body = OptInView),
        (status = 404, description = "no such opt-in exercise", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_opt_in(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<OptInView>, Problem> {
    Ok(Json(
        exercises::opt_in(app.store(), app.user(), app.catalog(), app.now(), &id).await?,
    ))
}

/// Turns an opt-in exercise on (behind the same gate as `limber exercises
/// enable`) at a level, or off; all of it or nothing.
#[utoipa::path(
    put,
    path = "/exercises/{id}",
    params(("id" = String, Path, description = "an opt-in exercise, e.g. full-back-curl")),
    request_body = OptInChange,
    responses(
        (status = 200, description = "saved: the exercise now", body = OptInView),
        JsonBodyRefusals,
        (status = 404, description = "no such opt-in exercise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "a caution on the safety screen applies, or the level is not offered yet; nothing stored", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not confirmed, a level out of range or more than one deeper, or the deepest without clearance; named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_opt_in(
    State(app): State<AppState>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<OptInChange>,
) -> Result<Json<OptInView>, Problem> {
    app.write(move |app| async move {
        Ok(Json(
            exercises::change_opt_in(
                app.store(),
                app.user(),
                app.catalog(),
                app.now(),
                &id,
                change,
            )
            .await?,
        ))
    })
    .await
}
