//! The user's saved program: saved only when it checks without errors,
//! over the version read, and what every driver plans from when no file is
//! named.

use jiff::Timestamp;
use limber_app::planning::{self, Wanted};
use limber_app::program::{self, ProgramError, ProgramSource, Severity};
use limber_app::user_state::UserState;
use limber_core::Catalog;
use limber_core::diary::Place;
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;

const NOW: &str = "2026-11-20T07:00:00Z";

const AT_HOME: Wanted = Wanted {
    after_run: false,
    place: Place::Floor,
    minutes: None,
};

/// One step, the back curl: a plan from it has no thigh stretch.
const BACK_CURL_ONLY: &str =
    "id = \"curl\"\nname = \"Just the curl\"\n\n[[steps]]\nexercise = \"back-curl\"\n";

/// A hold longer than guidance suggests: saved, with a warning.
const LONG_HOLD: &str =
    "id = \"long\"\nname = \"Long\"\n\n[[steps]]\nexercise = \"lying-thigh-stretch\"\nhold = 90\n";

/// An unknown exercise on line 5.
const UNKNOWN: &str = "id = \"bad\"\nname = \"Bad\"\n\n[[steps]]\nexercise = \"nope\"\n";

async fn store() -> SqliteStore {
    SqliteStore::open_in_memory().await.unwrap()
}

async fn planned(store: &SqliteStore, catalog: &Catalog) -> limber_core::plan::Routine {
    let now: Timestamp = NOW.parse().unwrap();
    let state = UserState::recent(store, LOCAL_USER, now, catalog)
        .await
        .unwrap();
    planning::routine(store, LOCAL_USER, catalog, &state, None, AT_HOME)
        .await
        .unwrap()
}

fn exercises(routine: &limber_core::plan::Routine) -> Vec<String> {
    routine
        .steps
        .iter()
        .map(|s| s.exercise.to_string())
        .collect()
}

#[tokio::test]
async fn with_nothing_saved_the_program_is_the_runners_cool_down() {
    let (s, catalog) = (store().await, Catalog::builtin());
    let view = program::current(&s, LOCAL_USER, &catalog).await.unwrap();
    assert_eq!(view.source, ProgramSource::Builtin);
    assert_eq!(view.toml, catalog.default_program_toml());
    assert!(view.check.ok);
    assert_eq!(planned(&s, &catalog).await.program, "Runner's cool-down");
}

#[tokio::test]
async fn a_saved_program_plans_every_session_until_it_is_reset() {
    let (s, catalog) = (store().await, Catalog::builtin());
    let read = program::current(&s, LOCAL_USER, &catalog).await.unwrap();
    let saved = program::save(&s, LOCAL_USER, &catalog, BACK_CURL_ONLY, Some(read.version))
        .await
        .unwrap();
    assert_eq!(saved.source, ProgramSource::Stored);
    assert_eq!(saved.toml, BACK_CURL_ONLY);
    assert!(saved.version > read.version);
    let routine = planned(&s, &catalog).await;
    assert_eq!(routine.program, "Just the curl");
    assert_eq!(exercises(&routine), ["back-curl"]);

    // A file the driver names wins over the saved program.
    let now: Timestamp = NOW.parse().unwrap();
    let state = UserState::recent(&s, LOCAL_USER, now, &catalog)
        .await
        .unwrap();
    let named = planning::routine(
        &s,
        LOCAL_USER,
        &catalog,
        &state,
        Some(catalog.default_program()),
        AT_HOME,
    )
    .await
    .unwrap();
    assert_eq!(named.program, "Runner's cool-down");

    let reset = program::reset(&s, LOCAL_USER, &catalog, Some(saved.version))
        .await
        .unwrap();
    assert_eq!(reset.source, ProgramSource::Builtin);
    assert_eq!(planned(&s, &catalog).await.program, "Runner's cool-down");
}

#[tokio::test]
async fn a_program_with_warnings_is_saved_and_says_them() {
    let (s, catalog) = (store().await, Catalog::builtin());
    let saved = program::save(&s, LOCAL_USER, &catalog, LONG_HOLD, None)
        .await
        .unwrap();
    assert_eq!(saved.source, ProgramSource::Stored);
    let warning = &saved.check.problems[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!((warning.line, warning.field.as_str()), (6, "steps[1].hold"));
}

#[tokio::test]
async fn a_program_with_errors_is_refused_with_each_located_and_nothing_is_stored() {
    let (s, catalog) = (store().await, Catalog::builtin());
    program::save(&s, LOCAL_USER, &catalog, BACK_CURL_ONLY, None)
        .await
        .unwrap();
    let before = s.profile(LOCAL_USER).await.unwrap();
    let e = program::save(&s, LOCAL_USER, &catalog, UNKNOWN, None)
        .await
        .unwrap_err();
    let ProgramError::Invalid(check) = &e else {
        panic!("expected Invalid, got {e:?}");
    };
    assert!(!check.ok);
    assert_eq!(
        (check.problems[0].line, check.problems[0].field.as_str()),
        (5, "steps[1].exercise")
    );
    assert!(e.to_string().contains("line 5, steps[1].exercise"), "{e}");
    assert_eq!(s.profile(LOCAL_USER).await.unwrap(), before);
}

#[tokio::test]
async fn a_change_over_a_stale_version_is_refused_and_nothing_is_stored() {
    let (s, catalog) = (store().await, Catalog::builtin());
    let read = program::current(&s, LOCAL_USER, &catalog).await.unwrap();
    program::save(&s, LOCAL_USER, &catalog, LONG_HOLD, Some(read.version))
        .await
        .unwrap();
    let before = s.profile(LOCAL_USER).await.unwrap();
    let e = program::save(&s, LOCAL_USER, &catalog, BACK_CURL_ONLY, Some(read.version))
        .await
        .unwrap_err();
    assert!(matches!(e, ProgramError::Conflict { .. }), "{e:?}");
    let e = program::reset(&s, LOCAL_USER, &catalog, Some(read.version))
        .await
        .unwrap_err();
    assert!(matches!(e, ProgramError::Conflict { .. }), "{e:?}");
    assert_eq!(s.profile(LOCAL_USER).await.unwrap(), before);
}

#[tokio::test]
async fn a_saved_program_this_limber_no_longer_accepts_is_not_planned_and_the_plan_says_where() {
    let (s, catalog) = (store().await, Catalog::builtin());
    // As a backup from elsewhere could bring one: written past the check.
    let mut profile = s.profile(LOCAL_USER).await.unwrap();
    profile.program = Some(UNKNOWN.to_string());
    s.save_profile(LOCAL_USER, &mut profile).await.unwrap();
    let routine = planned(&s, &catalog).await;
    assert_eq!(routine.program, "Runner's cool-down");
    assert!(
        routine.notes[0].contains("line 5, steps[1].exercise"),
        "{:?}",
        routine.notes
    );
    let view = program::current(&s, LOCAL_USER, &catalog).await.unwrap();
    assert_eq!(view.source, ProgramSource::Stored);
    assert!(!view.check.ok);
}
