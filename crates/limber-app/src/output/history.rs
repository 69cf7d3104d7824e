//! `limber history --json`: sessions and diary entries, oldest first.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::common::Side;
use super::mirror_enum;
use super::plan::ContextOutput;

/// One item of the history: a guided session or a diary entry, told apart
/// by `kind` (`"session"` or `"pain"`), which comes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum HistoryItem {
    Session(SessionOutput),
    Pain(PainOutput),
}

impl HistoryItem {
    /// When it began: a session's start, an entry's time.
    pub fn at(&self) -> Timestamp {
        match self {
            HistoryItem::Session(s) => s.started_at,
            HistoryItem::Pain(p) => p.at,
        }
    }
}

impl From<&limber_core::diary::SessionRecord> for HistoryItem {
    fn from(s: &limber_core::diary::SessionRecord) -> Self {
        HistoryItem::Session(s.into())
    }
}

impl From<&limber_core::diary::PainEntry> for HistoryItem {
    fn from(p: &limber_core::diary::PainEntry) -> Self {
        HistoryItem::Pain(p.into())
    }
}

mirror_enum! {
    /// How a session ended: `completed` (ran to the end, some holds may
    /// have been skipped), `partial` (quit, interrupted or killed) or
    /// `stopped` (ended by a safety stop).
    #[serde(rename_all = "lowercase")]
    SessionStatus from limber_core::diary::SessionStatus { Completed, Partial, Stopped }
}

mirror_enum! {
    /// What happened to one hold: `done`, `skipped` or `stopped` (ended by a stop rule).
    #[serde(rename_all = "lowercase")]
    Outcome from limber_core::diary::Outcome { Done, Skipped, Stopped }
}

/// A guided session as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionOutput {
    /// The session's id: a UUID (v7) made when it began.
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: Timestamp,
    /// Null while the session runs, or when it was killed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ended_at: Option<Timestamp>,
    pub status: SessionStatus,
    pub context: ContextOutput,
    /// The program's name.
    pub program: String,
    /// Pain 0–10 before the first stretch, or null.
    pub pain_before: Option<u8>,
    /// Pain 0–10 at the end, or null.
    pub pain_after: Option<u8>,
    /// Every hold, in the order done.
    pub steps: Vec<StepRecordOutput>,
    /// Every "pain now" rating taken during the session.
    pub ratings: Vec<RatingOutput>,
}

impl From<&limber_core::diary::SessionRecord> for SessionOutput {
    fn from(s: &limber_core::diary::SessionRecord) -> Self {
        Self {
            id: s.id.to_string(),
            started_at: s.started_at,
            ended_at: s.ended_at,
            status: s.status.into(),
            context: s.context.into(),
            program: s.program.clone(),
            pain_before: s.pain_before.map(|p| p.get()),
            pain_after: s.pain_after.map(|p| p.get()),
            steps: s.steps.iter().map(StepRecordOutput::from).collect(),
            ratings: s.ratings.iter().map(RatingOutput::from).collect(),
        }
    }
}

/// One hold (exercise, side, rep) and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRecordOutput {
    pub exercise: String,
    /// `right` or `left`; null for an exercise that is not sided.
    pub side: Option<Side>,
    /// 1-based rep number on this side.
    pub rep: u32,
    pub outcome: Outcome,
    /// Why the hold was stopped (or skipped), in words, or null.
    pub reason: Option<String>,
    /// When the hold ended.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

impl From<&limber_core::diary::StepRecord> for StepRecordOutput {
    fn from(s: &limber_core::diary::StepRecord) -> Self {
        Self {
            exercise: s.exercise.to_string(),
            side: s.side.map(Side::from),
            rep: s.rep,
            outcome: s.outcome.into(),
            reason: s.reason.as_ref().map(ToString::to_string),
            at: s.at,
        }
    }
}

/// A "pain now" rating during a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingOutput {
    /// The exercise just done, or null for a rating before the first one.
    pub after: Option<String>,
    pub pain: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

impl From<&limber_core::diary::Rating> for RatingOutput {
    fn from(r: &limber_core::diary::Rating) -> Self {
        Self {
            after: r.after.as_ref().map(ToString::to_string),
            pain: r.pain.get(),
            at: r.at,
        }
    }
}

mirror_enum! {
    /// How far down the leg symptoms reach, from the spine outwards.
    #[serde(rename_all = "kebab-case")]
    Reach from limber_core::diary::Reach { Back, Buttock, Thigh, BelowKnee, Foot }
}

mirror_enum! {
    /// Which side symptoms are on: `left`, `right` or `both`.
    #[serde(rename_all = "lowercase")]
    BodySide from limber_core::diary::BodySide { Left, Right, Both }
}

mirror_enum! {
    /// What the symptoms feel like.
    #[serde(rename_all = "lowercase")]
    Quality from limber_core::diary::Quality { Electric, Burning, Numbness, Tingling, Ache }
}

/// A pain diary entry (`limber log`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PainOutput {
    /// The entry's id: a UUID (v7) made when it was written.
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Back pain 0–10, or null.
    pub back: Option<u8>,
    /// Leg pain 0–10, or null.
    pub leg: Option<u8>,
    pub reach: Option<Reach>,
    pub side: Option<BodySide>,
    pub qualities: Vec<Quality>,
    pub weakness: bool,
    /// Morning stiffness 0–10, or null.
    pub stiffness: Option<u8>,
    /// Taken as the next-morning check after a session.
    pub morning: bool,
    /// The note as typed (verbatim: control characters are not escaped here).
    pub note: Option<String>,
}

impl From<&limber_core::diary::PainEntry> for PainOutput {
    fn from(p: &limber_core::diary::PainEntry) -> Self {
        Self {
            id: p.id.to_string(),
            at: p.at,
            back: p.back.map(|s| s.get()),
            leg: p.leg.map(|s| s.get()),
            reach: p.reach.map(Reach::from),
            side: p.side.map(BodySide::from),
            qualities: p.qualities.iter().copied().map(Quality::from).collect(),
            weakness: p.weakness,
            stiffness: p.stiffness.map(|s| s.get()),
            morning: p.morning,
            note: p.note.clone(),
        }
    }
}

/// A page of the history, newest first (`GET /api/v1/history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPageOutput {
    /// Sessions (by start) and diary entries (by time), newest first.
    pub items: Vec<HistoryItem>,
    /// Pass as `before` for the next, older page; null on the last page.
    pub next: Option<String>,
}

impl From<&crate::history::HistoryPage> for HistoryPageOutput {
    fn from(p: &crate::history::HistoryPage) -> Self {
        use crate::history::HistoryRecord;
        Self {
            items: p
                .records
                .iter()
                .map(|r| match r {
                    HistoryRecord::Session(s) => HistoryItem::from(s),
                    HistoryRecord::Pain(e) => HistoryItem::from(e),
                })
                .collect(),
            next: p.next.map(|c| c.to_string()),
        }
    }
}
