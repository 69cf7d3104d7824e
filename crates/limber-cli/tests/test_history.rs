use crate::common::TestEnv;

#[test]
fn history_is_empty_at_first_and_says_how_to_begin() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["history"]), @"Nothing yet. `limber start` runs a guided cool-down; `limber log --leg N` records how you feel.");
    insta::assert_snapshot!(env.snap(["history", "--json"]), @"[]");
}

#[test]
fn since_filters_by_date_in_the_users_zone() {
    let mut env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-25T07:00:00Z");
    env.session(&["--minutes", "3", "--where", "wall"]).ok();
    let all = env.run(["history", "--json"]).json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    // A session runs in real time (at --speed 1000): when each hold and the
    // session ended depends on the machine, so those times are masked.
    insta::with_settings!({filters => vec![(r#""(at|ended_at)": "[^"]+""#, r#""$1": "[real time]""#)]}, {
        insta::assert_snapshot!(env.snap(["history", "--json", "--since", "2026-11-22"]), @r#"
        [
          {
            "kind": "session",
            "id": "[id]",
            "started_at": "2026-11-25T07:00:00Z",
            "ended_at": "[real time]",
            "status": "completed",
            "context": {
              "after_run": false,
              "where": "wall"
            },
            "program": "Runner's cool-down",
            "pain_before": null,
            "pain_after": null,
            "steps": [
              {
                "exercise": "wall-thigh-stretch",
                "side": "right",
                "rep": 1,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              },
              {
                "exercise": "wall-thigh-stretch",
                "side": "left",
                "rep": 1,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              },
              {
                "exercise": "wall-thigh-stretch",
                "side": "right",
                "rep": 2,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              },
              {
                "exercise": "wall-thigh-stretch",
                "side": "left",
                "rep": 2,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              },
              {
                "exercise": "wall-thigh-stretch",
                "side": "right",
                "rep": 3,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              },
              {
                "exercise": "wall-thigh-stretch",
                "side": "left",
                "rep": 3,
                "outcome": "done",
                "reason": null,
                "at": "[real time]"
              }
            ],
            "ratings": []
          }
        ]
        "#);
    });
    insta::assert_snapshot!(env.snap(["history"]), @"
    2026-11-20 07:00  session completed: Runner's cool-down (floor), 6 hold(s) done
    2026-11-25 07:00  session completed: Runner's cool-down (wall), 6 hold(s) done
    ");
}

#[test]
fn a_bad_since_date_is_bad_input() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["history", "--since", "last tuesday"]), @r#"
    [stderr]
    limber: --since "last tuesday": expected a date like 2026-11-01
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["history", "--since", "2026-02-30"]), @r#"
    [stderr]
    limber: --since "2026-02-30": expected a date like 2026-11-01
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["history", "--since", "2026-11-26 01:00"]), @r#"
    [stderr]
    limber: --since "2026-11-26 01:00": expected a date like 2026-11-01
    [exit 2]
    "#);
}

/// `limber ARGS` with the data dir `dir` (and the test clock), outside any TestEnv.
fn limber_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("limber"))
        .env_remove("LIMBER_HOME")
        .env("TZ", "UTC")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn reading_a_missing_data_dir_says_it_does_not_exist_and_creates_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("nonexistent/deep/dir");
    for args in [
        &["history"][..],
        &["stats", "--json"],
        &["plan"],
        &["trial", "report"],
    ] {
        let out = limber_in(&dir, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("does not exist"), "{args:?}: {err}");
        assert!(!err.contains("Nothing yet"), "{err}");
        assert!(
            !root.path().join("nonexistent").exists(),
            "{args:?} created a directory"
        );
    }
    // A writing command creates it.
    let out = limber_in(&dir, &["log", "--leg", "3"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(dir.join("limber.db").is_file());
}

#[test]
fn reading_commands_never_create_a_database() {
    let env = TestEnv::new();
    for args in [
        &["history"][..],
        &["stats"],
        &["stats", "--json"],
        &["plan"],
        &["exercises"],
    ] {
        env.run(args).ok();
        assert!(
            !env.db().exists(),
            "{args:?} created {}",
            env.db().display()
        );
    }
}

#[test]
fn a_since_date_with_nothing_after_it_says_so() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    env.run(["log", "--leg", "3"]).ok();
    let text = env
        .run(["history", "--since", "2099-01-01"])
        .ok()
        .to_string();
    assert!(
        text.contains("Nothing recorded on or after 2099-01-01"),
        "{text}"
    );
    assert!(!text.contains("Nothing yet"), "{text}");
}

#[test]
fn notes_with_control_characters_are_escaped_in_the_terminal_and_kept_in_json() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z");
    let note = "line one\nFAKE: session #9 completed\r\x1b[31mred\x1b[0m";
    env.run(["log", "--leg", "3", "--note", note]).ok();
    let text = env.run(["history"]).ok().to_string();
    assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
    assert_eq!(text.lines().count(), 1, "one entry, one line: {text:?}");
    assert!(
        text.contains(r"line one\nFAKE: session #9 completed\r\u{1b}[31mred\u{1b}[0m"),
        "{text}"
    );
    let json = env.run(["history", "--json"]).json();
    assert_eq!(json[0]["note"], note, "verbatim in JSON");
}

#[test]
fn an_empty_note_is_refused_and_nothing_is_stored() {
    let env = TestEnv::new();
    for empty in ["", "   "] {
        let err = env
            .run(["log", "--leg", "3", "--note", empty])
            .fails_with(2)
            .to_string();
        assert!(err.contains("--note is empty"), "{err}");
    }
    assert!(!env.db().exists(), "nothing stored");
}

#[test]
fn the_latest_twenty_are_shown_unless_told_and_the_rest_are_named() {
    let mut env = TestEnv::new();
    for day in 1..=22 {
        env.set_now(&format!("2026-11-{day:02}T07:00:00Z"));
        env.run(["log", "--leg", &(day % 11).to_string()]).ok();
    }
    let shown = env.run(["history"]).ok().to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 21, "{shown}");
    assert_eq!(
        lines[0],
        "The latest 20 shown; earlier ones: `limber history --limit 40` or `--since DATE`."
    );
    assert_eq!(
        lines[1], "2026-11-03 07:00  diary: leg 3/10",
        "oldest of the 20 first"
    );
    assert_eq!(lines[20], "2026-11-22 07:00  diary: leg 0/10");
    insta::assert_snapshot!(env.snap(["history", "--limit", "2"]), @"
    The latest 2 shown; earlier ones: `limber history --limit 4` or `--since DATE`.
    2026-11-21 07:00  diary: leg 10/10
    2026-11-22 07:00  diary: leg 0/10
    ");
    // Exactly everything: no note.
    assert_eq!(
        env.run(["history", "--limit", "22"]).ok().lines().count(),
        22
    );
    // With --since, the limit counts from the newest back to that date.
    insta::assert_snapshot!(env.snap(["history", "--since", "2026-11-21", "--limit", "5"]), @"
    2026-11-21 07:00  diary: leg 10/10
    2026-11-22 07:00  diary: leg 0/10
    ");
    let json = env.run(["history", "--json", "--limit", "3"]).json();
    let at: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "2026-11-20T07:00:00Z",
            "2026-11-21T07:00:00Z",
            "2026-11-22T07:00:00Z"
        ]
    );
    assert_eq!(
        env.run(["history", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        20
    );
}

#[test]
fn a_bad_limit_is_bad_input_naming_the_flag() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.snap(["history", "--limit", "0"]), @"
    [stderr]
    error: invalid value '0' for '--limit <N>': must be from 1 to 1000000, got 0

    For more information, try '--help'.
    [exit 2]
    ");
    insta::assert_snapshot!(env.snap(["history", "--limit", "-3"]), @"
    [stderr]
    error: invalid value '-3' for '--limit <N>': must be from 1 to 1000000, got -3

    For more information, try '--help'.
    [exit 2]
    ");
    insta::assert_snapshot!(env.snap(["history", "--limit", "lots"]), @"
    [stderr]
    error: invalid value 'lots' for '--limit <N>': must be a whole number of records from 1 to 1000000

    For more information, try '--help'.
    [exit 2]
    ");
    insta::assert_snapshot!(env.snap(["history", "--limit", "1000001"]), @"
    [stderr]
    error: invalid value '1000001' for '--limit <N>': must be from 1 to 1000000, got 1000001

    For more information, try '--help'.
    [exit 2]
    ");
    assert!(!env.db().exists());
}
