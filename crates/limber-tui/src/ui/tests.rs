use std::time::Duration;

use limber_core::ExerciseId;
use limber_core::plan::Pace;
use limber_core::session::{Event, Phase, View};
use limber_core::side::Side;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::*;

fn hold_view() -> View {
    View {
        phase: Phase::Hold,
        paused: false,
        step_index: 0,
        step_count: 4,
        exercise: ExerciseId::new("lying-thigh-stretch"),
        name: "Lying thigh stretch".into(),
        side: Some(Side::Right),
        rep: 2,
        reps: 3,
        count: 12,
        counts: 20,
        remaining: Duration::from_millis(7_400),
        phase_progress: 0.6,
        routine_progress: 0.2,
        instructions: vec![
            "Lie on your back on the floor, legs straight, head resting.".into(),
            "Bend your right knee and cross it over your other leg.".into(),
            "Let the bent knee settle towards the floor on the other side until you feel a gentle stretch in the outer hip and buttock.".into(),
        ],
        next: "Left leg, rep 2".into(),
        cue: "Hold: right leg, rep 2 of 3. Move gently, no bouncing.".into(),
        prompt: None,
        halt: None,
        waiting_for_ready: false,
        pace: Pace::DEFAULT,
        elapsed: Duration::from_secs(83),
    }
}

fn render(view: &View, ui: &UiState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, view, ui)).unwrap();
    terminal
}

fn screen(view: &View, ui: &UiState, width: u16, height: u16) -> String {
    render(view, ui, width, height).backend().to_string()
}

#[test]
fn hold() {
    insta::assert_snapshot!(screen(&hold_view(), &UiState::new(true), 80, 24));
}

#[test]
fn paused_left_side() {
    let view = View {
        paused: true,
        side: Some(Side::Left),
        count: 7,
        next: "Right leg, rep 3".into(),
        cue: "Paused. Press space to go on.".into(),
        ..hold_view()
    };
    insta::assert_snapshot!(screen(&view, &UiState::new(true), 80, 24));
}

#[test]
fn get_ready_unsided() {
    let view = View {
        phase: Phase::GetReady,
        step_index: 3,
        name: "Back curl".into(),
        exercise: ExerciseId::new("back-curl"),
        side: None,
        rep: 1,
        reps: 1,
        count: 0,
        counts: 10,
        remaining: Duration::from_millis(2_100),
        phase_progress: 0.58,
        routine_progress: 0.75,
        instructions: vec!["Lie on your back, knees bent, feet flat.".into()],
        next: "Finish".into(),
        cue: "Get ready: Back curl.".into(),
        ..hold_view()
    };
    insta::assert_snapshot!(screen(&view, &UiState::new(true), 80, 24));
}

#[test]
fn stopped_shows_a_calm_stop_message() {
    let view = stopped_view_at(35, Event::SharpPain);
    let text = screen(&view, &UiState::new(true), 80, 24);
    assert!(text.contains("This exercise has stopped."));
    assert!(text.contains("q end the session (advised)"), "{text}");
    insta::assert_snapshot!(text);
}

/// A real session, stopped by `event` at session time `t` (seconds),
/// rated 2/10 at the start.
fn stopped_view_at(t: u64, event: Event) -> View {
    use limber_core::session::Session;
    let clock = limber_testutil::FakeClock::default();
    let mut s = Session::new(
        limber_testutil::default_routine(),
        limber_core::clock::Clock::now(&clock),
    );
    s.rate_before_start(limber_core::PainScore::new(2).unwrap());
    let mut now = Duration::ZERO;
    while let Some(d) = s.next_deadline() {
        if d > Duration::from_secs(t) {
            break;
        }
        s.tick(d);
        now = d;
    }
    now = now.max(Duration::from_secs(t));
    s.handle(event, now);
    s.view(now)
}

/// The screen's text as one line: rows joined by spaces, borders gone.
fn flat(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_matches('"').trim_start_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn rate(n: i64) -> Event {
    Event::Rate(limber_core::PainScore::new(n).unwrap())
}

#[test]
fn the_stop_screen_says_the_keys_once_and_wraps_the_whole_cue() {
    // Mid-routine: "go on with the next exercise", and no "finish".
    let text = screen(&stopped_view_at(35, rate(6)), &UiState::new(false), 80, 24);
    assert!(
        text.contains("c go on with the next exercise · q end here"),
        "{text}"
    );
    assert!(!text.contains("finish"), "{text}");
    assert!(!text.contains("Press c"), "the keys are said once:\n{text}");
    // The whole explanation shows, wrapped at words, at 80x24 and 100x30.
    for (w, h) in [(80, 24), (100, 30)] {
        let text = screen(&stopped_view_at(35, rate(6)), &UiState::new(false), w, h);
        assert!(
            flat(&text).contains("If it does not settle, check with a health professional."),
            "{w}x{h}:\n{text}"
        );
    }
    // On the last exercise: c finishes.
    let text = screen(&stopped_view_at(310, rate(6)), &UiState::new(false), 80, 24);
    assert!(text.contains("c finish · q end here"), "{text}");
    assert!(!text.contains("next exercise"), "{text}");
}

#[test]
fn high_pain_at_the_start_offers_the_gentlest_version_or_stopping() {
    use limber_core::session::Session;
    let mut s = Session::new(
        limber_testutil::default_routine(),
        "2026-11-26T07:30:00Z".parse().unwrap(),
    );
    s.rate_before_start(limber_core::PainScore::new(7).unwrap());
    let text = screen(&s.view(Duration::ZERO), &UiState::new(false), 80, 24);
    assert!(flat(&text).contains("is not advised today."), "{text}");
    assert!(
        text.contains("g do the gentlest version · q stop here"),
        "{text}"
    );
}

#[test]
fn a_long_cue_is_wrapped_not_cut() {
    let view = View {
        cue: "Switch to your left leg. Bend your left knee and cross it over your other leg. Lying thigh stretch, left leg, rep 1 of 3 starts in 5 seconds.".into(),
        ..hold_view()
    };
    let text = screen(&view, &UiState::new(false), 80, 24);
    assert!(
        flat(&text).contains("rep 1 of 3 starts in 5 seconds."),
        "{text}"
    );
}

#[test]
fn the_rating_scale_and_the_10_key_are_explained_on_screen() {
    let text = screen(&hold_view(), &UiState::new(false), 80, 24);
    assert!(text.contains("0 no pain ... 10 worst imaginable"), "{text}");
    let ui = UiState {
        pending_one: true,
        ..UiState::new(false)
    };
    let text = screen(&hold_view(), &ui, 80, 24);
    assert!(text.contains("press 0 for 10"), "{text}");
}

#[test]
fn a_get_ready_that_waits_says_to_press_space() {
    let view = View {
        phase: Phase::GetReady,
        waiting_for_ready: true,
        ..hold_view()
    };
    let text = screen(&view, &UiState::new(false), 100, 30);
    assert!(text.contains("press space (or Enter)"), "{text}");
}

#[test]
fn help_overlay_shows_the_emergency_list() {
    let ui = UiState {
        mode: Mode::Help,
        color: true,
        pending_one: false,
    };
    let text = screen(&hold_view(), &ui, 80, 24);
    assert!(text.contains("Get urgent medical help now"));
    assert!(text.contains("esc closes"));
    insta::assert_snapshot!(text);
}

#[test]
fn on_a_tiny_screen_the_help_still_names_every_emergency_symptom() {
    let ui = UiState {
        mode: Mode::Help,
        color: true,
        pending_one: false,
    };
    let text = screen(&hold_view(), &ui, 40, 12);
    for symptom in ["genitals", "bladder", "bowel", "both legs", "sexual", "A&E"] {
        assert!(text.contains(symptom), "{symptom:?} missing:\n{text}");
    }
}

#[test]
fn quit_question() {
    let ui = UiState {
        mode: Mode::ConfirmQuit,
        color: true,
        pending_one: false,
    };
    let text = screen(
        &View {
            paused: true,
            ..hold_view()
        },
        &ui,
        80,
        24,
    );
    assert!(text.contains("Quit and save this session as partial? y/n"));
    insta::assert_snapshot!(text);
}

#[test]
fn narrow_terminal() {
    insta::assert_snapshot!(screen(&hold_view(), &UiState::new(true), 40, 12));
}

#[test]
fn no_size_panics() {
    let stopped = View {
        phase: Phase::Stopped,
        ..hold_view()
    };
    let finished = View {
        phase: Phase::Finished,
        ..hold_view()
    };
    for view in [hold_view(), stopped, finished] {
        for mode in [Mode::Normal, Mode::ConfirmQuit, Mode::Help] {
            let ui = UiState {
                mode,
                color: true,
                pending_one: false,
            };
            for (w, h) in [
                (1, 1),
                (5, 3),
                (9, 4),
                (10, 4),
                (20, 6),
                (40, 12),
                (60, 30),
                (200, 60),
            ] {
                let _ = screen(&view, &ui, w, h);
            }
        }
    }
}

#[test]
fn odd_values_do_not_panic() {
    let view = View {
        phase_progress: 7.0,
        routine_progress: -1.0,
        count: u32::MAX,
        step_index: 9,
        step_count: 0,
        remaining: Duration::MAX,
        elapsed: Duration::MAX,
        ..hold_view()
    };
    let _ = screen(&view, &UiState::new(true), 80, 24);
    let nan = View {
        phase_progress: f64::NAN,
        routine_progress: f64::NAN,
        ..hold_view()
    };
    let _ = screen(&nan, &UiState::new(true), 80, 24);
}

#[test]
fn no_color_means_no_colours() {
    let terminal = render(&hold_view(), &UiState::new(false), 80, 24);
    for cell in &terminal.backend().buffer().content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // With colour allowed, some colour is used.
    let terminal = render(&hold_view(), &UiState::new(true), 80, 24);
    assert!(
        terminal
            .backend()
            .buffer()
            .content
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}
