//! `program check` for a program's TOML (see `API.md`), over
//! `limber_app::program`.

use axum::Json;
use axum::extract::State;
use limber_app::program::{self, ProgramCheck};
use serde::Deserialize;

use crate::extract::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;

/// A program file's text.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramText {
    pub toml: String,
}

/// Checks a program: every problem with its line and field, as `limber
/// program check` reports them. A program with errors is still a 200: the
/// problems are the answer.
#[utoipa::path(
    post,
    path = "/program/check",
    request_body = ProgramText,
    responses(
        (status = 200, body = ProgramCheck),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn check(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<ProgramText>,
) -> Json<ProgramCheck> {
    Json(program::check(app.catalog(), &body.toml))
}
