//! The `limber` binary: parses the command line, picks the store and hands
//! each command its environment. Errors become the exit codes the CLI
//! contract promises (1 runtime, 2 bad input, 3 blocked by safety).
#![forbid(unsafe_code)]

mod cli;
mod command_error;
mod commands;
mod env;
mod format;
mod gate;
mod known;
mod morning;
mod planning;
mod prompt;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("limber: {e}");
            e.exit_code()
        }
    }
}

/// `LIMBER_LOG=debug` logs to stderr; silent otherwise. The full-screen
/// session never logs to the terminal.
fn init_logging() {
    if let Ok(filter) = std::env::var("LIMBER_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .with_ansi(std::env::var_os("NO_COLOR").is_none())
            .try_init();
    }
}
