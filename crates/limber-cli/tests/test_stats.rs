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
    assert_eq!(json["relief"][0]["verdict"], "no-data");
    assert!(json["ranking"].is_null());
    assert_eq!(json["adherence"]["sessions"], 0);
    let text = env.run(["stats"]).ok().to_string();
    assert!(text.contains("no ratings yet"), "{text}");
    assert!(text.contains("not medical advice"), "{text}");
}

#[test]
fn relief_per_exercise_has_mean_interval_n_and_verdict() {
    let env = rated_diary();
    let json = env.run(["stats", "--json"]).json();
    let relief = |id: &str| {
        json["relief"]
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
    // All three changes equal: a zero-width interval, wholly below zero.
    assert_eq!(
        curl["interval"],
        serde_json::json!({"low": -2.0, "high": -2.0})
    );
    assert_eq!(curl["verdict"], "helps");
    let lying = relief("lying-thigh-stretch");
    assert_eq!(lying["mean"], 1.0);
    assert_eq!(lying["verdict"], "worse");
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
