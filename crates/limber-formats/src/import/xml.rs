//! What GPX and TCX share: a streaming `quick-xml` reader over the file's
//! text that refuses DTDs (so no entity is ever expanded, and an
//! entity-expansion bomb costs nothing), and line numbers for errors.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Format, ParseError};

/// The format named by the root element, looked up by a plain scan of the
/// prolog (declaration, comments, processing instructions).
pub(crate) fn root_format(text: &[u8]) -> Result<Format, ParseError> {
    let mut rest = text;
    loop {
        rest = rest.trim_ascii_start();
        if rest.starts_with(b"<?") {
            rest = after(rest, b"?>").ok_or_else(|| not_xml("an unclosed <? ?>"))?;
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->").ok_or_else(|| not_xml("an unclosed comment"))?;
        } else if rest.starts_with(b"<!") {
            let line = line_at(text, text.len() - rest.len());
            return Err(ParseError::Doctype { line });
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            let end = tag
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(tag.len());
            let name = &tag[..end];
            let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
            return match local {
                b"gpx" => Ok(Format::Gpx),
                b"TrainingCenterDatabase" => Ok(Format::Tcx),
                other => Err(ParseError::NotRecognized(format!(
                    "an XML file whose root element is <{}>",
                    String::from_utf8_lossy(&other[..other.len().min(40)])
                ))),
            };
        } else {
            return Err(not_xml("no root element"));
        }
    }
}

fn not_xml(what: &str) -> ParseError {
    ParseError::NotRecognized(format!("XML with {what}"))
}

fn after<'a>(s: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    s.windows(end.len())
        .position(|w| w == end)
        .map(|i| &s[i + end.len()..])
}

/// 1-based line of byte `pos`.
fn line_at(text: &[u8], pos: usize) -> usize {
    1 + text[..pos.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// The file as UTF-8 text without its byte-order mark.
pub(crate) fn text(bytes: &[u8]) -> Result<&str, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = line_at(bytes, e.valid_up_to());
        ParseError::Xml {
            line,
            message: "the text is not UTF-8".into(),
        }
    })
}

/// A streaming reader that knows the line it is on.
pub(crate) struct XmlCursor<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    counted_to: usize,
    line: usize,
}

impl<'a> XmlCursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().trim_text(true);
        Self {
            reader,
            text,
            counted_to: 0,
            line: 1,
        }
    }

    /// The next event; a DOCTYPE is an error. Entity references (`&amp;`)
    /// are passed through unexpanded: no number or time limber reads has one.
    pub(crate) fn next(&mut self) -> Result<Event<'a>, ParseError> {
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(ParseError::Doctype { line: self.line() }),
            Ok(e) => Ok(e),
            Err(e) => {
                let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                Err(ParseError::Xml {
                    line: line_at(self.text.as_bytes(), pos),
                    message: e.to_string(),
                })
            }
        }
    }

    /// The line the reader is on (counted incrementally, so asking often
    /// stays linear in the file size).
    pub(crate) fn line(&mut self) -> usize {
        let pos = usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if pos > self.counted_to {
            self.line += self.text.as_bytes()[self.counted_to..pos]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.counted_to = pos;
        }
        self.line
    }

    /// The text content of the element just started, up to its end tag.
    pub(crate) fn text_of(&mut self) -> Result<&'a str, ParseError> {
        let mut out: &'a str = "";
        loop {
            match self.next()? {
                Event::Text(t) => {
                    if let std::borrow::Cow::Borrowed(s) = t.into_inner() {
                        out = s;
                    }
                }
                Event::End(_) => return Ok(out),
                Event::Start(_) => {
                    // Nested markup inside a value element: skip it whole.
                    self.skip_element()?;
                }
                Event::Eof => {
                    return Err(ParseError::Xml {
                        line: self.line(),
                        message: "the file ends inside an element".into(),
                    });
                }
                _ => {}
            }
        }
    }

    /// Skips to the end of the element just started.
    pub(crate) fn skip_element(&mut self) -> Result<(), ParseError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    return Err(ParseError::Xml {
                        line: self.line(),
                        message: "the file ends inside an element".into(),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Parses a number, naming what it was and where when it is not one.
pub(crate) fn number(value: &str, what: &'static str, line: usize) -> Result<f64, ParseError> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ParseError::BadValue {
            line,
            what,
            value: clip(value),
        }),
    }
}

/// Parses an ISO 8601 / RFC 3339 time ("2026-11-30T07:02:11Z", with or
/// without fractions or an offset). A time without an offset is taken as UTC,
/// as GPX requires.
pub(crate) fn time(value: &str, line: usize) -> Result<jiff::Timestamp, ParseError> {
    let v = value.trim();
    if let Some(t) = utc_fast(v.as_bytes()) {
        return Ok(t);
    }
    v.parse::<jiff::Timestamp>()
        .or_else(|_| {
            v.parse::<jiff::civil::DateTime>()
                .map_err(|_| ())
                .and_then(|dt| jiff::tz::TimeZone::UTC.to_timestamp(dt).map_err(|_| ()))
        })
        .map_err(|()| ParseError::BadValue {
            line,
            what: "time",
            value: clip(value),
        })
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z` (up to nanoseconds), the form nearly every device writes,
/// without the general parser (a third of a large GPX file's parse time).
/// Anything else (offsets, leap seconds, odd widths) returns `None` and goes
/// the general way.
fn utc_fast(b: &[u8]) -> Option<jiff::Timestamp> {
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let rest = &b[19..];
    let (frac, z) = match rest.split_first()? {
        (b'.', tail) => {
            let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 || tail.get(digits..) != Some(b"Z") {
                return None;
            }
            if digits > 9 {
                return None;
            }
            let n = tail[..digits]
                .iter()
                .fold(0i32, |a, c| a * 10 + i32::from(c - b'0'));
            (n * 10i32.pow(9 - digits as u32), true)
        }
        (b'Z', []) => (0, true),
        _ => return None,
    };
    if !z {
        return None;
    }
    // jiff checks the ranges (month lengths, leap years) and does the
    // calendar; only the byte scanning above is hand-written.
    let small = |v: i64| i8::try_from(v).ok();
    let dt = jiff::civil::DateTime::new(
        i16::try_from(y).ok()?,
        small(mo)?,
        small(d)?,
        small(h)?,
        small(mi)?,
        small(s)?,
        frac,
    )
    .ok()?;
    jiff::tz::Offset::UTC.to_timestamp(dt).ok()
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_element_decides_the_format() {
        assert_eq!(
            root_format(b"<?xml version='1.0'?>\n<!-- x --><gpx version='1.1'>"),
            Ok(Format::Gpx)
        );
        assert_eq!(
            root_format(b"<TrainingCenterDatabase xmlns='x'>"),
            Ok(Format::Tcx)
        );
        assert_eq!(root_format(b"<ns:gpx>"), Ok(Format::Gpx));
        assert!(
            matches!(root_format(b"<html>"), Err(ParseError::NotRecognized(m)) if m.contains("<html>"))
        );
        assert_eq!(
            root_format(b"<?xml version='1.0'?>\n<!DOCTYPE lolz [<!ENTITY a 'b'>]><gpx/>"),
            Err(ParseError::Doctype { line: 2 })
        );
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_parser() {
        for t in [
            "2026-11-30T07:02:11Z",
            "2024-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00Z",
            "1901-12-13T20:45:52.2073437Z",
            "2000-03-01T00:00:00.5Z",
            "1999-12-31T12:00:00.12Z",
        ] {
            assert_eq!(utc_fast(t.as_bytes()), Some(t.parse().unwrap()), "{t}");
        }
        for t in [
            "2026-02-29T00:00:00Z",
            "2026-11-30T24:00:00Z",
            "2026-11-30T07:02:11+01:00",
            "2026-11-30T07:02:60Z",
            "2026-11-30T07:02:11.Z",
        ] {
            assert_eq!(utc_fast(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn times_with_and_without_offsets() {
        let t = time("2026-11-30T07:02:11Z", 1).unwrap();
        assert_eq!(t.as_second(), 1_796_022_131);
        assert_eq!(time("2026-11-30T08:02:11+01:00", 1).unwrap(), t);
        assert_eq!(time(" 2026-11-30T07:02:11 ", 1).unwrap(), t);
        assert_eq!(
            time("2026-11-30T07:02:11.500Z", 1)
                .unwrap()
                .as_millisecond(),
            1_796_022_131_500
        );
        assert!(matches!(
            time("yesterday", 7),
            Err(ParseError::BadValue {
                line: 7,
                what: "time",
                ..
            })
        ));
    }
}
