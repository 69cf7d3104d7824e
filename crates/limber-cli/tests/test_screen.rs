use crate::common::TestEnv;

#[test]
fn list_shows_every_key_with_its_tier() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["screen", "--json"]), @"
    [stderr]
    error: the following required arguments were not provided:
      --list

    Usage: limber screen --list --json

    For more information, try '--help'.
    [exit 2]
    ");
    insta::assert_snapshot!(env.snap(["screen", "--list", "--json"]), @r#"
    [
      {
        "key": "saddle-numbness",
        "tier": "emergency",
        "text": "Do you have numbness, tingling or reduced feeling around your genitals, back passage, buttocks or inner thighs (the areas that would touch a saddle)?",
        "advice": "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
      },
      {
        "key": "bladder",
        "tier": "emergency",
        "text": "Do you have new trouble passing urine (hard to start, a weak stream, unable to go, or not feeling it), or new leaking of urine?",
        "advice": "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
      },
      {
        "key": "bowel",
        "tier": "emergency",
        "text": "Have you newly lost control of your bowels, or stopped feeling when you need to go?",
        "advice": "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
      },
      {
        "key": "both-legs",
        "tier": "emergency",
        "text": "Is there sciatica-type pain in both legs at once, or numbness or weakness in both legs?",
        "advice": "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
      },
      {
        "key": "sexual-dysfunction",
        "tier": "emergency",
        "text": "Have you had new sexual problems, such as loss of feeling in the genitals, since the back pain started?",
        "advice": "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
      },
      {
        "key": "leg-weakness",
        "tier": "same-day",
        "text": "Is there weakness in one leg or foot that is severe or getting worse (the foot slapping or catching, tripping, unable to walk on heels or toes)?",
        "advice": "This needs a medical review today: contact your GP, an urgent care service or your local out-of-hours line before you stretch."
      },
      {
        "key": "fever",
        "tier": "same-day",
        "text": "Do you have a fever, chills or night sweats, or feel generally unwell, along with the back pain?",
        "advice": "This needs a medical review today: contact your GP, an urgent care service or your local out-of-hours line before you stretch."
      },
      {
        "key": "trauma",
        "tier": "same-day",
        "text": "Did the pain start after a significant injury such as a fall or car accident, or after a minor fall or lift if you have weak bones or take long-term steroids?",
        "advice": "This needs a medical review today: contact your GP, an urgent care service or your local out-of-hours line before you stretch."
      },
      {
        "key": "cancer",
        "tier": "soon",
        "text": "Have you ever had cancer?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "weight-loss",
        "tier": "soon",
        "text": "Have you lost weight recently without trying?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "night-pain",
        "tier": "soon",
        "text": "Is the pain constant, not easing with any position or rest, or at its worst at night?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "immune",
        "tier": "soon",
        "text": "Is your immune system weakened (for example by chemotherapy, HIV or transplant medicines), or do you inject drugs?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "first-episode-age",
        "tier": "soon",
        "text": "Is this your first ever back pain, and are you under 20 or over 50?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "upper-back",
        "tier": "soon",
        "text": "Do you have pain in your upper or middle back, between the shoulder blades?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "not-improving",
        "tier": "soon",
        "text": "Has it not improved after about 4 to 6 weeks, or is it getting worse?",
        "advice": "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
      },
      {
        "key": "osteoporosis",
        "tier": "caution",
        "text": "Do you have osteoporosis (low bone density), or take long-term steroid tablets?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "pregnancy",
        "tier": "caution",
        "text": "Are you pregnant?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "hip-replacement",
        "tier": "caution",
        "text": "Have you had a hip replacement?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "eye-pressure",
        "tier": "caution",
        "text": "Do you have glaucoma or a detached retina, or have you had one?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "high-blood-pressure",
        "tier": "caution",
        "text": "Do you have high blood pressure that is not under control?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "neck-problem",
        "tier": "caution",
        "text": "Do you have a neck problem (an injury, arthritis or a disc problem in the neck)?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      },
      {
        "key": "bending-forward",
        "tier": "caution",
        "text": "Does bending forward send your symptoms further down your leg?",
        "advice": "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
      }
    ]
    "#);
    insta::assert_snapshot!(env.snap(["screen", "--list"]), @"
    KEY                  IF YES     QUESTION
    saddle-numbness      emergency  Do you have numbness, tingling or reduced feeling around your genitals, back passage, buttocks or inner thighs (the areas that would touch a saddle)?
    bladder              emergency  Do you have new trouble passing urine (hard to start, a weak stream, unable to go, or not feeling it), or new leaking of urine?
    bowel                emergency  Have you newly lost control of your bowels, or stopped feeling when you need to go?
    both-legs            emergency  Is there sciatica-type pain in both legs at once, or numbness or weakness in both legs?
    sexual-dysfunction   emergency  Have you had new sexual problems, such as loss of feeling in the genitals, since the back pain started?
    leg-weakness         same day   Is there weakness in one leg or foot that is severe or getting worse (the foot slapping or catching, tripping, unable to walk on heels or toes)?
    fever                same day   Do you have a fever, chills or night sweats, or feel generally unwell, along with the back pain?
    trauma               same day   Did the pain start after a significant injury such as a fall or car accident, or after a minor fall or lift if you have weak bones or take long-term steroids?
    cancer               see GP     Have you ever had cancer?
    weight-loss          see GP     Have you lost weight recently without trying?
    night-pain           see GP     Is the pain constant, not easing with any position or rest, or at its worst at night?
    immune               see GP     Is your immune system weakened (for example by chemotherapy, HIV or transplant medicines), or do you inject drugs?
    first-episode-age    see GP     Is this your first ever back pain, and are you under 20 or over 50?
    upper-back           see GP     Do you have pain in your upper or middle back, between the shoulder blades?
    not-improving        see GP     Has it not improved after about 4 to 6 weeks, or is it getting worse?
    osteoporosis         caution    Do you have osteoporosis (low bone density), or take long-term steroid tablets?
    pregnancy            caution    Are you pregnant?
    hip-replacement      caution    Have you had a hip replacement?
    eye-pressure         caution    Do you have glaucoma or a detached retina, or have you had one?
    high-blood-pressure  caution    Do you have high blood pressure that is not under control?
    neck-problem         caution    Do you have a neck problem (an injury, arthritis or a disc problem in the neck)?
    bending-forward      caution    Does bending forward send your symptoms further down your leg?
    ");
}

#[test]
fn none_apply_records_a_clear_screen_and_repeats_the_seed_caveats() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["screen", "--none-apply"]), @"
    Thank you. None of your answers calls for a pause in your program.

    Check with your health care professional before starting new exercises; other, more serious causes of this kind of pain exist.
    ");
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
    let before = env.stored();
    insta::assert_snapshot!(env.snap(["screen", "--answer", "fever"]), @r#"
    [stderr]
    limber: --answer "fever": expected KEY=yes or KEY=no
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["screen", "--answer", "toothache=yes"]), @r#"
    [stderr]
    limber: --answer "toothache=yes": unknown question key "toothache" (see `limber screen --list`)
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["screen", "--answer", "fever=maybe"]), @r#"
    [stderr]
    limber: --answer "fever=maybe": "maybe" is not yes or no
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["screen", "--answer", "fever=yes", "--answer", "fever=no"]), @"
    [stderr]
    limber: --answer: fever is answered both yes and no
    [exit 2]
    ");
    assert_eq!(env.stored(), before);
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
