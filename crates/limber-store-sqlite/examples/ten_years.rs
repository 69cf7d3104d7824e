//! Fills a limber data dir with ten years of daily use, for `bench/stats.sh`:
//! one default-routine session a day (every hold recorded, a pain rating
//! before the first and after each exercise) and two diary entries a day.
//! Written through the `Store` trait, exactly as `limber start` and
//! `limber log` write, and reproducible (fixed seed).
//!
//! Usage: cargo run --release -p limber-store-sqlite --example ten_years -- DATA_DIR [YEARS | DAYSd] [--ending-today]
//!
//! By default the days start on 2016-11-26; `--ending-today` makes the last
//! one yesterday, so a command's recent window holds as much as in real use
//! (`bench/commands.sh`).

use std::path::PathBuf;

use jiff::{SignedDuration, Timestamp};
use limber_core::PainScore;
use limber_core::diary::{
    BodySide, Outcome, PainEntry, PainEntryId, Quality, Rating, Reach, SessionContext, SessionId,
    SessionStatus, StepRecord,
};
use limber_core::plan::{Pace, Personal, PlanRequest, plan};
use limber_store::{LOCAL_USER, NewSession, SessionEnd, Store};
use limber_store_sqlite::SqliteStore;
use limber_testutil::history::fixed_v7;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: ten_years DATA_DIR [YEARS | DAYSd] [--ending-today]")?,
    );
    let days: i64 = match args.next() {
        None => 10 * 365,
        Some(d) if d.ends_with('d') => d.trim_end_matches('d').parse()?,
        Some(y) => y.parse::<i64>()? * 365,
    };
    let ending_today = args.next().as_deref() == Some("--ending-today");
    let store = SqliteStore::open(&dir.join("limber.db")).await?;
    let catalog = limber_core::Catalog::builtin();
    let personal = Personal::default();
    let routine = plan(&PlanRequest {
        catalog: &catalog,
        program: catalog.default_program(),
        context: SessionContext::default(),
        minutes: None,
        pace: Pace::DEFAULT,
        personal: &personal,
    })?;
    let mut rng = fastrand::Rng::with_seed(2026);
    let pain = |rng: &mut fastrand::Rng, around: i64| {
        PainScore::new((around + rng.i64(-2..=2)).clamp(0, 10)).expect("clamped")
    };
    let start: Timestamp = if ending_today {
        // Today at 06:30 UTC.
        let day = Timestamp::now().as_second().div_euclid(86_400) * 86_400;
        let today = Timestamp::from_second(day + 6 * 3_600 + 30 * 60)?;
        today - SignedDuration::from_hours(24 * days)
    } else {
        "2016-11-26T06:30:00Z".parse()?
    };
    for day in 0..days {
        let morning = start + SignedDuration::from_hours(24 * day);
        let level = 6 - day * 4 / days; // slowly improving
        store
            .add_pain_entry(
                LOCAL_USER,
                &PainEntry {
                    id: PainEntryId::from_uuid(fixed_v7(morning, 0)),
                    at: morning,
                    back: Some(pain(&mut rng, level - 1)),
                    leg: Some(pain(&mut rng, level)),
                    reach: Some(Reach::ALL[rng.usize(0..5)]),
                    side: Some(BodySide::Right),
                    qualities: vec![Quality::Ache],
                    weakness: false,
                    stiffness: Some(pain(&mut rng, level)),
                    morning: true,
                    note: None,
                },
            )
            .await?;
        let session_start = morning + SignedDuration::from_hours(11);
        let id = store
            .begin_session(
                LOCAL_USER,
                &NewSession {
                    id: SessionId::from_uuid(fixed_v7(session_start, 0)),
                    started_at: session_start,
                    context: SessionContext {
                        after_run: true,
                        ..SessionContext::default()
                    },
                    program: routine.program.clone(),
                    pain_before: Some(pain(&mut rng, level)),
                },
            )
            .await?;
        let mut at = session_start;
        store
            .record_rating(
                LOCAL_USER,
                id,
                &Rating {
                    after: None,
                    pain: pain(&mut rng, level),
                    at,
                },
            )
            .await?;
        for step in &routine.steps {
            for hold in step.holds() {
                at += SignedDuration::from_secs(25);
                let record = StepRecord {
                    exercise: step.exercise.clone(),
                    side: hold.side,
                    rep: hold.rep,
                    outcome: Outcome::Done,
                    reason: None,
                    at,
                };
                store.record_step(LOCAL_USER, id, &record).await?;
            }
            let after = Rating {
                after: Some(step.exercise.clone()),
                pain: pain(&mut rng, level - 1),
                at,
            };
            store.record_rating(LOCAL_USER, id, &after).await?;
        }
        let end = SessionEnd {
            ended_at: at,
            status: SessionStatus::Completed,
            pain_after: Some(pain(&mut rng, level - 1)),
        };
        store.finish_session(LOCAL_USER, id, &end).await?;
        store
            .add_pain_entry(
                LOCAL_USER,
                &PainEntry {
                    id: PainEntryId::from_uuid(fixed_v7(at + SignedDuration::from_hours(3), 0)),
                    at: at + SignedDuration::from_hours(3),
                    back: Some(pain(&mut rng, level - 1)),
                    leg: Some(pain(&mut rng, level)),
                    reach: Some(Reach::ALL[rng.usize(0..5)]),
                    side: Some(BodySide::Right),
                    qualities: vec![],
                    weakness: false,
                    stiffness: None,
                    morning: false,
                    note: None,
                },
            )
            .await?;
    }
    // Closing checkpoints the WAL into `limber.db`, so a copy of that one
    // file (as bench/server.sh makes) holds all of it.
    store.close().await;
    println!("{days} days written to {}", dir.display());
    Ok(())
}
