//! Fixture builders for analytics, rules and trial tests.

use jiff::{SignedDuration, Timestamp};

use crate::catalog::ExerciseId;
use crate::diary::StepReason;
use crate::diary::{
    Outcome, PainEntry, Rating, Reach, SessionContext, SessionRecord, SessionStatus, StepRecord,
};
use crate::pain::PainScore;
use crate::session::StopReason;

pub fn ex(id: &str) -> ExerciseId {
    ExerciseId::new(id).expect("valid id")
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("RFC 3339")
}

pub fn pain(n: u8) -> PainScore {
    PainScore::new(i64::from(n)).expect("0-10")
}

pub fn mins(t: Timestamp, m: i64) -> Timestamp {
    t + SignedDuration::from_mins(m)
}

/// A completed session with no steps or ratings.
/// `id` names the session by number (negative numbers too).
pub fn session(id: i64, start: Timestamp) -> SessionRecord {
    SessionRecord {
        id: crate::diary::SessionId::from_u128(id as u128),
        started_at: start,
        ended_at: Some(mins(start, 10)),
        status: SessionStatus::Completed,
        context: SessionContext::default(),
        program: "runners-cool-down".into(),
        pain_before: None,
        pain_after: None,
        steps: Vec::new(),
        ratings: Vec::new(),
    }
}

pub fn step(exercise: &str, outcome: Outcome, at: Timestamp) -> StepRecord {
    StepRecord {
        exercise: ex(exercise),
        side: None,
        rep: 1,
        outcome,
        reason: (outcome == Outcome::Stopped)
            .then(|| StepReason::stopped(StopReason::PainAboveFive, "you rated it 6/10")),
        at,
    }
}

/// A session with a baseline rating at its start, then for each
/// `(exercise, rating after)`: a done hold 1 minute in, the rating 2
/// minutes in (each exercise takes 2 minutes).
pub fn rated(id: i64, start: Timestamp, baseline: u8, seq: &[(&str, u8)]) -> SessionRecord {
    let mut s = session(id, start);
    s.ratings.push(Rating {
        after: None,
        pain: pain(baseline),
        at: start,
    });
    for (i, (e, after)) in seq.iter().enumerate() {
        let i = i as i64;
        s.steps.push(step(e, Outcome::Done, mins(start, 2 * i + 1)));
        s.ratings.push(Rating {
            after: Some(ex(e)),
            pain: pain(*after),
            at: mins(start, 2 * i + 2),
        });
    }
    s
}

/// A session that did only `exercise`, with session-level before/after.
pub fn single(id: i64, start: Timestamp, exercise: &str, before: u8, after: u8) -> SessionRecord {
    let mut s = session(id, start);
    s.steps.push(step(exercise, Outcome::Done, mins(start, 1)));
    s.pain_before = Some(pain(before));
    s.pain_after = Some(pain(after));
    s
}

pub fn entry(at: Timestamp, back: Option<u8>, leg: Option<u8>) -> PainEntry {
    PainEntry {
        id: crate::diary::PainEntryId::at(at),
        at,
        back: back.map(pain),
        leg: leg.map(pain),
        reach: None,
        side: None,
        qualities: Vec::new(),
        weakness: false,
        stiffness: None,
        morning: false,
        note: None,
    }
}

pub fn reach(at: Timestamp, r: Reach) -> PainEntry {
    PainEntry {
        reach: Some(r),
        ..entry(at, None, Some(3))
    }
}

pub fn morning(at: Timestamp, back: u8, stiffness: u8) -> PainEntry {
    PainEntry {
        stiffness: Some(pain(stiffness)),
        morning: true,
        ..entry(at, Some(back), None)
    }
}
