//! Turning flags into `limber_app::planning`'s request, shared by `plan` and
//! `start` so what `plan` shows is exactly what `start` runs.

use limber_app::planning::{self, PlanningError, Wanted};
use limber_core::catalog::Program;
use limber_core::plan::Routine;
use limber_core::run::RunRecord;

use crate::cli::PlanFlags;
use crate::command_error::CmdResult;
use crate::env::{Env, read_file};
use crate::known::UserState;

/// The program named by `--program`; `None`: the user's saved one, else
/// the default (`limber_app::program::planned` decides, for every driver).
pub fn program(env: &Env, flags: &PlanFlags) -> CmdResult<Option<Program>> {
    let Some(path) = &flags.program else {
        return Ok(None);
    };
    let text = read_file(path)?;
    Ok(Some(
        env.catalog
            .parse_program(&path.display().to_string(), &text)?,
    ))
}

/// The program to plan, with the plan flags checked first: called before
/// anything is opened, so bad input never touches the store.
pub fn checked_program(env: &Env, flags: &PlanFlags) -> CmdResult<Option<Program>> {
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
    program: Option<&Program>,
    known: &UserState,
) -> CmdResult<Routine> {
    let wanted = Wanted {
        after_run: flags.after_run,
        place: flags.place.into(),
        minutes: flags.minutes,
    };
    env.block_on(planning::routine(
        env.store()?,
        env.user(),
        &env.catalog,
        known,
        program,
        wanted,
    ))
    .map_err(|e| match e {
        PlanningError::Plan(e) => e.into(),
        PlanningError::Store(e) => e.into(),
    })
}

/// See [`planning::cooldown_run`].
pub fn cooldown_run(env: &Env, known: &UserState) -> CmdResult<Option<RunRecord>> {
    Ok(env.block_on(planning::cooldown_run(env.store()?, env.user(), known))?)
}
