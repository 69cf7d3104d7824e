//! `limber stats [--json]`: what the diary says about this person.

use std::io::Write;

use limber_core::analytics::centralization::{
    CentralizationStatus, EARLIER_DAYS, MIN_ENTRIES, RECENT_DAYS,
};
use limber_core::analytics::change::points;
use limber_core::analytics::{self, Change, Verdict};
use limber_core::rules::MorningAdvice;

use crate::cli::StatsArgs;
use crate::command_error::CmdResult;
use crate::env::Env;

pub fn run(env: &Env, args: &StatsArgs) -> CmdResult {
    let mut known = crate::known::load(env)?;
    crate::morning::maybe_ask(env, &mut known, !args.json)?;
    let runs = env.block_on(limber_store::Store::runs(env.store()?, env.user(), None))?;
    let figures = limber_app::insights::Figures::of(&known, &runs, &env.catalog);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &figures.output())?;
        writeln!(out)?;
        return Ok(());
    }
    let (stats, running) = (&figures.stats, &figures.running);

    let name = |id: &limber_core::ExerciseId| {
        env.catalog
            .get(id)
            .map_or(id.to_string(), |e| e.seed_name.clone())
    };
    writeln!(
        out,
        "How your pain rating changed across each exercise (after minus before; below zero means lower afterwards):"
    )?;
    for r in &stats.change {
        let verdict = match r.change.verdict {
            Verdict::LowerAfter => ": rated lower afterwards",
            Verdict::HigherAfter => ": rated higher afterwards",
            Verdict::Unclear => ": unclear so far",
            Verdict::NoData => "",
        };
        writeln!(
            out,
            "  {:<24} {}{verdict}",
            name(&r.exercise),
            figure(&r.change)
        )?;
        let needs = match (r.needs_sessions, r.change.more_sessions) {
            (0, Some(k)) => Some(format!(
                "about {k} more rated session{} would likely settle it",
                plural(k)
            )),
            (0, None) => None,
            (k, _) => Some(format!(
                "{k} more rated session{} needed before it can be ranked",
                plural(k)
            )),
        };
        if let Some(needs) = needs {
            writeln!(out, "  {:<24} {needs}", "")?;
        }
    }
    if stats.change.iter().any(|r| r.needs_sessions > 0) {
        writeln!(
            out,
            "  To rate an exercise, give your pain just before it starts and again during its last hold or right after it (type a number, or press 0-9 during the stretch)."
        )?;
    }
    let whole = &stats.session_change;
    let verdict = match whole.verdict {
        Verdict::LowerAfter => ": rated lower at the end",
        Verdict::HigherAfter => ": rated higher at the end",
        Verdict::Unclear => ": unclear so far",
        Verdict::NoData => "",
    };
    match whole.verdict {
        Verdict::NoData => writeln!(
            out,
            "Across whole sessions (start to end): no session rated at both ends yet; rate your pain before the first stretch and again at the end."
        )?,
        _ => writeln!(
            out,
            "Across whole sessions (start to end): {}{verdict}",
            figure(whole)
        )?,
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
            "Plans keep the program's order until two exercises each have {} rated sessions.",
            limber_core::analytics::change::RANKING_MIN_N
        )?,
    }
    writeln!(out)?;

    writeln!(
        out,
        "Pain by week (diary entries: the worse of back and leg; and the ratings at the start and end of sessions):"
    )?;
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
        let mut counted = Vec::new();
        if w.entries > 0 {
            counted.push(count(w.entries, "diary entry", "diary entries"));
        }
        if w.session_ratings > 0 {
            counted.push(count(
                w.session_ratings,
                "session rating",
                "session ratings",
            ));
        }
        writeln!(
            out,
            "  week of {}  {:>4.1}  ({})",
            w.start.strftime("%a %-d %b %Y"),
            w.pain,
            counted.join(", ")
        )?;
    }
    if stats.trend.weeks.is_empty() {
        writeln!(
            out,
            "  no pain ratings yet: `limber log` adds a diary entry, and the ratings you give at the start and end of a session count too"
        )?;
    } else {
        writeln!(out, "  {}", stats.trend.message)?;
    }
    writeln!(out)?;

    let a = &stats.adherence;
    match a.sessions_per_week {
        None => writeln!(out, "Sessions: none yet.")?,
        Some(per_week) => {
            let weeks: Vec<String> = a.last_weeks.iter().map(u32::to_string).collect();
            writeln!(
                out,
                "Sessions: {per_week:.1} a week on average; in each of the last 4 weeks (oldest first): {}.",
                weeks.join(", ")
            )?;
            let mut ends = vec![format!("{} finished", a.completed)];
            if a.ended_early > 0 {
                ends.push(format!("{} ended early", a.ended_early));
            }
            if a.stopped > 0 {
                ends.push(format!("{} stopped for safety", a.stopped));
            }
            writeln!(
                out,
                "  Of {}: {} ({} hold{} done in all).",
                count(a.sessions, "session", "sessions"),
                ends.join(", "),
                a.holds_done,
                if a.holds_done == 1 { "" } else { "s" }
            )?;
        }
    }
    // Not enough data: the CLI names the flag that records how far.
    match stats.centralization.status {
        CentralizationStatus::NotEnoughData => writeln!(
            out,
            "Where symptoms reach: not enough entries with how far symptoms reach (`limber log --reach`): needs {MIN_ENTRIES} in the last {RECENT_DAYS} days and {MIN_ENTRIES} in the {EARLIER_DAYS} days before"
        )?,
        _ => writeln!(
            out,
            "Where symptoms reach: {}",
            stats.centralization.message
        )?,
    }
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
    // A pause stays until acknowledged, after the daily advice has lapsed.
    match known.morning_pause() {
        Some(why) if !matches!(stats.morning, MorningAdvice::Pause { .. }) => {
            writeln!(out, "Program paused: {why}")?;
        }
        _ => {}
    }
    if running.cooldown.runs > 0 || running.other_activities > 0 {
        write_running(&mut out, running)?;
    }
    writeln!(
        out,
        "\nThese figures describe your own diary; they are not medical advice. Share them with your physio or doctor."
    )?;
    Ok(())
}

/// The running section: the last 8 weeks of running, cool-down adherence
/// and next-day pain.
fn write_running(out: &mut impl Write, r: &analytics::running::Running) -> std::io::Result<()> {
    writeln!(out, "\nRunning by week:")?;
    for w in r
        .weeks
        .iter()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let mins = (w.moving_s / 60.0).round() as i64;
        writeln!(
            out,
            "  week of {}  {:>6.1} km  {}:{:02} h  ({} run{})",
            w.start.strftime("%a %-d %b %Y"),
            w.distance_km,
            mins / 60,
            mins % 60,
            w.runs,
            if w.runs == 1 { "" } else { "s" }
        )?;
    }
    if r.other_activities > 0 {
        writeln!(
            out,
            "  ({} other activit{} not counted as running)",
            r.other_activities,
            if r.other_activities == 1 { "y" } else { "ies" }
        )?;
    }
    if r.cooldown.runs == 0 {
        writeln!(
            out,
            "Cool-down after runs: {}: `limber import FILE` reads GPX, TCX and FIT files",
            r.cooldown.message
        )?;
    } else {
        writeln!(out, "Cool-down after runs: {}", r.cooldown.message)?;
    }
    writeln!(out, "Pain the day after: {}", r.pain_vs_distance.message)?;
    writeln!(out, "  {}", r.pain_vs_cooldown.message)
}

fn plural(k: u32) -> &'static str {
    if k == 1 { "" } else { "s" }
}

fn sessions(n: usize) -> String {
    count(n, "session", "sessions")
}

/// "−1.0 points (95% interval −2.1 to +0.1, 4 sessions)", or what stands in
/// for the interval when it cannot be estimated.
fn figure(c: &Change) -> String {
    match (c.mean, &c.interval) {
        (Some(m), Some(i)) => format!(
            "{} (95% interval {:+.1} to {:+.1}, {})",
            points(m),
            i.low,
            i.high,
            sessions(c.n)
        ),
        (Some(m), None) if c.n >= 2 => format!(
            "{} (the same in each of {}: no interval can be estimated yet)",
            points(m),
            sessions(c.n)
        ),
        (Some(m), None) => format!("{} (1 session: too early to say)", points(m)),
        _ => "no ratings around it yet".to_string(),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
