//! `limber exercises [--json]`, `limber exercises enable|disable ID`.

use limber_app::output::ExerciseOutput;
use std::io::Write;

use limber_app::exercises::{self, Enabled, ExerciseError};
use limber_core::catalog::Exercise;
use limber_core::safety::Question;

use crate::cli::{ExercisesAction, ExercisesArgs};
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::format;
use crate::prompt;

pub fn run(env: &Env, args: &ExercisesArgs) -> CmdResult {
    match &args.action {
        None => list(env, args.json),
        Some(ExercisesAction::Enable { id, none_apply }) => enable(env, id, *none_apply),
        Some(ExercisesAction::Disable { id }) => disable(env, id),
        Some(ExercisesAction::Level {
            id,
            level,
            clinician_cleared,
        }) => set_level(env, id, *level, *clinician_cleared),
    }
}

fn list(env: &Env, json: bool) -> CmdResult {
    let mut out = std::io::stdout().lock();
    if json {
        let list: Vec<ExerciseOutput> = env
            .catalog
            .exercises()
            .iter()
            .map(ExerciseOutput::from)
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
        return Ok(());
    }
    // Which exercises are on or left out for this user: read only when a
    // database exists, so a first `limber exercises` stays instant.
    let (left_out, enabled) = if env.db_path().is_file() {
        let known = crate::known::recent(env)?;
        (
            known.aggravating(&known.sessions),
            known.profile.value.enabled,
        )
    } else {
        Default::default()
    };
    for e in env.catalog.exercises() {
        writeln!(out, "{:<24} {}  ({})", e.id, e.seed_name, e.standard_name)?;
        if let Some((_, why)) = left_out.iter().find(|(id, _)| id == &e.id) {
            writeln!(
                out,
                "{:<24} left out of your plans: {why}; `limber exercises enable {}` brings it back",
                "", e.id
            )?;
        }
        writeln!(out, "{:<24} {}", "", e.summary)?;
        writeln!(out, "{:<24} {}", "", dose_line(e))?;
        if let Some(sub) = &e.substitute_for {
            writeln!(
                out,
                "{:<24} stands in for {} where there is no floor{}",
                "",
                sub.exercise,
                if sub.less_effective {
                    " (less effective)"
                } else {
                    ""
                }
            )?;
        }
        if let Some(level) = enabled.get(&e.id) {
            writeln!(out, "{:<24} on for you, at level {level}", "")?;
        } else if e.opt_in {
            writeln!(
                out,
                "{:<24} off by default: `limber exercises enable {}` after checking its cautions",
                "", e.id
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "Check with your health care professional before starting any new exercises."
    )?;
    Ok(())
}

fn dose_line(e: &Exercise) -> String {
    let d = &e.dose;
    let per = if e.sided { " each side" } else { "" };
    let order = if e.sided && d.alternate.value {
        format!(
            ", alternating right and left ({})",
            format::provenance(d.alternate.source)
        )
    } else {
        String::new()
    };
    format!(
        "{}: hold a count of {} × {}{per}{order}; {} s to release",
        e.position.as_str(),
        format::sourced(&d.hold),
        format::sourced(&d.reps),
        d.rest.value
    )
}

fn find<'a>(env: &'a Env, id: &str) -> CmdResult<&'a Exercise> {
    env.catalog.lookup(id).map_err(CommandError::bad_input)
}

/// Enabling an opt-in exercise asks about each condition that would hide it,
/// and refuses if any applies: the screen's answers count, and so do fresh
/// ones (the gate is `limber_app::exercises`).
fn enable(env: &Env, id: &str, none_apply: bool) -> CmdResult {
    let exercise = find(env, id)?;
    let mut out = std::io::stdout().lock();
    let mut fresh_yes = Vec::new();
    let mut confirmed = none_apply;
    if exercise.opt_in && !none_apply {
        let known = crate::known::recent(env)?;
        // Cautions the screen already answered refuse without asking.
        if exercises::screened_cautions(&known, exercise).is_empty()
            && !known.profile.enabled.contains_key(&exercise.id)
        {
            if !prompt::interactive() {
                return Err(CommandError::usage(format!(
                    "enabling {id} needs you to confirm none of its cautions apply: run it in a terminal to be asked, or add --none-apply"
                )));
            }
            writeln!(
                out,
                "Before turning on the {}, please answer honestly:",
                exercise.seed_name.to_lowercase()
            )?;
            for c in exercises::hiding_conditions(exercise) {
                if prompt::yes_no(Question::for_condition(c).text())? {
                    fresh_yes.push(c);
                }
            }
            confirmed = true;
        }
    }
    let done = env
        .block_on(exercises::enable(
            env.store()?,
            env.user(),
            &env.catalog,
            env.now(),
            id,
            &fresh_yes,
            confirmed,
        ))
        .map_err(exercise_error)?;
    match done {
        Enabled::On { level } => {
            let name = exercise
                .level(level)
                .map_or(String::new(), |l| format!(": {}", l.name));
            writeln!(
                out,
                "{} is on, at level {level}{name}. A deeper level is offered after {} sessions without a stop, and moves only when you say so.",
                exercise.seed_name,
                limber_core::rules::PROGRESSION_SESSIONS
            )?;
        }
        Enabled::BackInPlans => writeln!(
            out,
            "{} is back in your plans; earlier stops no longer count against it.",
            exercise.seed_name
        )?,
        Enabled::AlreadyIn => writeln!(
            out,
            "{} was not left out of your plans, so nothing changed: it is already in them.",
            exercise.seed_name
        )?,
    }
    Ok(())
}

/// The terminal's words for a refused change: a caution or the progression
/// rule is a safety refusal (exit 3), the rest bad usage (exit 2).
fn exercise_error(e: ExerciseError) -> CommandError {
    match e {
        ExerciseError::Unknown(e) => CommandError::bad_input(e),
        ExerciseError::CautionsApply { name, reasons } => CommandError::safety(format!(
            "limber will not turn on the {name} for you:\n{}\nAsk your clinician whether it suits you.",
            reasons
                .iter()
                .map(|r| format!("  - {r}"))
                .collect::<Vec<_>>()
                .join("\n")
        )),
        e @ ExerciseError::NotReady { .. } => CommandError::safety(format!("{e}.")),
        ExerciseError::Off { id } => CommandError::usage(format!(
            "{id} is off: `limber exercises enable {id}` turns it on at level 1"
        )),
        ExerciseError::NeedsClearance { level } => CommandError::usage(format!(
            "level {level} needs your clinician's clearance: add --clinician-cleared once they have cleared it"
        )),
        e @ (ExerciseError::NotConfirmed { .. }
        | ExerciseError::NotOptIn { .. }
        | ExerciseError::NoLevels { .. }
        | ExerciseError::LevelOutOfRange { .. }
        | ExerciseError::OneAtATime { .. }) => CommandError::usage(e.to_string()),
        ExerciseError::Load(e) => crate::known::load_error(e),
        ExerciseError::Store(e) => e.into(),
    }
}

fn disable(env: &Env, id: &str) -> CmdResult {
    let exercise = find(env, id)?;
    env.block_on(exercises::disable(
        env.store()?,
        env.user(),
        &env.catalog,
        id,
    ))
    .map_err(exercise_error)?;
    println!("{} is off.", exercise.seed_name);
    Ok(())
}

/// Moves a progressive exercise to `level`: any gentler level at once; one
/// level deeper only when the progression rule offers it, and the deepest
/// level only with the clinician's clearance confirmed (asked in a
/// terminal).
fn set_level(env: &Env, id: &str, level: u32, clinician_cleared: bool) -> CmdResult {
    let exercise = find(env, id)?;
    let set = |cleared: bool| -> CmdResult<Result<(), ExerciseError>> {
        Ok(env.block_on(exercises::set_level(
            env.store()?,
            env.user(),
            &env.catalog,
            env.now(),
            id,
            level,
            cleared,
        )))
    };
    match set(clinician_cleared)? {
        Err(ExerciseError::NeedsClearance { .. }) if prompt::interactive() => {
            let question = "This is the deepest level (legs over the head). Has your clinician (physio or doctor) cleared it for you?";
            if !prompt::yes_no(question)? {
                return Err(CommandError::safety(format!(
                    "the {} stays at level {}: ask your clinician about the deepest level first.",
                    exercise.seed_name.to_lowercase(),
                    level - 1
                )));
            }
            set(true)?.map_err(exercise_error)?;
        }
        r => r.map_err(exercise_error)?,
    }
    let how = exercise.level(level).map_or(String::new(), |l| {
        format!(" {}", limber_core::plan::level_text(l))
    });
    println!(
        "The {} is at level {level} from your next session.{how}",
        exercise.seed_name.to_lowercase()
    );
    Ok(())
}
