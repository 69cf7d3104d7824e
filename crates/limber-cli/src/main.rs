//! The `limber` binary: parses the command line, picks the store and hands
//! each command its environment. Errors become the exit codes the CLI
//! contract promises (1 runtime, 2 bad input, 3 blocked by safety).
#![forbid(unsafe_code)]

mod cli;
mod command_error;
mod commands;
mod database;
mod env;
mod flag_value;
mod format;
mod gate;
mod known;
mod morning;
mod planning;
mod progression;
mod prompt;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_quiet() => e.exit_code(),
        Err(e) => {
            for cause in e.causes() {
                tracing::debug!("caused by: {cause}");
            }
            eprintln!("limber: {e}");
            e.exit_code()
        }
    }
}

/// `LIMBER_LOG=debug` turns logging on: to stderr, or to `file` when the
/// terminal belongs to the full-screen session. Silent otherwise.
pub fn init_logging(file: Option<&std::path::Path>) {
    let Ok(filter) = std::env::var("LIMBER_LOG") else {
        return;
    };
    let builder =
        tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new(filter));
    let _ = match file.and_then(|f| {
        if let Some(dir) = f.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(f)
            .ok()
    }) {
        Some(f) => builder
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(f))
            .try_init(),
        None => builder
            .with_writer(std::io::stderr)
            .with_ansi(std::env::var_os("NO_COLOR").is_none())
            .try_init(),
    };
}
