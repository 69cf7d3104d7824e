//! `limber import FILE|DIR...`: runs from GPX, TCX and FIT files. A file
//! that cannot be imported is reported with its reason and stores nothing;
//! the rest of the batch goes on. Exit 2 when any file was refused.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use limber_app::runs::{FileOutcome, collect, import_file};
use limber_core::run::Sport;

use crate::cli::ImportArgs;
use crate::command_error::CmdResult;
use crate::env::Env;

/// From this many files on, a terminal gets a progress bar.
const PROGRESS_FROM: usize = 20;

pub fn run(env: &Env, args: &ImportArgs) -> CmdResult<ExitCode> {
    let collected = collect(&args.paths);
    let store = env.store()?;
    let user = env.user();
    env.pin_timezone()?;

    let bar =
        (collected.files.len() >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(collected.files.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
    let mut refused = collected.unreadable;
    let (mut files_ok, mut added, mut duplicates) = (0usize, 0usize, 0usize);
    let mut other_sports: Vec<Sport> = Vec::new();
    for path in &collected.files {
        match env.block_on(import_file(store, user, path))? {
            FileOutcome::Imported {
                added: new,
                duplicates: dup,
                ..
            } => {
                files_ok += 1;
                added += new.len();
                duplicates += dup;
                other_sports.extend(new.iter().map(|(_, s)| *s).filter(|s| !s.is_running()));
            }
            FileOutcome::Refused(e) => {
                if let Some(bar) = &bar {
                    bar.suspend(|| eprintln!("limber: {e}"));
                } else {
                    eprintln!("limber: {e}");
                }
                refused.push(e);
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let mut out = std::io::stdout().lock();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    write!(
        out,
        "Imported {} from {}",
        plural(added, "new activity", "new activities"),
        plural(files_ok, "file", "files")
    )?;
    if !other_sports.is_empty() {
        other_sports.sort_by_key(|s| s.as_str());
        other_sports.dedup();
        let names: Vec<_> = other_sports.iter().map(|s| s.as_str()).collect();
        write!(
            out,
            " (including {}: kept, not counted as running)",
            names.join(", ")
        )?;
    }
    writeln!(out, ".")?;
    writeln!(
        out,
        "Already stored: {} (the same run from the same or another file).",
        duplicates
    )?;
    writeln!(out, "Skipped: {}.", plural(refused.len(), "file", "files"))?;
    for e in &refused {
        writeln!(out, "  {e}")?;
    }
    if collected.ignored > 0 {
        writeln!(
            out,
            "{} in the folders {} not named .gpx, .tcx or .fit and {} left alone.",
            plural(collected.ignored, "other file", "other files"),
            if collected.ignored == 1 { "is" } else { "are" },
            if collected.ignored == 1 {
                "was"
            } else {
                "were"
            },
        )?;
    }
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
