//! `program check` for a page: every problem of a program's TOML with its
//! line and field, errors (the program cannot be used) and dose warnings
//! (it can, but guidance would not suggest the dose) alike.

use limber_core::catalog::Catalog;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The program cannot be used until it is fixed.
    Error,
    /// It can be used; the dose is outside what guidance suggests, or is
    /// capped when planned.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramProblem {
    /// 1-based line; 0 when the problem is the document as a whole.
    pub line: usize,
    /// The dotted path of the field, e.g. `steps[2].hold`; empty for a
    /// syntax error.
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

/// What `program check` says of one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramCheck {
    /// No errors: the program can be used.
    pub ok: bool,
    /// The program's name, when it parsed.
    pub name: Option<String>,
    /// How many steps it has, when it parsed.
    pub steps: usize,
    /// Errors first, then warnings, each in document order.
    pub problems: Vec<ProgramProblem>,
}

/// Checks a program's TOML `text` against `catalog`.
pub fn check(catalog: &Catalog, text: &str) -> ProgramCheck {
    match catalog.parse_program("program", text) {
        Ok(program) => ProgramCheck {
            ok: true,
            name: Some(program.name.clone()),
            steps: program.steps.len(),
            problems: catalog
                .located_dose_warnings(text, &program)
                .into_iter()
                .map(|p| ProgramProblem {
                    line: p.line,
                    field: p.field,
                    message: p.message,
                    severity: Severity::Warning,
                })
                .collect(),
        },
        Err(errors) => ProgramCheck {
            ok: false,
            name: None,
            steps: 0,
            problems: errors
                .problems
                .into_iter()
                .map(|p| ProgramProblem {
                    line: p.line,
                    field: p.field,
                    message: p.message,
                    severity: Severity::Error,
                })
                .collect(),
        },
    }
}
