//! Loads [`UserState`] for a command: the one read of the user's records
//! the session use cases in `limber-app` work on. [`recent`] for what
//! needs only the rules' answers (a cost that does not grow with the
//! diary); [`load`] for what reads the whole diary (stats, a trial report).

use limber_app::user_state::LoadError;
pub use limber_app::user_state::UserState;

use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn recent(env: &Env) -> CmdResult<UserState> {
    let store = env.store()?;
    env.block_on(UserState::recent(
        store,
        env.user(),
        env.now(),
        &env.catalog,
    ))
    .map_err(load_error)
}

pub fn load(env: &Env) -> CmdResult<UserState> {
    let store = env.store()?;
    env.block_on(UserState::load(store, env.user(), env.now(), &env.catalog))
        .map_err(load_error)
}

/// A store failure as itself; a bad time zone in the profile as a runtime
/// failure naming it.
pub fn load_error(e: LoadError) -> CommandError {
    match e {
        LoadError::Store(e) => e.into(),
        e @ LoadError::TimeZone { .. } => CommandError::runtime(e.to_string()),
    }
}
