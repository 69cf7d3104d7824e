//! The safety gate in front of every session. No code path starts a session
//! without passing through [`require_open`]; `limber plan` asks the same
//! question through [`blocked`], so the two can never disagree.

use limber_core::safety::{Gate, Question, Tier};
use limber_core::wording;
use limber_store::Store;

use crate::command_error::{CmdResult, CommandError};
use crate::commands::screen;
use crate::env::Env;
use crate::known::Known;
use crate::prompt;

/// The first thing that stands between the user and a session.
enum Block {
    NoScreen,
    /// New symptoms were reported since the last screen.
    Rescreen,
    /// Emergency answers: no session until re-screened.
    Locked,
    /// Same-day or see-your-GP answers, not yet acknowledged.
    Paused(Tier, Vec<Question>),
    /// Two mornings above baseline, not yet acknowledged.
    MorningPause(String),
    /// A worsening diary, not yet acknowledged.
    DiaryPause(String),
    /// The screen in force is more than 6 weeks old.
    Stale,
}

/// The screen is asked again when it is older than this: "no better after
/// 4–6 weeks" is itself a reason to see a GP (clinical-notes §1, Q19).
pub const SCREEN_WEEKS: i64 = 6;

fn first_block(known: &Known) -> Option<Block> {
    // Red-flag symptoms reported during a session lock like an emergency
    // answer until the screen is answered again.
    if known.profile.red_flag_reported.is_some() {
        return Some(Block::Locked);
    }
    if known.profile.rescreen_requested.is_some() {
        return Some(Block::Rescreen);
    }
    let Some(screen) = &known.screen else {
        return Some(Block::NoScreen);
    };
    if known.now.duration_since(screen.taken_at)
        > jiff::SignedDuration::from_hours(24 * 7 * SCREEN_WEEKS)
    {
        return Some(Block::Stale);
    }
    match screen.gate() {
        Gate::Locked(_) => Some(Block::Locked),
        Gate::Paused(tier, flags) => Some(Block::Paused(tier, flags)),
        Gate::Open => known
            .morning_pause()
            .map(Block::MorningPause)
            .or_else(|| known.diary_pause().map(Block::DiaryPause)),
    }
}

/// Emergency answers on the screen in force: sessions are locked.
pub fn locked(known: &Known) -> bool {
    matches!(first_block(known), Some(Block::Locked))
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
pub fn blocked(known: &Known) -> Option<String> {
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
pub fn require_open(env: &Env, known: &mut Known, interactive: bool) -> CmdResult {
    let store = env.store()?;
    let user = env.user();
    if interactive
        && known.screen.is_some()
        && known.profile.rescreen_requested.is_none()
        && session_since_screen(known)
        && quick_check_flags()?
    {
        // Marked first, so breaking off the questions half-way cannot leave
        // the old screen in force.
        known.profile.rescreen_requested = Some(env.now());
        env.block_on(store.save_profile(user, &known.profile))?;
        println!(
            "{}\n",
            crate::format::wrap("Thank you. Please answer the full safety questions again.")
        );
    }
    while let Some(block) = first_block(known) {
        match block {
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
                env.block_on(store.acknowledge_screen(user, env.now()))?;
                if let Some(s) = known.screen.as_mut() {
                    s.acknowledged_at = Some(env.now());
                }
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
                known.profile.morning_pause_acknowledged = Some(env.now());
                env.block_on(store.save_profile(user, &known.profile))?;
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
                known.profile.diary_pause_acknowledged = Some(env.now());
                env.block_on(store.save_profile(user, &known.profile))?;
                // The last check: nothing after it can block.
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Asks the whole screen in the terminal and makes it the one in force.
fn rescreen(env: &Env, known: &mut Known) -> CmdResult {
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

/// Has the user had a session since they last answered the screen?
fn session_since_screen(known: &Known) -> bool {
    let screened = known.screen.as_ref().map(|s| s.taken_at);
    known
        .sessions
        .iter()
        .any(|s| Some(s.started_at) >= screened)
}

/// The short pre-session check (clinical-notes §1): the emergency questions
/// in one, so a change since the last screen is caught before stretching.
fn quick_check_flags() -> CmdResult<bool> {
    prompt::yes_no(wording::QUICK_CHECK)
}
