//! Recording a guided session and what it changes, as use cases: what a
//! terminal driver and a web handler both get. Each test stores into an
//! SQLite file in a temporary directory and reads back what was stored.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use limber_app::after_session::{self, LevelOffer};
use limber_app::driver::{Driver, Wait};
use limber_app::gate::{self, Block};
use limber_app::planning::{self, Wanted};
use limber_app::session_record::{self, Recording, Start, WallClock};
use limber_app::user_state::UserState;
use limber_core::clock::Clock;
use limber_core::diary::{Outcome, Place, SessionRecord, SessionStatus};
use limber_core::safety::ScreenRecord;
use limber_core::session::{Event, GetReady, Session};
use limber_core::{Catalog, ExerciseId, PainScore};
use limber_store::{LOCAL_USER, Store};
use limber_store_sqlite::SqliteStore;
use tempfile::TempDir;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn pain(n: i64) -> PainScore {
    PainScore::new(n).unwrap()
}

/// A real-time clock the test moves by hand, shareable across threads as
/// a web server's clock is.
#[derive(Debug)]
struct TestClock {
    origin: Timestamp,
    millis: AtomicU64,
}

impl TestClock {
    fn at(origin: &str) -> Arc<Self> {
        Arc::new(Self {
            origin: at(origin),
            millis: AtomicU64::new(0),
        })
    }

    /// Real time has moved exactly as session time: a session at normal
    /// speed that began at the clock's origin.
    fn set(&self, elapsed: Duration) {
        let ms = u64::try_from(elapsed.as_millis()).unwrap();
        self.millis.store(ms, Ordering::SeqCst);
    }

    fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap();
        self.millis.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn monotonic(&self) -> Duration {
        Duration::from_millis(self.millis.load(Ordering::SeqCst))
    }
    fn now(&self) -> Timestamp {
        self.origin + self.monotonic()
    }
}

/// A store in a file, with a clear screen taken the day before.
async fn screened_store() -> (TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("limber.db"))
        .await
        .unwrap();
    let screen = ScreenRecord::new(at("2026-11-01T07:00:00Z"), &BTreeMap::new(), true).unwrap();
    store.save_screen(LOCAL_USER, &screen).await.unwrap();
    (dir, store)
}

async fn state(store: &SqliteStore, now: Timestamp) -> UserState {
    UserState::load(store, LOCAL_USER, now, &Catalog::builtin())
        .await
        .unwrap()
}

const AT_HOME: Wanted = Wanted {
    after_run: false,
    place: Place::Floor,
    minutes: None,
};

fn start(pain_before: Option<PainScore>, sped_up: bool) -> Start {
    Start {
        pain_before,
        pain_after: None,
        sped_up,
        get_ready: GetReady::Timed(5),
    }
}

/// Plans and begins a session at the clock's time, as `start` does.
async fn begin(
    store: &SqliteStore,
    clock: &Arc<TestClock>,
    start: Start,
) -> (UserState, Driver<Session>, Recording) {
    let catalog = Catalog::builtin();
    let now = clock.now();
    let before = state(store, now).await;
    let routine = planning::routine(store, LOCAL_USER, &catalog, &before, None, AT_HOME)
        .await
        .unwrap();
    let wall = WallClock::starting_now(clock.clone(), now);
    let (session, recording) =
        session_record::begin(store, LOCAL_USER, &before, routine, start, wall)
            .await
            .unwrap();
    (before, Driver::new(session, Duration::ZERO), recording)
}

/// Ticks the session from deadline to deadline until it is over or waits
/// for the user; the real clock moves `real_per_tick` each time.
async fn run_until_user(
    driver: &mut Driver<Session>,
    recording: &mut Recording,
    store: &SqliteStore,
    clock: &TestClock,
    real_per_tick: Duration,
) -> Wait {
    let mut now = Duration::ZERO;
    loop {
        clock.advance(real_per_tick);
        let stepped = driver
            .tick_recorded(now, &mut recording.to(store))
            .await
            .unwrap();
        match stepped.wait {
            Wait::Until(next) => now = next,
            wait => return wait,
        }
    }
}

/// Ticks until the first hold has begun, real time moving with session
/// time, and returns its session time.
async fn into_first_hold(
    driver: &mut Driver<Session>,
    recording: &mut Recording,
    store: &SqliteStore,
    clock: &TestClock,
) -> Duration {
    let mut now = Duration::ZERO;
    loop {
        clock.set(now);
        let stepped = driver
            .tick_recorded(now, &mut recording.to(store))
            .await
            .unwrap();
        if driver.view(now).phase == limber_core::session::Phase::Hold {
            return now;
        }
        match stepped.wait {
            Wait::Until(next) => now = next,
            wait => panic!("no hold began: {wait:?}"),
        }
    }
}

async fn stored(store: &SqliteStore, recording: &Recording) -> SessionRecord {
    store
        .sessions(LOCAL_USER, None)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == recording.session())
        .expect("the session is stored")
}

#[tokio::test]
async fn a_session_recorded_through_the_use_case_stores_its_steps_ratings_and_end() {
    let (_dir, store) = screened_store().await;
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let (_, mut driver, mut recording) = begin(&store, &clock, start(Some(pain(3)), false)).await;

    // Begun as partial, with its baseline rating, before any hold.
    let begun = stored(&store, &recording).await;
    assert_eq!(begun.status, SessionStatus::Partial);
    assert_eq!(begun.pain_before, Some(pain(3)));
    assert_eq!(begun.ratings.len(), 1);
    assert_eq!(begun.ratings[0].after, None);

    let wait = run_until_user(
        &mut driver,
        &mut recording,
        &store,
        &clock,
        Duration::from_secs(1),
    )
    .await;
    assert_eq!(wait, Wait::Done(SessionStatus::Completed));
    assert!(recording.wants_closing_rating());
    recording.rate_at_end(&store, pain(1)).await.unwrap();

    let done = stored(&store, &recording).await;
    assert_eq!(done.status, SessionStatus::Completed);
    assert!(!done.steps.is_empty());
    assert!(done.steps.iter().all(|s| s.outcome == Outcome::Done));
    let (ended_at, _) = recording.summary().ended.unwrap();
    assert_eq!(done.ended_at, Some(ended_at));
    assert_eq!(done.pain_after, Some(pain(1)));
    // The closing rating counts after the last exercise done.
    let last = done.steps.last().unwrap().exercise.clone();
    let closing = done.ratings.last().unwrap();
    assert_eq!(
        (closing.after.as_ref(), closing.pain),
        (Some(&last), pain(1))
    );
    assert!(!recording.summary().any_stop());
}

#[tokio::test]
async fn a_sped_up_session_is_stamped_with_real_wall_clock_times() {
    let (_dir, store) = screened_store().await;
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let started = clock.now();
    let (_, mut driver, mut recording) = begin(&store, &clock, start(None, true)).await;
    // A whole routine in a few real seconds: 10 ms of real time a tick.
    run_until_user(
        &mut driver,
        &mut recording,
        &store,
        &clock,
        Duration::from_millis(10),
    )
    .await;
    let real_end = clock.now();
    let done = stored(&store, &recording).await;
    assert!(real_end - started < jiff::SignedDuration::from_secs(60));
    for step in &done.steps {
        assert!(
            started <= step.at && step.at <= real_end,
            "{} not within the real {started}..{real_end}",
            step.at
        );
    }
    assert_eq!(done.ended_at, Some(real_end));
}

#[tokio::test]
async fn a_spreading_stop_marks_the_exercise_aggravating_and_requests_a_rescreen() {
    let (_dir, store) = screened_store().await;
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let (before, mut driver, mut recording) =
        begin(&store, &clock, start(Some(pain(2)), false)).await;
    let hold = into_first_hold(&mut driver, &mut recording, &store, &clock).await;
    let exercise = driver.view(hold).exercise.unwrap();
    let now = hold + Duration::from_secs(3);
    clock.set(now);
    driver
        .handle_recorded(Event::Spreading, now, &mut recording.to(&store))
        .await
        .unwrap();
    clock.set(now + Duration::from_secs(5));
    driver
        .quit_recorded(now + Duration::from_secs(5), &mut recording.to(&store))
        .await
        .unwrap();
    assert_eq!(
        recording.summary().stops,
        [Some(limber_core::session::StopReason::Spreading)]
    );

    let changes = after_session::apply(
        &store,
        LOCAL_USER,
        &Catalog::builtin(),
        &before,
        &recording,
        clock.now(),
    )
    .await
    .unwrap();
    assert!(changes.rescreen_requested);
    assert!(!changes.locked);
    let marked: Vec<&ExerciseId> = changes.newly_aggravating.iter().map(|(id, _)| id).collect();
    // The lying thigh stretch, and the wall one: one stretch in two
    // positions, marked together.
    assert_eq!(exercise.as_str(), "lying-thigh-stretch");
    assert_eq!(
        marked,
        [&exercise, &ExerciseId::new("wall-thigh-stretch").unwrap()]
    );
    // The reason says what happened, not which command undoes it: the
    // terminal and the web each say how in their own way.
    for (_, why) in &changes.newly_aggravating {
        assert!(why.starts_with("marked aggravating for you ("), "{why}");
        assert!(!why.contains("limber ") && !why.contains('`'), "{why}");
    }
    // Stored: the next session waits for the screen to be answered again.
    let after = state(&store, clock.now()).await;
    assert_eq!(gate::first_block(&after), Some(Block::Rescreen));
}

#[tokio::test]
async fn a_pain_stop_alone_neither_marks_nor_requests_a_rescreen() {
    let (_dir, store) = screened_store().await;
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let (before, mut driver, mut recording) =
        begin(&store, &clock, start(Some(pain(2)), false)).await;
    let hold = into_first_hold(&mut driver, &mut recording, &store, &clock).await;
    let now = hold + Duration::from_secs(3);
    clock.set(now);
    driver
        .handle_recorded(Event::Rate(pain(7)), now, &mut recording.to(&store))
        .await
        .unwrap();
    clock.set(now + Duration::from_secs(5));
    driver
        .quit_recorded(now + Duration::from_secs(5), &mut recording.to(&store))
        .await
        .unwrap();
    assert!(recording.summary().any_stop());
    let changes = after_session::apply(
        &store,
        LOCAL_USER,
        &Catalog::builtin(),
        &before,
        &recording,
        clock.now(),
    )
    .await
    .unwrap();
    // One pain stop: a second within 14 days would be needed to mark it.
    assert!(!changes.rescreen_requested);
    assert!(changes.newly_aggravating.is_empty());
    assert_eq!(gate::first_block(&state(&store, clock.now()).await), None);
}

#[tokio::test]
async fn a_red_flag_hard_stop_locks_sessions() {
    let (_dir, store) = screened_store().await;
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let (before, mut driver, mut recording) =
        begin(&store, &clock, start(Some(pain(2)), false)).await;
    let hold = into_first_hold(&mut driver, &mut recording, &store, &clock).await;
    clock.advance(Duration::from_secs(30));
    let stepped = driver
        .handle_recorded(Event::RedFlag, hold, &mut recording.to(&store))
        .await
        .unwrap();
    assert_eq!(stepped.wait, Wait::Done(SessionStatus::Stopped));
    assert!(recording.summary().red_flag);
    assert!(!recording.wants_closing_rating());

    // Locked the moment it was recorded, stamped with the real time.
    let locked = state(&store, clock.now()).await;
    assert_eq!(locked.profile.red_flag_reported, Some(clock.now()));
    assert!(gate::locked(&locked));
    assert_eq!(
        stored(&store, &recording).await.status,
        SessionStatus::Stopped
    );

    let changes = after_session::apply(
        &store,
        LOCAL_USER,
        &Catalog::builtin(),
        &before,
        &recording,
        clock.now(),
    )
    .await
    .unwrap();
    assert!(changes.locked);
    assert!(!changes.rescreen_requested && changes.offers.is_empty());
}

#[tokio::test]
async fn a_deeper_level_is_offered_after_five_clean_sessions_and_not_applied() {
    let (_dir, store) = screened_store().await;
    let curl = ExerciseId::new("full-back-curl").unwrap();
    let mut profile = store.profile(LOCAL_USER).await.unwrap();
    profile.enabled.insert(curl.clone(), 1);
    store.save_profile(LOCAL_USER, &mut profile).await.unwrap();

    let mut offers = Vec::new();
    for day in 20..25 {
        let clock = TestClock::at(&format!("2026-11-{day}T18:00:00Z"));
        let (before, mut driver, mut recording) = begin(&store, &clock, start(None, false)).await;
        let wait = run_until_user(
            &mut driver,
            &mut recording,
            &store,
            &clock,
            Duration::from_secs(1),
        )
        .await;
        assert_eq!(wait, Wait::Done(SessionStatus::Completed));
        let done = stored(&store, &recording).await;
        assert!(done.steps.iter().any(|s| s.exercise == curl));
        let changes = after_session::apply(
            &store,
            LOCAL_USER,
            &Catalog::builtin(),
            &before,
            &recording,
            clock.now(),
        )
        .await
        .unwrap();
        offers.push(changes.offers);
    }
    // Offered only once the fifth clean session is recorded.
    assert!(offers[..4].iter().all(Vec::is_empty), "{offers:?}");
    assert_eq!(
        offers[4],
        [LevelOffer {
            exercise: curl.clone(),
            level: 2
        }]
    );
    // Only the user's yes moves the level.
    let profile = store.profile(LOCAL_USER).await.unwrap();
    assert_eq!(profile.enabled.get(&curl), Some(&1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_works_from_a_task_on_a_multi_thread_runtime_as_a_web_handler() {
    let (dir, store) = screened_store().await;
    let store: Arc<dyn Store> = Arc::new(store);
    let clock = TestClock::at("2026-11-20T18:00:00Z");
    let catalog = Catalog::builtin();
    let before = UserState::load(&*store, LOCAL_USER, clock.now(), &catalog)
        .await
        .unwrap();
    let routine = planning::routine(&*store, LOCAL_USER, &catalog, &before, None, AT_HOME)
        .await
        .unwrap();
    let wall = WallClock::starting_now(clock.clone(), clock.now());
    let (session, mut recording) = session_record::begin(
        &*store,
        LOCAL_USER,
        &before,
        routine,
        start(Some(pain(2)), false),
        wall,
    )
    .await
    .unwrap();
    let mut driver = Driver::new(session, Duration::ZERO);

    // Each event arrives as its own request, handled on whichever worker.
    let task_store = Arc::clone(&store);
    let handled = tokio::spawn(async move {
        let mut cues = 0;
        for (event, secs) in [(Event::Rate(pain(3)), 1), (Event::Skip, 2)] {
            let stepped = driver
                .handle_recorded(
                    event,
                    Duration::from_secs(secs),
                    &mut recording.to(&*task_store),
                )
                .await
                .unwrap();
            cues += stepped.cues.len();
        }
        let stepped = driver
            .quit_recorded(Duration::from_secs(3), &mut recording.to(&*task_store))
            .await
            .unwrap();
        assert!(stepped.hush);
        (recording, cues + stepped.cues.len())
    });
    let (recording, cues) = handled.await.unwrap();
    assert!(cues > 0);

    let session = store
        .sessions(LOCAL_USER, None)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == recording.session())
        .unwrap();
    assert_eq!(session.status, SessionStatus::Partial);
    assert_eq!(session.ratings.len(), 2);
    assert!(session.steps.iter().any(|s| s.outcome == Outcome::Skipped));
    drop(dir);
}
