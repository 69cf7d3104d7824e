//! The plain driver running the real engine on the default routine, under a
//! fake clock that jumps from deadline to deadline.

use std::time::Duration;

use limber_core::clock::Clock;
use limber_core::diary::{Outcome, SessionStatus, StepRecord};
use limber_core::session::{Output, Phase, Session};
use limber_core::side::Side;
use limber_testutil::{FakeClock, default_routine};
use limber_tui::{NullSpeaker, PlainDriver, RecordError, Wait};

#[test]
fn default_routine_names_right_and_left_in_turn() {
    let clock = FakeClock::default();
    let session = Session::new(default_routine(), clock.now());
    let mut plain = PlainDriver::new(session, clock.monotonic());
    let mut out = Vec::new();
    let mut records = Vec::new();
    let status = {
        let mut recorder = |o: &Output| -> Result<(), RecordError> {
            records.push(o.clone());
            Ok(())
        };
        let mut steps = 0;
        loop {
            steps += 1;
            assert!(steps < 10_000, "the session never ended");
            let now = plain.driver().now(&clock);
            match plain
                .step(now, &mut out, &mut recorder, &mut NullSpeaker)
                .unwrap()
            {
                Wait::Done(status) => break status,
                Wait::Until(at) => {
                    assert!(at > now, "deadline {at:?} not after {now:?}");
                    clock.advance(at - now);
                }
                Wait::ForUser => panic!("nothing should wait for the user"),
            }
        }
    };
    assert_eq!(status, SessionStatus::Completed);
    assert!(matches!(
        records.last(),
        Some(Output::Finished(SessionStatus::Completed))
    ));

    let text = String::from_utf8(out).unwrap();
    if std::env::var_os("LIMBER_SHOW").is_some() {
        eprintln!("{text}");
    }
    assert!(!text.contains('\x1b'), "escape codes in plain output");
    let mut last = Duration::ZERO;
    for line in text.lines() {
        // Every line is `mm:ss  text`, in time order.
        let (stamp, rest) = line.split_at(5);
        assert!(rest.starts_with("  ") && !rest[2..].is_empty(), "{line:?}");
        let (m, s) = stamp.split_once(':').expect(line);
        let t = Duration::from_secs(m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap());
        assert!(t >= last, "out of order: {line:?}");
        last = t;
    }

    // The first exercise alternates R, L, R, L, R, L, naming the leg each time.
    let sides: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            let l = l.to_lowercase();
            let right = l.contains("right");
            let left = l.contains("left");
            match (right, left) {
                (true, false) => Some("right"),
                (false, true) => Some("left"),
                _ => None,
            }
        })
        .collect();
    let mut turns = sides.clone();
    turns.dedup();
    assert!(
        turns.len() >= 6,
        "expected the legs to alternate at least 6 times: {text}"
    );
    assert_eq!(
        turns[..6],
        ["right", "left", "right", "left", "right", "left"]
    );
}

/// A plain session on the real engine, stepped deadline to deadline on a
/// fake clock, with lines typed through the same channel `run_plain` reads.
struct Typed {
    clock: FakeClock,
    plain: PlainDriver<Session>,
    out: Vec<u8>,
    records: Vec<Output>,
    keyboard: std::sync::mpsc::Sender<String>,
    input: std::sync::mpsc::Receiver<String>,
}

impl Typed {
    fn new() -> Self {
        let clock = FakeClock::default();
        let session = Session::new(default_routine(), clock.now());
        let plain = PlainDriver::new(session, clock.monotonic());
        let (keyboard, input) = std::sync::mpsc::channel();
        Self {
            clock,
            plain,
            out: Vec::new(),
            records: Vec::new(),
            keyboard,
            input,
        }
    }

    /// One wake-up of the plain loop: step to now and carry out typed lines.
    fn wake(&mut self) -> Wait {
        let now = self.plain.driver().now(&self.clock);
        let records = &mut self.records;
        let mut recorder = |o: &Output| -> Result<(), RecordError> {
            records.push(o.clone());
            Ok(())
        };
        self.plain
            .step_with_input(
                now,
                Some(&self.input),
                &mut self.out,
                &mut recorder,
                &mut NullSpeaker,
            )
            .unwrap()
    }

    fn type_line(&mut self, line: &str) -> Wait {
        self.keyboard.send(line.to_string()).unwrap();
        self.wake()
    }

    /// Jumps from deadline to deadline until `counts` counts into the
    /// first hold.
    fn run_into_first_hold(&mut self, counts: u32) {
        for _ in 0..1000 {
            let view = self
                .plain
                .driver()
                .view(self.plain.driver().now(&self.clock));
            if view.phase == Phase::Hold && view.count >= counts {
                return;
            }
            match self.wake() {
                Wait::Until(at) => {
                    let now = self.plain.driver().now(&self.clock);
                    self.clock.advance(at - now);
                }
                other => panic!("not holding yet and {other:?}"),
            }
        }
        panic!("never reached a hold");
    }

    fn text(&self) -> String {
        String::from_utf8(self.out.clone()).unwrap()
    }

    fn stopped(&self) -> Vec<&StepRecord> {
        self.records
            .iter()
            .filter_map(|o| match o {
                Output::Step(s) if s.outcome == Outcome::Stopped => Some(s),
                _ => None,
            })
            .collect()
    }

    /// Runs to the end with nothing more typed.
    fn finish(&mut self) -> SessionStatus {
        for _ in 0..10_000 {
            match self.wake() {
                Wait::Done(status) => return status,
                Wait::Until(at) => {
                    let now = self.plain.driver().now(&self.clock);
                    self.clock.advance(at - now);
                }
                Wait::ForUser => panic!("waiting for the user:\n{}", self.text()),
            }
        }
        panic!("the session never ended");
    }
}

#[test]
fn a_typed_rating_above_5_during_a_hold_stops_the_exercise() {
    let mut t = Typed::new();
    t.run_into_first_hold(5);
    assert!(t.stopped().is_empty());
    let wait = t.type_line(" 7 ");
    // The stop rule fired: the session waits for c or q.
    assert_eq!(wait, Wait::ForUser);
    let stopped = t.stopped();
    assert_eq!(stopped.len(), 1, "{:?}", t.records);
    assert_eq!(stopped[0].exercise.as_str(), "lying-thigh-stretch");
    assert_eq!((stopped[0].side, stopped[0].rep), (Some(Side::Right), 1));
    assert_eq!(
        stopped[0]
            .reason
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("pain above 5/10 during the hold (you rated it 7/10)")
    );
    // The rating itself was recorded, before the stop.
    let rating = t
        .records
        .iter()
        .position(|o| matches!(o, Output::Rating(r) if r.pain.get() == 7))
        .expect("the rating was recorded");
    let stop = t
        .records
        .iter()
        .position(|o| matches!(o, Output::Step(s) if s.outcome == Outcome::Stopped))
        .unwrap();
    assert!(rating < stop);
    let text = t.text();
    assert!(text.contains("Stop this stretch now."), "{text}");
    assert!(!text.contains('\x1b'), "{text}");

    // c goes on with the next exercise, and the session runs to its end.
    assert!(matches!(t.type_line("continue"), Wait::Until(_)));
    assert_eq!(t.finish(), SessionStatus::Completed);
    assert_eq!(t.stopped().len(), 1);
}

#[test]
fn ten_is_a_rating_in_plain_mode() {
    let mut t = Typed::new();
    t.run_into_first_hold(2);
    assert_eq!(t.type_line("10"), Wait::ForUser);
    assert_eq!(
        t.stopped()[0]
            .reason
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("pain above 5/10 during the hold (you rated it 10/10)")
    );
}

#[test]
fn typed_symptoms_stop_the_exercise() {
    for line in ["!", "sharp", "SHARP", "d", "down"] {
        let mut t = Typed::new();
        t.run_into_first_hold(3);
        assert_eq!(t.type_line(line), Wait::ForUser, "{line:?}");
        let stopped = t.stopped();
        assert_eq!(stopped.len(), 1, "{line:?}: {:?}", t.records);
        assert!(stopped[0].reason.is_some(), "{line:?}");
        assert!(t.text().contains("Stop this stretch now."), "{line:?}");
    }
}

#[test]
fn a_mild_rating_during_a_hold_lets_it_go_on() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    assert!(matches!(t.type_line("2"), Wait::Until(_)));
    assert!(t.stopped().is_empty());
    assert!(t.text().contains("Pain 2/10 noted"), "{}", t.text());
}

#[test]
fn an_unknown_line_prints_the_hint_and_the_hold_goes_on() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    assert!(matches!(t.type_line("ouch"), Wait::Until(_)));
    assert!(
        t.text()
            .lines()
            .any(|l| l == "?? unknown command \"ouch\": type ? for the list"),
        "{}",
        t.text()
    );
    assert!(t.stopped().is_empty());
}

#[test]
fn typed_q_ends_the_session_as_partial() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    assert_eq!(t.type_line("q"), Wait::Done(SessionStatus::Partial));
    assert!(matches!(
        t.records.last(),
        Some(Output::Finished(SessionStatus::Partial))
    ));
    let text = t.text();
    assert!(
        text.ends_with("Session ended early: 0 holds done.\n"),
        "{text}"
    );
}

#[test]
fn enter_alone_pauses_and_resumes() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    assert_eq!(t.type_line(""), Wait::ForUser);
    assert!(t.plain.driver().view(Duration::ZERO).paused);
    assert!(matches!(t.type_line("p"), Wait::Until(_)));
    assert_eq!(t.finish(), SessionStatus::Completed);
}

#[test]
fn the_emergency_list_holds_up_the_count_until_the_next_line_as_on_the_full_screen() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    let now = t.plain.driver().now(&t.clock);
    let left = t.plain.driver().view(now).remaining;
    assert_eq!(t.type_line("?"), Wait::ForUser, "nothing counts down");
    let text = t.text();
    assert!(text.contains("Paused: Lying thigh stretch"), "{text}");
    assert!(text.contains("Get urgent medical help now"), "{text}");
    // Reading takes a while: the hold keeps the time it had left.
    t.clock.advance(Duration::from_secs(90));
    let now = t.plain.driver().now(&t.clock);
    assert!(t.plain.driver().view(now).paused);
    assert_eq!(t.plain.driver().view(now).remaining, left);
    // Enter closes the list and only that: the hold goes on from there.
    assert!(matches!(t.type_line(""), Wait::Until(_)));
    let now = t.plain.driver().now(&t.clock);
    let view = t.plain.driver().view(now);
    assert!(!view.paused);
    assert_eq!(view.remaining, left);
    assert!(t.text().contains("Resumed: Lying thigh stretch"));
    assert_eq!(t.finish(), SessionStatus::Completed);
}

#[test]
fn a_command_after_the_emergency_list_closes_it_and_is_carried_out() {
    let mut t = Typed::new();
    t.run_into_first_hold(3);
    t.type_line("?");
    // A symptom typed after reading the list still stops the exercise.
    assert_eq!(t.type_line("d"), Wait::ForUser);
    assert_eq!(t.stopped().len(), 1);
    assert!(!t.plain.driver().view(Duration::ZERO).paused);
}
