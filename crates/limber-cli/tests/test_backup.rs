//! `limber export --format json` and `limber restore`: a lossless backup,
//! merging without duplicates, and bad files that change nothing.

use crate::common::TestEnv;

/// A data dir with a screen, a run, two sessions (the first its
/// cool-down), diary entries and a setting.
fn used() -> TestEnv {
    let mut env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    // A 30-minute run from 06:00 the same morning.
    let gpx = limber_testutil::runfiles::gpx(
        1_795_150_800,
        &limber_testutil::runfiles::straight_track(181, 10),
        Some("running"),
    );
    let file = env.write("run.gpx", &gpx);
    env.run(["import".as_ref(), file.as_os_str()]).ok();
    env.run([
        "log",
        "--back",
        "3",
        "--leg",
        "6",
        "--reach",
        "thigh",
        "--note",
        "après 10 km, \"raide\"",
    ])
    .ok();
    env.session(&["--pain-before", "5", "--pain-after", "3"])
        .ok();
    env.set_now("2026-11-21T07:00:00Z");
    env.run(["log", "--morning", "--leg", "2", "--stiffness", "3"])
        .ok();
    env.session(&["--where", "wall"]).ok();
    env.run([
        "trial",
        "start",
        "--compare",
        "lying-thigh-stretch,back-curl",
        "--seed",
        "9",
    ])
    .ok();
    env
}

fn export(env: &TestEnv) -> String {
    env.run(["export", "--format", "json"]).ok().to_string()
}

#[test]
fn export_restore_export_is_identical() {
    let source = used();
    let first = export(&source);
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["format"], "limber-backup");
    assert_eq!(json["schema_version"], 4);
    assert_eq!(json["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(json["pain_entries"].as_array().unwrap().len(), 2);
    assert_eq!(json["screens"].as_array().unwrap().len(), 1);
    assert_eq!(json["runs"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["runs"][0]["cooldown_session"], json["sessions"][0]["id"],
        "the session after the run is its cool-down"
    );
    assert!(json["settings"]["trial"].is_object());

    let file = source.write("backup.json", &first);
    let target = TestEnv::new().at("2026-11-22T07:00:00Z");
    let out = target.run(["restore".as_ref(), file.as_os_str()]);
    let said = out.ok();
    assert!(
        said.contains("2 session(s), 2 diary entries, 1 run(s), 1 screen(s) and your settings"),
        "{said}"
    );
    assert_eq!(export(&target), first);
    assert_eq!(target.stored(), source.stored());

    // -o writes the same bytes to a file.
    let path = target.home().join("again.json");
    target
        .run([
            "export".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "-o".as_ref(),
            path.as_os_str(),
        ])
        .ok();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn restoring_into_a_used_data_dir_adds_only_what_is_missing() {
    let source = used();
    let file = source.write("backup.json", &export(&source));
    // The target shares nothing at first, then gets the backup twice.
    let target = TestEnv::new().at("2026-11-25T07:00:00Z").screened();
    target.run(["log", "--back", "1"]).ok();
    target.run(["restore".as_ref(), file.as_os_str()]).ok();
    let once = target.stored();
    let again = target.run(["restore".as_ref(), file.as_os_str()]);
    assert!(
        again
            .ok()
            .contains("0 session(s), 0 diary entries, 0 run(s), 0 screen(s)."),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("6 record(s) in the backup were already here"),
        "{}",
        again.stdout
    );
    assert_eq!(target.stored(), once, "nothing stored twice");
    let json: serde_json::Value = serde_json::from_str(&export(&target)).unwrap();
    assert_eq!(json["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(json["pain_entries"].as_array().unwrap().len(), 3);
    assert_eq!(json["screens"].as_array().unwrap().len(), 2);
}

/// Each bad file: exit 2, a message naming the problem and where, and the
/// data dir exactly as before.
#[test]
fn bad_backups_change_nothing() {
    let source = used();
    let good = export(&source);
    let target = used();
    let before = export(&target);
    let newer = good.replace("\"schema_version\": 4", "\"schema_version\": 7");
    let at = good
        .find("\"leg\": 6")
        .expect("the first entry's leg score");
    let out_of_range = format!("{}\"leg\": 11{}", &good[..at], &good[at + 8..]);
    let line = good[..at].lines().count();
    let cases = [
        (
            "truncated.json",
            good[..good.len() * 2 / 3].to_string(),
            "ends early, at line".to_string(),
        ),
        (
            "newer.json",
            newer,
            "written by a newer limber (backup schema version 7".to_string(),
        ),
        (
            "range.json",
            out_of_range,
            format!("at pain_entries[0].leg (line {line}, column"),
        ),
        (
            "notes.txt",
            "back 3, leg 6\n".to_string(),
            "it is not JSON".to_string(),
        ),
    ];
    for (name, text, expected) in cases {
        let file = target.write(name, &text);
        let err = target.run(["restore".as_ref(), file.as_os_str()]);
        let msg = err.fails_with(2);
        assert!(
            msg.contains(name) && msg.contains(&expected),
            "{name}: {msg}"
        );
        if name == "range.json" {
            assert!(msg.contains("must be from 0 to 10, got 11"), "{msg}");
        }
        assert_eq!(export(&target), before, "{name} changed the data");
    }

    // Into a new data dir, a bad file does not even create the database.
    let empty = TestEnv::new();
    let file = empty.write("truncated.json", &good[..100]);
    empty
        .run(["restore".as_ref(), file.as_os_str()])
        .fails_with(2);
    assert!(!empty.db().exists());
}

#[test]
fn restore_refuses_what_is_not_a_bounded_regular_file() {
    let target = used();
    let before = export(&target);
    // /dev/zero would grow without end, a directory is no file, and a
    // named pipe would wait for a writer forever.
    let fifo = target.home().join("backup.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for path in [
        std::path::PathBuf::from("/dev/zero"),
        target.home().to_path_buf(),
        fifo,
    ] {
        let msg = target
            .run(["restore".as_ref(), path.as_os_str()])
            .fails_with(2)
            .to_string();
        assert!(
            msg.contains(&format!(
                "cannot read {}: it is not a regular file",
                path.display()
            )),
            "{msg}"
        );
    }
    // Over the size limit: refused by its size (a sparse file, so the test
    // itself spends no disk), before anything is parsed.
    let huge = target.home().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let msg = target
        .run(["restore".as_ref(), huge.as_os_str()])
        .fails_with(2)
        .to_string();
    assert!(
        msg.contains(&format!(
            "cannot read {}: it is larger than the 256 MiB limit",
            huge.display()
        )),
        "{msg}"
    );
    assert_eq!(export(&target), before, "nothing changed");
}

#[test]
fn csv_export_writes_one_file_per_record_kind() {
    let env = used();
    let dir = env.home().join("sheets");
    let out = env.run([
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(
        out.ok()
            .contains("pain.csv, sessions.csv, steps.csv, ratings.csv, runs.csv"),
        "{}",
        out.stdout
    );
    let pain = std::fs::read_to_string(dir.join("pain.csv")).unwrap();
    assert!(
        pain.starts_with(
            "entry,at,back,leg,reach,side,qualities,weakness,stiffness,morning,note\r\n"
        )
    );
    assert!(pain.contains("2026-11-20T07:00:00Z,3,6,thigh,"), "{pain}");
    assert!(
        pain.contains(",\"après 10 km, \"\"raide\"\"\"\r\n"),
        "{pain}"
    );
    let sessions = std::fs::read_to_string(dir.join("sessions.csv")).unwrap();
    assert_eq!(
        sessions.lines().count(),
        3,
        "header and two sessions: {sessions}"
    );
    let runs = std::fs::read_to_string(dir.join("runs.csv")).unwrap();
    assert!(
        runs.contains(",2026-11-20T05:00:00Z,2026-11-20T05:30:00Z,running,"),
        "{runs}"
    );
    let steps = std::fs::read_to_string(dir.join("steps.csv")).unwrap();
    assert!(steps.lines().count() > 10, "{steps}");

    let missing = env.run(["export", "--format", "csv"]);
    assert!(missing.fails_with(2).contains("-o DIR"));
}
