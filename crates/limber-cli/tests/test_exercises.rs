use crate::common::TestEnv;

#[test]
fn lists_the_five_seed_exercises_with_their_doses_and_provenance() {
    let env = TestEnv::new();
    let out = env.run(["exercises"]).ok().to_string();
    assert_eq!(
        out.lines().next().unwrap(),
        "lying-thigh-stretch      Lying thigh stretch  (Supine piriformis (cross-over) stretch)"
    );
    for name in [
        "Lying thigh stretch",
        "Wall thigh stretch",
        "Standing thigh stretch",
        "Back curl",
        "Full back curl",
    ] {
        assert!(out.contains(name), "{name} missing:\n{out}");
    }
    assert!(
        out.contains(
            "hold a count of 20 (from the original post) × 3 (from the original post) each side"
        ),
        "{out}"
    );
    assert!(
        out.contains("stands in for lying-thigh-stretch where there is no floor (less effective)"),
        "{out}"
    );
    assert!(
        out.contains("limber exercises enable full-back-curl"),
        "{out}"
    );
    assert!(
        !env.db().exists(),
        "listing exercises must not create a database"
    );
}

#[test]
fn json_lists_ids_and_sourced_doses() {
    let json = TestEnv::new().run(["exercises", "--json"]).json();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["id"], "lying-thigh-stretch");
    assert_eq!(
        list[0]["dose"]["hold"],
        serde_json::json!({"value": 20, "source": "seed"})
    );
    assert_eq!(list[0]["sided"], true);
    assert_eq!(list[4]["opt_in"], true);
    assert_eq!(list[1]["substitute_for"]["less_effective"], true);
}

#[test]
fn enabling_the_full_back_curl_refuses_when_a_screen_caution_applies() {
    let env = TestEnv::new();
    env.run(["screen", "--none-apply", "--answer", "neck-problem=yes"])
        .ok();
    let err = env
        .run(["exercises", "enable", "full-back-curl"])
        .fails_with(3)
        .to_string();
    assert!(err.contains("will not turn on the full back curl"), "{err}");
    assert!(err.contains("neck"), "{err}");
    let plan = env.run(["plan"]).ok().to_string();
    assert!(
        !plan.contains("1. Full back curl")
            && plan.contains("Full back curl: off until you choose it"),
        "{plan}"
    );
}

#[test]
fn enabling_the_full_back_curl_non_interactively_needs_confirmation_then_plans_level_one() {
    let env = TestEnv::new().screened();
    let err = env
        .run(["exercises", "enable", "full-back-curl"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--none-apply"), "{err}");
    env.run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .ok();
    let plan = env.run(["plan", "--json"]).json();
    let last = plan["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["exercise"], "full-back-curl");
    assert_eq!(last["level"]["level"], 1);
    env.run(["exercises", "disable", "full-back-curl"]).ok();
    let plan = env.run(["plan", "--json"]).json();
    assert!(
        plan["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["exercise"] != "full-back-curl")
    );
}

#[test]
fn an_unknown_exercise_id_is_bad_input() {
    let env = TestEnv::new();
    let err = env
        .run(["exercises", "enable", "toe-touch", "--none-apply"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("unknown exercise id \"toe-touch\""), "{err}");
}

#[test]
fn the_full_back_curl_offers_the_next_level_and_moves_only_when_asked() {
    let mut env = TestEnv::new().at("2026-11-01T07:00:00Z").screened();
    env.run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .ok();
    let level = |env: &TestEnv| {
        env.run(["plan", "--json"]).json()["steps"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["level"]["level"]
            .clone()
    };
    for day in 2..=5 {
        env.set_now(&format!("2026-11-{day:02}T07:00:00Z"));
        let out = env.session(&[]).ok().to_string();
        assert!(!out.contains("one level deeper"), "day {day}: {out}");
    }
    let early = env
        .run(["exercises", "level", "full-back-curl", "2"])
        .fails_with(3)
        .to_string();
    assert!(early.contains("stays at level 1"), "{early}");
    env.set_now("2026-11-06T07:00:00Z");
    let out = env.session(&[]).ok().to_string();
    assert!(
        out.contains("could go one level deeper (Level 2, knees over chest: Roll a little further")
            && out.contains("`limber exercises level full-back-curl 2`"),
        "{out}"
    );
    // Offered, not moved.
    assert_eq!(level(&env), 1);
    let out = env
        .run(["exercises", "level", "full-back-curl", "2"])
        .ok()
        .to_string();
    assert!(
        out.contains("at level 2") && out.contains("Knees over chest".to_lowercase().as_str()),
        "{out}"
    );
    assert_eq!(level(&env), 2);
    for day in 7..=11 {
        env.set_now(&format!("2026-11-{day:02}T07:00:00Z"));
        env.session(&[]).ok();
    }
    // The deepest level needs the clinician's clearance as well as the yes.
    let err = env
        .run(["exercises", "level", "full-back-curl", "3"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--clinician-cleared"), "{err}");
    assert_eq!(level(&env), 2);
    env.run([
        "exercises",
        "level",
        "full-back-curl",
        "3",
        "--clinician-cleared",
    ])
    .ok();
    assert_eq!(level(&env), 3);
    // Back to a gentler level at any time.
    env.run(["exercises", "level", "full-back-curl", "1"]).ok();
    assert_eq!(level(&env), 1);
}

#[test]
fn mornings_above_usual_hold_the_full_back_curl_level() {
    let mut env = TestEnv::new().at("2026-11-01T07:00:00Z").screened();
    env.run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .ok();
    env.run(["log", "--morning", "--leg", "2"]).ok();
    let mut last = String::new();
    for day in 1..=5 {
        env.set_now(&format!("2026-11-{day:02}T18:00:00Z"));
        last = env.session(&[]).ok().to_string();
    }
    assert!(last.contains("could go one level deeper"), "{last}");
    // The morning after the fifth session: pain 7/10.
    env.set_now("2026-11-06T07:00:00Z");
    env.run(["log", "--morning", "--leg", "7"]).ok();
    let err = env
        .run(["exercises", "level", "full-back-curl", "2"])
        .fails_with(3)
        .to_string();
    assert!(err.contains("next mornings at your usual"), "{err}");
}

#[test]
fn a_hip_replacement_refuses_the_full_back_curl_and_plans_neither_back_curl() {
    let env = TestEnv::new();
    env.run(["screen", "--none-apply", "--answer", "hip-replacement=yes"])
        .ok();
    let err = env
        .run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .fails_with(3)
        .to_string();
    assert!(
        err.contains("will not turn on the full back curl") && err.contains("hip replacement"),
        "{err}"
    );
    let err = env.run(["plan"]).fails_with(2).to_string();
    assert!(
        err.contains("Back curl (left out because hugging the knees")
            && err.contains("Full back curl (off until you choose it"),
        "{err}"
    );
}

#[test]
fn the_list_shows_what_is_left_out_and_what_is_on() {
    let mut env = TestEnv::new().at("2026-11-02T07:00:00Z").screened();
    let text = env.run(["exercises"]).ok().to_string();
    assert!(!text.contains("left out of your plans"), "{text}");
    // Two sharp-pain stops of the lying stretch within 14 days.
    crate::test_start::plain_session_reporting(&env, "!");
    env.set_now("2026-11-05T07:00:00Z");
    crate::test_start::plain_session_reporting(&env, "!");
    env.run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .ok();
    let text = env.run(["exercises"]).ok().to_string();
    let lying = text
        .split("\n\n")
        .find(|block| block.starts_with("lying-thigh-stretch"))
        .unwrap();
    assert!(
        lying.contains("left out of your plans: marked aggravating"),
        "{lying}"
    );
    assert!(
        lying.contains("`limber exercises enable lying-thigh-stretch`"),
        "{lying}"
    );
    let full = text
        .split("\n\n")
        .find(|block| block.starts_with("full-back-curl"))
        .unwrap();
    assert!(full.contains("on for you, at level 1"), "{full}");
    assert!(!full.contains("off by default"), "{full}");
}
