use crate::common::TestEnv;

#[test]
fn a_pain_entry_is_stored_and_listed() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    let logged = env.snap([
        "log",
        "--back",
        "3",
        "--leg",
        "6",
        "--reach",
        "below-knee",
        "--side",
        "right",
        "--quality",
        "electric",
        "--quality",
        "ache",
        "--note",
        "after 5k",
    ]);
    insta::assert_snapshot!(logged, @"Saved.");
    insta::assert_snapshot!(env.snap(["history", "--json"]), @r#"
    [
      {
        "kind": "pain",
        "id": "[id]",
        "at": "2026-11-26T09:00:00Z",
        "back": 3,
        "leg": 6,
        "reach": "below-knee",
        "side": "right",
        "qualities": [
          "electric",
          "ache"
        ],
        "weakness": false,
        "stiffness": null,
        "morning": false,
        "note": "after 5k"
      }
    ]
    "#);
    insta::assert_snapshot!(env.snap(["history"]), @"2026-11-26 09:00  diary: back 3/10, leg 6/10, reaches below-knee, right, electric/ache, “after 5k”");
}

#[test]
fn at_accepts_a_local_time_and_rejects_the_future() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    env.run(["log", "--leg", "2", "--at", "2026-11-25 21:15"])
        .ok();
    assert_eq!(
        env.run(["history", "--json"]).json()[0]["at"],
        "2026-11-25T21:15:00Z"
    );
    let err = env
        .run(["log", "--leg", "2", "--at", "2026-11-27 08:00"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("in the future"), "{err}");
}

#[test]
fn bad_diary_input_exits_2_naming_the_problem_and_stores_nothing() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    env.run(["log", "--leg", "4"]).ok();
    let before = env.stored();
    let mut out = String::new();
    for args in [
        &["--back", "11"][..],
        &["--leg", "-1"],
        &["--leg", "abc"],
        &["--note", "no scores"],
        &["--leg", "3", "--reach", "knee"],
        &["--leg", "3", "--side", "middle"],
        &["--leg", "3", "--quality", "itchy"],
        &["--leg", "3", "--at", "2027-01-01 08:00"],
        &["--leg", "3", "--at", "yesterday"],
        &["--leg", "3", "--at", "2019-01-01 08:00"],
    ] {
        out.push_str(&format!("$ limber log {}\n", args.join(" ")));
        out.push_str(&env.snap(std::iter::once("log").chain(args.iter().copied())));
    }
    insta::assert_snapshot!(out, @r#"
    $ limber log --back 11
    [stderr]
    error: invalid value '11' for '--back <N>': must be from 0 to 10, got 11

    For more information, try '--help'.
    [exit 2]
    $ limber log --leg -1
    [stderr]
    error: invalid value '-1' for '--leg <N>': must be from 0 to 10, got -1

    For more information, try '--help'.
    [exit 2]
    $ limber log --leg abc
    [stderr]
    error: invalid value 'abc' for '--leg <N>': must be a whole number from 0 to 10, got "abc"

    For more information, try '--help'.
    [exit 2]
    $ limber log --note no scores
    [stderr]
    limber: give at least one of --back N or --leg N (pain 0–10)
    [exit 2]
    $ limber log --leg 3 --reach knee
    [stderr]
    error: invalid value 'knee' for '--reach <REACH>'
      [possible values: back, buttock, thigh, below-knee, foot]

    For more information, try '--help'.
    [exit 2]
    $ limber log --leg 3 --side middle
    [stderr]
    error: invalid value 'middle' for '--side <SIDE>'
      [possible values: left, right, both]

    For more information, try '--help'.
    [exit 2]
    $ limber log --leg 3 --quality itchy
    [stderr]
    error: invalid value 'itchy' for '--quality <QUALITY>'
      [possible values: electric, burning, numbness, tingling, ache]

    For more information, try '--help'.
    [exit 2]
    $ limber log --leg 3 --at 2027-01-01 08:00
    [stderr]
    limber: --at "2027-01-01 08:00": that is in the future
    [exit 2]
    $ limber log --leg 3 --at yesterday
    [stderr]
    limber: --at "yesterday": expected a time like "2026-11-26 07:30" (your time zone) or "2026-11-26T07:30:00Z"
    [exit 2]
    $ limber log --leg 3 --at 2019-01-01 08:00
    [stderr]
    limber: --at "2019-01-01 08:00": that is more than 5 years ago
    [exit 2]
    "#);
    assert_eq!(env.stored(), before);
}

#[test]
fn new_numbness_weakness_or_both_legs_reopen_the_safety_screen() {
    let env = TestEnv::new().screened();
    env.run(["log", "--leg", "3"]).ok();
    env.session(&["--minutes", "3"]).ok();
    let out = env
        .run(["log", "--leg", "4", "--quality", "numbness"])
        .ok()
        .to_string();
    assert!(out.contains("new numbness"), "{out}");
    assert!(out.contains("limber screen"), "{out}");
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("new symptoms"), "{err}");
    assert!(
        !err.contains("--none-apply"),
        "a one-keystroke dismissal right after new symptoms: {err}"
    );
    // One answer is not a re-screen.
    env.run(["screen", "--answer", "cancer=no"]).fails_with(2);
    env.session(&["--minutes", "3"]).fails_with(3);
    env.run(["screen", "--none-apply"]).ok();
    env.session(&["--minutes", "3"]).ok();

    let out = env
        .run(["log", "--leg", "4", "--side", "both"])
        .ok()
        .to_string();
    assert!(
        out.contains("symptoms in both legs") && out.contains("A&E"),
        "{out}"
    );
    env.session(&["--minutes", "3"]).fails_with(3);
}

#[test]
fn a_back_dated_entry_from_before_the_last_screen_does_not_reopen_it() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z").screened();
    let out = env
        .run([
            "log",
            "--leg",
            "3",
            "--quality",
            "numbness",
            "--at",
            "2026-11-20 10:00",
        ])
        .ok()
        .to_string();
    assert!(!out.contains("safety questions again"), "{out}");
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn symptoms_reaching_further_down_reopen_the_screen_and_pause_the_program() {
    let mut env = TestEnv::new().at("2026-11-20T08:00:00Z").screened();
    env.run(["log", "--leg", "3", "--reach", "thigh"]).ok();
    env.set_now("2026-11-20T19:00:00Z");
    let out = env
        .run([
            "log",
            "--leg",
            "7",
            "--reach",
            "foot",
            "--quality",
            "electric",
        ])
        .ok()
        .to_string();
    assert!(
        out.contains("symptoms reaching further down the leg")
            && out.contains("answer the safety questions again")
            && out.contains("Your program is paused"),
        "{out}"
    );
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("new symptoms"), "{err}");
    env.run(["screen", "--none-apply"]).ok();
    // Screened again, the worsening still pauses the program until acknowledged.
    let plan = env.run(["plan"]).ok().to_string();
    assert!(
        plan.contains("paused") && plan.contains("reaching the foot") && plan.contains("clinician"),
        "{plan}"
    );
    let err = env.session(&["--minutes", "3"]).fails_with(3).to_string();
    assert!(err.contains("reaching the foot"), "{err}");
    env.run(["screen", "--acknowledge"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn acknowledging_a_worsening_diary_never_says_the_program_continues_while_a_rescreen_blocks_it() {
    let mut env = TestEnv::new().at("2026-11-20T08:00:00Z").screened();
    env.run(["log", "--leg", "3", "--reach", "thigh"]).ok();
    env.set_now("2026-11-20T19:00:00Z");
    env.run(["log", "--leg", "7", "--reach", "foot"]).ok();
    let out = env.run(["screen", "--acknowledge"]).ok().to_string();
    assert!(!out.contains("continues"), "{out}");
    assert!(
        out.contains("answer the safety questions again: `limber screen`"),
        "{out}"
    );
    // It was true: the next session is still blocked until screened again,
    // and once screened the acknowledged pause stays lifted.
    env.session(&["--minutes", "3"]).fails_with(3);
    env.run(["screen", "--none-apply"]).ok();
    env.session(&["--minutes", "3"]).ok();
}

#[test]
fn a_week_of_clearly_more_pain_pauses_the_program() {
    let mut env = TestEnv::new().at("2026-11-02T08:00:00Z").screened();
    for (day, leg) in [("02", "3"), ("03", "3"), ("09", "6")] {
        env.set_now(&format!("2026-11-{day}T08:00:00Z"));
        env.run(["log", "--leg", leg]).ok();
    }
    let plan = env.run(["plan"]).ok().to_string();
    assert!(
        plan.contains("paused") && plan.contains("week of 2026-11-09"),
        "{plan}"
    );
    env.session(&["--minutes", "3"]).fails_with(3);
    env.run(["screen", "--acknowledge"]).ok();
    env.session(&["--minutes", "3"]).ok();
}
