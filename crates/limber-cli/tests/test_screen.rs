use crate::common::TestEnv;

#[test]
fn list_shows_every_key_with_its_tier() {
    let out = TestEnv::new().run(["screen", "--list"]).ok().to_string();
    for key in [
        "saddle-numbness",
        "bladder",
        "bowel",
        "both-legs",
        "fever",
        "cancer",
        "pregnancy",
        "hip-replacement",
        "neck-problem",
    ] {
        assert!(out.contains(key), "{key} missing:\n{out}");
    }
    assert!(out.contains("emergency"), "{out}");
}

#[test]
fn none_apply_records_a_clear_screen_and_repeats_the_seed_caveats() {
    let env = TestEnv::new();
    let out = env.run(["screen", "--none-apply"]).ok().to_string();
    assert!(
        out.contains("None of your answers calls for a pause"),
        "{out}"
    );
    assert!(
        out.contains("Check with your health care professional"),
        "{out}"
    );
    assert!(out.contains("more serious causes"), "{out}");
}

#[test]
fn an_emergency_answer_locks_sessions_until_rescreened() {
    let env = TestEnv::new();
    let out = env
        .run(["screen", "--none-apply", "--answer", "saddle-numbness=yes"])
        .ok()
        .to_string();
    assert!(
        out.contains("Call emergency services or go to A&E now"),
        "{out}"
    );
    let err = env.session(&[]).fails_with(3).to_string();
    assert!(err.contains("urgent medical assessment"), "{err}");
    assert!(err.contains("Do not stretch"), "{err}");
    let plan = env.run(["plan"]).ok().to_string();
    assert!(
        plan.starts_with("These symptoms need urgent medical assessment.")
            && plan.contains("A&E")
            && !plan.contains("Lying thigh stretch"),
        "the emergency advice, not the routine: {plan}"
    );
    assert!(
        env.run(["plan", "--json"]).json()["blocked"]
            .as_str()
            .unwrap()
            .contains("locked")
    );
    for banned in ["cauda equina", "you have"] {
        assert!(
            !err.to_lowercase().contains(banned),
            "diagnostic wording {banned:?}: {err}"
        );
    }
    // Acknowledging does not unlock an emergency.
    env.run(["screen", "--acknowledge"]).fails_with(3);
    env.session(&[]).fails_with(3);
    // One answer cannot unlock it: a locked screen carries nothing over.
    let err = env
        .run(["screen", "--answer", "saddle-numbness=no"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("every question needs a fresh answer"), "{err}");
    assert!(
        !err.contains("--none-apply"),
        "no shortcut right after a lock: {err}"
    );
    let err = env.run(["screen"]).fails_with(2).to_string();
    assert!(
        !err.contains("--none-apply"),
        "no shortcut right after a lock: {err}"
    );
    env.session(&[]).fails_with(3);
    // A whole new screen does.
    env.run(["screen", "--none-apply"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn an_emergency_answer_on_a_fresh_install_locks_without_the_other_answers() {
    let env = TestEnv::new();
    let out = env
        .run(["screen", "--answer", "bladder=yes"])
        .ok()
        .to_string();
    assert!(
        out.contains("Call emergency services or go to A&E now") && out.contains("bladder"),
        "{out}"
    );
    let err = env.session(&[]).fails_with(3).to_string();
    assert!(err.contains("urgent medical assessment"), "{err}");
    // After the lock, a further emergency answer is taken on its own too.
    env.run(["screen", "--answer", "both-legs=yes"]).ok();
    env.session(&[]).fails_with(3);
    // An emergency "no" alone still needs the rest.
    env.run(["screen", "--answer", "bladder=no"]).fails_with(2);
}

#[test]
fn same_day_advice_pauses_until_acknowledged() {
    let env = TestEnv::new();
    let out = env
        .run(["screen", "--none-apply", "--answer", "fever=yes"])
        .ok()
        .to_string();
    assert!(out.contains("medical review today"), "{out}");
    let err = env.session(&[]).fails_with(3).to_string();
    assert!(err.contains("paused (fever"), "{err}");
    assert!(err.contains("limber screen --acknowledge"), "{err}");
    env.run(["screen", "--acknowledge"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn without_a_screen_a_non_interactive_start_exits_3_and_says_what_to_run() {
    let env = TestEnv::new();
    let err = env.session(&[]).fails_with(3).to_string();
    assert!(err.contains("limber screen"), "{err}");
    assert_eq!(env.stored(), "[]\n");
}

#[test]
fn partial_answers_without_a_screen_on_record_need_none_apply() {
    let env = TestEnv::new();
    let err = env
        .run(["screen", "--answer", "pregnancy=yes"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("not answered: saddle-numbness"), "{err}");
    assert!(err.contains("--none-apply"), "{err}");
    env.session(&[]).fails_with(3);
}

#[test]
fn bad_answers_exit_2_and_store_nothing() {
    let env = TestEnv::new().screened();
    env.run(["screen", "--answer", "fever=yes"]).ok();
    env.run(["screen", "--acknowledge"]).ok();
    for (answer, needle) in [
        ("fever", "expected KEY=yes or KEY=no"),
        ("toothache=yes", "unknown question key \"toothache\""),
        ("fever=maybe", "\"maybe\" is not yes or no"),
    ] {
        let err = env
            .run(["screen", "--answer", answer])
            .fails_with(2)
            .to_string();
        assert!(err.contains(needle), "{answer}: {err}");
    }
    // The acknowledged screen is still the latest: a session may start.
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn unnamed_answers_carry_over_while_the_last_screen_stands() {
    let env = TestEnv::new().screened();
    env.run(["screen", "--answer", "pregnancy=yes"]).ok();
    let plan = env.run(["plan"]).ok().to_string();
    assert!(plan.contains("Seated figure-4 stretch"), "{plan}");
}

#[test]
fn help_safety_prints_the_emergency_list_at_any_time() {
    let out = TestEnv::new().run(["help", "safety"]).ok().to_string();
    assert!(
        out.contains("call emergency services or go to A&E"),
        "{out}"
    );
    assert!(out.contains("both legs"), "{out}");
    assert!(
        out.contains("Check with your health care professional"),
        "{out}"
    );
}

#[test]
fn a_screen_older_than_six_weeks_is_asked_again() {
    let mut env = TestEnv::new().at("2026-10-01T08:00:00Z").screened();
    env.set_now("2026-11-11T08:00:00Z"); // 41 days on
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-13T08:00:00Z"); // 43 days on
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("more than 6 weeks old"), "{err}");
    let plan = env.run(["plan"]).ok().to_string();
    assert!(plan.contains("more than 6 weeks old"), "{plan}");
    env.run(["screen", "--none-apply"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn bending_forward_that_sends_symptoms_down_leaves_the_forward_bends_out() {
    let env = TestEnv::new();
    let out = env
        .run(["screen", "--none-apply", "--answer", "bending-forward=yes"])
        .ok()
        .to_string();
    assert!(out.contains("Back curl: left out"), "{out}");
    assert_eq!(
        env.planned(),
        ["lying-thigh-stretch", "standing-thigh-stretch"]
    );
    let plan = env.run(["plan"]).ok().to_string();
    assert!(plan.contains("Standing side-bend stretch"), "{plan}");
    let err = env
        .run(["exercises", "enable", "full-back-curl", "--none-apply"])
        .fails_with(3)
        .to_string();
    assert!(err.contains("bending forward"), "{err}");
}
