//! The figures of `limber stats`, for the Insights page.

use axum::Json;
use axum::extract::State;
use limber_app::output::StatsOutput;

use crate::problem::Problem;
use crate::state::AppState;

/// The same figures as `limber stats --json`: change per exercise and per
/// whole session with 95% intervals, the weekly trend with a clinically
/// important change marked, adherence, centralization, the morning advice
/// and running.
#[utoipa::path(
    get,
    path = "/stats",
    responses((status = 200, body = StatsOutput))
)]
pub async fn stats(State(app): State<AppState>) -> Result<Json<StatsOutput>, Problem> {
    let figures =
        limber_app::insights::figures(app.store(), app.user(), app.now(), app.catalog()).await?;
    Ok(Json(figures.output()))
}
