//! The report's data, gathered in one place: the CLI writes it to a file
//! and the web app can serve the same page. Every figure comes from the
//! core's analytics (`analytics::stats`, `trial::analyze`, the planner);
//! this module only reads the store and groups records by day and week for
//! the charts.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::Catalog;
use limber_core::analytics::{self, StatsInput};
use limber_core::diary::{Outcome, Place, Reach, SessionContext, SessionStatus};
use limber_core::plan::{Pace, PlanRequest, plan};
use limber_core::safety::Gate;
use limber_core::trial;
use limber_report::{CalendarDay, MAX_STOPS, PainPoint, RegionWeek, ReportData, Stop, TrialResult};
use limber_store::{Store, StoreError, UserId};

use crate::personal::{Records, listed_exercises, personal};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("time zone {name:?} in your profile: {message}")]
    TimeZone { name: String, message: String },
}

/// Everything the report shows about `user` at `now`.
pub async fn gather<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
) -> Result<ReportData, ReportError> {
    let profile = store.profile(user).await?;
    let tz = match &profile.timezone {
        Some(name) => TimeZone::get(name).map_err(|e| ReportError::TimeZone {
            name: name.clone(),
            message: e.to_string(),
        })?,
        None => TimeZone::system(),
    };
    let sessions = store.sessions(user, None).await?;
    let entries = store.pain_entries(user, None).await?;
    let screen = store.latest_screen(user).await?;
    let runs = store.runs(user, None).await?;
    let today = tz.to_datetime(now).date();
    let same = catalog.same_stretch();
    let records = Records {
        profile: &profile,
        screen: screen.as_ref(),
        sessions: &sessions,
        entries: &entries,
        tz: &tz,
        now,
        same_stretch: &same,
    };
    let ids = listed_exercises(&records, catalog);

    let stats = analytics::stats(&StatsInput {
        sessions: &sessions,
        entries: &entries,
        exercises: &ids,
        cleared: &profile.cleared_aggravating,
        same: &same,
        tz: &tz,
        now,
    });

    let mut data = ReportData {
        today,
        timezone: tz.iana_name().unwrap_or("your local time").to_string(),
        first_day: None,
        window_start: today,
        total_entries: entries.len(),
        stats,
        points: Vec::new(),
        calendar: Vec::new(),
        regions: Vec::new(),
        routine: None,
        routine_note: None,
        stops: Vec::new(),
        total_stops: 0,
        trials: Vec::new(),
        running: None,
        names: catalog
            .exercises()
            .iter()
            .map(|e| (e.id.clone(), e.seed_name.clone()))
            .collect(),
    };
    let date = |t: Timestamp| tz.to_datetime(t).date();
    data.first_day = sessions
        .first()
        .map(|s| s.started_at)
        .into_iter()
        .chain(entries.first().map(|e| e.at))
        .min()
        .map(date);
    data.window_start = ReportData::window_for(today, data.first_day);
    let start = data.window_start;

    // Diary entries and reach by week, inside the window.
    let mut weeks: BTreeMap<Date, RegionWeek> = BTreeMap::new();
    for e in &entries {
        let local = tz.to_datetime(e.at);
        if local.date() < start || local.date() > today {
            continue;
        }
        if e.back.is_some() || e.leg.is_some() {
            data.points.push(PainPoint {
                at: local,
                back: e.back.map(|p| p.get()),
                leg: e.leg.map(|p| p.get()),
            });
        }
        if let Some(reach) = e.reach {
            let iso = local.date().iso_week_date();
            let monday = iso.first_of_week().map_or(local.date(), |w| w.date());
            let w = weeks.entry(monday).or_insert_with(|| RegionWeek {
                week: format!("{:04}-W{:02}", iso.year(), iso.week()),
                start: monday,
                counts: [0; 5],
            });
            w.counts[Reach::ALL.iter().position(|r| *r == reach).unwrap_or(0)] += 1;
        }
    }
    data.regions = weeks.into_values().collect();

    // The calendar: every day of the window, and the stops of all time.
    let mut days: BTreeMap<Date, CalendarDay> = BTreeMap::new();
    let mut d = start;
    while d <= today {
        days.insert(
            d,
            CalendarDay {
                date: d,
                sessions: 0,
                stopped: false,
            },
        );
        d = match d.tomorrow() {
            Ok(n) => n,
            Err(_) => break,
        };
    }
    let mut stops = Vec::new();
    for s in &sessions {
        let day = date(s.started_at);
        let had_stop = s.status == SessionStatus::Stopped
            || s.steps.iter().any(|st| st.outcome == Outcome::Stopped);
        if let Some(c) = days.get_mut(&day) {
            c.sessions += 1;
            c.stopped |= had_stop;
        }
        for st in s.steps.iter().filter(|st| st.outcome == Outcome::Stopped) {
            stops.push(Stop {
                date: date(st.at),
                exercise: st.exercise.clone(),
                reason: st
                    .reason
                    .as_ref()
                    .map_or_else(|| "no reason recorded".into(), ToString::to_string),
            });
        }
    }
    data.calendar = days.into_values().collect();
    data.total_stops = stops.len();
    stops.reverse();
    stops.truncate(MAX_STOPS);
    data.stops = stops;

    // The routine `limber start` would run now, after a run on the floor.
    data.routine_note = match screen.as_ref().map(|s| s.gate()) {
        None => Some(
            "No safety screen yet: `limber screen` asks the questions before the first session."
                .into(),
        ),
        Some(Gate::Locked(_)) => Some(format!(
            "Sessions are locked by the latest screen's answers. {}",
            limber_core::safety::Tier::Emergency.advice()
        )),
        Some(Gate::Paused(tier, _)) => Some(format!("The program is paused. {}", tier.advice())),
        Some(Gate::Open) => None,
    };
    let personal = personal(&records, catalog);
    // The program the user's sessions follow: the one they saved, if any.
    let (program, program_note) = crate::program::planned(catalog, &profile);
    if let Some(note) = program_note {
        data.routine_note = Some(match data.routine_note.take() {
            Some(gate) => format!("{gate} {note}"),
            None => note,
        });
    }
    match plan(&PlanRequest {
        catalog,
        program: &program,
        context: SessionContext {
            after_run: true,
            place: Place::Floor,
        },
        minutes: None,
        pace: profile.pace.and_then(Pace::new).unwrap_or_default(),
        personal: &personal,
    }) {
        Ok(r) => data.routine = Some(r),
        Err(e) => {
            data.routine_note.get_or_insert_with(|| e.to_string());
        }
    }

    if !runs.is_empty() {
        data.running = Some(analytics::running::running(&runs, &sessions, &entries, &tz));
    }

    for t in &profile.past_trials {
        data.trials.push(TrialResult {
            report: trial::analyze(t, &sessions, &tz),
            running: false,
        });
    }
    if let Some(t) = &profile.trial {
        data.trials.push(TrialResult {
            report: trial::analyze(t, &sessions, &tz),
            running: today <= t.last_day(),
        });
    }
    Ok(data)
}
