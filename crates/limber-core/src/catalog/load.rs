//! Reading catalog and program TOML with every problem located.
//!
//! Syntax errors come from the recoverable parser (so several are reported at
//! once); each program step is then deserialized on its own so a mistake in
//! one step does not hide mistakes in the next; finally the semantic checks
//! (unknown exercise, zero hold, duplicates) run over whatever parsed.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{Catalog, Exercise, ExerciseId, Program, ProgramStep};
use crate::problem::{Problem, Problems};

/// Longest hold a program may ask for, in counts: beyond the 30–60 s that
/// stretching guidance tops out at, it is almost certainly a typo.
pub const MAX_HOLD: u32 = 120;
/// Most holds per side a program may ask for.
pub const MAX_REPS: u32 = 10;

pub(super) fn exercise(origin: &str, text: &str) -> Result<Exercise, Problems> {
    let problems = |p: Vec<Problem>| Problems {
        origin: origin.to_string(),
        problems: p,
    };
    let ex: Exercise = toml::from_str(text).map_err(|e| problems(vec![from_toml(text, "", &e)]))?;
    let mut found = Vec::new();
    if ex.dose.hold.value == 0 {
        found.push(Problem::at(
            text,
            None,
            "dose.hold",
            "a hold must last at least one count",
        ));
    }
    if ex.dose.reps.value == 0 {
        found.push(Problem::at(
            text,
            None,
            "dose.reps",
            "an exercise needs at least one rep",
        ));
    }
    if found.is_empty() {
        Ok(ex)
    } else {
        Err(problems(found))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    exercise: Spanned<String>,
    hold: Option<Spanned<i64>>,
    reps: Option<Spanned<i64>>,
    #[serde(default)]
    variant: Option<Spanned<bool>>,
    note: Option<String>,
}

pub(super) fn program(catalog: &Catalog, origin: &str, text: &str) -> Result<Program, Problems> {
    let mut found = Vec::new();
    let (root, syntax) = DeTable::parse_recoverable(text);
    found.extend(syntax.iter().map(|e| from_toml(text, "", e)));
    if !found.is_empty() {
        return Err(Problems {
            origin: origin.to_string(),
            problems: found,
        });
    }
    let root_span = root.span();
    let mut rest = DeTable::new();
    let mut steps_value = None;
    for (key, value) in root.into_inner() {
        if key.get_ref().as_ref() == "steps" {
            steps_value = Some(value);
        } else {
            rest.insert(key, value);
        }
    }
    let header = Header::deserialize(ValueDeserializer::from(Spanned::new(
        root_span,
        DeValue::Table(rest),
    )))
    .map_err(|e| found.push(from_toml(text, "", &e)))
    .ok();
    if let Some(h) = &header {
        let id = h.id.get_ref();
        if ExerciseId::new(id).is_none() {
            found.push(Problem::at(
                text,
                Some(h.id.span()),
                "id",
                format!("program id {id:?} must be lowercase words joined by hyphens"),
            ));
        }
    }

    let mut steps = Vec::new();
    match steps_value.map(|v| (v.span(), v.into_inner())) {
        None => found.push(Problem::at(
            text,
            None,
            "steps",
            "missing: a program needs at least one [[steps]] entry",
        )),
        Some((span, DeValue::Array(items))) => {
            if items.is_empty() {
                found.push(Problem::at(
                    text,
                    Some(span),
                    "steps",
                    "a program needs at least one step",
                ));
            }
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.into_iter().enumerate() {
                let field = format!("steps[{}]", i + 1);
                let item_span = item.span();
                // Key names by value span, to name the field of a type error.
                let keys: Vec<(String, std::ops::Range<usize>)> = match item.get_ref() {
                    DeValue::Table(t) => t
                        .iter()
                        .map(|(k, v)| (k.get_ref().to_string(), v.span()))
                        .collect(),
                    _ => Vec::new(),
                };
                match StepSpec::deserialize(ValueDeserializer::from(item)) {
                    Err(e) => {
                        let key = e.span().and_then(|at| {
                            keys.iter()
                                .find(|(_, span)| span.contains(&at.start))
                                .map(|(k, _)| k.as_str())
                        });
                        match key {
                            Some(k) => found.push(Problem::at(
                                text,
                                e.span(),
                                format!("{field}.{k}"),
                                type_message(e.message()),
                            )),
                            None => found.push(from_toml(text, &field, &e)),
                        }
                    }
                    Ok(spec) => {
                        let id = spec.exercise.get_ref().clone();
                        let line = crate::problem::line_of(text, item_span.start);
                        if let Some(first) = seen.get(&id) {
                            found.push(Problem::at(
                                text,
                                Some(spec.exercise.span()),
                                format!("{field}.exercise"),
                                format!("duplicate exercise id {id:?} (first listed at line {first}); raise its reps instead"),
                            ));
                        } else {
                            seen.insert(id, line);
                        }
                        if let Some(step) = check_step(catalog, text, &field, &spec, &mut found) {
                            steps.push(step);
                        }
                    }
                }
            }
        }
        Some((span, _)) => found.push(Problem::at(
            text,
            Some(span),
            "steps",
            "must be an array of tables, written [[steps]]",
        )),
    }

    match header {
        Some(h) if found.is_empty() => Ok(Program {
            id: h.id.into_inner(),
            name: h.name,
            description: h.description,
            steps,
        }),
        _ => Err(Problems {
            origin: origin.to_string(),
            problems: found,
        }),
    }
}

fn check_step(
    catalog: &Catalog,
    text: &str,
    field: &str,
    spec: &StepSpec,
    found: &mut Vec<Problem>,
) -> Option<ProgramStep> {
    let before = found.len();
    let id = spec.exercise.get_ref();
    let exercise = catalog.lookup(id);
    if let Err(unknown) = &exercise {
        found.push(Problem::at(
            text,
            Some(spec.exercise.span()),
            format!("{field}.exercise"),
            unknown.to_string(),
        ));
    }
    let exercise = exercise.ok();
    let mut bounded =
        |value: &Option<Spanned<i64>>, name: &str, max: u32, what: &str| -> Option<u32> {
            let v = value.as_ref()?;
            let n = *v.get_ref();
            if n < 1 || n > i64::from(max) {
                let why = if n == 0 {
                    format!("zero {what}")
                } else {
                    format!("{n} is out of range")
                };
                found.push(Problem::at(
                    text,
                    Some(v.span()),
                    format!("{field}.{name}"),
                    format!("{why}: must be from 1 to {max}"),
                ));
                None
            } else {
                u32::try_from(n).ok()
            }
        };
    let hold = bounded(&spec.hold, "hold", MAX_HOLD, "hold");
    let reps = bounded(&spec.reps, "reps", MAX_REPS, "reps");
    let use_variant = spec.variant.as_ref().is_some_and(|v| *v.get_ref());
    if let (Some(ex), Some(v)) = (exercise, &spec.variant)
        && *v.get_ref()
        && ex.variant.is_none()
    {
        found.push(Problem::at(
            text,
            Some(v.span()),
            format!("{field}.variant"),
            format!("{id:?} has no gentler variant"),
        ));
    }
    let exercise = exercise.filter(|_| found.len() == before)?;
    Some(ProgramStep {
        exercise: exercise.id.clone(),
        hold,
        reps,
        use_variant,
        note: spec.note.clone(),
    })
}

/// "invalid type: floating point `2.5`, expected i64" in the user's words.
fn type_message(message: &str) -> String {
    let message = message.trim();
    match message.strip_prefix("invalid type: ") {
        Some(rest) if rest.ends_with("expected i64") || rest.ends_with("expected u32") => {
            let found = rest.split(", expected").next().unwrap_or(rest);
            format!("must be a whole number, not {found}")
        }
        Some(rest) if rest.ends_with("expected a boolean") => {
            let found = rest.split(", expected").next().unwrap_or(rest);
            format!("must be true or false, not {found}")
        }
        _ => message.to_string(),
    }
}

fn from_toml(text: &str, field: &str, e: &toml::de::Error) -> Problem {
    let message = e.message().trim().to_string();
    let field = match (field.is_empty(), missing_or_unknown_field(&message)) {
        (_, Some(name)) if !field.is_empty() => format!("{field}.{name}"),
        (true, Some(name)) => name,
        _ => field.to_string(),
    };
    // "missing field `id`" after "id: " says the name twice.
    let message = if message.starts_with("missing field") {
        "missing: this field is required".to_string()
    } else {
        message
    };
    Problem::at(text, e.span(), field, message)
}

/// serde names the offending key in backticks: "missing field `exercise`".
fn missing_or_unknown_field(message: &str) -> Option<String> {
    if !(message.starts_with("missing field") || message.starts_with("unknown field")) {
        return None;
    }
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

/// The 1-based line of `steps[step].key` in a program's source (`step`
/// 1-based, as problems name it), else of the step, else 0.
pub(super) fn step_key_line(text: &str, step: usize, key: &str) -> usize {
    let (root, _) = DeTable::parse_recoverable(text);
    let root = root.into_inner();
    let item = root
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "steps")
        .and_then(|(_, v)| match v.get_ref() {
            DeValue::Array(items) => items.get(step.checked_sub(1)?),
            _ => None,
        });
    let Some(item) = item else { return 0 };
    let at = match item.get_ref() {
        DeValue::Table(t) => t
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map_or(item.span().start, |(k, _)| k.span().start),
        _ => item.span().start,
    };
    crate::problem::line_of(text, at)
}
