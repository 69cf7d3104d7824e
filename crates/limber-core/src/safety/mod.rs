//! limber's safety rules, together so they can be reviewed together: the
//! screen before sessions ([`screen`]), the stop rules during one
//! ([`stoprules`]), and the rules that read the diary afterwards:
//! aggravating marks, the next-morning check, a worsening diary and the
//! progression gate. Everything here is a pure function of the answers,
//! the records, the user's time zone and "now"; the application layer
//! decides when to ask and what to store.

mod aggravating;
mod morning;
mod progression;
mod screen;
pub mod standing;
pub mod stoprules;
pub mod worsening;

#[cfg(test)]
mod testdays;

pub use aggravating::{
    AGGRAVATING_WINDOW_DAYS, aggravating, aggravating_marks, expand_marks, mark_stands,
};
pub use morning::{
    MORNING_ADVICE_DAYS, MORNING_BASELINE_DAYS, MORNING_MARGIN, MORNING_PAIR_DAYS, MorningAdvice,
    morning_check, morning_pause, morning_pause_finding, needs_morning_question,
};
pub use progression::{PROGRESSION_SESSIONS, next_level};
pub use screen::{Gate, Question, ScreenError, ScreenRecord, Tier, UnknownQuestion};
