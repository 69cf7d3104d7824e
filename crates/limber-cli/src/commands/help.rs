//! `limber help [TOPIC]`; `limber help safety` prints the emergency list.

use std::io::Write;

use clap::CommandFactory;
use limber_core::wording;

use crate::cli::Cli;
use crate::command_error::{CmdResult, CommandError};

pub fn run(topic: Option<&str>) -> CmdResult {
    let mut cmd = Cli::command();
    // Building propagates the binary's name, so a subcommand's usage line
    // reads "Usage: limber start", not "Usage: start".
    cmd.build();
    let mut out = std::io::stdout().lock();
    match topic {
        Some("safety") => {
            writeln!(out, "{}\n\n{}", wording::EMERGENCY, wording::DISCLAIMER)?;
            Ok(())
        }
        None => {
            write!(out, "{}", cmd.render_long_help())?;
            Ok(())
        }
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => {
                write!(out, "{}", sub.render_long_help())?;
                Ok(())
            }
            None => Err(CommandError::usage(format!(
                "no help topic {name:?}: try `limber help safety` or a command name"
            ))),
        },
    }
}
