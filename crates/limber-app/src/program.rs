//! The user's program: `program check` for a page (every problem of a
//! program's TOML with its line and field, errors (the program cannot be
//! used) and dose warnings (it can, but guidance would not suggest the
//! dose) alike), and the program kept with the profile, which every driver
//! plans from when no file is named. Only a program that checks without
//! errors is ever saved.

use std::borrow::Cow;

use limber_core::catalog::{Catalog, Program};
use limber_core::profile::Profile;
use limber_store::{Store, StoreError, UserId, Version, Versioned};
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

/// Which program plans the user's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ProgramSource {
    /// The user's own, saved after it checked without errors.
    Stored,
    /// The Runner's cool-down, the original post's routine.
    Builtin,
}

/// The program plans follow, as a page shows and edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramView {
    pub source: ProgramSource,
    pub toml: String,
    /// What `check` says of it now: a saved program's warnings, or its
    /// errors if this limber's exercises no longer accept it.
    pub check: ProgramCheck,
    /// The profile's version: send it back with a change, which is refused
    /// if the profile (program or settings) was saved since.
    pub version: u64,
}

impl ProgramView {
    fn of(catalog: &Catalog, profile: &Versioned<Profile>) -> Self {
        let (source, toml) = match &profile.program {
            Some(text) => (ProgramSource::Stored, text.clone()),
            None => (
                ProgramSource::Builtin,
                catalog.default_program_toml().to_string(),
            ),
        };
        Self {
            source,
            check: check(catalog, &toml),
            toml,
            version: profile.version.0,
        }
    }
}

/// Why a program was not saved or removed. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ProgramError {
    /// The check found errors: they are every located problem.
    #[error("the program has {} error(s): {}", .0.problems.iter().filter(|p| p.severity == Severity::Error).count(), first_error(.0))]
    Invalid(ProgramCheck),
    #[error("the program was saved since version {read} was read: read it again")]
    Conflict { read: u64 },
    #[error(transparent)]
    Store(StoreError),
}

fn first_error(check: &ProgramCheck) -> String {
    check
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .map(|p| match (p.line, p.field.as_str()) {
            (0, "") => p.message.clone(),
            (0, field) => format!("{field}: {}", p.message),
            (line, "") => format!("line {line}: {}", p.message),
            (line, field) => format!("line {line}, {field}: {}", p.message),
        })
        .unwrap_or_default()
}

/// The program plans follow now.
pub async fn current<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
) -> Result<ProgramView, StoreError> {
    Ok(ProgramView::of(catalog, &store.profile(user).await?))
}

/// Saves `toml` as the user's program when it checks without errors
/// (warnings are returned with it), over the profile `version` read.
pub async fn save<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    toml: &str,
    version: Option<u64>,
) -> Result<ProgramView, ProgramError> {
    let checked = check(catalog, toml);
    if !checked.ok {
        return Err(ProgramError::Invalid(checked));
    }
    store_program(store, user, catalog, Some(toml.to_string()), version).await
}

/// Plans follow the default program again.
pub async fn reset<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    version: Option<u64>,
) -> Result<ProgramView, ProgramError> {
    store_program(store, user, catalog, None, version).await
}

async fn store_program<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    program: Option<String>,
    version: Option<u64>,
) -> Result<ProgramView, ProgramError> {
    let mut profile = store.profile(user).await.map_err(ProgramError::Store)?;
    if let Some(read) = version
        && Version(read) != profile.version
    {
        return Err(ProgramError::Conflict { read });
    }
    let read = profile.version.0;
    profile.program = program;
    store
        .save_profile(user, &mut profile)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ProgramError::Conflict { read },
            e => ProgramError::Store(e),
        })?;
    Ok(ProgramView::of(catalog, &profile))
}

/// The program a session is planned from when no file is named: the
/// user's saved one, else the default. A saved program this limber's
/// exercises no longer accept is not used; the note says so and where.
pub fn planned<'a>(catalog: &'a Catalog, profile: &Profile) -> (Cow<'a, Program>, Option<String>) {
    let Some(text) = &profile.program else {
        return (Cow::Borrowed(catalog.default_program()), None);
    };
    match catalog.parse_program("your saved program", text) {
        Ok(program) => (Cow::Owned(program), None),
        Err(_) => {
            let checked = check(catalog, text);
            let default = catalog.default_program();
            let note = format!(
                "Your saved program no longer checks ({}), so this plan follows {}.",
                first_error(&checked),
                default.name
            );
            (Cow::Borrowed(default), Some(note))
        }
    }
}
