//! `limber trial start|report|stop`: a randomized, balanced n-of-1
//! comparison of two exercises, followed by the planner.

use std::io::Write;

use limber_core::ExerciseId;
use limber_core::trial::{self, Trial};

use crate::cli::TrialCommand;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::known::UserState;

pub fn run(env: &Env, cmd: &TrialCommand) -> CmdResult {
    match cmd {
        TrialCommand::Start {
            compare,
            weeks,
            seed,
        } => start(env, compare, *weeks, *seed),
        TrialCommand::Report { json } => report(env, *json),
        TrialCommand::Stop => stop(env),
    }
}

/// The name a user reads for an exercise (ids are for commands).
fn name(env: &Env, id: &ExerciseId) -> String {
    env.catalog
        .get(id)
        .map_or_else(|| id.to_string(), |e| e.seed_name.clone())
}

fn exercise(env: &Env, raw: &str) -> CmdResult<ExerciseId> {
    env.catalog
        .lookup(raw.trim())
        .map(|e| e.id.clone())
        .map_err(|e| CommandError::usage(format!("--compare: {e}")).because(e))
}

fn start(env: &Env, compare: &str, weeks: u32, seed: Option<u64>) -> CmdResult {
    let ids: Vec<&str> = compare.split(',').collect();
    let [a, b] = ids[..] else {
        return Err(CommandError::usage(format!(
            "--compare {compare:?}: expected two exercise ids, A,B"
        )));
    };
    let (a, b) = (exercise(env, a)?, exercise(env, b)?);
    let mut known = crate::known::recent(env)?;
    check_plannable(env, &known, &[&a, &b])?;
    let seed = seed.unwrap_or_else(|| known.now.as_nanosecond().unsigned_abs() as u64);
    let trial = Trial::plan(a, b, weeks, seed, known.today()).map_err(CommandError::bad_input)?;
    if let Some(running) = &known.profile.trial
        && known.today() <= running.last_day()
    {
        return Err(CommandError::usage(format!(
            "a trial of {} against {} is already running until {}",
            name(env, &running.a),
            name(env, &running.b),
            running.last_day()
        ))
        .hint("`limber trial stop` ends it"));
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Trial: A = {}, B = {}, {} weeks from {} (random order number {seed}: `--seed {seed}` draws the same order again).",
        name(env, &trial.a),
        name(env, &trial.b),
        trial.weeks,
        trial.started
    )?;
    writeln!(
        out,
        "Each block of days uses only one of the two; `limber plan` and `limber start` follow it."
    )?;
    writeln!(
        out,
        "Rate your pain before and after each session (--pain-before/--pain-after, or the 0–9 keys).\n"
    )?;
    for block in trial.blocks() {
        writeln!(
            out,
            "  {} to {}  {}: {}",
            block.first,
            block.last,
            block.arm.letter(),
            name(env, &block.exercise)
        )?;
    }
    known.profile.trial = Some(trial);
    env.block_on(env.store()?.save_profile(env.user(), &mut known.profile))?;
    Ok(())
}

/// A trial can only compare exercises the planner would actually plan for
/// this person at home: not an opt-in one that is off, one a screen caution
/// hides, one marked aggravating, or one outside the program.
fn check_plannable(env: &Env, known: &UserState, ids: &[&ExerciseId]) -> CmdResult {
    let mut personal = known.personal(&env.catalog);
    personal.excluded.clear();
    // The program the user's sessions follow: the one they saved, if any.
    let (program, note) = limber_app::program::planned(&env.catalog, &known.profile);
    let routine = limber_core::plan::plan(&limber_core::plan::PlanRequest {
        catalog: &env.catalog,
        program: &program,
        context: limber_core::diary::SessionContext::default(),
        minutes: None,
        pace: limber_core::plan::Pace::DEFAULT,
        personal: &personal,
    })?;
    for id in ids {
        if routine.steps.iter().any(|s| &s.exercise == *id) {
            continue;
        }
        let why = routine
            .dropped
            .iter()
            .find(|d| &d.exercise == *id)
            .map_or_else(
                || "it is not one of the steps of your program".to_string(),
                crate::format::dropped_reason,
            );
        // A saved program that no longer checks is not what is planned:
        // say so, or "not one of the steps" would make no sense.
        let note = note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        return Err(CommandError::usage(format!(
            "--compare: {id} would not be planned for you: {why}{note}"
        )));
    }
    Ok(())
}

fn report(env: &Env, json: bool) -> CmdResult {
    let known = crate::known::load(env)?;
    let Some(t) = known
        .profile
        .trial
        .as_ref()
        .or(known.profile.past_trials.last())
    else {
        return Err(CommandError::usage("no trial on record")
            .hint("`limber trial start --compare A,B` plans one"));
    };
    let name = |id: &ExerciseId| name(env, id);
    let report = trial::analyze_named(t, &known.sessions, &known.tz, &name);
    let mut out = std::io::stdout().lock();
    if json {
        let json = limber_app::output::TrialReportOutput::from(&report);
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Trial: A = {}, B = {} ({} to {})",
        name(&report.a),
        name(&report.b),
        report.started,
        report.last_day
    )?;
    writeln!(
        out,
        "Pairs of blocks with data: {} of {}; sessions used: {}",
        report.pairs, report.pairs_planned, report.sessions_used
    )?;
    if let (Some(d), Some(i)) = (report.difference, &report.interval) {
        writeln!(
            out,
            "B minus A: {d:+.1} points (95% interval {:+.1} to {:+.1})",
            i.low, i.high
        )?;
    }
    // The message opens with the conclusion ("no clear difference yet:
    // ..."): said once.
    writeln!(out, "{}", capitalized(&report.message))?;
    writeln!(
        out,
        "This compares your own ratings; it is not medical advice."
    )?;
    Ok(())
}

fn stop(env: &Env) -> CmdResult {
    let store = env.store()?;
    let mut profile = env.block_on(store.profile(env.user()))?;
    match profile.trial.take() {
        None => Err(CommandError::usage("no trial is running")),
        Some(t) => {
            profile.past_trials.push(t.clone());
            env.block_on(store.save_profile(env.user(), &mut profile))?;
            println!(
                "Trial of {} against {} ended; `limber trial report` still shows what it found. Plans follow your usual program again.",
                name(env, &t.a),
                name(env, &t.b)
            );
            Ok(())
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
