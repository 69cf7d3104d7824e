//! Importing run files into the store: which files a set of paths means,
//! and one file at a time, all of its runs or none.

use std::path::{Path, PathBuf};

use limber_core::run::{RunAdded, RunId, Sport};
use limber_formats::import::{self, FileError, Format, Problem};
use limber_store::{Store, StoreError, UserId};
use serde::Serialize;

use crate::output;

/// The largest run file limber reads (also once gunzipped).
pub use limber_formats::import::MAX_FILE_BYTES;

/// The files a list of command-line paths means.
#[derive(Debug, Default)]
pub struct Collected {
    /// Files to import, in the order given; a folder's in name order.
    pub files: Vec<PathBuf>,
    /// Folders that could not be listed.
    pub unreadable: Vec<FileError>,
    /// Files in folders that are not run files by name (a bulk export's
    /// CSVs and photos), left alone.
    pub ignored: usize,
}

/// Files named are always tried, whatever their name; folders are searched
/// recursively for `.gpx`, `.tcx`, `.fit` (each maybe `.gz`). Symbolic links
/// to folders are not followed, so a link loop cannot trap the walk.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut c = Collected::default();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut c);
        } else {
            c.files.push(p.clone());
        }
    }
    c
}

fn walk(dir: &Path, c: &mut Collected) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            c.unreadable.push(FileError {
                file: dir.to_path_buf(),
                problem: Problem::Io(e.to_string()),
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, c);
        } else if import::is_run_file_name(&entry.file_name().to_string_lossy()) {
            c.files.push(path);
        } else {
            c.ignored += 1;
        }
    }
}

/// How one file went.
#[derive(Debug)]
pub enum FileOutcome {
    Imported {
        format: Format,
        /// The new runs' ids and sports.
        added: Vec<(RunId, Sport)>,
        /// Runs the store already had.
        duplicates: usize,
    },
    /// Not imported; nothing from it was stored.
    Refused(FileError),
}

/// Parses the file at `path` whole, then stores all its runs in one
/// transaction. A file that does not parse stores nothing; only a store
/// failure is an `Err`.
pub async fn import_file<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    path: &Path,
) -> Result<FileOutcome, StoreError> {
    store_parsed(store, user, import::load(path)).await
}

/// [`import_file`] for a file already read (an upload), named `name` in
/// its errors, with the same limits. Parsing up to
/// [`import::MAX_FILE_BYTES`] is CPU work, so it runs off the async threads.
pub async fn import_bytes<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    name: &str,
    bytes: Vec<u8>,
) -> Result<FileOutcome, StoreError> {
    let owned = name.to_string();
    let parsed = tokio::task::spawn_blocking(move || import::load_bytes(owned, bytes))
        .await
        .map_err(|e| StoreError::backend("parsing an uploaded run file", e))?;
    store_parsed(store, user, parsed).await
}

/// Stores all the runs of a parsed file in one transaction, or says why
/// the file was refused.
async fn store_parsed<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    parsed: Result<import::Parsed, FileError>,
) -> Result<FileOutcome, StoreError> {
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => return Ok(FileOutcome::Refused(e)),
    };
    let outcomes = store.add_runs(user, &parsed.runs).await?;
    let mut added = Vec::new();
    let mut duplicates = 0;
    for (outcome, run) in outcomes.iter().zip(&parsed.runs) {
        match outcome {
            RunAdded::New(id) => added.push((*id, run.sport)),
            RunAdded::Duplicate(_) => duplicates += 1,
        }
    }
    Ok(FileOutcome::Imported {
        format: parsed.format,
        added,
        duplicates,
    })
}

impl FileOutcome {
    /// What an upload is answered with, or why the file was refused.
    pub fn output(&self, file: &str) -> Result<ImportOutput, &FileError> {
        match self {
            FileOutcome::Imported {
                format,
                added,
                duplicates,
            } => Ok(ImportOutput {
                file: file.to_string(),
                format: format.to_string(),
                imported: added
                    .iter()
                    .map(|(id, sport)| ImportedRun {
                        id: id.to_string(),
                        sport: (*sport).into(),
                    })
                    .collect(),
                duplicates: *duplicates,
            }),
            FileOutcome::Refused(e) => Err(e),
        }
    }
}

/// How one uploaded file went (`POST /api/v1/runs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOutput {
    /// The file's name, as the upload gave it.
    pub file: String,
    /// `GPX`, `TCX` or `FIT`, by content.
    pub format: String,
    /// The runs (or other activities) stored from it.
    pub imported: Vec<ImportedRun>,
    /// Runs the store already had (the same file again, or the same run
    /// from another format): not stored twice.
    pub duplicates: usize,
}

/// One activity stored from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedRun {
    pub id: String,
    pub sport: output::runs::Sport,
}

/// Every run, oldest first, each with its cool-down: `limber runs --json`
/// and `GET /api/v1/runs`.
pub async fn listed<S: Store + ?Sized>(
    store: &S,
    user: UserId,
) -> Result<Vec<output::RunOutput>, StoreError> {
    let (runs, sessions) = tokio::join!(store.runs(user, None), store.sessions(user, None));
    let sessions = sessions?;
    Ok(runs?
        .iter()
        .map(|r| output::RunOutput::new(r, &sessions))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use limber_store_sqlite::SqliteStore;
    use limber_testutil::runfiles::{self, straight_track};

    const START: i64 = 1_796_022_000;

    #[test]
    fn folders_are_searched_recursively_for_run_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("export/activities")).unwrap();
        for name in [
            "export/activities/b.fit.gz",
            "export/activities/a.GPX",
            "export/x.tcx",
        ] {
            std::fs::write(d.join(name), b"").unwrap();
        }
        std::fs::write(d.join("export/activities.csv"), b"").unwrap();
        std::fs::write(d.join("export/photo.jpg"), b"").unwrap();
        std::fs::write(d.join("named.txt"), b"").unwrap();
        std::os::unix::fs::symlink(d.join("export"), d.join("export/activities/loop")).unwrap();
        let c = collect(&[d.join("export"), d.join("named.txt")]);
        let rel: Vec<_> = c
            .files
            .iter()
            .map(|f| f.strip_prefix(d).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            rel,
            [
                "export/activities/a.GPX",
                "export/activities/b.fit.gz",
                "export/x.tcx",
                "named.txt"
            ]
            .map(PathBuf::from)
        );
        // The CSV, the photo and the symlinked folder.
        assert_eq!(c.ignored, 3);
    }

    #[tokio::test]
    async fn a_bad_file_stores_nothing_and_a_good_one_stores_its_runs_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_in_memory().await.unwrap();
        let good = dir.path().join("run.gpx");
        std::fs::write(
            &good,
            runfiles::gpx(START, &straight_track(20, 10), Some("running")),
        )
        .unwrap();
        let bad = dir.path().join("bad.gpx");
        std::fs::write(&bad, "<gpx><trk><trkseg></trkseg></trk></gpx>").unwrap();

        let FileOutcome::Refused(e) = import_file(&store, 1, &bad).await.unwrap() else {
            panic!("a file with no points is refused");
        };
        assert!(e.to_string().starts_with(&bad.display().to_string()), "{e}");
        assert!(store.runs(1, None).await.unwrap().is_empty());

        let first = import_file(&store, 1, &good).await.unwrap();
        assert!(
            matches!(&first, FileOutcome::Imported { added, duplicates: 0, .. } if added.len() == 1),
            "{first:?}"
        );
        let again = import_file(&store, 1, &good).await.unwrap();
        assert!(
            matches!(&again, FileOutcome::Imported { added, duplicates: 1, .. } if added.is_empty()),
            "{again:?}"
        );
        assert_eq!(store.runs(1, None).await.unwrap().len(), 1);
    }
}
