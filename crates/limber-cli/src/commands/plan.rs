//! `limber plan`: the routine `start` would run, each step with its dose, its
//! time and the reason it is there.

use std::io::Write;

use limber_app::output::PlanOutput;
use limber_core::plan::{PlannedStep, Routine};

use crate::cli::PlanArgs;
use crate::command_error::CmdResult;
use crate::env::Env;
use crate::format;
use crate::planning;

pub fn run(env: &Env, args: &PlanArgs) -> CmdResult {
    let program = planning::checked_program(env, &args.plan)?;
    let mut known = crate::known::recent(env)?;
    crate::morning::maybe_ask(env, &mut known, !args.json)?;
    if !args.json && crate::gate::locked(&known) {
        // Emergency answers: what matters is the advice, not a routine.
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", crate::gate::locked_message())?;
        return Ok(());
    }
    let routine = planning::routine(env, &args.plan, program.as_ref(), &known)?;
    let blocked = crate::gate::blocked(&known);
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = PlanOutput::new(
            &routine,
            blocked.clone(),
            planning::cooldown_run(env, &known)?.map(|r| r.id),
        );
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        if let Some(why) = &blocked {
            writeln!(
                out,
                "Note: limber would not start this session now: {}.\n",
                why.trim_end_matches('.')
            )?;
        }
        write_text(&mut out, &routine)?;
    }
    Ok(())
}

pub fn write_text(out: &mut impl Write, routine: &Routine) -> std::io::Result<()> {
    let ctx = routine.context;
    writeln!(
        out,
        "{}: about {} ({}{})",
        format::shown(&routine.program),
        format::duration(routine.estimate()),
        ctx.place,
        if ctx.after_run { ", after a run" } else { "" }
    )?;
    for note in &routine.notes {
        writeln!(out, "{note}")?;
    }
    writeln!(out)?;
    for (i, step) in routine.steps.iter().enumerate() {
        write_step(out, i + 1, step, routine)?;
    }
    if !routine.dropped.is_empty() {
        writeln!(out, "Left out:")?;
        for d in &routine.dropped {
            writeln!(out, "  - {}: {}", d.name, format::dropped_reason(d))?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "Move gently and stop if pain spreads down your leg. `limber help safety` lists when to get urgent help."
    )?;
    Ok(())
}

fn write_step(
    out: &mut impl Write,
    n: usize,
    s: &PlannedStep,
    routine: &Routine,
) -> std::io::Result<()> {
    writeln!(out, "{n}. {}  ({})", s.name, s.standard_name)?;
    let per = if s.sided { " each side" } else { "" };
    let order = if s.sided {
        if s.alternate.value {
            ", right and left alternating"
        } else {
            ", all right then all left"
        }
    } else {
        ""
    };
    writeln!(
        out,
        "   hold a count of {} × {}{per}{order}; {} s to release and switch ({})",
        format::sourced(&s.hold),
        format::sourced(&s.reps),
        s.rest.value,
        format::provenance(s.rest.source)
    )?;
    if let Some(level) = &s.level {
        writeln!(
            out,
            "   level {}: {} ({})",
            level.level, level.name, level.instruction
        )?;
    }
    writeln!(
        out,
        "   about {}",
        format::duration(s.estimate(routine.pace))
    )?;
    writeln!(out, "   why: {}", format::shown(&s.reason))?;
    writeln!(out)
}
