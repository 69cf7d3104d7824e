//! Analytics against fixtures small enough to work out on paper.

use std::collections::BTreeMap;

use jiff::civil::date;
use jiff::tz::{self, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::change::{changes, session_change};
use super::testkit::*;
use super::*;
use crate::diary::{Outcome, Rating, Reach, SessionStatus};

const LYING: &str = "lying-thigh-stretch";
const CURL: &str = "back-curl";
const WALL: &str = "wall-thigh-stretch";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

fn day(n: i64) -> Timestamp {
    // Day 0 = Monday 2026-11-02, 18:00 UTC (an evening after a run).
    ts("2026-11-02T18:00:00Z") + SignedDuration::from_hours(24 * n)
}

/// Sessions that each did only `LYING`, with these changes (before 5).
fn lying_changes(changes: &[i8]) -> Vec<SessionRecord> {
    changes
        .iter()
        .enumerate()
        .map(|(i, &c)| rated(i as i64, day(i as i64), 5, &[(LYING, (5 + c) as u8)]))
        .collect()
}

fn one(sessions: &[SessionRecord]) -> ExerciseChange {
    per_exercise(sessions, &[ex(LYING)]).remove(0)
}

// ---------------------------------------------------------------- relief

#[test]
fn no_data_is_no_data() {
    let r = per_exercise(&[], &[ex(LYING), ex(CURL)]);
    assert_eq!(r.len(), 2);
    assert!(
        r.iter()
            .all(|r| r.change.verdict == Verdict::NoData && r.change.n == 0)
    );
    assert_eq!(r[0].change.mean, None);
    assert_eq!(ranking(&r), None);
}

#[test]
fn one_session_is_unclear_without_an_interval() {
    // baseline 5, after 3 → change −2, n = 1: no SD, no interval.
    let r = one(&lying_changes(&[-2]));
    assert_eq!(
        (r.change.n, r.change.mean, r.change.sd, r.change.interval),
        (1, Some(-2.0), None, None)
    );
    assert_eq!(r.change.verdict, Verdict::Unclear);
    assert_eq!(r.change.more_sessions, None);
    assert!(
        r.change.message.contains("one session"),
        "{}",
        r.change.message
    );
}

#[test]
fn identical_changes_are_not_presented_as_certainty() {
    // 5 → 3 three times: changes −2, −2, −2; mean −2, SD 0. Not a
    // "−2.0 to −2.0" interval wholly below zero: it cannot be estimated yet.
    let r = one(&lying_changes(&[-2, -2, -2]));
    assert_eq!((r.change.mean, r.change.sd), (Some(-2.0), Some(0.0)));
    assert_eq!(r.change.interval, None);
    assert_eq!(r.change.verdict, Verdict::Unclear);
    assert_eq!(r.change.more_sessions, None);
    assert!(
        r.change.message.contains("cannot be estimated"),
        "{}",
        r.change.message
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("NaN") && json.contains("\"interval\":null"),
        "{json}"
    );
    // Zero changes every time: the same, no "about zero" interval.
    let r = one(&lying_changes(&[0, 0, 0]));
    assert_eq!(
        (r.change.interval, r.change.verdict),
        (None, Verdict::Unclear)
    );
}

#[test]
fn a_clear_lower_after() {
    // changes −2, −3, −1, −2: mean −2; SS = 0 + 1 + 1 + 0 = 2; SD = √(2/3)
    // = 0.8165; SE = 0.8165/2 = 0.4082; t(3) = 3.182 → half-width 1.299;
    // interval [−3.299, −0.701], wholly below zero → lower after.
    let r = one(&lying_changes(&[-2, -3, -1, -2]));
    assert_eq!(r.change.n, 4);
    assert!(close(r.change.mean.unwrap(), -2.0));
    assert!(close(r.change.sd.unwrap(), 0.8165));
    let i = r.change.interval.unwrap();
    assert!(close(i.low, -3.299) && close(i.high, -0.701), "{i:?}");
    assert_eq!(r.change.verdict, Verdict::LowerAfter);
    assert_eq!(r.change.more_sessions, None);
}

#[test]
fn a_clear_higher_after() {
    // changes +2, +3, +2, +3: mean 2.5; SS = 4 × 0.25 = 1; SD = √(1/3) =
    // 0.5774; SE = 0.2887; half-width 3.182 × 0.2887 = 0.919;
    // interval [1.581, 3.419], wholly above zero → higher after.
    let r = one(&lying_changes(&[2, 3, 2, 3]));
    let i = r.change.interval.unwrap();
    assert!(close(i.low, 1.581) && close(i.high, 3.419), "{i:?}");
    assert_eq!(r.change.verdict, Verdict::HigherAfter);
}

#[test]
fn unclear_says_how_many_more_sessions() {
    // changes −1, 0, −2: mean −1, SD 1, interval −1 ± 4.303/√3 = −1 ± 2.484.
    // Needed: t(N−1)/√N < 1. N = 6: 2.571/2.449 = 1.050 (no);
    // N = 7: 2.447/2.646 = 0.925 (yes) → 7 − 3 = 4 more.
    let r = one(&lying_changes(&[-1, 0, -2]));
    assert_eq!(r.change.verdict, Verdict::Unclear);
    assert_eq!(r.change.more_sessions, Some(4));
    assert!(
        r.change.message.contains("about 4 more"),
        "{}",
        r.change.message
    );
}

#[test]
fn unclear_beyond_the_cap_says_so() {
    // changes −3, +3, −3, +2: mean −0.25, SD ≈ 3.2: needs ~640 sessions.
    let r = one(&lying_changes(&[-3, 3, -3, 2]));
    assert_eq!(r.change.verdict, Verdict::Unclear);
    assert_eq!(r.change.more_sessions, None);
    assert!(
        r.change.message.contains("more than 50"),
        "{}",
        r.change.message
    );
}

#[test]
fn attribution_uses_the_rating_just_before_each_exercise() {
    // Baseline 6; after lying 4 (−2); after back curl 5 (5 − 4 = +1).
    let s = rated(1, day(0), 6, &[(LYING, 4), (CURL, 5)]);
    let r = per_exercise(&[s], &[ex(LYING), ex(CURL)]);
    assert_eq!(r[0].change.mean, Some(-2.0));
    assert_eq!(r[1].change.mean, Some(1.0));
}

/// A session of three exercises, each with `holds` holds of 1 minute
/// (records at their ends), rated only at the start (6) and the end (4).
fn rated_at_both_ends(id: i64, start: Timestamp, holds: i64) -> SessionRecord {
    let mut s = session(id, start);
    let mut t = 0;
    for e in [LYING, "standing-thigh-stretch", CURL] {
        for _ in 0..holds {
            t += 1;
            s.steps.push(step(e, Outcome::Done, mins(start, t)));
        }
    }
    s.ratings = vec![
        Rating {
            after: None,
            pain: pain(6),
            at: start,
        },
        Rating {
            after: Some(ex(CURL)),
            pain: pain(4),
            at: mins(start, t + 1),
        },
    ];
    s.pain_before = Some(pain(6));
    s.pain_after = Some(pain(4));
    s
}

#[test]
fn a_whole_sessions_change_is_not_credited_to_its_last_exercise() {
    let sessions: Vec<_> = (0..3).map(|i| rated_at_both_ends(i, day(i), 3)).collect();
    let r = per_exercise(&sessions, &[ex(LYING), ex(CURL)]);
    assert!(
        r.iter().all(|r| r.change.verdict == Verdict::NoData),
        "{r:#?}"
    );
    // It is a whole-session change: −2 three times (no spread: no interval).
    let w = whole_session(&sessions);
    assert_eq!((w.n, w.mean, w.interval), (3, Some(-2.0), None));
    // Even with one hold per exercise, nothing is credited to one exercise.
    let one_hold = rated_at_both_ends(9, day(9), 1);
    assert_eq!(changes(std::slice::from_ref(&one_hold)).len(), 0);
}

#[test]
fn a_rating_early_in_the_first_hold_is_not_an_after() {
    // Lying: 3 holds ending at minutes 1, 2, 3. Baseline 5 at the start; a
    // rating 2 s into the first hold (tagged lying): neither before nor after.
    let mut s = session(1, day(0));
    for m in 1..=3 {
        s.steps.push(step(LYING, Outcome::Done, mins(day(0), m)));
    }
    let rating = |after: Option<&str>, p, at| Rating {
        after: after.map(ex),
        pain: pain(p),
        at,
    };
    s.ratings = vec![
        rating(None, 5, day(0)),
        rating(Some(LYING), 2, day(0) + SignedDuration::from_secs(2)),
    ];
    assert_eq!(changes(std::slice::from_ref(&s)).len(), 0);
    // After its last hold began (later than the second hold's end): counts,
    // and the latest such rating is the one used.
    s.ratings.push(rating(
        Some(LYING),
        4,
        mins(day(0), 2) + SignedDuration::from_secs(30),
    ));
    s.ratings.push(rating(Some(LYING), 3, mins(day(0), 4)));
    assert_eq!(session_change(&s, &ex(LYING)), Some(-2.0));
}

#[test]
fn ratings_between_exercises_are_the_after_of_one_and_the_before_of_the_next() {
    // Lying 2 holds (min 1, 2), curl 2 holds (min 4, 5). Ratings: 6 at the
    // start, 5 between (tagged lying, min 3), 3 at the end (tagged curl).
    let mut s = session(1, day(0));
    for (e, m) in [(LYING, 1), (LYING, 2), (CURL, 4), (CURL, 5)] {
        s.steps.push(step(e, Outcome::Done, mins(day(0), m)));
    }
    for (after, p, m) in [(None, 6, 0), (Some(LYING), 5, 3), (Some(CURL), 3, 6)] {
        s.ratings.push(Rating {
            after: after.map(ex),
            pain: pain(p),
            at: mins(day(0), m),
        });
    }
    assert_eq!(session_change(&s, &ex(LYING)), Some(-1.0));
    assert_eq!(session_change(&s, &ex(CURL)), Some(-2.0));
    // The whole session: 6 → 3, from its ratings when the session-level
    // fields are empty.
    assert_eq!(change::session_start_to_end(&s), Some((6, 3)));
    // A closing rating tagged with an earlier exercise does not reach past
    // the later one's holds.
    s.ratings.retain(|r| r.after.is_none());
    s.ratings.push(Rating {
        after: Some(ex(LYING)),
        pain: pain(2),
        at: mins(day(0), 7),
    });
    assert_eq!(session_change(&s, &ex(LYING)), None);
}

#[test]
fn whole_session_change_has_an_interval_and_n() {
    // Changes −2, −1, −3 (before 6): mean −2, SD 1, half-width 4.303/√3 = 2.484.
    let sessions: Vec<_> = [4u8, 5, 3]
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let mut s = rated_at_both_ends(i as i64, day(i as i64), 2);
            s.pain_after = Some(pain(a));
            s
        })
        .collect();
    let w = whole_session(&sessions);
    assert_eq!(w.n, 3);
    let i = w.interval.unwrap();
    assert!(close(i.low, -4.484) && close(i.high, 0.484), "{i:?}");
    assert_eq!(w.verdict, Verdict::Unclear);
    assert!(w.message.contains("3 sessions"), "{}", w.message);
    // A session with no hold done is not a session's change.
    let mut empty = session(7, day(7));
    empty.pain_before = Some(pain(6));
    empty.pain_after = Some(pain(1));
    assert_eq!(whole_session(&[empty]).n, 0);
}

#[test]
fn skipped_exercises_and_mixed_sessions_without_ratings_are_not_attributed() {
    // Lying skipped, yet rated after: not attributed. Back curl: 6 → 5 = −1.
    let mut s = rated(1, day(0), 6, &[(LYING, 6), (CURL, 5)]);
    s.steps[0].outcome = Outcome::Skipped;
    // Two exercises, session-level ratings only: nothing is attributable.
    let mut mixed = session(2, day(1));
    mixed.steps = vec![
        step(LYING, Outcome::Done, day(1)),
        step(CURL, Outcome::Done, day(1)),
    ];
    mixed.pain_before = Some(pain(6));
    mixed.pain_after = Some(pain(2));
    // One exercise, session-level ratings: 7 → 4 = −3 for back curl.
    let trial = single(3, day(2), CURL, 7, 4);
    let r = per_exercise(&[s, mixed, trial], &[ex(LYING), ex(CURL)]);
    assert_eq!(r[0].change.verdict, Verdict::NoData);
    assert_eq!(r[1].change.n, 2);
    assert_eq!(r[1].change.mean, Some(-2.0)); // (−1 + −3) / 2
}

#[test]
fn ratings_only_sessions_and_unlisted_exercises_are_reported() {
    // No step records: the rating before the after-rating is the "before".
    let mut s = session(1, day(0));
    for (i, (after, p)) in [(None, 5), (Some(ex(WALL)), 4)].into_iter().enumerate() {
        s.ratings.push(Rating {
            after,
            pain: pain(p),
            at: mins(day(0), i as i64),
        });
    }
    let r = per_exercise(&[s], &[ex(LYING)]);
    assert_eq!(r.len(), 2);
    assert_eq!(
        (r[1].exercise.as_str(), r[1].change.mean),
        (WALL, Some(-1.0))
    );
}

#[test]
fn ranking_needs_two_exercises_with_three_sessions() {
    // lying: −2 ×3; curl: +1 ×3; wall: −3 ×2 (too few to rank).
    let mut sessions = Vec::new();
    for i in 0..3 {
        sessions.push(rated(i, day(i), 5, &[(LYING, 3), (CURL, 4)]));
    }
    for i in 3..5 {
        sessions.push(rated(i, day(i), 5, &[(WALL, 2)]));
    }
    let r = per_exercise(&sessions, &[ex(CURL), ex(LYING), ex(WALL)]);
    assert_eq!(
        ranking(&r),
        Some(vec![ex(LYING), ex(CURL)]),
        "most helpful first; wall unranked with n = 2"
    );
    assert_eq!(
        ranking(&r[..1]),
        None,
        "one qualifying exercise is not a ranking"
    );
}

// ----------------------------------------------------------------- trend

/// One entry per week (Wednesday noon UTC) from Monday 2026-11-02, with
/// these (back, leg) scores.
fn weekly(scores: &[(u8, u8)]) -> Vec<crate::diary::PainEntry> {
    scores
        .iter()
        .enumerate()
        .map(|(w, &(b, l))| entry(day(7 * w as i64 + 2), Some(b), Some(l)))
        .collect()
}

fn trend_of(entries: &[crate::diary::PainEntry], tz: &TimeZone) -> Trend {
    trend(entries, &[], tz)
}

#[test]
fn session_ratings_feed_the_weekly_trend() {
    // No diary entries; two sessions in week 45 rated 6 → 4 and 5 → 3, one
    // in week 46 with only an opening rating of 2.
    let mut sessions: Vec<_> = (0..2).map(|i| rated_at_both_ends(i, day(i), 2)).collect();
    sessions[1].pain_before = Some(pain(5));
    sessions[1].pain_after = Some(pain(3));
    let mut open_only = session(3, day(8));
    open_only.pain_before = Some(pain(2));
    sessions.push(open_only);
    let t = trend(&[], &sessions, &TimeZone::UTC);
    assert_eq!(t.weeks.len(), 2);
    assert_eq!((t.weeks[0].entries, t.weeks[0].session_ratings), (0, 4));
    assert!(close(t.weeks[0].pain, 4.5)); // (6 + 4 + 5 + 3) / 4
    assert_eq!(t.weeks[1].session_ratings, 1);
    assert!(!t.message.contains("no pain"), "{}", t.message);
    // With a diary entry in the same week, both count: (2 + 8) / 2 = 5.
    let t = trend(
        &[entry(day(9), Some(8), None)],
        &sessions[2..],
        &TimeZone::UTC,
    );
    assert_eq!((t.weeks[0].entries, t.weeks[0].session_ratings), (1, 1));
    assert!(close(t.weeks[0].pain, 5.0));
}

#[test]
fn trend_with_an_important_improvement() {
    // Headline = worse of back and leg: 6, 6, 4, 3.
    // From (6 + 6)/2 = 6 to (4 + 3)/2 = 3.5: −2.5 points (−41.7%) → important.
    let t = trend_of(&weekly(&[(4, 6), (6, 2), (4, 4), (3, 1)]), &TimeZone::UTC);
    assert_eq!(t.weeks.len(), 4);
    assert_eq!(t.weeks[0].week, "2026-W45");
    assert_eq!(t.weeks[0].start, date(2026, 11, 2));
    assert_eq!((t.weeks[0].back, t.weeks[0].leg), (Some(4.0), Some(6.0)));
    let c = t.change.unwrap();
    assert!(close(c.from, 6.0) && close(c.to, 3.5) && close(c.points, -2.5));
    assert!(close(c.percent.unwrap(), -41.667));
    assert!(c.important);
    assert_eq!(c.direction, Direction::Better);
}

#[test]
fn trend_without_an_important_change() {
    // 5, 5, 4, 5 → from 5 to 4.5: −0.5 points, −10%: not important.
    let t = trend_of(&weekly(&[(5, 0), (5, 0), (4, 0), (5, 0)]), &TimeZone::UTC);
    let c = t.change.unwrap();
    assert!(!c.important);
    assert_eq!(c.direction, Direction::Better);
    assert!(c.message.starts_with("no clinically important change"));
}

#[test]
fn thirty_percent_counts_and_worse_is_named() {
    // 3, 3, 2, 2 → −1 point, −33%: important (30% rule, at least 1 point).
    let c = trend_of(&weekly(&[(3, 0), (3, 0), (2, 0), (2, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(c.important && c.direction == Direction::Better);
    // 1, 1, 0, 0 → −1 point… and 1 → 1.5 is +50% but only 0.5 points: not.
    let c = trend_of(&weekly(&[(1, 0), (1, 0), (1, 0), (2, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(close(c.points, 0.5) && !c.important);
    // 2, 2, 4, 5 → +2.5 points: important, worse.
    let c = trend_of(&weekly(&[(2, 0), (2, 0), (4, 0), (5, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(c.important && c.direction == Direction::Worse);
    assert!(c.message.contains("clinician"));
}

#[test]
fn trend_needs_four_weeks_and_uses_the_users_zone() {
    assert!(trend(&[], &[], &TimeZone::UTC).change.is_none());
    // Monday 02:00 UTC is still Sunday evening at UTC−5: the previous week.
    let e = entry(ts("2026-11-09T02:00:00Z"), Some(3), None);
    let utc = trend(std::slice::from_ref(&e), &[], &TimeZone::UTC);
    let east = trend(&[e], &[], &TimeZone::fixed(tz::offset(-5)));
    assert_eq!(utc.weeks[0].week, "2026-W46");
    assert_eq!(east.weeks[0].week, "2026-W45");
    assert!(utc.change.is_none());
}

// ------------------------------------------------------------- adherence

#[test]
fn recent_weeks_instead_of_a_daily_streak() {
    // Today = day 10 (Thu 2026-11-12). Sessions on days 5, 6, 8, 9, 10 and
    // day −13: windows of 7 days ending today: days 4–10 hold 5 sessions,
    // −3..3 none, −10..−4 none, −17..−11 one.
    let today = date(2026, 11, 12);
    let sessions: Vec<_> = [-13, 5, 6, 8, 9, 10]
        .iter()
        .map(|&d| session(d, day(d)))
        .collect();
    let a = adherence(&sessions, &TimeZone::UTC, today);
    assert_eq!(a.last_weeks, [1, 0, 0, 5]);
    // Weeks: day −13 to day 10 = 24 days = 3.43 weeks → 1.75 a week.
    assert_eq!(a.sessions, 6);
    assert!(close(a.weeks, 24.0 / 7.0) && close(a.sessions_per_week.unwrap(), 1.75));
    let json = serde_json::to_string(&a).unwrap();
    assert!(!json.contains("streak"), "{json}");
}

#[test]
fn a_session_quit_after_one_hold_is_not_a_finished_plan() {
    let today = date(2026, 11, 4); // day 2
    // Quit after 1 hold of a 15-hold plan: one done record, nothing else.
    let mut quit = session(0, day(0));
    quit.status = SessionStatus::Partial;
    quit.steps = vec![step(LYING, Outcome::Done, day(0))];
    let mut done = session(1, day(1));
    done.steps = vec![
        step(LYING, Outcome::Done, day(1)),
        step(CURL, Outcome::Skipped, day(1)),
    ];
    let mut safety = session(2, day(2));
    safety.status = SessionStatus::Stopped;
    safety.steps = vec![step(CURL, Outcome::Stopped, day(2))];
    let a = adherence(&[quit.clone()], &TimeZone::UTC, today);
    assert_eq!((a.completed, a.ended_early), (0, 1));
    assert_eq!(a.finished_share, Some(0.0), "not 100%");
    let a = adherence(&[quit, done, safety], &TimeZone::UTC, today);
    assert_eq!((a.completed, a.ended_early, a.stopped), (1, 1, 1));
    assert!(close(a.finished_share.unwrap(), 1.0 / 3.0));
    assert_eq!(a.holds_done, 2);
    // First session 3 days ago (3 days inclusive) → 1 week → 3 per week.
    assert!(close(a.sessions_per_week.unwrap(), 3.0));
    let none = adherence(&[], &TimeZone::UTC, today);
    assert_eq!(
        (none.sessions_per_week, none.finished_share, none.last_weeks),
        (None, None, [0; 4])
    );
}

#[test]
fn sessions_per_week_over_several_weeks() {
    // 6 sessions, first 20 days before today: 21 days = 3 weeks → 2/week.
    let today = date(2026, 11, 22); // day 20
    let sessions: Vec<_> = [0, 3, 7, 10, 14, 20]
        .iter()
        .map(|&d| session(d, day(d)))
        .collect();
    let a = adherence(&sessions, &TimeZone::UTC, today);
    assert!(close(a.weeks, 3.0) && close(a.sessions_per_week.unwrap(), 2.0));
    assert_eq!(a.last_weeks, [0, 2, 2, 2]);
}

// -------------------------------------------------------- centralization

#[test]
fn centralization_both_ways() {
    let today = date(2026, 11, 30); // day 28
    let earlier = [reach(day(5), Reach::Foot), reach(day(9), Reach::BelowKnee)];
    let recent = [reach(day(20), Reach::Thigh), reach(day(27), Reach::Buttock)];
    let mut entries: Vec<_> = earlier.iter().chain(&recent).cloned().collect();
    let c = centralization(&entries, &TimeZone::UTC, today);
    assert_eq!(c.status, CentralizationStatus::Centralizing);
    assert_eq!(
        (c.recent, c.earlier),
        (Some(Reach::Thigh), Some(Reach::Foot))
    );
    assert!(c.message.contains("good sign"));

    for (e, r) in entries
        .iter_mut()
        .zip([Reach::Buttock, Reach::Thigh, Reach::Foot, Reach::Back])
    {
        e.reach = Some(r);
    }
    let c = centralization(&entries, &TimeZone::UTC, today);
    assert_eq!(c.status, CentralizationStatus::Peripheralizing);
    assert!(c.message.contains("clinician"));

    for e in &mut entries {
        e.reach = Some(Reach::Thigh);
    }
    let c = centralization(&entries, &TimeZone::UTC, today);
    assert_eq!(c.status, CentralizationStatus::Steady);

    let c = centralization(&entries[..3], &TimeZone::UTC, today);
    assert_eq!(c.status, CentralizationStatus::NotEnoughData);
    assert_eq!((c.recent_entries, c.earlier_entries), (1, 2));
}

#[test]
fn old_history_is_outside_the_earlier_window() {
    // Foot 100 days ago is outside both windows.
    let today = date(2026, 11, 30);
    let entries = [
        reach(day(-72), Reach::Foot),
        reach(day(5), Reach::Thigh),
        reach(day(6), Reach::Thigh),
        reach(day(25), Reach::Thigh),
        reach(day(26), Reach::Thigh),
    ];
    let c = centralization(&entries, &TimeZone::UTC, today);
    assert_eq!(c.status, CentralizationStatus::Steady);
}

// ------------------------------------------------------------- helpers

#[test]
fn day_numbers_round_trip_and_match_jiff() {
    assert_eq!(day_number(date(1970, 1, 1)), 0);
    assert_eq!(day_number(date(2000, 3, 1)), 11_017);
    let mut d = date(1899, 12, 25);
    for _ in 0..200_000 / 37 {
        let n = day_number(d);
        assert_eq!(date_of_day(n), d);
        let next = d.checked_add(jiff::Span::new().days(37)).unwrap();
        assert_eq!(day_number(next), n + 37);
        d = next;
    }
}

// ---------------------------------------------------- ten years, daily

#[test]
fn ten_years_of_daily_data_give_sane_results() {
    let exercises = [LYING, CURL, WALL, "standing-thigh-stretch"];
    let ids: Vec<_> = exercises.iter().map(|e| ex(e)).collect();
    let start = ts("2016-01-04T18:00:00Z");
    let mut rng = fastrand::Rng::with_seed(7);
    let mut sessions = Vec::with_capacity(3650);
    let mut entries = Vec::with_capacity(7300);
    for d in 0..3650i64 {
        let t = start + SignedDuration::from_hours(24 * d);
        let base = rng.u8(3..=7);
        // lying lowers the rating by 1–2, the others change it by −1..=1.
        let seq: Vec<(&str, u8)> = exercises
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    *e,
                    if i == 0 {
                        base - rng.u8(1..=2)
                    } else {
                        base + rng.u8(0..=2) - 1
                    },
                )
            })
            .collect();
        let mut s = rated(d, t, base, &seq);
        s.pain_before = Some(pain(base));
        s.pain_after = Some(pain(base - 1));
        sessions.push(s);
        let morning_at = t - SignedDuration::from_hours(10);
        let mut m = morning(morning_at, rng.u8(2..=5), rng.u8(1..=4));
        m.reach = Some(Reach::Thigh);
        entries.push(m);
        entries.push(entry(t, Some(rng.u8(1..=6)), Some(rng.u8(0..=6))));
    }
    let now = start + SignedDuration::from_hours(24 * 3649 + 2);
    let stats = stats(&StatsInput {
        sessions: &sessions,
        entries: &entries,
        exercises: &ids,
        cleared: &BTreeMap::new(),
        same: &[],
        tz: &TimeZone::UTC,
        now,
    });
    assert!(stats.change.iter().all(|r| r.change.n == 3650));
    assert_eq!(stats.change[0].change.verdict, Verdict::LowerAfter);
    assert_eq!(stats.ranking.as_ref().unwrap()[0], ex(LYING));
    assert!((520..=523).contains(&stats.trend.weeks.len()));
    assert!(stats.trend.change.is_some());
    assert_eq!(stats.adherence.last_weeks, [7; 4]);
    assert!(close(stats.adherence.sessions_per_week.unwrap(), 7.0));
    assert_eq!(stats.centralization.status, CentralizationStatus::Steady);
    assert!(stats.aggravating.is_empty());
    let json = serde_json::to_string(&stats).unwrap();
    assert!(json.contains("\"change\"") && json.contains("\"session_change\""));
    assert!(!json.contains("NaN") && !json.contains("relief") && !json.contains("helps"));
}
