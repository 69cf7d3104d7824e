//! FIT (Garmin, Coros, Wahoo, Suunto, Polar…) through the `fitparser`
//! crate, which decodes the FIT profile: compressed-timestamp headers,
//! developer fields, chained files (several FIT files back to back) and the
//! header and file CRCs, which are checked.
//!
//! Records are decoded one at a time as a stream; only the few fields a run
//! needs are kept per point. Each `session` message is one run, with the
//! session's own distance, timer time and ascent; a file with no session
//! message (a watch that died before saving it) becomes one run from its
//! records.

use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};
use jiff::Timestamp;

use limber_core::run::{Run, Sport};

use super::track::{Accumulator, Point};
use super::{FileFields, ParseError, build_run};

/// Semicircles (FIT's position unit) to degrees: 180 / 2^31.
const DEGREES_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;

#[derive(Debug, Default)]
struct Session {
    fields: FileFields,
    sport: Option<String>,
    sub_sport: Option<String>,
}

pub fn parse(bytes: &[u8]) -> Result<Vec<Run>, ParseError> {
    // The decoder is a dependency: should a damaged file still find a panic
    // in it (fuzzing found two, now checked for above it), that file is
    // refused like any other damaged file instead of ending the whole batch.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode(bytes))).unwrap_or_else(|_| {
        Err(ParseError::Fit(
            "the file is damaged in a way the decoder could not handle".into(),
        ))
    })
}

fn decode(bytes: &[u8]) -> Result<Vec<Run>, ParseError> {
    let mut processor = FitStreamProcessor::new();
    let mut input = bytes;
    let mut points: Vec<Point> = Vec::new();
    let mut sessions: Vec<Session> = Vec::new();
    let mut file_type: Option<String> = None;
    // Inside a FIT file whose CRC has not been read yet.
    let mut open = false;
    // Where the open file's records end and its CRC starts.
    let mut data_end = 0usize;
    let mut record_no = 0usize;
    // The open file's header says it holds no records.
    let mut said_empty = false;
    while !input.is_empty() {
        let offset = bytes.len() - input.len();
        if !open {
            check_header(input, offset)?;
        } else if offset > data_end {
            // The decoder would take the bytes that follow for a new header.
            return Err(ParseError::Fit(format!(
                "a record runs past the end of the file's data (byte {data_end})"
            )));
        }
        let (rest, obj) = processor
            .deserialize_next(input)
            .map_err(|e| match *e {
                // A header that was never updated with the size of what
                // follows: the records are read as the checksum, which
                // then does not match. Say what is wrong, not just "CRC".
                ErrorKind::InvalidCrc(..) if open && said_empty => ParseError::Fit(format!(
                    "the header says the file holds no records, yet {} bytes follow it: the file was not written to the end",
                    bytes.len() - data_end
                )),
                other => error(other, open),
            })?;
        input = rest;
        match obj {
            FitObject::Header(h) => {
                // Known up front: the header says how long the file is.
                data_end = offset + usize::from(h.header_size()) + h.data_size() as usize;
                said_empty = h.data_size() == 0;
                if data_end + 2 > bytes.len() {
                    return Err(ParseError::FitTruncated);
                }
                open = true;
            }
            FitObject::Crc(_) => {
                open = false;
                processor.reset();
            }
            FitObject::DefinitionMessage(_) => {}
            FitObject::DataMessage(msg) => {
                record_no += 1;
                let rec = processor.decode_message(msg).map_err(|e| error(*e, open))?;
                match rec.kind() {
                    MesgNum::FileId => {
                        if let Some(Value::String(t)) = field(&rec, "type") {
                            file_type.get_or_insert_with(|| t.clone());
                        }
                    }
                    MesgNum::Record => points.push(point(&rec, record_no)),
                    MesgNum::Session => sessions.push(session(&rec)),
                    _ => {}
                }
            }
        }
    }
    if open {
        return Err(ParseError::FitTruncated);
    }
    if let Some(t) = file_type.filter(|t| t != "activity") {
        return Err(ParseError::FitNotActivity(t.replace('_', " ")));
    }

    if sessions.is_empty() {
        let mut acc = Accumulator::new("record");
        for p in points {
            acc.push(p)?;
        }
        return Ok(vec![build_run(
            acc.finish(),
            FileFields::default(),
            Sport::Running,
        )?]);
    }
    sessions
        .into_iter()
        .map(|s| {
            // The session's own records: those inside its start and end.
            let mut acc = Accumulator::new("record");
            for p in &points {
                let inside = match (p.time, s.fields.start, s.fields.end) {
                    (Some(t), Some(a), Some(b)) => t >= a && t <= b,
                    _ => true,
                };
                if inside {
                    acc.push(*p)?;
                }
            }
            build_run(
                acc.finish(),
                s.fields,
                sport(s.sport.as_deref(), s.sub_sport.as_deref()),
            )
        })
        .collect()
}

/// The FIT header limber accepts, checked before the decoder sees it (the
/// decoder's own handling of a short or odd-sized header can overflow):
/// 12 or 14 bytes, all present, and the ".FIT" signature.
fn check_header(input: &[u8], offset: usize) -> Result<(), ParseError> {
    let size = usize::from(input[0]);
    if size != 12 && size != 14 {
        return Err(ParseError::Fit(if offset == 0 {
            format!("the header size is {size} bytes; FIT headers have 12 or 14")
        } else {
            format!(
                "{} bytes after the end of the file at byte {offset} are not another FIT file",
                input.len()
            )
        }));
    }
    if input.len() < size {
        return Err(ParseError::FitTruncated);
    }
    if &input[8..12] != b".FIT" {
        return Err(ParseError::Fit(format!(
            "{} bytes after the end of the file at byte {offset} are not another FIT file",
            input.len()
        )));
    }
    Ok(())
}

fn error(e: ErrorKind, open: bool) -> ParseError {
    match e {
        ErrorKind::InvalidCrc(..) => ParseError::FitCrc,
        ErrorKind::UnexpectedEof(_) => ParseError::FitTruncated,
        ErrorKind::ParseError(..) if !open => {
            ParseError::Fit("bytes after the end of the file are not another FIT file".into())
        }
        other => ParseError::Fit(other.to_string()),
    }
}

fn field<'r>(rec: &'r FitDataRecord, name: &str) -> Option<&'r Value> {
    rec.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn number(v: &Value) -> Option<f64> {
    let x = match *v {
        Value::Byte(x) | Value::UInt8(x) | Value::UInt8z(x) | Value::Enum(x) => f64::from(x),
        Value::SInt8(x) => f64::from(x),
        Value::SInt16(x) => f64::from(x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(x),
        Value::SInt32(x) => f64::from(x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(x),
        Value::SInt64(x) => x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => x as f64,
        Value::Float32(x) => f64::from(x),
        Value::Float64(x) => x,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn time(v: &Value) -> Option<Timestamp> {
    match v {
        Value::Timestamp(t) => Timestamp::from_millisecond(t.timestamp_millis()).ok(),
        _ => None,
    }
}

fn num_field(rec: &FitDataRecord, name: &str) -> Option<f64> {
    field(rec, name).and_then(number)
}

fn point(rec: &FitDataRecord, record_no: usize) -> Point {
    let degrees = |name| {
        num_field(rec, name)
            .map(|s| s * DEGREES_PER_SEMICIRCLE)
            .filter(|d| d.abs() <= 180.0)
    };
    Point {
        time: field(rec, "timestamp").and_then(time),
        lat: degrees("position_lat").filter(|d| d.abs() <= 90.0),
        lon: degrees("position_long"),
        ele: num_field(rec, "enhanced_altitude").or_else(|| num_field(rec, "altitude")),
        distance: num_field(rec, "distance"),
        at: record_no,
    }
}

fn session(rec: &FitDataRecord) -> Session {
    let text = |name| match field(rec, name) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let start = field(rec, "start_time").and_then(time);
    let elapsed = num_field(rec, "total_elapsed_time");
    let end = match (start, elapsed) {
        (Some(s), Some(e)) if e >= 0.0 => Some(s + jiff::SignedDuration::from_secs_f64(e)),
        _ => field(rec, "timestamp").and_then(time),
    };
    Session {
        fields: FileFields {
            start,
            end,
            distance_m: num_field(rec, "total_distance"),
            moving_s: num_field(rec, "total_timer_time"),
            elevation_gain_m: num_field(rec, "total_ascent"),
        },
        sport: text("sport"),
        sub_sport: text("sub_sport"),
    }
}

/// FIT's sport and sub-sport names to limber's sports.
fn sport(sport: Option<&str>, sub: Option<&str>) -> Sport {
    match (sport, sub) {
        (Some("running"), Some("treadmill" | "indoor_running" | "virtual_activity")) => {
            Sport::Treadmill
        }
        (Some("running"), Some("trail")) => Sport::TrailRunning,
        (Some("running"), _) => Sport::Running,
        (Some("walking"), _) => Sport::Walking,
        (Some("hiking"), _) => Sport::Hiking,
        (Some("cycling" | "e_biking"), _) => Sport::Cycling,
        (Some("swimming"), _) => Sport::Swimming,
        (Some(other), _) => Sport::from_label(other),
        (None, _) => Sport::Running,
    }
}
