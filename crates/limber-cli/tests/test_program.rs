use crate::common::TestEnv;

#[test]
fn a_valid_program_checks_ok() {
    let env = TestEnv::new();
    let p = env.write(
        "short.toml",
        "id = \"short\"\nname = \"Short\"\n\n[[steps]]\nexercise = \"back-curl\"\n",
    );
    let out = env
        .run(["program".as_ref(), "check".as_ref(), p.as_os_str()])
        .ok()
        .to_string();
    assert!(out.contains("ok, \"Short\" with 1 step(s)"), "{out}");
}

#[test]
fn every_problem_is_reported_with_file_line_and_field() {
    let env = TestEnv::new();
    let p = env.write(
        "bad.toml",
        "id = \"bad\"\nname = \"Bad\"\n\n[[steps]]\nexercise = \"back-curl\"\nhold = 0\n\n[[steps]]\nexercise = \"nope\"\n\n[[steps]]\nexercise = \"back-curl\"\n\n[[steps]]\nreps = 2\n",
    );
    insta::assert_snapshot!(
        env.snap(["program".as_ref(), "check".as_ref(), p.as_os_str()]),
        @r#"
    [stderr]
    limber: $HOME/bad.toml: 4 problems
      $HOME/bad.toml:6: steps[1].hold: zero hold: must be from 1 to 120
      $HOME/bad.toml:9: steps[2].exercise: unknown exercise id "nope"; known ids: lying-thigh-stretch, wall-thigh-stretch, standing-thigh-stretch, back-curl, full-back-curl
      $HOME/bad.toml:12: steps[3].exercise: duplicate exercise id "back-curl" (first listed at line 4); raise its reps instead
      $HOME/bad.toml:14: steps[4].exercise: missing: this field is required
    [exit 2]
    "#
    );
}

#[test]
fn malformed_toml_is_reported_by_line() {
    let env = TestEnv::new();
    let p = env.write(
        "broken.toml",
        "id = \"x\"\nname = \"X\"\n[[steps]\nexercise = \"back-curl\"\n",
    );
    let err = env
        .run(["program".as_ref(), "check".as_ref(), p.as_os_str()])
        .fails_with(2)
        .to_string();
    assert!(err.contains(&format!("{}:3", p.display())), "{err}");
}

#[test]
fn a_missing_file_is_bad_input_naming_the_path() {
    let env = TestEnv::new();
    let err = env
        .run(["program", "check", "/nonexistent/program.toml"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("/nonexistent/program.toml"), "{err}");
}

#[test]
fn plan_and_start_use_a_program_file_and_reject_a_bad_one_before_storing_anything() {
    let env = TestEnv::new().screened();
    let good = env.write("curl.toml", "id = \"curls\"\nname = \"Just curls\"\n\n[[steps]]\nexercise = \"back-curl\"\nreps = 2\nhold = 30\n");
    let plan = env
        .run([
            "plan".as_ref(),
            "--json".as_ref(),
            "--program".as_ref(),
            good.as_os_str(),
        ])
        .json();
    assert_eq!(plan["program"], "Just curls");
    assert_eq!(
        plan["steps"][0]["hold"],
        serde_json::json!({"value": 30, "source": "program"})
    );

    let bad = env.write(
        "bad.toml",
        "id = \"b\"\nname = \"B\"\n[[steps]]\nexercise = \"back-curl\"\nhold = 0\n",
    );
    let before = env.stored();
    let err = env
        .session(&["--program", bad.to_str().unwrap()])
        .fails_with(2)
        .to_string();
    assert!(err.contains("zero hold"), "{err}");
    assert_eq!(env.stored(), before);
}

fn check(env: &TestEnv, path: &std::path::Path) -> String {
    env.run(["program".as_ref(), "check".as_ref(), path.as_os_str()])
        .fails_with(2)
        .to_string()
}

#[test]
fn an_empty_program_names_the_missing_fields_without_line_zero() {
    let env = TestEnv::new();
    let p = env.write("empty.toml", "");
    let err = check(&env, &p);
    let path = p.display().to_string();
    assert!(!err.contains(":0"), "{err}");
    assert!(err.contains(&format!("{path}: steps: missing")), "{err}");
    assert!(err.contains("id: missing"), "{err}");
    assert!(!err.contains("missing field `id`"), "said once: {err}");
}

#[test]
fn a_fractional_hold_names_the_field() {
    let env = TestEnv::new();
    let p = env.write(
        "frac.toml",
        "id = \"x\"\nname = \"X\"\n[[steps]]\nexercise = \"back-curl\"\nhold = 2.5\n",
    );
    let err = check(&env, &p);
    assert!(
        err.contains(&format!(
            "{}:5: steps[1].hold: must be a whole number, not floating point `2.5`",
            p.display()
        )),
        "{err}"
    );
}

#[test]
fn program_files_that_are_not_regular_or_too_big_are_refused() {
    let env = TestEnv::new().screened();
    let before = env.stored();
    // /dev/zero would grow without end; a directory is no file either.
    for (path, why) in [
        (std::path::PathBuf::from("/dev/zero"), "not a regular file"),
        (env.home().to_path_buf(), "not a regular file"),
    ] {
        let err = check(&env, &path);
        assert!(
            err.contains(&format!("cannot read {}: it is {why}", path.display())),
            "{err}"
        );
        let err = env
            .run([
                "start".as_ref(),
                "--plain".as_ref(),
                "--program".as_ref(),
                path.as_os_str(),
            ])
            .fails_with(2)
            .to_string();
        assert!(err.contains(why), "{err}");
    }
    // Over the 1 MiB limit: refused by its size, without parsing.
    let big = env.write("big.toml", &"# padding\n".repeat(110_000));
    let err = check(&env, &big);
    assert!(err.contains("larger than the 1 MiB limit"), "{err}");
    assert!(err.contains(&big.display().to_string()), "{err}");
    assert_eq!(env.stored(), before, "nothing stored");
}

#[test]
fn doses_outside_the_guidance_are_warned_about_and_head_down_ones_are_capped() {
    let env = TestEnv::new().screened();
    let p = env.write(
        "big.toml",
        "id = \"big\"\nname = \"Big\"\n\n[[steps]]\nexercise = \"lying-thigh-stretch\"\nhold = 90\nreps = 6\n\n[[steps]]\nexercise = \"back-curl\"\nhold = 5\n\n[[steps]]\nexercise = \"standing-thigh-stretch\"\nhold = 40\n\n[[steps]]\nexercise = \"full-back-curl\"\nhold = 30\nreps = 4\n",
    );
    let out = env
        .run(["program".as_ref(), "check".as_ref(), p.as_os_str()])
        .ok()
        .to_string();
    let path = p.display().to_string();
    for line in [
        "step 1 (lying-thigh-stretch): hold = 90 is longer than the 10-60 counts",
        "step 1 (lying-thigh-stretch): reps = 6 is more than the 5 per side",
        "step 2 (back-curl): hold = 5 is shorter than the 10-60 counts",
        "step 3 (standing-thigh-stretch): hold = 40 will be planned as 20",
        "step 4 (full-back-curl): hold = 30 will be planned as 10",
        "step 4 (full-back-curl): reps = 4 will be planned as 2",
    ] {
        assert!(
            out.contains(&format!("{path}: warning: {line}")),
            "{line}\n{out}"
        );
    }
    // A dose within the guidance on an ordinary exercise draws no warning.
    let fine = env.write(
        "fine.toml",
        "id = \"fine\"\nname = \"Fine\"\n\n[[steps]]\nexercise = \"back-curl\"\nhold = 30\nreps = 2\n",
    );
    let out = env
        .run(["program".as_ref(), "check".as_ref(), fine.as_os_str()])
        .ok()
        .to_string();
    assert!(!out.contains("warning"), "{out}");

    let plan = env
        .run([
            "plan".as_ref(),
            "--json".as_ref(),
            "--program".as_ref(),
            p.as_os_str(),
        ])
        .json();
    let standing = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["exercise"] == "standing-thigh-stretch")
        .expect("standing stretch planned");
    assert_eq!(standing["hold"]["value"], 20, "{standing}");
    assert!(
        standing["reason"]
            .as_str()
            .unwrap()
            .contains("not the program's 40"),
        "{standing}"
    );
}

/// A same-origin write to the served web app, as the Settings page sends it.
fn send(port: u16, method: &str, path: &str, json: &str) -> String {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    answer
}

const BACK_CURL_ONLY: &str =
    "id = \"curl\"\nname = \"Just the curl\"\n\n[[steps]]\nexercise = \"back-curl\"\n";

/// Saves `toml` as the program from the Settings page, as a phone would.
fn save_in_the_web_app(env: &TestEnv, toml: &str) {
    use crate::test_serve::{port, serve};
    let served = serve(env, "127.0.0.1:0");
    let body = serde_json::json!({ "toml": toml }).to_string();
    let answer = send(port(&served.first_line), "PUT", "/api/v1/program", &body);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn plan_follows_the_program_saved_in_the_web_app_until_it_is_deleted() {
    use crate::test_serve::{port, serve};
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    assert!(env.planned().contains(&"lying-thigh-stretch".to_string()));
    let served = serve(&env, "127.0.0.1:0");
    let body = serde_json::json!({ "toml": BACK_CURL_ONLY }).to_string();
    let answer = send(port(&served.first_line), "PUT", "/api/v1/program", &body);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(served);

    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["program"], "Just the curl");
    assert_eq!(env.planned(), ["back-curl"]);
    // A file named on the command line still wins.
    let named = env.write(
        "short.toml",
        "id = \"s\"\nname = \"Short\"\n\n[[steps]]\nexercise = \"standing-thigh-stretch\"\n",
    );
    let plan = env
        .run([
            "plan".as_ref(),
            "--json".as_ref(),
            "--program".as_ref(),
            named.as_os_str(),
        ])
        .json();
    assert_eq!(plan["program"], "Short");

    let served = serve(&env, "127.0.0.1:0");
    let answer = send(port(&served.first_line), "DELETE", "/api/v1/program", "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(served);
    assert_eq!(
        env.run(["plan", "--json"]).json()["program"],
        "Runner's cool-down"
    );
}

#[test]
fn a_program_the_web_app_refuses_leaves_the_plan_as_it_was() {
    use crate::test_serve::{port, serve};
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    let before = env.planned();
    let served = serve(&env, "127.0.0.1:0");
    let body = serde_json::json!({ "toml": "id = \"bad\"\nname = \"Bad\"\n\n[[steps]]\nexercise = \"nope\"\n" }).to_string();
    let answer = send(port(&served.first_line), "PUT", "/api/v1/program", &body);
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    drop(served);
    assert_eq!(env.planned(), before);
}

#[test]
fn a_saved_program_comes_back_with_a_restored_backup() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    save_in_the_web_app(&env, BACK_CURL_ONLY);
    let text = env.run(["export", "--format", "json"]).ok().to_string();
    let backup = env.write("backup.json", &text);
    let other = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    other.run(["restore".as_ref(), backup.as_os_str()]).ok();
    assert_eq!(other.planned(), ["back-curl"]);
}

#[test]
fn a_trial_compares_only_steps_of_the_saved_program() {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    save_in_the_web_app(&env, BACK_CURL_ONLY);

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
        err.contains("lying-thigh-stretch would not be planned for you: it is not one of the steps of your program"),
        "{err}"
    );
    assert!(
        env.run(["trial", "report"]).fails_with(2).contains("trial"),
        "no trial was started"
    );
}
