//! A deeper level of an opt-in exercise, offered in the terminal's words:
//! when it is on offer is `limber_app::progression`'s rule.

use limber_app::progression::needs_clearance;
use limber_core::catalog::Exercise;
use limber_core::plan::level_text;
use limber_core::rules;

/// The offer, with the level's instruction and the command that accepts it.
pub fn offer(exercise: &Exercise, next: u32) -> String {
    let what = exercise
        .level(next)
        .map_or(String::new(), |l| format!(" ({})", level_text(l)));
    let cleared = if needs_clearance(exercise, next) {
        " --clinician-cleared"
    } else {
        ""
    };
    format!(
        "{} sessions without a stop: the {} could go one level deeper{what}. Only if you want to: `limber exercises level {} {next}{cleared}`.",
        rules::PROGRESSION_SESSIONS,
        exercise.seed_name.to_lowercase(),
        exercise.id
    )
}
