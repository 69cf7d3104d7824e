//! The `runs` table: imported runs, deduplicated, with their cool-down tag.

use jiff::Timestamp;
use limber_core::diary::SessionId;
use limber_core::run::{DistanceSource, Run, RunAdded, RunId, RunRecord, SAME_RUN_WINDOW_S, Sport};
use limber_store::{Result, StoreError, UserId};

use sqlx::{Sqlite, Transaction};

use crate::decode::Decode;
use crate::store::{ms, require_user};
use crate::{SqliteStore, db};

/// id, start_at, end_at, sport, distance_m, distance_source, moving_s,
/// elevation_gain_m, cooldown_session
type RunRow = (
    String,
    i64,
    i64,
    String,
    f64,
    String,
    f64,
    Option<f64>,
    Option<String>,
);

pub(crate) async fn add(store: &SqliteStore, user: UserId, runs: &[Run]) -> Result<Vec<RunAdded>> {
    let mut tx = store.write("adding runs").await?;
    require_user(&mut tx, user).await?;
    let window = SAME_RUN_WINDOW_S * 1000;
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let start = ms(run.start);
        let same: Option<String> = sqlx::query_scalar(
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
            let d = Decode {
                table: "runs",
                row: &id,
            };
            out.push(RunAdded::Duplicate(d.id("id", &id)?));
            continue;
        }
        let id = RunId::at(run.start);
        sqlx::query(
            "INSERT INTO runs (id, user_id, start_at, end_at, sport, distance_m, distance_source,
                               moving_s, elevation_gain_m, fingerprint, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(user)
        .bind(start)
        .bind(ms(run.end))
        .bind(run.sport.as_str())
        .bind(run.distance_m)
        .bind(run.distance_source.as_str())
        .bind(run.moving_s)
        .bind(run.elevation_gain_m)
        .bind(run.fingerprint())
        .bind(ms(run.end))
        .execute(&mut *tx)
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
                    id: d.id("id", &id)?,
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
                    cooldown_session: cooldown
                        .map(|c| d.id::<SessionId>("cooldown_session", &c))
                        .transpose()?,
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
        "UPDATE runs SET cooldown_session = ?1,
                         updated_at = max(updated_at, (SELECT started_at FROM sessions
                                                       WHERE id = ?1))
         WHERE id = ?2 AND user_id = ?3
           AND EXISTS (SELECT 1 FROM sessions
                       WHERE id = ?1 AND user_id = ?3 AND deleted_at IS NULL)",
    )
    .bind(session.to_string())
    .bind(run.to_string())
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

/// One whole run (a restored backup); nothing when its id is stored.
pub(crate) async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    user: UserId,
    r: &RunRecord,
) -> Result<()> {
    let run = &r.run;
    sqlx::query(
        "INSERT INTO runs (id, user_id, start_at, end_at, sport, distance_m, distance_source,
                           moving_s, elevation_gain_m, fingerprint, cooldown_session, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?4)
         ON CONFLICT DO NOTHING",
    )
    .bind(r.id.to_string())
    .bind(user)
    .bind(ms(run.start))
    .bind(ms(run.end))
    .bind(run.sport.as_str())
    .bind(run.distance_m)
    .bind(run.distance_source.as_str())
    .bind(run.moving_s)
    .bind(run.elevation_gain_m)
    .bind(run.fingerprint())
    .bind(r.cooldown_session.map(|s| s.to_string()))
    .execute(&mut **tx)
    .await
    .map_err(db("importing a run"))?;
    Ok(())
}
