//! The opt-in exercises' depth levels (the full back curl): when the rule
//! (`rules::next_level`) would offer the next one. Only the user's yes
//! moves a level, and the deepest also needs their clinician's clearance;
//! the offer's wording is the driver's.

use limber_core::catalog::Exercise;
use limber_core::diary::SessionRecord;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};

/// The highest level of a progressive exercise.
pub fn max_level(exercise: &Exercise) -> Option<u32> {
    exercise.progression.iter().map(|l| l.level).max()
}

/// The deepest level needs the user's word that their clinician cleared it.
pub fn needs_clearance(exercise: &Exercise, level: u32) -> bool {
    Some(level) == max_level(exercise)
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
