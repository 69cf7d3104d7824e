//! The packed codec: many rows read as one JSON array of column arrays
//! (built by SQLite's `json_group_array`), much cheaper than one sqlx row
//! per record, and the JSON array form a session's holds and ratings are
//! stored in.

use limber_core::ExerciseId;
use limber_core::diary::{
    PainEntry, Rating, SessionContext, SessionId, SessionRecord, StepReason, StepRecord,
};
use limber_store::{Result, StoreError};

use crate::decode::Decode;
use crate::names;

/// A hold as stored in `sessions.steps`: [exercise, side, rep, outcome, reason, at].
pub(crate) fn step_json(st: &StepRecord) -> serde_json::Value {
    serde_json::json!([
        st.exercise.as_str(),
        st.side.map(names::name),
        st.rep,
        names::name(st.outcome),
        st.reason,
        st.at.as_millisecond()
    ])
}

/// A rating as stored in `sessions.ratings`: [after_exercise, pain, at].
pub(crate) fn rating_json(r: &Rating) -> serde_json::Value {
    serde_json::json!([
        r.after.as_ref().map(ExerciseId::as_str),
        r.pain.get(),
        r.at.as_millisecond()
    ])
}

/// The SELECT list that packs the sessions of a `FROM` clause into the
/// three parallel arrays [`sessions`] reads: the sessions' own fields, then
/// their stored step and rating arrays spliced in as they are (each behind
/// its session id, checked when stitching), without SQLite parsing or
/// rebuilding them.
pub(crate) const SESSION_COLUMNS: &str = "
    json_group_array(json_array(id, started_at, ended_at, status, after_run, place,
                                program, pain_before, pain_after)),
    '[' || ifnull(group_concat('[\"' || id || '\",' || steps || ']', ','), '') || ']',
    '[' || ifnull(group_concat('[\"' || id || '\",' || ratings || ']', ','), '') || ']'";

/// The SELECT list that packs diary entries for [`pain_entries`].
pub(crate) const PAIN_COLUMNS: &str = "json_group_array(json_array(
    id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note))";

/// exercise, side, rep, outcome, reason, at
type StepColumns<'a> = (
    &'a str,
    Option<&'a str>,
    i64,
    &'a str,
    Option<StepReason>,
    i64,
);
/// after_exercise, pain, at
type RatingColumns<'a> = (Option<&'a str>, i64, i64);

/// id, started_at, ended_at, status, after_run, place, program,
/// pain_before, pain_after
type SessionColumns<'a> = (
    &'a str,
    i64,
    Option<i64>,
    &'a str,
    i64,
    &'a str,
    String,
    Option<i64>,
    Option<i64>,
);

/// Names a step or rating in error messages.
struct StepKey<'a> {
    session: &'a SessionId,
    seq: i64,
}

impl std::fmt::Display for StepKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(session {}, seq {})", self.session, self.seq)
    }
}

/// The few distinct exercise ids of a history, each validated once and
/// then shared: tens of thousands of steps name the same five.
#[derive(Default)]
struct Ids(Vec<ExerciseId>);

impl Ids {
    fn get(&mut self, raw: &str, make: impl FnOnce() -> Result<ExerciseId>) -> Result<ExerciseId> {
        if let Some(id) = self.0.iter().find(|id| id.as_str() == raw) {
            return Ok(id.clone());
        }
        let id = make()?;
        self.0.push(id.clone());
        Ok(id)
    }
}

/// The three parallel arrays of [`SESSION_COLUMNS`], stitched back together
/// (in the order SQLite gave them: the caller sorts).
pub(crate) fn sessions(fields: &str, steps_: &str, ratings_: &str) -> Result<Vec<SessionRecord>> {
    let corrupt =
        |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("sessions.{what}: {e}"));
    let rows: Vec<SessionColumns> =
        serde_json::from_str(fields).map_err(|e| corrupt("fields", e))?;
    let all_steps: Vec<(&str, Vec<StepColumns>)> =
        serde_json::from_str(steps_).map_err(|e| corrupt("steps", e))?;
    let all_ratings: Vec<(&str, Vec<RatingColumns>)> =
        serde_json::from_str(ratings_).map_err(|e| corrupt("ratings", e))?;
    let aligned = all_steps.len() == rows.len()
        && all_ratings.len() == rows.len()
        && rows
            .iter()
            .zip(all_steps.iter().zip(&all_ratings))
            .all(|(row, ((s, _), (r, _)))| row.0 == *s && row.0 == *r);
    if !aligned {
        return Err(StoreError::Corrupt(
            "sessions: the step and rating arrays do not match the sessions".into(),
        ));
    }
    let mut ids = Ids::default();
    rows.into_iter()
        .zip(all_steps.into_iter().zip(all_ratings))
        .map(
            |(
                (
                    raw_id,
                    started_at,
                    ended_at,
                    status,
                    after_run,
                    place,
                    program,
                    pain_before,
                    pain_after,
                ),
                ((_, steps_), (_, ratings_)),
            )| {
                let d = Decode {
                    table: "sessions",
                    row: &raw_id,
                };
                let id: SessionId = d.id("id", raw_id)?;
                Ok(SessionRecord {
                    id,
                    started_at: d.time("started_at", started_at)?,
                    ended_at: d.opt_time("ended_at", ended_at)?,
                    status: d.named("status", status)?,
                    context: SessionContext {
                        after_run: after_run != 0,
                        place: d.named("place", place)?,
                    },
                    program,
                    pain_before: d.opt_pain("pain_before", pain_before)?,
                    pain_after: d.opt_pain("pain_after", pain_after)?,
                    steps: steps(&id, steps_, &mut ids)?,
                    ratings: ratings(&id, ratings_, &mut ids)?,
                })
            },
        )
        .collect()
}

fn steps(session: &SessionId, rows: Vec<StepColumns>, ids: &mut Ids) -> Result<Vec<StepRecord>> {
    rows.into_iter()
        .zip(1..)
        .map(|((exercise, side, rep, outcome, reason, at), seq)| {
            let key = StepKey { session, seq };
            let d = Decode {
                table: "sessions.steps",
                row: &key,
            };
            Ok(StepRecord {
                exercise: ids.get(exercise, || d.exercise("exercise", exercise))?,
                side: d.opt_named("side", side)?,
                rep: u32::try_from(rep)
                    .map_err(|_| d.corrupt(format_args!("rep {rep} is out of range")))?,
                outcome: d.named("outcome", outcome)?,
                reason,
                at: d.time("at", at)?,
            })
        })
        .collect()
}

fn ratings(session: &SessionId, rows: Vec<RatingColumns>, ids: &mut Ids) -> Result<Vec<Rating>> {
    rows.into_iter()
        .zip(1..)
        .map(|((after, pain, at), seq)| {
            let key = StepKey { session, seq };
            let d = Decode {
                table: "sessions.ratings",
                row: &key,
            };
            Ok(Rating {
                after: after
                    .map(|a| ids.get(a, || d.exercise("after_exercise", a)))
                    .transpose()?,
                pain: d.pain("pain", pain)?,
                at: d.time("at", at)?,
            })
        })
        .collect()
}

/// id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note
type PainColumns<'a> = (
    &'a str,
    i64,
    Option<i64>,
    Option<i64>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    i64,
    Option<i64>,
    i64,
    Option<String>,
);

/// The array of [`PAIN_COLUMNS`], in the order SQLite gave it.
pub(crate) fn pain_entries(json: &str) -> Result<Vec<PainEntry>> {
    let rows: Vec<PainColumns> = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("pain_entries: {e}")))?;
    rows.into_iter()
        .map(
            |(id, at, back, leg, reach, side, qualities, weakness, stiffness, morning, note)| {
                let d = Decode {
                    table: "pain_entries",
                    row: &id,
                };
                Ok(PainEntry {
                    id: d.id("id", id)?,
                    at: d.time("at", at)?,
                    back: d.opt_pain("back", back)?,
                    leg: d.opt_pain("leg", leg)?,
                    reach: d.opt_named("reach", reach)?,
                    side: d.opt_named("side", side)?,
                    qualities: names::split_qualities(qualities)
                        .map_err(|q| d.corrupt(format_args!("unknown quality {q:?}")))?,
                    weakness: d.flag("weakness", weakness)?,
                    stiffness: d.opt_pain("stiffness", stiffness)?,
                    morning: d.flag("morning", morning)?,
                    note,
                })
            },
        )
        .collect()
}
