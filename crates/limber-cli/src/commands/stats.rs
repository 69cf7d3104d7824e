//! `limber stats [--json]`: what the diary says about this person.

use std::io::Write;

use limber_core::analytics::{self, StatsInput, Verdict};
use limber_core::rules::MorningAdvice;

use crate::cli::StatsArgs;
use crate::command_error::{CmdResult, CommandError};
use crate::env::Env;
use crate::known::Known;

pub fn run(env: &Env, args: &StatsArgs) -> CmdResult {
    let mut known = Known::load(env)?;
    crate::morning::maybe_ask(env, &mut known, !args.json)?;
    let ids: Vec<_> = env
        .catalog
        .exercises()
        .iter()
        .map(|e| e.id.clone())
        .collect();
    let stats = analytics::stats(&StatsInput {
        sessions: &known.sessions,
        entries: &known.entries,
        exercises: &ids,
        cleared: &known.profile.cleared_aggravating,
        same: &known.same_stretch,
        tz: &known.tz,
        now: known.now,
    });
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)
            .map_err(|e| CommandError::runtime(e.to_string()))?;
        writeln!(out)?;
        return Ok(());
    }

    let name = |id: &limber_core::ExerciseId| {
        env.catalog
            .get(id)
            .map_or(id.to_string(), |e| e.seed_name.clone())
    };
    writeln!(
        out,
        "How your pain ratings changed with each exercise (after minus before; below zero means lower afterwards):"
    )?;
    for r in &stats.relief {
        let figure = match (r.mean, &r.interval) {
            (Some(m), Some(i)) => format!(
                "{m:+.1} points (95% interval {:+.1} to {:+.1}, n={})",
                i.low, i.high, r.n
            ),
            (Some(m), None) => format!("{m:+.1} points (n={})", r.n),
            _ => "no ratings yet".to_string(),
        };
        let verdict = match r.verdict {
            Verdict::Helps => "rated lower afterwards",
            Verdict::Worse => "rated higher afterwards",
            Verdict::Unclear => "unclear",
            Verdict::NoData => "",
        };
        writeln!(
            out,
            "  {:<24} {figure}{}{verdict}",
            name(&r.exercise),
            if verdict.is_empty() { "" } else { ": " }
        )?;
        if r.verdict == Verdict::Unclear {
            writeln!(out, "  {:<24} {}", "", r.message)?;
        }
    }
    match &stats.ranking {
        Some(ranking) => {
            let list: Vec<String> = ranking
                .iter()
                .enumerate()
                .map(|(i, id)| format!("{}. {}", i + 1, name(id)))
                .collect();
            writeln!(
                out,
                "Your own ranking now orders your plans: {}",
                list.join(", ")
            )?;
        }
        None => writeln!(
            out,
            "Plans follow the seed's order until your ratings can rank the exercises."
        )?,
    }
    writeln!(out)?;

    writeln!(out, "Pain by week (the worse of back and leg):")?;
    for w in stats
        .trend
        .weeks
        .iter()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        writeln!(
            out,
            "  {}  {:>4.1}  ({} entries)",
            w.week, w.pain, w.entries
        )?;
    }
    writeln!(out, "  {}", stats.trend.message)?;
    writeln!(out)?;

    let a = &stats.adherence;
    let per_week = a
        .sessions_per_week
        .map_or("no sessions yet".to_string(), |s| {
            format!("{s:.1} sessions a week")
        });
    let done = a.done_share.map_or(String::new(), |d| {
        format!("; {:.0}% of planned holds done", d * 100.0)
    });
    writeln!(
        out,
        "Adherence: {per_week}; streak {} day(s){done}",
        a.streak_days
    )?;
    writeln!(
        out,
        "Where symptoms reach: {}",
        stats.centralization.message
    )?;
    for agg in &stats.aggravating {
        writeln!(
            out,
            "Marked aggravating: {}: {} (`limber exercises enable {}` brings it back)",
            name(&agg.exercise),
            agg.reason,
            agg.exercise
        )?;
    }
    match &stats.morning {
        MorningAdvice::Normal => {}
        MorningAdvice::Lighter { why } => writeln!(out, "Next session: lighter. {why}")?,
        MorningAdvice::Pause { why } => writeln!(out, "Program paused: {why}")?,
    }
    writeln!(
        out,
        "\nThese figures describe your own diary; they are not medical advice. Share them with your physio or doctor."
    )?;
    Ok(())
}
