//! The safety gate in front of every session, in the terminal's words. No
//! code path starts a session without passing through [`require_open`];
//! `limber plan` asks the same question through [`blocked`]. Which block
//! stands first, and what acknowledging one stores, is
//! `limber_app::gate`'s: this module only words and asks.

use limber_app::gate::{self, Block, SCREEN_WEEKS, first_block};
use limber_core::safety::Tier;
use limber_core::wording;

use crate::command_error::{CmdResult, CommandError};
use crate::commands::screen;
use crate::env::Env;
use crate::known::UserState;
use crate::prompt;

/// Emergency answers on the screen in force: sessions are locked.
pub fn locked(known: &UserState) -> bool {
    gate::locked(known)
}

/// The emergency advice and list, shown wherever a locked user looks.
pub fn locked_message() -> String {
    format!(
        "{}\n\n{}\n\nSessions are locked: limber will not start a session until you answer the screen again (`limber screen`).",
        Tier::Emergency.advice(),
        wording::EMERGENCY
    )
}

/// Why a session could not start right now, in one line, for commands that
/// show a plan without starting it (`limber plan`).
pub fn blocked(known: &UserState) -> Option<String> {
    Some(match first_block(known)? {
        Block::Rescreen => "you reported new symptoms: answer the safety questions again (`limber screen`) before your next session".into(),
        Block::NoScreen => "limber asks a few safety questions before your first session (`limber screen`)".into(),
        Block::Stale => format!("your safety screen is more than {SCREEN_WEEKS} weeks old: answer the questions again (`limber screen`)"),
        Block::Locked => format!("sessions are locked: {}", Tier::Emergency.advice()),
        Block::Paused(tier, _) => format!(
            "your program is paused: {} (`limber screen --acknowledge` once you have)",
            tier.advice()
        ),
        Block::MorningPause(why) | Block::DiaryPause(why) => format!(
            "your program is paused: {why} (`limber screen --acknowledge` once you have)"
        ),
    })
}

/// Passes when a session may start now, asking (in a terminal) for a screen
/// or an acknowledgement when one is needed; otherwise exit 3.
pub fn require_open(env: &Env, known: &mut UserState, interactive: bool) -> CmdResult {
    let store = env.store()?;
    let user = env.user();
    if interactive && gate::quick_check_due(known) && quick_check_flags()? {
        env.block_on(gate::request_rescreen(store, user, known, env.now()))?;
        println!(
            "{}\n",
            crate::format::wrap("Thank you. Please answer the full safety questions again.")
        );
    }
    while let Some(block) = first_block(known) {
        match &block {
            Block::NoScreen | Block::Rescreen | Block::Stale if interactive => {
                rescreen(env, known)?;
            }
            Block::Stale => {
                return Err(CommandError::safety(format!(
                    "Your safety screen is more than {SCREEN_WEEKS} weeks old, so limber asks the questions again before your next session."
                ))
                .hint("run `limber screen` and answer each question as things are now"));
            }
            Block::NoScreen => {
                return Err(CommandError::safety(
                    "No safety screen on record: limber asks a few safety questions before your first session.",
                )
                .hint("run `limber screen` (or `limber screen --none-apply` if none of the questions apply)"));
            }
            Block::Rescreen => {
                return Err(CommandError::safety(
                    "You reported new symptoms, so the safety screen needs answering again before your next session.",
                )
                .hint("run `limber screen` and answer each question as things are now"));
            }
            Block::Locked => {
                return Err(CommandError::safety(locked_message()));
            }
            Block::Paused(tier, flags) => {
                let flagged = flags.iter().map(|q| q.key()).collect::<Vec<_>>().join(", ");
                let advice = format!(
                    "Your program is paused ({flagged} on your safety screen). {}",
                    tier.advice()
                );
                if !confirm(
                    interactive,
                    &advice,
                    "Have you taken this advice, and do you want to continue?",
                )? {
                    return Err(CommandError::safety(advice)
                        .hint("when you have taken the advice: `limber screen --acknowledge`"));
                }
                acknowledge(env, known, &block)?;
            }
            Block::MorningPause(why) => {
                let advice = format!("Your program is paused: {why}");
                if !confirm(
                    interactive,
                    &advice,
                    "Have you checked with a clinician, and do you want to continue?",
                )? {
                    return Err(CommandError::safety(advice).hint(
                        "when you have checked with a clinician: `limber screen --acknowledge`",
                    ));
                }
                acknowledge(env, known, &block)?;
            }
            Block::DiaryPause(why) => {
                let advice = format!("Your program is paused: {why}");
                if !confirm(
                    interactive,
                    &advice,
                    "Have you checked with a clinician, and do you want to continue?",
                )? {
                    return Err(CommandError::safety(advice).hint(
                        "when you have checked with a clinician: `limber screen --acknowledge`",
                    ));
                }
                acknowledge(env, known, &block)?;
                // The last check: nothing after it can block.
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Asks the whole screen in the terminal and makes it the one in force.
fn rescreen(env: &Env, known: &mut UserState) -> CmdResult {
    let record = screen::interactive(env)?;
    screen::save(env, &record)?;
    screen::summarize(env, &record)?;
    println!();
    // Re-read: saving the screen changed the stored profile (and the
    // questions showed the first-run notice).
    known.profile = env.block_on(env.store()?.profile(env.user()))?;
    known.screen = Some(record);
    Ok(())
}

/// In a terminal, shows the advice and asks to go on; elsewhere, no.
fn confirm(interactive: bool, advice: &str, question: &str) -> CmdResult<bool> {
    if !interactive {
        return Ok(false);
    }
    println!("{advice}");
    prompt::yes_no(question)
}

/// Stores an acknowledgement through the gate's use case.
fn acknowledge(env: &Env, known: &mut UserState, block: &Block) -> CmdResult {
    env.block_on(gate::acknowledge(
        env.store()?,
        env.user(),
        known,
        block,
        env.now(),
    ))
    .map_err(|e| match e {
        gate::AcknowledgeError::Store(e) => e.into(),
        e @ gate::AcknowledgeError::NeedsScreen => CommandError::safety(e.to_string()),
    })
}

/// The short pre-session check (clinical-notes §1): the emergency questions
/// in one, so a change since the last screen is caught before stretching.
fn quick_check_flags() -> CmdResult<bool> {
    prompt::yes_no(wording::QUICK_CHECK)
}
