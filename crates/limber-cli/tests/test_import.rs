use std::path::PathBuf;

use limber_testutil::runfiles::{self, FitActivity, FitSession, straight_track};

use crate::common::TestEnv;

/// 2026-11-30T07:00:00Z
const START: i64 = 1_796_022_000;

fn put(env: &TestEnv, name: &str, bytes: &[u8]) -> PathBuf {
    let path = env.home().join("export").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A 30-minute run from 07:00: 181 points 10 s apart.
fn run_gpx() -> String {
    runfiles::gpx(START, &straight_track(181, 10), Some("running"))
}

fn ride_fit() -> Vec<u8> {
    runfiles::fit_activity(&FitActivity {
        start: START - 86_400,
        points: straight_track(50, 5),
        session: Some(FitSession {
            sport: 2,
            sub_sport: 0,
            elapsed_s: 250.0,
            timer_s: 245.0,
            distance_m: 1500.0,
            ascent_m: 3,
        }),
        ..FitActivity::default()
    })
}

fn runs_json(env: &TestEnv) -> Vec<serde_json::Value> {
    env.run(["runs", "--json"])
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_folder_imports_its_good_files_and_names_each_bad_one() {
    let env = TestEnv::new();
    put(&env, "activities/morning.gpx", run_gpx().as_bytes());
    // The same run from the watch's TCX: a duplicate, not a second run.
    put(
        &env,
        "activities/morning.tcx",
        runfiles::tcx(
            START,
            &straight_track(181, 10),
            "Running",
            Some(2010.0),
            Some(1795.0),
        )
        .as_bytes(),
    );
    put(&env, "activities/ride.fit", &ride_fit());
    let fit = runfiles::fit_activity(&FitActivity {
        start: START + 86_400,
        points: straight_track(30, 5),
        ..FitActivity::default()
    });
    put(&env, "bad/cut.fit", &fit[..fit.len() / 2]);
    let mut crc = fit;
    let n = crc.len();
    crc[n - 1] ^= 0x55;
    put(&env, "bad/crc.fit", &crc);
    put(
        &env,
        "bad/zip.gpx",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip",
    );
    put(
        &env,
        "bad/empty.gpx",
        b"<gpx version=\"1.1\"><trk><trkseg></trkseg></trk></gpx>",
    );
    let mut backwards = straight_track(5, 10);
    backwards[3].t = 1;
    put(
        &env,
        "bad/backwards.gpx",
        runfiles::gpx(START + 2 * 86_400, &backwards, None).as_bytes(),
    );
    put(&env, "bad/bomb.gpx", b"<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<gpx>&b;</gpx>");
    let huge = env.home().join("export/bad/huge.fit");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    put(&env, "activities.csv", b"date,distance\n");

    let export = env.home().join("export");
    let out = env.run(["import".as_ref(), export.as_os_str()]);
    let err = out.fails_with(2).to_string();
    for (name, why) in [
        ("cut.fit", "FIT: the file is cut short"),
        ("crc.fit", "FIT: the checksum (CRC) does not match"),
        ("zip.gpx", "is a zip archive"),
        ("empty.gpx", "has no track points"),
        (
            "backwards.gpx",
            "line 8: the time 2026-12-02T07:00:01Z is before",
        ),
        ("bomb.gpx", "line 2: has a DOCTYPE declaration"),
        ("huge.fit", "is larger than 67108864 bytes"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("bad/{name}:")))
            .unwrap_or_else(|| panic!("no error for {name}:\n{err}"));
        assert!(line.starts_with("limber: ") && line.contains(why), "{line}");
    }
    let text = &out.stdout;
    assert!(text.contains("Imported 2 new activities from 3 files (including cycling: kept, not counted as running)."), "{text}");
    assert!(text.contains("Already stored: 1 "), "{text}");
    assert!(text.contains("Skipped: 7 files."), "{text}");
    assert!(
        text.contains(
            "1 other file in the folders is not named .gpx, .tcx or .fit and was left alone."
        ),
        "{text}"
    );

    // Only the good files' runs are stored: the ride and the GPX run.
    let runs = runs_json(&env);
    let sports: Vec<_> = runs
        .iter()
        .map(|r| {
            (
                r["sport"].as_str().unwrap(),
                r["running"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(sports, [("cycling", false), ("running", true)]);
    assert_eq!(runs[1]["start"], "2026-11-30T07:00:00Z");
    assert_eq!(runs[1]["end"], "2026-11-30T07:30:00Z");
    assert_eq!(runs[1]["distance_source"], "points");
    assert!(
        (runs[1]["distance_m"].as_f64().unwrap() - 2001.5).abs() < 0.5,
        "{}",
        runs[1]
    );
    assert_eq!(runs[0]["distance_m"], 1500.0);
    assert_eq!(runs[0]["cooldown"], serde_json::Value::Null);
}

#[test]
fn importing_again_adds_nothing_and_succeeds() {
    let env = TestEnv::new();
    let gpx = put(&env, "run.gpx", run_gpx().as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, run_gpx().as_bytes()).unwrap();
    let gz = put(&env, "copy.gpx.gz", &gz.finish().unwrap());
    let first = env
        .run(["import".as_ref(), gpx.as_os_str()])
        .ok()
        .to_string();
    assert!(
        first.starts_with("Imported 1 new activity from 1 file."),
        "{first}"
    );
    let again = env
        .run(["import".as_ref(), gpx.as_os_str(), gz.as_os_str()])
        .ok()
        .to_string();
    assert!(
        again.starts_with("Imported 0 new activities from 2 files."),
        "{again}"
    );
    assert!(again.contains("Already stored: 2 "), "{again}");
    assert_eq!(runs_json(&env).len(), 1);
    insta::assert_snapshot!(env.snap(["runs"]), @"2026-11-30 07:00  running         2.00 km  0:30:00  14:59 /km  +88 m  no cool-down");
    insta::assert_snapshot!(env.snap(["runs", "--json"]), @r#"
    [
      {
        "id": "[id]",
        "start": "2026-11-30T07:00:00Z",
        "end": "2026-11-30T07:30:00Z",
        "sport": "running",
        "distance_m": 2001.5114442033298,
        "distance_source": "points",
        "moving_s": 1800.0,
        "elevation_gain_m": 88.0,
        "cooldown_session": null,
        "pace_s_per_km": 899.3203637246559,
        "running": true,
        "cooldown": null
      }
    ]
    "#);
}

#[test]
fn import_needs_a_path_and_names_a_missing_one() {
    let env = TestEnv::new();
    env.run(["import"]).fails_with(2);
    let err = env.run(["import", "nowhere.fit"]).fails_with(2).to_string();
    assert!(err.contains("limber: nowhere.fit: cannot be read"), "{err}");
    assert_eq!(
        env.run(["runs"]).ok(),
        "No runs yet: `limber import FILE` reads GPX, TCX and FIT files.\n"
    );
}

#[test]
fn within_two_hours_of_a_run_plan_and_start_are_its_cool_down() {
    let env = TestEnv::new().at("2026-11-30T08:15:00Z").screened();
    let gpx = put(&env, "run.gpx", run_gpx().as_bytes());
    env.run(["import".as_ref(), gpx.as_os_str()]).ok();
    let id = runs_json(&env)[0]["id"].as_str().unwrap().to_string();

    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["context"]["after_run"], true);
    assert_eq!(plan["cooldown_for_run"], id);
    let text = env.run(["plan"]).ok().to_string();
    assert!(
        text.contains("The cool-down for your 2.0 km run that ended at 07:30."),
        "{text}"
    );

    env.session(&["--minutes", "3"]).ok();
    let runs = runs_json(&env);
    let sessions = env.run(["history", "--json"]).json();
    assert_eq!(runs[0]["cooldown_session"], sessions[0]["id"]);
    assert_eq!(runs[0]["cooldown"], sessions[0]["id"]);
    assert_eq!(sessions[0]["context"]["after_run"], true, "{sessions}");
    let started = sessions[0]["started_at"].as_str().unwrap();
    let text = env.run(["runs"]).ok().to_string();
    assert!(
        text.contains(&format!("cool-down: session at {}", &started[11..16])),
        "{text}"
    );

    // With its cool-down done, the next plan is an ordinary one.
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["cooldown_for_run"], serde_json::Value::Null);
}

#[test]
fn more_than_two_hours_after_a_run_there_is_no_proposal() {
    let mut env = TestEnv::new().at("2026-11-30T09:31:00Z").screened();
    let gpx = put(&env, "run.gpx", run_gpx().as_bytes());
    env.run(["import".as_ref(), gpx.as_os_str()]).ok();
    let plan = env.run(["plan", "--json"]).json();
    assert_eq!(plan["context"]["after_run"], false);
    assert_eq!(plan["cooldown_for_run"], serde_json::Value::Null);
    // Before the run ended, neither.
    env.set_now("2026-11-30T07:20:00Z");
    assert_eq!(
        env.run(["plan", "--json"]).json()["cooldown_for_run"],
        serde_json::Value::Null
    );
    env.set_now("2026-11-30T09:29:00Z");
    assert_eq!(
        env.run(["plan", "--json"]).json()["context"]["after_run"],
        true
    );
}

#[test]
fn stats_show_running_load_cool_downs_and_next_day_pain() {
    let mut env = TestEnv::new().at("2026-11-02T06:00:00Z").screened();
    // Runs on 2, 4, 6 and 8 November at 07:00 of 1, 2, 3 and 4 km.
    for (i, day) in [2, 4, 6, 8].into_iter().enumerate() {
        let start = START - (30 - day) * 86_400;
        let gpx = runfiles::gpx(start, &straight_track(90 * (i + 1) + 1, 10), None);
        let path = put(&env, &format!("run{day}.gpx"), gpx.as_bytes());
        env.run(["import".as_ref(), path.as_os_str()]).ok();
    }
    // A cool-down after the first two runs only.
    for day in [2, 4] {
        env.set_now(&format!("2026-11-{day:02}T07:50:00Z"));
        env.session(&["--minutes", "3"]).ok();
    }
    // Pain the next morning rises with the distance.
    for (day, leg) in [(3, "2"), (5, "3"), (7, "5"), (9, "6")] {
        env.set_now(&format!("2026-11-{day:02}T08:00:00Z"));
        env.run(["log", "--back", "1", "--leg", leg]).ok();
    }
    env.set_now("2026-11-10T12:00:00Z");
    let stats = env.run(["stats", "--json"]).json();
    let r = &stats["running"];
    assert_eq!(r["cooldown"]["runs"], 4);
    assert_eq!(r["cooldown"]["with_cooldown"], 2);
    assert_eq!(r["cooldown"]["share"], 0.5);
    let weeks: Vec<_> = r["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap().to_string(),
                w["runs"].as_u64().unwrap(),
            )
        })
        .collect();
    // 2 to 8 November 2026 is ISO week 45.
    assert_eq!(weeks, [("2026-W45".to_string(), 4)]);
    assert_eq!(r["pain_vs_distance"]["n"], 4);
    assert!(r["pain_vs_distance"]["r"].as_f64().unwrap() > 0.95, "{r}");
    assert_eq!(r["pain_vs_cooldown"]["with"]["n"], 2);
    assert_eq!(r["pain_vs_cooldown"]["with"]["mean"], 2.5);
    assert_eq!(r["pain_vs_cooldown"]["without"]["mean"], 5.5);
    assert_eq!(r["pain_vs_cooldown"]["difference"], -3.0);

    let text = env.snap(["stats"]);
    // No statistics jargon in the words a runner reads.
    for jargon in ["n = ", "r = ", "-W4", "-W5"] {
        assert!(!text.contains(jargon), "{jargon:?} in:\n{text}");
    }
    insta::assert_snapshot!(text, @"
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
      week of Mon 2 Nov 2026   3.3  (3 diary entries)
      week of Mon 9 Nov 2026   6.0  (1 diary entry)
      2 weeks of ratings so far: the change since the start is shown from 4 weeks

    Sessions: 1.6 a week on average; in each of the last 4 weeks (oldest first): 0, 0, 1, 1.
      Of 2 sessions: 2 finished (12 holds done in all).
    Where symptoms reach: not enough entries with how far symptoms reach (`limber log --reach`): needs 2 in the last 14 days and 2 in the 28 days before

    Running by week:
      week of Mon 2 Nov 2026    10.0 km  2:30 h  (4 runs)
    Cool-down after runs: 2 of 4 runs had a session within 60 minutes (50%, 95% interval 15% to 85%)
    Pain the day after: next-day pain was higher after longer run days (over 4 run days, pain and distance went together at +0.99 on a scale from -1, opposite ways, to +1, in step; 95% interval +0.59 to +1.00); this shows what went together, not why
      next-day pain averaged 2.5 after 2 run days with the cool-down and 5.5 after 2 run days without, a difference of -3.0 (95% interval -6.0 to +0.0): no clear difference yet; days are compared, not what the cool-down does

    These figures describe your own diary; they are not medical advice. Share them with your physio or doctor.
    ");
}

/// Runs `limber` on a pseudo-terminal and returns everything it wrote.
fn on_a_terminal(env: &TestEnv, args: &[&std::ffi::OsStr]) -> String {
    use portable_pty::{CommandBuilder, NativePtySystem, PtySize, PtySystem};
    use std::io::Read;
    let pty = NativePtySystem::default()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("limber"));
    cmd.arg("--data-dir");
    cmd.arg(env.home());
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "UTC");
    cmd.env_remove("LIMBER_HOME");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    assert!(child.wait().unwrap().success());
    drop(pty.master);
    String::from_utf8_lossy(&reading.join().unwrap()).into_owned()
}

#[test]
fn a_large_import_on_a_terminal_shows_progress() {
    let env = TestEnv::new();
    for i in 0..25 {
        let gpx = runfiles::gpx(START + i * 86_400, &straight_track(5, 10), None);
        put(&env, &format!("many/{i:02}.gpx"), gpx.as_bytes());
    }
    let dir = env.home().join("export/many");
    let out = on_a_terminal(&env, &["import".as_ref(), dir.as_os_str()]);
    assert!(out.contains("/25 files"), "no progress bar:\n{out}");
    assert!(
        out.contains("Imported 25 new activities from 25 files."),
        "{out}"
    );
    // Through a pipe (as every other test runs it), no bar.
    let piped = env.run(["import".as_ref(), dir.as_os_str()]);
    assert!(
        !piped.stderr.contains("files") && !piped.stdout.contains("/25"),
        "{}",
        piped.stderr
    );
}
