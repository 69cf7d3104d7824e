//! The safety gate in front of every session. No code path starts a session
//! without passing through [`require_open`].

use limber_core::safety::{Gate, Tier};
use limber_core::wording;
use limber_store::Store;

use crate::command_error::{CmdResult, CommandError};
use crate::commands::screen;
use crate::env::Env;
use crate::known::Known;
use crate::prompt;

/// Passes when a session may start now, asking (in a terminal) for a screen
/// or an acknowledgement when one is needed; otherwise exit 3.
pub fn require_open(env: &Env, known: &mut Known, interactive: bool) -> CmdResult {
    let store = env.store()?;
    let user = env.user();
    let rescreen = known.profile.rescreen_requested.is_some();
    if known.screen.is_none() || rescreen {
        if !interactive {
            let why = if rescreen {
                "You reported new symptoms, so the safety screen needs answering again before your next session."
            } else {
                "No safety screen on record: limber asks a few safety questions before your first session."
            };
            return Err(CommandError::safety(why)
                .hint("run `limber screen` (or `limber screen --none-apply` if none of the questions apply)"));
        }
        let record = screen::interactive(env)?;
        screen::save(env, &record)?;
        screen::summarize(env, &record)?;
        known.profile.rescreen_requested = None;
        known.screen = Some(record);
    }
    if interactive && session_since_screen(known) && quick_check_flags()? {
        // Marked first, so breaking off the questions half-way cannot leave
        // the old screen in force.
        known.profile.rescreen_requested = Some(env.now());
        env.block_on(store.save_profile(user, &known.profile))?;
        println!("Thank you. Please answer the full safety questions again.\n");
        let record = screen::interactive(env)?;
        screen::save(env, &record)?;
        screen::summarize(env, &record)?;
        known.screen = Some(record);
    }
    let screen = known.screen.as_ref().expect("set above");
    match screen.gate() {
        Gate::Open => {}
        Gate::Locked(_) => {
            return Err(CommandError::safety(format!(
                "{}\n\n{}\n\nlimber will not start a session until you answer the screen again (`limber screen`).",
                Tier::Emergency.advice(),
                wording::EMERGENCY
            )));
        }
        Gate::Paused(tier, flags) => {
            let flagged = flags.iter().map(|q| q.key()).collect::<Vec<_>>().join(", ");
            let advice = format!(
                "Your program is paused ({flagged} on your safety screen). {}",
                tier.advice()
            );
            if !(interactive && {
                println!("{advice}");
                prompt::yes_no("Have you taken this advice, and do you want to continue?")?
            }) {
                return Err(CommandError::safety(advice)
                    .hint("when you have taken the advice: `limber screen --acknowledge`"));
            }
            env.block_on(store.acknowledge_screen(user, env.now()))?;
        }
    }
    if let Some(why) = known.morning_pause() {
        let advice = format!("Your program is paused: {why}");
        if !(interactive && {
            println!("{advice}");
            prompt::yes_no("Have you checked with a clinician, and do you want to continue?")?
        }) {
            return Err(CommandError::safety(advice)
                .hint("when you have checked with a clinician: `limber screen --acknowledge`"));
        }
        known.profile.morning_pause_acknowledged = Some(env.now());
        env.block_on(store.save_profile(user, &known.profile))?;
    }
    Ok(())
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
    prompt::yes_no(
        "Before you start: since your last session, have you had any numbness around the genitals or back passage, \
         new bladder or bowel trouble, symptoms in both legs, or leg weakness that is getting worse?",
    )
}

/// Why a session could not start right now, in one line, for commands that
/// show a plan without starting it (`limber plan`).
pub fn blocked(known: &Known) -> Option<String> {
    if known.profile.rescreen_requested.is_some() {
        return Some("you reported new symptoms: answer the safety questions again (`limber screen`) before your next session".into());
    }
    let Some(screen) = &known.screen else {
        return Some(
            "limber asks a few safety questions before your first session (`limber screen`)".into(),
        );
    };
    match screen.gate() {
        Gate::Locked(_) => Some(format!("sessions are locked: {}", Tier::Emergency.advice())),
        Gate::Paused(tier, _) => Some(format!(
            "your program is paused: {} (`limber screen --acknowledge` once you have)",
            tier.advice()
        )),
        Gate::Open => known
            .morning_pause()
            .map(|why| format!("your program is paused: {why}")),
    }
}
