//! The user's program and `program check` for a program's TOML (see
//! `API.md`), over `limber_app::program`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use limber_app::program::{self, ProgramCheck, ProgramError, ProgramView};
use serde::Deserialize;

use crate::extract::{ApiJson, ApiQuery};
use crate::problem::{JsonBodyRefusals, Problem};
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
        JsonBodyRefusals,
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn check(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<ProgramText>,
) -> Json<ProgramCheck> {
    Json(program::check(app.catalog(), &body.toml))
}

impl From<ProgramError> for Problem {
    fn from(e: ProgramError) -> Self {
        match e {
            ProgramError::Invalid(check) => {
                let mut p = Problem::unprocessable(
                    "toml",
                    ProgramError::Invalid(check.clone()).to_string(),
                )
                .kind("program-invalid", "The program has errors");
                p.problems = Some(Box::new(check.problems));
                p
            }
            e @ ProgramError::Conflict { .. } => Problem::new(StatusCode::CONFLICT, e.to_string())
                .kind("conflict", "Changed since it was read")
                .field("version"),
            ProgramError::Store(e) => e.into(),
        }
    }
}

/// A program to save.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramSave {
    pub toml: String,
    /// The `version` the program was read at; when given, the save is
    /// refused if the profile was saved since.
    #[serde(default)]
    pub version: Option<u64>,
}

/// Which version a reset is over.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResetQuery {
    /// The `version` the program was read at; refused (409) if saved since.
    pub version: Option<u64>,
}

/// The program plans follow: the user's saved one, or the Runner's
/// cool-down, with what `check` says of it and the version a change names.
#[utoipa::path(get, path = "/program", responses((status = 200, body = ProgramView)))]
pub async fn get_program(State(app): State<AppState>) -> Result<Json<ProgramView>, Problem> {
    Ok(Json(
        program::current(app.store(), app.user(), app.catalog()).await?,
    ))
}

/// Saves the user's program when it checks without errors; its warnings
/// come back with it. Plans follow it from now on.
#[utoipa::path(
    put,
    path = "/program",
    request_body = ProgramSave,
    responses(
        (status = 200, description = "saved: the program now, with its warnings", body = ProgramView),
        JsonBodyRefusals,
        (status = 409, description = "saved by another writer since `version` was read; nothing stored", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "the program has errors, every one in `problems` with its line and field; nothing stored", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_program(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<ProgramSave>,
) -> Result<Json<ProgramView>, Problem> {
    app.write(move |app| async move {
        Ok(Json(
            program::save(
                app.store(),
                app.user(),
                app.catalog(),
                &body.toml,
                body.version,
            )
            .await?,
        ))
    })
    .await
}

/// Forgets the user's program: plans follow the Runner's cool-down again.
#[utoipa::path(
    delete,
    path = "/program",
    params(ResetQuery),
    responses(
        (status = 200, description = "the program now: the Runner's cool-down", body = ProgramView),
        (status = 400, description = "a bad `version`, named in `field`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "saved by another writer since `version` was read; nothing changed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_program(
    State(app): State<AppState>,
    ApiQuery(q): ApiQuery<ResetQuery>,
) -> Result<Json<ProgramView>, Problem> {
    app.write(move |app| async move {
        Ok(Json(
            program::reset(app.store(), app.user(), app.catalog(), q.version).await?,
        ))
    })
    .await
}
