use std::collections::{BTreeMap, BTreeSet};

use limber_core::diary::PainEntry;
use limber_core::profile::Profile;
use limber_testutil::history::{History, six_weeks};

use super::*;

fn backup(h: History) -> Backup {
    Backup {
        settings: h.profile,
        screens: h.screens,
        sessions: h.sessions,
        pain_entries: h.entries,
        runs: h.runs,
    }
}

#[test]
fn json_round_trip_is_lossless_and_stable() {
    let b = backup(six_weeks());
    let text = b.to_json();
    let back = Backup::from_json(&text).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.to_json(), text, "writing again gives the same bytes");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], FORMAT);
    assert_eq!(v["schema_version"], SCHEMA_VERSION);
    assert_eq!(v["sessions"].as_array().unwrap().len(), 36);
    assert_eq!(v["screens"].as_array().unwrap().len(), 2);
    assert_eq!(v["runs"].as_array().unwrap().len(), 21);
    assert_eq!(v["settings"]["timezone"], "Europe/Berlin");
}

#[test]
fn a_truncated_file_says_so_with_its_position() {
    let text = backup(six_weeks()).to_json();
    let cut = &text[..text.len() / 2];
    match Backup::from_json(cut) {
        Err(BackupError::Truncated { line, .. }) => assert!(line > 10),
        other => panic!("expected Truncated, got {other:?}"),
    }
}

#[test]
fn non_json_is_named_as_such() {
    let e = Backup::from_json("date,back,leg\n2026-11-01,3,4\n").unwrap_err();
    assert!(matches!(e, BackupError::NotJson { line: 1, .. }), "{e:?}");
    assert!(e.to_string().starts_with("it is not JSON"), "{e}");
    let e = Backup::from_json("[1, 2]").unwrap_err();
    assert!(matches!(e, BackupError::NotABackup(_)), "{e:?}");
    let e = Backup::from_json(r#"{"format": "other", "schema_version": 1}"#).unwrap_err();
    assert!(e.to_string().contains("\"other\""), "{e}");
}

#[test]
fn a_newer_schema_version_is_refused_before_reading_records() {
    let text = backup(six_weeks())
        .to_json()
        .replace("\"schema_version\": 4", "\"schema_version\": 5");
    // A newer layout may hold anything: the version check comes first.
    let text = text.replace("\"sessions\"", "\"sessions_v2\"");
    let e = Backup::from_json(&text).unwrap_err();
    assert_eq!(e, BackupError::Newer { found: 5 });
    assert!(e.to_string().contains("newer limber"), "{e}");
}

#[test]
fn an_out_of_range_pain_names_the_record_field_and_line() {
    let mut b = backup(six_weeks());
    b.pain_entries.truncate(3);
    let text = b.to_json();
    // The third entry's leg score becomes 11.
    let leg = format!("\"leg\": {}", b.pain_entries[2].leg.unwrap().get());
    let at = text.rfind(&leg).unwrap();
    let bad = format!("{}\"leg\": 11{}", &text[..at], &text[at + leg.len()..]);
    let line = bad[..at].lines().count();
    match Backup::from_json(&bad).unwrap_err() {
        BackupError::Invalid {
            path,
            detail,
            line: l,
            ..
        } => {
            assert_eq!(path, "pain_entries[2].leg");
            assert!(detail.contains("from 0 to 10, got 11"), "{detail}");
            assert_eq!(l, line);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn unknown_fields_are_refused() {
    let text = backup(History {
        sessions: vec![],
        ..six_weeks()
    })
    .to_json()
    .replace("\"screens\"", "\"screams\"");
    let e = Backup::from_json(&text).unwrap_err();
    assert!(e.to_string().contains("screams"), "{e}");
}

#[test]
fn merging_the_same_backup_adds_nothing() {
    let b = backup(six_weeks());
    let m = merge(&b, &b);
    assert!(m.sessions.is_empty() && m.screens.is_empty() && m.pain_entries.is_empty());
    assert_eq!(m.settings, None);
    assert_eq!(m.already_there, 36 + 2 + b.pain_entries.len() + 21);
}

#[test]
fn merging_into_empty_takes_everything() {
    let b = backup(six_weeks());
    let m = merge(&Backup::default(), &b);
    assert_eq!(m.sessions, b.sessions);
    assert_eq!(m.screens, b.screens);
    assert_eq!(m.pain_entries, b.pain_entries);
    assert_eq!(m.runs, b.runs);
    assert_eq!(m.settings, Some(b.settings));
    assert_eq!(m.already_there, 0);
}

#[test]
fn merging_overlapping_histories_adds_only_the_new_records() {
    let all = backup(six_weeks());
    let mut old = all.clone();
    old.sessions.truncate(10);
    old.pain_entries.truncate(20);
    old.screens.truncate(1);
    // An entry written on this machine only, at the same time as one of the backup's.
    let mut local_only: PainEntry = all.pain_entries[0].clone();
    local_only.note = Some("written here".into());
    old.pain_entries.push(local_only);
    let m = merge(&old, &all);
    assert_eq!(m.sessions, all.sessions[10..]);
    assert_eq!(m.pain_entries, all.pain_entries[20..]);
    assert_eq!(m.screens, all.screens[1..]);
    // A repeated record inside the backup is stored once.
    let mut twice = all.clone();
    twice.pain_entries.push(all.pain_entries[0].clone());
    assert_eq!(
        merge(&Backup::default(), &twice).pain_entries,
        all.pain_entries
    );
}

#[test]
fn stored_settings_win_and_the_backup_fills_gaps() {
    let stored = Profile {
        pace: Some(1.5),
        ..Profile::default()
    };
    let incoming = six_weeks().profile;
    let merged = merge_settings(&stored, &incoming);
    assert_eq!(merged.pace, Some(1.5), "the stored pace is kept");
    assert_eq!(
        merged.timezone, incoming.timezone,
        "an unset zone is filled"
    );
    assert_eq!(merged.past_trials, incoming.past_trials);
    assert_eq!(merge_settings(&merged, &incoming), merged, "idempotent");
}

#[test]
fn the_users_own_program_travels_in_a_backup_and_a_stored_one_wins() {
    let mut b = backup(six_weeks());
    b.settings.program = Some("id = \"mine\"\nname = \"Mine\"\n".into());
    let back = Backup::from_json(&b.to_json()).unwrap();
    assert_eq!(back.settings.program, b.settings.program);
    let stored = Profile {
        pace: Some(1.5),
        ..Profile::default()
    };
    assert_eq!(
        merge_settings(&stored, &b.settings).program,
        b.settings.program,
        "a backup's program fills an unset one"
    );
    let own = Profile {
        program: Some("id = \"kept\"\n".into()),
        ..stored
    };
    assert_eq!(merge_settings(&own, &b.settings).program, own.program);
}

/// `b` as a limber of backup schema `version` (1 or 2) wrote it: sessions
/// and runs numbered 1, 2, … in order, diary entries without ids.
fn legacy_json(b: &Backup, version: u32) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&b.to_json()).unwrap();
    v["schema_version"] = version.into();
    let numbers: BTreeMap<String, usize> = b
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.to_string(), i + 1))
        .collect();
    for s in v["sessions"].as_array_mut().unwrap() {
        s["id"] = numbers[s["id"].as_str().unwrap()].into();
    }
    for e in v["pain_entries"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("id");
    }
    if version == 1 {
        v.as_object_mut().unwrap().remove("runs");
    } else {
        for (i, r) in v["runs"].as_array_mut().unwrap().iter_mut().enumerate() {
            r["id"] = (i + 1).into();
            if let Some(tag) = r["cooldown_session"].as_str() {
                r["cooldown_session"] = numbers[tag].into();
            }
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// `read` holds `b`'s records, with new ids for all of them.
fn same_but_ids(read: &Backup, b: &Backup) {
    assert_eq!(read.settings, b.settings);
    assert_eq!(read.screens, b.screens);
    assert_eq!(read.sessions.len(), b.sessions.len());
    for (r, s) in read.sessions.iter().zip(&b.sessions) {
        assert_ne!(r.id, s.id, "a new id");
        assert_eq!(
            &SessionRecord {
                id: s.id,
                ..r.clone()
            },
            s
        );
    }
    assert_eq!(read.pain_entries.len(), b.pain_entries.len());
    for (r, e) in read.pain_entries.iter().zip(&b.pain_entries) {
        assert_eq!(
            &PainEntry {
                id: e.id,
                ..r.clone()
            },
            e
        );
    }
    let ids: BTreeSet<_> = read.pain_entries.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), read.pain_entries.len(), "every entry its own id");
}

#[test]
fn a_version_1_backup_without_runs_is_still_read() {
    let mut b = backup(six_weeks());
    b.runs.clear();
    let text = legacy_json(&b, 1);
    assert!(!text.contains("\"runs\""), "{}", &text[text.len() - 200..]);
    let read = Backup::from_json(&text).unwrap();
    same_but_ids(&read, &b);
    assert!(read.runs.is_empty());
}

#[test]
fn a_version_2_backup_with_numbered_ids_is_read_with_its_links() {
    let b = backup(six_weeks());
    let text = legacy_json(&b, 2);
    assert!(text.contains("\"cooldown_session\": 1"), "numbered tags");
    let read = Backup::from_json(&text).unwrap();
    same_but_ids(&read, &b);
    assert_eq!(read.runs.len(), b.runs.len());
    for (r, old) in read.runs.iter().zip(&b.runs) {
        assert_eq!(r.run, old.run);
        // The tag names the read session that has the tagged one's place.
        let tagged = old
            .cooldown_session
            .map(|s| b.sessions.iter().position(|x| x.id == s).unwrap());
        let now = r
            .cooldown_session
            .map(|s| read.sessions.iter().position(|x| x.id == s).unwrap());
        assert_eq!(now, tagged);
    }
    assert!(read.runs.iter().any(|r| r.cooldown_session.is_some()));
    // Restoring it over the same history stores nothing twice.
    let m = merge(&b, &read);
    assert!(m.sessions.is_empty() && m.pain_entries.is_empty() && m.runs.is_empty());
    // A numbered field in a version 3 file is an error naming where.
    let wrong = text.replace("\"schema_version\": 2", "\"schema_version\": 3");
    match Backup::from_json(&wrong) {
        // (Whichever numbered record comes first: an entry with no id.)
        Err(BackupError::Invalid { path, detail, .. }) => {
            assert_eq!(path, "pain_entries[0]");
            assert!(detail.contains("`id`"), "{detail}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn runs_merge_like_imports_and_keep_their_cool_down() {
    let all = backup(six_weeks());
    let mut old = all.clone();
    old.runs.truncate(5);
    // This machine stored the sessions under other ids.
    let mut moved = BTreeMap::new();
    for s in &mut old.sessions {
        let new = limber_core::diary::SessionId::at(s.started_at);
        moved.insert(s.id, new);
        s.id = new;
    }
    // The same run as the backup's 6th, from another file: 30 s later.
    let mut nearly = all.runs[5].clone();
    nearly.run.start += jiff::SignedDuration::from_secs(30);
    old.runs.push(nearly);
    let m = merge(&old, &all);
    assert_eq!(m.runs.len(), 21 - 6);
    let tagged = m
        .runs
        .iter()
        .find(|r| r.cooldown_session.is_some())
        .unwrap();
    let original = all.runs.iter().find(|r| r.id == tagged.id).unwrap();
    assert_eq!(
        tagged.cooldown_session,
        original.cooldown_session.map(|s| moved[&s]),
        "the tag follows the stored copy of its session"
    );
}

#[test]
fn a_version_3_backup_reads_with_settings_it_did_not_have_left_unset() {
    let mut b = backup(six_weeks());
    b.settings.program = None;
    b.settings.voice = None;
    b.settings.standing = None;
    let text = b
        .to_json()
        .replace("\"schema_version\": 4", "\"schema_version\": 3");
    assert!(text.contains("\"schema_version\": 3"));
    assert_eq!(Backup::from_json(&text).unwrap(), b);
}

#[test]
fn the_saved_program_and_voice_setting_come_back() {
    let mut b = backup(six_weeks());
    b.settings.program = Some("id = \"curl\"\nname = \"Just the curl\"\n".into());
    b.settings.voice = Some(false);
    let text = b.to_json();
    assert!(text.contains("\"schema_version\": 4"));
    assert_eq!(Backup::from_json(&text).unwrap(), b);
}
