//! Guided sessions: the script out, the event log back (see `API.md`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use limber_app::session_log::{self, PostedSession, RecordedSession, SessionLogError};
use limber_app::session_script::{self, PlanInputs, ScriptError, SessionScript};
use limber_core::plan::PlanError;

use crate::extract::{ApiJson, ApiQuery};
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

fn plan_problem(e: &PlanError, field: &str) -> Problem {
    match e {
        PlanError::NothingToPlan(_) => Problem::new(StatusCode::CONFLICT, e.to_string())
            .kind("nothing-to-plan", "Nothing to plan"),
        PlanError::BadBudget(_) | PlanError::BudgetTooShort { .. } => {
            Problem::unprocessable(field, e.to_string())
        }
    }
}

impl From<ScriptError> for Problem {
    fn from(e: ScriptError) -> Self {
        match e {
            ScriptError::Input(i) => Problem::unprocessable(i.field(), i.to_string()),
            ScriptError::Blocked(b) => Problem::blocked(b),
            ScriptError::Plan(p) => plan_problem(&p, "minutes"),
            ScriptError::Load(e) => e.into(),
            ScriptError::Store(e) => e.into(),
        }
    }
}

impl From<SessionLogError> for Problem {
    fn from(e: SessionLogError) -> Self {
        match e {
            SessionLogError::Log(l) => Problem::unprocessable(l.field.clone(), l.to_string()),
            SessionLogError::Input { field, message } => {
                Problem::unprocessable(field, format!("{field}: {message}"))
            }
            SessionLogError::Blocked(b) => Problem::blocked(b),
            e @ SessionLogError::PlanChanged { .. } => {
                Problem::new(StatusCode::CONFLICT, e.to_string())
                    .kind("plan-changed", "The plan has changed")
                    .field("script_digest")
            }
            SessionLogError::Plan(p) => plan_problem(&p, "plan.minutes"),
            SessionLogError::Load(e) => e.into(),
            SessionLogError::Store(e) => e.into(),
        }
    }
}

/// The planned routine as a self-contained session script, behind the
/// safety gate.
#[utoipa::path(
    get,
    path = "/session-script",
    params(PlanInputs),
    responses(
        (status = 200, body = SessionScript),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "blocked by the safety gate (with the block), or nothing to plan", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn session_script(
    State(app): State<AppState>,
    ApiQuery(plan): ApiQuery<PlanInputs>,
) -> Result<Json<SessionScript>, Problem> {
    let script =
        session_script::session_script(app.store(), app.user(), app.catalog(), app.now(), plan)
            .await?;
    Ok(Json(script))
}

/// Stores a session run from a script: its event log is replayed through
/// the engine. A retried post stores once (200 with `created: false`).
#[utoipa::path(
    post,
    path = "/sessions",
    request_body = PostedSession,
    responses(
        (status = 201, body = RecordedSession),
        (status = 200, description = "stored before: a retried post", body = RecordedSession),
        JsonBodyRefusals,
        (status = 409, description = "blocked by the safety gate, or the plan has changed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_session(
    State(app): State<AppState>,
    ApiJson(posted): ApiJson<PostedSession>,
) -> Result<(StatusCode, Json<RecordedSession>), Problem> {
    let recorded = app
        .write(move |app| async move {
            Ok(
                session_log::record(app.store(), app.user(), app.catalog(), app.now(), &posted)
                    .await?,
            )
        })
        .await?;
    let status = if recorded.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(recorded)))
}
