//! `limber export --format json [-o FILE]`: the user's data, written out.

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportArgs, ExportFormat};
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(env: &Env, args: &ExportArgs) -> CmdResult {
    let store = env.store()?;
    let text = match args.format {
        ExportFormat::Json => env
            .block_on(limber_app::backup::backup(store, env.user()))?
            .to_json(),
    };
    match &args.output {
        Some(path) => write_file(path, text.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so a
/// failed export never leaves half a file where a good one was.
pub fn write_file(path: &Path, bytes: &[u8]) -> CmdResult {
    let fail =
        |e: std::io::Error| CommandError::runtime(format!("cannot write {}: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| {
        CommandError::usage(format!("-o {}: expected a file name", path.display()))
    })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".limber-tmp");
    let tmp = dir.join(tmp_name);
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}
