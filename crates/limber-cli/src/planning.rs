//! Turning flags and stored knowledge into a routine, shared by `plan` and
//! `start` so what `plan` shows is exactly what `start` runs.

use limber_core::catalog::Program;
use limber_core::diary::SessionContext;
use limber_core::plan::{Pace, Personal, PlanRequest, Routine, plan};
use limber_store::Store;

use crate::cli::PlanFlags;
use crate::command_error::CmdResult;
use crate::env::{Env, read_file};

/// The program named by `--program`, or the default one.
pub fn program(env: &Env, flags: &PlanFlags) -> CmdResult<Program> {
    match &flags.program {
        None => Ok(env.catalog.default_program().clone()),
        Some(path) => {
            let text = read_file(path)?;
            Ok(env.catalog.parse_program(&path.display().to_string(), &text)?)
        }
    }
}

/// Everything limber knows about this user that shapes a plan.
pub fn personal(env: &Env) -> CmdResult<Personal> {
    let store = env.store()?;
    let user = env.user();
    let profile = env.block_on(store.profile(user))?;
    let screen = env.block_on(store.latest_screen(user))?;
    Ok(Personal {
        conditions: screen.map(|s| s.conditions()).unwrap_or_default(),
        enabled: profile.enabled.iter().map(|(id, lvl)| (id.clone(), *lvl)).collect(),
        ..Personal::default()
    })
}

pub fn pace(env: &Env) -> CmdResult<Pace> {
    let profile = env.block_on(env.store()?.profile(env.user()))?;
    Ok(profile.pace.and_then(Pace::new).unwrap_or_default())
}

/// Validates flags before anything is opened, so bad input never touches the store.
pub fn validate(flags: &PlanFlags) -> CmdResult {
    if let Some(m) = flags.minutes
        && !(1..=limber_core::plan::MAX_MINUTES).contains(&m)
    {
        return Err(limber_core::plan::PlanError::BadBudget(m).into());
    }
    Ok(())
}

pub fn routine(env: &Env, flags: &PlanFlags) -> CmdResult<Routine> {
    validate(flags)?;
    let program = program(env, flags)?;
    let personal = personal(env)?;
    let pace = pace(env)?;
    Ok(plan(&PlanRequest {
        catalog: &env.catalog,
        program: &program,
        context: SessionContext {
            after_run: flags.after_run,
            place: flags.place.into(),
        },
        minutes: flags.minutes,
        pace,
        personal: &personal,
    })?)
}
