//! The routine use case: what `plan` shows and `start` runs, for any driver.

use jiff::Timestamp;
use limber_app::planning::{self, Wanted};
use limber_app::user_state::UserState;
use limber_core::Catalog;
use limber_core::diary::Place;
use limber_core::run::{DistanceSource, Run, Sport};
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const AT_HOME: Wanted = Wanted {
    after_run: false,
    place: Place::Floor,
    minutes: None,
};

async fn routine_at(store: &SqliteStore, now: &str, wanted: Wanted) -> limber_core::plan::Routine {
    let catalog = Catalog::builtin();
    let state = UserState::load(store, LOCAL_USER, at(now), &catalog)
        .await
        .unwrap();
    planning::routine(store, LOCAL_USER, &catalog, &state, None, wanted)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_run_that_ended_within_two_hours_makes_the_routine_its_cool_down() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    store
        .add_runs(
            LOCAL_USER,
            &[Run {
                start: at("2026-11-20T06:00:00Z"),
                end: at("2026-11-20T06:40:00Z"),
                sport: Sport::Running,
                distance_m: 7_500.0,
                distance_source: DistanceSource::Points,
                moving_s: 2_400.0,
                elevation_gain_m: None,
            }],
        )
        .await
        .unwrap();
    let soon = routine_at(&store, "2026-11-20T07:00:00Z", AT_HOME).await;
    assert!(soon.context.after_run);
    assert!(
        soon.notes[0].starts_with("The cool-down for your 7.5 km run that ended at"),
        "{:?}",
        soon.notes
    );
    // Three hours later it is an ordinary session again.
    let later = routine_at(&store, "2026-11-20T09:45:00Z", AT_HOME).await;
    assert!(!later.context.after_run);
    assert!(
        later
            .notes
            .iter()
            .all(|n| !n.contains("cool-down for your"))
    );
}

#[tokio::test]
async fn at_a_wall_the_wall_stretch_stands_in_for_the_lying_one() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let r = routine_at(
        &store,
        "2026-11-20T07:00:00Z",
        Wanted {
            place: Place::Wall,
            ..AT_HOME
        },
    )
    .await;
    let ids: Vec<_> = r.steps.iter().map(|s| s.exercise.as_str()).collect();
    assert!(ids.contains(&"wall-thigh-stretch"), "{ids:?}");
    assert!(!ids.contains(&"lying-thigh-stretch"), "{ids:?}");
}
