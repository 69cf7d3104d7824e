//! A fixed six-week history (screens, sessions, diary, settings) for tests
//! of everything that reads a whole history: the backup, the CSV, FHIR and
//! iCalendar exports and the report. Deterministic: every value follows from
//! the day number, so snapshots stay put.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::diary::{
    BodySide, Outcome, PainEntry, PainEntryId, Place, Quality, Rating, Reach, SessionContext,
    SessionId, SessionRecord, SessionStatus, StepReason, StepRecord,
};
use limber_core::profile::Profile;
use limber_core::run::{DistanceSource, Run, RunId, RunRecord, Sport};
use limber_core::safety::{Question, ScreenRecord};
use limber_core::session::StopReason;
use limber_core::trial::Trial;
use limber_core::{ExerciseId, PainScore, Side};

/// The fixture's "now": the Monday after the six weeks, 09:00 in Berlin.
pub const NOW: &str = "2026-11-30T08:00:00Z";
/// The fixture user's time zone.
pub const TIMEZONE: &str = "Europe/Berlin";
/// The first day of the six weeks (a Monday).
pub const FIRST_DAY: &str = "2026-10-19";
/// Days in the history.
pub const DAYS: i32 = 42;

/// Everything stored about one user.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub profile: Profile,
    pub screens: Vec<ScreenRecord>,
    pub sessions: Vec<SessionRecord>,
    pub entries: Vec<PainEntry>,
    pub runs: Vec<RunRecord>,
}

pub fn now() -> Timestamp {
    NOW.parse().expect("valid")
}

pub fn tz() -> TimeZone {
    TimeZone::get(TIMEZONE).expect("a known zone")
}

fn id(s: &str) -> ExerciseId {
    ExerciseId::new(s).expect("well-formed")
}

fn pain(v: i64) -> PainScore {
    PainScore::new(v.clamp(0, 10)).expect("clamped")
}

/// Day `day` of the history at `h:m` local time.
pub fn local(day: i32, h: i8, m: i8) -> Timestamp {
    let first: Date = FIRST_DAY.parse().expect("valid");
    let date = first
        .checked_add(jiff::Span::new().days(day))
        .expect("in range");
    tz().to_ambiguous_timestamp(date.at(h, m, 0, 0))
        .compatible()
        .expect("in range")
}

/// A fixed UUID v7 for a record made at `at`: the fixture's ids are the
/// same on every run (backups of it compare byte for byte), shaped like the
/// ids limber makes. `n` tells records of one instant apart.
pub fn fixed_v7(at: Timestamp, n: u64) -> uuid::Uuid {
    let ms = u128::try_from(at.as_millisecond()).expect("after 1970");
    uuid::Uuid::from_u128((ms << 80) | (0x7 << 76) | (0b10 << 62) | u128::from(n))
}

fn plus_secs(t: Timestamp, secs: i64) -> Timestamp {
    t.checked_add(jiff::SignedDuration::from_secs(secs))
        .expect("in range")
}

/// Pain that falls from about 7 to about 3 over the six weeks, with a wobble.
fn base_pain(day: i32) -> i64 {
    7 - i64::from(day) / 10 + i64::from((day * 7) % 3) - 1
}

/// Sessions on every day but Tuesdays; on days 9 and 23 the standing thigh
/// stretch is stopped because symptoms spread down the leg.
fn session(day: i32) -> SessionRecord {
    let start = local(day, 18, 30);
    let p = base_pain(day);
    let stopped_day = day == 9 || day == 23;
    let mut steps = Vec::new();
    let mut ratings = vec![Rating {
        after: None,
        pain: pain(p),
        at: start,
    }];
    let mut t = 10;
    let mut holds = |exercise: &str, sided: bool, stop_at: Option<u32>, steps: &mut Vec<_>| {
        for rep in 1..=3u32 {
            let sides: &[Option<Side>] = if sided {
                &[Some(Side::Right), Some(Side::Left)]
            } else {
                &[None]
            };
            for side in sides {
                t += 25;
                let stop = stop_at == Some(rep);
                steps.push(StepRecord {
                    exercise: id(exercise),
                    side: *side,
                    rep,
                    outcome: if stop {
                        Outcome::Stopped
                    } else {
                        Outcome::Done
                    },
                    reason: stop.then(|| StepReason::stopped(StopReason::Spreading, "")),
                    at: plus_secs(start, t),
                });
                if stop {
                    return;
                }
            }
        }
    };
    holds("lying-thigh-stretch", true, None, &mut steps);
    ratings.push(Rating {
        after: Some(id("lying-thigh-stretch")),
        pain: pain(p - 1),
        at: plus_secs(start, 170),
    });
    holds(
        "standing-thigh-stretch",
        true,
        stopped_day.then_some(2),
        &mut steps,
    );
    ratings.push(Rating {
        after: Some(id("standing-thigh-stretch")),
        pain: pain(if stopped_day {
            p + 1
        } else {
            p - 1 + i64::from(day % 2)
        }),
        at: plus_secs(start, 320),
    });
    holds("back-curl", false, None, &mut steps);
    ratings.push(Rating {
        after: Some(id("back-curl")),
        pain: pain(p - 2),
        at: plus_secs(start, 430),
    });
    SessionRecord {
        id: SessionId::from_uuid(fixed_v7(start, 0)),
        started_at: start,
        ended_at: Some(plus_secs(start, 440)),
        status: if stopped_day {
            SessionStatus::Stopped
        } else {
            SessionStatus::Completed
        },
        context: SessionContext {
            after_run: day % 2 == 0,
            place: if day % 7 == 3 {
                Place::Wall
            } else {
                Place::Floor
            },
        },
        program: "runners-cool-down".into(),
        pain_before: Some(pain(p)),
        pain_after: Some(pain(p - 2)),
        steps,
        ratings,
    }
}

fn entry(day: i32) -> PainEntry {
    let p = base_pain(day);
    PainEntry {
        id: PainEntryId::from_uuid(fixed_v7(local(day, 21, 0), 0)),
        at: local(day, 21, 0),
        back: Some(pain(p - 1)),
        leg: Some(pain(p)),
        // Symptoms reach less far as the weeks go by (centralizing).
        reach: Some(match day / 14 {
            0 => Reach::BelowKnee,
            1 => Reach::Thigh,
            _ => Reach::Buttock,
        }),
        side: Some(BodySide::Left),
        qualities: if day < 14 {
            vec![Quality::Tingling, Quality::Ache]
        } else {
            vec![Quality::Ache]
        },
        weakness: false,
        stiffness: None,
        morning: false,
        note: (day == 5).then(|| "long run, 12 km; \"tight\" after, hills".to_string()),
    }
}

fn morning(day: i32) -> PainEntry {
    PainEntry {
        id: PainEntryId::from_uuid(fixed_v7(local(day, 7, 15), 0)),
        at: local(day, 7, 15),
        back: Some(pain(base_pain(day) - 2)),
        leg: None,
        reach: None,
        side: None,
        qualities: vec![],
        weakness: false,
        stiffness: Some(pain(3 - i64::from(day) / 20)),
        morning: true,
        note: None,
    }
}

/// A run before the session of an even day: 5 to 10 km, 5:30 per km.
fn run(day: i32, cooldown: Option<SessionId>) -> RunRecord {
    let km = 5.0 + f64::from(day % 6);
    let moving = km * 330.0;
    let end = local(day, 18, 20);
    RunRecord {
        id: RunId::from_uuid(fixed_v7(end, 0)),
        run: Run {
            start: plus_secs(end, -(moving as i64) - 60),
            end,
            sport: if day % 10 == 4 {
                Sport::TrailRunning
            } else {
                Sport::Running
            },
            distance_m: km * 1000.0,
            distance_source: DistanceSource::File,
            moving_s: moving,
            elevation_gain_m: (day % 3 == 0).then_some(42.5),
        },
        cooldown_session: cooldown,
    }
}

/// The six weeks: 36 sessions, 42 evening and 14 morning diary entries, 21
/// runs (each followed by that day's session, if any), two screens (the
/// second with a caution), a finished trial and settings.
pub fn six_weeks() -> History {
    let first: Date = FIRST_DAY.parse().expect("valid");
    let mut sessions = Vec::new();
    let mut entries = Vec::new();
    let mut runs = Vec::new();
    for day in 0..DAYS {
        if day % 3 == 1 {
            entries.push(morning(day));
        }
        let today = (day % 7 != 1).then(|| session(day));
        let today_id = today.as_ref().map(|s| s.id);
        sessions.extend(today);
        if day % 2 == 0 {
            // Every other run was tagged when its cool-down was planned.
            let tag = today_id.filter(|_| day % 4 == 0);
            runs.push(run(day, tag));
        }
        entries.push(entry(day));
    }
    let none: BTreeMap<Question, bool> = BTreeMap::new();
    let caution: BTreeMap<Question, bool> = [(Question::HighBloodPressure, true)].into();
    let screens = vec![
        ScreenRecord::new(local(0, 18, 0), &none, true).expect("rest are no"),
        ScreenRecord::new(local(21, 18, 0), &caution, true).expect("rest are no"),
    ];
    let profile = Profile {
        timezone: Some(TIMEZONE.into()),
        pace: Some(1.0),
        disclaimer_shown: Some(local(0, 17, 59)),
        past_trials: vec![Trial {
            a: id("lying-thigh-stretch"),
            b: id("back-curl"),
            weeks: 4,
            seed: 7,
            started: first,
            order: vec![],
        }],
        ..Profile::default()
    };
    History {
        profile,
        screens,
        sessions,
        entries,
        runs,
    }
}
