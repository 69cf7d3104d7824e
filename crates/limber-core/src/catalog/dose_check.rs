//! What a program file may ask of a dose beyond being well-formed.
//!
//! `load` refuses doses that cannot be right (zero, or past `MAX_HOLD`);
//! this module names those that parse but sit outside what stretching
//! guidance suggests (clinical-notes: 10–60 s a hold, a few reps), so a
//! clinician writing a program sees it before a patient does. The planner
//! also caps the exercises that only run after an explicit opt-in or that
//! put the head down, where more is never the safer typo.

use std::fmt;

use super::{Catalog, Condition, Exercise, ExerciseId, Program};

/// Shortest hold guidance suggests, in counts (a count is about a second).
pub const SUGGESTED_MIN_HOLD: u32 = 10;
/// Longest hold guidance suggests, in counts.
pub const SUGGESTED_MAX_HOLD: u32 = 60;
/// Most reps per side guidance suggests.
pub const SUGGESTED_MAX_REPS: u32 = 5;

/// A dose in a program that parses but that guidance would not suggest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseWarning {
    /// 1-based position of the step in the program.
    pub step: usize,
    pub exercise: ExerciseId,
    pub kind: DoseWarningKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseWarningKind {
    HoldTooShort(u32),
    HoldTooLong(u32),
    TooManyReps(u32),
    /// The exercise is capped at its catalog dose when planned.
    Capped {
        field: DoseField,
        asked: u32,
        cap: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseField {
    Hold,
    Reps,
}

impl fmt::Display for DoseField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DoseField::Hold => "hold",
            DoseField::Reps => "reps",
        })
    }
}

impl DoseWarning {
    /// The step's field the warning is about.
    pub fn field(&self) -> DoseField {
        match self.kind {
            DoseWarningKind::HoldTooShort(_) | DoseWarningKind::HoldTooLong(_) => DoseField::Hold,
            DoseWarningKind::TooManyReps(_) => DoseField::Reps,
            DoseWarningKind::Capped { field, .. } => field,
        }
    }
}

impl fmt::Display for DoseWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = format!("step {} ({})", self.step, self.exercise);
        match self.kind {
            DoseWarningKind::HoldTooShort(n) => write!(
                f,
                "{at}: hold = {n} is shorter than the {SUGGESTED_MIN_HOLD}-{SUGGESTED_MAX_HOLD} counts stretching guidance suggests"
            ),
            DoseWarningKind::HoldTooLong(n) => write!(
                f,
                "{at}: hold = {n} is longer than the {SUGGESTED_MIN_HOLD}-{SUGGESTED_MAX_HOLD} counts stretching guidance suggests"
            ),
            DoseWarningKind::TooManyReps(n) => write!(
                f,
                "{at}: reps = {n} is more than the {SUGGESTED_MAX_REPS} per side stretching guidance suggests"
            ),
            DoseWarningKind::Capped { field, asked, cap } => write!(
                f,
                "{at}: {field} = {asked} will be planned as {cap}, this exercise's usual dose, because it is opt-in or puts the head down"
            ),
        }
    }
}

/// Whether a program may raise this exercise's dose above the catalog's:
/// not for opt-in exercises nor for head-down or inverted positions (those
/// cautioned for high blood pressure).
pub fn dose_is_capped(exercise: &Exercise) -> bool {
    exercise.opt_in
        || exercise
            .cautions
            .iter()
            .any(|c| c.condition == Condition::HighBloodPressure)
}

/// The program's doses that guidance would not suggest, in step order.
pub(super) fn dose_warnings(catalog: &Catalog, program: &Program) -> Vec<DoseWarning> {
    let mut found = Vec::new();
    for (i, step) in program.steps.iter().enumerate() {
        let warn = |kind| DoseWarning {
            step: i + 1,
            exercise: step.exercise.clone(),
            kind,
        };
        if let Some(h) = step.hold {
            if h < SUGGESTED_MIN_HOLD {
                found.push(warn(DoseWarningKind::HoldTooShort(h)));
            } else if h > SUGGESTED_MAX_HOLD {
                found.push(warn(DoseWarningKind::HoldTooLong(h)));
            }
        }
        if let Some(r) = step.reps
            && r > SUGGESTED_MAX_REPS
        {
            found.push(warn(DoseWarningKind::TooManyReps(r)));
        }
        let Some(ex) = catalog.get(&step.exercise).filter(|ex| dose_is_capped(ex)) else {
            continue;
        };
        for (field, asked, cap) in [
            (DoseField::Hold, step.hold, ex.dose.hold.value),
            (DoseField::Reps, step.reps, ex.dose.reps.value),
        ] {
            if let Some(asked) = asked.filter(|a| *a > cap) {
                found.push(warn(DoseWarningKind::Capped { field, asked, cap }));
            }
        }
    }
    found
}
