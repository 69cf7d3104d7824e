//! Loads [`UserState`] for a command: the one read of the user's records
//! the session use cases in `limber-app` work on.

pub use limber_app::user_state::{UserState, diary_pause};

use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn load(env: &Env) -> CmdResult<UserState> {
    let store = env.store()?;
    env.block_on(UserState::load(store, env.user(), env.now(), &env.catalog))
        .map_err(|e| match e {
            limber_app::user_state::LoadError::Store(e) => e.into(),
            e @ limber_app::user_state::LoadError::TimeZone { .. } => {
                CommandError::runtime(e.to_string())
            }
        })
}
