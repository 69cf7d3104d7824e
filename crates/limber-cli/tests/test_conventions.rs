//! Shell conventions: closed pipes, SIGTERM, and flag values out of range.

use crate::common::TestEnv;

#[test]
fn a_closed_output_pipe_ends_quietly() {
    let env = TestEnv::new().screened();
    for args in [
        &["plan"][..],
        &["exercises"],
        &["exercises", "--json"],
        &["plan", "--json"],
        &["stats"],
        &["stats", "--json"],
        &["history"],
        &["history", "--json"],
        &["runs"],
        &["runs", "--json"],
        &["help", "safety"],
        &["help", "start"],
    ] {
        // The reading end is closed before limber writes a byte: every
        // write fails with EPIPE, whatever the timing.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = env
            .std_command()
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?} said: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn sigterm_saves_the_session_as_partial_and_exits_143() {
    let env = TestEnv::new().screened();
    // Returns once the first hold's end has been printed (a readiness line).
    let (mut child, _out) = crate::test_start::start_slow(&env);
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "partial");
    assert!(s["ended_at"].is_string(), "ended cleanly: {s}");
}

#[test]
fn a_time_past_year_9999_is_in_the_future_not_malformed() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    let err = env
        .run(["log", "--leg", "3", "--at", "9999-12-31T23:59:59Z"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("is in the future"), "{err}");
    assert!(!err.contains("expected a time like"), "{err}");
    assert_eq!(env.run(["history", "--json"]).json(), serde_json::json!([]));
}

#[test]
fn a_huge_weeks_value_names_the_allowed_range() {
    let env = TestEnv::new().screened();
    let err = env
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,back-curl",
            "--weeks",
            "99999999999999999999",
        ])
        .fails_with(2)
        .to_string();
    assert!(err.contains("must be from 2 to 12"), "{err}");
    assert!(!err.contains("too large to fit"), "{err}");
}

#[test]
fn enabling_an_exercise_that_was_never_left_out_says_so() {
    let env = TestEnv::new().screened();
    let before = env.stored();
    let out = env
        .run(["exercises", "enable", "back-curl"])
        .ok()
        .to_string();
    assert!(out.contains("was not left out"), "{out}");
    assert!(!out.contains("is back in your plans"), "{out}");
    assert_eq!(env.stored(), before);
}
