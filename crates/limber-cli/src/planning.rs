//! Turning flags and stored knowledge into a routine, shared by `plan` and
//! `start` so what `plan` shows is exactly what `start` runs.

use limber_core::catalog::Program;
use limber_core::diary::SessionContext;
use limber_core::plan::{Pace, PlanRequest, Routine, plan};
use limber_core::run::{RunRecord, awaiting_cooldown};
use limber_store::Store;

use crate::cli::PlanFlags;
use crate::command_error::CmdResult;
use crate::env::{Env, read_file};
use crate::known::UserState;

/// The program named by `--program`, or the default one.
pub fn program(env: &Env, flags: &PlanFlags) -> CmdResult<Program> {
    match &flags.program {
        None => Ok(env.catalog.default_program().clone()),
        Some(path) => {
            let text = read_file(path)?;
            Ok(env
                .catalog
                .parse_program(&path.display().to_string(), &text)?)
        }
    }
}

/// The program to plan, with the plan flags checked first: called before
/// anything is opened, so bad input never touches the store.
pub fn checked_program(env: &Env, flags: &PlanFlags) -> CmdResult<Program> {
    if let Some(m) = flags.minutes
        && !(1..=limber_core::plan::MAX_MINUTES).contains(&m)
    {
        return Err(limber_core::plan::PlanError::BadBudget(m).into());
    }
    program(env, flags)
}

pub fn routine(
    env: &Env,
    flags: &PlanFlags,
    program: &Program,
    known: &UserState,
) -> CmdResult<Routine> {
    let personal = known.personal(&env.catalog);
    let pace = known.profile.pace.and_then(Pace::new).unwrap_or_default();
    let run = cooldown_run(env, known)?;
    let mut routine = plan(&PlanRequest {
        catalog: &env.catalog,
        program,
        context: SessionContext {
            after_run: flags.after_run || run.is_some(),
            place: flags.place.into(),
        },
        minutes: flags.minutes,
        pace,
        personal: &personal,
    })?;
    if let Some(r) = run {
        let ended = known.tz.to_datetime(r.run.end).strftime("%H:%M");
        routine.notes.insert(
            0,
            format!(
                "The cool-down for your {:.1} km {} that ended at {ended}.",
                r.run.distance_km(),
                if r.run.sport == limber_core::run::Sport::Running {
                    "run".to_string()
                } else {
                    r.run.sport.as_str().replace('-', " ")
                },
            ),
        );
    }
    Ok(routine)
}

/// The run a session planned now is the cool-down of: one that ended at
/// most two hours ago and has no cool-down yet (`--after-run` or not).
pub fn cooldown_run(env: &Env, known: &UserState) -> CmdResult<Option<RunRecord>> {
    let since = known.now - jiff::SignedDuration::from_hours(48);
    let runs = env.block_on(env.store()?.runs(env.user(), Some(since)))?;
    Ok(awaiting_cooldown(&runs, &known.sessions, known.now).cloned())
}
