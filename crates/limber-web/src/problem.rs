//! Errors as `application/problem+json` (RFC 9457), naming the field to
//! blame when one input is: a page can put the message next to it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use limber_app::program::ProgramProblem;
use limber_app::session_script::BlockView;
use serde::Serialize;

/// The media type of every error.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// For the OpenAPI document: what every route that reads a JSON body
/// refuses before its own checks ([`crate::extract::ApiJson`]), listed once
/// here rather than at every route.
pub struct JsonBodyRefusals;

impl utoipa::IntoResponses for JsonBodyRefusals {
    fn responses()
    -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        [
            ("400", "the body is not valid JSON"),
            ("413", "the body is over 64 KiB"),
            ("415", "the body is not `application/json`"),
        ]
        .into_iter()
        .map(|(status, description)| {
            let problem = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content(PROBLEM_JSON, problem)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
    }
}

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem; `about:blank` when the
    /// status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The input to blame: a JSON path into the body (`events[3].value`),
    /// a query parameter, or a header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What blocks a session (409 `blocked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<Box<BlockView>>,
    /// Every problem of a refused program, located by line and field
    /// (422 `program-invalid`), as `POST /program/check` lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Box<Vec<ProgramProblem>>>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            block: None,
            problems: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn kind(mut self, kind: &str, title: &str) -> Self {
        self.kind = format!("/api/problems/{kind}");
        self.title = title.into();
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub fn unprocessable(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail).field(field)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    pub fn forbidden(field: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail).field(field)
    }

    /// A session blocked by the safety gate.
    pub fn blocked(block: BlockView) -> Self {
        let mut p = Self::new(StatusCode::CONFLICT, block.advice.clone())
            .kind("blocked", "A session cannot start now");
        p.block = Some(Box::new(block));
        p
    }

    /// Something failed inside: logged, not shown (it may name files).
    pub fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "something went wrong inside limber; nothing was changed by this request",
        )
    }
}

impl From<limber_store::StoreError> for Problem {
    fn from(e: limber_store::StoreError) -> Self {
        Self::internal(&e)
    }
}

impl From<limber_app::user_state::LoadError> for Problem {
    fn from(e: limber_app::user_state::LoadError) -> Self {
        Self::internal(&e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        res
    }
}
