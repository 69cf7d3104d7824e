//! The history, newest first, a page at a time.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use limber_app::history::{self, HistoryCursor};
use limber_app::output::history::HistoryPageOutput;
use serde::Deserialize;

use crate::extract::ApiQuery;
use crate::problem::Problem;
use crate::state::AppState;

/// The most items one page holds.
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Items per page, 1 to 100 (20 when left out).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next` of the previous page, as it was.
    before: Option<String>,
}

/// Sessions and diary entries, newest first, through the store's keyset
/// pages: a page costs the same however long the history is. The newest
/// page is kept between requests until the store changes (`cache.rs`).
#[utoipa::path(
    get,
    path = "/history",
    params(HistoryQuery),
    responses(
        (status = 200, body = HistoryPageOutput),
        (status = 400, description = "a bad `limit` or `before`, named in `field`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn history(
    State(app): State<AppState>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Response, Problem> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "limit: must be from 1 to {MAX_LIMIT}, got {limit}"
        ))
        .field("limit"));
    }
    let before = q
        .before
        .as_deref()
        .map(str::parse::<HistoryCursor>)
        .transpose()
        .map_err(|e| Problem::bad_request(format!("before: {e}")).field("before"))?;
    // Without a mark the page is made fresh: the mark only saves work.
    let mark = match before {
        None => app.store().change_mark().await.unwrap_or_else(|e| {
            tracing::warn!("history page made without the change mark: {e}");
            None
        }),
        Some(_) => None,
    };
    if let Some(body) = mark.and_then(|m| app.first_page().get(m, limit)) {
        return Ok(json(body));
    }
    let page = history::page(app.store(), app.user(), before, None, limit).await?;
    let body = Bytes::from(
        serde_json::to_vec(&HistoryPageOutput::from(&page)).map_err(|e| Problem::internal(&e))?,
    );
    if let Some(mark) = mark {
        app.first_page().keep(mark, limit, body.clone());
    }
    Ok(json(body))
}

fn json(body: Bytes) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}
