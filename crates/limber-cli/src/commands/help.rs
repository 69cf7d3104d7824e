//! `limber help [TOPIC]`; `limber help safety` prints the emergency list.

use clap::CommandFactory;
use limber_core::wording;

use crate::cli::Cli;
use crate::command_error::{CmdResult, CommandError};

pub fn run(topic: Option<&str>) -> CmdResult {
    let mut cmd = Cli::command();
    match topic {
        Some("safety") => {
            println!("{}\n\n{}", wording::EMERGENCY, wording::DISCLAIMER);
            Ok(())
        }
        None => {
            cmd.print_long_help()?;
            Ok(())
        }
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => {
                sub.print_long_help()?;
                Ok(())
            }
            None => Err(CommandError::usage(format!(
                "no help topic {name:?}: try `limber help safety` or a command name"
            ))),
        },
    }
}
