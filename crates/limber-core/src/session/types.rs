use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::PainScore;
use crate::catalog::ExerciseId;
use crate::diary::{Rating, SessionStatus, StepRecord};
use crate::plan::Pace;
use crate::side::Side;

/// Something the user did during a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Pause,
    Resume,
    /// Space bar: pause when running, resume when paused.
    TogglePause,
    /// Skip the rest of the current exercise; its remaining holds are recorded `skipped`.
    Skip,
    /// Restart the current hold; within its first seconds, go back one hold.
    Back,
    /// End the session now; it is recorded `partial`.
    Quit,
    /// Change the counting pace by this many steps of [`Pace::STEP`].
    Pace(i32),
    /// A "pain now" rating, 0–10 (before the first exercise, or after one).
    Rate(PainScore),
    /// "This hurts more."
    HurtsMore,
    /// "It is spreading down my leg" or "new numbness or tingling".
    Spreading,
    /// Sharp, shooting or electric pain.
    SharpPain,
    /// Symptoms are moving back towards the spine (a good sign).
    Centralizing,
    /// After a stop: go on with the next exercise (after a spreading or
    /// electric stop, leaving out the rest of that movement family).
    Continue,
    /// After a spreading or electric stop: go on with every exercise left,
    /// the same movement family included.
    ContinueAll,
    /// After pain above 5/10 before the first stretch: go on with the
    /// gentlest version of the routine.
    Gentlest,
    /// "I am in position": ends a get-ready that waits for the user.
    Ready,
    /// An overlay (the emergency list, the quit question) now covers the
    /// session: a running count pauses, so no one holds a stretch while
    /// reading or deciding. Every driver sends it, whatever the overlay.
    OverlayOpened,
    /// The overlay closed: a count it paused goes on with the time it had
    /// left; a pause the user made stays.
    OverlayClosed,
    /// Red-flag symptoms (numbness between the legs, bladder or bowel
    /// change, symptoms in both legs, weakness getting worse): ends the
    /// session at once and locks sessions until the screen is answered again.
    RedFlag,
}

/// Why an exercise was stopped by a stop rule (`clinical-notes.md` §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopReason {
    /// Pain above 5/10 during a hold.
    PainAboveFive,
    /// Pain 2 or more points above the session's first rating.
    RiseFromBaseline,
    /// Sharp, shooting or electric pain.
    SharpPain,
    /// Symptoms spreading further down the leg, or new numbness/tingling.
    Spreading,
    /// Symptoms that need urgent medical help, reported during the session.
    RedFlag,
}

impl StopReason {
    pub const ALL: [StopReason; 4] = [
        StopReason::PainAboveFive,
        StopReason::RiseFromBaseline,
        StopReason::SharpPain,
        StopReason::Spreading,
    ];

    /// Nerve symptoms (spreading, new numbness or tingling, an electric or
    /// sharp jolt) mark the exercise aggravating after one stop
    /// (clinical-notes §2 rule 2); pain ratings need two stops.
    pub fn marks_at_once(self) -> bool {
        matches!(self, StopReason::SharpPain | StopReason::Spreading)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::PainAboveFive => "pain above 5/10 during the hold",
            StopReason::RiseFromBaseline => {
                "pain 2 or more points above where this session started"
            }
            StopReason::SharpPain => "sharp, shooting or electric pain",
            StopReason::Spreading => "symptoms spreading down the leg or new numbness",
            StopReason::RedFlag => "symptoms that need urgent medical help",
        }
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sound a driver may play with a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sound {
    /// A short tick (the last counts of a hold).
    Tick,
    /// The clear end-of-hold sound.
    HoldEnd,
    /// A stop rule fired.
    Alert,
    /// The routine is finished.
    Finished,
}

/// What a cue announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CueKind {
    /// Countdown before an exercise begins: name, side and how to get into position.
    GetReady,
    /// A hold starts.
    HoldStart,
    /// One of the last counts of a hold (5, 4, 3, 2, 1 remaining).
    Count {
        remaining: u32,
    },
    /// A hold ended; release.
    HoldEnd,
    /// Switch to the other side (or the next rep) after the rest.
    Switch,
    Paused,
    Resumed,
    Skipped,
    Back,
    PaceChanged,
    /// A stop rule ended the exercise.
    Stopped,
    /// Symptoms moving back towards the spine: a good sign, said so.
    Centralizing,
    /// Acknowledges a rating.
    Rated,
    Finished,
}

/// One thing to tell the user, by screen, voice or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    /// Session time (monotonic, pauses included) when the cue fell due.
    #[serde(serialize_with = "millis")]
    pub at: Duration,
    #[serde(flatten)]
    pub kind: CueKind,
    /// The full line shown; always names the exercise and, for sided holds, the leg in words.
    pub text: String,
    /// What to say aloud, shorter than `text`, when a voice is on.
    pub speak: String,
    pub sound: Option<Sound>,
    /// What the session now waits for, if anything: the driver says how
    /// (after `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Prompt>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

/// What the engine asks its driver to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Show and/or speak this.
    Cue(Cue),
    /// Store this finished (done, skipped or stopped) hold now.
    Step(StepRecord),
    /// Store this rating now.
    Rating(Rating),
    /// The user reported red-flag symptoms: lock sessions until the safety
    /// screen is answered again. Comes before the session's `Finished`.
    RedFlag,
    /// The session is over; store its end with this status.
    Finished(SessionStatus),
}

/// One way to go on from a halt: what it does, and its words. The driver
/// says how to choose it (a key, a command, a button).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub decision: Decision,
    pub label: String,
}

/// What a choice after a halt decides. JSON: `"end" | "continue" |
/// "continue-all" | "gentlest"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// End the session here.
    End,
    /// Go on (after a spreading or electric stop, leaving out the rest of
    /// that movement family).
    Continue,
    /// Go on with every exercise left, the same movement family included.
    ContinueAll,
    /// Go on with the routine's gentlest version.
    Gentlest,
}

impl Decision {
    /// The event that makes this choice.
    pub fn event(self) -> Event {
        match self {
            Decision::End => Event::Quit,
            Decision::Continue => Event::Continue,
            Decision::ContinueAll => Event::ContinueAll,
            Decision::Gentlest => Event::Gentlest,
        }
    }
}

/// What a cue waits for from the user, for the driver to put in its own
/// words ("press space", a button). JSON: `{"kind": "ready"}` or
/// `{"kind": "choose", "choices": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Prompt {
    /// A get-ready that ends when the user says they are in position.
    Ready,
    /// A halt: one of these ways on, the advised one first.
    Choose { choices: Vec<Choice> },
}

/// Why the session is waiting for a choice, and the choices, for a screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaltView {
    /// One line: what happened.
    pub title: String,
    /// What to do now and why, without the keys.
    pub text: String,
    /// The ways on, the advised one first.
    pub choices: Vec<Choice>,
}

/// Where in its cycle the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// The countdown before an exercise.
    GetReady,
    Hold,
    /// Release and switch between holds.
    Rest,
    /// A stop rule ended the exercise; waiting for Continue or Quit.
    Stopped,
    Finished,
}

/// A snapshot of the session for drawing a screen or page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub phase: Phase,
    pub paused: bool,
    /// 0-based index of the current exercise, and how many there are.
    pub step_index: usize,
    pub step_count: usize,
    pub exercise: Option<ExerciseId>,
    /// The exercise's display name (seed or variant name).
    pub name: String,
    pub side: Option<Side>,
    pub rep: u32,
    pub reps: u32,
    /// Counts done in the current hold, and the hold's length in counts.
    pub count: u32,
    pub counts: u32,
    /// Time left in the current phase.
    #[serde(serialize_with = "millis")]
    pub remaining: Duration,
    /// 0.0–1.0 through the current phase.
    pub phase_progress: f64,
    /// 0.0–1.0 through the whole routine.
    pub routine_progress: f64,
    /// The instructions for the current exercise with the side filled in.
    pub instructions: Vec<String>,
    /// What comes next, in words ("Left leg, rep 1", "Back curl", "Finish").
    pub next: String,
    /// The latest cue's text.
    pub cue: String,
    /// What the latest cue waits for, if anything (see [`Cue::prompt`]).
    pub prompt: Option<Prompt>,
    /// While stopped: what happened and the ways on.
    pub halt: Option<HaltView>,
    /// In a get-ready that waits for "ready" (space or Enter).
    pub waiting_for_ready: bool,
    pub pace: Pace,
    #[serde(serialize_with = "millis")]
    pub elapsed: Duration,
}
