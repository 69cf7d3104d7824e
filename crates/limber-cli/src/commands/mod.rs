//! One module per subcommand.

pub mod completions;
pub mod exercises;
pub mod export;
pub mod help;
pub mod history;
pub mod import;
pub mod log;
pub mod plan;
pub mod program;
pub mod remind;
pub mod report;
pub mod restore;
pub mod runs;
pub mod screen;
pub mod serve;
pub mod start;
pub mod stats;
pub mod trial;

use std::process::ExitCode;

use crate::cli::{Cli, Command, TrialCommand};
use crate::command_error::CmdResult;
use crate::env::Env;

pub fn run(cli: Cli) -> CmdResult<ExitCode> {
    let mut env = Env::new(cli.data_dir, cli.database)?;
    env.writes = writes(&cli.command);
    let full_screen = matches!(&cli.command, Command::Start(a) if !a.plain);
    crate::init_logging(
        full_screen
            .then(|| env.data_dir.join("limber.log"))
            .as_deref(),
    );
    match &cli.command {
        Command::Exercises(args) => exercises::run(&env, args)?,
        Command::Plan(args) => plan::run(&env, args)?,
        Command::Start(args) => return start::run(&env, args),
        Command::Log(args) => log::run(&env, args)?,
        Command::History(args) => history::run(&env, args)?,
        Command::Stats(args) => stats::run(&env, args)?,
        Command::Screen(args) => screen::run(&env, args)?,
        Command::Trial(cmd) => trial::run(&env, cmd)?,
        Command::Program(cmd) => program::run(&env, cmd)?,
        Command::Report(args) => report::run(&env, args)?,
        Command::Export(args) => export::run(&env, args)?,
        Command::Restore(args) => restore::run(&env, args)?,
        Command::Remind(cmd) => remind::run(&env, cmd)?,
        Command::Import(args) => return import::run(&env, args),
        Command::Runs(args) => runs::run(&env, args)?,
        Command::Serve(args) => serve::run(&env, args)?,
        Command::Completions { shell } => completions::completions(*shell)?,
        Command::Man => completions::man()?,
        Command::Help { topic } => help::run(topic.as_deref())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a command records something, and so may create the data dir.
/// Every other command only reads: it never creates a directory or a
/// database (a missing one reads as empty, or, when named, is an error).
fn writes(command: &Command) -> bool {
    match command {
        Command::Start(_)
        | Command::Log(_)
        | Command::Screen(_)
        | Command::Restore(_)
        | Command::Import(_)
        | Command::Serve(_) => true,
        Command::Trial(t) => !matches!(t, TrialCommand::Report { .. }),
        Command::Exercises(a) => a.action.is_some(),
        Command::Remind(r) => !matches!(r, crate::cli::RemindCommand::Show),
        // `--open` without `-o` writes the page into the data dir.
        Command::Report(a) => a.open && a.output.is_none(),
        Command::Plan(_)
        | Command::History(_)
        | Command::Stats(_)
        | Command::Program(_)
        | Command::Export(_)
        | Command::Runs(_)
        | Command::Completions { .. }
        | Command::Man
        | Command::Help { .. } => false,
    }
}
