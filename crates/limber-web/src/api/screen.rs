//! The safety screen: its questions, the answers, and acknowledging the
//! advice of a pause (see `API.md`), over `limber_app::screen`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use limber_app::gate::{Block, BlockKind};
use limber_app::output::QuestionOutput;
use limber_app::screen::{self, AcknowledgeAllError, AnswersError, ScreenView};
use limber_app::session_script::BlockView;
use limber_core::safety::Question;
use serde::{Deserialize, Serialize};

use crate::extract::ApiJson;
use crate::problem::{JsonBodyRefusals, Problem};
use crate::state::AppState;

/// Every question of the screen, in the order asked.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Questions {
    pub questions: Vec<QuestionOutput>,
}

/// The answers, by question key.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Every question's key with true for yes. An emergency "yes" needs no
    /// other answer (the rest count as no); otherwise every question needs
    /// one.
    pub answers: BTreeMap<String, bool>,
}

/// The advice a page showed and the user has taken.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    pub kind: BlockKind,
}

/// What acknowledging lifted and what still stands.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Acknowledged {
    /// The pauses lifted: none when that kind of pause was not in force.
    pub lifted: Vec<BlockKind>,
    /// The first block that still stands before a session, if any.
    pub still: Option<BlockView>,
}

impl From<AnswersError> for Problem {
    fn from(e: AnswersError) -> Self {
        match e {
            AnswersError::Unknown(ref keys) => {
                let field = match keys.as_slice() {
                    [one] => format!("answers.{one}"),
                    _ => "answers".into(),
                };
                Problem::unprocessable(field, format!("answers: {e}"))
            }
            AnswersError::Unanswered { ref missing, .. } => {
                let field = match missing.as_slice() {
                    [one] => format!("answers.{}", one.key()),
                    _ => "answers".into(),
                };
                Problem::unprocessable(field, format!("answers: {e}"))
            }
            AnswersError::Load(e) => e.into(),
            AnswersError::Store(e) => e.into(),
        }
    }
}

impl From<AcknowledgeAllError> for Problem {
    fn from(e: AcknowledgeAllError) -> Self {
        match e {
            AcknowledgeAllError::NoScreen => Problem::blocked(BlockView::of(&Block::NoScreen)),
            AcknowledgeAllError::Locked => Problem::blocked(BlockView::of(&Block::Locked)),
            AcknowledgeAllError::Load(e) => e.into(),
            AcknowledgeAllError::Store(e) => e.into(),
        }
    }
}

/// The safety screen's questions, with each tier's advice.
#[utoipa::path(get, path = "/screen", responses((status = 200, body = Questions)))]
pub async fn questions() -> Json<Questions> {
    Json(Questions {
        questions: Question::ALL
            .iter()
            .copied()
            .map(QuestionOutput::from)
            .collect(),
    })
}

/// Answers the safety screen, as `limber screen` does: the screen in force
/// from now, lifting a re-screen request and a lock from red-flag symptoms.
#[utoipa::path(
    post,
    path = "/screen",
    request_body = Answers,
    responses(
        (status = 200, description = "saved: what the answers mean", body = ScreenView),
        JsonBodyRefusals,
        (status = 422, description = "an unknown key or an unanswered question, named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn answer(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<Answers>,
) -> Result<Json<ScreenView>, Problem> {
    app.write(move |app| async move {
        let view = screen::answer(
            app.store(),
            app.user(),
            app.catalog(),
            app.now(),
            &body.answers,
        )
        .await?;
        Ok(Json(view))
    })
    .await
}

/// Acknowledges a pause's advice (the user took it and chooses to go on),
/// as `limber screen --acknowledge` does, for the kind of pause the page
/// showed; says what still stands.
#[utoipa::path(
    post,
    path = "/screen/acknowledge",
    request_body = Acknowledge,
    responses(
        (status = 200, body = Acknowledged),
        JsonBodyRefusals,
        (status = 409, description = "no screen yet, or sessions are locked: only answering the screen lifts it (the block is given)", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn acknowledge(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<Acknowledge>,
) -> Result<Json<Acknowledged>, Problem> {
    app.write(move |app| async move {
        let done = screen::acknowledge_pauses(
            app.store(),
            app.user(),
            app.catalog(),
            app.now(),
            Some(body.kind),
        )
        .await?;
        Ok(Json(Acknowledged {
            lifted: done.lifted.iter().map(Block::kind).collect(),
            still: done.still.as_ref().map(BlockView::of),
        }))
    })
    .await
}
