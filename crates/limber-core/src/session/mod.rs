//! The guided-session engine: one state machine that every driver (the
//! full-screen terminal, the plain line output, the web page) runs.
//!
//! The engine never reads a clock. Drivers call [`Session::tick`] with the
//! monotonic time since the session began and [`Session::handle`] with user
//! events; both return [`Output`]s (cues to show or speak, records to store).
//! All deadlines are computed from the session's start, never by adding up
//! intervals, so a long session cannot drift.
//!
//! Timeline of one exercise: GetReady (GET_READY_SECS) → Hold → Rest → Hold …
//! → Hold, then the next exercise's GetReady, and after the last hold of the
//! routine, Finished. Rests come only *between* holds of one exercise, so an
//! uninterrupted session lasts exactly [`Routine::estimate`].
//!
//! Timing: the current phase has an *anchor* (the session time at which its
//! progress was `done` units: counts for a hold, seconds otherwise). Every
//! deadline is `anchor + (units to go) / rate`, computed afresh, never by
//! adding up what ticks observed. When a phase ends on schedule the next
//! phase is anchored at that exact due time, not at the `now` of the tick
//! that noticed it, so late, early or irregular ticks change nothing. The
//! anchor moves only when the user acts: it is shifted by the paused time
//! on resume, and re-set by a pace change, a skip or going back.

use std::time::Duration;

use jiff::Timestamp;

use crate::PainScore;
use crate::catalog::Movement;
use crate::diary::StepReason;
use crate::plan::{GET_READY_SECS, Hold, Routine};

mod api;
mod arithmetic;
mod events;
mod records;
mod stops;
mod timeline;
mod types;
mod words;

#[cfg(test)]
mod tests;

pub use crate::safety::stoprules;
pub use types::{
    Choice, Cue, CueKind, Decision, Event, HaltView, Output, Phase, Prompt, Sound, StopReason, View,
};

/// A second `b` within this long of the first goes to the hold before.
const BACK_AGAIN: Duration = Duration::from_secs(2);
/// How many of a hold's last counts are announced (5, 4, 3, 2, 1).
const COUNTDOWN: u32 = 5;
/// The invitation to rate, at the natural points: before the first
/// exercise and between exercises.
pub const RATE_PROMPT: &str =
    "Pain now? Type 0-10 if you like (0 no pain ... 10 worst imaginable).";

/// How a get-ready countdown ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetReady {
    /// After this many seconds.
    Timed(u32),
    /// When the user says they are in position (space or Enter): the
    /// first session, when a new user needs time to find each position.
    WaitForUser,
}

impl Default for GetReady {
    fn default() -> Self {
        GetReady::Timed(GET_READY_SECS)
    }
}

/// A position in the routine: step (exercise) index and hold index within it.
/// In Hold it is the hold being done; in GetReady and Rest, the hold to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    step: usize,
    hold: usize,
}

/// Where `Continue` goes after a stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    GetReady(At),
    Finish,
}

/// What a halt is waiting about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HaltKind {
    /// A stop rule ended an exercise. After spreading symptoms or an
    /// electric jolt, `leave_out` is the movement family that Continue
    /// leaves out of the rest of the routine.
    Stop { leave_out: Option<Movement> },
    /// Pain above 5/10 before the first stretch.
    HighStart,
}

/// A stop rule fired; the session waits for Continue or Quit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Halt {
    /// The exercise (and hold) the stop was put down to, for the view.
    at: At,
    resume: Resume,
    kind: HaltKind,
    /// What happened, for a screen.
    title: String,
    /// What to do now, without the keys.
    text: String,
    /// How to go on, the advised way first.
    choices: Vec<Choice>,
    /// The reason recorded for the holds a Continue leaves out.
    why: Option<StepReason>,
}

/// A guided session in progress.
#[derive(Debug, Clone)]
pub struct Session {
    routine: Routine,
    started_at: Timestamp,
    /// `routine.steps[i].holds()`, computed once.
    holds: Vec<Vec<Hold>>,
    /// Steps left out of the rest of this session (after a spreading stop).
    left_out: Vec<bool>,
    get_ready_mode: GetReady,
    /// When `b` was last pressed, and the hold it went back to.
    last_back: Option<(Duration, At)>,
    /// The user chose the gentlest version after high pain at the start.
    gentle: bool,
    /// The user reported red-flag symptoms.
    red_flag: bool,
    phase: Phase,
    at: At,
    /// Session time at which the current phase had made `done` progress.
    anchor: Duration,
    /// Progress at `anchor`: counts in a hold, seconds in GetReady and Rest.
    done: f64,
    /// The next "counts remaining" to announce in this hold; 0 when none left.
    countdown: u32,
    paused_at: Option<Duration>,
    /// The current pause was made by an overlay, which undoes it on closing.
    overlay_paused: bool,
    /// Whether the first GetReady cue has been given.
    begun: bool,
    halt: Option<Halt>,
    finished_at: Option<Duration>,
    /// The session's first rating.
    baseline: Option<PainScore>,
    /// The hold that started most recently.
    last_held: Option<At>,
    /// "Hurts more" reports: (exercise index, how many).
    hurts_more: Option<(usize, u32)>,
    /// Holds recorded, by outcome: done, skipped, stopped.
    tally: [u32; 3],
    /// The latest cue's text, and what it waits for.
    cue: String,
    prompt: Option<Prompt>,
}
