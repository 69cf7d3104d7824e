//! Run import: GPX 1.0/1.1, TCX and FIT (plain or gzip-compressed) to
//! [`limber_core::run::Run`].
//!
//! [`parse`] works on bytes and is what the fuzz targets drive; [`load`]
//! reads a file with the limits a user's file needs (a regular file, at most
//! [`MAX_FILE_BYTES`] on disk and after decompression) and names the file
//! in every error. Nothing here touches the store: a file either parses
//! whole or gives an error, so a caller never stores half of one.

mod file;
pub mod fit;
pub mod gpx;
pub mod tcx;
pub mod track;
mod xml;

use jiff::Timestamp;
use limber_core::run::{DistanceSource, Run, Sport};

pub use file::{FileError, MAX_FILE_BYTES, Problem, is_run_file_name, load, load_bytes};

/// The formats limber reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gpx,
    Tcx,
    Fit,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
            Format::Fit => "FIT",
        })
    }
}

/// What a file held: one run per activity (a multisport FIT file or a TCX
/// with several activities holds more than one).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    pub runs: Vec<Run>,
}

/// Why a file's contents are not a run limber can import. `at` is a line
/// for GPX and TCX, a record number for FIT.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("is a zip archive, not a GPX, TCX or FIT file: unzip it and import the folder")]
    Zip,
    #[error("is not a GPX, TCX or FIT file ({0})")]
    NotRecognized(String),
    #[error(
        "line {line}: has a DOCTYPE declaration; GPX and TCX files never need one and limber does not expand its entities"
    )]
    Doctype { line: usize },
    #[error("line {line}: malformed XML: {message}")]
    Xml { line: usize, message: String },
    #[error("line {line}: {what} {value:?} is not valid")]
    BadValue {
        line: usize,
        what: &'static str,
        value: String,
    },
    #[error("has no track points")]
    NoPoints,
    #[error("has no times on most of its track points: limber needs to know when you ran")]
    NoTimes,
    #[error(
        "{unit} {at}: the time {time} is before the previous point's {prev} ({unit} {prev_at}): the points are out of order"
    )]
    OutOfOrder {
        unit: &'static str,
        at: usize,
        time: Timestamp,
        prev_at: usize,
        prev: Timestamp,
    },
    #[error("ends {0} seconds before it starts")]
    EndsBeforeStart(i64),
    #[error("FIT: {0}")]
    Fit(String),
    #[error("FIT: the checksum (CRC) does not match: the file is damaged")]
    FitCrc,
    #[error("FIT: the file is cut short (it ends before its checksum)")]
    FitTruncated,
    #[error("FIT: is a {0} file, not an activity")]
    FitNotActivity(String),
    #[error("gzip: {0}")]
    Gzip(String),
    #[error("is larger than {limit} bytes{after}", after = if *.decompressed { " once decompressed" } else { "" })]
    TooLarge { limit: u64, decompressed: bool },
}

/// The format of `bytes`, by content (never by file name), or why not.
pub fn sniff(bytes: &[u8]) -> Result<Format, ParseError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Err(ParseError::Zip);
    }
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        return Ok(Format::Fit);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let trimmed = text.trim_ascii_start();
    if trimmed.starts_with(b"<") {
        return xml::root_format(trimmed);
    }
    Err(ParseError::NotRecognized(if bytes.is_empty() {
        "it is empty".into()
    } else if bytes.starts_with(b"\x1f\x8b") {
        "it is gzip-compressed twice".into()
    } else {
        "its first bytes are neither XML nor a FIT header".into()
    }))
}

/// Parses an uncompressed GPX, TCX or FIT file.
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let format = sniff(bytes)?;
    let runs = match format {
        Format::Gpx => gpx::parse(bytes)?,
        Format::Tcx => tcx::parse(bytes)?,
        Format::Fit => fit::parse(bytes)?,
    };
    Ok(Parsed { format, runs })
}

/// What a format read for one activity besides its points; a field the
/// file gives wins over the one computed from points.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FileFields {
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub distance_m: Option<f64>,
    pub moving_s: Option<f64>,
    pub elevation_gain_m: Option<f64>,
}

/// One run from an activity's points and the file's own fields.
pub(crate) fn build_run(
    totals: track::Totals,
    fields: FileFields,
    sport: Sport,
) -> Result<Run, ParseError> {
    // A track most of whose points have no time (a drawn route with a
    // few stamped points) says nothing true about when or how fast.
    if fields.start.is_none() && totals.points > 0 && totals.timed * 2 < totals.points {
        return Err(ParseError::NoTimes);
    }
    let start = fields.start.or(totals.first);
    let end = fields.end.or(totals.last);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(if totals.points == 0 {
            ParseError::NoPoints
        } else {
            ParseError::NoTimes
        });
    };
    if end < start {
        return Err(ParseError::EndsBeforeStart(
            start.duration_since(end).as_secs(),
        ));
    }
    let own = fields
        .distance_m
        .filter(|d| d.is_finite() && *d >= 0.0)
        .or(totals.file_distance_m);
    let (distance_m, distance_source) = match (own, totals.distance_m) {
        (Some(d), _) => (d, DistanceSource::File),
        (None, Some(d)) => (d, DistanceSource::Points),
        (None, None) => (0.0, DistanceSource::None),
    };
    let elapsed = end.duration_since(start).as_secs_f64();
    let moving_s = fields
        .moving_s
        .filter(|m| m.is_finite() && *m >= 0.0)
        .unwrap_or(totals.moving_s)
        .min(elapsed);
    Ok(Run {
        start,
        end,
        sport,
        distance_m,
        distance_source,
        moving_s,
        elevation_gain_m: fields
            .elevation_gain_m
            .filter(|e| e.is_finite() && *e >= 0.0)
            .or(totals.elevation_gain_m),
    })
}
