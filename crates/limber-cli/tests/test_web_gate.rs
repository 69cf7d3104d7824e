//! The web app's Today page and its session script refuse a session exactly
//! when `limber start` does, block by block: the page shows the block the
//! script's 409 names, and both come from `limber_app::gate::first_block`.

use crate::common::TestEnv;
use crate::test_serve::{get, port, serve};

const PLAN: &str = "/api/v1/session-script?minutes=3&get_ready=5";

/// `limber start` exits 3 and the served script is a 409 naming `kind`.
fn both_refuse(env: &TestEnv, kind: &str) {
    env.session(&["--minutes", "3"]).fails_with(3);
    let served = serve(env, "127.0.0.1:0");
    let answer = get(port(&served.first_line), PLAN);
    assert!(answer.starts_with("HTTP/1.1 409"), "{answer}");
    assert!(
        answer.contains(&format!("\"kind\":\"{kind}\"")),
        "{kind}: {answer}"
    );
}

/// The served script is a 200 and `limber start` runs.
fn both_allow(env: &TestEnv) {
    let served = serve(env, "127.0.0.1:0");
    let answer = get(port(&served.first_line), PLAN);
    drop(served);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn with_no_screen_neither_starts_until_the_screen_is_answered() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    both_refuse(&env, "no-screen");
    env.run(["screen", "--none-apply"]).ok();
    both_allow(&env);
}

#[test]
fn an_emergency_answer_locks_both_until_the_screen_is_answered_again() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    env.run(["screen", "--answer", "saddle-numbness=yes"]).ok();
    both_refuse(&env, "locked");
    env.run(["screen", "--none-apply"]).ok();
    both_allow(&env);
}

#[test]
fn same_day_advice_pauses_both_until_acknowledged() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    env.run(["screen", "--none-apply", "--answer", "fever=yes"])
        .ok();
    both_refuse(&env, "paused");
    env.run(["screen", "--acknowledge"]).ok();
    both_allow(&env);
}

#[test]
fn new_symptoms_ask_both_for_the_screen_again() {
    let mut env = TestEnv::new().at("2026-11-20T08:00:00Z").screened();
    env.run(["log", "--leg", "3", "--reach", "thigh"]).ok();
    env.set_now("2026-11-20T19:00:00Z");
    env.run(["log", "--leg", "7", "--reach", "foot"]).ok();
    both_refuse(&env, "rescreen");
}

#[test]
fn a_screen_older_than_six_weeks_is_asked_again_by_both() {
    let mut env = TestEnv::new().at("2026-10-01T07:00:00Z").screened();
    env.set_now("2026-11-20T07:00:00Z");
    both_refuse(&env, "stale");
    env.run(["screen", "--none-apply"]).ok();
    both_allow(&env);
}

#[test]
fn two_mornings_above_usual_pause_both_until_acknowledged() {
    let mut env = TestEnv::new().at("2026-11-03T18:00:00Z").screened();
    for (evening, morning) in [("03", "04"), ("04", "05")] {
        env.set_now(&format!("2026-11-{evening}T18:00:00Z"));
        env.session(&["--minutes", "3", "--pain-before", "2"]).ok();
        env.set_now(&format!("2026-11-{morning}T07:00:00Z"));
        env.run(["log", "--morning", "--leg", "6"]).ok();
    }
    both_refuse(&env, "morning-pause");
    env.run(["screen", "--acknowledge"]).ok();
    both_allow(&env);
}

#[test]
fn a_week_of_clearly_more_pain_pauses_both_until_acknowledged() {
    let mut env = TestEnv::new().at("2026-11-02T08:00:00Z").screened();
    for (day, leg) in [("02", "3"), ("03", "3"), ("09", "6")] {
        env.set_now(&format!("2026-11-{day}T08:00:00Z"));
        env.run(["log", "--leg", leg]).ok();
    }
    both_refuse(&env, "diary-pause");
    env.run(["screen", "--acknowledge"]).ok();
    both_allow(&env);
}
