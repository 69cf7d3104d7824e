//! Storing a session that a page ran from a script and sent back as an
//! event log: re-planned as of its start behind the same safety gate,
//! replayed through the engine, recorded hold by hold, then what a finished
//! session changes (the lock after a red flag, a re-screen after spreading
//! symptoms, exercises newly left out as aggravating).
//!
//! A retried post stores once: a session is known by its start time, which
//! the page sets and keeps with the log.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use limber_core::PainScore;
use limber_core::catalog::Catalog;
use limber_store::{NewSession, Store, StoreError, UserId};

use crate::replay::{self, EventLog, LogError, LoggedEvent, ReplayView};
use crate::session_script::{self, BlockView, PlanInputs, ScriptError};
use crate::user_state::{LoadError, UserState};
use crate::{after_session, session_record};

/// How far ahead of the server's clock a page's clock may be.
pub const CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// A session as a page posts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostedSession {
    /// Made by the page (UUID v7), kept across retries.
    pub id: Uuid,
    /// When the session began (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: Timestamp,
    /// The script's `plan`, unchanged.
    pub plan: PlanInputs,
    /// The script's `digest`: refused when the plan made now differs.
    #[serde(default)]
    pub script_digest: Option<String>,
    /// The "pain now" asked before the first stretch (0-10).
    #[serde(default)]
    pub pain_before: Option<i64>,
    /// What the user did, in time order.
    #[serde(default)]
    pub events: Vec<LoggedEvent>,
    /// When the player stopped, in ms since the start (see [`EventLog`]).
    #[serde(default)]
    pub ended_at_ms: Option<u64>,
    /// The "pain now" after the last stretch (0-10).
    #[serde(default)]
    pub pain_after: Option<i64>,
}

/// What a finished session changed for next time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Changes {
    /// Red-flag symptoms were reported: sessions are locked until the
    /// safety screen is answered again.
    pub locked: bool,
    /// Spreading symptoms or new numbness: the screen is asked again
    /// before the next session.
    pub rescreen_requested: bool,
    /// Exercises now left out of plans, and why.
    pub newly_aggravating: Vec<LeftOutNow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeftOutNow {
    pub exercise: String,
    pub name: String,
    pub why: String,
}

/// The stored session and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedSession {
    pub id: Uuid,
    /// False when this session was stored before (a retried post).
    pub created: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ended_at: Option<Timestamp>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    #[serde(flatten)]
    pub result: ReplayView,
    pub changes: Changes,
}

/// Why a posted session was not stored (nothing was).
#[derive(Debug, thiserror::Error)]
pub enum SessionLogError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("{field}: {message}")]
    Input {
        field: &'static str,
        message: String,
    },
    #[error("a session cannot start now: {}", .0.advice)]
    Blocked(BlockView),
    #[error(
        "plan: the routine planned for this session now differs from the script it ran (digest {posted}, now {now})"
    )]
    PlanChanged { posted: String, now: String },
    #[error(transparent)]
    Plan(#[from] limber_core::plan::PlanError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ScriptError> for SessionLogError {
    fn from(e: ScriptError) -> Self {
        match e {
            ScriptError::Input(e) => Self::Input {
                field: match e.field() {
                    "minutes" => "plan.minutes",
                    _ => "plan.get_ready",
                },
                message: e.to_string(),
            },
            ScriptError::Blocked(b) => Self::Blocked(b),
            ScriptError::Plan(e) => Self::Plan(e),
            ScriptError::Load(e) => Self::Load(e),
            ScriptError::Store(e) => Self::Store(e),
        }
    }
}

impl PostedSession {
    pub fn event_log(&self) -> EventLog {
        EventLog {
            pain_before: self.pain_before,
            events: self.events.clone(),
            ended_at_ms: self.ended_at_ms,
        }
    }
}

fn score(field: &'static str, v: Option<i64>) -> Result<Option<PainScore>, SessionLogError> {
    v.map(|v| {
        PainScore::new(v).map_err(|e| SessionLogError::Input {
            field,
            message: e.to_string(),
        })
    })
    .transpose()
}

/// Stores `posted` (once): see the module doc. Callers serialize calls
/// for one user, so two retries in flight cannot both store.
pub async fn record<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    posted: &PostedSession,
) -> Result<RecordedSession, SessionLogError> {
    // Every input checked before anything is read or stored.
    let log = posted.event_log().check()?;
    let pain_after = score("pain_after", posted.pain_after)?;
    posted.plan.check().map_err(ScriptError::from)?;
    let started_at = posted.started_at;
    if started_at > now + SignedDuration::from_millis(CLOCK_SKEW_MS) {
        return Err(SessionLogError::Input {
            field: "started_at",
            message: format!("{started_at} is in the future"),
        });
    }
    if let Some(stored) = stored_at(store, user, started_at).await? {
        return Ok(stored_view(posted.id, false, &stored, Changes::default()));
    }
    // As things stood when the session began: the records before it.
    let mut state = UserState::recent(store, user, started_at, catalog).await?;
    state.sessions.retain(|s| s.started_at < started_at);
    state.entries.retain(|e| e.at <= started_at);
    let (routine, _, mode) =
        session_script::gated_routine(store, user, catalog, &state, posted.plan).await?;
    let digest = session_script::digest(&routine);
    if let Some(posted_digest) = &posted.script_digest
        && *posted_digest != digest
    {
        return Err(SessionLogError::PlanChanged {
            posted: posted_digest.clone(),
            now: digest,
        });
    }
    let new = NewSession {
        // The page's id: a retried post names the same session.
        id: limber_core::diary::SessionId::from_uuid(posted.id),
        started_at,
        context: routine.context,
        program: routine.program.clone(),
        pain_before: log.pain_before,
    };
    let replayed = replay::replay(routine, started_at, mode, &log);

    // Stored as the terminal stores a session it runs: one recording, one
    // closing rating, one account of what the session changes.
    let mut recording = session_record::begin_replayed(store, user, &state, &new).await?;
    for record in &replayed.records {
        let (out, at) = record.output();
        recording.record_at(store, &out, at).await?;
    }
    if let Some(pain) = pain_after
        && recording.wants_closing_rating()
    {
        recording.rate_at_end(store, pain).await?;
    }
    let after = after_session::apply(store, user, catalog, &state, &recording, now).await?;
    let mut changes = Changes {
        locked: after.locked,
        rescreen_requested: after.rescreen_requested,
        newly_aggravating: Vec::new(),
    };
    for (exercise, why) in after.newly_aggravating {
        let name = catalog
            .get(&exercise)
            .map_or(exercise.to_string(), |e| e.seed_name.clone());
        changes.newly_aggravating.push(LeftOutNow {
            exercise: exercise.to_string(),
            name,
            why,
        });
    }
    let id = recording.session();
    let sessions = store.sessions(user, Some(started_at)).await?;
    let stored = sessions
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("session {id}")))?;
    Ok(stored_view(posted.id, true, stored, changes))
}

/// The stored session that began at exactly `started_at`, if any.
async fn stored_at<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    started_at: Timestamp,
) -> Result<Option<limber_core::diary::SessionRecord>, StoreError> {
    Ok(store
        .sessions(user, Some(started_at))
        .await?
        .into_iter()
        .find(|s| s.started_at == started_at))
}

fn stored_view(
    id: Uuid,
    created: bool,
    s: &limber_core::diary::SessionRecord,
    changes: Changes,
) -> RecordedSession {
    RecordedSession {
        id,
        created,
        started_at: s.started_at,
        ended_at: s.ended_at,
        pain_before: s.pain_before.map(PainScore::get),
        pain_after: s.pain_after.map(PainScore::get),
        result: ReplayView::of_record(s),
        changes,
    }
}
