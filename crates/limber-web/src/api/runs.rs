//! Run files uploaded from the History page, through the same importer and
//! limits as `limber import`, and the runs listed as `limber runs --json`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use limber_app::output::RunOutput;
use limber_app::runs::{self, ImportOutput};
use serde::Deserialize;

use crate::extract::ApiQuery;
use crate::problem::Problem;
use crate::state::AppState;

/// The longest file name kept.
const MAX_NAME: usize = 255;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name, to name it in the answer and in errors
    /// (`upload` when left out). The format is told by content, not name.
    name: Option<String>,
}

/// One run file (GPX, TCX or FIT, each maybe gzip-compressed) as the raw
/// body, up to the importer's limit (64 MiB, also once gunzipped). All of
/// the file's runs are stored or none; a run already stored (the same file
/// again, or the same run from another format) is counted as a duplicate.
/// 201 when something new was stored, 200 when every run was a duplicate.
#[utoipa::path(
    post,
    path = "/runs",
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file's bytes"),
    responses(
        (status = 201, body = ImportOutput),
        (status = 200, description = "every run in the file was stored before", body = ImportOutput),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "the file, or its content once gunzipped, is over 64 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not a run file limber can import (the detail names the file and the problem); nothing stored", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_run(
    State(app): State<AppState>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ImportOutput>), Problem> {
    let name = q.name.unwrap_or_else(|| "upload".to_string());
    if name.trim().is_empty()
        || name.chars().count() > MAX_NAME
        || name.chars().any(char::is_control)
    {
        return Err(Problem::bad_request(format!(
            "name: a file name of 1 to {MAX_NAME} characters, without control characters"
        ))
        .field("name"));
    }
    let body = body.map_err(|e| Problem::new(e.status(), e.body_text()).field("body"))?;
    let outcome = runs::import_bytes(app.store(), app.user(), &name, Vec::from(body)).await?;
    match outcome.output(&name) {
        Ok(out) => {
            let status = if out.imported.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            Ok((status, Json(out)))
        }
        Err(e) => {
            let status = if e.is_too_large() {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Err(Problem::new(status, e.to_string())
                .kind("run-file", "Not a run file limber can import")
                .field("body"))
        }
    }
}

/// Every run, oldest first, each with the session that was its cool-down
/// (tagged, or started within 60 minutes of its end): `limber runs --json`.
#[utoipa::path(get, path = "/runs", responses((status = 200, body = Vec<RunOutput>)))]
pub async fn list_runs(State(app): State<AppState>) -> Result<Json<Vec<RunOutput>>, Problem> {
    Ok(Json(runs::listed(app.store(), app.user()).await?))
}
