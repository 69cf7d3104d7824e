//! Specs for the guided-session engine. Every test drives the engine with
//! plain session times (or a fake clock); nothing sleeps.

use std::time::Duration;

use jiff::Timestamp;

use super::RATE_PROMPT;
use super::*;
use crate::diary::Rating;
use crate::diary::{Outcome, SessionContext, SessionStatus, StepReason, StepRecord};
use crate::plan::{Pace, Personal, PlanRequest, Routine, plan};
use crate::{Catalog, ExerciseId, PainScore, Side};

// `limber_testutil::default_routine()` builds a `Routine` of its own copy of
// limber-core (a dev-dependency cycle gives unit tests two copies of the
// crate), so these unit tests plan the same routine the same way here.
fn default_routine() -> Routine {
    let catalog = Catalog::builtin();
    plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext::default(),
        minutes: None,
        pace: Pace::DEFAULT,
        personal: &Personal::default(),
    })
    .expect("the default program plans")
}

/// The wall-clock start of every test session (`FakeClock::default()`'s origin).
fn start() -> Timestamp {
    "2026-11-26T07:30:00Z".parse().unwrap()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn new_session() -> Session {
    Session::new(default_routine(), start())
}

/// Ticks exactly at every deadline up to and including `until`, then at `until`.
fn run_until(s: &mut Session, until: Duration) -> Vec<Output> {
    let mut out = Vec::new();
    while let Some(d) = s.next_deadline() {
        if d > until {
            break;
        }
        out.extend(s.tick(d));
    }
    out.extend(s.tick(until));
    out
}

/// Ticks at every deadline until the session stops needing ticks.
fn run_out(s: &mut Session) -> Vec<Output> {
    let mut out = Vec::new();
    while let Some(d) = s.next_deadline() {
        out.extend(s.tick(d));
    }
    out
}

fn cues(out: &[Output]) -> Vec<&Cue> {
    out.iter()
        .filter_map(|o| match o {
            Output::Cue(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn records(out: &[Output]) -> Vec<&StepRecord> {
    out.iter()
        .filter_map(|o| match o {
            Output::Step(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn mmss(d: Duration) -> String {
    let ms = d.as_millis();
    let (m, s, frac) = (ms / 60_000, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}.{frac:03}")
    }
}

/// One line per cue: "mm:ss  text".
fn timeline(out: &[Output]) -> String {
    cues(out)
        .iter()
        .map(|c| format!("{}  {}", mmss(c.at), c.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn finished(out: &[Output]) -> Vec<SessionStatus> {
    out.iter()
        .filter_map(|o| match o {
            Output::Finished(s) => Some(*s),
            _ => None,
        })
        .collect()
}

/// A record's reason as history and exports say it.
fn words(r: &StepRecord) -> Option<String> {
    r.reason.as_ref().map(ToString::to_string)
}

/// The rule that stopped a record's hold.
fn rule(r: &StepRecord) -> Option<StopReason> {
    r.reason.as_ref().and_then(StepReason::stop)
}

fn last_cue(out: &[Output]) -> &Cue {
    cues(out).last().copied().expect("a cue")
}

/// The ways on that a halted cue waits for.
fn ways(cue: &Cue) -> Vec<(Decision, &str)> {
    match &cue.prompt {
        Some(Prompt::Choose { choices }) => choices
            .iter()
            .map(|c| (c.decision, c.label.as_str()))
            .collect(),
        other => panic!("not waiting for a choice: {other:?}"),
    }
}

fn pain(v: i64) -> PainScore {
    PainScore::new(v).unwrap()
}

fn at(s: u64) -> Timestamp {
    start() + secs(s)
}

fn lying() -> ExerciseId {
    ExerciseId::new("lying-thigh-stretch").unwrap()
}

fn standing() -> ExerciseId {
    ExerciseId::new("standing-thigh-stretch").unwrap()
}

/// (side, rep, outcome) of each record.
fn holds(out: &[Output]) -> Vec<(Option<Side>, u32, Outcome)> {
    records(out)
        .iter()
        .map(|r| (r.side, r.rep, r.outcome))
        .collect()
}

// ----- the timeline --------------------------------------------------------

#[test]
fn the_lying_thigh_stretch_cue_by_cue() {
    let mut s = new_session();
    let out = run_until(&mut s, secs(150));
    insta::assert_snapshot!(timeline(&out), @r"
    00:00  Get ready: Lying thigh stretch, right leg, rep 1 of 3. Starting in 5 seconds. Lie on your back on the floor, legs straight, head resting. Pain now? Type 0-10 if you like (0 no pain ... 10 worst imaginable).
    00:05  Lying thigh stretch, right leg, rep 1 of 3: hold for a count of 20. Move gently, no bouncing.
    00:20  5 (Lying thigh stretch, right leg, rep 1 of 3)
    00:21  4 (Lying thigh stretch, right leg, rep 1 of 3)
    00:22  3 (Lying thigh stretch, right leg, rep 1 of 3)
    00:23  2 (Lying thigh stretch, right leg, rep 1 of 3)
    00:24  1 (Lying thigh stretch, right leg, rep 1 of 3)
    00:25  Release slowly. Lying thigh stretch, right leg, rep 1 of 3 done. Next: left leg, rep 1 of 3.
    00:25  Switch to your left leg. Bend your left knee and cross it over your other leg. Lying thigh stretch, left leg, rep 1 of 3 starts in 5 seconds.
    00:30  Lying thigh stretch, left leg, rep 1 of 3: hold for a count of 20. Move gently, no bouncing.
    00:45  5 (Lying thigh stretch, left leg, rep 1 of 3)
    00:46  4 (Lying thigh stretch, left leg, rep 1 of 3)
    00:47  3 (Lying thigh stretch, left leg, rep 1 of 3)
    00:48  2 (Lying thigh stretch, left leg, rep 1 of 3)
    00:49  1 (Lying thigh stretch, left leg, rep 1 of 3)
    00:50  Release slowly. Lying thigh stretch, left leg, rep 1 of 3 done. Next: right leg, rep 2 of 3.
    00:50  Switch to your right leg. Bend your right knee and cross it over your other leg. Lying thigh stretch, right leg, rep 2 of 3 starts in 5 seconds.
    00:55  Lying thigh stretch, right leg, rep 2 of 3: hold for a count of 20. Move gently, no bouncing.
    01:10  5 (Lying thigh stretch, right leg, rep 2 of 3)
    01:11  4 (Lying thigh stretch, right leg, rep 2 of 3)
    01:12  3 (Lying thigh stretch, right leg, rep 2 of 3)
    01:13  2 (Lying thigh stretch, right leg, rep 2 of 3)
    01:14  1 (Lying thigh stretch, right leg, rep 2 of 3)
    01:15  Release slowly. Lying thigh stretch, right leg, rep 2 of 3 done. Next: left leg, rep 2 of 3.
    01:15  Switch to your left leg. Bend your left knee and cross it over your other leg. Lying thigh stretch, left leg, rep 2 of 3 starts in 5 seconds.
    01:20  Lying thigh stretch, left leg, rep 2 of 3: hold for a count of 20. Move gently, no bouncing.
    01:35  5 (Lying thigh stretch, left leg, rep 2 of 3)
    01:36  4 (Lying thigh stretch, left leg, rep 2 of 3)
    01:37  3 (Lying thigh stretch, left leg, rep 2 of 3)
    01:38  2 (Lying thigh stretch, left leg, rep 2 of 3)
    01:39  1 (Lying thigh stretch, left leg, rep 2 of 3)
    01:40  Release slowly. Lying thigh stretch, left leg, rep 2 of 3 done. Next: right leg, rep 3 of 3.
    01:40  Switch to your right leg. Bend your right knee and cross it over your other leg. Lying thigh stretch, right leg, rep 3 of 3 starts in 5 seconds.
    01:45  Lying thigh stretch, right leg, rep 3 of 3: hold for a count of 20. Move gently, no bouncing.
    02:00  5 (Lying thigh stretch, right leg, rep 3 of 3)
    02:01  4 (Lying thigh stretch, right leg, rep 3 of 3)
    02:02  3 (Lying thigh stretch, right leg, rep 3 of 3)
    02:03  2 (Lying thigh stretch, right leg, rep 3 of 3)
    02:04  1 (Lying thigh stretch, right leg, rep 3 of 3)
    02:05  Release slowly. Lying thigh stretch, right leg, rep 3 of 3 done. Next: left leg, rep 3 of 3.
    02:05  Switch to your left leg. Bend your left knee and cross it over your other leg. Lying thigh stretch, left leg, rep 3 of 3 starts in 5 seconds.
    02:10  Lying thigh stretch, left leg, rep 3 of 3: hold for a count of 20. Move gently, no bouncing.
    02:25  5 (Lying thigh stretch, left leg, rep 3 of 3)
    02:26  4 (Lying thigh stretch, left leg, rep 3 of 3)
    02:27  3 (Lying thigh stretch, left leg, rep 3 of 3)
    02:28  2 (Lying thigh stretch, left leg, rep 3 of 3)
    02:29  1 (Lying thigh stretch, left leg, rep 3 of 3)
    02:30  Release slowly. Lying thigh stretch, left leg, rep 3 of 3 done. Next: Standing thigh stretch.
    02:30  Get ready: Standing thigh stretch, right leg, rep 1 of 3. Starting in 5 seconds. Stand near a wall or a sturdy chair you can hold for balance, feet together, knees soft. Pain now? Type 0-10 if you like (0 no pain ... 10 worst imaginable).
    ");
}

#[test]
fn the_lying_thigh_stretch_alternates_right_and_left_three_times_for_a_count_of_20() {
    let mut s = new_session();
    let out = run_until(&mut s, secs(150));
    let (r, l) = (Some(Side::Right), Some(Side::Left));
    assert_eq!(
        holds(&out),
        [(r, 1), (l, 1), (r, 2), (l, 2), (r, 3), (l, 3)].map(|(s, n)| (s, n, Outcome::Done))
    );
    let starts: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.kind == CueKind::HoldStart)
        .collect();
    let ends: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.kind == CueKind::HoldEnd)
        .collect();
    for (start, end) in starts.iter().zip(&ends) {
        assert!(start.text.contains("hold for a count of 20"));
        assert_eq!(end.at - start.at, secs(20), "20 counts at 1 count a second");
    }
    for (end, next) in ends.iter().zip(starts.iter().skip(1)) {
        assert_eq!(next.at - end.at, secs(5), "5 s to release and switch");
    }
}

#[test]
fn every_cue_of_a_sided_hold_names_the_exercise_and_the_leg_in_words() {
    let mut s = new_session();
    let out = run_until(&mut s, secs(149));
    for cue in cues(&out) {
        assert!(cue.text.contains("Lying thigh stretch"), "{}", cue.text);
        assert!(
            cue.text.contains("right leg") || cue.text.contains("left leg"),
            "{}",
            cue.text
        );
    }
}

#[test]
fn the_last_five_counts_are_spoken_as_numbers_with_a_tick_then_the_hold_end_sound() {
    let mut s = new_session();
    let out = run_until(&mut s, secs(25));
    let tail: Vec<_> = cues(&out)
        .iter()
        .skip(2)
        .map(|c| (mmss(c.at), c.speak.clone(), c.sound))
        .collect();
    let tick = Some(Sound::Tick);
    assert_eq!(
        tail,
        [
            ("00:20".into(), "5".into(), tick),
            ("00:21".into(), "4".into(), tick),
            ("00:22".into(), "3".into(), tick),
            ("00:23".into(), "2".into(), tick),
            ("00:24".into(), "1".into(), tick),
            (
                "00:25".into(),
                "Release. Switch to your left leg.".into(),
                Some(Sound::HoldEnd)
            ),
            ("00:25".into(), "Switch to your left leg.".into(), None),
        ]
    );
    let counts: Vec<_> = cues(&out)
        .iter()
        .filter_map(|c| match c.kind {
            CueKind::Count { remaining } => Some(remaining),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [5, 4, 3, 2, 1]);
}

#[test]
fn an_uninterrupted_session_lasts_exactly_the_planned_estimate() {
    let routine = default_routine();
    let mut s = Session::new(routine.clone(), start());
    let out = run_out(&mut s);
    let end = last_cue(&out);
    assert_eq!(end.kind, CueKind::Finished);
    assert_eq!(end.sound, Some(Sound::Finished));
    assert_eq!(end.at, routine.estimate());
    assert_eq!(finished(&out), [SessionStatus::Completed]);
    assert!(s.is_finished());
    assert_eq!(s.next_deadline(), None);

    // Each exercise's countdown begins where the estimates before it add up to.
    let get_ready: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.kind == CueKind::GetReady)
        .map(|c| c.at)
        .collect();
    let mut planned = Vec::new();
    let mut t = Duration::ZERO;
    for step in &routine.steps {
        planned.push(t);
        t += step.estimate(routine.pace);
    }
    assert_eq!(get_ready, planned);
    assert_eq!(records(&out).len(), 15);
    assert!(records(&out).iter().all(|r| r.outcome == Outcome::Done));
}

#[test]
fn a_non_alternating_unsided_exercise_says_next_rep_and_no_leg() {
    let mut s = new_session();
    let out = run_until(&mut s, secs(330));
    let back_curl: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.text.contains("Back curl") && !c.text.contains("Standing"))
        .collect();
    assert!(back_curl.iter().all(|c| !c.text.contains(" leg")));
    assert!(
        back_curl
            .iter()
            .any(|c| c.kind == CueKind::Switch && c.speak == "Next rep.")
    );
}

#[test]
fn a_late_tick_emits_everything_that_fell_due_each_with_its_own_time() {
    let mut on_time = new_session();
    let expected = run_until(&mut on_time, secs(60));

    let mut late = new_session();
    let mut out = late.tick(Duration::ZERO);
    out.extend(late.tick(Duration::from_millis(59_999)));
    out.extend(late.tick(secs(60)));
    assert_eq!(out, expected);
    assert_eq!(mmss(cues(&out)[7].at), "00:25", "not stamped 00:59.999");
}

#[test]
fn ticking_early_or_twice_changes_nothing() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    assert!(s.tick(Duration::from_millis(4_999)).is_empty());
    assert!(s.tick(Duration::from_millis(4_999)).is_empty());
    assert_eq!(s.next_deadline(), Some(secs(5)));
    assert_eq!(cues(&s.tick(secs(5)))[0].kind, CueKind::HoldStart);
    assert!(s.tick(secs(5)).is_empty());
}

#[test]
fn an_empty_routine_finishes_at_once() {
    let mut routine = default_routine();
    routine.steps.clear();
    let mut s = Session::new(routine, start());
    assert_eq!(s.view(Duration::ZERO).phase, Phase::GetReady);
    assert_eq!(s.next_deadline(), Some(Duration::ZERO));
    let out = s.tick(Duration::ZERO);
    assert_eq!(finished(&out), [SessionStatus::Completed]);
    assert!(s.is_finished());
}

// ----- user events ---------------------------------------------------------

#[test]
fn pause_keeps_the_remaining_time_of_the_hold_exactly() {
    let mut s = new_session();
    run_until(&mut s, Duration::from_millis(12_500)); // 7.5 counts into the first hold
    let out = s.handle(Event::Pause, Duration::from_millis(12_500));
    assert_eq!(last_cue(&out).kind, CueKind::Paused);
    assert_eq!(
        last_cue(&out).text,
        "Paused: Lying thigh stretch, right leg, rep 1 of 3. 13 counts to go."
    );
    assert_eq!(s.next_deadline(), None);
    assert!(
        s.tick(secs(500)).is_empty(),
        "nothing falls due while paused"
    );
    let view = s.view(secs(500));
    assert!(view.paused);
    assert_eq!(view.remaining, Duration::from_millis(12_500));
    assert_eq!(view.count, 7);

    let out = s.handle(Event::Resume, secs(100));
    assert_eq!(last_cue(&out).kind, CueKind::Resumed);
    // 12.5 s were left: the countdown starts 7.5 s later and the hold ends 12.5 s later.
    assert_eq!(s.next_deadline(), Some(Duration::from_millis(107_500)));
    let out = run_until(&mut s, Duration::from_millis(112_500));
    let end = cues(&out)
        .into_iter()
        .find(|c| c.kind == CueKind::HoldEnd)
        .unwrap();
    assert_eq!(end.at, Duration::from_millis(112_500));
    assert_eq!(
        records(&out)[0].at,
        start() + Duration::from_millis(112_500)
    );
}

#[test]
fn the_space_bar_toggles_pause() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    s.handle(Event::TogglePause, secs(2));
    assert!(s.view(secs(3)).paused);
    s.handle(Event::TogglePause, secs(10));
    assert!(!s.view(secs(10)).paused);
    assert_eq!(
        s.next_deadline(),
        Some(secs(13)),
        "3 s of the countdown were left"
    );
}

#[test]
fn a_pause_during_the_rest_keeps_the_rest() {
    let mut s = new_session();
    run_until(&mut s, secs(27));
    s.handle(Event::Pause, secs(27));
    s.handle(Event::Resume, secs(40));
    assert_eq!(s.next_deadline(), Some(secs(43)));
}

#[test]
fn skip_records_the_rest_of_the_exercise_as_skipped_and_moves_on() {
    let mut s = new_session();
    run_until(&mut s, secs(32));
    let out = s.handle(Event::Skip, secs(32));
    let (r, l) = (Some(Side::Right), Some(Side::Left));
    assert_eq!(
        holds(&out),
        [(l, 1), (r, 2), (l, 2), (r, 3), (l, 3)].map(|(s, n)| (s, n, Outcome::Skipped))
    );
    assert!(
        records(&out)
            .iter()
            .all(|r| r.at == at(32) && r.exercise == lying())
    );
    let c = cues(&out);
    assert_eq!(
        c[0].text,
        "Skipped the rest of Lying thigh stretch. Next: Standing thigh stretch."
    );
    assert_eq!(c[1].kind, CueKind::GetReady);
    assert!(c[1].text.contains("Standing thigh stretch, right leg"));
    assert_eq!(s.next_deadline(), Some(secs(37)));
    assert_eq!(s.view(secs(32)).exercise, Some(standing()));
}

#[test]
fn skipping_the_last_exercise_completes_the_routine() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    s.handle(Event::Skip, secs(1));
    s.handle(Event::Skip, secs(2));
    let out = s.handle(Event::Skip, secs(3));
    assert_eq!(finished(&out), [SessionStatus::Completed]);
    assert_eq!(records(&out).len(), 3);
    assert!(s.is_finished());
}

#[test]
fn b_goes_back_to_the_start_of_the_current_hold_with_its_get_ready() {
    let mut s = new_session();
    run_until(&mut s, secs(40)); // left leg, 10 counts in
    let out = s.handle(Event::Back, secs(40));
    let c = cues(&out);
    assert_eq!(c[0].kind, CueKind::Back);
    assert_eq!(
        c[0].text,
        "Back to Lying thigh stretch, left leg, rep 1 of 3, from the start."
    );
    assert_eq!(c[1].kind, CueKind::GetReady);
    assert!(records(&out).is_empty());
    let view = s.view(secs(40));
    assert_eq!(
        (view.side, view.rep, view.phase),
        (Some(Side::Left), 1, Phase::GetReady)
    );
    // 5 s to get into position, then the whole hold again.
    let out = run_until(&mut s, secs(65));
    assert_eq!(holds(&out), [(Some(Side::Left), 1, Outcome::Done)]);
    assert_eq!(records(&out)[0].at, at(65));
}

#[test]
fn a_second_b_within_two_seconds_goes_to_the_hold_before() {
    let mut s = new_session();
    run_until(&mut s, secs(32)); // left leg, 2 counts in
    s.handle(Event::Back, secs(32));
    let view = s.view(secs(32));
    assert_eq!((view.side, view.rep), (Some(Side::Left), 1));
    let out = s.handle(Event::Back, secs(33));
    assert!(last_cue(&out).text.contains("right leg, rep 1 of 3"));
    let view = s.view(secs(33));
    assert_eq!(
        (view.side, view.rep, view.phase),
        (Some(Side::Right), 1, Phase::GetReady)
    );
    // Later than 2 s after, b restarts the hold on screen again.
    s.handle(Event::Back, secs(36));
    let view = s.view(secs(36));
    assert_eq!((view.side, view.rep), (Some(Side::Right), 1));
    let out = run_until(&mut s, secs(61));
    // The right leg gets a second record; the first one stays.
    assert_eq!(holds(&out), [(Some(Side::Right), 1, Outcome::Done)]);

    // In the rest after it, b goes to the start of the hold just done.
    run_until(&mut s, secs(63));
    assert_eq!(s.view(secs(63)).phase, Phase::Rest);
    s.handle(Event::Back, secs(63));
    let view = s.view(secs(63));
    assert_eq!(
        (view.side, view.rep, view.phase),
        (Some(Side::Right), 1, Phase::GetReady)
    );
}

#[test]
fn back_from_the_next_exercise_goes_to_the_last_hold_of_the_one_before() {
    let mut s = new_session();
    run_until(&mut s, secs(151)); // the standing stretch's countdown
    // The first b restarts the standing stretch's countdown ...
    let out = s.handle(Event::Back, secs(151));
    assert!(
        last_cue(&out)
            .text
            .starts_with("Get ready: Standing thigh stretch")
    );
    // ... the second, right after, goes to the lying stretch's last hold.
    let out = s.handle(Event::Back, secs(152));
    let c = cues(&out);
    assert_eq!(c[0].kind, CueKind::Back);
    assert_eq!(c[1].kind, CueKind::GetReady);
    assert!(
        c[1].text
            .contains("Lying thigh stretch, left leg, rep 3 of 3")
    );
    let out = run_until(&mut s, secs(177));
    assert_eq!(
        records(&out)
            .iter()
            .map(|r| (r.exercise.clone(), r.side, r.rep))
            .collect::<Vec<_>>(),
        [(lying(), Some(Side::Left), 3)]
    );
    assert!(
        last_cue(&out)
            .text
            .contains("Get ready: Standing thigh stretch")
    );
}

#[test]
fn back_at_the_very_start_runs_the_countdown_again() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    let out = s.handle(Event::Back, secs(3));
    assert_eq!(last_cue(&out).kind, CueKind::GetReady);
    assert_eq!(s.next_deadline(), Some(secs(8)));
}

#[test]
fn quit_ends_the_session_as_partial_once() {
    let mut s = new_session();
    run_until(&mut s, secs(60));
    let out = s.handle(Event::Quit, secs(60));
    assert_eq!(finished(&out), [SessionStatus::Partial]);
    assert_eq!(last_cue(&out).text, "Session ended early: 2 holds done.");
    assert!(s.is_finished());
    assert_eq!(s.next_deadline(), None);
    assert!(s.tick(secs(1000)).is_empty());
    assert!(s.handle(Event::Quit, secs(1001)).is_empty());
    assert_eq!(s.view(secs(2000)).elapsed, secs(60));
}

#[test]
fn a_pace_change_runs_the_rest_of_the_hold_at_the_new_pace() {
    let mut s = new_session();
    run_until(&mut s, secs(15)); // 10 counts into the first hold at 1 count/s
    let out = s.handle(Event::Pace(10), secs(15)); // as fast as allowed: 2 counts/s
    assert_eq!(
        last_cue(&out).text,
        "Pace: 2.0 counts a second (Lying thigh stretch, right leg, rep 1 of 3). 10 counts to go."
    );
    assert_eq!(s.view(secs(15)).pace, Pace::new(2.0).unwrap());
    // "5" falls due when 15 counts are done: 5 counts later, 2.5 s.
    assert_eq!(s.next_deadline(), Some(Duration::from_millis(17_500)));
    let out = run_until(&mut s, secs(20));
    let end = cues(&out)
        .into_iter()
        .find(|c| c.kind == CueKind::HoldEnd)
        .unwrap();
    assert_eq!(end.at, secs(20));
    // Later holds and the estimate follow the new pace.
    assert_eq!(s.routine().pace, Pace::new(2.0).unwrap());
    let out = run_until(&mut s, secs(35));
    let ends: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.kind == CueKind::HoldEnd)
        .map(|c| c.at)
        .collect();
    assert_eq!(
        ends,
        [secs(35)],
        "the left leg: 5 s rest, then 20 counts in 10 s"
    );
}

#[test]
fn a_pace_change_during_a_pause_keeps_the_counts_done() {
    let mut s = new_session();
    run_until(&mut s, secs(15));
    s.handle(Event::Pause, secs(15));
    s.handle(Event::Pace(-5), secs(20)); // 0.5 counts/s
    assert_eq!(s.view(secs(30)).count, 10);
    s.handle(Event::Resume, secs(30));
    // 10 counts left at 0.5 counts/s: 20 s.
    let out = run_until(&mut s, secs(50));
    assert_eq!(
        cues(&out)
            .into_iter()
            .find(|c| c.kind == CueKind::HoldEnd)
            .unwrap()
            .at,
        secs(50)
    );
}

// ----- ratings and stop rules ------------------------------------------------

/// A session rated `baseline` before it began, now `secs` into it.
fn rated_session(baseline: i64, until: u64) -> Session {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    let out = s.handle(Event::Rate(pain(baseline)), Duration::ZERO);
    assert_eq!(
        out[0],
        Output::Rating(Rating {
            after: None,
            pain: pain(baseline),
            at: start()
        })
    );
    run_until(&mut s, secs(until));
    s
}

#[test]
fn the_first_rating_is_the_baseline_and_is_not_after_any_exercise() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    let out = s.handle(Event::Rate(pain(4)), secs(1));
    assert!(matches!(&out[0], Output::Rating(r) if r.after.is_none()));
    assert!(
        last_cue(&out)
            .text
            .starts_with("Pain 4/10 noted as your starting point.")
    );
    assert!(
        records(&out).is_empty(),
        "nothing to stop before the first hold"
    );
    assert_eq!(s.view(secs(1)).phase, Phase::GetReady);
}

#[test]
fn pain_above_five_during_a_hold_stops_the_exercise() {
    let mut s = rated_session(2, 35); // left leg, rep 1, 5 counts in
    let out = s.handle(Event::Rate(pain(6)), secs(35));
    assert!(matches!(&out[0], Output::Rating(r) if r.after == Some(lying())));
    let recs = records(&out);
    assert_eq!(recs[0].outcome, Outcome::Stopped);
    assert_eq!((recs[0].side, recs[0].rep), (Some(Side::Left), 1));
    assert_eq!(
        words(recs[0]).as_deref(),
        Some("pain above 5/10 during the hold (you rated it 6/10)")
    );
    assert_eq!(rule(recs[0]), Some(StopReason::PainAboveFive));
    assert_eq!(recs.len(), 5);
    for r in &recs[1..] {
        assert_eq!(r.outcome, Outcome::Skipped);
        assert_eq!(
            words(r).as_deref(),
            Some("stopped earlier in this exercise")
        );
        assert_eq!(r.reason, Some(StepReason::StoppedEarlier));
        assert_eq!(rule(r), None, "only the stopped hold counts as a stop");
    }
    let stop = last_cue(&out);
    assert_eq!(stop.kind, CueKind::Stopped);
    assert_eq!(stop.sound, Some(Sound::Alert));
    insta::assert_snapshot!(stop.text, @"Stop this stretch now. Ease out of it slowly. Lying thigh stretch, left leg, rep 1 of 3 stopped: pain above 5/10 during the hold (you rated it 6/10). If it does not settle, check with a health professional.");
    assert_eq!(
        ways(stop),
        [
            (Decision::Continue, "go on with the next exercise"),
            (Decision::End, "end here")
        ]
    );
    assert_eq!(s.view(secs(35)).phase, Phase::Stopped);
    assert_eq!(s.next_deadline(), None, "waits for the user");
    assert!(s.tick(secs(600)).is_empty());

    let out = s.handle(Event::Continue, secs(600));
    assert_eq!(last_cue(&out).kind, CueKind::GetReady);
    assert!(last_cue(&out).text.contains("Standing thigh stretch"));
    assert_eq!(s.next_deadline(), Some(secs(605)));
}

#[test]
fn a_rise_of_two_points_from_the_baseline_stops_the_exercise() {
    let mut s = rated_session(2, 10);
    let out = s.handle(Event::Rate(pain(3)), secs(10));
    assert!(records(&out).is_empty(), "one point up is fine");
    let out = s.handle(Event::Rate(pain(4)), secs(11));
    assert_eq!(
        words(records(&out)[0]).as_deref(),
        Some(
            "pain 2 or more points above where this session started (you rated it 4/10, up from 2/10)"
        )
    );
    assert_eq!(records(&out)[0].outcome, Outcome::Stopped);
}

#[test]
fn sharp_pain_stops_the_exercise() {
    let mut s = rated_session(2, 10);
    let out = s.handle(Event::SharpPain, secs(10));
    let recs = records(&out);
    assert_eq!(
        (recs[0].side, recs[0].rep, recs[0].outcome),
        (Some(Side::Right), 1, Outcome::Stopped)
    );
    assert_eq!(
        words(recs[0]).as_deref(),
        Some("sharp, shooting or electric pain")
    );
    assert_eq!(
        recs[0].reason,
        Some(StepReason::Stopped {
            rule: StopReason::SharpPain,
            detail: None
        })
    );
    assert_eq!(recs[0].at, at(10));
}

#[test]
fn spreading_symptoms_stop_the_exercise_even_in_the_rest() {
    let mut s = rated_session(2, 27); // the rest before the left leg
    let out = s.handle(Event::Spreading, secs(27));
    let recs = records(&out);
    assert_eq!(
        (recs[0].side, recs[0].rep, recs[0].outcome),
        (Some(Side::Left), 1, Outcome::Stopped)
    );
    assert_eq!(
        words(recs[0]).as_deref(),
        Some("symptoms spreading down the leg or new numbness")
    );
    assert_eq!(rule(recs[0]), Some(StopReason::Spreading));
    assert_eq!(recs.len(), 5);
}

#[test]
fn hurts_more_asks_for_a_rating_and_a_second_report_stops_the_exercise() {
    let mut s = rated_session(2, 10);
    let out = s.handle(Event::HurtsMore, secs(10));
    assert!(records(&out).is_empty());
    assert_eq!(
        last_cue(&out).text,
        "Lying thigh stretch, right leg, rep 1 of 3: noted, it hurts more. Ease off a little, and rate your pain now from 0 to 10."
    );
    assert_eq!(s.view(secs(10)).phase, Phase::Hold, "not a stop by itself");
    let out = s.handle(Event::HurtsMore, secs(40)); // left leg, same exercise
    let stopped = records(&out)
        .into_iter()
        .find(|r| r.outcome == Outcome::Stopped)
        .unwrap();
    assert_eq!(stopped.side, Some(Side::Left));
    assert_eq!(
        words(stopped).as_deref(),
        Some(
            "pain 2 or more points above where this session started (pain kept rising: \"hurts more\" 2 times in this exercise)"
        )
    );
}

#[test]
fn hurts_more_counts_per_exercise() {
    let mut s = rated_session(2, 10);
    s.handle(Event::HurtsMore, secs(10));
    run_until(&mut s, secs(160)); // the standing stretch's first hold
    let out = s.handle(Event::HurtsMore, secs(160));
    assert!(records(&out).is_empty());
    assert_eq!(last_cue(&out).kind, CueKind::Rated);
}

#[test]
fn a_rating_right_after_an_exercise_counts_for_that_exercise() {
    let mut s = rated_session(1, 152); // the standing stretch's countdown
    let out = s.handle(Event::Rate(pain(6)), secs(152));
    assert!(matches!(&out[0], Output::Rating(r) if r.after == Some(lying())));
    // The stop belongs to the exercise on screen: the standing stretch.
    let recs = records(&out);
    assert_eq!(recs.len(), 6);
    assert_eq!(
        (
            recs[0].exercise.clone(),
            recs[0].side,
            recs[0].rep,
            recs[0].outcome
        ),
        (standing(), Some(Side::Right), 1, Outcome::Stopped)
    );
    assert!(recs.iter().all(|r| r.exercise == standing()));
    // Continue goes on with the back curl.
    let out = s.handle(Event::Continue, secs(160));
    assert!(last_cue(&out).text.starts_with("Get ready: Back curl"));
}

#[test]
fn quitting_after_a_stop_ends_the_session_as_stopped() {
    let mut s = rated_session(2, 10);
    s.handle(Event::SharpPain, secs(10));
    let out = s.handle(Event::Quit, secs(20));
    assert_eq!(finished(&out), [SessionStatus::Stopped]);
}

#[test]
fn continuing_after_a_stop_in_the_last_exercise_completes_the_routine() {
    let mut s = rated_session(2, 310); // back curl, rep 1
    s.handle(Event::SharpPain, secs(310));
    let view = s.view(secs(310));
    assert_eq!(
        view.prompt,
        Some(Prompt::Choose {
            choices: view.halt.unwrap().choices
        })
    );
    let Some(Prompt::Choose { choices }) = view.prompt else {
        unreachable!()
    };
    let choices: Vec<_> = choices
        .iter()
        .map(|c| (c.decision, c.label.as_str()))
        .collect();
    assert_eq!(
        choices,
        [
            (Decision::End, "end the session (advised)"),
            (Decision::Continue, "finish")
        ]
    );
    let out = s.handle(Event::Continue, secs(320));
    assert_eq!(finished(&out), [SessionStatus::Completed]);
}

#[test]
fn centralizing_is_a_good_sign_not_a_stop() {
    let mut s = rated_session(2, 10);
    let out = s.handle(Event::Centralizing, secs(10));
    assert!(records(&out).is_empty());
    let cue = last_cue(&out);
    assert_eq!(cue.kind, CueKind::Centralizing);
    assert!(cue.text.contains("good sign"));
    assert!(cue.text.contains("Lying thigh stretch, right leg"));
    assert_eq!(s.view(secs(10)).phase, Phase::Hold);
    assert_eq!(s.next_deadline(), Some(secs(20)));
}

#[test]
fn sharp_pain_while_getting_into_the_first_position_stops_that_exercise_and_moves_on() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    let out = s.handle(Event::SharpPain, secs(2));
    let recs = records(&out);
    assert_eq!(recs[0].outcome, Outcome::Stopped);
    assert_eq!(
        (recs[0].exercise.as_str(), recs[0].rep),
        ("lying-thigh-stretch", 1)
    );
    assert!(recs[1..].iter().all(|r| r.outcome == Outcome::Skipped));
    assert_eq!(recs.len(), 6);
    let out = s.handle(Event::Continue, secs(10));
    assert!(
        last_cue(&out)
            .text
            .starts_with("Get ready: Standing thigh stretch"),
        "{}",
        last_cue(&out).text
    );
}

#[test]
fn no_cue_claims_to_treat_relieve_cure_or_diagnose() {
    let mut s = rated_session(2, 10);
    let mut out = Vec::new();
    for (e, t) in [
        (Event::Centralizing, 10),
        (Event::HurtsMore, 11),
        (Event::Pause, 12),
        (Event::Resume, 13),
        (Event::Pace(1), 14),
        (Event::Back, 20),
        (Event::Skip, 21),
        (Event::Spreading, 30),
        (Event::SharpPain, 31),
        (Event::Continue, 32),
    ] {
        out.extend(run_until(&mut s, secs(t)));
        out.extend(s.handle(e, secs(t)));
    }
    out.extend(run_out(&mut s));
    let banned = [
        "relief",
        "relieve",
        "relieves",
        "cure",
        "cures",
        "treat",
        "treats",
        "treatment",
        "heal",
        "heals",
        "diagnose",
        "diagnosis",
        "prevent",
        "prevents",
        "sciatica",
        "promise",
    ];
    for cue in cues(&out) {
        for word in cue.text.to_lowercase().split(|c: char| !c.is_alphabetic()) {
            assert!(!banned.contains(&word), "{word:?} in {:?}", cue.text);
        }
    }
}

// ----- the view ----------------------------------------------------------------

#[test]
fn the_view_describes_the_moment() {
    let mut s = new_session();
    run_until(&mut s, Duration::from_millis(37_500)); // left leg, 7.5 counts in
    let v = s.view(Duration::from_millis(37_500));
    assert_eq!(v.phase, Phase::Hold);
    assert!(!v.paused);
    assert_eq!((v.step_index, v.step_count), (0, 3));
    assert_eq!(v.exercise, Some(lying()));
    assert_eq!(v.name, "Lying thigh stretch");
    assert_eq!((v.side, v.rep, v.reps), (Some(Side::Left), 1, 3));
    assert_eq!((v.count, v.counts), (7, 20));
    assert_eq!(v.remaining, Duration::from_millis(12_500));
    assert!((v.phase_progress - 0.375).abs() < 1e-9);
    let expected = 37.5 / default_routine().estimate().as_secs_f64();
    assert!(
        (v.routine_progress - expected).abs() < 1e-9,
        "{}",
        v.routine_progress
    );
    assert_eq!(
        v.instructions[1],
        "Bend your left knee and cross it over your other leg."
    );
    assert_eq!(v.next, "Right leg, rep 2");
    assert_eq!(
        v.cue,
        "Lying thigh stretch, left leg, rep 1 of 3: hold for a count of 20. Move gently, no bouncing."
    );
    assert_eq!(v.pace, Pace::DEFAULT);
    assert_eq!(v.elapsed, Duration::from_millis(37_500));
}

#[test]
fn the_view_says_what_comes_next_in_words() {
    let mut s = new_session();
    let next = |s: &mut Session, t: u64| {
        run_until(s, secs(t));
        s.view(secs(t)).next
    };
    // In the first get-ready (right leg, rep 1 to come), the hold after it.
    assert_eq!(next(&mut s, 0), "Left leg, rep 1");
    assert_eq!(next(&mut s, 10), "Left leg, rep 1");
    // In the rest before the left leg's rep 1, what follows that.
    assert_eq!(next(&mut s, 27), "Right leg, rep 2");
    assert_eq!(next(&mut s, 140), "Standing thigh stretch");
    assert_eq!(next(&mut s, 360), "Finish");
    run_out(&mut s);
    let v = s.view(secs(999));
    assert_eq!(v.phase, Phase::Finished);
    assert_eq!(v.routine_progress, 1.0);
    assert_eq!(v.elapsed, default_routine().estimate());
}

#[test]
fn the_view_during_a_rest_and_a_countdown() {
    let mut s = new_session();
    run_until(&mut s, secs(2));
    let v = s.view(secs(2));
    assert_eq!(v.phase, Phase::GetReady);
    assert_eq!(v.remaining, secs(3));
    assert!((v.phase_progress - 0.4).abs() < 1e-9);
    run_until(&mut s, secs(26));
    let v = s.view(secs(26));
    assert_eq!(
        (v.phase, v.side, v.remaining),
        (Phase::Rest, Some(Side::Left), secs(4))
    );
    let expected = 26.0 / default_routine().estimate().as_secs_f64();
    assert!((v.routine_progress - expected).abs() < 1e-9);
}

// ----- no drift ------------------------------------------------------------------

mod no_drift {
    use proptest::prelude::*;

    use super::*;

    /// Ticks exactly at each deadline, handling each event at its time.
    fn on_time(mut s: Session, events: &[(u64, Event)]) -> Vec<Output> {
        let mut out = Vec::new();
        for &(t, e) in events {
            out.extend(run_until(&mut s, Duration::from_millis(t)));
            out.extend(s.handle(e, Duration::from_millis(t)));
        }
        out.extend(run_out(&mut s));
        out
    }

    /// Ticks whenever `gaps` say (early, late, in bursts), handling each event
    /// at its time, then keeps ticking late until the end.
    fn irregular(mut s: Session, events: &[(u64, Event)], gaps: &[u64]) -> Vec<Output> {
        let mut out = Vec::new();
        let mut now = 0;
        let mut gaps = gaps.iter().cycle();
        let mut events = events.iter().peekable();
        while !s.is_finished() {
            let next = now + gaps.next().copied().unwrap_or(1000);
            if let Some(&&(t, e)) = events.peek()
                && t <= next
            {
                out.extend(s.tick(Duration::from_millis(now.max(t.saturating_sub(1)))));
                out.extend(s.handle(e, Duration::from_millis(t)));
                now = now.max(t);
                events.next();
                continue;
            }
            now = next;
            out.extend(s.tick(Duration::from_millis(now)));
            if s.next_deadline().is_none() && events.peek().is_none() {
                break;
            }
        }
        out
    }

    fn pace() -> impl Strategy<Value = Pace> {
        (5u32..=20).prop_map(|tenths| Pace::new(f64::from(tenths) / 10.0).unwrap())
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            Just(Event::Pause),
            Just(Event::Resume),
            Just(Event::TogglePause),
            Just(Event::Skip),
            Just(Event::Back),
            (-3i32..=3).prop_map(Event::Pace),
            (0i64..=10).prop_map(|p| Event::Rate(PainScore::new(p).unwrap())),
            Just(Event::HurtsMore),
            Just(Event::Centralizing),
            Just(Event::Continue),
            Just(Event::OverlayOpened),
            Just(Event::OverlayClosed),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn irregular_ticks_give_the_same_cues_and_records_as_ticking_on_time(
            pace in pace(),
            gaps in prop::collection::vec(100u64..40_000, 1..50),
        ) {
            let mut routine = default_routine();
            routine.pace = pace;
            let expected = on_time(Session::new(routine.clone(), start()), &[]);
            let got = irregular(Session::new(routine.clone(), start()), &[], &gaps);
            prop_assert_eq!(&got, &expected);
            // Uninterrupted, the session lasts exactly the estimate.
            let end = cues(&got).last().unwrap().at;
            prop_assert_eq!(end, routine.estimate());
            prop_assert_eq!(finished(&got), vec![SessionStatus::Completed]);
        }

        #[test]
        fn user_events_do_not_make_tick_timing_matter(
            pace in pace(),
            gaps in prop::collection::vec(100u64..20_000, 1..50),
            mut events in prop::collection::vec((0u64..400_000, event()), 0..12),
        ) {
            events.sort_by_key(|(t, _)| *t);
            // Make sure a paused session ends.
            events.push((500_000, Event::Resume));
            let mut routine = default_routine();
            routine.pace = pace;
            let expected = on_time(Session::new(routine.clone(), start()), &events);
            let got = irregular(Session::new(routine, start()), &events, &gaps);
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn an_overlay_holds_up_the_count_by_exactly_the_time_it_was_open(
            pace in pace(),
            open in 0u64..300_000,
            shut in 1u64..600_000,
        ) {
            let mut routine = default_routine();
            routine.pace = pace;
            let total = routine.estimate();
            prop_assume!(Duration::from_millis(open) < total);
            let plain = on_time(Session::new(routine.clone(), start()), &[]);
            let events = [
                (open, Event::OverlayOpened),
                (open + shut, Event::OverlayClosed),
            ];
            let got = on_time(Session::new(routine, start()), &events);
            // The same holds, each one after the overlay opened exactly
            // `shut` later: the count kept the time it had left.
            let opened = start() + Duration::from_millis(open);
            let shift = Duration::from_millis(shut);
            let want: Vec<StepRecord> = records(&plain)
                .into_iter()
                .map(|r| {
                    let mut r = r.clone();
                    if r.at > opened {
                        r.at += shift;
                    }
                    r
                })
                .collect();
            let got_records: Vec<StepRecord> = records(&got).into_iter().cloned().collect();
            prop_assert_eq!(got_records, want);
            prop_assert_eq!(cues(&got).last().unwrap().at, total + shift);
            let paused: Vec<_> = cues(&got)
                .into_iter()
                .filter(|c| matches!(c.kind, CueKind::Paused | CueKind::Resumed))
                .map(|c| (c.kind.clone(), c.at))
                .collect();
            prop_assert_eq!(
                paused,
                vec![
                    (CueKind::Paused, Duration::from_millis(open)),
                    (CueKind::Resumed, Duration::from_millis(open + shut)),
                ]
            );
        }
    }
}

#[test]
fn an_overlay_mid_hold_pauses_it_and_closing_goes_on_with_the_time_left() {
    let mut s = new_session();
    run_until(&mut s, Duration::from_millis(12_500)); // 7.5 counts into the first hold
    let out = s.handle(Event::OverlayOpened, Duration::from_millis(12_500));
    assert_eq!(last_cue(&out).kind, CueKind::Paused);
    assert!(s.view(secs(60)).paused);
    assert_eq!(s.next_deadline(), None);
    assert!(s.tick(secs(60)).is_empty(), "nothing falls due behind it");
    assert_eq!(s.view(secs(60)).remaining, Duration::from_millis(12_500));
    let out = s.handle(Event::OverlayClosed, secs(60));
    assert_eq!(last_cue(&out).kind, CueKind::Resumed);
    assert!(!s.view(secs(60)).paused);
    assert_eq!(s.view(secs(60)).remaining, Duration::from_millis(12_500));
    let out = run_until(&mut s, Duration::from_millis(72_500));
    let end = cues(&out)
        .into_iter()
        .find(|c| c.kind == CueKind::HoldEnd)
        .expect("the hold ends");
    assert_eq!(end.at, Duration::from_millis(72_500));
}

#[test]
fn closing_an_overlay_keeps_a_pause_the_user_made() {
    let mut s = new_session();
    run_until(&mut s, secs(10));
    s.handle(Event::Pause, secs(10));
    assert!(s.handle(Event::OverlayOpened, secs(11)).is_empty());
    assert!(s.handle(Event::OverlayClosed, secs(12)).is_empty());
    assert!(s.view(secs(12)).paused, "still the user's pause");
    // Nor does an overlay pause a session that is not counting.
    let mut s = rated_session(2, 30);
    s.handle(Event::SharpPain, secs(30));
    assert!(s.handle(Event::OverlayOpened, secs(31)).is_empty());
    assert!(!s.view(secs(31)).paused);
    assert!(s.handle(Event::OverlayClosed, secs(32)).is_empty());
}

// ----- issue 12, 7 and 13: the session as a new user meets it ------------

fn back_curl() -> ExerciseId {
    ExerciseId::new("back-curl").unwrap()
}

/// The default routine with the full back curl enabled, so two flexion
/// stretches follow the standing one.
fn routine_with_full_back_curl() -> Routine {
    let catalog = Catalog::builtin();
    plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext::default(),
        minutes: None,
        pace: Pace::DEFAULT,
        personal: &Personal {
            enabled: vec![(ExerciseId::new("full-back-curl").unwrap(), 1)],
            ..Personal::default()
        },
    })
    .unwrap()
}

#[test]
fn a_symptom_in_the_next_get_ready_after_a_stop_belongs_to_the_exercise_on_screen() {
    // Issue 12 item 1: first hold, d, c; during the standing stretch's get-ready, !.
    let mut s = rated_session(2, 10);
    s.handle(Event::Spreading, secs(10));
    let out = s.handle(Event::ContinueAll, secs(12));
    assert!(
        last_cue(&out)
            .text
            .starts_with("Get ready: Standing thigh stretch")
    );
    let out = s.handle(Event::SharpPain, secs(14));
    let recs = records(&out);
    assert_eq!(recs[0].exercise, standing());
    assert_eq!(recs[0].outcome, Outcome::Stopped);
    assert!(recs.iter().all(|r| r.exercise == standing()));
    let view = s.view(secs(14));
    assert_eq!(view.exercise, Some(standing()));
    assert_eq!(view.phase, Phase::Stopped);
}

#[test]
fn a_red_flag_ends_the_session_as_stopped_and_asks_for_the_lock() {
    let mut s = rated_session(2, 35); // left leg, rep 1
    let out = s.handle(Event::RedFlag, secs(35));
    let recs = records(&out);
    assert_eq!(recs[0].outcome, Outcome::Stopped);
    assert_eq!(
        words(recs[0]).as_deref(),
        Some("symptoms that need urgent medical help")
    );
    assert_eq!(rule(recs[0]), Some(StopReason::RedFlag));
    assert_eq!((recs[0].side, recs[0].rep), (Some(Side::Left), 1));
    let lock = out
        .iter()
        .position(|o| *o == Output::RedFlag)
        .expect("a lock");
    let end = out
        .iter()
        .position(|o| matches!(o, Output::Finished(_)))
        .unwrap();
    assert!(lock < end, "locked before the end is stored");
    assert_eq!(finished(&out), [SessionStatus::Stopped]);
    let text = &last_cue(&out).text;
    assert!(text.contains("A&E"), "{text}");
    assert!(text.contains("locked until you answer the safety questions again"));
    assert!(s.is_finished());
    // Nothing is recorded for the exercises never reached.
    assert!(recs.iter().all(|r| r.exercise == lying()));
}

#[test]
fn a_red_flag_while_stopped_still_ends_and_locks() {
    let mut s = rated_session(2, 10);
    s.handle(Event::HurtsMore, secs(10));
    s.handle(Event::HurtsMore, secs(11));
    assert_eq!(s.view(secs(11)).phase, Phase::Stopped);
    let out = s.handle(Event::RedFlag, secs(12));
    assert!(
        records(&out).is_empty(),
        "the stop already recorded the hold"
    );
    assert!(out.contains(&Output::RedFlag));
    assert_eq!(finished(&out), [SessionStatus::Stopped]);
}

#[test]
fn after_a_spreading_stop_ending_is_offered_first_and_going_on_leaves_out_the_same_movement() {
    let mut s = Session::new(routine_with_full_back_curl(), start());
    s.tick(Duration::ZERO);
    s.handle(Event::Rate(pain(2)), Duration::ZERO);
    run_until(&mut s, secs(160)); // the standing stretch (flexion), first hold
    assert_eq!(s.view(secs(160)).exercise, Some(standing()));
    let out = s.handle(Event::Spreading, secs(160));
    assert_eq!(
        ways(last_cue(&out)),
        [
            (Decision::End, "end the session (advised)"),
            (
                Decision::Continue,
                "go on without the other forward-bending stretches"
            ),
            (Decision::ContinueAll, "go on with all of them")
        ]
    );
    let halt = s.view(secs(160)).halt.unwrap();
    assert_eq!(halt.choices[0].decision, Decision::End);
    let out = s.handle(Event::Continue, secs(170));
    // Back curl and full back curl bend forward too: left out, recorded as skipped.
    let skipped: Vec<_> = records(&out)
        .iter()
        .map(|r| (r.exercise.as_str().to_string(), r.outcome))
        .collect();
    assert!(skipped.iter().all(|(_, o)| *o == Outcome::Skipped));
    let mut left_out: Vec<_> = skipped.iter().map(|(e, _)| e.as_str()).collect();
    left_out.dedup();
    assert_eq!(left_out, ["back-curl", "full-back-curl"]);
    assert!(words(records(&out)[0]).unwrap().contains("left out after"));
    // Nothing else left: the routine finishes.
    assert_eq!(finished(&out), [SessionStatus::Completed]);
}

#[test]
fn after_a_spreading_stop_a_goes_on_with_the_same_movement() {
    let mut s = Session::new(routine_with_full_back_curl(), start());
    s.tick(Duration::ZERO);
    s.handle(Event::Rate(pain(2)), Duration::ZERO);
    run_until(&mut s, secs(160));
    s.handle(Event::SharpPain, secs(160));
    let out = s.handle(Event::ContinueAll, secs(170));
    assert!(last_cue(&out).text.starts_with("Get ready: Back curl"));
    assert_eq!(s.view(secs(170)).exercise, Some(back_curl()));
}

#[test]
fn an_ordinary_stop_on_the_last_exercise_offers_finish_or_end_here() {
    let mut s = rated_session(2, 310); // back curl, rep 1
    s.handle(Event::Rate(pain(6)), secs(310));
    let halt = s.view(secs(310)).halt.unwrap();
    let keys: Vec<_> = halt
        .choices
        .iter()
        .map(|c| (c.decision, c.label.as_str()))
        .collect();
    assert_eq!(
        keys,
        [(Decision::Continue, "finish"), (Decision::End, "end here")]
    );
    assert!(!halt.text.contains("Press"), "the keys are shown once");
}

#[test]
fn pain_above_five_before_the_first_stretch_offers_the_gentlest_version_or_stopping() {
    let mut s = new_session();
    let out = s.rate_before_start(pain(7));
    assert_eq!(
        out[0],
        Output::Rating(Rating {
            after: None,
            pain: pain(7),
            at: start()
        })
    );
    assert_eq!(out.len(), 1, "the halt is said at the first tick");
    let out = s.tick(Duration::ZERO);
    let text = &last_cue(&out).text;
    assert!(
        text.starts_with("Pain 7/10 before the first stretch. Stretching at this level of pain is not advised today."),
        "{text}"
    );
    assert!(text.contains("health professional"), "{text}");
    assert!(
        text.ends_with("check with a health professional."),
        "{text}"
    );
    assert_eq!(
        ways(last_cue(&out)),
        [
            (Decision::Gentlest, "do the gentlest version"),
            (Decision::End, "stop here")
        ]
    );
    assert_eq!(s.view(Duration::ZERO).phase, Phase::Stopped);
    assert_eq!(s.next_deadline(), None, "nothing starts by itself");
    // c does not start the usual routine.
    s.handle(Event::Continue, secs(5));
    assert_eq!(s.view(secs(5)).phase, Phase::Stopped);
    let out = s.handle(Event::Gentlest, secs(6));
    assert!(
        last_cue(&out)
            .text
            .starts_with("Get ready: Lying thigh stretch")
    );
    let names: Vec<_> = s
        .routine()
        .steps
        .iter()
        .map(|s| s.exercise.clone())
        .collect();
    assert_eq!(names, [lying()], "no forward bends in the gentlest version");
    assert_eq!(s.routine().steps[0].reps.value, 1);
    // The thresholds apply from that first rating: 6 in the hold stops.
    run_until(&mut s, secs(15));
    let out = s.handle(Event::Rate(pain(6)), secs(15));
    assert_eq!(records(&out)[0].outcome, Outcome::Stopped);
}

#[test]
fn stopping_at_the_high_pain_question_saves_a_stopped_session() {
    let mut s = new_session();
    s.rate_before_start(pain(8));
    let out = s.handle(Event::Quit, secs(3));
    assert_eq!(finished(&out), [SessionStatus::Stopped]);
    assert!(records(&out).is_empty());
}

#[test]
fn pain_above_five_typed_during_the_first_get_ready_does_not_start_the_routine() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    s.handle(Event::Rate(pain(2)), secs(1));
    let out = s.handle(Event::Rate(pain(6)), secs(3));
    assert!(last_cue(&out).text.contains("not advised today"));
    assert_eq!(s.view(secs(3)).phase, Phase::Stopped);
    assert_eq!(
        s.view(secs(3)).halt.unwrap().choices[0].decision,
        Decision::Gentlest
    );
}

#[test]
fn a_rise_of_two_before_the_first_hold_stops_the_exercise_on_screen() {
    let mut s = new_session();
    s.tick(Duration::ZERO);
    s.handle(Event::Rate(pain(1)), secs(1));
    let out = s.handle(Event::Rate(pain(3)), secs(3));
    let recs = records(&out);
    assert_eq!(recs[0].outcome, Outcome::Stopped);
    assert_eq!((recs[0].side, recs[0].rep), (Some(Side::Right), 1));
}

#[test]
fn a_get_ready_that_waits_starts_the_hold_on_ready_only() {
    let mut s = new_session().with_get_ready(GetReady::WaitForUser);
    let out = s.tick(Duration::ZERO);
    let text = &last_cue(&out).text;
    assert!(
        text.starts_with(
            "Get into position: Lying thigh stretch, right leg, rep 1 of 3. Lie on your back"
        ),
        "{text}"
    );
    assert_eq!(last_cue(&out).prompt, Some(Prompt::Ready));
    assert_eq!(s.view(secs(1)).prompt, Some(Prompt::Ready));
    assert_eq!(s.next_deadline(), None);
    assert!(s.view(secs(60)).waiting_for_ready);
    assert!(s.tick(secs(60)).is_empty(), "no countdown runs out");
    let out = s.handle(Event::TogglePause, secs(60));
    assert_eq!(last_cue(&out).kind, CueKind::HoldStart);
    assert!(!s.view(secs(60)).paused);
    // The next exercise waits too; rests within an exercise stay timed.
    let out = run_until(&mut s, secs(60 + 145));
    assert!(cues(&out).iter().any(|c| c.kind == CueKind::Switch));
    assert!(s.view(secs(205)).waiting_for_ready);
    let out = s.handle(Event::Ready, secs(300));
    assert_eq!(last_cue(&out).kind, CueKind::HoldStart);
}

#[test]
fn a_timed_get_ready_can_be_longer() {
    let mut s = new_session().with_get_ready(GetReady::Timed(15));
    let out = s.tick(Duration::ZERO);
    assert!(last_cue(&out).text.contains("Starting in 15 seconds."));
    assert_eq!(s.next_deadline(), Some(secs(15)));
}

#[test]
fn a_routine_finished_with_a_stop_does_not_say_well_done() {
    let mut s = rated_session(2, 310);
    s.handle(Event::Rate(pain(6)), secs(310));
    let out = s.handle(Event::Continue, secs(320));
    let text = &last_cue(&out).text;
    assert!(text.starts_with("Routine finished:"), "{text}");
    assert!(text.contains("1 stopped"), "{text}");
    assert!(!text.contains("Well done"), "{text}");
    let mut s = new_session();
    let out = run_out(&mut s);
    assert!(last_cue(&out).text.ends_with("Well done."));
}

#[test]
fn rating_prompts_come_before_the_routine_and_between_exercises_in_plan_order() {
    // A ranking puts the back curl first: the prompts follow that order.
    let catalog = Catalog::builtin();
    let routine = plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext::default(),
        minutes: None,
        pace: Pace::DEFAULT,
        personal: &Personal {
            ranking: Some(vec![back_curl(), lying(), standing()]),
            ..Personal::default()
        },
    })
    .unwrap();
    let mut s = Session::new(routine, start());
    let out = run_out(&mut s);
    let prompted: Vec<&str> = cues(&out)
        .iter()
        .filter(|c| c.text.contains(RATE_PROMPT))
        .map(|c| c.text.split(',').next().unwrap())
        .collect();
    assert_eq!(
        prompted,
        [
            "Get ready: Back curl",
            "Get ready: Lying thigh stretch",
            "Get ready: Standing thigh stretch"
        ]
    );
    // Not within an exercise.
    assert!(
        cues(&out)
            .iter()
            .filter(|c| c.kind != CueKind::GetReady)
            .all(|c| !c.text.contains(RATE_PROMPT))
    );
    // Rated already before the start: the first get-ready does not ask again.
    let mut s = new_session();
    s.rate_before_start(pain(3));
    assert!(
        !s.tick(Duration::ZERO)
            .iter()
            .any(|o| matches!(o, Output::Cue(c) if c.text.contains(RATE_PROMPT)))
    );
}

#[test]
fn the_full_back_curl_says_its_depth_level_before_every_start_and_on_screen() {
    let catalog = Catalog::builtin();
    let personal = Personal {
        enabled: vec![(ExerciseId::new("full-back-curl").unwrap(), 1)],
        ..Personal::default()
    };
    let mut routine = plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext::default(),
        minutes: None,
        pace: Pace::DEFAULT,
        personal: &personal,
    })
    .unwrap();
    routine
        .steps
        .retain(|s| s.exercise.as_str() == "full-back-curl");
    let mut s = Session::new(routine, start());
    let out = run_out(&mut s);
    let get_ready: Vec<_> = cues(&out)
        .into_iter()
        .filter(|c| c.kind == CueKind::GetReady)
        .collect();
    assert!(!get_ready.is_empty());
    for c in get_ready {
        assert!(
            c.text.contains("Level 1, knees over hips: Roll your knees up over your hips; your bottom stays on the floor."),
            "{}",
            c.text
        );
    }
    let view = Session::new(s.routine().clone(), start()).view(secs(1));
    assert!(
        view.instructions
            .iter()
            .any(|i| i.starts_with("Level 1, knees over hips")),
        "{:?}",
        view.instructions
    );
}
