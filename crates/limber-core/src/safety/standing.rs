//! What the diary rules found that must outlast the records they found it
//! in. A worsening diary or a two-morning pause stays until the user
//! acknowledges it, and an aggravating mark until they turn the exercise
//! back on, however long ago the entries or stops were. A use case reads
//! only the recent window of the diary (the longest any rule compares
//! over) and keeps each finding here when it is written, so the answer is
//! the same as reading the whole diary at a bounded cost.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;

/// Days of records a rule can look back over from today: the morning
/// check's advice (7 days) after a pair of mornings up to 14 days apart
/// compared with the 28 days before, with room for the calendar. The
/// aggravating pair (14 days), the spreading check (14 days), the weekly
/// trend (this week and the two before) and the re-screen (6 weeks) fit.
pub const RECENT_DAYS: i64 = 60;

/// A rule's finding: when it showed (an acknowledgement after this lifts
/// it), and what to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub at: Timestamp,
    pub why: String,
}

/// An aggravating mark on one stretch (the first of a `same` group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub exercise: ExerciseId,
    /// One stop for nerve symptoms marked it (else two stops within 14 days).
    pub at_once: bool,
    /// The latest stop it rests on: clearing after it lifts the mark.
    pub at: Timestamp,
    pub why: String,
}

/// The findings kept for a user. `None` on a profile (one written before
/// limber kept them) means not known yet: the whole diary is read once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Standing {
    pub diary_pause: Option<Finding>,
    pub morning_pause: Option<Finding>,
    pub aggravating: Vec<Mark>,
}

/// The later of two findings (the rules report the latest).
pub fn latest(a: Option<Finding>, b: Option<Finding>) -> Option<Finding> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.at > a.at { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// One mark per stretch from two lists: a mark at once before one of two
/// stops, then the later, as the aggravating rule words the most recent.
pub fn merge_marks(a: &[Mark], b: &[Mark]) -> Vec<Mark> {
    let mut by: BTreeMap<&ExerciseId, &Mark> = BTreeMap::new();
    for m in a.iter().chain(b) {
        let better = by
            .get(&m.exercise)
            .is_none_or(|k| (m.at_once, m.at) > (k.at_once, k.at));
        if better {
            by.insert(&m.exercise, m);
        }
    }
    by.into_values().cloned().collect()
}

impl Standing {
    /// This standing with `found` (from a recent window) added.
    pub fn with(&self, found: Standing) -> Standing {
        Standing {
            diary_pause: latest(self.diary_pause.clone(), found.diary_pause),
            morning_pause: latest(self.morning_pause.clone(), found.morning_pause),
            aggravating: merge_marks(&self.aggravating, &found.aggravating),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(h)
    }

    fn mark(at_once: bool, h: i64) -> Mark {
        Mark {
            exercise: ExerciseId::new("back-curl").unwrap(),
            at_once,
            at: at(h),
            why: format!("{at_once} {h}"),
        }
    }

    #[test]
    fn a_mark_at_once_outranks_a_later_pair_and_the_later_of_a_kind_wins() {
        let merged = merge_marks(&[mark(true, 1)], &[mark(false, 9)]);
        assert_eq!(merged, [mark(true, 1)]);
        let merged = merge_marks(&[mark(false, 2), mark(false, 5)], &[mark(false, 3)]);
        assert_eq!(merged, [mark(false, 5)]);
    }

    #[test]
    fn the_later_finding_is_kept() {
        let f = |h| Finding {
            at: at(h),
            why: h.to_string(),
        };
        assert_eq!(latest(Some(f(1)), Some(f(2))), Some(f(2)));
        assert_eq!(latest(Some(f(3)), None), Some(f(3)));
        assert_eq!(latest(None, None), None);
    }
}
