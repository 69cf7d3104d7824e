//! The next-morning check: the first run of a day after a session day asks
//! how the back and leg are this morning (once a day, in a terminal only).

use limber_core::diary::PainEntry;
use limber_core::rules::{self, MorningAdvice};
use limber_store::Store;

use crate::command_error::CmdResult;
use crate::env::Env;
use crate::known::UserState;
use crate::prompt;

pub fn maybe_ask(env: &Env, known: &mut UserState, allowed: bool) -> CmdResult {
    let today = known.today();
    if !allowed
        || !prompt::interactive()
        || known.profile.morning_asked == Some(today)
        || !rules::needs_morning_question(&known.sessions, &known.entries, &known.tz, today)
    {
        return Ok(());
    }
    println!("Good morning. You stretched yesterday: how are things this morning?");
    let back = prompt::score("Back pain")?;
    let leg = prompt::score("Leg pain")?;
    let stiffness = prompt::score("Stiffness")?;
    let store = env.store()?;
    if back.is_some() || leg.is_some() || stiffness.is_some() {
        let entry = PainEntry {
            at: known.now,
            back,
            leg,
            reach: None,
            side: None,
            qualities: Vec::new(),
            weakness: false,
            stiffness,
            morning: true,
            note: None,
        };
        env.block_on(store.add_pain_entry(env.user(), &entry))?;
        known.entries.push(entry);
    }
    known.profile.morning_asked = Some(today);
    env.block_on(store.save_profile(env.user(), &known.profile))?;
    match known.morning() {
        MorningAdvice::Normal => println!("Thanks, noted.\n"),
        MorningAdvice::Lighter { why } => println!("Thanks. Today's plan is lighter: {why}\n"),
        MorningAdvice::Pause { why } => println!("Thanks. {why}\n"),
    }
    Ok(())
}
