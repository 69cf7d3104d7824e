//! Bounded reads: the session use cases read the last `RECENT_DAYS` of the
//! diary and the standing findings kept when records are written, and the
//! rules answer exactly as they would reading the whole diary: a pause
//! from months ago that was never acknowledged still blocks, a mark stays
//! until cleared, an old stop does not pair with a new one.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use limber_app::gate::{self, Block};
use limber_app::user_state::{RECENT_DAYS, UserState};
use limber_app::{after_session, pain_log};
use limber_core::diary::{
    Outcome, PainEntry, PainEntryId, Reach, SessionContext, SessionId, SessionRecord,
    SessionStatus, StepReason, StepRecord,
};
use limber_core::rules;
use limber_core::session::StopReason;
use limber_core::{Catalog, ExerciseId, PainScore};
use limber_store::{LOCAL_USER, NewSession, SessionEnd, Store};
use limber_store_sqlite::SqliteStore;

const U: i64 = LOCAL_USER;

fn t0() -> Timestamp {
    "2026-01-05T00:00:00Z".parse().unwrap()
}

/// `day` days and `hour` hours after Monday 2026-01-05 (UTC).
fn on(day: i64, hour: i64) -> Timestamp {
    t0() + SignedDuration::from_hours(24 * day + hour)
}

fn score(n: i64) -> PainScore {
    PainScore::new(n.clamp(0, 10)).unwrap()
}

fn entry(at: Timestamp, leg: i64, reach: Option<Reach>, morning: bool) -> PainEntry {
    PainEntry {
        id: PainEntryId::at(at),
        at,
        back: None,
        leg: Some(score(leg)),
        reach,
        side: None,
        qualities: Vec::new(),
        weakness: false,
        stiffness: morning.then(|| score(leg)),
        morning,
        note: None,
    }
}

async fn store() -> SqliteStore {
    let store = SqliteStore::open_in_memory().await.unwrap();
    store.create_user(U).await.unwrap();
    let mut p = store.profile(U).await.unwrap();
    p.timezone = Some("UTC".into());
    store.save_profile(U, &mut p).await.unwrap();
    store
}

/// Logs a diary entry as `limber log` does, at its own time.
async fn log(store: &SqliteStore, e: &PainEntry) {
    pain_log::log(store, U, &Catalog::builtin(), e, e.at)
        .await
        .unwrap();
}

/// Records a session at `at` as `limber start` does: each hold stored,
/// then what the finished session changes (its marks kept).
async fn session(store: &SqliteStore, at: Timestamp, stops: &[(&str, StopReason)]) {
    let catalog = Catalog::builtin();
    let before = UserState::recent(store, U, at, &catalog).await.unwrap();
    let id = SessionId::at(at);
    let new = NewSession {
        id,
        started_at: at,
        context: SessionContext::default(),
        program: "default".into(),
        pain_before: Some(score(3)),
    };
    store.begin_session(U, &new).await.unwrap();
    let mut when = at;
    for (exercise, reason) in stops {
        when += SignedDuration::from_mins(1);
        let step = StepRecord {
            exercise: ExerciseId::new(exercise).unwrap(),
            side: None,
            rep: 1,
            outcome: Outcome::Stopped,
            reason: Some(StepReason::stopped(*reason, "during a hold")),
            at: when,
        };
        store.record_step(U, id, &step).await.unwrap();
    }
    let end = SessionEnd {
        ended_at: when + SignedDuration::from_mins(1),
        status: if stops.is_empty() {
            SessionStatus::Completed
        } else {
            SessionStatus::Stopped
        },
        pain_after: None,
    };
    store.finish_session(U, id, &end).await.unwrap();
    let sessions: Vec<SessionRecord> = store.sessions(U, Some(before_window(at))).await.unwrap();
    after_session::remember_marks(store, U, &before, &sessions, end.ended_at)
        .await
        .unwrap();
}

fn before_window(at: Timestamp) -> Timestamp {
    at - SignedDuration::from_hours(24 * RECENT_DAYS)
}

async fn recent(store: &SqliteStore, now: Timestamp) -> UserState {
    UserState::recent(store, U, now, &Catalog::builtin())
        .await
        .unwrap()
}

/// What the rules say reading the whole diary, as every command did
/// before reads were bounded.
struct Whole {
    morning: rules::MorningAdvice,
    morning_pause: Option<String>,
    diary_pause: Option<String>,
    aggravating: Vec<(ExerciseId, String)>,
}

async fn whole(store: &SqliteStore, now: Timestamp) -> Whole {
    let profile = store.profile(U).await.unwrap();
    let sessions = store.sessions(U, None).await.unwrap();
    let entries = store.pain_entries(U, None).await.unwrap();
    let tz = TimeZone::UTC;
    let today = tz.to_datetime(now).date();
    let same = Catalog::builtin().same_stretch();
    Whole {
        morning: rules::morning_check(&sessions, &entries, &tz, today),
        morning_pause: rules::morning_pause(
            &sessions,
            &entries,
            &tz,
            today,
            profile.morning_pause_acknowledged,
        ),
        diary_pause: limber_core::worsening::diary_worsening(
            &entries,
            &tz,
            profile.diary_pause_acknowledged,
        )
        .map(|w| w.why),
        aggravating: rules::aggravating(&sessions, &profile.cleared_aggravating, &tz, now, &same),
    }
}

/// Which rules had something to say, so a test can show it compared more
/// than empty answers.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    morning_pause: usize,
    diary_pause: usize,
    marks: usize,
    lighter: usize,
}

/// The recent read gives the whole diary's answer to every rule.
async fn assert_same_as_whole(store: &SqliteStore, now: Timestamp) -> Seen {
    let state = recent(store, now).await;
    let all = whole(store, now).await;
    let days = now.duration_since(t0()).as_hours() / 24;
    assert_eq!(state.morning(), all.morning, "day {days}: morning check");
    assert_eq!(
        state.morning_pause(),
        all.morning_pause,
        "day {days}: morning pause"
    );
    assert_eq!(
        state
            .diary_pause()
            .map(|w| w.split(". Please").next().unwrap().to_string()),
        all.diary_pause,
        "day {days}: diary pause"
    );
    let marks: Vec<(ExerciseId, String)> = state
        .aggravating(&state.sessions)
        .into_iter()
        .map(|(id, why)| {
            let rule = why
                .strip_prefix("marked aggravating for you (")
                .and_then(|w| w.strip_suffix(')'))
                .unwrap()
                .to_string();
            (id, rule)
        })
        .collect();
    assert_eq!(marks, all.aggravating, "day {days}: aggravating marks");
    Seen {
        morning_pause: usize::from(all.morning_pause.is_some()),
        diary_pause: usize::from(all.diary_pause.is_some()),
        marks: usize::from(!all.aggravating.is_empty()),
        lighter: usize::from(all.morning != rules::MorningAdvice::Normal),
    }
}

#[tokio::test]
async fn a_diary_pause_from_months_ago_never_acknowledged_still_blocks() {
    let store = store().await;
    let screen = limber_core::safety::ScreenRecord::new(on(0, 7), &BTreeMap::new(), true).unwrap();
    store.save_screen(U, &screen).await.unwrap();
    log(&store, &entry(on(0, 9), 3, Some(Reach::Thigh), false)).await;
    log(&store, &entry(on(1, 9), 3, Some(Reach::Foot), false)).await;
    // Months of quiet diary after it.
    for day in 2..200 {
        log(&store, &entry(on(day, 9), 3, Some(Reach::Foot), false)).await;
    }
    let now = on(200, 9);
    let state = recent(&store, now).await;
    assert!(
        state.entries.len() < 70,
        "read {} entries, not 200",
        state.entries.len()
    );
    let why = state.diary_pause().expect("still paused");
    assert!(why.contains("2026-01-06") && why.contains("foot"), "{why}");
    assert_same_as_whole(&store, now).await;

    // A fresh screen so the pause is the first block, then acknowledged.
    let screen =
        limber_core::safety::ScreenRecord::new(on(199, 7), &BTreeMap::new(), true).unwrap();
    gate::save_screen(&store, U, &screen).await.unwrap();
    let mut state = recent(&store, now).await;
    let block = gate::first_block(&state).unwrap();
    assert!(matches!(block, Block::DiaryPause(_)), "{block:?}");
    gate::acknowledge(&store, U, &mut state, &block, now)
        .await
        .unwrap();
    let state = recent(&store, now).await;
    assert_eq!(gate::first_block(&state), None);
    assert_same_as_whole(&store, now).await;
}

#[tokio::test]
async fn a_two_morning_pause_from_months_ago_still_blocks_until_acknowledged() {
    let store = store().await;
    for day in 0..3 {
        log(&store, &entry(on(day, 6), 2, None, true)).await;
    }
    session(&store, on(2, 18), &[]).await;
    log(&store, &entry(on(3, 6), 6, None, true)).await;
    session(&store, on(3, 18), &[]).await;
    log(&store, &entry(on(4, 6), 6, None, true)).await;
    let now = on(150, 12);
    let state = recent(&store, now).await;
    assert!(state.sessions.is_empty() && state.entries.is_empty());
    let why = state.morning_pause().expect("still paused");
    assert!(why.contains("2026-01-09"), "{why}");
    assert_same_as_whole(&store, now).await;
}

#[tokio::test]
async fn an_old_stop_outside_fourteen_days_does_not_pair_with_a_new_one() {
    let store = store().await;
    session(
        &store,
        on(0, 18),
        &[("back-curl", StopReason::PainAboveFive)],
    )
    .await;
    session(
        &store,
        on(20, 18),
        &[("back-curl", StopReason::PainAboveFive)],
    )
    .await;
    assert!(recent(&store, on(21, 9)).await.aggravating(&[]).is_empty());
    session(
        &store,
        on(100, 18),
        &[("back-curl", StopReason::PainAboveFive)],
    )
    .await;
    let state = recent(&store, on(101, 9)).await;
    assert!(state.aggravating(&state.sessions).is_empty());
    assert_same_as_whole(&store, on(101, 9)).await;
}

#[tokio::test]
async fn a_mark_from_months_ago_stays_until_the_exercise_is_turned_back_on() {
    let store = store().await;
    session(
        &store,
        on(0, 18),
        &[("back-curl", StopReason::PainAboveFive)],
    )
    .await;
    session(
        &store,
        on(5, 18),
        &[("back-curl", StopReason::RiseFromBaseline)],
    )
    .await;
    session(
        &store,
        on(9, 18),
        &[("lying-thigh-stretch", StopReason::Spreading)],
    )
    .await;
    for day in 10..130 {
        session(&store, on(day, 18), &[]).await;
    }
    let now = on(130, 9);
    let state = recent(&store, now).await;
    let marked: Vec<String> = state
        .aggravating(&state.sessions)
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(
        marked,
        ["back-curl", "lying-thigh-stretch", "wall-thigh-stretch"],
        "the pair, and the nerve-symptom stop with its wall version"
    );
    assert_same_as_whole(&store, now).await;

    let mut p = store.profile(U).await.unwrap();
    p.cleared_aggravating
        .insert(ExerciseId::new("back-curl").unwrap(), now);
    store.save_profile(U, &mut p).await.unwrap();
    let state = recent(&store, now).await;
    assert_eq!(state.aggravating(&state.sessions).len(), 2);
    assert_same_as_whole(&store, now).await;
}

#[tokio::test]
async fn the_first_session_is_known_even_when_the_last_was_long_ago() {
    let store = store().await;
    assert!(recent(&store, on(0, 9)).await.first_session());
    session(&store, on(0, 18), &[]).await;
    let state = recent(&store, on(300, 9)).await;
    assert!(state.sessions.is_empty());
    assert!(!state.first_session());
}

#[tokio::test]
async fn a_profile_from_an_older_limber_reads_the_whole_diary_once_then_keeps_the_standing() {
    let store = store().await;
    // Written straight to the store, as an older limber left it: no standing.
    for (day, reach) in [(0, Reach::Buttock), (1, Reach::BelowKnee)] {
        store
            .add_pain_entry(U, &entry(on(day, 9), 3, Some(reach), false))
            .await
            .unwrap();
    }
    assert_eq!(store.profile(U).await.unwrap().standing, None);
    let now = on(120, 9);
    let state = recent(&store, now).await;
    assert_eq!(state.entries.len(), 2, "the whole diary, this once");
    assert!(state.diary_pause().is_some());
    // The next entry keeps what the whole diary shows.
    log(&store, &entry(now, 2, None, false)).await;
    let kept = store
        .profile(U)
        .await
        .unwrap()
        .value
        .standing
        .expect("kept");
    assert_eq!(kept.diary_pause.map(|f| f.at), Some(on(1, 9)));
    let state = recent(&store, on(121, 9)).await;
    assert_eq!(state.entries.len(), 1, "the recent diary only");
    assert!(state.diary_pause().is_some());
    assert_same_as_whole(&store, on(121, 9)).await;
}

/// A small deterministic generator (no dependency): the same history on
/// every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[tokio::test]
async fn over_a_long_varied_history_every_rule_answers_as_reading_the_whole_diary() {
    let store = store().await;
    let mut rng = Lcg(2026);
    let exercises = ["lying-thigh-stretch", "wall-thigh-stretch", "back-curl"];
    let reasons = [
        StopReason::PainAboveFive,
        StopReason::RiseFromBaseline,
        StopReason::SharpPain,
        StopReason::Spreading,
    ];
    let mut seen = Seen::default();
    let mut add = |s: Seen| {
        seen.morning_pause += s.morning_pause;
        seen.diary_pause += s.diary_pause;
        seen.marks += s.marks;
        seen.lighter += s.lighter;
    };
    for day in 0..240 {
        // A worse spell now and then.
        let level = if (day / 30) % 3 == 1 { 5 } else { 2 };
        if rng.next(4) > 0 {
            let leg = level + rng.next(4) as i64 - 1;
            log(&store, &entry(on(day, 6), leg, None, true)).await;
        }
        if rng.next(3) > 0 {
            let stops: Vec<(&str, StopReason)> = (rng.next(12) == 0)
                .then(|| {
                    (
                        exercises[rng.next(3) as usize],
                        reasons[rng.next(4) as usize],
                    )
                })
                .into_iter()
                .collect();
            session(&store, on(day, 18), &stops).await;
        }
        if rng.next(2) == 0 {
            let reach = Reach::ALL[rng.next(5) as usize];
            let leg = level + rng.next(5) as i64 - 2;
            let reach = (rng.next(4) == 0).then_some(reach);
            log(&store, &entry(on(day, 21), leg, reach, false)).await;
        }
        // Now and then the user acknowledges what pauses them, or turns
        // an exercise back on.
        if day % 45 == 44 {
            let mut p = store.profile(U).await.unwrap();
            p.diary_pause_acknowledged = Some(on(day, 22));
            p.morning_pause_acknowledged = Some(on(day, 22));
            p.cleared_aggravating.insert(
                ExerciseId::new(exercises[rng.next(3) as usize]).unwrap(),
                on(day, 22),
            );
            store.save_profile(U, &mut p).await.unwrap();
        }
        if day % 5 == 4 {
            add(assert_same_as_whole(&store, on(day, 23)).await);
        }
    }
    // And long after, with nothing new.
    for later in [260, 300, 400] {
        add(assert_same_as_whole(&store, on(later, 12)).await);
    }
    // 51 checkpoints: each rule had answers to compare, not only empty ones.
    assert!(
        seen.morning_pause >= 5 && seen.diary_pause >= 5 && seen.marks >= 5 && seen.lighter >= 1,
        "{seen:?}"
    );
}
