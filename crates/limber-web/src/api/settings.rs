//! Pace, voice and time zone (see `API.md`), over `limber_app::settings`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use limber_app::settings::{self, Settings, SettingsChange, SettingsError};

use crate::extract::ApiJson;
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

impl From<SettingsError> for Problem {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::Invalid { field, .. } => Problem::unprocessable(field, e.to_string()),
            e @ SettingsError::Conflict { .. } => Problem::new(StatusCode::CONFLICT, e.to_string())
                .kind("conflict", "Changed since it was read")
                .field("version"),
            SettingsError::Store(e) => e.into(),
        }
    }
}

/// The settings, with the version a change names.
#[utoipa::path(get, path = "/settings", responses((status = 200, body = Settings)))]
pub async fn get_settings(State(app): State<AppState>) -> Result<Json<Settings>, Problem> {
    Ok(Json(settings::settings(app.store(), app.user()).await?))
}

/// Changes the settings given; the others stay. With `version`, refused
/// (409) when they were saved since that version was read.
#[utoipa::path(
    put,
    path = "/settings",
    request_body = SettingsChange,
    responses(
        (status = 200, description = "saved: the settings now", body = Settings),
        JsonBodyRefusals,
        (status = 409, description = "saved by another writer since `version` was read; nothing stored", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "a value out of range or unknown, named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_settings(
    State(app): State<AppState>,
    ApiJson(change): ApiJson<SettingsChange>,
) -> Result<Json<Settings>, Problem> {
    app.write(move |app| async move {
        Ok(Json(
            settings::change(app.store(), app.user(), &change).await?,
        ))
    })
    .await
}
