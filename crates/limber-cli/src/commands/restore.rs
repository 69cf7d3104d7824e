//! `limber restore FILE`: loads a JSON backup into this data dir, or merges
//! it into the data already here without storing anything twice.

use limber_formats::export::backup::Backup;

use crate::cli::RestoreArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::{Env, read_bounded};

/// The largest backup limber restores. Ten years of daily use export to
/// about 16 MB; the cap keeps `/dev/zero` or a huge file from eating memory.
pub const MAX_BACKUP_BYTES: u64 = 256 * 1024 * 1024;

pub fn run(env: &Env, args: &RestoreArgs) -> CmdResult {
    let name = args.file.display();
    // Read and check the whole file before the database is even opened:
    // a bad file changes nothing.
    // Only a regular file of bounded size is read: `/dev/zero`, a FIFO or a
    // directory is refused by name before any memory is spent on it.
    let text = read_bounded(&args.file, MAX_BACKUP_BYTES)?;
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
