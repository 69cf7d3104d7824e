//! `limber program check FILE`.

use crate::cli::ProgramCommand;
use crate::command_error::CmdResult;
use crate::env::{Env, read_file};

pub fn run(env: &Env, cmd: &ProgramCommand) -> CmdResult {
    match cmd {
        ProgramCommand::Check { file } => {
            let text = read_file(file)?;
            let program = env
                .catalog
                .parse_program(&file.display().to_string(), &text)?;
            println!(
                "{}: ok, \"{}\" with {} step(s)",
                file.display(),
                program.name,
                program.steps.len()
            );
            for warning in env.catalog.dose_warnings(&program) {
                println!("{}: warning: {warning}", file.display());
            }
            Ok(())
        }
    }
}
