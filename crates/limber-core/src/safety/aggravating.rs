//! Aggravating marks (clinical-notes.md §2 rule 2): an exercise the diary
//! shows stopping again and again is left out until the user turns it back on.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::standing::Mark;
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, SessionRecord, StepReason};
use crate::session::StopReason;

/// Two stops of an exercise this close together (in different sessions)
/// mark it aggravating.
pub const AGGRAVATING_WINDOW_DAYS: i64 = 14;

/// Exercises marked aggravating for this user (clinical-notes §2 rule 2):
///
/// - **at once** by one stop for nerve symptoms (symptoms spreading down
///   the leg, new numbness or tingling, sharp or electric pain);
/// - by stops (a hold with `Outcome::Stopped`) in two different sessions no
///   more than 14 days apart, for any other reason.
///
/// Only stops after the exercise's `cleared` instant (if any) and not after
/// `now` count. `same` pairs exercises that are one stretch in two positions
/// (the lying and the wall thigh stretch): their stops count together and
/// the mark covers both. The reason names the dates (in `tz`) and the stop
/// reasons, for the most recent stop or pair. Sorted by id. The mark stays
/// until the user clears it.
pub fn aggravating(
    sessions: &[SessionRecord],
    cleared: &BTreeMap<ExerciseId, Timestamp>,
    tz: &TimeZone,
    now: Timestamp,
    same: &[(ExerciseId, ExerciseId)],
) -> Vec<(ExerciseId, String)> {
    expand_marks(
        &aggravating_marks(sessions, cleared, tz, now, same),
        cleared,
        now,
        same,
    )
}

/// Each exercise a mark covers (the marked stretch and its `same`
/// positions), with the mark's reason, sorted by id. A mark is dropped when
/// the exercise was cleared at or after its latest stop, or rests on a stop
/// after `now`; so a mark kept from an earlier read answers as the rule
/// would on the whole diary.
pub fn expand_marks(
    marks: &[Mark],
    cleared: &BTreeMap<ExerciseId, Timestamp>,
    now: Timestamp,
    same: &[(ExerciseId, ExerciseId)],
) -> Vec<(ExerciseId, String)> {
    let mut out = Vec::new();
    for mark in marks.iter().filter(|m| mark_stands(m, cleared, now, same)) {
        let members = group_members(&mark.exercise, same);
        out.extend(members.into_iter().map(|m| (m, mark.why.clone())));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The mark still stands as of `now`: its latest stop was by then, and the
/// stretch (in any position) was not turned back on since. A kept mark
/// that no longer stands must not outrank a newer one (see
/// `standing::merge_marks`), so it is dropped before merging.
pub fn mark_stands(
    mark: &Mark,
    cleared: &BTreeMap<ExerciseId, Timestamp>,
    now: Timestamp,
    same: &[(ExerciseId, ExerciseId)],
) -> bool {
    let members = group_members(&mark.exercise, same);
    let cleared_at = members.iter().filter_map(|m| cleared.get(m)).max();
    mark.at <= now && cleared_at.is_none_or(|c| *c < mark.at)
}

/// A stretch and its other positions (`same` pairs the first with each).
fn group_members(g: &ExerciseId, same: &[(ExerciseId, ExerciseId)]) -> Vec<ExerciseId> {
    let mut m = vec![g.clone()];
    m.extend(same.iter().filter(|(a, _)| a == g).map(|(_, b)| b.clone()));
    m
}

/// [`aggravating`] as one [`Mark`] per marked stretch (the first of its
/// `same` group), with the latest stop it rests on.
pub fn aggravating_marks(
    sessions: &[SessionRecord],
    cleared: &BTreeMap<ExerciseId, Timestamp>,
    tz: &TimeZone,
    now: Timestamp,
    same: &[(ExerciseId, ExerciseId)],
) -> Vec<Mark> {
    let group = |id: &ExerciseId| -> ExerciseId {
        same.iter()
            .find(|(_, b)| b == id)
            .map_or_else(|| id.clone(), |(a, _)| a.clone())
    };
    let members = |g: &ExerciseId| group_members(g, same);
    let cleared_at = |g: &ExerciseId| {
        members(g)
            .iter()
            .filter_map(|m| cleared.get(m))
            .max()
            .copied()
    };
    // The first stop of each group in each session.
    let mut stops: BTreeMap<ExerciseId, Vec<(Timestamp, Option<&StepReason>)>> = BTreeMap::new();
    for s in sessions {
        let mut seen: Vec<ExerciseId> = Vec::new();
        for st in &s.steps {
            if st.outcome != Outcome::Stopped || st.at > now {
                continue;
            }
            let g = group(&st.exercise);
            if seen.contains(&g) || cleared_at(&g).is_some_and(|c| st.at <= c) {
                continue;
            }
            seen.push(g.clone());
            stops
                .entry(g)
                .or_default()
                .push((st.at, st.reason.as_ref()));
        }
    }
    let window = jiff::SignedDuration::from_hours(24 * AGGRAVATING_WINDOW_DAYS);
    let say = |t: &Timestamp, r: &Option<&StepReason>| {
        let d = tz.to_datetime(*t).date();
        match r {
            Some(r) => format!("{d}: {r}"),
            None => d.to_string(),
        }
    };
    let mut out = Vec::new();
    for (g, mut list) in stops {
        list.sort_by_key(|(t, _)| *t);
        let at_once = list.iter().rev().find(|(_, r)| {
            r.and_then(|r| r.stop())
                .is_some_and(StopReason::marks_at_once)
        });
        let pair = list
            .windows(2)
            .rev()
            .find(|w| w[1].0.duration_since(w[0].0) <= window);
        let (at, why) = match (at_once, pair) {
            (Some((t, r)), _) => (
                *t,
                format!(
                    "stopped for nerve symptoms ({}): left out until you turn it back on",
                    say(t, r)
                ),
            ),
            (None, Some([(t1, r1), (t2, r2)])) => (
                *t2,
                format!(
                    "stopped twice within {AGGRAVATING_WINDOW_DAYS} days ({}; {}): left out until you turn it back on",
                    say(t1, r1),
                    say(t2, r2)
                ),
            ),
            _ => continue,
        };
        out.push(Mark {
            at_once: at_once.is_some(),
            exercise: g,
            at,
            why,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::analytics::testkit::*;
    use crate::safety::testdays::day;

    const LYING: &str = "lying-thigh-stretch";

    fn stopped_on(id: i64, n: i64, exercise: &str) -> SessionRecord {
        let mut s = session(id, day(n));
        s.steps = vec![
            step(exercise, Outcome::Done, mins(day(n), 1)),
            step(exercise, Outcome::Stopped, mins(day(n), 2)),
        ];
        s
    }

    fn marks(
        sessions: &[SessionRecord],
        cleared: &BTreeMap<ExerciseId, Timestamp>,
    ) -> Vec<(ExerciseId, String)> {
        aggravating(sessions, cleared, &TimeZone::UTC, day(60), &[])
    }

    #[test]
    fn stopped_twice_within_fourteen_days_is_aggravating_with_the_dates() {
        let sessions = [stopped_on(1, 0, LYING), stopped_on(2, 10, LYING)];
        let m = marks(&sessions, &BTreeMap::new());
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, ex(LYING));
        assert!(
            m[0].1.contains("2026-11-02") && m[0].1.contains("2026-11-12"),
            "{}",
            m[0].1
        );
        assert!(m[0].1.contains("pain above 5/10"), "{}", m[0].1);
        // Exactly 14 days apart still counts.
        let m = marks(
            &[stopped_on(1, 0, LYING), stopped_on(2, 14, LYING)],
            &BTreeMap::new(),
        );
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn twenty_days_apart_or_one_session_is_not_aggravating() {
        let far = [stopped_on(1, 0, LYING), stopped_on(2, 20, LYING)];
        assert!(marks(&far, &BTreeMap::new()).is_empty());
        // Two stopped holds in the same session are one stop.
        assert!(marks(&[stopped_on(1, 0, LYING)], &BTreeMap::new()).is_empty());
        let mut twice = stopped_on(1, 0, LYING);
        twice
            .steps
            .push(step(LYING, Outcome::Stopped, mins(day(0), 3)));
        assert!(marks(&[twice], &BTreeMap::new()).is_empty());
        // Different exercises do not add up.
        let mixed = [stopped_on(1, 0, LYING), stopped_on(2, 3, "back-curl")];
        assert!(marks(&mixed, &BTreeMap::new()).is_empty());
    }

    #[test]
    fn clearing_forgets_earlier_stops_and_later_stops_count_again() {
        let mut sessions = vec![stopped_on(1, 0, LYING), stopped_on(2, 10, LYING)];
        let cleared = BTreeMap::from([(ex(LYING), day(10) + SignedDuration::from_hours(1))]);
        assert!(marks(&sessions, &cleared).is_empty());
        sessions.push(stopped_on(3, 12, LYING));
        assert!(
            marks(&sessions, &cleared).is_empty(),
            "one stop since clearing"
        );
        sessions.push(stopped_on(4, 15, LYING));
        let m = marks(&sessions, &cleared);
        assert!(
            m[0].1.contains("2026-11-14") && m[0].1.contains("2026-11-17"),
            "{}",
            m[0].1
        );
        // Stops after `now` are not counted.
        assert!(aggravating(&sessions, &cleared, &TimeZone::UTC, day(13), &[]).is_empty());
    }

    fn stopped_for(id: i64, n: i64, exercise: &str, reason: StopReason) -> SessionRecord {
        let mut s = stopped_on(id, n, exercise);
        s.steps[1].reason = Some(StepReason::stopped(reason, "detail"));
        s
    }

    #[test]
    fn one_stop_for_spreading_numbness_or_an_electric_jolt_marks_at_once() {
        for reason in [StopReason::Spreading, StopReason::SharpPain] {
            let m = marks(&[stopped_for(1, 3, LYING, reason)], &BTreeMap::new());
            assert_eq!(m.len(), 1, "{reason:?}");
            assert_eq!(m[0].0, ex(LYING));
            assert!(
                m[0].1.contains("nerve symptoms") && m[0].1.contains("2026-11-05"),
                "{}",
                m[0].1
            );
        }
        // One stop for pain alone still needs a second within 14 days.
        for reason in [StopReason::PainAboveFive, StopReason::RiseFromBaseline] {
            let one = [stopped_for(1, 3, LYING, reason)];
            assert!(marks(&one, &BTreeMap::new()).is_empty(), "{reason:?}");
        }
        // Clearing the mark forgets the stop.
        let cleared = BTreeMap::from([(ex(LYING), day(4))]);
        let one = [stopped_for(1, 3, LYING, StopReason::Spreading)];
        assert!(marks(&one, &cleared).is_empty());
    }

    #[test]
    fn the_lying_and_wall_thigh_stretch_share_their_marks() {
        const WALL: &str = "wall-thigh-stretch";
        let same = [(ex(LYING), ex(WALL))];
        let sessions = [stopped_on(1, 0, LYING), stopped_on(2, 5, WALL)];
        let m = aggravating(&sessions, &BTreeMap::new(), &TimeZone::UTC, day(60), &same);
        let ids: Vec<_> = m.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, [LYING, WALL]);
        // Without the pairing they are two exercises stopped once each.
        assert!(marks(&sessions, &BTreeMap::new()).is_empty());
        // One electric stop on the wall version leaves the lying one out too.
        let one = [stopped_for(1, 0, WALL, StopReason::SharpPain)];
        let m = aggravating(&one, &BTreeMap::new(), &TimeZone::UTC, day(60), &same);
        assert_eq!(m.len(), 2);
        // Clearing either clears the pair.
        let cleared = BTreeMap::from([(ex(LYING), day(1))]);
        assert!(aggravating(&one, &cleared, &TimeZone::UTC, day(60), &same).is_empty());
    }
}
