//! The full-screen session, driven through a pseudo-terminal: keys in,
//! screen out (parsed by a terminal emulator), records checked afterwards.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};

use crate::common::TestEnv;

struct Tty {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, as text.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// A screen as one line: rows joined, runs of spaces (and the stop panel's
/// border) as one space, so wrapped text reads as written.
fn flatten(screen: &str) -> String {
    let text = screen.replace('│', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Tty {
    fn start(env: &TestEnv, args: &[&str]) -> Self {
        Self::start_sized(env, args, 30, 100)
    }

    fn start_sized(env: &TestEnv, args: &[&str], rows: u16, cols: u16) -> Self {
        let pty = NativePtySystem::default()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("limber"));
        cmd.arg("--data-dir");
        cmd.arg(env.home());
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("TZ", "UTC");
        cmd.env("NO_COLOR", "1");
        cmd.env_remove("LIMBER_HOME");
        match env.now() {
            Some(now) => cmd.env("LIMBER_NOW", now),
            None => cmd.env_remove("LIMBER_NOW"),
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // Keep the master alive for the child's lifetime.
        std::mem::forget(pty.master);
        Self {
            screen,
            raw,
            writer,
            child,
        }
    }

    /// Everything written so far.
    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Rows the terminal had to wrap itself (a line longer than the screen).
    fn soft_wrapped_rows(&self) -> Vec<String> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows)
            .filter(|r| screen.row_wrapped(*r))
            .map(|r| screen.contents_between(r, 0, r, cols))
            .collect()
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// The screen as one line: rows joined, runs of spaces (and the stop
    /// panel's border) as one space, so wrapped text reads as written.
    fn flat(&self) -> String {
        flatten(&self.contents())
    }

    /// Waits (polling the emulated screen, at most 15 s) until `needle`
    /// shows, on one row or wrapped across rows.
    #[track_caller]
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // One read of the screen for both checks: a second read could
            // see a later frame than the one returned.
            let text = self.contents();
            if text.contains(needle) || flatten(&text).contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} never appeared; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[track_caller]
    fn wait_until_gone(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.contents();
            if !text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} never went away; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A first session: skip the pain question, then say "ready" when
    /// the first get-ready waits for it.
    fn begin(&mut self) {
        self.wait_for("Pain now, before the first stretch?");
        self.keys("\r");
        self.wait_for("when ready");
        self.keys(" ");
        self.wait_for("hold for a count of 20");
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "limber did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn space_pauses_and_resumes_the_session() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start"]);
    tty.begin();
    // The key help is drawn in the same frame, but the frame may arrive in
    // pieces: wait for the help itself.
    let screen = tty.wait_for("space pause/resume");
    assert!(
        screen.contains("Lying thigh stretch"),
        "exercise missing:\n{screen}"
    );
    tty.keys(" ");
    tty.wait_for("PAUSED");
    tty.keys(" ");
    tty.wait_until_gone("PAUSED");
    tty.keys("q");
    tty.wait_for("Quit and save this session as partial? y/n");
    tty.keys("y");
    assert_eq!(tty.exit_code(), 0);
}

#[test]
fn s_skips_to_the_next_exercise_and_records_the_skipped_holds() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start"]);
    tty.begin();
    tty.keys("s");
    tty.wait_for("Standing thigh stretch");
    tty.keys("q");
    tty.wait_for("Quit and save");
    tty.keys("y");
    assert_eq!(tty.exit_code(), 0);
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "partial");
    let skipped = s["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["exercise"] == "lying-thigh-stretch" && st["outcome"] == "skipped")
        .count();
    assert_eq!(skipped, 6);
}

#[test]
fn q_asks_before_quitting_and_any_other_key_carries_on() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start"]);
    tty.begin();
    tty.keys("q");
    tty.wait_for("Quit and save this session as partial? y/n");
    tty.keys("n");
    tty.wait_until_gone("Quit and save");
    tty.keys("q");
    tty.wait_for("Quit and save");
    tty.keys("y");
    assert_eq!(tty.exit_code(), 0);
    assert_eq!(
        env.run(["history", "--json"]).json()[0]["status"],
        "partial"
    );
}

#[test]
fn ctrl_c_restores_the_terminal_and_saves_a_partial_session() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start"]);
    tty.begin();
    tty.keys("\x03");
    tty.exit_code();
    // Leaving the alternate screen brings back the normal one.
    assert!(
        !tty.screen.lock().unwrap().screen().alternate_screen(),
        "still in the alternate screen"
    );
    assert_eq!(
        env.run(["history", "--json"]).json()[0]["status"],
        "partial"
    );
}

#[test]
fn the_first_start_in_a_terminal_asks_the_safety_questions() {
    let env = TestEnv::new();
    let mut tty = Tty::start(
        &env,
        &["start", "--plain", "--minutes", "3", "--speed", "1000"],
    );
    tty.wait_for("saddle");
    tty.keys("y\r");
    let screen = tty.wait_for("A&E");
    assert!(screen.contains("urgent medical"), "{screen}");
    assert_eq!(tty.exit_code(), 3);
    assert_eq!(env.run(["history", "--json"]).json(), serde_json::json!([]));
}

#[test]
fn a_pain_rating_above_five_stops_the_stretch_and_records_why() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start", "--pain-before", "2"]);
    tty.wait_for("when ready");
    tty.keys(" ");
    // Wait for the first hold, then rate the pain 7/10.
    tty.wait_for("count of 20");
    tty.keys("7");
    let screen = tty.wait_for("Stop this stretch");
    assert!(
        screen.contains("c go on with the next exercise · q end here"),
        "{screen}"
    );
    tty.keys("c");
    tty.wait_for("Standing thigh stretch");
    tty.keys("q");
    tty.wait_for("Quit and save");
    tty.keys("y");
    tty.exit_code();
    let s = &env.run(["history", "--json"]).json()[0];
    let stopped: Vec<_> = s["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["outcome"] == "stopped")
        .collect();
    assert_eq!(stopped.len(), 1, "{s}");
    assert_eq!(stopped[0]["exercise"], "lying-thigh-stretch");
    assert!(
        stopped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("above 5/10"),
        "{s}"
    );
}

#[test]
fn the_get_ready_countdown_invites_a_rating_and_the_end_asks_for_one() {
    let env = TestEnv::new().screened();
    let program = env.write(
        "one.toml",
        "id = \"one\"\nname = \"One\"\n[[steps]]\nexercise = \"back-curl\"\nreps = 1\n",
    );
    let mut tty = Tty::start(
        &env,
        &[
            "start",
            "--speed",
            "5",
            // The get-ready waits for the user, so the rating below lands
            // before the first stretch however slow the machine is.
            "--get-ready",
            "0",
            "--program",
            program.to_str().unwrap(),
        ],
    );
    // The question before the first stretch says the scale; Enter skips it.
    tty.wait_for("Pain now, before the first stretch? (0-10: 0 no pain ... 10 worst imaginable; Enter skips)");
    tty.keys("\r");
    // The scale is on the bottom line, drawn after the prompt in the same
    // frame: wait for it rather than read a half-drawn frame.
    tty.wait_for("pain now? 0-10");
    tty.wait_for("0 no pain ... 10 worst imaginable");
    tty.keys("4");
    tty.keys(" ");
    tty.wait_for("How is your pain now, after the last stretch? (0-10: 0 no pain");
    tty.keys("2\r");
    assert_eq!(tty.exit_code(), 0);
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "completed");
    assert_eq!(s["pain_before"], 4);
    assert_eq!(s["pain_after"], 2);
    let ratings: Vec<_> = s["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["after"].clone(), r["pain"].clone()))
        .collect();
    assert_eq!(
        ratings,
        [
            (serde_json::Value::Null, 4.into()),
            ("back-curl".into(), 2.into())
        ]
    );
}

/// Runs one full-screen session that reports sharp pain in the first hold.
fn session_with_sharp_pain(env: &TestEnv, earlier_sessions: bool) -> String {
    let mut tty = Tty::start(env, &["start"]);
    if earlier_sessions {
        tty.wait_for("since your last session");
        tty.keys("n\r");
        tty.wait_for("Pain now, before the first stretch?");
        tty.keys("\r");
        tty.wait_for("count of 20");
    } else {
        tty.begin();
    }
    tty.keys("!");
    tty.wait_for("Stop this stretch");
    tty.keys("q");
    tty.wait_for("How is your pain now, after the last stretch?");
    tty.keys("\r");
    assert_eq!(tty.exit_code(), 0);
    tty.contents()
}

#[test]
fn an_exercise_stopped_twice_within_two_weeks_is_left_out_until_brought_back() {
    let mut env = TestEnv::new().at("2026-11-02T07:00:00Z").screened();
    let closing = session_with_sharp_pain(&env, false);
    // The session's own stop is what leaves it out: said at its end.
    assert!(
        closing.contains("Lying thigh stretch is now left out of your plans"),
        "{closing}"
    );
    assert_eq!(
        env.run(["history", "--json"]).json()[0]["status"],
        "stopped"
    );
    env.set_now("2026-11-10T07:00:00Z");
    session_with_sharp_pain(&env, true);
    env.set_now("2026-11-10T09:00:00Z");

    let plan = env.run(["plan", "--json"]).json();
    let dropped = plan["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["exercise"] == "lying-thigh-stretch")
        .unwrap()
        .clone();
    assert!(
        dropped["reason"]
            .as_str()
            .unwrap()
            .contains("marked aggravating"),
        "{dropped}"
    );
    let stats = env.run(["stats", "--json"]).json();
    assert_eq!(stats["aggravating"][0]["exercise"], "lying-thigh-stretch");

    env.run(["exercises", "enable", "lying-thigh-stretch"]).ok();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["steps"][0]["exercise"], "lying-thigh-stretch");
}

#[test]
fn the_first_run_of_a_day_after_a_session_asks_about_the_morning() {
    let mut env = TestEnv::new().at("2026-11-02T18:00:00Z").screened();
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-03T07:00:00Z");
    let mut tty = Tty::start(&env, &["plan"]);
    tty.wait_for("Good morning");
    tty.keys("2\r");
    tty.wait_for("Leg pain");
    tty.keys("4\r");
    tty.wait_for("Stiffness");
    tty.keys("\r");
    tty.wait_for("Runner's cool-down");
    assert_eq!(tty.exit_code(), 0);
    let entry = &env.run(["history", "--json"]).json()[1];
    assert_eq!(
        (
            entry["kind"].as_str(),
            entry["morning"].as_bool(),
            entry["leg"].as_i64()
        ),
        (Some("pain"), Some(true), Some(4))
    );
    // Asked once a day.
    let mut tty = Tty::start(&env, &["plan"]);
    let screen = tty.wait_for("Runner's cool-down");
    assert!(!screen.contains("Good morning"), "{screen}");
    tty.exit_code();
}

#[test]
fn a_later_session_starts_with_a_quick_red_flag_check_that_can_lock() {
    let env = TestEnv::new().screened();
    env.session(&["--minutes", "3"]).ok();
    let mut tty = Tty::start(&env, &["start"]);
    tty.wait_for("since your last session");
    tty.keys("y\r");
    tty.wait_for("saddle");
    tty.keys("y\r");
    let screen = tty.wait_for("A&E");
    assert!(screen.contains("urgent medical"), "{screen}");
    assert_eq!(tty.exit_code(), 3);
    env.session(&["--minutes", "3"]).fails_with(3);
}

#[test]
fn a_caution_answered_while_enabling_the_full_back_curl_counts_as_a_screen_answer() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["exercises", "enable", "full-back-curl"]);
    tty.wait_for("osteoporosis");
    tty.keys("y\r");
    for question in [
        "pregnant",
        "hip replacement",
        "glaucoma",
        "blood pressure",
        "bending forward",
        "neck problem",
    ] {
        tty.wait_for(question);
        tty.keys("n\r");
    }
    let screen = tty.wait_for("will not turn on");
    assert!(screen.contains("low bone density"), "{screen}");
    assert_eq!(tty.exit_code(), 3);
    let ids = env.planned();
    assert!(
        !ids.iter()
            .any(|id| id == "back-curl" || id == "full-back-curl"),
        "{ids:?}"
    );
}

#[test]
fn e_in_the_full_screen_ends_the_session_shows_the_advice_and_locks() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start"]);
    tty.begin();
    tty.keys("e");
    tty.wait_for("answer the safety questions again");
    let screen = tty.flat();
    assert!(screen.contains("A&E"), "{screen}");
    assert!(
        screen.contains("answer the safety questions again"),
        "{screen}"
    );
    assert_eq!(tty.exit_code(), 3);
    assert!(!tty.raw().contains("How is your pain now"));
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "stopped");
    assert_eq!(
        s["steps"][0]["reason"],
        "symptoms that need urgent medical help"
    );
    env.session(&[]).fails_with(3);
}

#[test]
fn one_then_zero_rates_ten_in_the_full_screen() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start", "--pain-before", "2", "--get-ready", "5"]);
    tty.wait_for("hold for a count of 20");
    tty.keys("10");
    tty.wait_for("Stop this stretch");
    let screen = tty.flat();
    assert!(
        screen.contains("c go on with the next exercise · q end here"),
        "{screen}"
    );
    tty.keys("q");
    tty.wait_for("How is your pain now");
    tty.keys("\r");
    tty.exit_code();
    let s = &env.run(["history", "--json"]).json()[0];
    let pains: Vec<_> = s["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pain"].clone())
        .collect();
    assert_eq!(pains, [2, 10], "{s}");
    assert!(
        s["steps"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("you rated it 10/10"),
        "{s}"
    );
}

#[test]
fn the_first_run_shows_the_disclaimer_once_and_waits_for_the_first_position() {
    let env = TestEnv::new();
    let mut tty = Tty::start_sized(&env, &["start"], 24, 80);
    for _ in limber_core::safety::Question::ALL {
        tty.wait_for("[y/n]");
        let before = tty.raw().matches("[y/n]").count();
        tty.keys("n\r");
        // Wait for the next question (or the summary) before answering.
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while tty.raw().matches("[y/n]").count() == before && !tty.raw().contains("Thank you") {
            assert!(std::time::Instant::now() < deadline, "{}", tty.contents());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // The routine, each step and why, then the pain question with its scale.
    tty.wait_for("Pain now, before the first stretch?");
    let raw = tty.raw();
    assert!(raw.contains("why: step 1 of Runner's cool-down"), "{raw}");
    assert_eq!(
        raw.matches("It is not a medical device").count(),
        1,
        "{raw}"
    );
    // Screening questions and the routine wrap at words, never by the terminal.
    assert!(raw.contains("inner thighs"), "{raw}");
    tty.keys("\r");
    tty.wait_for("Press space (or Enter) when ready.");
    assert!(tty.flat().contains("Get into position"), "{}", tty.flat());
    // Enter says ready too.
    tty.keys("\r");
    tty.wait_for("hold for a count of 20");
    tty.keys("q");
    tty.wait_for("Quit and save");
    tty.keys("y");
    assert_eq!(tty.exit_code(), 0);
}

#[test]
fn questions_and_closing_messages_wrap_at_words_on_an_80_column_terminal() {
    let env = TestEnv::new().screened();
    env.session(&["--minutes", "3"]).ok();
    let mut tty = Tty::start_sized(
        &env,
        &["start", "--plain", "--minutes", "3", "--speed", "20"],
        24,
        80,
    );
    tty.wait_for("since your last session");
    assert!(
        tty.soft_wrapped_rows().is_empty(),
        "{:?}",
        tty.soft_wrapped_rows()
    );
    tty.keys("n\r");
    tty.wait_for("Pain now, before the first stretch?");
    tty.keys("2\r");
    tty.keys("!\r");
    tty.wait_for("Stop this stretch");
    tty.keys("q\r");
    tty.wait_for("How is your pain now");
    tty.keys("\r");
    tty.exit_code();
    let screen = tty.contents();
    assert!(screen.contains("stopped for safety"), "{screen}");
    // The plain cue lines and the legend are one line each by design (logs,
    // screen readers); everything else wraps at words.
    let raw = tty.raw();
    let one_liners: Vec<&str> = raw
        .lines()
        .filter(|l| l.get(2..3) == Some(":") || l.starts_with("Type a command"))
        .collect();
    let wrapped: Vec<_> = tty
        .soft_wrapped_rows()
        .into_iter()
        .filter(|r| !one_liners.iter().any(|l| l.contains(r.trim())))
        .collect();
    assert!(wrapped.is_empty(), "{wrapped:?}\n{screen}");
}

#[test]
fn a_symptom_key_in_the_next_get_ready_after_a_stop_stops_the_exercise_on_screen() {
    let env = TestEnv::new().screened();
    let mut tty = Tty::start(&env, &["start", "--pain-before", "2"]);
    tty.wait_for("when ready");
    tty.keys(" ");
    tty.wait_for("count of 20");
    tty.keys("7");
    tty.wait_for("Stop this stretch");
    tty.keys("c");
    // The next exercise's get-ready is on screen: a report now is about it.
    tty.wait_for("Standing thigh stretch");
    tty.wait_for("Get ready");
    tty.keys("!");
    let screen = tty.wait_for("Stop this stretch");
    assert!(screen.contains("Standing thigh stretch"), "{screen}");
    assert!(!screen.contains("Lying thigh stretch"), "{screen}");
    tty.keys("q");
    tty.wait_for("How is your pain now");
    tty.keys("\r");
    tty.exit_code();
    let s = &env.run(["history", "--json"]).json()[0];
    let stopped: Vec<_> = s["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["outcome"] == "stopped")
        .map(|st| st["exercise"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        stopped,
        ["lying-thigh-stretch", "standing-thigh-stretch"],
        "{s}"
    );
}

#[test]
fn the_quick_red_flag_check_comes_before_a_plain_session_in_a_terminal_too() {
    let env = TestEnv::new().screened();
    env.session(&["--minutes", "3"]).ok();
    let mut tty = Tty::start(&env, &["start", "--plain"]);
    tty.wait_for("since your last session");
    tty.keys("y\r");
    tty.wait_for("saddle");
    tty.keys("y\r");
    let screen = tty.wait_for("A&E");
    assert!(screen.contains("urgent medical"), "{screen}");
    assert_eq!(tty.exit_code(), 3);
    env.session(&["--minutes", "3"]).fails_with(3);
}
