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
    // One line of JSON, shown indented here.
    insta::assert_snapshot!(crate::common::indent_json(&env.snap(["stats", "--json"])), @r#"
    {
      "change": [
        {
          "exercise": "lying-thigh-stretch",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        },
        {
          "exercise": "wall-thigh-stretch",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        },
        {
          "exercise": "standing-thigh-stretch",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        },
        {
          "exercise": "back-curl",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        }
      ],
      "session_change": {
        "n": 0,
        "mean": null,
        "sd": null,
        "interval": null,
        "verdict": "no-data",
        "more_sessions": null,
        "message": "no sessions rated at both ends yet: rate your pain before the first stretch and again at the end"
      },
      "ranking": null,
      "trend": {
        "weeks": [],
        "change": null,
        "message": "no pain ratings yet: diary entries count, and so do the ratings you give at the start and end of a session"
      },
      "adherence": {
        "sessions": 0,
        "weeks": 0.0,
        "sessions_per_week": null,
        "last_weeks": [
          0,
          0,
          0,
          0
        ],
        "completed": 0,
        "ended_early": 0,
        "stopped": 0,
        "finished_share": null,
        "holds_done": 0
      },
      "centralization": {
        "status": "not-enough-data",
        "recent": null,
        "earlier": null,
        "recent_entries": 0,
        "earlier_entries": 0,
        "message": "not enough entries with how far symptoms reach: needs 2 in the last 14 days and 2 in the 28 days before"
      },
      "aggravating": [],
      "morning": {
        "advice": "normal"
      },
      "running": {
        "weeks": [],
        "cooldown": {
          "runs": 0,
          "with_cooldown": 0,
          "share": null,
          "interval": null,
          "message": "no runs yet"
        },
        "pain_vs_distance": {
          "n": 0,
          "r": null,
          "interval": null,
          "message": "0 run days with a pain entry the next day: at least 3 with different distances and scores are needed"
        },
        "pain_vs_cooldown": {
          "with": {
            "n": 0,
            "mean": null,
            "sd": null,
            "interval": null
          },
          "without": {
            "n": 0,
            "mean": null,
            "sd": null,
            "interval": null
          },
          "difference": null,
          "interval": null,
          "message": "next-day pain so far after 0 run days with the cool-down and 0 run days without; at least 2 of each are needed"
        },
        "other_activities": 0
      }
    }
    "#);
    insta::assert_snapshot!(env.snap(["stats"]), @"
    How your pain rating changed across each exercise (after minus before; below zero means lower afterwards):
      Lying thigh stretch      no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      Wall thigh stretch       no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      Standing thigh stretch   no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      Back curl                no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      To rate an exercise, give your pain just before it starts and again during its last hold or right after it (type a number, or press 0-9 during the stretch).
    Across whole sessions (start to end): no session rated at both ends yet; rate your pain before the first stretch and again at the end.
    Plans keep the program's order until two exercises each have 3 rated sessions.

    Pain by week (diary entries: the worse of back and leg; and the ratings at the start and end of sessions):
      no pain ratings yet: `limber log` adds a diary entry, and the ratings you give at the start and end of a session count too

    Sessions: none yet.
    Where symptoms reach: not enough entries with how far symptoms reach (`limber log --reach`): needs 2 in the last 14 days and 2 in the 28 days before

    These figures describe your own diary; they are not medical advice. Share them with your physio or doctor.
    ");
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
    insta::assert_snapshot!(crate::common::indent_json(&out), @r#"
    {
      "change": [
        {
          "exercise": "lying-thigh-stretch",
          "needs_sessions": 0,
          "n": 3,
          "mean": 1.0,
          "sd": 0.0,
          "interval": null,
          "verdict": "unclear",
          "more_sessions": null,
          "message": "the same change every time so far (+1.0 point in each of 3 sessions): the interval cannot be estimated until the ratings vary, so this is not yet a firm figure"
        },
        {
          "exercise": "wall-thigh-stretch",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        },
        {
          "exercise": "standing-thigh-stretch",
          "needs_sessions": 3,
          "n": 0,
          "mean": null,
          "sd": null,
          "interval": null,
          "verdict": "no-data",
          "more_sessions": null,
          "message": "not rated around it yet: rate your pain just before it starts and again during or right after its last hold; 3 sessions rated like that give a first figure"
        },
        {
          "exercise": "back-curl",
          "needs_sessions": 0,
          "n": 3,
          "mean": -2.0,
          "sd": 0.0,
          "interval": null,
          "verdict": "unclear",
          "more_sessions": null,
          "message": "the same change every time so far (-2.0 points in each of 3 sessions): the interval cannot be estimated until the ratings vary, so this is not yet a firm figure"
        }
      ],
      "session_change": {
        "n": 6,
        "mean": -0.5,
        "sd": 1.6431676725154984,
        "interval": {
          "low": -2.2243987178626976,
          "high": 1.2243987178626976
        },
        "verdict": "unclear",
        "more_sessions": 38,
        "message": "unclear so far (-0.5 points on average, 95% interval -2.2 to +1.2, 6 sessions): about 38 more rated sessions would likely settle it"
      },
      "ranking": [
        "back-curl",
        "lying-thigh-stretch"
      ],
      "trend": {
        "weeks": [
          {
            "week": "2026-W45",
            "start": "2026-11-02",
            "entries": 0,
            "session_ratings": 12,
            "back": null,
            "leg": null,
            "pain": 4.75
          }
        ],
        "change": null,
        "message": "1 week of ratings so far: the change since the start is shown from 4 weeks"
      },
      "adherence": {
        "sessions": 6,
        "weeks": 1.0,
        "sessions_per_week": 6.0,
        "last_weeks": [
          0,
          0,
          0,
          6
        ],
        "completed": 6,
        "ended_early": 0,
        "stopped": 0,
        "finished_share": 1.0,
        "holds_done": 9
      },
      "centralization": {
        "status": "not-enough-data",
        "recent": null,
        "earlier": null,
        "recent_entries": 0,
        "earlier_entries": 0,
        "message": "not enough entries with how far symptoms reach: needs 2 in the last 14 days and 2 in the 28 days before"
      },
      "aggravating": [],
      "morning": {
        "advice": "normal"
      },
      "running": {
        "weeks": [],
        "cooldown": {
          "runs": 0,
          "with_cooldown": 0,
          "share": null,
          "interval": null,
          "message": "no runs yet"
        },
        "pain_vs_distance": {
          "n": 0,
          "r": null,
          "interval": null,
          "message": "0 run days with a pain entry the next day: at least 3 with different distances and scores are needed"
        },
        "pain_vs_cooldown": {
          "with": {
            "n": 0,
            "mean": null,
            "sd": null,
            "interval": null
          },
          "without": {
            "n": 0,
            "mean": null,
            "sd": null,
            "interval": null
          },
          "difference": null,
          "interval": null,
          "message": "next-day pain so far after 0 run days with the cool-down and 0 run days without; at least 2 of each are needed"
        },
        "other_activities": 0
      }
    }
    "#);
    insta::assert_snapshot!(env.snap(["stats"]), @"
    How your pain rating changed across each exercise (after minus before; below zero means lower afterwards):
      Lying thigh stretch      +1.0 point (the same in each of 3 sessions: no interval can be estimated yet): unclear so far
      Wall thigh stretch       no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      Standing thigh stretch   no ratings around it yet
                               3 more rated sessions needed before it can be ranked
      Back curl                -2.0 points (the same in each of 3 sessions: no interval can be estimated yet): unclear so far
      To rate an exercise, give your pain just before it starts and again during its last hold or right after it (type a number, or press 0-9 during the stretch).
    Across whole sessions (start to end): -0.5 points (95% interval -2.2 to +1.2, 6 sessions): unclear so far
    Your own ranking now orders your plans: 1. Back curl, 2. Lying thigh stretch

    Pain by week (diary entries: the worse of back and leg; and the ratings at the start and end of sessions):
      week of Mon 2 Nov 2026   4.8  (12 session ratings)
      1 week of ratings so far: the change since the start is shown from 4 weeks

    Sessions: 6.0 a week on average; in each of the last 4 weeks (oldest first): 0, 0, 0, 6.
      Of 6 sessions: 6 finished (9 holds done in all).
    Where symptoms reach: not enough entries with how far symptoms reach (`limber log --reach`): needs 2 in the last 14 days and 2 in the 28 days before

    These figures describe your own diary; they are not medical advice. Share them with your physio or doctor.
    ");
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
