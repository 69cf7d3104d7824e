//! Reading one user file: a regular file of bounded size, gunzipped when it
//! is gzip (by content, not by name), then parsed. Every error names the file.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{ParseError, Parsed, parse};

/// The largest file (and the largest decompressed content) limber reads:
/// a day-long FIT or GPX recording at one point a second is well under it,
/// and memory stays bounded whatever a file claims to hold.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file that could not be imported, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", file.display())]
pub struct FileError {
    pub file: PathBuf,
    pub problem: Problem,
}

impl FileError {
    /// Over [`MAX_FILE_BYTES`], as given or once gunzipped.
    pub fn is_too_large(&self) -> bool {
        matches!(self.problem, Problem::Parse(ParseError::TooLarge { .. }))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("cannot be read: {0}")]
    Io(String),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// Whether a file name looks like a run file (`.gpx`, `.tcx`, `.fit`,
/// each optionally `.gz`), for picking files out of a folder.
pub fn is_run_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".gpx", ".tcx", ".fit"]
        .iter()
        .any(|ext| base.ends_with(ext))
}

/// Reads and parses the run file at `path`.
pub fn load(path: &Path) -> Result<Parsed, FileError> {
    let fail = |problem: Problem| FileError {
        file: path.to_path_buf(),
        problem,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(Problem::Io(e.to_string())))?;
    if !meta.is_file() {
        return Err(fail(Problem::NotRegular(kind(&meta))));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            ParseError::TooLarge {
                limit: MAX_FILE_BYTES,
                decompressed: false,
            }
            .into(),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(Problem::Io(e.to_string())))?;
    let raw = read_capped(file, false).map_err(fail)?;
    load_bytes(path, raw)
}

/// Parses a run file already read (an upload), named `name` in every
/// error, with the limits of [`load`]: at most [`MAX_FILE_BYTES`] as given
/// and once gunzipped (gzip is recognised by content, not by name).
pub fn load_bytes(name: impl AsRef<Path>, raw: Vec<u8>) -> Result<Parsed, FileError> {
    let fail = |problem: Problem| FileError {
        file: name.as_ref().to_path_buf(),
        problem,
    };
    if raw.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(
            ParseError::TooLarge {
                limit: MAX_FILE_BYTES,
                decompressed: false,
            }
            .into(),
        ));
    }
    let bytes = if raw.starts_with(b"\x1f\x8b") {
        read_capped(flate2::read::MultiGzDecoder::new(raw.as_slice()), true).map_err(fail)?
    } else {
        raw
    };
    parse(&bytes).map_err(|e| fail(e.into()))
}

/// Reads at most [`MAX_FILE_BYTES`]; more is an error, not a truncation.
fn read_capped(source: impl Read, decompressing: bool) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    source
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            if decompressing {
                Problem::Parse(ParseError::Gzip(e.to_string()))
            } else {
                Problem::Io(e.to_string())
            }
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge {
            limit: MAX_FILE_BYTES,
            decompressed: decompressing,
        }
        .into());
    }
    Ok(bytes)
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "something else"
    }
}
