use crate::common::TestEnv;

#[test]
fn lists_the_five_seed_exercises_with_their_doses_and_provenance() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["exercises"]), @"
    lying-thigh-stretch      Lying thigh stretch  (Supine piriformis (cross-over) stretch)
                             On your back, cross one bent leg over the other and let the outer hip and buttock stretch.
                             floor: hold a count of 20 (from the original post) × 3 (from the original post) each side, alternating right and left (from the original post); 5 s to release

    wall-thigh-stretch       Wall thigh stretch  (Standing, wall-supported piriformis stretch)
                             The lying thigh stretch done standing, one hand on a wall, for when lying down is not an option.
                             wall: hold a count of 20 (from the original post) × 3 (from the original post) each side, alternating right and left (from the original post); 5 s to release
                             stands in for lying-thigh-stretch where there is no floor (less effective)

    standing-thigh-stretch   Standing thigh stretch  (Standing cross-legged forward reach (outer thigh))
                             Feet together, cross one leg over the other and reach gently towards the floor to stretch the outer thigh.
                             standing: hold a count of 20 (limber default) × 3 (limber default) each side, alternating right and left (limber default); 5 s to release

    back-curl                Back curl  (Double knee-to-chest stretch)
                             On your back, head resting, hug both knees gently to your chest. Lifting the head slightly is optional, for later.
                             floor: hold a count of 20 (limber default) × 3 (limber default); 5 s to release

    full-back-curl           Full back curl  (Plough-like full back curl)
                             Lying on your back, curl your knees up towards your chest and, level by level, further over towards your head.
                             floor: hold a count of 10 (limber default) × 2 (limber default); 10 s to release
                             off by default: `limber exercises enable full-back-curl` after checking its cautions

    Check with your health care professional before starting any new exercises.
    ");
    assert!(
        !env.db().exists(),
        "listing exercises must not create a database"
    );
}

#[test]
fn json_lists_ids_and_sourced_doses() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["exercises", "--json"]), @r#"
    [
      {
        "id": "lying-thigh-stretch",
        "seed_name": "Lying thigh stretch",
        "standard_name": "Supine piriformis (cross-over) stretch",
        "position": "floor",
        "movement": "hip-rotation",
        "sided": true,
        "opt_in": false,
        "summary": "On your back, cross one bent leg over the other and let the outer hip and buttock stretch.",
        "steps": [
          "Lie on your back on the floor, legs straight, head resting.",
          "Bend your {side} knee and cross it over your other leg.",
          "Let the bent knee settle towards the floor on the other side until you feel a gentle stretch in the outer hip and buttock.",
          "Keep both shoulders on the floor and breathe normally."
        ],
        "cues": [
          "Move gently: ease into the stretch, no bouncing or yanking.",
          "Stretch only as far as is comfortable."
        ],
        "dose": {
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
          "rest": {
            "value": 5,
            "source": "default"
          }
        },
        "cautions": [
          {
            "condition": "hip-replacement",
            "action": "hide",
            "reason": "crossing the leg over the body is usually restricted after a hip replacement unless your surgeon has cleared it"
          },
          {
            "condition": "pregnancy",
            "action": "variant",
            "reason": "lying flat on your back is usually avoided after the first trimester"
          }
        ],
        "variant": {
          "name": "Seated figure-4 stretch",
          "standard_name": "Seated figure-4 piriformis stretch",
          "position": "seated",
          "movement": null,
          "steps": [
            "Sit tall near the front of a sturdy chair, both feet flat.",
            "Rest your {side} ankle on your other knee.",
            "Keeping your back long, lean forward a little until you feel a gentle stretch in the buttock."
          ]
        },
        "substitute_for": null,
        "progression": []
      },
      {
        "id": "wall-thigh-stretch",
        "seed_name": "Wall thigh stretch",
        "standard_name": "Standing, wall-supported piriformis stretch",
        "position": "wall",
        "movement": "hip-rotation",
        "sided": true,
        "opt_in": false,
        "summary": "The lying thigh stretch done standing, one hand on a wall, for when lying down is not an option.",
        "steps": [
          "Stand side-on to a wall with one hand on it for balance.",
          "Bend your {side} knee and cross that ankle over your other knee.",
          "Sit back slightly, as if into a chair, until you feel a gentle stretch in the buttock."
        ],
        "cues": [
          "Move gently: ease into the stretch, no bouncing or yanking.",
          "Keep a hand on the wall the whole time."
        ],
        "dose": {
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
          "rest": {
            "value": 5,
            "source": "default"
          }
        },
        "cautions": [
          {
            "condition": "hip-replacement",
            "action": "hide",
            "reason": "crossing the leg over the body is usually restricted after a hip replacement unless your surgeon has cleared it"
          },
          {
            "condition": "pregnancy",
            "action": "variant",
            "reason": "standing on one leg is a balance risk in pregnancy"
          }
        ],
        "variant": {
          "name": "Seated figure-4 stretch",
          "standard_name": "Seated figure-4 piriformis stretch",
          "position": "seated",
          "movement": null,
          "steps": [
            "Sit tall near the front of a sturdy chair, both feet flat.",
            "Rest your {side} ankle on your other knee.",
            "Keeping your back long, lean forward a little until you feel a gentle stretch in the buttock."
          ]
        },
        "substitute_for": {
          "exercise": "lying-thigh-stretch",
          "less_effective": true,
          "note": "the original post's author finds it less effective than the lying version"
        },
        "progression": []
      },
      {
        "id": "standing-thigh-stretch",
        "seed_name": "Standing thigh stretch",
        "standard_name": "Standing cross-legged forward reach (outer thigh)",
        "position": "standing",
        "movement": "flexion",
        "sided": true,
        "opt_in": false,
        "summary": "Feet together, cross one leg over the other and reach gently towards the floor to stretch the outer thigh.",
        "steps": [
          "Stand near a wall or a sturdy chair you can hold for balance, feet together, knees soft.",
          "Cross your {side} leg over the other.",
          "Bend forward slowly and reach towards the floor only as far as is comfortable.",
          "Come up slowly: you may feel light-headed after a run."
        ],
        "cues": [
          "Move gently: no bouncing or yanking.",
          "Reach, don't force: your fingertips need not touch the floor."
        ],
        "dose": {
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
          "rest": {
            "value": 5,
            "source": "default"
          }
        },
        "cautions": [
          {
            "condition": "hip-replacement",
            "action": "hide",
            "reason": "crossing the legs is usually restricted after a hip replacement unless your surgeon has cleared it"
          },
          {
            "condition": "osteoporosis",
            "action": "variant",
            "reason": "bending forward from the waist is usually advised against with low bone density or long-term steroids"
          },
          {
            "condition": "eye-pressure",
            "action": "variant",
            "reason": "head-down positions raise pressure in the eye"
          },
          {
            "condition": "high-blood-pressure",
            "action": "variant",
            "reason": "head-down positions are best avoided with high blood pressure"
          },
          {
            "condition": "bending-forward",
            "action": "variant",
            "reason": "bending forward sends your symptoms further down the leg; this version leans sideways instead"
          },
          {
            "condition": "neck-problem",
            "action": "variant",
            "reason": "hanging the head down loads the neck"
          },
          {
            "condition": "pregnancy",
            "action": "variant",
            "reason": "bending forward with crossed legs is a balance risk in pregnancy"
          }
        ],
        "variant": {
          "name": "Standing side-bend stretch",
          "standard_name": "Standing ITB side-bend stretch",
          "position": "wall",
          "movement": "side-bend",
          "steps": [
            "Stand side-on to a wall with your {side} side nearest it, that hand on the wall.",
            "Cross your other leg in front, so your {side} leg is behind.",
            "Lean your hips gently towards the wall, keeping your head up: no forward bend."
          ]
        },
        "substitute_for": null,
        "progression": []
      },
      {
        "id": "back-curl",
        "seed_name": "Back curl",
        "standard_name": "Double knee-to-chest stretch",
        "position": "floor",
        "movement": "flexion",
        "sided": false,
        "opt_in": false,
        "summary": "On your back, head resting, hug both knees gently to your chest. Lifting the head slightly is optional, for later.",
        "steps": [
          "Lie on your back on the floor, head resting (on a cushion if you like).",
          "Bring both knees up and hug them gently towards your chest.",
          "Keep your head resting and your chin gently tucked. Later, once this is easy, you may lift your head slightly; that is optional."
        ],
        "cues": [
          "Move gently: no bouncing or rocking hard.",
          "Head resting is the default: lift it only if your neck is happy."
        ],
        "dose": {
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
          "rest": {
            "value": 5,
            "source": "default"
          }
        },
        "cautions": [
          {
            "condition": "osteoporosis",
            "action": "hide",
            "reason": "curling the spine forward is usually advised against with low bone density or long-term steroids"
          },
          {
            "condition": "pregnancy",
            "action": "hide",
            "reason": "lying flat on your back and pressing on the belly are usually avoided in pregnancy"
          },
          {
            "condition": "hip-replacement",
            "action": "hide",
            "reason": "hugging the knees to the chest bends the hip well past 90 degrees, which is usually restricted after a hip replacement unless your surgeon has cleared it"
          },
          {
            "condition": "bending-forward",
            "action": "hide",
            "reason": "bending forward sends your symptoms further down the leg, so the forward bends are left out"
          },
          {
            "condition": "neck-problem",
            "action": "variant",
            "reason": "hugging both knees and lifting the head load the neck"
          }
        ],
        "variant": {
          "name": "Single knee hug, head resting",
          "standard_name": "Single knee-to-chest stretch",
          "position": "floor",
          "movement": null,
          "steps": [
            "Lie on your back with your head on a cushion, both knees bent and feet flat.",
            "Bring one knee up and hold it gently towards your chest; the other foot stays on the floor.",
            "Keep your head resting. Use the other knee on the next rep."
          ]
        },
        "substitute_for": null,
        "progression": []
      },
      {
        "id": "full-back-curl",
        "seed_name": "Full back curl",
        "standard_name": "Plough-like full back curl",
        "position": "floor",
        "movement": "flexion",
        "sided": false,
        "opt_in": true,
        "summary": "Lying on your back, curl your knees up towards your chest and, level by level, further over towards your head.",
        "steps": [
          "Lie on your back, arms by your sides, palms down.",
          "Bend your knees and bring them up slowly.",
          "{level}",
          "Hold still and breathe; come back down slowly, one vertebra at a time."
        ],
        "cues": [
          "Never force it: stop well before any strain in the neck.",
          "Move gently: no rocking or bouncing."
        ],
        "dose": {
          "hold": {
            "value": 10,
            "source": "default"
          },
          "reps": {
            "value": 2,
            "source": "default"
          },
          "alternate": {
            "value": false,
            "source": "default"
          },
          "rest": {
            "value": 10,
            "source": "default"
          }
        },
        "cautions": [
          {
            "condition": "osteoporosis",
            "action": "hide",
            "reason": "deep spinal flexion is usually advised against with low bone density or long-term steroids"
          },
          {
            "condition": "pregnancy",
            "action": "hide",
            "reason": "inverted positions are avoided in pregnancy"
          },
          {
            "condition": "hip-replacement",
            "action": "hide",
            "reason": "bringing the legs over the body bends the hip far past 90 degrees, which is usually restricted after a hip replacement unless your surgeon has cleared it"
          },
          {
            "condition": "eye-pressure",
            "action": "hide",
            "reason": "this head-down position raises pressure in the eye"
          },
          {
            "condition": "high-blood-pressure",
            "action": "hide",
            "reason": "inverted positions are best avoided with high blood pressure"
          },
          {
            "condition": "bending-forward",
            "action": "hide",
            "reason": "bending forward sends your symptoms further down the leg, so the forward bends are left out"
          },
          {
            "condition": "neck-problem",
            "action": "hide",
            "reason": "this position puts your body weight through the neck"
          }
        ],
        "variant": null,
        "substitute_for": null,
        "progression": [
          {
            "level": 1,
            "name": "Knees over hips",
            "instruction": "Roll your knees up over your hips; your bottom stays on the floor."
          },
          {
            "level": 2,
            "name": "Knees over chest",
            "instruction": "Roll a little further so your knees come over your chest, hips just lifting."
          },
          {
            "level": 3,
            "name": "Toes towards the floor",
            "instruction": "Let your legs go back over your head towards the floor behind, only as far as is easy. Keep your head still, looking straight up: never turn it while your legs are overhead."
          }
        ]
      }
    ]
    "#);
    let json = env.run(["exercises", "--json"]).json();
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
