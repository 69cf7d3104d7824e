//! The planner: from a program, where the user is, their time budget and
//! what limber knows about them, to an ordered routine in which every step
//! says why it is there and every left-out exercise says why it is not.

use std::time::Duration;

use serde::Serialize;

use crate::catalog::{
    Catalog, CautionAction, Condition, Exercise, ExerciseId, Level, Movement, Position, Program,
    Provenance, Sourced,
};
use crate::diary::{Place, SessionContext};
use crate::side::Side;

/// Seconds of "get ready" before each exercise.
pub const GET_READY_SECS: u32 = 5;
/// The largest time budget accepted, in minutes.
pub const MAX_MINUTES: u32 = 120;

/// Counting pace: counts per second. "A count of 20" is 20 s at the default.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Pace(f64);

impl Pace {
    pub const DEFAULT: Pace = Pace(1.0);
    pub const MIN: f64 = 0.5;
    pub const MAX: f64 = 2.0;
    /// The step the +/- keys change the pace by.
    pub const STEP: f64 = 0.1;

    pub fn new(counts_per_second: f64) -> Option<Self> {
        (counts_per_second.is_finite() && (Self::MIN..=Self::MAX).contains(&counts_per_second))
            .then_some(Self(counts_per_second))
    }

    /// The pace nudged by `steps` increments, clamped to the allowed range.
    pub fn nudged(self, steps: i32) -> Self {
        let v = (self.0 + f64::from(steps) * Self::STEP).clamp(Self::MIN, Self::MAX);
        Self((v * 10.0).round() / 10.0)
    }

    pub fn counts_per_second(self) -> f64 {
        self.0
    }

    /// Real time that `counts` take at this pace.
    pub fn duration_of(self, counts: u32) -> Duration {
        Duration::from_secs_f64(f64::from(counts) / self.0)
    }
}

impl Default for Pace {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// One hold in a step: which side and which rep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hold {
    pub side: Option<Side>,
    /// 1-based rep number on this side.
    pub rep: u32,
}

/// One exercise in a routine, with its dose and the reason it is here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedStep {
    pub exercise: ExerciseId,
    /// What the user sees: the seed name, or the variant's name.
    pub name: String,
    pub standard_name: String,
    /// The gentler variant in use, if any.
    pub variant: Option<String>,
    pub position: Position,
    /// The family of movement, so a session can leave out the rest of a
    /// family after it spreads symptoms.
    pub movement: Movement,
    /// How to do it; `{side}` stands for the leg being worked.
    pub instructions: Vec<String>,
    pub cues: Vec<String>,
    pub hold: Sourced<u32>,
    pub reps: Sourced<u32>,
    pub alternate: Sourced<bool>,
    pub sided: bool,
    pub rest: Sourced<u32>,
    pub level: Option<Level>,
    pub reason: String,
}

impl PlannedStep {
    /// The holds in order: R, L, R, L… when alternating, R, R, …, L, L… when not.
    pub fn holds(&self) -> Vec<Hold> {
        let reps = self.reps.value;
        if !self.sided {
            return (1..=reps).map(|rep| Hold { side: None, rep }).collect();
        }
        if self.alternate.value {
            (1..=reps)
                .flat_map(|rep| [Side::Right, Side::Left].map(|s| Hold { side: Some(s), rep }))
                .collect()
        } else {
            [Side::Right, Side::Left]
                .into_iter()
                .flat_map(|s| (1..=reps).map(move |rep| Hold { side: Some(s), rep }))
                .collect()
        }
    }

    /// Time from "get ready" to the end of the last hold.
    pub fn estimate(&self, pace: Pace) -> Duration {
        let holds = self.holds().len() as u32;
        Duration::from_secs(u64::from(GET_READY_SECS))
            + pace.duration_of(self.hold.value) * holds
            + Duration::from_secs(u64::from(self.rest.value)) * holds.saturating_sub(1)
    }

    /// An instruction with `{side}` filled in.
    pub fn instruction_for(text: &str, side: Option<Side>) -> String {
        text.replace("{side}", side.map_or("", Side::as_str))
            .replace("  ", " ")
    }
}

/// An exercise of the program that is not in the routine, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    pub exercise: ExerciseId,
    pub name: String,
    pub reason: String,
    /// The user can have it back by turning it on: an opt-in exercise not
    /// chosen yet, or one marked aggravating for them. The driver says how
    /// (a command in the terminal, a switch on the web).
    pub can_enable: bool,
}

/// A planned routine: what the session engine runs and `limber plan` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routine {
    pub program: String,
    pub context: SessionContext,
    pub pace: Pace,
    pub steps: Vec<PlannedStep>,
    pub dropped: Vec<Dropped>,
    /// Plan-wide remarks, e.g. that this is a lighter session and why.
    pub notes: Vec<String>,
}

impl Routine {
    pub fn estimate(&self) -> Duration {
        self.steps.iter().map(|s| s.estimate(self.pace)).sum()
    }

    /// The gentlest version of this routine, for a start with pain above
    /// 5/10: no forward bends (unless nothing else is left, then only the
    /// first exercise), one rep of each.
    pub fn gentlest(&self) -> Routine {
        let (mut steps, bends): (Vec<PlannedStep>, Vec<PlannedStep>) = self
            .steps
            .iter()
            .cloned()
            .partition(|s| s.movement != Movement::Flexion);
        let mut dropped = self.dropped.clone();
        if steps.is_empty() {
            steps = self.steps.iter().take(1).cloned().collect();
        } else {
            dropped.extend(bends.into_iter().map(|s| Dropped {
                exercise: s.exercise,
                name: s.name,
                reason: "left out of the gentlest version: it bends forward".into(),
                can_enable: false,
            }));
        }
        for s in &mut steps {
            s.reps = Sourced::new(1, Provenance::Default);
            s.reason = format!(
                "the gentlest version, one rep, because pain was above 5/10 at the start; {}",
                s.reason
            );
        }
        let mut notes = self.notes.clone();
        notes.push("The gentlest version: pain was above 5/10 at the start.".into());
        Routine {
            steps,
            dropped,
            notes,
            ..self.clone()
        }
    }
}

/// What the planner knows about this person beyond the program.
#[derive(Debug, Clone, Default)]
pub struct Personal {
    /// Conditions from the safety screen that hide or swap exercises.
    pub conditions: Vec<Condition>,
    /// Opt-in exercises the user has enabled, with their progression level.
    pub enabled: Vec<(ExerciseId, u32)>,
    /// Exercises marked aggravating for this user, with the reason to show.
    pub aggravating: Vec<(ExerciseId, String)>,
    /// The user's own ranking by rating change, lowest first; `None` until the
    /// diary has enough data to rank.
    pub ranking: Option<Vec<ExerciseId>>,
    /// Plan a lighter session (fewer reps), with the reason to show.
    pub lighter: Option<String>,
    /// Exercises an n-of-1 trial keeps out of this session, with the reason.
    pub excluded: Vec<(ExerciseId, String)>,
}

/// Everything the planner needs.
#[derive(Debug, Clone)]
pub struct PlanRequest<'a> {
    pub catalog: &'a Catalog,
    pub program: &'a Program,
    pub context: SessionContext,
    /// Time budget in minutes, if any.
    pub minutes: Option<u32>,
    pub pace: Pace,
    pub personal: &'a Personal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a budget of {0} minute(s) is outside 1 to {MAX_MINUTES}")]
    BadBudget(u32),
    #[error(
        "no exercise fits in {minutes} minute(s): the shortest planned step takes {shortest_secs} s, which needs {needed} minute(s)"
    )]
    BudgetTooShort {
        minutes: u32,
        shortest_secs: u64,
        needed: u64,
    },
    #[error("nothing left to plan: {0}")]
    NothingToPlan(String),
}

/// The step of a progressive exercise that the current level's instruction
/// replaces (`catalog/exercises/full-back-curl.toml`).
pub const LEVEL_PLACEHOLDER: &str = "{level}";

/// A depth level as said to the user: "Level 1, knees over hips: …".
pub fn level_text(l: &Level) -> String {
    format!(
        "Level {}, {}: {}",
        l.level,
        l.name.to_lowercase(),
        l.instruction
    )
}

/// Does an exercise in this position fit where the user is?
fn fits(position: Position, place: Place) -> bool {
    match place {
        Place::Floor => true,
        Place::Wall => position != Position::Floor,
        Place::Standing => position == Position::Standing,
    }
}

fn needs(position: Position) -> &'static str {
    match position {
        Position::Floor => "it needs room to lie on the floor",
        Position::Wall => "it needs a wall to hold",
        Position::Seated => "it needs a chair",
        Position::Standing => "it needs room to stand",
    }
}

/// Plans a routine. Never shortens a hold: over budget, it leaves out whole
/// exercises, least helpful first, and says so.
pub fn plan(req: &PlanRequest<'_>) -> Result<Routine, PlanError> {
    if let Some(m) = req.minutes
        && !(1..=MAX_MINUTES).contains(&m)
    {
        return Err(PlanError::BadBudget(m));
    }
    let personal = req.personal;
    let place = req.context.place;
    let mut steps = Vec::new();
    let mut dropped = Vec::new();
    let drop = |ex: &Exercise, reason: String| Dropped {
        exercise: ex.id.clone(),
        name: ex.seed_name.clone(),
        reason,
        can_enable: false,
    };

    for (index, pstep) in req.program.steps.iter().enumerate() {
        let Some(original) = req.catalog.get(&pstep.exercise) else {
            continue; // programs are validated against the catalog when parsed
        };
        if original.opt_in && !personal.enabled.iter().any(|(id, _)| id == &original.id) {
            dropped.push(Dropped {
                can_enable: true,
                ..drop(original, "off until you choose it".into())
            });
            continue;
        }
        let mut reasons = vec![format!("step {} of {}", index + 1, req.program.name)];

        // Cautions from the screen decide first; where the user is comes second.
        let mut exercise = original;
        let mut use_variant = pstep.use_variant;
        if use_variant {
            reasons.push("your program asks for the gentler variant".into());
        }
        if !fits(exercise.position, place) {
            match req
                .catalog
                .substitute_for(&exercise.id)
                .filter(|s| fits(s.position, place))
            {
                Some(sub) => {
                    let sub_note = sub
                        .substitute_for
                        .as_ref()
                        .map(|s| (s.less_effective, s.note.clone()));
                    let mut why = format!(
                        "{} instead of {}: no floor",
                        sub.seed_name.to_lowercase(),
                        exercise.seed_name.to_lowercase()
                    );
                    if let Some((true, note)) = sub_note {
                        why.push_str(&format!(" — less effective ({note})"));
                    }
                    reasons.push(why);
                    exercise = sub;
                }
                None if use_variant
                    || exercise
                        .caution_for(&personal.conditions)
                        .is_some_and(|c| c.action == CautionAction::Variant) => {}
                None => {
                    dropped.push(drop(
                        exercise,
                        format!("not here ({}): {}", place, needs(exercise.position)),
                    ));
                    continue;
                }
            }
        }
        if let Some(caution) = exercise.caution_for(&personal.conditions) {
            match caution.action {
                CautionAction::Hide => {
                    dropped.push(drop(
                        exercise,
                        format!(
                            "left out because {} ({} on your safety screen)",
                            caution.reason,
                            caution.condition.as_str()
                        ),
                    ));
                    continue;
                }
                CautionAction::Variant => {
                    use_variant = true;
                    reasons.push(format!(
                        "gentler variant because {} ({} on your safety screen)",
                        caution.reason,
                        caution.condition.as_str()
                    ));
                }
            }
        }
        let variant = exercise.variant.as_ref().filter(|_| use_variant);
        let position = variant.map_or(exercise.position, |v| v.position);
        if !fits(position, place) {
            dropped.push(drop(
                exercise,
                format!("not here ({}): {}", place, needs(position)),
            ));
            continue;
        }
        if let Some((_, why)) = personal
            .aggravating
            .iter()
            .find(|(id, _)| id == &exercise.id)
        {
            dropped.push(Dropped {
                can_enable: true,
                ..drop(exercise, why.clone())
            });
            continue;
        }
        if let Some((_, why)) = personal.excluded.iter().find(|(id, _)| id == &exercise.id) {
            dropped.push(drop(exercise, why.clone()));
            continue;
        }
        if steps
            .iter()
            .any(|s: &PlannedStep| s.exercise == exercise.id)
        {
            dropped.push(drop(exercise, "already in this routine".into()));
            continue;
        }

        let program_value = |v: Option<u32>, dose: Sourced<u32>| {
            v.map_or(dose, |v| Sourced::new(v, Provenance::Program))
        };
        let mut hold = program_value(pstep.hold, exercise.dose.hold);
        let mut reps = program_value(pstep.reps, exercise.dose.reps);
        if crate::catalog::dose_is_capped(exercise) {
            for (value, dose, what) in [
                (&mut hold, exercise.dose.hold, "counts a hold"),
                (&mut reps, exercise.dose.reps, "reps"),
            ] {
                if value.value > dose.value {
                    reasons.push(format!(
                        "{} {what} as usual for this exercise, not the program's {}",
                        dose.value, value.value
                    ));
                    *value = dose;
                }
            }
        }
        if let Some(why) = &personal.lighter
            && reps.value > 1
        {
            reps = Sourced::new(reps.value - 1, Provenance::Default);
            reasons.push(format!("one rep fewer: {why}"));
        }
        if let Some(note) = &pstep.note {
            reasons.push(note.clone());
        }
        let level = personal
            .enabled
            .iter()
            .find(|(id, _)| id == &exercise.id)
            .and_then(|(_, lvl)| exercise.level(*lvl).cloned());
        let mut instructions = variant.map_or_else(|| exercise.steps.clone(), |v| v.steps.clone());
        let mut cues = exercise.cues.clone();
        // The current depth is said where the position is described and in
        // the cues, so no step ever reads deeper than the level allows.
        instructions.retain(|i| i != LEVEL_PLACEHOLDER || level.is_some());
        if let Some(l) = &level {
            let text = level_text(l);
            for i in &mut instructions {
                if i == LEVEL_PLACEHOLDER {
                    i.clone_from(&text);
                }
            }
            cues.insert(0, text);
        }
        steps.push(PlannedStep {
            exercise: exercise.id.clone(),
            name: variant.map_or_else(|| exercise.seed_name.clone(), |v| v.name.clone()),
            standard_name: variant
                .and_then(|v| v.standard_name.clone())
                .unwrap_or_else(|| exercise.standard_name.clone()),
            variant: variant.map(|v| v.name.clone()),
            position,
            movement: variant
                .and_then(|v| v.movement)
                .unwrap_or(exercise.movement),
            instructions,
            cues,
            hold,
            reps,
            alternate: exercise.dose.alternate,
            sided: exercise.sided,
            rest: exercise.dose.rest,
            level,
            reason: reasons.join("; "),
        });
    }

    if let Some(ranking) = &personal.ranking {
        let rank = |id: &ExerciseId| ranking.iter().position(|r| r == id).unwrap_or(usize::MAX);
        steps.sort_by_key(|s| rank(&s.exercise)); // stable: unranked keep program order
        for s in &mut steps {
            if let Some(r) = ranking.iter().position(|id| id == &s.exercise) {
                s.reason = format!("ranked #{} by your own ratings; {}", r + 1, s.reason);
            }
        }
    }

    if let Some(minutes) = req.minutes {
        let budget = Duration::from_secs(u64::from(minutes) * 60);
        let shortest = steps.iter().map(|s| s.estimate(req.pace)).min();
        // Steps are in order of usefulness: keep each, most useful first,
        // while it still fits, so a short step further down can use the
        // time a long one could not.
        let mut used = Duration::ZERO;
        let mut kept = Vec::with_capacity(steps.len());
        for step in steps {
            let needs = step.estimate(req.pace);
            if used + needs <= budget {
                used += needs;
                kept.push(step);
            } else {
                dropped.push(Dropped {
                    exercise: step.exercise,
                    name: step.name,
                    reason: format!("left out to fit {minutes} minute(s)"),
                    can_enable: false,
                });
            }
        }
        steps = kept;
        if steps.is_empty()
            && let Some(shortest) = shortest
        {
            return Err(PlanError::BudgetTooShort {
                minutes,
                shortest_secs: shortest.as_secs(),
                needed: shortest.as_secs().div_ceil(60),
            });
        }
    }
    if steps.is_empty() {
        let why = dropped
            .iter()
            .map(|d| format!("{} ({})", d.name, d.reason))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(PlanError::NothingToPlan(why));
    }

    let mut notes = Vec::new();
    if let Some(why) = &personal.lighter {
        notes.push(format!("A lighter session: {why}"));
    }
    Ok(Routine {
        program: req.program.name.clone(),
        context: req.context,
        pace: req.pace,
        steps,
        dropped,
        notes,
    })
}

#[cfg(test)]
mod tests;
