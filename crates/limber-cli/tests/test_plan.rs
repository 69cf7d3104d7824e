use crate::common::TestEnv;

fn ids(plan: &serde_json::Value) -> Vec<String> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["exercise"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_default_plan_lists_steps_with_dose_duration_and_reason() {
    let env = TestEnv::new().screened();
    let out = env.run(["plan", "--after-run"]).ok().to_string();
    assert!(
        out.starts_with("Runner's cool-down: about 6 min 15 s (floor, after a run)"),
        "{out}"
    );
    assert!(
        out.contains("1. Lying thigh stretch  (Supine piriformis (cross-over) stretch)"),
        "{out}"
    );
    assert!(out.contains("right and left alternating"), "{out}");
    assert!(out.contains("about 2 min 30 s"), "{out}");
    assert!(
        out.contains(
            "why: step 1 of Runner's cool-down; the favourite of the original post's author"
        ),
        "{out}"
    );
    assert!(
        out.contains("Left out:\n  - Full back curl: off until you choose it"),
        "{out}"
    );
}

#[test]
fn json_has_steps_estimates_and_dropped() {
    let env = TestEnv::new().screened();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(
        ids(&plan),
        ["lying-thigh-stretch", "standing-thigh-stretch", "back-curl"]
    );
    assert_eq!(plan["step_seconds"], serde_json::json!([150, 150, 75]));
    assert_eq!(plan["estimated_seconds"], 375);
    assert_eq!(plan["dropped"][0]["exercise"], "full-back-curl");
    assert_eq!(
        plan["context"],
        serde_json::json!({"after_run": false, "where": "floor"})
    );
}

#[test]
fn at_a_wall_the_wall_stretch_replaces_the_lying_one_with_the_reason() {
    let env = TestEnv::new().screened();
    let plan = env.run(["plan", "--where", "wall", "--json"]).json();
    assert_eq!(ids(&plan), ["wall-thigh-stretch", "standing-thigh-stretch"]);
    let why = plan["steps"][0]["reason"].as_str().unwrap();
    assert!(
        why.contains(
            "wall thigh stretch instead of lying thigh stretch: no floor — less effective"
        ),
        "{why}"
    );
}

#[test]
fn a_budget_leaves_out_whole_exercises_and_says_so() {
    let env = TestEnv::new().screened();
    let out = env.run(["plan", "--minutes", "5"]).ok().to_string();
    assert!(
        out.contains("Back curl: left out to fit 5 minute(s)"),
        "{out}"
    );
    let plan = env.run(["plan", "--minutes", "5", "--json"]).json();
    assert_eq!(plan["steps"][0]["hold"]["value"], 20);
}

#[test]
fn screen_cautions_change_the_plan_and_the_plan_says_why() {
    let env = TestEnv::new();
    env.run(["screen", "--none-apply", "--answer", "pregnancy=yes"])
        .ok();
    let out = env.run(["plan"]).ok().to_string();
    assert!(out.contains("1. Seated figure-4 stretch"), "{out}");
    assert!(out.contains("gentler variant because lying flat on your back is usually avoided after the first trimester (pregnancy on your safety screen)"), "{out}");
    assert!(out.contains("Back curl: left out because"), "{out}");
}

#[test]
fn bad_plan_flags_exit_2_naming_the_problem() {
    let env = TestEnv::new();
    for (args, needle) in [
        (
            vec!["plan", "--where", "beach"],
            "invalid value 'beach' for '--where",
        ),
        (
            vec!["plan", "--minutes", "-3"],
            "invalid value '-3' for '--minutes <N>': must be from 1 to 120, got -3",
        ),
        (
            vec!["plan", "--minutes", "0"],
            "must be from 1 to 120, got 0",
        ),
        (
            vec!["plan", "--minutes", "100000"],
            "must be from 1 to 120, got 100000",
        ),
        (
            vec!["plan", "--minutes", "abc"],
            "invalid value 'abc' for '--minutes <N>': must be a whole number",
        ),
        (
            vec!["plan", "--minutes", "1"],
            "no exercise fits in 1 minute(s)",
        ),
    ] {
        let err = env.run(&args).fails_with(2).to_string();
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn the_locked_note_ends_with_one_full_stop() {
    let env = TestEnv::new().screened();
    env.run(["screen", "--answer", "bladder=yes"]);
    let out = env.run(["plan"]);
    let text = format!("{}{}", out.stdout, out.stderr);
    assert!(!text.contains(".."), "{text}");
}
