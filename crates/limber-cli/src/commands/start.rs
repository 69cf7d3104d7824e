//! `limber start`: a guided session, full-screen in a terminal, one line per
//! cue otherwise. Every record is written the moment it happens.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use limber_app::after_session::{self, Changes};
use limber_app::session_record::{self, Start, WallClock};
use limber_core::diary::SessionStatus;
use limber_core::safety::Tier;
use limber_core::session::Output;
use limber_core::wording;
use limber_tui::{NullSpeaker, ScaledClock, Speaker, SystemClock};

use crate::cli::StartArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::format::wrap;
use crate::{gate, planning, prompt};

/// Exit code after Ctrl-C, as shells expect (128 + SIGINT).
const INTERRUPTED: u8 = 130;
/// Exit code after SIGTERM (128 + 15).
const TERMINATED: u8 = 143;

pub fn run(env: &Env, args: &StartArgs) -> CmdResult<ExitCode> {
    // Check every input before anything is stored.
    let program = planning::checked_program(env, &args.plan)?;
    let clock = ScaledClock::new(args.speed).map_err(|e| CommandError::usage(e.to_string()))?;
    let interactive = prompt::interactive();
    let fullscreen = interactive && !args.plain && std::io::stdout().is_terminal();

    let mut known = crate::known::recent(env)?;
    crate::morning::maybe_ask(env, &mut known, true)?;
    gate::require_open(env, &mut known, interactive)?;
    env.pin_timezone_of(&mut known.profile)?;
    let store = env.store()?;
    let user = env.user();
    if session_record::disclaimer_due(&known) {
        println!("{}\n", wrap(wording::DISCLAIMER));
        env.block_on(session_record::note_disclaimer(
            store,
            user,
            &mut known,
            env.now(),
        ))?;
    }
    let routine = planning::routine(env, &args.plan, program.as_ref(), &known)?;
    // The routine first, each step and why, before the full screen too:
    // the question below leaves time to read it.
    {
        let mut text = Vec::new();
        crate::commands::plan::write_text(&mut text, &routine)?;
        let mut out = std::io::stdout().lock();
        write!(out, "{}", wrap(&String::from_utf8_lossy(&text)))?;
        out.flush()?;
    }
    // Plain mode reads typed commands (ratings, symptom reports) from a
    // thread that owns stdin from here on; later questions go through it too.
    let lines = (!fullscreen).then(limber_tui::stdin_lines);
    // Pain before the first stretch: the baseline of the stop rules.
    let pain_before = match args.pain_before {
        Some(pain) => Some(pain),
        None if interactive => prompt::pain(lines.as_ref(), "Pain now, before the first stretch?")?,
        None => None,
    };

    let (mut speaker, notice): (Box<dyn Speaker>, Option<String>) = if args.voice {
        limber_tui::voice()
    } else {
        (Box::new(NullSpeaker), None)
    };
    if let Some(notice) = notice {
        eprintln!("limber: {notice}");
    }

    let started_at = env.fixed_now().unwrap_or_else(jiff::Timestamp::now);
    let wall = WallClock::starting_now(Arc::new(SystemClock::new()), started_at);
    let start = Start {
        pain_before,
        pain_after: args.pain_after,
        sped_up: args.speed != 1.0,
        get_ready: session_record::get_ready(args.get_ready, interactive, &known),
    };
    let (session, mut recording) = env.block_on(session_record::begin(
        store, user, &known, routine, start, wall,
    ))?;
    let mut recorder = |out: &Output| env.block_on(recording.record(store, out));

    let interrupted = Arc::new(AtomicBool::new(false));
    // SIGTERM ends the session the same way, but exits 143 (128 + 15), as
    // shells and service managers expect of a terminated process.
    let terminated = Arc::new(AtomicBool::new(false));
    for (signal, flag) in [
        (signal_hook::consts::SIGINT, &interrupted),
        (signal_hook::consts::SIGTERM, &interrupted),
        (signal_hook::consts::SIGTERM, &terminated),
    ] {
        signal_hook::flag::register(signal, Arc::clone(flag))
            .map_err(|e| CommandError::runtime(format!("cannot watch for Ctrl-C: {e}")))?;
    }
    let status = if fullscreen {
        limber_tui::run_fullscreen(
            session,
            &clock,
            &mut recorder,
            speaker.as_mut(),
            &interrupted,
        )
    } else {
        let mut out = std::io::stdout().lock();
        limber_tui::run_plain(
            session,
            &clock,
            &mut recorder,
            &mut out,
            speaker.as_mut(),
            &interrupted,
            lines.as_ref(),
        )
    }
    .map_err(|e| CommandError::runtime(format!("the session stopped unexpectedly: {e}")))?;

    let was_interrupted = interrupted.load(std::sync::atomic::Ordering::SeqCst);
    if recording.summary().red_flag {
        // No more questions: the advice, and the lock.
        println!(
            "{}\n\n{}\n\n{}",
            wrap(&format!(
                "You reported symptoms that need urgent medical help. {}",
                Tier::Emergency.advice()
            )),
            wrap(wording::EMERGENCY),
            wrap(
                "The session is saved as stopped. limber will not start a session until you answer the safety questions again (`limber screen`)."
            )
        );
        return Ok(ExitCode::from(3));
    }
    if interactive && recording.wants_closing_rating() {
        let answer = prompt::pain(
            lines.as_ref(),
            "How is your pain now, after the last stretch?",
        )?;
        if let Some(pain) = answer {
            env.block_on(recording.rate_at_end(store, pain))?;
        }
    }
    println!(
        "{}",
        wrap(closing_line(
            status,
            was_interrupted,
            recording.summary().any_stop()
        ))
    );
    let changes = env.block_on(after_session::apply(
        store,
        user,
        &env.catalog,
        &known,
        &recording,
        env.now(),
    ))?;
    tell_changes(env, &changes);
    Ok(if terminated.load(std::sync::atomic::Ordering::SeqCst) {
        ExitCode::from(TERMINATED)
    } else if was_interrupted {
        ExitCode::from(INTERRUPTED)
    } else {
        ExitCode::SUCCESS
    })
}

fn closing_line(status: SessionStatus, interrupted: bool, any_stop: bool) -> &'static str {
    match (status, interrupted) {
        _ if any_stop => {
            "Session saved, with a stretch stopped for safety. If symptoms spread or new numbness or weakness appears, check with a health professional; `limber help safety` lists when to get urgent help."
        }
        (SessionStatus::Completed, _) => {
            "Session saved. `limber log` records how you feel now or tomorrow morning."
        }
        (SessionStatus::Partial, true) => "Interrupted: the session is saved as partial.",
        (SessionStatus::Partial, false) => "Session saved as partial.",
        (SessionStatus::Stopped, _) => {
            "Session saved as stopped. If symptoms spread or new numbness or weakness appears, check with a health professional; `limber help safety` lists when to get urgent help."
        }
    }
}

/// What the finished session changed, in the terminal's words.
fn tell_changes(env: &Env, changes: &Changes) {
    if changes.rescreen_requested {
        println!(
            "{}",
            wrap(
                "You reported symptoms spreading down the leg or new numbness: please answer the safety questions again before your next session (`limber screen`)."
            )
        );
    }
    for (id, why) in &changes.newly_aggravating {
        let name = env
            .catalog
            .get(id)
            .map_or(id.to_string(), |e| e.seed_name.clone());
        println!(
            "{}",
            wrap(&format!(
                "{name} is now left out of your plans: {why}; `limber exercises enable {id}` brings it back."
            ))
        );
    }
    for offer in &changes.offers {
        if let Some(exercise) = env.catalog.get(&offer.exercise) {
            println!("{}", crate::progression::offer(exercise, offer.level));
        }
    }
}
