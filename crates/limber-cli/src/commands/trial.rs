//! `limber trial start|report|stop`.

use crate::cli::TrialCommand;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(_env: &Env, _cmd: &TrialCommand) -> CmdResult {
    Err(CommandError::runtime("trials are not available yet"))
}
