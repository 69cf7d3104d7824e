//! Plain-mode sessions that stop: red flags, spreading symptoms, high pain
//! at the start. Commands are piped on stdin. The clock runs fast, but not
//! so fast that a loaded machine could deliver a piped line only after the
//! phase it was meant for.

use crate::common::TestEnv;

/// A plain session at `--speed 50` (unless `extra` says otherwise) with
/// `input` typed on stdin.
fn plain(env: &TestEnv, extra: &[&str], input: &str) -> crate::common::Run {
    let mut args = vec!["start", "--plain"];
    if !extra.contains(&"--speed") {
        args.extend(["--speed", "50"]);
    }
    args.extend_from_slice(extra);
    let out = env
        .command()
        .args(args)
        .write_stdin(input.to_string())
        .output()
        .unwrap();
    crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn steps(env: &TestEnv) -> Vec<serde_json::Value> {
    env.run(["history", "--json"]).json()[0]["steps"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn e_in_plain_mode_ends_the_session_shows_the_emergency_advice_and_locks() {
    let env = TestEnv::new().screened();
    let run = plain(&env, &["--pain-before", "2", "--speed", "5"], "e\n");
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("A&E"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("numbness or tingling around your genitals")
    );
    assert!(
        run.stdout
            .contains("until you answer the safety questions again")
    );
    assert!(!run.stdout.contains("How is your pain now"));
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "stopped");
    assert_eq!(s["steps"][0]["outcome"], "stopped");
    assert_eq!(
        s["steps"][0]["reason"],
        "symptoms that need urgent medical help"
    );
    // Locked: no session, and the plan says why, until the screen is answered again.
    let err = env.session(&[]).fails_with(3).to_string();
    assert!(err.contains("A&E"), "{err}");
    let plan = env.run(["plan"]);
    assert!(plan.stdout.contains("locked"), "{}", plan.stdout);
    // Partial scripted answers cannot lift it: every question again.
    env.run(["screen", "--answer", "bladder=no"]).fails_with(2);
    env.run(["screen", "--none-apply"]).ok();
    env.session(&[]).ok();
}

#[test]
fn after_a_spreading_stop_going_on_leaves_out_the_same_movement() {
    let env = TestEnv::new().screened();
    // Skip the lying stretch; spreading in the standing stretch; go on.
    let run = plain(&env, &["--pain-before", "2"], "s\nd\nc\n");
    let out = run.ok();
    assert!(
        out.contains("Press q to end the session (advised), c to go on without the other forward-bending stretches, or a to go on with all of them."),
        "{out}"
    );
    assert!(
        out.contains("Left out for the rest of this session: Back curl"),
        "{out}"
    );
    let back_curl: Vec<_> = steps(&env)
        .into_iter()
        .filter(|s| s["exercise"] == "back-curl")
        .collect();
    assert_eq!(back_curl.len(), 3);
    for s in &back_curl {
        assert_eq!(s["outcome"], "skipped");
        assert!(
            s["reason"]
                .as_str()
                .unwrap()
                .starts_with("left out after symptoms spreading"),
            "{s}"
        );
    }
}

#[test]
fn after_a_spreading_stop_a_goes_on_with_every_stretch() {
    let env = TestEnv::new().screened();
    plain(&env, &["--pain-before", "2"], "s\nd\na\n").ok();
    let done = steps(&env)
        .into_iter()
        .filter(|s| s["exercise"] == "back-curl" && s["outcome"] == "done")
        .count();
    assert_eq!(done, 3);
}

#[test]
fn pain_above_five_before_the_first_stretch_does_not_start_the_routine() {
    let env = TestEnv::new().screened();
    // Nobody to choose (no input): nothing is stretched.
    let run = plain(&env, &["--pain-before", "7"], "");
    let out = run.ok();
    assert!(
        out.contains("Stretching at this level of pain is not advised today."),
        "{out}"
    );
    assert!(out.contains("check with a health professional"), "{out}");
    assert!(out.contains("Press g to do the gentlest version, or q to stop here."));
    assert!(!out.contains("hold for a count"), "{out}");
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "stopped");
    assert_eq!(s["pain_before"], 7);
    assert!(s["steps"].as_array().unwrap().is_empty());
}

#[test]
fn the_gentlest_version_is_one_rep_and_no_forward_bends() {
    let env = TestEnv::new().screened();
    plain(&env, &["--pain-before", "6"], "g\n").ok();
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["status"], "completed");
    let steps = s["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{s}");
    assert!(
        steps
            .iter()
            .all(|st| st["exercise"] == "lying-thigh-stretch")
    );
}

#[test]
fn a_typed_number_in_the_first_get_ready_is_the_baseline_in_plain_mode() {
    let env = TestEnv::new().screened();
    let run = plain(&env, &["--speed", "5"], "3\nq\n");
    assert!(run.stdout.contains("Pain now? Type 0-10"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Pain 3/10 noted as your starting point.")
    );
    let s = &env.run(["history", "--json"]).json()[0];
    assert_eq!(s["ratings"][0]["pain"], 3);
    assert_eq!(s["ratings"][0]["after"], serde_json::Value::Null);
}

#[test]
fn a_routine_finished_with_a_stop_does_not_say_well_done() {
    let env = TestEnv::new().screened();
    let run = plain(&env, &["--pain-before", "2"], "s\ns\n!\nc\n");
    let out = run.ok();
    let line = out
        .lines()
        .find(|l| l.contains("Routine finished:"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("1 stopped"), "{line}");
    assert!(!line.contains("Well done"), "{line}");
}

#[test]
fn the_plain_legend_lists_b_and_c() {
    let env = TestEnv::new().screened();
    let out = plain(&env, &["--pain-before", "2"], "q\n").stdout;
    let legend = out
        .lines()
        .find(|l| l.starts_with("Type a command"))
        .unwrap_or_else(|| panic!("{out}"));
    for cmd in [
        " b back",
        " c continue",
        " e emergency",
        " s skip",
        "+ or - pace",
    ] {
        assert!(legend.contains(cmd), "{cmd:?} in {legend}");
    }
}

#[test]
fn start_help_lists_the_new_session_keys() {
    let env = TestEnv::new();
    let help = env.run(["start", "--help"]).ok().to_string();
    for key in [
        "e        emergency signs",
        "a   after spreading",
        "g        after high pain",
        "1 then 0 for 10",
        "--get-ready",
    ] {
        assert!(help.contains(key), "{key:?} missing:\n{help}");
    }
}
