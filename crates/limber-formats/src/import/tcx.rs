//! TCX (Garmin Training Center XML): one run per `Activity`. The laps'
//! own `DistanceMeters` and `TotalTimeSeconds` are the distance and moving
//! time when every lap has them; otherwise the track points' cumulative
//! `DistanceMeters`, and last their positions. `Courses` are plans and are
//! ignored.

use quick_xml::events::{BytesStart, Event};

use limber_core::run::{Run, Sport};

use super::gpx::{cut_short, degrees};
use super::track::{Accumulator, Point};
use super::xml::{self, XmlCursor};
use super::{FileFields, ParseError, build_run};

pub fn parse(bytes: &[u8]) -> Result<Vec<Run>, ParseError> {
    let text = xml::text(bytes)?;
    let mut cur = XmlCursor::new(text);
    let mut runs = Vec::new();
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "TrainingCenterDatabase" | "Activities" => {}
                "Activity" => {
                    let sport = sport_of(&e, cur.line())?;
                    runs.push(activity(&mut cur, sport)?);
                }
                _ => cur.skip_element()?,
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if runs.is_empty() {
        return Err(ParseError::NoPoints);
    }
    Ok(runs)
}

fn sport_of(e: &BytesStart<'_>, line: usize) -> Result<Sport, ParseError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ParseError::Xml {
            line,
            message: err.to_string(),
        })?;
        if attr.key.local_name().as_ref() == "Sport" {
            return Ok(Sport::from_label(&attr.value));
        }
    }
    Ok(Sport::Running)
}

/// Sums of the laps' own fields; `None` once a lap lacks one.
#[derive(Default)]
struct Laps {
    first_start: Option<jiff::Timestamp>,
    distance: Option<f64>,
    time: Option<f64>,
    missing_distance: bool,
    missing_time: bool,
}

fn activity(cur: &mut XmlCursor<'_>, sport: Sport) -> Result<Run, ParseError> {
    let mut acc = Accumulator::new("line");
    let mut laps = Laps::default();
    let mut id_time = None;
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "Id" => {
                    let line = cur.line();
                    // An Id is a time in Garmin's files; others may put any text here.
                    id_time = xml::time(cur.text_of()?, line).ok();
                }
                "Lap" => {
                    let line = cur.line();
                    let start = lap_start(&e, line)?;
                    lap(cur, &mut acc, &mut laps, start)?;
                }
                _ => cur.skip_element()?,
            },
            Event::End(_) => break,
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
    let totals = acc.finish();
    let start = laps.first_start.or(id_time).or(totals.first);
    let moving = (!laps.missing_time).then_some(laps.time).flatten();
    let fields = FileFields {
        start,
        end: totals
            .last
            .or_else(|| Some(start? + jiff::SignedDuration::from_secs_f64(moving?))),
        distance_m: (!laps.missing_distance).then_some(laps.distance).flatten(),
        moving_s: moving,
        elevation_gain_m: None,
    };
    build_run(totals, fields, sport)
}

fn lap_start(e: &BytesStart<'_>, line: usize) -> Result<Option<jiff::Timestamp>, ParseError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ParseError::Xml {
            line,
            message: err.to_string(),
        })?;
        if attr.key.local_name().as_ref() == "StartTime" {
            return xml::time(&attr.value, line).map(Some);
        }
    }
    Ok(None)
}

fn lap(
    cur: &mut XmlCursor<'_>,
    acc: &mut Accumulator,
    laps: &mut Laps,
    start: Option<jiff::Timestamp>,
) -> Result<(), ParseError> {
    if laps.first_start.is_none() {
        laps.first_start = start;
    }
    let (mut distance, mut time) = (None, None);
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "DistanceMeters" => {
                    let line = cur.line();
                    distance = Some(xml::number(cur.text_of()?, "lap distance", line)?);
                }
                "TotalTimeSeconds" => {
                    let line = cur.line();
                    time = Some(xml::number(cur.text_of()?, "lap time", line)?);
                }
                "Track" => {
                    acc.break_segment();
                    track(cur, acc)?;
                }
                _ => cur.skip_element()?,
            },
            Event::End(_) => break,
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
    match distance {
        Some(d) => *laps.distance.get_or_insert(0.0) += d,
        None => laps.missing_distance = true,
    }
    match time {
        Some(t) => *laps.time.get_or_insert(0.0) += t,
        None => laps.missing_time = true,
    }
    Ok(())
}

fn track(cur: &mut XmlCursor<'_>, acc: &mut Accumulator) -> Result<(), ParseError> {
    loop {
        match cur.next()? {
            Event::Start(e) if e.local_name().as_ref() == "Trackpoint" => {
                let line = cur.line();
                acc.push(trackpoint(cur, line)?)?;
            }
            Event::Start(_) => cur.skip_element()?,
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}

fn trackpoint(cur: &mut XmlCursor<'_>, line: usize) -> Result<Point, ParseError> {
    let mut p = Point {
        at: line,
        ..Point::default()
    };
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "Time" => p.time = Some(xml::time(cur.text_of()?, line)?),
                "AltitudeMeters" => {
                    p.ele = Some(xml::number(cur.text_of()?, "altitude", line)?);
                }
                "DistanceMeters" => {
                    p.distance = Some(xml::number(cur.text_of()?, "distance", line)?);
                }
                "Position" => position(cur, &mut p, line)?,
                _ => cur.skip_element()?,
            },
            Event::End(_) => return Ok(p),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}

fn position(cur: &mut XmlCursor<'_>, p: &mut Point, line: usize) -> Result<(), ParseError> {
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "LatitudeDegrees" => p.lat = Some(degrees(cur.text_of()?, "latitude", 90.0, line)?),
                "LongitudeDegrees" => {
                    p.lon = Some(degrees(cur.text_of()?, "longitude", 180.0, line)?);
                }
                _ => cur.skip_element()?,
            },
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}
