//! `limber start`: a guided session, full-screen in a terminal, one line per
//! cue otherwise. Every record is written the moment it happens.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use limber_core::clock::Clock;
use limber_core::diary::SessionStatus;
use limber_core::session::{Event, Output, Session};
use limber_core::wording;
use limber_store::{NewSession, SessionEnd, Store};
use limber_tui::{NullSpeaker, RecordError, ScaledClock, Speaker};

use crate::cli::StartArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::{gate, planning, prompt};

/// Exit code after Ctrl-C, as shells expect (128 + SIGINT).
const INTERRUPTED: u8 = 130;

pub fn run(env: &Env, args: &StartArgs) -> CmdResult<ExitCode> {
    // Check every input before anything is stored.
    planning::validate(&args.plan)?;
    let clock = ScaledClock::new(args.speed).map_err(|e| CommandError::usage(format!("--speed: {e}")))?;
    planning::program(env, &args.plan)?;
    let interactive = prompt::interactive();
    let fullscreen = interactive && !args.plain && std::io::stdout().is_terminal();

    gate::require_open(env, interactive)?;
    let store = env.store()?;
    let user = env.user();
    let mut profile = env.block_on(store.profile(user))?;
    if profile.disclaimer_shown.is_none() {
        println!("{}\n", wording::DISCLAIMER);
        profile.disclaimer_shown = Some(env.now());
        env.block_on(store.save_profile(user, &profile))?;
    }
    let routine = planning::routine(env, &args.plan)?;
    if !fullscreen {
        let mut out = std::io::stdout().lock();
        crate::commands::plan::write_text(&mut out, &routine)?;
        out.flush()?;
    }

    let (mut speaker, notice): (Box<dyn Speaker>, Option<String>) =
        if args.voice { limber_tui::voice() } else { (Box::new(NullSpeaker), None) };
    if let Some(notice) = notice {
        eprintln!("limber: {notice}");
    }

    let started_at = env.fixed_now().unwrap_or_else(|| clock.now());
    let session_id = env.block_on(store.begin_session(
        user,
        &NewSession {
            started_at,
            context: routine.context,
            program: routine.program.clone(),
            pain_before: args.pain_before,
        },
    ))?;
    let mut session = Session::new(routine, started_at);

    let pain_after = args.pain_after;
    let mut recorder = |out: &Output| -> Result<(), RecordError> {
        match out {
            Output::Step(step) => env.block_on(store.record_step(user, session_id, step)),
            Output::Rating(rating) => env.block_on(store.record_rating(user, session_id, rating)),
            Output::Finished(status) => {
                let ended_at = env.fixed_now().map_or_else(|| clock.now(), |t| t + clock.monotonic());
                env.block_on(store.finish_session(
                    user,
                    session_id,
                    &SessionEnd {
                        ended_at,
                        status: *status,
                        pain_after,
                    },
                ))
            }
            Output::Cue(_) => Ok(()),
        }
        .map_err(RecordError::new)
    };
    if let Some(pain) = args.pain_before {
        for out in session.handle(Event::Rate(pain), Duration::ZERO) {
            limber_tui::Recorder::record(&mut recorder, &out).map_err(|e| CommandError::runtime(e.to_string()))?;
        }
    }

    let interrupted = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&interrupted)).map_err(|e| CommandError::runtime(format!("cannot watch for Ctrl-C: {e}")))?;
    }
    let status = if fullscreen {
        limber_tui::run_fullscreen(session, &clock, &mut recorder, speaker.as_mut(), &interrupted)
    } else {
        let mut out = std::io::stdout().lock();
        limber_tui::run_plain(session, &clock, &mut recorder, &mut out, speaker.as_mut(), &interrupted)
    }
    .map_err(|e| CommandError::runtime(format!("the session stopped unexpectedly: {e}")))?;

    let was_interrupted = interrupted.load(std::sync::atomic::Ordering::SeqCst);
    println!("{}", closing_line(status, was_interrupted));
    Ok(if was_interrupted { ExitCode::from(INTERRUPTED) } else { ExitCode::SUCCESS })
}

fn closing_line(status: SessionStatus, interrupted: bool) -> &'static str {
    match (status, interrupted) {
        (SessionStatus::Completed, _) => "Session saved. Well done. `limber log` records how you feel now or tomorrow morning.",
        (SessionStatus::Partial, true) => "Interrupted: the session is saved as partial.",
        (SessionStatus::Partial, false) => "Session saved as partial.",
        (SessionStatus::Stopped, _) => {
            "Session saved as stopped. If symptoms spread or new numbness or weakness appears, check with a health professional; `limber help safety` lists when to get urgent help."
        }
    }
}
