//! `limber history [--json] [--since DATE] [--limit N]`: the latest sessions
//! and diary entries (20 unless told), oldest first.

use std::io::Write;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_app::history::HistoryRecord;
use limber_app::output::HistoryItem;
use limber_core::diary::{Outcome, PainEntry, SessionRecord};

use crate::cli::HistoryArgs;
use crate::command_error::CmdResult;
use crate::env::Env;
use crate::flag_value::{DateError, FlagError};

/// Parses `--since` as a date in the user's zone, returning its first instant.
pub fn since(raw: Option<&str>, tz: &TimeZone) -> CmdResult<Option<Timestamp>> {
    let Some(raw) = raw else { return Ok(None) };
    let bad = |e: DateError| FlagError::new("--since", raw, e);
    // A date only: a time of day here would be quietly ignored.
    if raw.trim().len() != 10 {
        return Err(bad(DateError::NotADate).into());
    }
    let date: Date = raw.trim().parse().map_err(|_| bad(DateError::NotADate))?;
    let start = date
        .to_zoned_datetime(tz.clone())
        .map_err(|e| bad(e.into()))?;
    Ok(Some(start.timestamp()))
}

pub fn run(env: &Env, args: &HistoryArgs) -> CmdResult {
    let tz = env.tz()?;
    let since = since(args.since.as_deref(), &tz)?;
    let page = env.block_on(limber_app::history::page(
        env.store()?,
        env.user(),
        None,
        since,
        args.limit,
    ))?;
    let mut records = page.records;
    records.reverse();

    let mut out = std::io::stdout().lock();
    if args.json {
        let items: Vec<HistoryItem> = records.iter().map(output).collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
        return Ok(());
    }
    if records.is_empty() {
        match &args.since {
            Some(date) => writeln!(out, "Nothing recorded on or after {}.", date.trim())?,
            None => writeln!(
                out,
                "Nothing yet. `limber start` runs a guided cool-down; `limber log --leg N` records how you feel."
            )?,
        }
    }
    if page.next.is_some() {
        let more = args
            .limit
            .saturating_mul(2)
            .min(crate::cli::MAX_HISTORY_LIMIT);
        writeln!(
            out,
            "The latest {} shown; earlier ones: `limber history --limit {more}` or `--since DATE`.",
            records.len()
        )?;
    }
    for record in &records {
        let when = record
            .at()
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M");
        match record {
            HistoryRecord::Session(s) => writeln!(out, "{when}  {}", session_line(s))?,
            HistoryRecord::Pain(p) => writeln!(out, "{when}  {}", pain_line(p))?,
        }
    }
    Ok(())
}

fn output(record: &HistoryRecord) -> HistoryItem {
    match record {
        HistoryRecord::Session(s) => HistoryItem::from(s),
        HistoryRecord::Pain(p) => HistoryItem::from(p),
    }
}

fn session_line(s: &SessionRecord) -> String {
    let count = |o: Outcome| s.steps.iter().filter(|st| st.outcome == o).count();
    let status = serde_json::to_value(s.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut line = format!(
        "session {status}: {} ({}{}), {} hold(s) done",
        crate::format::shown(&s.program),
        s.context.place,
        if s.context.after_run {
            ", after a run"
        } else {
            ""
        },
        count(Outcome::Done)
    );
    for (n, what) in [
        (count(Outcome::Skipped), "skipped"),
        (count(Outcome::Stopped), "stopped"),
    ] {
        if n > 0 {
            line.push_str(&format!(", {n} {what}"));
        }
    }
    if let (Some(b), Some(a)) = (s.pain_before, s.pain_after) {
        line.push_str(&format!("; pain {b} → {a}"));
    }
    for st in s.steps.iter().filter(|st| st.outcome == Outcome::Stopped) {
        if let Some(r) = &st.reason {
            line.push_str(&format!("\n                  stopped {}: {r}", st.exercise));
        }
    }
    line
}

fn pain_line(p: &PainEntry) -> String {
    let mut parts = Vec::new();
    if p.morning {
        parts.push("morning check".to_string());
    }
    if let Some(b) = p.back {
        parts.push(format!("back {b}"));
    }
    if let Some(l) = p.leg {
        parts.push(format!("leg {l}"));
    }
    if let Some(r) = p.reach {
        parts.push(format!("reaches {}", r.as_str()));
    }
    if let Some(s) = p.side {
        parts.push(s.as_str().to_string());
    }
    if !p.qualities.is_empty() {
        parts.push(
            p.qualities
                .iter()
                .map(|q| q.as_str())
                .collect::<Vec<_>>()
                .join("/"),
        );
    }
    if p.weakness {
        parts.push("weakness".into());
    }
    if let Some(s) = p.stiffness {
        parts.push(format!("stiffness {s}"));
    }
    if let Some(n) = &p.note {
        parts.push(format!("“{}”", crate::format::shown(n)));
    }
    format!("diary: {}", parts.join(", "))
}
