//! `limber report [-o FILE] [--open]`: the HTML report.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::ReportArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

/// The file `--open` writes when no `-o` is given.
pub const DEFAULT_FILE: &str = "report.html";

pub fn run(env: &Env, args: &ReportArgs) -> CmdResult {
    let store = env.store()?;
    let data = env
        .block_on(limber_app::report::gather(
            store,
            env.user(),
            &env.catalog,
            env.now(),
        ))
        .map_err(CommandError::failed)?;
    let html = limber_report::render(&data);
    let path: Option<PathBuf> = match (&args.output, args.open) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => Some(env.data_dir.join(DEFAULT_FILE)),
        (None, false) => None,
    };
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        out.write_all(html.as_bytes())?;
        return Ok(out.flush()?);
    };
    super::export::write_file(&path, html.as_bytes())?;
    println!("Wrote the report to {}.", path.display());
    if args.open {
        open(&path);
    }
    Ok(())
}

/// Opens `path` with the desktop's opener, when there is one; says where
/// the file is otherwise. Never fails the command: the report is written.
fn open(path: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
    {
        Ok(s) if s.success() => println!("Opened it in your browser."),
        _ => println!(
            "No browser could be started here ({opener}); open {} yourself.",
            path.display()
        ),
    }
}
