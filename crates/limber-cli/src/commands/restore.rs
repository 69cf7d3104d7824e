//! `limber restore FILE`: loads a JSON backup into this data dir, or merges
//! it into the data already here without storing anything twice.

use limber_formats::export::backup::Backup;

use crate::cli::RestoreArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(env: &Env, args: &RestoreArgs) -> CmdResult {
    let name = args.file.display();
    // Read and check the whole file before the database is even opened:
    // a bad file changes nothing.
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CommandError::usage(format!("cannot read {name}: {e}")).because(e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CommandError::usage(format!(
            "{name} cannot be restored: it is not text (invalid UTF-8 at byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let backup = Backup::from_json(&text)
        .map_err(|e| CommandError::usage(format!("{name} cannot be restored: {e}")).because(e))?;
    let store = env.store()?;
    let r = env.block_on(limber_app::backup::restore(store, env.user(), &backup))?;
    println!(
        "Restored from {name}: {} session(s), {} diary entr{}, {} run(s), {} screen(s){}.",
        r.sessions,
        r.pain_entries,
        if r.pain_entries == 1 { "y" } else { "ies" },
        r.runs,
        r.screens,
        if r.settings { " and your settings" } else { "" },
    );
    if r.already_there > 0 {
        println!(
            "{} record(s) in the backup were already here and were left as they were.",
            r.already_there
        );
    }
    Ok(())
}
