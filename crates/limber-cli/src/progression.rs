//! The full back curl's depth levels: limber proposes the next level when
//! the rule allows it (`rules::next_level`); only the user's yes moves it,
//! and the deepest level also needs their clinician's clearance.

use limber_core::catalog::Exercise;
use limber_core::diary::SessionRecord;
use limber_core::plan::level_text;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};

/// The highest level of a progressive exercise.
pub fn max_level(exercise: &Exercise) -> Option<u32> {
    exercise.progression.iter().map(|l| l.level).max()
}

/// The level the rule would offer next, given the sessions, today's
/// next-morning advice and the profile.
pub fn ready(
    sessions: &[SessionRecord],
    morning: &MorningAdvice,
    profile: &Profile,
    exercise: &Exercise,
) -> Option<u32> {
    let current = *profile.enabled.get(&exercise.id)?;
    let since = profile
        .level_since
        .get(&exercise.id)
        .copied()
        .unwrap_or(jiff::Timestamp::MIN);
    rules::next_level(
        sessions,
        &exercise.id,
        current,
        max_level(exercise)?,
        since,
        morning,
    )
}

/// The offer, with the level's instruction and the command that accepts it.
pub fn offer(exercise: &Exercise, next: u32) -> String {
    let what = exercise
        .level(next)
        .map_or(String::new(), |l| format!(" ({})", level_text(l)));
    let cleared = if Some(next) == max_level(exercise) {
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
