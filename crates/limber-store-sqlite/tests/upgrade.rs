//! A data dir made by the schema before record ids (migrations 0001 and
//! 0011, kept byte for byte as fixtures) opens with today's store: every
//! record reads back unchanged, under a new UUID v7 id built from its own
//! time, and takes new writes.

use std::path::Path;

use jiff::Timestamp;
use limber_core::diary::{
    BodySide, Outcome, PainEntry, Place, Quality, Rating, Reach, SessionContext, SessionRecord,
    SessionStatus, StepReason, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::run::{DistanceSource, Run, Sport};
use limber_core::safety::ScreenRecord;
use limber_core::{ExerciseId, PainScore, Side};
use limber_store::{LOCAL_USER, Store, Version};
use limber_store_sqlite::SqliteStore;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const T: i64 = 1_795_678_200_000;

fn t(offset_ms: i64) -> Timestamp {
    Timestamp::from_millisecond(T + offset_ms).unwrap()
}

fn pain(v: i64) -> PainScore {
    PainScore::new(v).unwrap()
}

fn ex(id: &str) -> ExerciseId {
    ExerciseId::new(id).unwrap()
}

/// Builds a database with the old schema and old-style rows, as limber
/// left it before this change.
async fn old_database(path: &Path, profile: &Profile) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .unwrap();
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-0011");
    Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let statements = [
        format!(
            "INSERT INTO sessions (id, user_id, started_at, ended_at, status, after_run, place,
                                   program, pain_before, pain_after, steps, ratings)
             VALUES (1, 1, {T}, {T} + 300000, 'completed', 1, 'floor', 'runners-cool-down', 5, 3,
                     '[[\"cat-cow\",null,1,\"done\",null,{a}],
                       [\"lying-thigh-stretch\",\"left\",2,\"stopped\",\"pain went down the leg\",{b}]]',
                     '[[null,5,{T}],[\"cat-cow\",4,{a}]]')",
            a = T + 60_000,
            b = T + 120_000
        ),
        format!(
            "INSERT INTO sessions (id, user_id, started_at, status, after_run, place, program)
             VALUES (2, 1, {T} + 86400000, 'partial', 0, 'wall', 'desk-break')"
        ),
        format!(
            "INSERT INTO pain_entries (id, user_id, at, back, leg, reach, side, qualities,
                                       weakness, stiffness, morning, note)
             VALUES (1, 1, {T} - 3600000, 3, 6, 'below-knee', 'left', 'tingling,electric', 1, 2, 1,
                     'after 10k, \"tight\", ünïcode ✓'),
                    (2, 1, {T} + 3600000, NULL, NULL, NULL, NULL, '', 0, NULL, 0, NULL)"
        ),
        format!(
            "INSERT INTO runs (id, user_id, start_at, end_at, sport, distance_m, distance_source,
                               moving_s, elevation_gain_m, fingerprint, cooldown_session)
             VALUES (1, 1, {T} - 1900000, {T} - 100000, 'running', 5000.0, 'file', 1750.5, 12.0,
                     {fp1}, 1),
                    (2, 1, {T} + 86400000 * 3, {T} + 86400000 * 3 + 600000, 'walking', 800.0,
                     'points', 590.0, NULL, {fp2}, NULL)",
            fp1 = (T - 1_900_000) / 60_000,
            fp2 = (T + 86_400_000 * 3) / 60_000
        ),
        format!(
            "INSERT INTO screens (user_id, taken_at, answers, acknowledged_at)
             VALUES (1, {T} - 86400000, '{{\"cancer\":false}}', NULL)"
        ),
        format!(
            "INSERT INTO profiles (user_id, json) VALUES (1, '{}')",
            serde_json::to_string(profile).unwrap().replace('\'', "''")
        ),
    ];
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

fn expected_sessions() -> Vec<SessionRecord> {
    let first = SessionRecord {
        id: limber_core::diary::SessionId::from_u128(0),
        started_at: t(0),
        ended_at: Some(t(300_000)),
        status: SessionStatus::Completed,
        context: SessionContext {
            after_run: true,
            place: Place::Floor,
        },
        program: "runners-cool-down".into(),
        pain_before: Some(pain(5)),
        pain_after: Some(pain(3)),
        steps: vec![
            StepRecord {
                exercise: ex("cat-cow"),
                side: None,
                rep: 1,
                outcome: Outcome::Done,
                reason: None,
                at: t(60_000),
            },
            StepRecord {
                exercise: ex("lying-thigh-stretch"),
                side: Some(Side::Left),
                rep: 2,
                outcome: Outcome::Stopped,
                reason: Some(StepReason::from_words("pain went down the leg")),
                at: t(120_000),
            },
        ],
        ratings: vec![
            Rating {
                after: None,
                pain: pain(5),
                at: t(0),
            },
            Rating {
                after: Some(ex("cat-cow")),
                pain: pain(4),
                at: t(60_000),
            },
        ],
    };
    let second = SessionRecord {
        started_at: t(86_400_000),
        ended_at: None,
        status: SessionStatus::Partial,
        context: SessionContext {
            after_run: false,
            place: Place::Wall,
        },
        program: "desk-break".into(),
        pain_before: None,
        pain_after: None,
        steps: vec![],
        ratings: vec![],
        ..first
    };
    vec![first, second]
}

/// The id's time (UUID v7) is the record's own.
fn id_time(id: uuid::Uuid) -> i64 {
    assert_eq!(id.get_version_num(), 7, "{id} is a UUID v7");
    let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
    i64::try_from(secs).unwrap() * 1000 + i64::from(nanos / 1_000_000)
}

#[tokio::test]
async fn a_database_of_the_old_schema_upgrades_and_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limber.db");
    let profile = Profile {
        timezone: Some("Europe/Oslo".into()),
        pace: Some(1.25),
        disclaimer_shown: Some(t(-86_400_000)),
        ..Profile::default()
    };
    old_database(&path, &profile).await;

    let store = SqliteStore::open(&path).await.unwrap();

    let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(sessions.len(), 2);
    for (got, want) in sessions.iter().zip(expected_sessions()) {
        assert_eq!(
            got,
            &SessionRecord {
                id: got.id,
                ..want.clone()
            },
            "everything but the id reads back unchanged"
        );
        assert_eq!(id_time(got.id.as_uuid()), want.started_at.as_millisecond());
    }
    assert_ne!(sessions[0].id, sessions[1].id);

    let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    let want = [
        PainEntry {
            id: entries[0].id,
            at: t(-3_600_000),
            back: Some(pain(3)),
            leg: Some(pain(6)),
            reach: Some(Reach::BelowKnee),
            side: Some(BodySide::Left),
            qualities: vec![Quality::Tingling, Quality::Electric],
            weakness: true,
            stiffness: Some(pain(2)),
            morning: true,
            note: Some("after 10k, \"tight\", ünïcode ✓".into()),
        },
        PainEntry {
            id: entries[1].id,
            at: t(3_600_000),
            back: None,
            leg: None,
            reach: None,
            side: None,
            qualities: vec![],
            weakness: false,
            stiffness: None,
            morning: false,
            note: None,
        },
    ];
    assert_eq!(entries, want);
    for e in &entries {
        assert_eq!(id_time(e.id.as_uuid()), e.at.as_millisecond());
    }

    let runs = store.runs(LOCAL_USER, None).await.unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(
        runs[0].run,
        Run {
            start: t(-1_900_000),
            end: t(-100_000),
            sport: Sport::Running,
            distance_m: 5000.0,
            distance_source: DistanceSource::File,
            moving_s: 1750.5,
            elevation_gain_m: Some(12.0),
        }
    );
    assert_eq!(
        runs[0].cooldown_session,
        Some(sessions[0].id),
        "the cool-down tag follows its session to the new id"
    );
    assert_eq!(
        (runs[1].run.sport, runs[1].cooldown_session),
        (Sport::Walking, None)
    );
    assert_eq!(
        id_time(runs[0].id.as_uuid()),
        runs[0].run.start.as_millisecond()
    );

    let mut stored = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!((&*stored, stored.version), (&profile, Version(1)));
    let screens = store.screens(LOCAL_USER).await.unwrap();
    assert_eq!(
        screens,
        vec![ScreenRecord {
            taken_at: t(-86_400_000),
            answers: serde_json::from_str("{\"cancer\":false}").unwrap(),
            acknowledged_at: None,
        }]
    );

    // The upgraded records take new writes like any other.
    stored.pace = Some(1.0);
    store.save_profile(LOCAL_USER, &mut stored).await.unwrap();
    let partial = sessions[1].id;
    let hold = StepRecord {
        exercise: ex("cat-cow"),
        side: None,
        rep: 1,
        outcome: Outcome::Done,
        reason: None,
        at: t(86_460_000),
    };
    store.record_step(LOCAL_USER, partial, &hold).await.unwrap();
    store.record_step(LOCAL_USER, partial, &hold).await.unwrap();
    store
        .delete_pain_entry(LOCAL_USER, entries[1].id, t(90_000_000))
        .await
        .unwrap();
    store.close().await;

    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.sessions(LOCAL_USER, None).await.unwrap()[1].steps,
        vec![hold]
    );
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        want[..1]
    );
    assert_eq!(store.profile(LOCAL_USER).await.unwrap().version, Version(2));
}
