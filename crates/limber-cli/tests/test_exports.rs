//! The exports other programs read, checked by real validators: FHIR R4
//! with `fhir.resources` 6.1 (FHIR 4.0.1), iCalendar with `icalendar`. `scripts/test`
//! makes the Python venv they run in.

use std::path::{Path, PathBuf};

use crate::common::TestEnv;

/// The venv's python: `$LIMBER_TEST_VENV/bin/python`, else
/// `~/.cache/limber-test-venv/bin/python` (where `scripts/test` puts it).
fn python() -> PathBuf {
    let venv = std::env::var_os("LIMBER_TEST_VENV").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/limber-test-venv"),
        PathBuf::from,
    );
    let py = venv.join("bin/python");
    assert!(
        py.exists(),
        "{} is missing: run scripts/test, which creates the validators' venv",
        py.display()
    );
    py
}

/// Runs a validator script on a file; returns its summary line.
pub fn validate(script: &str, file: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts/validators")
        .join(script);
    let out = std::process::Command::new(python())
        .arg(&script)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} rejected {}:\n{}",
        script.display(),
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn used() -> TestEnv {
    let mut env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    env.run([
        "log",
        "--back",
        "3",
        "--leg",
        "6",
        "--side",
        "left",
        "--note",
        "tight, \"after\" 10 km",
    ])
    .ok();
    env.session(&["--pain-before", "5", "--pain-after", "3"])
        .ok();
    env.set_now("2026-11-21T07:00:00Z");
    env.run(["log", "--leg", "2", "--side", "right"]).ok();
    env.session(&[]).ok();
    env
}

#[test]
fn runs_are_in_the_fhir_bundle_and_it_stays_valid_r4() {
    let env = used();
    // A 30-minute run at 05:00Z on 2026-11-20.
    let gpx = limber_testutil::runfiles::gpx(
        1_795_150_800,
        &limber_testutil::runfiles::straight_track(181, 10),
        Some("running"),
    );
    let run = env.write("run.gpx", &gpx);
    env.run(["import".as_ref(), run.as_os_str()]).ok();
    let file = env.home().join("bundle.json");
    env.run([
        "export".as_ref(),
        "--format".as_ref(),
        "fhir".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .ok();
    let summary = validate("fhir_r4.py", &file);
    assert_eq!(
        summary.trim(),
        "valid FHIR 4.0.1 Bundle: 6 Observation, 1 Patient, 1 QuestionnaireResponse"
    );
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let run = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["id"] == "run-1")
        .expect("the run is an Observation");
    assert_eq!(run["code"]["coding"][0]["code"], "73985-4");
    assert_eq!(run["effectivePeriod"]["start"], "2026-11-20T05:00:00Z");
    assert_eq!(run["effectivePeriod"]["end"], "2026-11-20T05:30:00Z");
}

#[test]
fn fhir_bundle_is_valid_r4() {
    let env = used();
    let file = env.home().join("bundle.json");
    env.run([
        "export".as_ref(),
        "--format".as_ref(),
        "fhir".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .ok();
    let summary = validate("fhir_r4.py", &file);
    assert_eq!(
        summary.trim(),
        "valid FHIR 4.0.1 Bundle: 5 Observation, 1 Patient, 1 QuestionnaireResponse"
    );
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let session = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["code"]["coding"][0]["code"] == "73985-4")
        .unwrap();
    assert_eq!(
        session["component"][1]["code"]["text"],
        "Lying thigh stretch"
    );

    // A file the validator must refuse, so the check above can fail.
    // An Observation without its required status and with a text score.
    let mut broken = b.clone();
    let obs = &mut broken["entry"][1]["resource"];
    obs.as_object_mut().unwrap().remove("status");
    obs["valueInteger"] = "six".into();
    let bad = env.write("broken.json", &broken.to_string());
    let out = std::process::Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/validators/fhir_r4.py"))
        .arg(&bad)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the validator accepted a broken Observation"
    );
}

#[test]
fn fhir_names_the_patient_and_adds_self_reported_sciatica_only_when_asked() {
    let env = used();
    let file = env.home().join("named.json");
    env.run([
        "export".as_ref(),
        "--format".as_ref(),
        "fhir".as_ref(),
        "--patient-name".as_ref(),
        "Sam Runner".as_ref(),
        "--self-reported-sciatica".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .ok();
    assert_eq!(
        validate("fhir_r4.py", &file).trim(),
        "valid FHIR 4.0.1 Bundle: 1 Condition, 5 Observation, 1 Patient, 1 QuestionnaireResponse"
    );
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let of = |kind: &str| {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"].clone())
            .find(|r| r["resourceType"] == kind)
            .unwrap()
    };
    assert_eq!(of("Patient")["name"][0]["text"], "Sam Runner");
    let c = of("Condition");
    assert_eq!(c["verificationStatus"]["coding"][0]["code"], "unconfirmed");
    assert_eq!(c["asserter"], c["subject"]);
    assert_eq!(c["code"]["coding"][0]["code"], "23056005");

    // Without the flags: anonymous, and no condition at all.
    let plain = env.run(["export", "--format", "fhir"]).ok().to_string();
    assert!(!plain.contains("Condition") && !plain.contains("Sam Runner"));

    // The flags belong to fhir; an empty name is refused; nothing is stored.
    let before = env.stored();
    let err = env
        .run(["export", "--format", "json", "--self-reported-sciatica"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--format fhir only"), "{err}");
    let err = env
        .run(["export", "--format", "fhir", "--patient-name", " "])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--patient-name"), "{err}");
    assert_eq!(env.stored(), before);
}

#[test]
fn ics_has_the_reminder_with_an_alarm_and_past_sessions() {
    let env = used();
    let set = env.run(["remind", "set", "--at", "18:30", "--days", "fri,mon,wed"]);
    assert!(
        set.ok().contains("Reminder set: 18:30 on mon, wed, fri."),
        "{}",
        set.stdout
    );
    assert!(
        env.run(["remind", "show"])
            .ok()
            .contains("18:30 on mon, wed, fri")
    );
    let file = env.home().join("limber.ics");
    env.run([
        "export".as_ref(),
        "--format".as_ref(),
        "ics".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .ok();
    // 1 reminder + 2 sessions; the alarm is inside the reminder.
    assert_eq!(
        validate("ics.py", &file).trim(),
        "1 VALARM 1 VCALENDAR 3 VEVENT"
    );
    let ics = std::fs::read_to_string(&file).unwrap();
    // Set on Saturday 2026-11-21: the first reminder is Monday the 23rd.
    assert!(ics.contains("DTSTART:20261123T183000\r\n"), "{ics}");
    assert!(
        ics.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART:20261120T070000Z\r\n"), "{ics}");

    // The validator refuses what a calendar app would: bare LF line ends.
    let bad = env.write("lf.ics", &ics.replace("\r\n", "\n"));
    let out = std::process::Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/validators/ics.py"))
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the validator accepted LF line ends");

    env.run(["remind", "off"]).ok();
    let again = env.run(["export", "--format", "ics"]).ok().to_string();
    assert!(!again.contains("RRULE") && again.matches("BEGIN:VEVENT").count() == 2);
}

#[test]
fn bad_reminders_are_refused_and_store_nothing() {
    let env = used();
    env.run(["remind", "set", "--at", "07:15"]).ok();
    let before = env.run(["export", "--format", "json"]).ok().to_string();
    for (args, says) in [
        (["--at", "25:00", "--days", "mon"], "--at \"25:00\""),
        (["--at", "6pm", "--days", "mon"], "expected a time of day"),
        (
            ["--at", "18:00", "--days", "mon,someday"],
            "unknown day \"someday\"",
        ),
    ] {
        let mut all = vec!["remind", "set"];
        all.extend(args);
        let err = env.run(all);
        assert!(err.fails_with(2).contains(says), "{}", err.stderr);
    }
    assert_eq!(env.run(["export", "--format", "json"]).ok(), before);
    assert!(
        env.run(["remind", "show"])
            .ok()
            .contains("07:15 on every day")
    );
}
