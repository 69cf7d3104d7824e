//! The plain driver running the real engine on the default routine, under a
//! fake clock that jumps from deadline to deadline.

use std::time::Duration;

use limber_core::clock::Clock;
use limber_core::diary::SessionStatus;
use limber_core::session::{Output, Session};
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
