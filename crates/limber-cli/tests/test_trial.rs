use crate::common::TestEnv;

#[test]
fn a_trial_is_reproducible_from_its_seed_and_the_planner_follows_it() {
    let mut env = TestEnv::new().at("2026-11-02T07:00:00Z").screened();
    let out = env
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,back-curl",
            "--weeks",
            "2",
            "--seed",
            "7",
        ])
        .ok()
        .to_string();
    let other = TestEnv::new().at("2026-11-02T07:00:00Z");
    let again = other
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,back-curl",
            "--weeks",
            "2",
            "--seed",
            "7",
        ])
        .ok()
        .to_string();
    assert_eq!(out, again, "same seed, same schedule");

    // Every day of the trial plans exactly one of the two exercises:
    // 2 weeks = 3 pairs of 2-day blocks = 12 days, 6 for each.
    let (mut a_days, mut b_days) = (0, 0);
    for day in 2..=13 {
        env.set_now(&format!("2026-11-{day:02}T07:00:00Z"));
        let ids = env.planned();
        let a = ids.contains(&"lying-thigh-stretch".to_string());
        let b = ids.contains(&"back-curl".to_string());
        assert!(a != b, "day {day}: {ids:?}");
        if a { a_days += 1 } else { b_days += 1 }
    }
    assert_eq!((a_days, b_days), (6, 6));
    // After the last block, both are back.
    env.set_now("2026-11-14T07:00:00Z");
    assert_eq!(env.planned().len(), 3);
    insta::assert_snapshot!(env.snap(["trial", "report", "--json"]), @r#"
    {
      "a": "lying-thigh-stretch",
      "b": "back-curl",
      "started": "2026-11-02",
      "last_day": "2026-11-13",
      "pairs_planned": 3,
      "pairs": 0,
      "sessions_used": 0,
      "sessions_off_schedule": 0,
      "mean_a": null,
      "mean_b": null,
      "difference": null,
      "interval": null,
      "verdict": "not-enough-data",
      "conclusion": "not enough data yet",
      "message": "not enough data yet: 0 pair(s) of blocks have ratings on both arms; at least 2 are needed. Rate your pain before and after the trial exercise in each session.",
      "pair_results": [
        {
          "pair": 1,
          "a": null,
          "b": null,
          "difference": null
        },
        {
          "pair": 2,
          "a": null,
          "b": null,
          "difference": null
        },
        {
          "pair": 3,
          "a": null,
          "b": null,
          "difference": null
        }
      ]
    }
    "#);
    env.run(["trial", "stop"]).ok();
    assert_eq!(env.planned().len(), 3);
    // An ended trial's report can still be read.
    assert_eq!(
        env.run(["trial", "report", "--json"]).json()["a"],
        "lying-thigh-stretch"
    );
}

#[test]
fn a_trial_only_compares_exercises_that_would_be_planned() {
    let env = TestEnv::new().screened();
    let err = env
        .run(["trial", "start", "--compare", "back-curl,full-back-curl"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("full-back-curl would not be planned for you: off until you choose it"),
        "{err}"
    );
    let err = env
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,wall-thigh-stretch",
        ])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("wall-thigh-stretch would not be planned for you"),
        "{err}"
    );
    env.run(["screen", "--answer", "osteoporosis=yes"]).ok();
    let err = env
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,back-curl",
        ])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("back-curl would not be planned for you: left out because"),
        "{err}"
    );
    env.run(["trial", "report"]).fails_with(2);
}

#[test]
fn bad_trial_input_exits_2_and_stores_nothing() {
    let env = TestEnv::new();
    for (compare, weeks, needle) in [
        (
            "back-curl,back-curl",
            "4",
            "compare an exercise with itself",
        ),
        ("back-curl", "4", "expected two exercise ids"),
        (
            "back-curl,lying-thigh-stretch,wall-thigh-stretch",
            "4",
            "expected two exercise ids",
        ),
        (
            "back-curl,toe-touch",
            "4",
            "unknown exercise id \"toe-touch\"",
        ),
        ("back-curl,lying-thigh-stretch", "1", "weeks"),
        ("back-curl,lying-thigh-stretch", "50", "weeks"),
    ] {
        let err = env
            .run(["trial", "start", "--compare", compare, "--weeks", weeks])
            .fails_with(2)
            .to_string();
        assert!(err.contains(needle), "{compare} {weeks}: {err}");
    }
    env.run(["trial", "report"]).fails_with(2);
}

#[test]
fn the_trial_report_names_exercises_and_says_its_conclusion_once() {
    let env = TestEnv::new().at("2026-11-02T07:00:00Z").screened();
    env.run([
        "trial",
        "start",
        "--compare",
        "lying-thigh-stretch,back-curl",
        "--seed",
        "7",
    ])
    .ok();
    let text = env.run(["trial", "report"]).ok().to_string();
    assert!(
        text.contains("Trial: A = Lying thigh stretch, B = Back curl"),
        "{text}"
    );
    assert!(
        !text.contains("lying-thigh-stretch"),
        "names, not ids: {text}"
    );
    let lower = text.to_lowercase();
    assert_eq!(
        lower.matches("not enough data yet").count(),
        1,
        "said once: {text}"
    );
}

#[test]
fn a_trial_is_announced_with_names_and_without_the_word_seed() {
    let env = TestEnv::new().at("2026-11-02T07:00:00Z").screened();
    let out = env
        .run([
            "trial",
            "start",
            "--compare",
            "lying-thigh-stretch,back-curl",
            "--seed",
            "7",
        ])
        .ok()
        .to_string();
    assert!(
        out.contains("A = Lying thigh stretch, B = Back curl"),
        "{out}"
    );
    assert!(
        out.contains("A: Lying thigh stretch") || out.contains("B: Back curl"),
        "{out}"
    );
    assert!(!out.contains("(seed"), "{out}");
}
