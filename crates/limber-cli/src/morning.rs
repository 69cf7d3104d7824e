//! The next-morning check in the terminal: asked once a day, in a
//! terminal only, when `limber_app::morning` says it is due.

use limber_app::morning::{self, MorningAnswers};
use limber_core::rules::MorningAdvice;

use crate::command_error::CmdResult;
use crate::env::Env;
use crate::known::UserState;
use crate::prompt;

pub fn maybe_ask(env: &Env, known: &mut UserState, allowed: bool) -> CmdResult {
    if !allowed || !prompt::interactive() || !morning::due(known) {
        return Ok(());
    }
    println!("Good morning. You stretched yesterday: how are things this morning?");
    let answers = MorningAnswers {
        back: prompt::score("Back pain")?,
        leg: prompt::score("Leg pain")?,
        stiffness: prompt::score("Stiffness")?,
    };
    let advice = env.block_on(morning::answer(env.store()?, env.user(), known, answers))?;
    match advice {
        MorningAdvice::Normal => println!("Thanks, noted.\n"),
        MorningAdvice::Lighter { why } => println!("Thanks. Today's plan is lighter: {why}\n"),
        MorningAdvice::Pause { why } => println!("Thanks. {why}\n"),
    }
    Ok(())
}
