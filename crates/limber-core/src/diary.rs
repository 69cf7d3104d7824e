//! What limber remembers: session records and pain entries.
//!
//! Times are wall-clock instants (stored as UTC epoch milliseconds); the
//! user's time zone decides which diary day an instant falls on.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;
use crate::pain::PainScore;
use crate::side::Side;

/// Identifies a stored session.
pub type SessionId = i64;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    /// Ran to the end (some steps may have been skipped or stopped).
    Completed,
    /// Quit, interrupted or killed before the end.
    Partial,
    /// Ended by a safety stop.
    Stopped,
}

/// What happened to one hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Done,
    Skipped,
    /// Ended early by a stop rule; the record says why.
    Stopped,
}

/// Where the user did the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// Room to lie down (home, after a run).
    #[default]
    Floor,
    /// No floor, but a wall and a chair (work).
    Wall,
    /// Standing only, nothing to hold.
    Standing,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Floor => "floor",
            Place::Wall => "wall",
            Place::Standing => "standing",
        }
    }
}

/// A name that is none of the places a session can be planned for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown place {0:?}: expected floor, wall or standing")]
pub struct UnknownPlace(pub String);

impl FromStr for Place {
    type Err = UnknownPlace;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "floor" => Ok(Place::Floor),
            "wall" => Ok(Place::Wall),
            "standing" => Ok(Place::Standing),
            other => Err(UnknownPlace(other.to_string())),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The situation a session was planned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SessionContext {
    pub after_run: bool,
    #[serde(rename = "where")]
    pub place: Place,
}

/// One hold (exercise, side, rep) and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub exercise: ExerciseId,
    pub side: Option<Side>,
    /// 1-based rep number on this side.
    pub rep: u32,
    pub outcome: Outcome,
    /// Why a step was stopped (or skipped, when the engine knows).
    pub reason: Option<String>,
    pub at: Timestamp,
}

/// A "pain now" rating taken during a session: before the first exercise
/// (`after` is `None`) or right after an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub after: Option<ExerciseId>,
    pub pain: PainScore,
    pub at: Timestamp,
}

/// A guided session as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: SessionId,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub status: SessionStatus,
    pub context: SessionContext,
    /// Name of the program the session followed.
    pub program: String,
    pub pain_before: Option<PainScore>,
    pub pain_after: Option<PainScore>,
    pub steps: Vec<StepRecord>,
    pub ratings: Vec<Rating>,
}

/// How far down the leg symptoms reach, from the spine outwards. The order
/// matters: moving up this list over time is centralization (a good sign),
/// moving down is peripheralization (a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    Back,
    Buttock,
    Thigh,
    BelowKnee,
    Foot,
}

impl Reach {
    pub const ALL: [Reach; 5] = [
        Reach::Back,
        Reach::Buttock,
        Reach::Thigh,
        Reach::BelowKnee,
        Reach::Foot,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reach::Back => "back",
            Reach::Buttock => "buttock",
            Reach::Thigh => "thigh",
            Reach::BelowKnee => "below-knee",
            Reach::Foot => "foot",
        }
    }
}

/// Which side symptoms are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodySide {
    Left,
    Right,
    Both,
}

impl BodySide {
    pub fn as_str(self) -> &'static str {
        match self {
            BodySide::Left => "left",
            BodySide::Right => "right",
            BodySide::Both => "both",
        }
    }
}

/// What the symptoms feel like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    Electric,
    Burning,
    Numbness,
    Tingling,
    Ache,
}

impl Quality {
    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Electric => "electric",
            Quality::Burning => "burning",
            Quality::Numbness => "numbness",
            Quality::Tingling => "tingling",
            Quality::Ache => "ache",
        }
    }
}

/// One diary entry. Back and leg pain are kept apart, as sciatica studies do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainEntry {
    pub at: Timestamp,
    pub back: Option<PainScore>,
    pub leg: Option<PainScore>,
    pub reach: Option<Reach>,
    pub side: Option<BodySide>,
    pub qualities: Vec<Quality>,
    pub weakness: bool,
    /// Morning stiffness, 0–10.
    pub stiffness: Option<PainScore>,
    /// Taken as the next-morning check after a session.
    pub morning: bool,
    pub note: Option<String>,
}
