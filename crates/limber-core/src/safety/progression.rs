//! The full back curl's progression gate: when the next level may be
//! offered, from the sessions since the current level began.

use jiff::Timestamp;

use super::MorningAdvice;
use crate::catalog::ExerciseId;
use crate::diary::{Outcome, SessionRecord, SessionStatus};

/// Clean sessions at a level before the next level is offered.
pub const PROGRESSION_SESSIONS: usize = 5;

/// The full back curl's progression gate: the next level it may be
/// **offered** at (the user still has to say yes). That needs 5 **clean**
/// sessions with `exercise` since `level_since` (when the current level
/// began): status `completed`, at least one `done` hold of the exercise, no
/// stopped hold at all. Any stop of the exercise since `level_since` holds
/// the level (`None`), as does being at `max_level` already, a next-morning
/// check above baseline (`morning` not `Normal`), or a rating right after
/// the exercise higher than the rating before it in any of those sessions.
pub fn next_level(
    sessions: &[SessionRecord],
    exercise: &ExerciseId,
    current_level: u32,
    max_level: u32,
    level_since: Timestamp,
    morning: &MorningAdvice,
) -> Option<u32> {
    if current_level >= max_level || *morning != MorningAdvice::Normal {
        return None;
    }
    let mut clean = 0usize;
    for s in sessions.iter().filter(|s| s.started_at >= level_since) {
        let mine = |o: Outcome| {
            s.steps
                .iter()
                .any(|st| &st.exercise == exercise && st.outcome == o)
        };
        if mine(Outcome::Stopped) || rating_rose_after(s, exercise) {
            return None;
        }
        let any_stop = s.status == SessionStatus::Stopped
            || s.steps.iter().any(|st| st.outcome == Outcome::Stopped);
        if s.status == SessionStatus::Completed && !any_stop && mine(Outcome::Done) {
            clean += 1;
        }
    }
    (clean >= PROGRESSION_SESSIONS).then_some(current_level + 1)
}

/// Was pain rated higher right after `exercise` than just before it (the
/// previous rating of the session, or its pain-before)?
fn rating_rose_after(s: &SessionRecord, exercise: &ExerciseId) -> bool {
    let mut ratings: Vec<_> = s.ratings.iter().collect();
    ratings.sort_by_key(|r| r.at);
    ratings.iter().enumerate().any(|(i, r)| {
        let before = match i.checked_sub(1) {
            Some(j) => Some(ratings[j].pain),
            None => s.pain_before,
        };
        r.after.as_ref() == Some(exercise) && before.is_some_and(|b| r.pain > b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::testkit::*;
    use crate::safety::MorningAdvice;
    use crate::safety::testdays::day;

    const LYING: &str = "lying-thigh-stretch";
    const NORMAL: MorningAdvice = MorningAdvice::Normal;
    const FULL: &str = "full-back-curl";

    fn curl_session(id: i64, n: i64) -> SessionRecord {
        let mut s = session(id, day(n));
        s.steps = vec![
            step(LYING, Outcome::Done, day(n)),
            step(FULL, Outcome::Done, mins(day(n), 2)),
        ];
        s
    }

    #[test]
    fn full_back_curl_advances_after_five_clean_sessions() {
        let since = day(0);
        let five: Vec<_> = (0..5).map(|n| curl_session(n, n)).collect();
        assert_eq!(next_level(&five, &ex(FULL), 1, 3, since, &NORMAL), Some(2));
        assert_eq!(
            next_level(&five[..4], &ex(FULL), 1, 3, since, &NORMAL),
            None
        );
        assert_eq!(
            next_level(&five, &ex(FULL), 3, 3, since, &NORMAL),
            None,
            "already at the top"
        );
        // Sessions before the level began do not count.
        assert_eq!(next_level(&five, &ex(FULL), 1, 3, day(1), &NORMAL), None);
    }

    #[test]
    fn mornings_above_baseline_or_rising_ratings_hold_the_level() {
        let since = day(0);
        let five: Vec<_> = (0..5).map(|n| curl_session(n, n)).collect();
        let lighter = MorningAdvice::Lighter {
            why: "pain 7/10".into(),
        };
        assert_eq!(next_level(&five, &ex(FULL), 1, 3, since, &lighter), None);
        let pause = MorningAdvice::Pause {
            why: "twice".into(),
        };
        assert_eq!(next_level(&five, &ex(FULL), 1, 3, since, &pause), None);
        // Pain rated 4 after the curl, up from 2 before it, in one session.
        let mut rising = five;
        rising[3].pain_before = Some(crate::PainScore::new(2).unwrap());
        rising[3].ratings = vec![crate::diary::Rating {
            after: Some(ex(FULL)),
            pain: crate::PainScore::new(4).unwrap(),
            at: mins(day(3), 3),
        }];
        assert_eq!(next_level(&rising, &ex(FULL), 1, 3, since, &NORMAL), None);
        // The same rating after the curl, no higher than before: offered.
        rising[3].pain_before = Some(crate::PainScore::new(4).unwrap());
        assert_eq!(
            next_level(&rising, &ex(FULL), 1, 3, since, &NORMAL),
            Some(2)
        );
    }

    #[test]
    fn a_stop_holds_the_level() {
        let since = day(0);
        let mut sessions: Vec<_> = (0..6).map(|n| curl_session(n, n)).collect();
        sessions[2].steps[1].outcome = Outcome::Stopped;
        assert_eq!(next_level(&sessions, &ex(FULL), 1, 3, since, &NORMAL), None);
        // A stop of another exercise: that session is not clean, the rest count.
        let mut sessions: Vec<_> = (0..5).map(|n| curl_session(n, n)).collect();
        sessions[2].steps[0].outcome = Outcome::Stopped;
        assert_eq!(
            next_level(&sessions, &ex(FULL), 1, 3, since, &NORMAL),
            None,
            "4 clean"
        );
        sessions.push(curl_session(9, 9));
        assert_eq!(
            next_level(&sessions, &ex(FULL), 1, 3, since, &NORMAL),
            Some(2)
        );
        // Partial sessions and sessions without the exercise do not count.
        let mut partial: Vec<_> = (0..5).map(|n| curl_session(n, n)).collect();
        partial[0].status = SessionStatus::Partial;
        partial[1].steps.truncate(1);
        assert_eq!(next_level(&partial, &ex(FULL), 1, 3, since, &NORMAL), None);
    }
}
