//! The exercise catalog and programs, as data.
//!
//! Everything a person might want to change about an exercise (its words, its
//! dose, its cautions) lives in TOML under `catalog/` and is embedded at build
//! time, so the core still does no file I/O. Every dose field says where it
//! came from: the original post, or a default we chose.

mod dose_check;
mod exercise;
mod load;
mod program;

pub use dose_check::{
    DoseField, DoseWarning, DoseWarningKind, SUGGESTED_MAX_HOLD, SUGGESTED_MAX_REPS,
    SUGGESTED_MIN_HOLD, dose_is_capped,
};
pub use exercise::{
    Caution, CautionAction, Condition, Dose, Exercise, ExerciseId, Level, Movement, Position,
    Provenance, Sourced, SubstituteFor, Variant,
};
pub use program::{Program, ProgramStep};

use crate::problem::Problems;

/// An id that names no exercise of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown exercise id {id:?}; known ids: {}", known.join(", "))]
pub struct UnknownExercise {
    pub id: String,
    pub known: Vec<String>,
}

/// The shipped exercises, in the original post's order.
const EXERCISES: &[(&str, &str)] = &[
    (
        "catalog/exercises/lying-thigh-stretch.toml",
        include_str!("../../../../catalog/exercises/lying-thigh-stretch.toml"),
    ),
    (
        "catalog/exercises/wall-thigh-stretch.toml",
        include_str!("../../../../catalog/exercises/wall-thigh-stretch.toml"),
    ),
    (
        "catalog/exercises/standing-thigh-stretch.toml",
        include_str!("../../../../catalog/exercises/standing-thigh-stretch.toml"),
    ),
    (
        "catalog/exercises/back-curl.toml",
        include_str!("../../../../catalog/exercises/back-curl.toml"),
    ),
    (
        "catalog/exercises/full-back-curl.toml",
        include_str!("../../../../catalog/exercises/full-back-curl.toml"),
    ),
];

/// The default program, "Runner's cool-down".
const DEFAULT_PROGRAM: (&str, &str) = (
    "catalog/programs/runners-cool-down.toml",
    include_str!("../../../../catalog/programs/runners-cool-down.toml"),
);

/// All known exercises plus the default program.
#[derive(Debug, Clone)]
pub struct Catalog {
    exercises: Vec<Exercise>,
    default_program: Program,
}

impl Catalog {
    /// The catalog compiled into limber. The embedded files are checked by the
    /// test suite, so a failure here is a build defect, not a user error.
    pub fn builtin() -> Self {
        let exercises = EXERCISES
            .iter()
            .map(|(origin, text)| load::exercise(origin, text).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let mut catalog = Catalog {
            exercises,
            default_program: Program::empty(),
        };
        catalog.default_program = catalog
            .parse_program(DEFAULT_PROGRAM.0, DEFAULT_PROGRAM.1)
            .unwrap_or_else(|e| panic!("{e}"));
        catalog
    }

    /// Exercises in catalog (seed) order.
    pub fn exercises(&self) -> &[Exercise] {
        &self.exercises
    }

    pub fn get(&self, id: &ExerciseId) -> Option<&Exercise> {
        self.exercises.iter().find(|e| &e.id == id)
    }

    /// Looks an exercise up by its id as typed by a user.
    pub fn find(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id.as_str() == id)
    }

    /// Like [`Catalog::find`], with an error that lists the ids there are.
    pub fn lookup(&self, id: &str) -> Result<&Exercise, UnknownExercise> {
        self.find(id).ok_or_else(|| UnknownExercise {
            id: id.to_string(),
            known: self.exercises.iter().map(|e| e.id.to_string()).collect(),
        })
    }

    pub fn default_program(&self) -> &Program {
        &self.default_program
    }

    /// The default program's TOML, as a starting point for the user's own.
    pub fn default_program_toml(&self) -> &'static str {
        DEFAULT_PROGRAM.1
    }

    /// The exercise that stands in for `id` when it cannot be done where the
    /// user is (the wall thigh stretch for the lying one).
    pub fn substitute_for(&self, id: &ExerciseId) -> Option<&Exercise> {
        self.exercises
            .iter()
            .find(|e| e.substitute_for.as_ref().is_some_and(|s| &s.exercise == id))
    }

    /// Pairs of exercises that are one stretch in two positions (the
    /// original, its stand-in): a stop of either counts for both.
    pub fn same_stretch(&self) -> Vec<(ExerciseId, ExerciseId)> {
        self.exercises
            .iter()
            .filter_map(|e| Some((e.substitute_for.as_ref()?.exercise.clone(), e.id.clone())))
            .collect()
    }

    /// Parses and validates a program file against this catalog, reporting
    /// every problem with its line and field.
    pub fn parse_program(&self, origin: &str, text: &str) -> Result<Program, Problems> {
        load::program(self, origin, text)
    }

    /// Doses in a parsed program that guidance would not suggest, and those
    /// the planner will cap: warnings for `program check`, never refusals.
    pub fn dose_warnings(&self, program: &Program) -> Vec<DoseWarning> {
        dose_check::dose_warnings(self, program)
    }

    /// [`Catalog::dose_warnings`] located in the program's source `text`
    /// by line and field, as `program check` reports errors.
    pub fn located_dose_warnings(
        &self,
        text: &str,
        program: &Program,
    ) -> Vec<crate::problem::Problem> {
        self.dose_warnings(program)
            .into_iter()
            .map(|w| {
                let name = w.field().to_string();
                crate::problem::Problem {
                    line: load::step_key_line(text, w.step, &name),
                    field: format!("steps[{}].{name}", w.step),
                    message: w.to_string(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
