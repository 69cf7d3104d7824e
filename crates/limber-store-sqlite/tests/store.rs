//! The shared store suite against a SQLite file, plus what only SQLite has:
//! file permissions, WAL, migrations on reopen, durability across `kill -9`.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use limber_core::diary::SessionStatus;
use limber_store::testsuite::{at, bare_entry, full_entry, new_session, pain};
use limber_store::{LOCAL_USER, SessionEnd, Store, StoreError};
use limber_store_sqlite::SqliteStore;

limber_store::store_tests!(async {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("limber.db"))
        .await
        .unwrap();
    (store, dir)
});

mod in_memory {
    limber_store::store_tests!(async {
        let store = limber_store_sqlite::SqliteStore::open_in_memory()
            .await
            .unwrap();
        (store, ())
    });
}

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data").join("limber.db")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn pragma(store: &SqliteStore, name: &'static str) -> String {
    let row: (String,) = sqlx::query_as(name).fetch_one(store.pool()).await.unwrap();
    row.0
}

#[tokio::test]
async fn the_file_and_its_wal_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    store
        .add_pain_entry(LOCAL_USER, &bare_entry(at(0)))
        .await
        .unwrap();
    assert_eq!(mode(&path), 0o600, "database file");
    let wal = path.with_extension("db-wal");
    assert!(wal.exists(), "WAL file exists while the store is open");
    assert_eq!(mode(&wal), 0o600, "WAL file");
    assert_eq!(mode(path.parent().unwrap()), 0o700, "created data dir");
}

#[tokio::test]
async fn an_existing_readable_file_is_tightened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limber.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    SqliteStore::open(&path).await.unwrap();
    assert_eq!(mode(&path), 0o600);
}

#[tokio::test]
async fn wal_full_sync_and_foreign_keys_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    assert_eq!(pragma(&store, "PRAGMA journal_mode").await, "wal");
    let sync: (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sync.0, 2, "synchronous=FULL");
    let fk: (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk.0, 1);
}

#[tokio::test]
async fn reopening_migrates_idempotently_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    let id = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let entry = full_entry(at(1));
    store.add_pain_entry(LOCAL_USER, &entry).await.unwrap();
    store.close().await;
    drop(store);

    for _ in 0..2 {
        let store = SqliteStore::open(&path).await.unwrap();
        let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].id, id);
        assert_eq!(
            store.pain_entries(LOCAL_USER, None).await.unwrap(),
            vec![entry.clone()]
        );
        let applied: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let shipped = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "sql")
            })
            .count();
        assert_eq!(
            applied.0 as usize, shipped,
            "each migration is applied once"
        );
    }
}

#[tokio::test]
async fn a_newer_schema_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations
            (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', 1, x'00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;

    let err = SqliteStore::open(&path).await.unwrap_err();
    let StoreError::Migration { message, .. } = &err else {
        panic!("expected a migration error, got {err:?}");
    };
    assert!(message.contains("9999"), "{message}");
    assert!(message.contains("newer limber"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
}

#[tokio::test]
async fn an_unopenable_path_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let path = file.join("limber.db");

    let err = SqliteStore::open(&path).await.unwrap_err();
    let StoreError::Open { path: named, .. } = &err else {
        panic!("expected an open error, got {err:?}");
    };
    assert_eq!(named, &path.display().to_string());
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );

    // A directory where the file should be.
    let err = SqliteStore::open(dir.path()).await.unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
}

#[tokio::test]
async fn corrupt_rows_name_their_table_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();

    sqlx::query("INSERT INTO profiles (user_id, json) VALUES (1, '{\"pace\": \"brisk\"}')")
        .execute(store.pool())
        .await
        .unwrap();
    let err = store.profile(LOCAL_USER).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt(m) if m.contains("profiles") && m.contains("user 1")),
        "{err:?}"
    );

    // Rows that slipped past the CHECK constraints (another tool, an old bug).
    let id = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    sqlx::query("PRAGMA ignore_check_constraints = ON")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE sessions SET steps = '[[\"cat-cow\",null,1,\"Done\",null,0]]' WHERE id = ?",
    )
    .bind(id.to_string())
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query("PRAGMA ignore_check_constraints = OFF")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let err = store.sessions(LOCAL_USER, None).await.unwrap_err();
    let StoreError::Corrupt(message) = &err else {
        panic!("expected Corrupt, got {err:?}");
    };
    assert!(message.contains("sessions.steps"), "{message}");
    assert!(
        message.contains(&format!("session {id}, seq 1")),
        "{message}"
    );
    assert!(message.contains("\"Done\""), "{message}");
}

/// A diary row as limber writes it, with `column` set to `value` (SQL).
fn pain_row_with(column: &str, value: &str) -> String {
    let mut values = vec![
        ("id", "'01900000-0000-7000-8000-000000000001'"),
        ("user_id", "1"),
        ("at", "0"),
        ("back", "3"),
        ("leg", "2"),
        ("reach", "'thigh'"),
        ("side", "'left'"),
        ("qualities", "'ache'"),
        ("weakness", "0"),
        ("stiffness", "NULL"),
        ("morning", "0"),
        ("note", "NULL"),
        ("updated_at", "0"),
    ];
    for (c, v) in &mut values {
        if *c == column {
            *v = value;
        }
    }
    let (columns, values): (Vec<&str>, Vec<&str>) = values.into_iter().unzip();
    format!(
        "INSERT INTO pain_entries ({}) VALUES ({})",
        columns.join(", "),
        values.join(", ")
    )
}

#[tokio::test]
async fn out_of_range_values_are_refused_by_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    for (column, value) in [
        ("leg", "11"),
        ("back", "-1"),
        ("reach", "'knee'"),
        ("side", "'middle'"),
        ("weakness", "2"),
        ("morning", "2"),
        ("stiffness", "11"),
        ("id", "'short'"),
    ] {
        let err = sqlx::query(sqlx::AssertSqlSafe(pain_row_with(column, value)))
            .execute(store.pool())
            .await
            .expect_err(&format!("{column} = {value} must violate a CHECK"));
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{column}: {err}"
        );
    }
    // Every allowed word still goes in.
    for (i, (column, value)) in [
        ("reach", "'back'"),
        ("reach", "'buttock'"),
        ("reach", "'below-knee'"),
        ("reach", "'foot'"),
        ("reach", "NULL"),
        ("side", "'right'"),
        ("side", "'both'"),
        ("side", "NULL"),
    ]
    .into_iter()
    .enumerate()
    {
        let sql = pain_row_with(column, value).replace("000000000001", &format!("{i:012}"));
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{column} = {value}: {e}"));
    }
    let bad = sqlx::query(
        "INSERT INTO sessions (id, user_id, started_at, status, after_run, place, program, updated_at)
         VALUES ('01900000-0000-7000-8000-000000000001', 1, 0, 'paused', 0, 'floor', 'default', 0)",
    )
    .execute(store.pool())
    .await
    .expect_err("unknown status must violate a CHECK");
    assert!(bad.to_string().contains("CHECK constraint failed"), "{bad}");
}

/// SQLite checks `x IN (a, b, c)` by building a table of the list, and a
/// CHECK's list is built again for every row: storing a diary entry, the
/// write a server makes most, must not.
#[tokio::test]
async fn storing_a_diary_entry_builds_no_lookup_table() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    let plan: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "EXPLAIN {}",
        pain_row_with("note", "'x'")
    )))
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(plan.iter().any(|(_, op)| op == "Insert"), "{plan:?}");
    assert!(
        !plan.iter().any(|(_, op)| op == "OpenEphemeral"),
        "a lookup table is built per row: {plan:?}"
    );
}

#[tokio::test]
async fn data_survives_dropping_the_store_without_close() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    let id = store
        .begin_session(LOCAL_USER, &new_session(at(0)))
        .await
        .unwrap();
    store
        .finish_session(
            LOCAL_USER,
            id,
            &SessionEnd {
                ended_at: at(1),
                status: SessionStatus::Completed,
                pain_after: Some(pain(1)),
            },
        )
        .await
        .unwrap();
    drop(store);

    let store = SqliteStore::open(&path).await.unwrap();
    let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].status, SessionStatus::Completed);
}

const CHILD_DB: &str = "LIMBER_STORE_SQLITE_TEST_CHILD_DB";
/// How many times `acknowledged_writes_survive_kill_9` kills a writer: a
/// few by default (about a second), more with this variable set, e.g.
/// `LIMBER_KILL9_ROUNDS=200` for a soak run.
const ROUNDS_VAR: &str = "LIMBER_KILL9_ROUNDS";
const DEFAULT_ROUNDS: usize = 8;

/// Not a test on its own (hence ignored; the suite never runs it empty): the
/// body of the child process that `acknowledged_writes_survive_kill_9`
/// spawns and kills. It appends diary entries after those already stored
/// until killed, printing `ack N` after each write returned `Ok`.
#[tokio::test]
#[ignore = "run only as the child of acknowledged_writes_survive_kill_9"]
async fn child_writer_for_kill_9() {
    let path = std::env::var_os(CHILD_DB).expect("run by acknowledged_writes_survive_kill_9");
    let store = SqliteStore::open(Path::new(&path)).await.unwrap();
    let first = store.pain_entries(LOCAL_USER, None).await.unwrap().len();
    let mut out = std::io::stdout().lock();
    let deadline = Instant::now() + Duration::from_secs(60);
    for i in first.. {
        let mut entry = bare_entry(at(i64::try_from(i).unwrap()));
        entry.note = Some(format!("entry {i}"));
        store.add_pain_entry(LOCAL_USER, &entry).await.unwrap();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
        assert!(
            Instant::now() < deadline,
            "the parent should have killed me"
        );
    }
}

/// Spawns the writer, kills it with SIGKILL once it has acknowledged
/// `acks` more writes, and returns the last acknowledged entry's number.
fn kill_writer_after(path: &Path, acks: usize) -> usize {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writer_for_kill_9",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut seen = 0;
    let mut last_ack = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("ack ") {
            last_ack = Some(n.parse().unwrap());
            seen += 1;
            if seen >= acks {
                // Child::kill sends SIGKILL on Unix: no destructors, no close.
                child.kill().unwrap();
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    assert!(seen >= acks, "child stopped early: {status}");
    assert!(!status.success(), "the child was killed, not finished");
    last_ack.expect("the child acknowledged writes")
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let rounds = std::env::var(ROUNDS_VAR).map_or(DEFAULT_ROUNDS, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{ROUNDS_VAR}={v:?} is not a count"))
    });
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    for round in 0..rounds {
        // Vary where in the writer's life the kill lands.
        let last_ack = kill_writer_after(&path, 20 + (round * 37) % 90);
        let store = SqliteStore::open(&path).await.unwrap();
        let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
        store.close().await;
        assert!(
            entries.len() > last_ack,
            "round {round}: {} entries survived, but {} were acknowledged",
            entries.len(),
            last_ack + 1
        );
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e.note.as_deref(), Some(format!("entry {i}").as_str()));
        }
    }
}

/// `limber stats` reads ten years of daily sessions and diary entries at
/// once; all of it must come back whole and in order. (How fast is measured
/// by `bench/stats.sh`, not here.)
#[tokio::test]
async fn ten_years_load_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    const DAY_MS: i64 = 86_400_000;
    // Bulk-load through SQL in one transaction: the store API syncs per write.
    let mut tx = store.pool().begin().await.unwrap();
    sqlx::query(
        "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 3649),
                        k(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM k WHERE seq < 12)
         INSERT INTO sessions (id, user_id, started_at, ended_at, status, after_run, place,
                               program, pain_before, pain_after, steps, ratings, updated_at)
         SELECT printf('00000000-0000-7000-8000-%012x', n), 1, n * ?1, n * ?1 + 600000,
                'completed', n % 2, 'floor', 'default', 5, 3,
                (SELECT json_group_array(json_array('lying-thigh-stretch',
                        CASE seq % 3 WHEN 0 THEN NULL WHEN 1 THEN 'left' ELSE 'right' END,
                        (seq + 1) / 2, CASE WHEN seq = 12 THEN 'skipped' ELSE 'done' END,
                        NULL, n * ?1 + seq * 30000)) FROM k),
                json_array(json_array(NULL, 5, n * ?1), json_array('lying-thigh-stretch', 3, n * ?1 + 400000)),
                n * ?1 + 600000
         FROM d",
    )
    .bind(DAY_MS)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 7299)
         INSERT INTO pain_entries (id, user_id, at, back, leg, reach, side, qualities, weakness,
                                   stiffness, morning, note, updated_at)
         SELECT printf('00000000-0000-7000-9000-%012x', n), 1, n * ?1 / 2, n % 11, (n + 3) % 11,
                'thigh', 'left', 'tingling,ache', 0, NULL, n % 2, NULL, n * ?1 / 2 FROM d",
    )
    .bind(DAY_MS)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let sessions = store.sessions(LOCAL_USER, None).await.unwrap();
    let entries = store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(sessions.len(), 3650);
    assert!(
        sessions
            .windows(2)
            .all(|w| w[0].started_at < w[1].started_at)
    );
    assert!(
        sessions
            .iter()
            .all(|s| s.steps.len() == 12 && s.ratings.len() == 2)
    );
    assert_eq!(
        sessions[0].steps[11].outcome,
        limber_core::diary::Outcome::Skipped
    );
    assert_eq!(entries.len(), 7300);
}

/// A failure part-way through an import leaves nothing of it behind.
#[tokio::test]
async fn a_failed_import_writes_nothing() {
    use limber_core::profile::Profile;
    use limber_store::Import;
    use limber_store::testsuite::whole_session;

    let store = SqliteStore::open_in_memory().await.unwrap();
    let stored = full_entry(at(0));
    store.add_pain_entry(LOCAL_USER, &stored).await.unwrap();
    // The last record of the import is refused by the database.
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON pain_entries WHEN NEW.note = 'refuse me'
         BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let mut refused = bare_entry(at(9));
    refused.note = Some("refuse me".into());
    let import = Import {
        profile: Some(Profile {
            pace: Some(2.0),
            ..Profile::default()
        }),
        screens: vec![limber_store::testsuite::screen(at(1), &[])],
        sessions: vec![whole_session(at(2))],
        pain_entries: vec![bare_entry(at(3)), refused],
        runs: vec![],
    };
    let err = store.import(LOCAL_USER, &import).await.unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");

    let profile = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!((&*profile, profile.version.0), (&Profile::default(), 0));
    assert!(store.screens(LOCAL_USER).await.unwrap().is_empty());
    assert!(store.sessions(LOCAL_USER, None).await.unwrap().is_empty());
    assert_eq!(
        store.pain_entries(LOCAL_USER, None).await.unwrap(),
        vec![stored]
    );
}

#[tokio::test]
async fn the_change_mark_moves_with_every_commit_from_this_store_or_another() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    let mark = || async {
        store
            .change_mark()
            .await
            .unwrap()
            .expect("a file has a mark")
    };

    let first = mark().await;
    assert_eq!(mark().await, first, "reading moves nothing");
    let _ = store.pain_entries(LOCAL_USER, None).await.unwrap();
    assert_eq!(mark().await, first, "reading moves nothing");

    store
        .add_pain_entry(LOCAL_USER, &bare_entry(at(0)))
        .await
        .unwrap();
    let after_own = mark().await;
    assert_ne!(after_own, first, "a commit through this store");

    // Another process's write (the CLI logging while `serve` runs).
    let other = SqliteStore::open(&path).await.unwrap();
    other
        .add_pain_entry(LOCAL_USER, &bare_entry(at(1)))
        .await
        .unwrap();
    let after_other = mark().await;
    assert_ne!(
        after_other, after_own,
        "a commit through another connection"
    );
    assert_ne!(after_other, first);
}

#[tokio::test]
async fn a_private_in_memory_store_has_no_mark() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    assert_eq!(store.change_mark().await.unwrap(), None);
}

#[tokio::test]
async fn append_stores_together_while_nobody_else_wrote_and_refuses_after() {
    use limber_store::Appended;
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = SqliteStore::open(&path).await.unwrap();
    store.create_user(LOCAL_USER).await.unwrap();
    let mark = store.others_mark().await.unwrap().expect("a file has one");

    let mut profile = store.profile(LOCAL_USER).await.unwrap();
    profile.timezone = Some("Europe/London".into());
    let batch = [bare_entry(at(0)), bare_entry(at(1)), bare_entry(at(2))];
    let done = store
        .append(LOCAL_USER, mark, &batch, Some(&mut profile))
        .await
        .unwrap();
    assert_eq!(done, Appended::Stored);
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap(), batch);
    let stored = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!(stored.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(
        stored.version, profile.version,
        "the caller's copy advanced"
    );

    // Its own commits leave the mark where it was ...
    assert_eq!(store.others_mark().await.unwrap(), Some(mark));
    let more = [bare_entry(at(3))];
    let done = store.append(LOCAL_USER, mark, &more, None).await.unwrap();
    assert_eq!(done, Appended::Stored);

    // ... any other write moves it: this store's own pool ...
    store
        .add_pain_entry(LOCAL_USER, &bare_entry(at(4)))
        .await
        .unwrap();
    let late = [bare_entry(at(5))];
    let done = store.append(LOCAL_USER, mark, &late, None).await.unwrap();
    assert_eq!(done, Appended::Changed);
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap().len(), 5);

    // ... or another process.
    let mark = store.others_mark().await.unwrap().unwrap();
    let other = SqliteStore::open(&path).await.unwrap();
    other
        .add_pain_entry(LOCAL_USER, &bare_entry(at(6)))
        .await
        .unwrap();
    let done = store.append(LOCAL_USER, mark, &late, None).await.unwrap();
    assert_eq!(done, Appended::Changed);
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap().len(), 6);
    let mark = store.others_mark().await.unwrap().unwrap();
    let done = store.append(LOCAL_USER, mark, &late, None).await.unwrap();
    assert_eq!(done, Appended::Stored);
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap().len(), 7);
}

#[tokio::test]
async fn a_private_in_memory_store_keeps_nothing_for_a_driver() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    assert_eq!(store.others_mark().await.unwrap(), None);
}

#[tokio::test]
async fn append_stores_nothing_when_an_entry_is_stored_already() {
    use limber_store::Appended;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    store.create_user(LOCAL_USER).await.unwrap();
    let mark = store.others_mark().await.unwrap().unwrap();
    let first = [bare_entry(at(0))];
    let done = store.append(LOCAL_USER, mark, &first, None).await.unwrap();
    assert_eq!(done, Appended::Stored);
    let mut profile = store.profile(LOCAL_USER).await.unwrap();
    profile.timezone = Some("Europe/London".into());
    let again = [bare_entry(at(1)), first[0].clone()];
    let done = store
        .append(LOCAL_USER, mark, &again, Some(&mut profile))
        .await
        .unwrap();
    assert_eq!(done, Appended::Changed, "a retry among them");
    assert_eq!(store.pain_entries(LOCAL_USER, None).await.unwrap(), first);
    assert_eq!(store.profile(LOCAL_USER).await.unwrap().timezone, None);
}

#[tokio::test]
async fn a_refused_profile_stores_nothing_and_the_next_append_goes_through() {
    use limber_store::{Appended, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    store.create_user(LOCAL_USER).await.unwrap();
    let mark = store.others_mark().await.unwrap().unwrap();
    let mut stale = store.profile(LOCAL_USER).await.unwrap();
    let mut saved = stale.clone();
    saved.timezone = Some("Europe/Paris".into());
    store.save_profile(LOCAL_USER, &mut saved).await.unwrap();
    let mark_after = store.others_mark().await.unwrap().unwrap();
    assert_ne!(mark, mark_after, "the pool's save moved the mark");

    stale.timezone = Some("Europe/London".into());
    let refused = store
        .append(
            LOCAL_USER,
            mark_after,
            &[bare_entry(at(0))],
            Some(&mut stale),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "a profile saved since it was read: {refused:?}"
    );
    assert!(
        store
            .pain_entries(LOCAL_USER, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.profile(LOCAL_USER).await.unwrap().timezone.as_deref(),
        Some("Europe/Paris")
    );

    // The same connection carries on, its mark still its own.
    assert_eq!(store.others_mark().await.unwrap(), Some(mark_after));
    let done = store
        .append(LOCAL_USER, mark_after, &[bare_entry(at(1))], None)
        .await
        .unwrap();
    assert_eq!(done, Appended::Stored);
}

#[tokio::test]
async fn a_closed_store_refuses_to_append_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&db_path(&dir)).await.unwrap();
    store.create_user(LOCAL_USER).await.unwrap();
    let mark = store.others_mark().await.unwrap().unwrap();
    store.close().await;
    let err = store
        .append(LOCAL_USER, mark, &[bare_entry(at(0))], None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");

    // Closed before anything was appended: the same.
    let never_used = SqliteStore::open(&db_path(&dir)).await.unwrap();
    never_used.close().await;
    let err = never_used.others_mark().await.unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");
}
