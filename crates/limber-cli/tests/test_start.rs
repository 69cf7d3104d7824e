use crate::common::TestEnv;

fn holds(session: &serde_json::Value, exercise: &str) -> Vec<(String, u64, String)> {
    session["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["exercise"] == exercise)
        .map(|s| {
            (
                s["side"].as_str().unwrap_or("-").to_string(),
                s["rep"].as_u64().unwrap(),
                s["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_plain_session_runs_end_to_end_and_is_stored_as_completed() {
    let env = TestEnv::new().at("2026-11-26T07:30:00Z").screened();
    let out = env
        .run(["start", "--plain", "--speed", "100", "--after-run"])
        .ok()
        .to_string();
    // One line per cue, each prefixed with the session time; no escape codes.
    assert!(!out.contains('\x1b'), "escape codes in plain output");
    let cues: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.len() > 6 && l.as_bytes()[2] == b':' && l[..2].bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    assert!(cues.len() > 40, "{out}");
    assert!(cues[0].starts_with("00:00  "), "{}", cues[0]);
    // The lying thigh stretch names the leg every time: right, left, right, left, right, left.
    let sides: Vec<&str> = cues
        .iter()
        .filter(|l| l.contains("Lying thigh stretch") && l.contains("hold for a count of 20"))
        .map(|l| {
            if l.contains("Right leg") || l.contains("right leg") {
                "right"
            } else {
                "left"
            }
        })
        .collect();
    assert_eq!(
        sides,
        ["right", "left", "right", "left", "right", "left"],
        "{out}"
    );
    assert!(out.contains("Session saved"), "{out}");
    // Said once, by the routine's last cue: no doubled phrases.
    assert_eq!(out.matches("Well done").count(), 1, "{out}");

    let history = env.run(["history", "--json"]).json();
    let session = &history[0];
    assert_eq!(session["kind"], "session");
    assert_eq!(session["status"], "completed");
    assert_eq!(
        session["context"],
        serde_json::json!({"after_run": true, "where": "floor"})
    );
    assert_eq!(session["started_at"], "2026-11-26T07:30:00Z");
    assert!(session["ended_at"].is_string());
    let lying = holds(session, "lying-thigh-stretch");
    let expected: Vec<(String, u64, String)> = [
        ("right", 1),
        ("left", 1),
        ("right", 2),
        ("left", 2),
        ("right", 3),
        ("left", 3),
    ]
    .iter()
    .map(|(s, r)| (s.to_string(), *r, "done".to_string()))
    .collect();
    assert_eq!(lying, expected);
    assert_eq!(
        holds(session, "back-curl"),
        vec![
            ("-".into(), 1, "done".into()),
            ("-".into(), 2, "done".into()),
            ("-".into(), 3, "done".into())
        ]
    );
}

#[test]
fn pain_before_and_after_are_stored_with_the_session() {
    let env = TestEnv::new().screened();
    env.session(&["--minutes", "3", "--pain-before", "4", "--pain-after", "2"])
        .ok();
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["pain_before"], 4);
    assert_eq!(s["pain_after"], 2);
    assert_eq!(s["ratings"][0]["pain"], 4);
}

#[test]
fn bad_start_input_exits_2_and_stores_nothing() {
    let env = TestEnv::new().screened();
    let before = env.stored();
    for (args, needle) in [
        (
            vec!["start", "--plain", "--speed", "0"],
            "--speed must be from 0.1 to 1000, got 0",
        ),
        (
            vec!["start", "--plain", "--speed", "-2"],
            "--speed must be from 0.1 to 1000, got -2",
        ),
        (
            vec!["start", "--plain", "--speed", "1e18"],
            "--speed must be from 0.1 to 1000",
        ),
        (
            vec!["start", "--plain", "--speed", "abc"],
            "invalid value 'abc' for '--speed <X>': must be a number from 0.1 to 1000",
        ),
        (vec!["start", "--plain", "--where", "sofa"], "--where"),
        (vec!["start", "--plain", "--minutes", "0"], "--minutes"),
        (vec!["start", "--plain", "--minutes", "-1"], "--minutes"),
        (
            vec!["start", "--plain", "--pain-before", "11"],
            "invalid value '11' for '--pain-before <N>': must be from 0 to 10, got 11",
        ),
        (
            vec!["start", "--plain", "--pain-after", "abc"],
            "must be a whole number from 0 to 10",
        ),
        (
            vec!["start", "--plain", "--program", "/nonexistent.toml"],
            "/nonexistent.toml",
        ),
    ] {
        let err = env.run(&args).fails_with(2).to_string();
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(env.stored(), before);
}

/// Starts a real-time plain session and waits until it has printed `marker`.
pub(crate) fn start_slow(
    env: &TestEnv,
) -> (
    std::process::Child,
    std::io::BufReader<std::process::ChildStdout>,
) {
    use std::io::BufRead;
    let mut cmd = env.std_command();
    let mut child = cmd
        .args(["start", "--plain", "--speed", "20"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    // The first hold ends 25 session-seconds in (1.25 s real at --speed 20):
    // wait for its end-of-hold cue, so one step is stored.
    loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "session ended early");
        if line.contains("Release") {
            break;
        }
    }
    (child, out)
}

#[test]
fn ctrl_c_saves_the_session_as_partial() {
    let env = TestEnv::new().screened();
    let (mut child, _out) = start_slow(&env);
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "partial");
    assert!(s["ended_at"].is_string());
    assert_eq!(s["steps"][0]["outcome"], "done");
}

#[test]
fn a_killed_session_survives_as_partial_with_its_finished_steps() {
    let env = TestEnv::new().screened();
    let (mut child, mut out) = start_slow(&env);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    // The session's stdout reaches end-of-file only once no process holds
    // it, so nothing limber started is still running when history reads.
    std::io::Read::read_to_end(&mut out, &mut Vec::new()).unwrap();
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "partial");
    assert!(s["ended_at"].is_null());
    assert_eq!(s["steps"][0]["side"], "right");
    assert_eq!(s["steps"][0]["outcome"], "done");
}

/// Runs a real-time plain session, types `report` once the first hold has
/// begun and `q` once the stop is announced; returns the stop line.
pub(crate) fn plain_session_reporting(env: &TestEnv, report: &str) -> String {
    use std::io::{BufRead, Write};
    let mut child = env
        .std_command()
        .args(["start", "--plain", "--speed", "20"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut wait_for = |needle: &str| {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "{needle:?} never came"
            );
            if line.contains(needle) {
                return line.clone();
            }
        }
    };
    wait_for("hold for a count of 20");
    writeln!(input, "{report}").unwrap();
    let stop = wait_for("Stop this stretch");
    writeln!(input, "q").unwrap();
    drop(input);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    stop
}

#[test]
fn in_plain_mode_typed_reports_trigger_the_stop_rules() {
    let env = TestEnv::new().screened();
    let stop = plain_session_reporting(&env, "!");
    assert!(stop.contains("sharp, shooting or electric pain"), "{stop}");
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "stopped");
    assert_eq!(s["steps"][0]["outcome"], "stopped");
    assert!(s["steps"][0]["reason"].as_str().unwrap().contains("sharp"));
}

#[test]
fn spreading_symptoms_in_a_session_reopen_the_safety_screen() {
    let env = TestEnv::new().screened();
    let stop = plain_session_reporting(&env, "d");
    assert!(stop.contains("spreading"), "{stop}");
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("new symptoms"), "{err}");
}

#[test]
fn a_sped_up_session_is_stored_with_real_times() {
    let env = TestEnv::new().at("2026-11-26T07:30:00Z").screened();
    env.session(&["--minutes", "3"]).ok();
    let s = &env.run(["history", "--json"]).json()[0];
    let at = |v: &serde_json::Value| v.as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
    let started = at(&s["started_at"]);
    let ended = at(&s["ended_at"]);
    // 150 s of session ran in well under a minute of real time.
    assert!(
        ended >= started && ended - started < jiff::SignedDuration::from_secs(60),
        "{s}"
    );
    for step in s["steps"].as_array().unwrap() {
        let t = at(&step["at"]);
        assert!(t >= started && t <= ended, "{step}");
    }
}

#[test]
fn one_electric_stop_leaves_the_stretch_out_in_both_positions() {
    let env = TestEnv::new().screened();
    plain_session_reporting(&env, "!");
    let plan = env.run(["plan", "--json"]).json();
    let dropped = plan["dropped"].as_array().unwrap();
    let lying = dropped
        .iter()
        .find(|d| d["exercise"] == "lying-thigh-stretch")
        .unwrap_or_else(|| panic!("lying thigh stretch still planned: {plan}"));
    assert!(
        lying["reason"].as_str().unwrap().contains("nerve symptoms"),
        "{lying}"
    );
    // The wall thigh stretch is the same stretch, standing.
    let at_work = env.run(["plan", "--where", "wall", "--json"]).json();
    assert!(
        at_work["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["exercise"] != "wall-thigh-stretch"),
        "{at_work}"
    );
}
