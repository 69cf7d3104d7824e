//! The routine for a request: the user's state, their program (a file the
//! driver names, the one they saved, or the default) and where they are,
//! through the core planner. `plan` shows exactly what `start`
//! runs, and a web page gets the same routine, because all three call this.

use std::borrow::Cow;

use limber_core::catalog::{Catalog, Program};
use limber_core::diary::{Place, SessionContext};
use limber_core::plan::{Pace, PlanError, PlanRequest, Routine, plan};
use limber_core::run::{RunRecord, Sport, awaiting_cooldown};
use limber_store::{Store, StoreError, UserId};

use crate::user_state::UserState;

/// What the user asked for: the driver's flags or form fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// The user says this is after a run (an imported run can also say so).
    pub after_run: bool,
    pub place: Place,
    /// A time budget in minutes.
    pub minutes: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The routine for `wanted`, from `program` when the driver names one (a
/// `--program` file), else from the user's saved program or the default
/// (see [`crate::program::planned`]).
pub async fn routine<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    state: &UserState,
    program: Option<&Program>,
    wanted: Wanted,
) -> Result<Routine, PlanningError> {
    let (program, program_note) = match program {
        Some(p) => (Cow::Borrowed(p), None),
        None => crate::program::planned(catalog, &state.profile),
    };
    let personal = state.personal(catalog);
    let pace = state.profile.pace.and_then(Pace::new).unwrap_or_default();
    let run = cooldown_run(store, user, state).await?;
    let mut routine = plan(&PlanRequest {
        catalog,
        program: &program,
        context: SessionContext {
            after_run: wanted.after_run || run.is_some(),
            place: wanted.place,
        },
        minutes: wanted.minutes,
        pace,
        personal: &personal,
    })?;
    if let Some(note) = program_note {
        routine.notes.insert(0, note);
    }
    if let Some(r) = run {
        let ended = state.tz.to_datetime(r.run.end).strftime("%H:%M");
        let what = if r.run.sport == Sport::Running {
            "run".to_string()
        } else {
            r.run.sport.as_str().replace('-', " ")
        };
        routine.notes.insert(
            0,
            format!(
                "The cool-down for your {:.1} km {what} that ended at {ended}.",
                r.run.distance_km()
            ),
        );
    }
    Ok(routine)
}

/// The run a session planned now is the cool-down of: one that ended at
/// most two hours ago and has no cool-down yet (said after a run or not).
/// Reads only the last two days of runs.
pub async fn cooldown_run<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &UserState,
) -> Result<Option<RunRecord>, StoreError> {
    let since = state.now - jiff::SignedDuration::from_hours(48);
    let runs = store.runs(user, Some(since)).await?;
    Ok(awaiting_cooldown(&runs, &state.sessions, state.now).cloned())
}
