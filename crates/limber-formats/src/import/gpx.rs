//! GPX 1.0 and 1.1: `trk/trkseg/trkpt` with `lat`/`lon` attributes and
//! `ele` and `time` children. GPX has no distance or timer fields, so the
//! distance and moving time come from the points. Routes and waypoints are
//! plans, not runs, and are ignored. A track that names no sport (`type`,
//! GPX 1.1 only) counts as a run.

use quick_xml::events::{BytesStart, Event};

use limber_core::run::{Run, Sport};

use super::track::{Accumulator, Point};
use super::xml::{self, XmlCursor};
use super::{FileFields, ParseError, build_run};

pub fn parse(bytes: &[u8]) -> Result<Vec<Run>, ParseError> {
    let text = xml::text(bytes)?;
    let mut cur = XmlCursor::new(text);
    let mut acc = Accumulator::new("line");
    let mut sport = None;
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "gpx" => {}
                "trk" => track(&mut cur, &mut acc, &mut sport)?,
                _ => cur.skip_element()?,
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let run = build_run(
        acc.finish(),
        FileFields::default(),
        sport.unwrap_or(Sport::Running),
    )?;
    Ok(vec![run])
}

fn track(
    cur: &mut XmlCursor<'_>,
    acc: &mut Accumulator,
    sport: &mut Option<Sport>,
) -> Result<(), ParseError> {
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "type" => {
                    let label = cur.text_of()?;
                    sport.get_or_insert(Sport::from_label(label));
                }
                "trkseg" => {
                    acc.break_segment();
                    segment(cur, acc)?;
                }
                _ => cur.skip_element()?,
            },
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}

fn segment(cur: &mut XmlCursor<'_>, acc: &mut Accumulator) -> Result<(), ParseError> {
    loop {
        match cur.next()? {
            Event::Start(e) if e.local_name().as_ref() == "trkpt" => {
                let line = cur.line();
                let mut p = position(&e, line)?;
                point_children(cur, &mut p, line)?;
                acc.push(p)?;
            }
            Event::Empty(e) if e.local_name().as_ref() == "trkpt" => {
                let line = cur.line();
                acc.push(position(&e, line)?)?;
            }
            Event::Start(_) => cur.skip_element()?,
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}

fn point_children(cur: &mut XmlCursor<'_>, p: &mut Point, line: usize) -> Result<(), ParseError> {
    loop {
        match cur.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "ele" => {
                    let v = cur.text_of()?;
                    if !v.trim().is_empty() {
                        p.ele = Some(xml::number(v, "elevation", line)?);
                    }
                }
                "time" => {
                    let v = cur.text_of()?;
                    if !v.trim().is_empty() {
                        p.time = Some(xml::time(v, line)?);
                    }
                }
                _ => cur.skip_element()?,
            },
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(cur)),
            _ => {}
        }
    }
}

/// A track point's `lat` and `lon`, checked to be on the globe.
fn position(e: &BytesStart<'_>, line: usize) -> Result<Point, ParseError> {
    let mut p = Point {
        at: line,
        ..Point::default()
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ParseError::Xml {
            line,
            message: err.to_string(),
        })?;
        let value = &attr.value;
        match attr.key.local_name().as_ref() {
            "lat" => p.lat = Some(degrees(value, "latitude", 90.0, line)?),
            "lon" => p.lon = Some(degrees(value, "longitude", 180.0, line)?),
            _ => {}
        }
    }
    Ok(p)
}

pub(crate) fn degrees(
    value: &str,
    what: &'static str,
    limit: f64,
    line: usize,
) -> Result<f64, ParseError> {
    let v = xml::number(value, what, line)?;
    if v.abs() > limit {
        return Err(ParseError::BadValue {
            line,
            what,
            value: value.to_string(),
        });
    }
    Ok(v)
}

pub(crate) fn cut_short(cur: &mut XmlCursor<'_>) -> ParseError {
    ParseError::Xml {
        line: cur.line(),
        message: "the file ends inside an element".into(),
    }
}
