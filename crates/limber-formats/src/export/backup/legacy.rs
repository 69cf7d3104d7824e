//! Backups of schema versions 1 and 2, which numbered sessions and runs
//! (SQLite row ids) and gave diary entries no id.
//!
//! Their layout is frozen here, field for field, so that later changes to
//! limber's records cannot change how an old file reads. Reading one gives
//! each record a new id made from its own time, and keeps every cool-down
//! tag on its session.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;

use limber_core::PainScore;
use limber_core::diary::{
    BodySide, PainEntry, PainEntryId, Quality, Rating, Reach, SessionContext, SessionId,
    SessionRecord, SessionStatus, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::run::{Run, RunId, RunRecord};
use limber_core::safety::ScreenRecord;

use super::Backup;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Read {
    #[allow(dead_code)] // checked by `Header` first
    format: String,
    #[allow(dead_code)]
    schema_version: u32,
    settings: Profile,
    screens: Vec<ScreenRecord>,
    sessions: Vec<Session>,
    pain_entries: Vec<Entry>,
    /// Absent in version 1.
    #[serde(default)]
    runs: Vec<NumberedRun>,
}

#[derive(Deserialize)]
struct Session {
    id: i64,
    started_at: Timestamp,
    ended_at: Option<Timestamp>,
    status: SessionStatus,
    context: SessionContext,
    program: String,
    pain_before: Option<PainScore>,
    pain_after: Option<PainScore>,
    steps: Vec<StepRecord>,
    ratings: Vec<Rating>,
}

#[derive(Deserialize)]
struct Entry {
    at: Timestamp,
    back: Option<PainScore>,
    leg: Option<PainScore>,
    reach: Option<Reach>,
    side: Option<BodySide>,
    qualities: Vec<Quality>,
    weakness: bool,
    stiffness: Option<PainScore>,
    morning: bool,
    note: Option<String>,
}

#[derive(Deserialize)]
struct NumberedRun {
    id: i64,
    #[serde(flatten)]
    run: Run,
    cooldown_session: Option<i64>,
}

impl From<Read> for Backup {
    fn from(read: Read) -> Self {
        let mut ids = BTreeMap::new();
        let sessions = read
            .sessions
            .into_iter()
            .map(|s| {
                let id = *ids
                    .entry(s.id)
                    .or_insert_with(|| SessionId::at(s.started_at));
                SessionRecord {
                    id,
                    started_at: s.started_at,
                    ended_at: s.ended_at,
                    status: s.status,
                    context: s.context,
                    program: s.program,
                    pain_before: s.pain_before,
                    pain_after: s.pain_after,
                    steps: s.steps,
                    ratings: s.ratings,
                }
            })
            .collect();
        let pain_entries = read
            .pain_entries
            .into_iter()
            .map(|e| PainEntry {
                id: PainEntryId::at(e.at),
                at: e.at,
                back: e.back,
                leg: e.leg,
                reach: e.reach,
                side: e.side,
                qualities: e.qualities,
                weakness: e.weakness,
                stiffness: e.stiffness,
                morning: e.morning,
                note: e.note,
            })
            .collect();
        let mut run_ids = BTreeMap::new();
        let runs = read
            .runs
            .into_iter()
            .map(|r| RunRecord {
                id: *run_ids
                    .entry(r.id)
                    .or_insert_with(|| RunId::at(r.run.start)),
                run: r.run,
                // A tag naming no session of the file names nothing.
                cooldown_session: r.cooldown_session.and_then(|s| ids.get(&s).copied()),
            })
            .collect();
        Backup {
            settings: read.settings,
            screens: read.screens,
            sessions,
            pain_entries,
            runs,
        }
    }
}
