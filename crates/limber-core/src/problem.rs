//! Problems found in a user-supplied file, located by line and field.
//!
//! A clinician editing a program TOML needs every mistake at once, each with
//! the place to fix it, not one error per run.

use std::fmt;
use std::ops::Range;

/// One problem in a document: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// 1-based line, or 0 when the problem concerns the document as a whole.
    pub line: usize,
    /// The dotted path of the field, e.g. `steps[2].hold`; empty for syntax errors.
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn at(
        source: &str,
        span: Option<Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            line: span.map_or(0, |s| line_of(source, s.start)),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// All problems found in one document, named by its path for messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems {
    pub origin: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.origin,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            // Line 0 is the document as a whole: no line to name.
            match p.line {
                0 => write!(f, "\n  {}", self.origin)?,
                line => write!(f, "\n  {}:{line}", self.origin)?,
            }
            if !p.field.is_empty() {
                write!(f, ": {}", p.field)?;
            }
            write!(f, ": {}", p.message)?;
        }
        Ok(())
    }
}
