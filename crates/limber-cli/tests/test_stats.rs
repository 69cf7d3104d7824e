use crate::common::TestEnv;

const LYING_ONLY: &str = "id = \"lying\"\nname = \"Lying only\"\n[[steps]]\nexercise = \"lying-thigh-stretch\"\nreps = 1\n";
const CURL_ONLY: &str =
    "id = \"curl\"\nname = \"Curl only\"\n[[steps]]\nexercise = \"back-curl\"\nreps = 1\n";

/// Three one-exercise sessions per exercise on separate days, with ratings:
/// the lying stretch rates 5 → 6 (+1) every time, the back curl 5 → 3 (−2).
fn rated_diary() -> TestEnv {
    let mut env = TestEnv::new().at("2026-11-01T07:00:00Z").screened();
    let lying = env.write("lying.toml", LYING_ONLY);
    let curl = env.write("curl.toml", CURL_ONLY);
    for day in 1..=3 {
        env.set_now(&format!("2026-11-{:02}T07:00:00Z", day * 2));
        env.session(&[
            "--program",
            lying.to_str().unwrap(),
            "--pain-before",
            "5",
            "--pain-after",
            "6",
        ])
        .ok();
        env.set_now(&format!("2026-11-{:02}T07:00:00Z", day * 2 + 1));
        env.session(&[
            "--program",
            curl.to_str().unwrap(),
            "--pain-before",
            "5",
            "--pain-after",
            "3",
        ])
        .ok();
    }
    env.set_now("2026-11-08T07:00:00Z");
    env
}

#[test]
fn with_no_data_stats_say_so_without_failing() {
    let env = TestEnv::new();
    let json = env.run(["stats", "--json"]).json();
    assert_eq!(json["change"][0]["verdict"], "no-data");
    assert_eq!(json["change"][0]["needs_sessions"], 3);
    assert_eq!(json["session_change"]["n"], 0);
    assert!(json["ranking"].is_null());
    assert_eq!(json["adherence"]["sessions"], 0);
    let text = env.run(["stats"]).ok().to_string();
    assert!(text.contains("no ratings around it yet"), "{text}");
    assert!(text.contains("not medical advice"), "{text}");
}

#[test]
fn change_per_exercise_has_mean_interval_n_and_verdict() {
    let env = rated_diary();
    let json = env.run(["stats", "--json"]).json();
    let relief = |id: &str| {
        json["change"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["exercise"] == id)
            .unwrap()
            .clone()
    };
    let curl = relief("back-curl");
    assert_eq!(curl["n"], 3);
    assert_eq!(curl["mean"], -2.0);
    // All three changes equal: no interval can be estimated, so no verdict.
    assert!(curl["interval"].is_null(), "{curl}");
    assert_eq!(curl["verdict"], "unclear");
    let lying = relief("lying-thigh-stretch");
    assert_eq!(lying["mean"], 1.0);
    assert_eq!(lying["needs_sessions"], 0);
    assert_eq!(relief("standing-thigh-stretch")["verdict"], "no-data");
    assert_eq!(
        json["ranking"],
        serde_json::json!(["back-curl", "lying-thigh-stretch"])
    );
    assert_eq!(json["adherence"]["sessions"], 6);
}

#[test]
fn the_planner_follows_the_users_own_ranking_once_it_exists() {
    let env = rated_diary();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(
        env.planned(),
        ["back-curl", "lying-thigh-stretch", "standing-thigh-stretch"]
    );
    assert!(
        plan["steps"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("ranked #1 by your own ratings")
    );
    let text = env.run(["stats"]).ok().to_string();
    assert!(
        text.contains(
            "Your own ranking now orders your plans: 1. Back curl, 2. Lying thigh stretch"
        ),
        "{text}"
    );
}

#[test]
fn a_morning_above_baseline_makes_the_next_plan_lighter_and_two_pause_the_program() {
    let mut env = TestEnv::new().at("2026-11-01T07:00:00Z").screened();
    // Baseline mornings before any session: pain 2.
    for day in 1..=3 {
        env.set_now(&format!("2026-11-{day:02}T07:00:00Z"));
        env.run(["log", "--morning", "--leg", "2"]).ok();
    }
    env.set_now("2026-11-03T18:00:00Z");
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-04T07:00:00Z");
    env.run(["log", "--morning", "--leg", "5"]).ok();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["steps"][0]["reps"]["value"], 2, "{plan}");
    assert!(
        plan["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("A lighter session"),
        "{plan}"
    );

    env.set_now("2026-11-04T18:00:00Z");
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-05T07:00:00Z");
    env.run(["log", "--morning", "--leg", "5"]).ok();
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("paused"), "{err}");
    assert!(err.contains("clinician"), "{err}");
    env.run(["screen", "--acknowledge"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn identical_changes_say_the_interval_cannot_be_estimated_yet() {
    let env = rated_diary();
    let text = env.run(["stats"]).ok().to_string();
    assert!(!text.contains("-2.0 to -2.0"), "{text}");
    assert!(
        text.contains(
            "-2.0 points (the same in each of 3 sessions: no interval can be estimated yet)"
        ),
        "{text}"
    );
    assert!(!text.contains("n="), "no jargon: {text}");
}

#[test]
fn stats_json_describes_observations_not_effects() {
    let env = rated_diary();
    let out = env.run(["stats", "--json"]).ok().to_string();
    for word in ["relief", "helps", "\"worse\""] {
        assert!(!out.contains(word), "{word} in {out}");
    }
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["change"].is_array() && json["session_change"].is_object());
}

/// Four default-program sessions (three exercises) rated only with
/// --pain-before / --pain-after: 5 → 3, 5 → 4, 5 → 2, 5 → 3. (Above 5/10
/// before the first stretch the routine would not start as usual.)
fn whole_session_diary() -> TestEnv {
    let mut env = TestEnv::new().at("2026-11-01T07:00:00Z").screened();
    for (day, after) in [(2, "3"), (3, "4"), (4, "2"), (5, "3")] {
        env.set_now(&format!("2026-11-{day:02}T18:00:00Z"));
        env.session(&["--pain-before", "5", "--pain-after", after])
            .ok();
    }
    env.set_now("2026-11-06T07:00:00Z");
    env
}

#[test]
fn whole_session_ratings_give_a_session_figure_with_interval_and_n() {
    let env = whole_session_diary();
    let json = env.run(["stats", "--json"]).json();
    let whole = &json["session_change"];
    // Changes −2, −1, −3, −2: mean −2, SD √(2/3) = 0.816, SE 0.408,
    // t(3) = 3.182 → −2 ± 1.299.
    assert_eq!(whole["n"], 4);
    assert_eq!(whole["mean"], -2.0);
    let low = whole["interval"]["low"].as_f64().unwrap();
    let high = whole["interval"]["high"].as_f64().unwrap();
    assert!(
        (low + 3.299).abs() < 1e-3 && (high + 0.701).abs() < 1e-3,
        "{whole}"
    );
    assert_eq!(whole["verdict"], "lower-after");
    // Never credited to one exercise of those multi-exercise sessions.
    for r in json["change"].as_array().unwrap() {
        assert_eq!(r["verdict"], "no-data", "{r}");
    }
    let text = env.run(["stats"]).ok().to_string();
    assert!(
        text.contains(
            "Across whole sessions (start to end): -2.0 points (95% interval -3.3 to -0.7, 4 sessions): rated lower at the end"
        ),
        "{text}"
    );
    // The per-exercise lines say what they need and how to get it.
    assert!(
        text.contains("3 more rated sessions needed before it can be ranked"),
        "{text}"
    );
    assert!(
        text.contains("give your pain just before it starts"),
        "{text}"
    );
}

#[test]
fn session_ratings_feed_pain_by_week_and_adherence_counts_sessions_not_streaks() {
    let env = whole_session_diary();
    let text = env.run(["stats"]).ok().to_string();
    assert!(!text.contains("no pain entries yet"), "{text}");
    // Week of Mon 2 Nov: 8 session ratings, mean (5·4 + 3 + 4 + 2 + 3) / 8 = 4.0.
    assert!(
        text.contains("week of Mon 2 Nov 2026   4.0  (8 session ratings)"),
        "{text}"
    );
    assert!(!text.contains("2026-W45"), "no jargon: {text}");
    assert!(!text.contains("streak"), "{text}");
    assert!(text.contains("Of 4 sessions: 4 finished"), "{text}");
}

#[test]
fn a_session_quit_early_is_not_counted_as_done_as_planned() {
    let env = TestEnv::new().screened();
    // Killed once the first of many holds has ended: a partial session.
    let (mut child, _out) = crate::test_start::start_slow(&env);
    child.kill().unwrap();
    child.wait().unwrap();
    let json = env.run(["stats", "--json"]).json();
    let a = &json["adherence"];
    assert_eq!(
        (a["completed"].as_u64(), a["ended_early"].as_u64()),
        (Some(0), Some(1)),
        "{a}"
    );
    assert_eq!(a["finished_share"], 0.0);
    let text = env.run(["stats"]).ok().to_string();
    assert!(!text.contains("100%"), "{text}");
    assert!(text.contains("0 finished, 1 ended early"), "{text}");
}

#[test]
fn exercises_that_are_off_are_not_listed_as_unrated() {
    let env = TestEnv::new().screened();
    let json = env.run(["stats", "--json"]).json();
    let ids: Vec<_> = json["change"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["exercise"].as_str().unwrap().to_string())
        .collect();
    assert!(!ids.contains(&"full-back-curl".to_string()), "{ids:?}");
    assert!(ids.contains(&"back-curl".to_string()), "{ids:?}");
    let text = env.run(["stats"]).ok().to_string();
    assert!(!text.contains("Full back curl"), "{text}");
    assert!(!text.contains("seed"), "{text}");
}

#[test]
fn without_earlier_mornings_the_rating_before_the_session_is_the_baseline() {
    let mut env = TestEnv::new().at("2026-11-03T18:00:00Z").screened();
    env.session(&["--minutes", "3", "--pain-before", "2"]).ok();
    env.set_now("2026-11-04T07:00:00Z");
    env.run(["log", "--morning", "--leg", "5"]).ok();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["steps"][0]["reps"]["value"], 2, "{plan}");
    let text = env.run(["stats"]).ok().to_string();
    assert!(
        text.contains("usually about 2.0 (your rating before the session on 2026-11-03)"),
        "{text}"
    );
}

#[test]
fn the_two_morning_pause_does_not_lift_by_itself() {
    let mut env = TestEnv::new().at("2026-11-03T18:00:00Z").screened();
    for (evening, morning) in [("03", "04"), ("04", "05")] {
        env.set_now(&format!("2026-11-{evening}T18:00:00Z"));
        env.session(&["--minutes", "3", "--pain-before", "2"]).ok();
        env.set_now(&format!("2026-11-{morning}T07:00:00Z"));
        env.run(["log", "--morning", "--leg", "6"]).ok();
    }
    // Ten days on, with no morning entry since: still paused.
    env.set_now("2026-11-15T07:00:00Z");
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("clinician"), "{err}");
    let plan = env.run(["plan"]).ok().to_string();
    assert!(plan.contains("paused"), "{plan}");
    env.run(["screen", "--acknowledge"]).ok();
    env.session(&["--minutes", "3"]).ok();
}
