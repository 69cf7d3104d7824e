//! Analytics against fixtures small enough to work out on paper.

use std::collections::BTreeMap;

use jiff::civil::date;
use jiff::tz::{self, TimeZone};
use jiff::{SignedDuration, Timestamp};

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

fn one(sessions: &[SessionRecord]) -> ExerciseRelief {
    relief(sessions, &[ex(LYING)]).remove(0)
}

// ---------------------------------------------------------------- relief

#[test]
fn no_data_is_no_data() {
    let r = relief(&[], &[ex(LYING), ex(CURL)]);
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|r| r.verdict == Verdict::NoData && r.n == 0));
    assert_eq!(r[0].mean, None);
    assert_eq!(ranking(&r), None);
}

#[test]
fn one_session_is_unclear_without_an_interval() {
    // baseline 5, after 3 → change −2, n = 1: no SD, no interval.
    let r = one(&lying_changes(&[-2]));
    assert_eq!((r.n, r.mean, r.sd, r.interval), (1, Some(-2.0), None, None));
    assert_eq!(r.verdict, Verdict::Unclear);
    assert_eq!(r.more_sessions, None);
    assert!(r.message.contains("one session"), "{}", r.message);
}

#[test]
fn all_equal_ratings_give_a_zero_width_interval_and_no_nan() {
    // 5 → 5 three times: changes 0, 0, 0; mean 0, SD 0, interval [0, 0].
    let r = one(&lying_changes(&[0, 0, 0]));
    assert_eq!(r.mean, Some(0.0));
    assert_eq!(r.sd, Some(0.0));
    assert_eq!(
        r.interval,
        Some(Interval {
            low: 0.0,
            high: 0.0
        })
    );
    assert_eq!(r.verdict, Verdict::Unclear);
    assert_eq!(r.more_sessions, None, "mean about zero: no estimate");
    assert!(r.message.contains("about zero"), "{}", r.message);
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("NaN") && !json.contains("null,\"sd\""),
        "{json}"
    );
}

#[test]
fn a_clear_helps() {
    // changes −2, −3, −1, −2: mean −2; SS = 0 + 1 + 1 + 0 = 2; SD = √(2/3)
    // = 0.8165; SE = 0.8165/2 = 0.4082; t(3) = 3.182 → half-width 1.299;
    // interval [−3.299, −0.701], wholly below zero → helps.
    let r = one(&lying_changes(&[-2, -3, -1, -2]));
    assert_eq!(r.n, 4);
    assert!(close(r.mean.unwrap(), -2.0));
    assert!(close(r.sd.unwrap(), 0.8165));
    let i = r.interval.unwrap();
    assert!(close(i.low, -3.299) && close(i.high, -0.701), "{i:?}");
    assert_eq!(r.verdict, Verdict::Helps);
    assert_eq!(r.more_sessions, None);
}

#[test]
fn a_clear_worse() {
    // changes +2, +3, +2, +3: mean 2.5; SS = 4 × 0.25 = 1; SD = √(1/3) =
    // 0.5774; SE = 0.2887; half-width 3.182 × 0.2887 = 0.919;
    // interval [1.581, 3.419], wholly above zero → worse.
    let r = one(&lying_changes(&[2, 3, 2, 3]));
    let i = r.interval.unwrap();
    assert!(close(i.low, 1.581) && close(i.high, 3.419), "{i:?}");
    assert_eq!(r.verdict, Verdict::Worse);
}

#[test]
fn unclear_says_how_many_more_sessions() {
    // changes −1, 0, −2: mean −1, SD 1, interval −1 ± 4.303/√3 = −1 ± 2.484.
    // Needed: t(N−1)/√N < 1. N = 6: 2.571/2.449 = 1.050 (no);
    // N = 7: 2.447/2.646 = 0.925 (yes) → 7 − 3 = 4 more.
    let r = one(&lying_changes(&[-1, 0, -2]));
    assert_eq!(r.verdict, Verdict::Unclear);
    assert_eq!(r.more_sessions, Some(4));
    assert!(r.message.contains("about 4 more"), "{}", r.message);
}

#[test]
fn unclear_beyond_the_cap_says_so() {
    // changes −3, +3, −3, +2: mean −0.25, SD ≈ 3.2: needs ~640 sessions.
    let r = one(&lying_changes(&[-3, 3, -3, 2]));
    assert_eq!(r.verdict, Verdict::Unclear);
    assert_eq!(r.more_sessions, None);
    assert!(r.message.contains("more than 50"), "{}", r.message);
}

#[test]
fn attribution_uses_the_rating_just_before_each_exercise() {
    // Baseline 6; after lying 4 (−2); after back curl 5 (5 − 4 = +1).
    let s = rated(1, day(0), 6, &[(LYING, 4), (CURL, 5)]);
    let r = relief(&[s], &[ex(LYING), ex(CURL)]);
    assert_eq!(r[0].mean, Some(-2.0));
    assert_eq!(r[1].mean, Some(1.0));
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
    let r = relief(&[s, mixed, trial], &[ex(LYING), ex(CURL)]);
    assert_eq!(r[0].verdict, Verdict::NoData);
    assert_eq!(r[1].n, 2);
    assert_eq!(r[1].mean, Some(-2.0)); // (−1 + −3) / 2
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
    let r = relief(&[s], &[ex(LYING)]);
    assert_eq!(r.len(), 2);
    assert_eq!((r[1].exercise.as_str(), r[1].mean), (WALL, Some(-1.0)));
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
    let r = relief(&sessions, &[ex(CURL), ex(LYING), ex(WALL)]);
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

#[test]
fn trend_with_an_important_improvement() {
    // Headline = worse of back and leg: 6, 6, 4, 3.
    // From (6 + 6)/2 = 6 to (4 + 3)/2 = 3.5: −2.5 points (−41.7%) → important.
    let t = trend(&weekly(&[(4, 6), (6, 2), (4, 4), (3, 1)]), &TimeZone::UTC);
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
    let t = trend(&weekly(&[(5, 0), (5, 0), (4, 0), (5, 0)]), &TimeZone::UTC);
    let c = t.change.unwrap();
    assert!(!c.important);
    assert_eq!(c.direction, Direction::Better);
    assert!(c.message.starts_with("no clinically important change"));
}

#[test]
fn thirty_percent_counts_and_worse_is_named() {
    // 3, 3, 2, 2 → −1 point, −33%: important (30% rule, at least 1 point).
    let c = trend(&weekly(&[(3, 0), (3, 0), (2, 0), (2, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(c.important && c.direction == Direction::Better);
    // 1, 1, 0, 0 → −1 point… and 1 → 1.5 is +50% but only 0.5 points: not.
    let c = trend(&weekly(&[(1, 0), (1, 0), (1, 0), (2, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(close(c.points, 0.5) && !c.important);
    // 2, 2, 4, 5 → +2.5 points: important, worse.
    let c = trend(&weekly(&[(2, 0), (2, 0), (4, 0), (5, 0)]), &TimeZone::UTC)
        .change
        .unwrap();
    assert!(c.important && c.direction == Direction::Worse);
    assert!(c.message.contains("clinician"));
}

#[test]
fn trend_needs_four_weeks_and_uses_the_users_zone() {
    assert!(trend(&[], &TimeZone::UTC).change.is_none());
    // Monday 02:00 UTC is still Sunday evening at UTC−5: the previous week.
    let e = entry(ts("2026-11-09T02:00:00Z"), Some(3), None);
    let utc = trend(std::slice::from_ref(&e), &TimeZone::UTC);
    let east = trend(&[e], &TimeZone::fixed(tz::offset(-5)));
    assert_eq!(utc.weeks[0].week, "2026-W46");
    assert_eq!(east.weeks[0].week, "2026-W45");
    assert!(utc.change.is_none());
}

// ------------------------------------------------------------- adherence

#[test]
fn streak_across_a_gap() {
    // Today = day 10. Sessions on days 5, 6, (gap 7), 8, 9, 10 → streak 3.
    let today = date(2026, 11, 12);
    let sessions: Vec<_> = [5, 6, 8, 9, 10]
        .iter()
        .map(|&d| session(d, day(d)))
        .collect();
    let a = adherence(&sessions, &TimeZone::UTC, today);
    assert_eq!(a.streak_days, 3);
    // Weeks: day 5 (Nov 7) to day 10 (Nov 12) = 6 days → at least 1 week.
    assert_eq!(a.sessions, 5);
    assert!(close(a.weeks, 1.0) && close(a.sessions_per_week.unwrap(), 5.0));
    // Ending yesterday still counts; two days ago does not.
    let a = adherence(&sessions[..4], &TimeZone::UTC, today);
    assert_eq!(a.streak_days, 2);
    let a = adherence(&sessions[..3], &TimeZone::UTC, today);
    assert_eq!(a.streak_days, 0);
}

#[test]
fn streak_counts_completed_and_partial_days_only_and_share_of_holds() {
    let today = date(2026, 11, 4); // day 2
    let mut s0 = session(0, day(0));
    s0.status = SessionStatus::Partial;
    s0.steps = vec![
        step(LYING, Outcome::Done, day(0)),
        step(LYING, Outcome::Skipped, day(0)),
    ];
    let mut s1 = session(1, day(1));
    s1.steps = vec![
        step(LYING, Outcome::Done, day(1)),
        step(CURL, Outcome::Done, day(1)),
    ];
    let mut s2 = session(2, day(2));
    s2.status = SessionStatus::Stopped;
    s2.steps = vec![step(CURL, Outcome::Stopped, day(2))];
    let a = adherence(&[s0, s1, s2], &TimeZone::UTC, today);
    // Day 2 is a safety stop: the streak runs from yesterday (days 1, 0) = 2.
    assert_eq!(a.streak_days, 2);
    // Holds: 5 records, 3 done → 0.6.
    assert_eq!((a.holds, a.holds_done), (5, 3));
    assert!(close(a.done_share.unwrap(), 0.6));
    // First session 3 days ago (3 days inclusive) → 1 week → 3 per week.
    assert!(close(a.sessions_per_week.unwrap(), 3.0));
    let none = adherence(&[], &TimeZone::UTC, today);
    assert_eq!(
        (none.sessions_per_week, none.done_share, none.streak_days),
        (None, None, 0)
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
    assert_eq!(a.streak_days, 1);
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
    assert!(stats.relief.iter().all(|r| r.n == 3650));
    assert_eq!(stats.relief[0].verdict, Verdict::Helps);
    assert_eq!(stats.ranking.as_ref().unwrap()[0], ex(LYING));
    assert!((520..=523).contains(&stats.trend.weeks.len()));
    assert!(stats.trend.change.is_some());
    assert_eq!(stats.adherence.streak_days, 3650);
    assert!(close(stats.adherence.sessions_per_week.unwrap(), 7.0));
    assert_eq!(stats.centralization.status, CentralizationStatus::Steady);
    assert!(stats.aggravating.is_empty());
    let json = serde_json::to_string(&stats).unwrap();
    assert!(json.contains("\"relief\"") && !json.contains("NaN"));
}
