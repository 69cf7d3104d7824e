use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// An exercise's stable id, e.g. `lying-thigh-stretch`: lowercase words joined
/// by hyphens. Stored in history, so it never changes once shipped.
///
/// Shared (`Arc<str>`) because years of history name the same few ids tens
/// of thousands of times: cloning one must not allocate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExerciseId(Arc<str>);

impl ExerciseId {
    /// Accepts only well-formed ids; whether one exists is the catalog's call.
    pub fn new(id: &str) -> Option<Self> {
        let ok = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| Self(Arc::from(id)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for ExerciseId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ExerciseId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Cow::<'de, str>::deserialize(d)?;
        ExerciseId::new(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{raw:?} is not an exercise id (lowercase words joined by hyphens)"
            ))
        })
    }
}

impl fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Where the body is: decides whether an exercise fits where the user is.
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
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Position {
    Floor,
    Wall,
    Standing,
    Seated,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The kind of movement an exercise makes. After a stop for spreading
/// symptoms or an electric jolt, the rest of that session leaves out the
/// other exercises of the same family (clinical-notes §2 and §4: a direction
/// that peripheralizes symptoms is the one to avoid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    /// Crossing one leg over the other to stretch the outer hip and buttock
    /// (the lying and wall thigh stretches).
    HipRotation,
    /// Bending forward at the hips and low back (the standing forward reach,
    /// the back curl and the full back curl).
    Flexion,
    /// Leaning sideways, no forward bend (the standing side-bend variant).
    SideBend,
}

impl Movement {
    /// In words, for "the other … stretches".
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::HipRotation => "hip-rotation",
            Movement::Flexion => "forward-bending",
            Movement::SideBend => "side-bending",
        }
    }
}

/// Where a dose value came from. Seed values are the post author's own and are
/// never silently changed; defaults are ours and are shown as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Stated in the original post.
    Seed,
    /// Chosen by limber where the seed says nothing.
    Default,
    /// Set by the program (e.g. a clinician's) in use.
    Program,
}

/// A value with its provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Provenance,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: Provenance) -> Self {
        Self { value, source }
    }
}

/// How much of an exercise to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// Length of one hold in counts (one count per second at the default pace).
    pub hold: Sourced<u32>,
    /// Holds per side (or in total, for an exercise that is not sided).
    pub reps: Sourced<u32>,
    /// For sided exercises: right, left, right, left… rather than all right first.
    pub alternate: Sourced<bool>,
    /// Seconds to release and switch between holds.
    pub rest: Sourced<u32>,
}

/// A health condition that makes some exercises unsuitable. Each is a
/// caution question in the safety screen.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Condition {
    Osteoporosis,
    Pregnancy,
    HipReplacement,
    EyePressure,
    HighBloodPressure,
    NeckProblem,
    /// Bending forward sends symptoms further down the leg: the forward
    /// bends (clinical-notes §4: flexion stretches only after this check).
    BendingForward,
}

impl Condition {
    pub const ALL: &'static [Condition] = <Condition as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What a caution does to its exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CautionAction {
    /// Leave the exercise out.
    Hide,
    /// Use the exercise's gentler variant instead.
    Variant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caution {
    pub condition: Condition,
    pub action: CautionAction,
    /// Shown to the user, after "because".
    pub reason: String,
}

/// A gentler form of an exercise, switched in by a caution or a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// The name a clinician would recognise for the variant itself.
    #[serde(default)]
    pub standard_name: Option<String>,
    pub position: Position,
    /// The variant's movement, when it differs from the exercise's.
    #[serde(default)]
    pub movement: Option<Movement>,
    pub steps: Vec<String>,
}

/// Marks an exercise as the stand-in for another where that one cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstituteFor {
    pub exercise: ExerciseId,
    pub less_effective: bool,
    pub note: String,
}

/// One depth level of a progressive exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub level: u32,
    pub name: String,
    pub instruction: String,
}

/// One exercise of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: ExerciseId,
    /// The name the original post uses.
    pub seed_name: String,
    /// The name a clinician would recognise.
    pub standard_name: String,
    pub position: Position,
    /// Which family of movement it belongs to.
    pub movement: Movement,
    pub sided: bool,
    /// Off until the user has confirmed none of its cautions apply.
    #[serde(default)]
    pub opt_in: bool,
    pub summary: String,
    /// How to do it; `{side}` is replaced by the leg being worked.
    pub steps: Vec<String>,
    /// Said during every hold.
    pub cues: Vec<String>,
    pub dose: Dose,
    #[serde(default)]
    pub cautions: Vec<Caution>,
    #[serde(default)]
    pub variant: Option<Variant>,
    #[serde(default)]
    pub substitute_for: Option<SubstituteFor>,
    #[serde(default)]
    pub progression: Vec<Level>,
}

impl Exercise {
    /// The caution, if any, that applies given the user's conditions; a hide
    /// outranks a variant swap.
    pub fn caution_for<'a>(&'a self, conditions: &[Condition]) -> Option<&'a Caution> {
        let applying = || {
            self.cautions
                .iter()
                .filter(|c| conditions.contains(&c.condition))
        };
        applying()
            .find(|c| c.action == CautionAction::Hide)
            .or_else(|| applying().next())
    }

    /// One progression level by number. Levels deepen the position, never
    /// the hold.
    pub fn level(&self, level: u32) -> Option<&Level> {
        self.progression.iter().find(|l| l.level == level)
    }
}
