//! `limber plan --json`: the routine `start` would run now.

use serde::{Deserialize, Serialize};

use super::common::Sourced;
use super::mirror_enum;

/// The routine `start` would run now, with the time it would take and
/// whether `start` would refuse it. Keys: `program`, `context`, `pace`,
/// `steps`, `dropped`, `notes`, `estimated_seconds`, `step_seconds`,
/// `blocked`, `cooldown_for_run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutput {
    /// The program's name.
    pub program: String,
    pub context: ContextOutput,
    /// Counting pace: counts per second (1.0 by default; a count of 20 is then 20 s).
    pub pace: f64,
    pub steps: Vec<StepOutput>,
    /// Exercises of the program left out of this routine, and why.
    pub dropped: Vec<DroppedOutput>,
    /// Plan-wide remarks, e.g. that this is a lighter session and why.
    pub notes: Vec<String>,
    /// The whole routine's estimated length, in seconds.
    pub estimated_seconds: u64,
    /// Each step's estimated length, in seconds, in step order.
    pub step_seconds: Vec<u64>,
    /// Why `start` would refuse now, or null when it would not.
    pub blocked: Option<String>,
    /// The id (a UUID) of the imported run this session would be the
    /// cool-down of, or null.
    pub cooldown_for_run: Option<String>,
}

impl PlanOutput {
    /// The routine's output, with what only the application knows: why a
    /// session would be refused now and which run it would cool down.
    pub fn new(
        routine: &limber_core::plan::Routine,
        blocked: Option<String>,
        cooldown_for_run: Option<limber_core::run::RunId>,
    ) -> Self {
        Self {
            program: routine.program.clone(),
            context: routine.context.into(),
            pace: routine.pace.counts_per_second(),
            steps: routine.steps.iter().map(StepOutput::from).collect(),
            dropped: routine.dropped.iter().map(DroppedOutput::from).collect(),
            notes: routine.notes.clone(),
            estimated_seconds: routine.estimate().as_secs(),
            step_seconds: routine
                .steps
                .iter()
                .map(|s| s.estimate(routine.pace).as_secs())
                .collect(),
            blocked,
            cooldown_for_run: cooldown_for_run.map(|r| r.to_string()),
        }
    }
}

/// The situation a session is planned for: `{"after_run": false, "where": "floor"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContextOutput {
    pub after_run: bool,
    #[serde(rename = "where")]
    pub place: Place,
}

impl From<limber_core::diary::SessionContext> for ContextOutput {
    fn from(c: limber_core::diary::SessionContext) -> Self {
        Self {
            after_run: c.after_run,
            place: c.place.into(),
        }
    }
}

mirror_enum! {
    /// Where the user is: `floor` (room to lie down), `wall` (a wall and a
    /// chair) or `standing`.
    #[serde(rename_all = "lowercase")]
    Place from limber_core::diary::Place { Floor, Wall, Standing }
}

mirror_enum! {
    /// Where the body is during an exercise.
    #[serde(rename_all = "kebab-case")]
    Position from limber_core::catalog::Position { Floor, Wall, Standing, Seated }
}

mirror_enum! {
    /// The family of movement: `hip-rotation`, `flexion` (bending forward) or `side-bend`.
    #[serde(rename_all = "kebab-case")]
    Movement from limber_core::catalog::Movement { HipRotation, Flexion, SideBend }
}

/// One exercise of the routine with its dose and the reason it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutput {
    /// The exercise id (what `limber exercises` lists).
    pub exercise: String,
    /// The name shown: the original routine's name, or the variant's.
    pub name: String,
    /// The name a clinician would recognise.
    pub standard_name: String,
    /// The gentler variant in use, or null.
    pub variant: Option<String>,
    pub position: Position,
    pub movement: Movement,
    /// How to do it; `{side}` stands for the leg being worked.
    pub instructions: Vec<String>,
    /// Said during every hold.
    pub cues: Vec<String>,
    /// Length of one hold, in counts.
    pub hold: Sourced<u32>,
    /// Holds per side (or in all, when not sided).
    pub reps: Sourced<u32>,
    /// Sided: right, left, right, left… rather than all right first.
    pub alternate: Sourced<bool>,
    pub sided: bool,
    /// Seconds to release and switch between holds.
    pub rest: Sourced<u32>,
    /// The depth level of a progressive exercise, or null.
    pub level: Option<LevelOutput>,
    pub reason: String,
}

impl From<&limber_core::plan::PlannedStep> for StepOutput {
    fn from(s: &limber_core::plan::PlannedStep) -> Self {
        Self {
            exercise: s.exercise.to_string(),
            name: s.name.clone(),
            standard_name: s.standard_name.clone(),
            variant: s.variant.clone(),
            position: s.position.into(),
            movement: s.movement.into(),
            instructions: s.instructions.clone(),
            cues: s.cues.clone(),
            hold: (&s.hold).into(),
            reps: (&s.reps).into(),
            alternate: (&s.alternate).into(),
            sided: s.sided,
            rest: (&s.rest).into(),
            level: s.level.as_ref().map(LevelOutput::from),
            reason: s.reason.clone(),
        }
    }
}

/// One depth level of a progressive exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelOutput {
    pub level: u32,
    pub name: String,
    pub instruction: String,
}

impl From<&limber_core::catalog::Level> for LevelOutput {
    fn from(l: &limber_core::catalog::Level) -> Self {
        Self {
            level: l.level,
            name: l.name.clone(),
            instruction: l.instruction.clone(),
        }
    }
}

/// An exercise of the program left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedOutput {
    pub exercise: String,
    pub name: String,
    pub reason: String,
    /// The user can have it back by turning it on (an opt-in exercise not
    /// chosen yet, or one marked aggravating for them).
    pub can_enable: bool,
}

impl From<&limber_core::plan::Dropped> for DroppedOutput {
    fn from(d: &limber_core::plan::Dropped) -> Self {
        Self {
            exercise: d.exercise.to_string(),
            name: d.name.clone(),
            reason: d.reason.clone(),
            can_enable: d.can_enable,
        }
    }
}
