//! What the planner knows about a person, from their stored records: one
//! definition for `limber plan`, `limber start` and the report.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use limber_core::diary::{PainEntry, SessionRecord};
use limber_core::plan::Personal;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};
use limber_core::safety::ScreenRecord;
use limber_core::{Catalog, ExerciseId, analytics};

/// The stored records the planner's personal inputs come from.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    pub profile: &'a Profile,
    pub screen: Option<&'a ScreenRecord>,
    pub sessions: &'a [SessionRecord],
    pub entries: &'a [PainEntry],
    pub tz: &'a TimeZone,
    pub now: Timestamp,
    /// `Catalog::same_stretch`, for the aggravating rule.
    pub same_stretch: &'a [(ExerciseId, ExerciseId)],
}

/// Exercises `sessions`, or the marks kept in the profile's standing, mark
/// aggravating, each with the reason the planner shows.
pub fn aggravating(r: &Records<'_>, sessions: &[SessionRecord]) -> Vec<(ExerciseId, String)> {
    let cleared = &r.profile.cleared_aggravating;
    let found = rules::aggravating_marks(sessions, cleared, r.tz, r.now, r.same_stretch);
    let kept: Vec<_> = r
        .profile
        .standing
        .iter()
        .flat_map(|s| &s.aggravating)
        .filter(|m| rules::mark_stands(m, cleared, r.now, r.same_stretch))
        .cloned()
        .collect();
    let marks = limber_core::safety::standing::merge_marks(&found, &kept);
    rules::expand_marks(&marks, cleared, r.now, r.same_stretch)
        .into_iter()
        .map(|(id, why)| (id, format!("marked aggravating for you ({why})")))
        .collect()
}

pub fn personal(r: &Records<'_>, catalog: &Catalog) -> Personal {
    let today = r.tz.to_datetime(r.now).date();
    let ids: Vec<_> = catalog.exercises().iter().map(|e| e.id.clone()).collect();
    let change = analytics::per_exercise(r.sessions, &ids);
    let lighter = match rules::morning_check(r.sessions, r.entries, r.tz, today) {
        MorningAdvice::Lighter { why } | MorningAdvice::Pause { why } => Some(why),
        MorningAdvice::Normal => None,
    };
    let excluded = r
        .profile
        .trial
        .as_ref()
        .and_then(|t| t.excluded_on(today))
        .into_iter()
        .collect();
    Personal {
        conditions: r.screen.map(ScreenRecord::conditions).unwrap_or_default(),
        enabled: r
            .profile
            .enabled
            .iter()
            .map(|(id, lvl)| (id.clone(), *lvl))
            .collect(),
        aggravating: aggravating(r, r.sessions),
        ranking: analytics::ranking(&change),
        lighter,
        excluded,
    }
}

/// The exercises `limber stats` and the report list: every one in use, and
/// one that is off (opt-in and not enabled, or left out as aggravating)
/// only when it has ratings (the analytics add those).
pub fn listed_exercises(r: &Records<'_>, catalog: &Catalog) -> Vec<ExerciseId> {
    let left_out: Vec<_> = aggravating(r, r.sessions)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    catalog
        .exercises()
        .iter()
        .filter(|e| !e.opt_in || r.profile.enabled.contains_key(&e.id))
        .filter(|e| !left_out.contains(&e.id))
        .map(|e| e.id.clone())
        .collect()
}
