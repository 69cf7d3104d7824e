//! `limber exercises [--json]`, `limber exercises enable|disable ID`.

use limber_app::output::ExerciseOutput;
use std::io::Write;

use limber_core::catalog::{CautionAction, Condition, Exercise};
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
/// and refuses if any applies: the screen's answers count, and so do fresh ones.
fn enable(env: &Env, id: &str, none_apply: bool) -> CmdResult {
    let exercise = find(env, id)?;
    let mut out = std::io::stdout().lock();
    if !exercise.opt_in {
        // Only an exercise left out (marked aggravating) has anything to bring back.
        let known = crate::known::recent(env)?;
        let left_out = known
            .aggravating(&known.sessions)
            .iter()
            .any(|(a, _)| a == &exercise.id);
        if !left_out {
            writeln!(
                out,
                "{} was not left out of your plans, so nothing changed: it is already in them.",
                exercise.seed_name
            )?;
            return Ok(());
        }
    }
    let store = env.store()?;
    let user = env.user();
    let mut profile = env.block_on(store.profile(user))?;

    if exercise.opt_in {
        let hiding: Vec<Condition> = exercise
            .cautions
            .iter()
            .filter(|c| c.action == CautionAction::Hide)
            .map(|c| c.condition)
            .collect();
        let screened = env.block_on(store.latest_screen(user))?;
        let from_screen: Vec<Condition> = screened
            .as_ref()
            .map(|s| s.conditions())
            .unwrap_or_default();
        let mut applying: Vec<Condition> = hiding
            .iter()
            .copied()
            .filter(|c| from_screen.contains(c))
            .collect();
        if applying.is_empty() && !none_apply {
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
            for c in &hiding {
                if prompt::yes_no(Question::for_condition(*c).text())? {
                    applying.push(*c);
                }
            }
            // A "yes" here is a screen answer like any other: it must hide
            // or swap the other exercises it affects too.
            if let Some(mut screen) = screened.filter(|_| !applying.is_empty()) {
                for c in &applying {
                    screen.answers.insert(Question::for_condition(*c), true);
                }
                screen.taken_at = env.now();
                env.block_on(store.save_screen(user, &screen))?;
            }
        }
        if !applying.is_empty() {
            let reasons: Vec<String> = exercise
                .cautions
                .iter()
                .filter(|c| applying.contains(&c.condition))
                .map(|c| format!("  - {}", c.reason))
                .collect();
            return Err(CommandError::safety(format!(
                "limber will not turn on the {} for you:\n{}\nAsk your clinician whether it suits you.",
                exercise.seed_name.to_lowercase(),
                reasons.join("\n")
            )));
        }
        let level = exercise.progression.first().map_or(1, |l| l.level);
        if !profile.enabled.contains_key(&exercise.id) {
            profile.enabled.insert(exercise.id.clone(), level);
            profile.level_since.insert(exercise.id.clone(), env.now());
        }
    }
    // One stretch in two positions shares its mark, so it is cleared for both.
    for (a, b) in env.catalog.same_stretch() {
        if a == exercise.id || b == exercise.id {
            profile.cleared_aggravating.insert(a, env.now());
            profile.cleared_aggravating.insert(b, env.now());
        }
    }
    profile
        .cleared_aggravating
        .insert(exercise.id.clone(), env.now());
    env.block_on(store.save_profile(user, &mut profile))?;
    if exercise.opt_in {
        let level = profile.enabled[&exercise.id];
        let name = exercise
            .level(level)
            .map_or(String::new(), |l| format!(": {}", l.name));
        writeln!(
            out,
            "{} is on, at level {level}{name}. A deeper level is offered after {} sessions without a stop, and moves only when you say so.",
            exercise.seed_name,
            limber_core::rules::PROGRESSION_SESSIONS
        )?;
    } else {
        writeln!(
            out,
            "{} is back in your plans; earlier stops no longer count against it.",
            exercise.seed_name
        )?;
    }
    Ok(())
}

fn disable(env: &Env, id: &str) -> CmdResult {
    let exercise = find(env, id)?;
    if !exercise.opt_in {
        return Err(CommandError::usage(format!(
            "{id} is not an opt-in exercise; use a program file to leave it out"
        )));
    }
    let store = env.store()?;
    let mut profile = env.block_on(store.profile(env.user()))?;
    profile.enabled.remove(&exercise.id);
    profile.level_since.remove(&exercise.id);
    env.block_on(store.save_profile(env.user(), &mut profile))?;
    println!("{} is off.", exercise.seed_name);
    Ok(())
}

/// Moves a progressive exercise to `level`: any gentler level at once; one
/// level deeper only when the progression rule offers it, and the deepest
/// level only with the clinician's clearance confirmed.
fn set_level(env: &Env, id: &str, level: u32, clinician_cleared: bool) -> CmdResult {
    let exercise = find(env, id)?;
    let Some(max) = limber_app::progression::max_level(exercise) else {
        return Err(CommandError::usage(format!("{id} has no depth levels")));
    };
    if !(1..=max).contains(&level) {
        return Err(CommandError::usage(format!(
            "{id} has levels 1 to {max}, not {level}"
        )));
    }
    let known = crate::known::recent(env)?;
    let mut profile = known.profile.clone();
    let Some(&current) = profile.enabled.get(&exercise.id) else {
        return Err(CommandError::usage(format!(
            "{id} is off: `limber exercises enable {id}` turns it on at level 1"
        )));
    };
    if level > current + 1 {
        return Err(CommandError::usage(format!(
            "one level at a time: {id} is at level {current}"
        )));
    }
    if level == current + 1 {
        if limber_app::progression::ready(&known.sessions, &known.morning(), &profile, exercise)
            != Some(level)
        {
            return Err(CommandError::safety(format!(
                "the {} stays at level {current} for now: a deeper level is offered only after {} sessions at this level without a stop, with next mornings at your usual and pain not rising after it.",
                exercise.seed_name.to_lowercase(),
                limber_core::rules::PROGRESSION_SESSIONS
            )));
        }
        if level == max && !clinician_cleared {
            let question = "This is the deepest level (legs over the head). Has your clinician (physio or doctor) cleared it for you?";
            if !prompt::interactive() {
                return Err(CommandError::usage(format!(
                    "level {level} needs your clinician's clearance: add --clinician-cleared once they have cleared it"
                )));
            }
            if !prompt::yes_no(question)? {
                return Err(CommandError::safety(format!(
                    "the {} stays at level {current}: ask your clinician about the deepest level first.",
                    exercise.seed_name.to_lowercase()
                )));
            }
        }
    }
    profile.enabled.insert(exercise.id.clone(), level);
    profile.level_since.insert(exercise.id.clone(), env.now());
    env.block_on(env.store()?.save_profile(env.user(), &mut profile))?;
    let how = exercise.level(level).map_or(String::new(), |l| {
        format!(" {}", limber_core::plan::level_text(l))
    });
    println!(
        "The {} is at level {level} from your next session.{how}",
        exercise.seed_name.to_lowercase()
    );
    Ok(())
}
