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
use crate::session::StopReason;
use crate::side::Side;

pub use crate::id::{PainEntryId, SessionId};

/// How a session ended.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SessionStatus {
    /// Ran to the end (some steps may have been skipped or stopped).
    Completed,
    /// Quit, interrupted or killed before the end.
    Partial,
    /// Ended by a safety stop.
    Stopped,
}

/// What happened to one hold.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Outcome {
    Done,
    Skipped,
    /// Ended early by a stop rule; the record says why.
    Stopped,
}

/// Where the user did the session.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
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
        self.into()
    }
}

/// A name that is none of the places a session can be planned for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown place {0:?}: expected floor, wall or standing")]
pub struct UnknownPlace(pub String);

impl FromStr for Place {
    type Err = UnknownPlace;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <Place as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPlace(s.to_string()))
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
    pub reason: Option<StepReason>,
    pub at: Timestamp,
}

/// Why a hold stopped, or was skipped, as the engine recorded it. Code
/// decides on the rule ([`StepReason::stop`]), never on the words; the
/// words ([`fmt::Display`]) are what history, exports and reports show.
///
/// JSON: `{"kind": "stopped", "rule": "spreading", "detail": …}`,
/// `{"kind": "stopped-earlier"}`, `{"kind": "left-out", "after": …,
/// "exercise": …}` or `{"kind": "text", "text": …}`. A plain string, as
/// versions before typed reasons stored and backed up, is read too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepReason {
    /// A stop rule stopped this hold; `detail` says what set it off for
    /// this case ("you rated it 7/10").
    Stopped {
        rule: StopReason,
        detail: Option<String>,
    },
    /// An earlier hold of this exercise was stopped; the rest were skipped.
    StoppedEarlier,
    /// Left out of the rest of the session after a stop for `after` in
    /// `exercise` (its name), another stretch of the same movement.
    LeftOut { after: StopReason, exercise: String },
    /// Words stored by an earlier version that name no rule.
    Text { text: String },
}

impl StepReason {
    /// A stop rule's reason with its detail (none when empty).
    pub fn stopped(rule: StopReason, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        StepReason::Stopped {
            rule,
            detail: (!detail.is_empty()).then_some(detail),
        }
    }

    /// The rule that stopped this very hold, if one did.
    pub fn stop(&self) -> Option<StopReason> {
        match self {
            StepReason::Stopped { rule, .. } => Some(*rule),
            _ => None,
        }
    }

    /// A reason read back from its words ([`fmt::Display`]): as versions
    /// before typed reasons stored and backed up ("sharp, shooting or
    /// electric pain", "pain above 5/10 during the hold (you rated it
    /// 7/10)", "stopped earlier in this exercise", "left out after … in
    /// …"), and as a CSV export writes them. The only place such words are
    /// read; words that name no rule stay [`StepReason::Text`].
    pub fn from_words(text: &str) -> Self {
        const EARLIER: &str = "stopped earlier in this exercise";
        const LEFT_OUT: &str = "left out after ";
        if text == EARLIER {
            return StepReason::StoppedEarlier;
        }
        let rules = StopReason::ALL
            .into_iter()
            .chain([StopReason::RedFlag])
            .map(|r| (r, r.as_str()));
        if let Some(rest) = text.strip_prefix(LEFT_OUT) {
            for (rule, words) in rules.clone() {
                if let Some(exercise) = rest
                    .strip_prefix(words)
                    .and_then(|r| r.strip_prefix(" in "))
                {
                    return StepReason::LeftOut {
                        after: rule,
                        exercise: exercise.to_string(),
                    };
                }
            }
        }
        for (rule, words) in rules {
            if text == words {
                return StepReason::Stopped { rule, detail: None };
            }
            if let Some(detail) = text
                .strip_prefix(words)
                .and_then(|r| r.strip_prefix(" ("))
                .and_then(|r| r.strip_suffix(')'))
            {
                return StepReason::stopped(rule, detail);
            }
        }
        StepReason::Text {
            text: text.to_string(),
        }
    }
}

impl fmt::Display for StepReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepReason::Stopped { rule, detail: None } => write!(f, "{rule}"),
            StepReason::Stopped {
                rule,
                detail: Some(d),
            } => write!(f, "{rule} ({d})"),
            StepReason::StoppedEarlier => f.write_str("stopped earlier in this exercise"),
            StepReason::LeftOut { after, exercise } => {
                write!(f, "left out after {after} in {exercise}")
            }
            StepReason::Text { text } => f.write_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for StepReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The typed form, as serialized.
        #[derive(Deserialize)]
        #[serde(tag = "kind", rename_all = "kebab-case")]
        enum Typed {
            Stopped {
                rule: StopReason,
                detail: Option<String>,
            },
            StoppedEarlier,
            LeftOut {
                after: StopReason,
                exercise: String,
            },
            Text {
                text: String,
            },
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Typed(Typed),
            Words(String),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Words(text) => StepReason::from_words(&text),
            Stored::Typed(Typed::Stopped { rule, detail }) => StepReason::Stopped { rule, detail },
            Stored::Typed(Typed::StoppedEarlier) => StepReason::StoppedEarlier,
            Stored::Typed(Typed::LeftOut { after, exercise }) => {
                StepReason::LeftOut { after, exercise }
            }
            Stored::Typed(Typed::Text { text }) => StepReason::Text { text },
        })
    }
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Reach {
    Back,
    Buttock,
    Thigh,
    BelowKnee,
    Foot,
}

impl Reach {
    pub const ALL: &'static [Reach] = <Reach as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Which side symptoms are on. Not [`crate::Side`]: that is the leg a
/// sided hold works, always one of two; symptoms can be on both sides, and
/// merging the two would let a cue say "both leg".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum BodySide {
    Left,
    Right,
    Both,
}

impl BodySide {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What the symptoms feel like.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Quality {
    Electric,
    Burning,
    Numbness,
    Tingling,
    Ache,
}

impl Quality {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One diary entry. Back and leg pain are kept apart, as sciatica studies do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainEntry {
    pub id: PainEntryId,
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

#[cfg(test)]
mod reason_tests {
    use super::*;

    /// A hold as versions before typed reasons stored and backed it up.
    fn old_step(reason: &str) -> StepRecord {
        let json = serde_json::json!({
            "exercise": "lying-thigh-stretch",
            "side": "left",
            "rep": 1,
            "outcome": "stopped",
            "reason": reason,
            "at": "2026-11-02T18:00:00Z",
        });
        serde_json::from_value(json).expect("an old step reads")
    }

    #[test]
    fn old_string_reasons_read_as_typed_reasons_with_the_same_words() {
        let cases = [
            (
                "pain above 5/10 during the hold (you rated it 6/10)",
                StepReason::Stopped {
                    rule: StopReason::PainAboveFive,
                    detail: Some("you rated it 6/10".into()),
                },
            ),
            (
                "pain 2 or more points above where this session started (pain kept rising: \"hurts more\" 2 times in this exercise)",
                StepReason::Stopped {
                    rule: StopReason::RiseFromBaseline,
                    detail: Some(
                        "pain kept rising: \"hurts more\" 2 times in this exercise".into(),
                    ),
                },
            ),
            (
                "symptoms spreading down the leg or new numbness",
                StepReason::Stopped {
                    rule: StopReason::Spreading,
                    detail: None,
                },
            ),
            (
                "symptoms that need urgent medical help",
                StepReason::Stopped {
                    rule: StopReason::RedFlag,
                    detail: None,
                },
            ),
            (
                "stopped earlier in this exercise",
                StepReason::StoppedEarlier,
            ),
            (
                "left out after sharp, shooting or electric pain in Standing thigh stretch",
                StepReason::LeftOut {
                    after: StopReason::SharpPain,
                    exercise: "Standing thigh stretch".into(),
                },
            ),
            (
                "felt dizzy",
                StepReason::Text {
                    text: "felt dizzy".into(),
                },
            ),
        ];
        for (words, typed) in cases {
            let step = old_step(words);
            assert_eq!(step.reason.as_ref(), Some(&typed), "{words}");
            assert_eq!(typed.to_string(), words, "the words stay the same");
        }
        assert_eq!(
            old_step("symptoms spreading down the leg or new numbness")
                .reason
                .and_then(|r| r.stop()),
            Some(StopReason::Spreading)
        );
    }

    #[test]
    fn typed_reasons_round_trip_and_say_the_rule_not_the_words() {
        let step = StepRecord {
            reason: Some(StepReason::stopped(StopReason::SharpPain, "")),
            ..old_step("x")
        };
        let json = serde_json::to_value(&step).unwrap();
        assert_eq!(
            json["reason"],
            serde_json::json!({"kind": "stopped", "rule": "sharp-pain", "detail": null})
        );
        let back: StepRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, step);
        for reason in [
            StepReason::StoppedEarlier,
            StepReason::LeftOut {
                after: StopReason::Spreading,
                exercise: "Back curl".into(),
            },
            StepReason::Text {
                text: "(odd) words".into(),
            },
        ] {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(serde_json::from_str::<StepReason>(&json).unwrap(), reason);
        }
    }
}
