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
    insta::assert_snapshot!(env.snap(["plan", "--after-run"]), @"
    Runner's cool-down: about 6 min 15 s (floor, after a run)

    1. Lying thigh stretch  (Supine piriformis (cross-over) stretch)
       hold a count of 20 (from the original post) × 3 (from the original post) each side, right and left alternating; 5 s to release and switch (limber default)
       about 2 min 30 s
       why: step 1 of Runner's cool-down; the favourite of the original post's author

    2. Standing thigh stretch  (Standing cross-legged forward reach (outer thigh))
       hold a count of 20 (limber default) × 3 (limber default) each side, right and left alternating; 5 s to release and switch (limber default)
       about 2 min 30 s
       why: step 2 of Runner's cool-down

    3. Back curl  (Double knee-to-chest stretch)
       hold a count of 20 (limber default) × 3 (limber default); 5 s to release and switch (limber default)
       about 1 min 15 s
       why: step 3 of Runner's cool-down

    Left out:
      - Full back curl: off until you choose it: `limber exercises enable full-back-curl`

    Move gently and stop if pain spreads down your leg. `limber help safety` lists when to get urgent help.
    ");
}

#[test]
fn json_has_steps_estimates_and_dropped() {
    let env = TestEnv::new().screened();
    insta::assert_snapshot!(env.snap(["plan", "--json"]), @r#"
    {
      "program": "Runner's cool-down",
      "context": {
        "after_run": false,
        "where": "floor"
      },
      "pace": 1.0,
      "steps": [
        {
          "exercise": "lying-thigh-stretch",
          "name": "Lying thigh stretch",
          "standard_name": "Supine piriformis (cross-over) stretch",
          "variant": null,
          "position": "floor",
          "movement": "hip-rotation",
          "instructions": [
            "Lie on your back on the floor, legs straight, head resting.",
            "Bend your {side} knee and cross it over your other leg.",
            "Let the bent knee settle towards the floor on the other side until you feel a gentle stretch in the outer hip and buttock.",
            "Keep both shoulders on the floor and breathe normally."
          ],
          "cues": [
            "Move gently: ease into the stretch, no bouncing or yanking.",
            "Stretch only as far as is comfortable."
          ],
          "hold": {
            "value": 20,
            "source": "seed"
          },
          "reps": {
            "value": 3,
            "source": "seed"
          },
          "alternate": {
            "value": true,
            "source": "seed"
          },
          "sided": true,
          "rest": {
            "value": 5,
            "source": "default"
          },
          "level": null,
          "reason": "step 1 of Runner's cool-down; the favourite of the original post's author"
        },
        {
          "exercise": "standing-thigh-stretch",
          "name": "Standing thigh stretch",
          "standard_name": "Standing cross-legged forward reach (outer thigh)",
          "variant": null,
          "position": "standing",
          "movement": "flexion",
          "instructions": [
            "Stand near a wall or a sturdy chair you can hold for balance, feet together, knees soft.",
            "Cross your {side} leg over the other.",
            "Bend forward slowly and reach towards the floor only as far as is comfortable.",
            "Come up slowly: you may feel light-headed after a run."
          ],
          "cues": [
            "Move gently: no bouncing or yanking.",
            "Reach, don't force: your fingertips need not touch the floor."
          ],
          "hold": {
            "value": 20,
            "source": "default"
          },
          "reps": {
            "value": 3,
            "source": "default"
          },
          "alternate": {
            "value": true,
            "source": "default"
          },
          "sided": true,
          "rest": {
            "value": 5,
            "source": "default"
          },
          "level": null,
          "reason": "step 2 of Runner's cool-down"
        },
        {
          "exercise": "back-curl",
          "name": "Back curl",
          "standard_name": "Double knee-to-chest stretch",
          "variant": null,
          "position": "floor",
          "movement": "flexion",
          "instructions": [
            "Lie on your back on the floor, head resting (on a cushion if you like).",
            "Bring both knees up and hug them gently towards your chest.",
            "Keep your head resting and your chin gently tucked. Later, once this is easy, you may lift your head slightly; that is optional."
          ],
          "cues": [
            "Move gently: no bouncing or rocking hard.",
            "Head resting is the default: lift it only if your neck is happy."
          ],
          "hold": {
            "value": 20,
            "source": "default"
          },
          "reps": {
            "value": 3,
            "source": "default"
          },
          "alternate": {
            "value": false,
            "source": "default"
          },
          "sided": false,
          "rest": {
            "value": 5,
            "source": "default"
          },
          "level": null,
          "reason": "step 3 of Runner's cool-down"
        }
      ],
      "dropped": [
        {
          "exercise": "full-back-curl",
          "name": "Full back curl",
          "reason": "off until you choose it",
          "can_enable": true
        }
      ],
      "notes": [],
      "estimated_seconds": 375,
      "step_seconds": [
        150,
        150,
        75
      ],
      "blocked": null,
      "cooldown_for_run": null
    }
    "#);
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
