//! `limber stats [--json]`.

use crate::cli::StatsArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(_env: &Env, _args: &StatsArgs) -> CmdResult {
    Err(CommandError::runtime("stats are not available yet"))
}
