//! `limber start`: a guided session, full-screen in a terminal, one line per
//! cue otherwise. Every record is written the moment it happens.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use limber_core::diary::{Outcome, Rating, SessionId, SessionStatus};
use limber_core::plan::GET_READY_SECS;
use limber_core::safety::Tier;
use limber_core::session::{GetReady, Output, Session, StopReason};
use limber_core::wording;
use limber_store::{NewSession, SessionEnd, Store};
use limber_tui::{NullSpeaker, RecordError, ScaledClock, Speaker};

use crate::cli::StartArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::format::wrap;
use crate::known::UserState;
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

    let mut known = crate::known::load(env)?;
    crate::morning::maybe_ask(env, &mut known, true)?;
    gate::require_open(env, &mut known, interactive)?;
    env.pin_timezone()?;
    let store = env.store()?;
    let user = env.user();
    if known.profile.disclaimer_shown.is_none() {
        println!("{}\n", wrap(wording::DISCLAIMER));
        known.profile.disclaimer_shown = Some(env.now());
        env.block_on(store.save_profile(user, &known.profile))?;
    }
    let routine = planning::routine(env, &args.plan, &program, &known)?;
    // The routine first, each step and why, before the full screen too:
    // the question below leaves time to read it.
    {
        let mut text = Vec::new();
        crate::commands::plan::write_text(&mut text, &routine)?;
        let mut out = std::io::stdout().lock();
        write!(out, "{}", wrap(&String::from_utf8_lossy(&text)))?;
        out.flush()?;
    }
    // A new user needs time to find each position: on the first session
    // in a terminal each get-ready waits for space or Enter.
    let get_ready = match args.get_ready {
        Some(0) => GetReady::WaitForUser,
        Some(secs) => GetReady::Timed(secs),
        None if interactive && known.sessions.is_empty() => GetReady::WaitForUser,
        None => GetReady::Timed(GET_READY_SECS),
    };
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

    // Records carry real wall-clock times even when --speed runs the
    // session faster: history, streaks and the 14-day rules must not see
    // a demo as minutes into the future.
    let real = std::time::Instant::now();
    let started_at = env.fixed_now().unwrap_or_else(jiff::Timestamp::now);
    let wall = || started_at + real.elapsed();
    let scaled = args.speed != 1.0;
    let session_id = env.block_on(store.begin_session(
        user,
        &NewSession {
            started_at,
            context: routine.context,
            program: routine.program.clone(),
            pain_before,
        },
    ))?;
    if let Some(run) = planning::cooldown_run(env, &known)? {
        env.block_on(store.tag_cooldown(user, run.id, session_id))?;
    }
    let mut session = Session::new(routine, started_at).with_get_ready(get_ready);

    let pain_after = args.pain_after;
    let ended = std::cell::Cell::new(None);
    let any_stop = std::cell::Cell::new(false);
    let spreading = std::cell::Cell::new(false);
    let red_flag = std::cell::Cell::new(false);
    let mut recorder = |out: &Output| -> Result<(), RecordError> {
        match out {
            Output::Step(step) => {
                if step.outcome == Outcome::Stopped {
                    any_stop.set(true);
                    let why = step.reason.as_deref().unwrap_or_default();
                    if why.starts_with(StopReason::Spreading.as_str()) {
                        spreading.set(true);
                    }
                }
                let mut step = step.clone();
                if scaled {
                    step.at = wall();
                }
                env.block_on(store.record_step(user, session_id, &step))
            }
            Output::Rating(rating) => {
                let mut rating = rating.clone();
                if scaled {
                    rating.at = wall();
                }
                env.block_on(store.record_rating(user, session_id, &rating))
            }
            Output::Finished(status) => {
                let ended_at = wall();
                ended.set(Some((ended_at, *status)));
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
            Output::RedFlag => {
                // Locked at once, before anything else is stored.
                red_flag.set(true);
                env.block_on(async {
                    let mut profile = store.profile(user).await?;
                    profile.red_flag_reported = Some(wall());
                    store.save_profile(user, &profile).await
                })
            }
            Output::Cue(_) => Ok(()),
        }
        .map_err(RecordError::new)
    };
    if let Some(pain) = pain_before {
        for out in session.rate_before_start(pain) {
            limber_tui::Recorder::record(&mut recorder, &out)
                .map_err(|e| CommandError::runtime(e.to_string()))?;
        }
    }

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
    if red_flag.get() {
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
    if interactive && pain_after.is_none() && status != SessionStatus::Partial {
        rate_at_the_end(env, session_id, started_at, ended.get(), lines.as_ref())?;
    }
    println!(
        "{}",
        wrap(closing_line(status, was_interrupted, any_stop.get()))
    );
    if spreading.get() {
        // Spreading symptoms or new numbness: as in the diary, the screen
        // must be answered again before the next session.
        let mut profile = env.block_on(store.profile(user))?;
        profile.rescreen_requested = Some(env.now());
        env.block_on(store.save_profile(user, &profile))?;
        println!(
            "{}",
            wrap(
                "You reported symptoms spreading down the leg or new numbness: please answer the safety questions again before your next session (`limber screen`)."
            )
        );
    }
    after_session(env, &known, ended.get().map(|(at, _)| at))?;
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
            "Session saved. Well done. `limber log` records how you feel now or tomorrow morning."
        }
        (SessionStatus::Partial, true) => "Interrupted: the session is saved as partial.",
        (SessionStatus::Partial, false) => "Session saved as partial.",
        (SessionStatus::Stopped, _) => {
            "Session saved as stopped. If symptoms spread or new numbness or weakness appears, check with a health professional; `limber help safety` lists when to get urgent help."
        }
    }
}

/// The closing "pain now" rating: it counts as the rating after the last
/// exercise done or stopped, and as the session's closing rating.
fn rate_at_the_end(
    env: &Env,
    session: SessionId,
    started_at: jiff::Timestamp,
    ended: Option<(jiff::Timestamp, SessionStatus)>,
    lines: Option<&std::sync::mpsc::Receiver<String>>,
) -> CmdResult {
    let Some((ended_at, status)) = ended else {
        return Ok(());
    };
    let answer = prompt::pain(lines, "How is your pain now, after the last stretch?")?;
    let Some(pain) = answer else {
        return Ok(());
    };
    let store = env.store()?;
    let user = env.user();
    let last_done = env
        .block_on(store.sessions(user, Some(started_at)))?
        .into_iter()
        .find(|s| s.id == session)
        .and_then(|s| {
            s.steps
                .iter()
                .rev()
                .find(|st| st.outcome != Outcome::Skipped)
                .map(|st| st.exercise.clone())
        });
    if let Some(exercise) = last_done {
        env.block_on(store.record_rating(
            user,
            session,
            &Rating {
                after: Some(exercise),
                pain,
                at: ended_at,
            },
        ))?;
    }
    env.block_on(store.finish_session(
        user,
        session,
        &SessionEnd {
            ended_at,
            status,
            pain_after: Some(pain),
        },
    ))?;
    Ok(())
}

/// What a finished session changes for next time: an exercise newly marked
/// aggravating, or an opt-in exercise ready for its next level.
fn after_session(env: &Env, before: &UserState, ended_at: Option<jiff::Timestamp>) -> CmdResult {
    // Only what the session changed is read again: its records, and the
    // profile (it may have asked for a re-screen).
    let store = env.store()?;
    let sessions = env.block_on(store.sessions(env.user(), None))?;
    let profile = env.block_on(store.profile(env.user()))?;
    let was: Vec<_> = before
        .aggravating(&before.sessions)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    // As of the session's end, so that its own stops count.
    let now = ended_at.map_or(before.now, |end| end.max(before.now));
    for (id, why) in before.aggravating_as_of(&sessions, now) {
        if !was.contains(&id) {
            let name = env
                .catalog
                .get(&id)
                .map_or(id.to_string(), |e| e.seed_name.clone());
            println!(
                "{}",
                wrap(&format!("{name} is now left out of your plans: {why}."))
            );
        }
    }
    // A deeper level is only proposed: the user's yes moves it.
    let morning = before.morning();
    for id in profile.enabled.keys() {
        let Some(exercise) = env.catalog.get(id) else {
            continue;
        };
        if let Some(next) = crate::progression::ready(&sessions, &morning, &profile, exercise) {
            println!("{}", crate::progression::offer(exercise, next));
        }
    }
    Ok(())
}
