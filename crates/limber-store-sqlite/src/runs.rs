//! The `runs` table: imported runs, deduplicated, with their cool-down tag.

use jiff::Timestamp;
use limber_core::diary::SessionId;
use limber_core::run::{DistanceSource, Run, RunAdded, RunId, RunRecord, SAME_RUN_WINDOW_S, Sport};
use limber_store::{Result, StoreError, UserId};

use super::{Decode, SqliteStore, db, ensure_user, ms};

/// id, start_at, end_at, sport, distance_m, distance_source, moving_s,
/// elevation_gain_m, cooldown_session
type RunRow = (
    i64,
    i64,
    i64,
    String,
    f64,
    String,
    f64,
    Option<f64>,
    Option<i64>,
);

pub(crate) async fn add(store: &SqliteStore, user: UserId, runs: &[Run]) -> Result<Vec<RunAdded>> {
    let mut tx = store.write("adding runs").await?;
    ensure_user(&mut tx, user).await?;
    let window = SAME_RUN_WINDOW_S * 1000;
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let start = ms(run.start);
        let same: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM runs
             WHERE user_id = ?1 AND (fingerprint = ?2 OR start_at BETWEEN ?3 - ?4 AND ?3 + ?4)
             ORDER BY abs(start_at - ?3) LIMIT 1",
        )
        .bind(user)
        .bind(run.fingerprint())
        .bind(start)
        .bind(window)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db("looking for a stored run"))?;
        if let Some(id) = same {
            out.push(RunAdded::Duplicate(id));
            continue;
        }
        let id: RunId = sqlx::query_scalar(
            "INSERT INTO runs (user_id, start_at, end_at, sport, distance_m, distance_source,
                               moving_s, elevation_gain_m, fingerprint)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(user)
        .bind(start)
        .bind(ms(run.end))
        .bind(run.sport.as_str())
        .bind(run.distance_m)
        .bind(run.distance_source.as_str())
        .bind(run.moving_s)
        .bind(run.elevation_gain_m)
        .bind(run.fingerprint())
        .fetch_one(&mut *tx)
        .await
        .map_err(db("adding a run"))?;
        out.push(RunAdded::New(id));
    }
    tx.commit().await.map_err(db("adding runs"))?;
    Ok(out)
}

pub(crate) async fn list(
    store: &SqliteStore,
    user: UserId,
    since: Option<Timestamp>,
) -> Result<Vec<RunRecord>> {
    let rows: Vec<RunRow> = sqlx::query_as(
        "SELECT id, start_at, end_at, sport, distance_m, distance_source, moving_s,
                elevation_gain_m, cooldown_session
         FROM runs WHERE user_id = ? AND start_at >= ? ORDER BY start_at, id",
    )
    .bind(user)
    .bind(since.map_or(i64::MIN, ms))
    .fetch_all(store.pool())
    .await
    .map_err(db("reading runs"))?;
    rows.into_iter()
        .map(
            |(id, start, end, sport, distance_m, source, moving_s, gain, cooldown)| {
                let d = Decode {
                    table: "runs",
                    row: &id,
                };
                Ok(RunRecord {
                    id,
                    run: Run {
                        start: d.time("start_at", start)?,
                        end: d.time("end_at", end)?,
                        sport: Sport::parse(&sport)
                            .ok_or_else(|| d.corrupt(format_args!("unknown sport {sport:?}")))?,
                        distance_m,
                        distance_source: DistanceSource::parse(&source).ok_or_else(|| {
                            d.corrupt(format_args!("unknown distance_source {source:?}"))
                        })?,
                        moving_s,
                        elevation_gain_m: gain,
                    },
                    cooldown_session: cooldown,
                })
            },
        )
        .collect()
}

pub(crate) async fn tag_cooldown(
    store: &SqliteStore,
    user: UserId,
    run: RunId,
    session: SessionId,
) -> Result<()> {
    let mut tx = store.write("tagging a cool-down").await?;
    let done = sqlx::query(
        "UPDATE runs SET cooldown_session = ?1
         WHERE id = ?2 AND user_id = ?3
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?3)",
    )
    .bind(session)
    .bind(run)
    .bind(user)
    .execute(&mut *tx)
    .await
    .map_err(db("tagging a cool-down"))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!(
            "run {run} or session {session} of user {user}"
        )));
    }
    tx.commit().await.map_err(db("tagging a cool-down"))
}
