//! `--database URL` and `$LIMBER_DATABASE`: which store a command opens.
//! A bad URL is refused before anything is opened, so the data dir is left
//! exactly as it was.

use std::path::Path;

use crate::common::{Run, TestEnv};

/// The names of the files in `dir` other than SQLite's own WAL and
/// shared-memory files, sorted: the databases a command left there.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

/// `limber ARGS` with `LIMBER_DATABASE=value`, as a snapshot.
fn with_variable(env: &TestEnv, value: &str, args: &[&str]) -> String {
    let out = env
        .command()
        .env("LIMBER_DATABASE", value)
        .args(args)
        .output()
        .unwrap();
    Run::from(out).snapshot(env.home())
}

#[test]
fn a_sqlite_url_names_the_file_every_command_reads_and_writes() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    let other = env.home().join("elsewhere/diary.db");
    let url = format!("sqlite://{}", other.display());
    insta::assert_snapshot!(env.snap(["--database", &url, "log", "--leg", "4"]), @"Saved.");
    assert!(other.is_file(), "the entry went to {}", other.display());
    assert!(!env.db().exists(), "the data dir's file was not made");
    insta::assert_snapshot!(env.snap(["history", "--database", &url]), @"2026-11-26 09:00  diary: leg 4/10");
    insta::assert_snapshot!(env.snap(["history"]), @"Nothing yet. `limber start` runs a guided cool-down; `limber log --leg N` records how you feel.");
}

#[test]
fn a_bare_path_and_the_environment_variable_name_a_file_too() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    let bare = env.home().join("bare.db");
    env.run(["log", "--leg", "2", "--database", bare.to_str().unwrap()])
        .ok();
    let url = format!("sqlite:{}", bare.display());
    insta::assert_snapshot!(with_variable(&env, &url, &["history"]), @"2026-11-26 09:00  diary: leg 2/10");
    // The flag wins over the variable.
    let flagged = env.home().join("flag.db");
    let out = env
        .command()
        .env("LIMBER_DATABASE", &url)
        .args(["log", "--leg", "7", "--database", flagged.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    insta::assert_snapshot!(with_variable(&env, &url, &["history"]), @"2026-11-26 09:00  diary: leg 2/10");
    assert_eq!(files_in(env.home()), ["bare.db", "flag.db"]);
}

#[test]
fn postgres_is_not_in_this_build_and_nothing_is_created() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    insta::assert_snapshot!(env.snap(["log", "--leg", "3", "--database", "postgres://limber@db.example/limber"]), @r#"
    [stderr]
    limber: --database "postgres://limber@db.example/limber": this build of limber has no PostgreSQL backend yet; use sqlite://PATH, or leave the database out to use the file in the data dir
    [exit 2]
    "#);
    insta::assert_snapshot!(with_variable(&env, "postgresql://db.example/limber", &["log", "--leg", "3"]), @r#"
    [stderr]
    limber: LIMBER_DATABASE="postgresql://db.example/limber": this build of limber has no PostgreSQL backend yet; use sqlite://PATH, or leave the database out to use the file in the data dir
    [exit 2]
    "#);
    assert!(
        files_in(env.home()).is_empty(),
        "{:?}",
        files_in(env.home())
    );
}

#[test]
fn an_unknown_or_malformed_url_names_the_flag_or_variable_and_leaves_the_data_dir_as_it_was() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    env.run(["log", "--leg", "3"]).ok();
    let stored = env.stored();
    let before = files_in(env.home());
    insta::assert_snapshot!(env.snap(["log", "--leg", "9", "--database", "mysql://db.example/limber"]), @r#"
    [stderr]
    limber: --database "mysql://db.example/limber": limber does not know the database type "mysql"; expected sqlite://PATH or a file path
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["log", "--leg", "9", "--database", "sqlite://"]), @r#"
    [stderr]
    limber: --database "sqlite://": it names no file; expected sqlite://PATH
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["log", "--leg", "9", "--database", "sqlite://x.db?mode=memory"]), @r#"
    [stderr]
    limber: --database "sqlite://x.db?mode=memory": it names no file; expected sqlite://PATH
    [exit 2]
    "#);
    insta::assert_snapshot!(env.snap(["log", "--leg", "9", "--database", " "]), @r#"
    [stderr]
    limber: --database " ": it is empty; expected sqlite://PATH or a file path
    [exit 2]
    "#);
    insta::assert_snapshot!(with_variable(&env, "redis://cache", &["history"]), @r#"
    [stderr]
    limber: LIMBER_DATABASE="redis://cache": limber does not know the database type "redis"; expected sqlite://PATH or a file path
    [exit 2]
    "#);
    assert_eq!(files_in(env.home()), before);
    assert_eq!(env.stored(), stored, "nothing was written");
}

#[test]
fn a_reading_command_never_creates_a_named_database() {
    let env = TestEnv::new();
    let missing = env.home().join("missing.db");
    insta::assert_snapshot!(env.snap(["history", "--database", missing.to_str().unwrap()]), @"
    [stderr]
    limber: the database $HOME/missing.db does not exist; nothing was created (commands that record something, like `limber log` or `limber start`, create it)
    [exit 2]
    ");
    assert!(files_in(env.home()).is_empty());
}

#[test]
fn an_empty_variable_means_the_data_dir() {
    let env = TestEnv::new().at("2026-11-26T09:00:00Z");
    insta::assert_snapshot!(with_variable(&env, "", &["log", "--leg", "1"]), @"Saved.");
    assert!(env.db().is_file());
}
