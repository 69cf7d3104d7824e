//! `limber exercises --json`: the exercise catalog, in catalog order.

use serde::{Deserialize, Serialize};

use super::common::Sourced;
use super::mirror_enum;
use super::plan::{LevelOutput, Movement, Position};

/// One exercise of the catalog, with its dose and where each value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseOutput {
    pub id: String,
    /// The name the original routine's post uses.
    pub seed_name: String,
    /// The name a clinician would recognise.
    pub standard_name: String,
    pub position: Position,
    pub movement: Movement,
    pub sided: bool,
    /// Off until the user confirms none of its cautions apply.
    pub opt_in: bool,
    pub summary: String,
    /// How to do it; `{side}` stands for the leg being worked.
    pub steps: Vec<String>,
    /// Said during every hold.
    pub cues: Vec<String>,
    pub dose: DoseOutput,
    pub cautions: Vec<CautionOutput>,
    /// The gentler variant used when a caution asks for it, or null.
    pub variant: Option<VariantOutput>,
    /// The exercise this one stands in for where there is no floor, or null.
    pub substitute_for: Option<SubstituteOutput>,
    /// Depth levels of a progressive exercise (empty for the others).
    pub progression: Vec<LevelOutput>,
}

impl From<&limber_core::catalog::Exercise> for ExerciseOutput {
    fn from(e: &limber_core::catalog::Exercise) -> Self {
        Self {
            id: e.id.to_string(),
            seed_name: e.seed_name.clone(),
            standard_name: e.standard_name.clone(),
            position: e.position.into(),
            movement: e.movement.into(),
            sided: e.sided,
            opt_in: e.opt_in,
            summary: e.summary.clone(),
            steps: e.steps.clone(),
            cues: e.cues.clone(),
            dose: (&e.dose).into(),
            cautions: e.cautions.iter().map(CautionOutput::from).collect(),
            variant: e.variant.as_ref().map(VariantOutput::from),
            substitute_for: e.substitute_for.as_ref().map(SubstituteOutput::from),
            progression: e.progression.iter().map(LevelOutput::from).collect(),
        }
    }
}

/// How much of an exercise to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoseOutput {
    /// One hold, in counts.
    pub hold: Sourced<u32>,
    /// Holds per side (or in all, when not sided).
    pub reps: Sourced<u32>,
    pub alternate: Sourced<bool>,
    /// Seconds to release and switch between holds.
    pub rest: Sourced<u32>,
}

impl From<&limber_core::catalog::Dose> for DoseOutput {
    fn from(d: &limber_core::catalog::Dose) -> Self {
        Self {
            hold: (&d.hold).into(),
            reps: (&d.reps).into(),
            alternate: (&d.alternate).into(),
            rest: (&d.rest).into(),
        }
    }
}

mirror_enum! {
    /// A condition a caution is about (a caution question of the screen).
    #[serde(rename_all = "kebab-case")]
    Condition from limber_core::catalog::Condition {
        Osteoporosis, Pregnancy, HipReplacement, EyePressure, HighBloodPressure,
        NeckProblem, BendingForward
    }
}

mirror_enum! {
    /// What a caution does: `hide` (leave the exercise out) or `variant`
    /// (use the gentler variant).
    #[serde(rename_all = "kebab-case")]
    CautionAction from limber_core::catalog::CautionAction { Hide, Variant }
}

/// When an exercise is left out or made gentler, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CautionOutput {
    pub condition: Condition,
    pub action: CautionAction,
    pub reason: String,
}

impl From<&limber_core::catalog::Caution> for CautionOutput {
    fn from(c: &limber_core::catalog::Caution) -> Self {
        Self {
            condition: c.condition.into(),
            action: c.action.into(),
            reason: c.reason.clone(),
        }
    }
}

/// A gentler version of an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantOutput {
    pub name: String,
    pub standard_name: Option<String>,
    pub position: Position,
    /// The variant's movement when it differs from the exercise's, or null.
    pub movement: Option<Movement>,
    pub steps: Vec<String>,
}

impl From<&limber_core::catalog::Variant> for VariantOutput {
    fn from(v: &limber_core::catalog::Variant) -> Self {
        Self {
            name: v.name.clone(),
            standard_name: v.standard_name.clone(),
            position: v.position.into(),
            movement: v.movement.map(Movement::from),
            steps: v.steps.clone(),
        }
    }
}

/// The exercise this one replaces where there is no floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstituteOutput {
    pub exercise: String,
    pub less_effective: bool,
    pub note: String,
}

impl From<&limber_core::catalog::SubstituteFor> for SubstituteOutput {
    fn from(s: &limber_core::catalog::SubstituteFor) -> Self {
        Self {
            exercise: s.exercise.to_string(),
            less_effective: s.less_effective,
            note: s.note.clone(),
        }
    }
}
