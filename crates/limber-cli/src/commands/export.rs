//! `limber export --format json|csv|fhir|ics [-o FILE|DIR]`: the user's data, written out.

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportArgs, ExportFormat};
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;

pub fn run(env: &Env, args: &ExportArgs) -> CmdResult {
    if args.format == ExportFormat::Csv && args.output.is_none() {
        return Err(CommandError::usage(
            "--format csv writes several files: give a directory with -o DIR",
        ));
    }
    let fhir_only = (args.patient_name.is_some() || args.self_reported_sciatica)
        && args.format != ExportFormat::Fhir;
    if fhir_only {
        return Err(CommandError::usage(
            "--patient-name and --self-reported-sciatica go with --format fhir only",
        ));
    }
    let patient_name = args.patient_name.as_deref().map(str::trim);
    if patient_name.is_some_and(|n| n.is_empty() || n.chars().any(char::is_control)) {
        return Err(CommandError::usage(
            "--patient-name: give a name of printable characters, not an empty one",
        ));
    }
    let details = limber_formats::export::fhir::PatientDetails {
        name: patient_name.map(str::to_string),
        self_reported_sciatica: args.self_reported_sciatica,
    };
    let store = env.store()?;
    let data = env.block_on(limber_app::backup::backup(store, env.user()))?;
    let name = |id: &limber_core::ExerciseId| {
        env.catalog
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.seed_name.clone())
    };
    let text = match args.format {
        ExportFormat::Json => data.to_json(),
        ExportFormat::Fhir => limber_formats::export::fhir::bundle(&data, &name, &details),
        ExportFormat::Ics => limber_formats::export::ics::calendar(&data, &name, &env.tz()?),
        ExportFormat::Csv => {
            let dir = args.output.as_deref().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).map_err(|e| {
                CommandError::runtime(format!("cannot create {}: {e}", dir.display())).because(e)
            })?;
            let files = limber_formats::export::csv::files(&data);
            for f in &files {
                write_file(&dir.join(f.name), f.text.as_bytes())?;
            }
            let names: Vec<_> = files.iter().map(|f| f.name).collect();
            println!("Wrote {} in {}.", names.join(", "), dir.display());
            return Ok(());
        }
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
    let fail = |e: std::io::Error| {
        CommandError::runtime(format!("cannot write {}: {e}", path.display())).because(e)
    };
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
