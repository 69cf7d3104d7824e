use serde::Serialize;

use super::ExerciseId;

/// An ordered list of exercises with optional per-step dose overrides: the
/// default "Runner's cool-down", or one a clinician wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Program {
    pub id: String,
    pub name: String,
    pub description: String,
    pub steps: Vec<ProgramStep>,
}

impl Program {
    pub(super) fn empty() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            description: String::new(),
            steps: Vec::new(),
        }
    }
}

/// One exercise in a program. Overrides carry `program` provenance when planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramStep {
    pub exercise: ExerciseId,
    pub hold: Option<u32>,
    pub reps: Option<u32>,
    /// Use the exercise's gentler variant (a clinician's choice).
    pub use_variant: bool,
    pub note: Option<String>,
}
