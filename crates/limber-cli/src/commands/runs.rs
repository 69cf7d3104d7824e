//! `limber runs [--json]`: imported activities, oldest first, each with
//! the session that was its cool-down (tagged, or started within 60 min of
//! its end).

use std::io::Write;

use limber_core::run::{cooldown_of, format_pace};

use crate::cli::RunsArgs;
use crate::command_error::CmdResult;
use crate::env::Env;

pub fn run(env: &Env, args: &RunsArgs) -> CmdResult {
    let store = env.store()?;
    let user = env.user();
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows = env.block_on(limber_app::runs::listed(store, user))?;
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let runs = env.block_on(store.runs(user, None))?;
    let sessions = env.block_on(store.sessions(user, None))?;
    let tz = env.tz()?;
    if runs.is_empty() {
        writeln!(
            out,
            "No runs yet: `limber import FILE` reads GPX, TCX and FIT files."
        )?;
        return Ok(());
    }
    for r in &runs {
        let when = tz.to_datetime(r.run.start).strftime("%Y-%m-%d %H:%M");
        let secs = r.run.moving_s.round() as i64;
        let pace = r
            .run
            .pace_s_per_km()
            .map_or(String::new(), |p| format!("  {}", format_pace(p)));
        let climb = r
            .run
            .elevation_gain_m
            .map_or(String::new(), |g| format!("  +{g:.0} m"));
        let cooldown = if !r.run.sport.is_running() {
            "not a run".to_string()
        } else {
            match cooldown_of(r, &sessions) {
                // Sessions are named by their start: ids are for machines.
                Some(id) => match sessions.iter().find(|s| s.id == id) {
                    Some(s) => format!(
                        "cool-down: session at {}",
                        tz.to_datetime(s.started_at).strftime("%H:%M")
                    ),
                    None => "cool-down: a deleted session".to_string(),
                },
                None => "no cool-down".to_string(),
            }
        };
        writeln!(
            out,
            "{when}  {:<13} {:>6.2} km  {}:{:02}:{:02}{pace}{climb}  {cooldown}",
            r.run.sport.as_str(),
            r.run.distance_km(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
        )?;
    }
    Ok(())
}
