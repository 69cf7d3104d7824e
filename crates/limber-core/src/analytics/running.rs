//! Running load next to the diary: weekly distance and time, cool-down
//! adherence, and next-day pain against distance and against whether the
//! cool-down was done. Only running counts (walks and rides are left out).
//! Every figure comes with its n and a 95% interval, and every message
//! describes what went together in this person's records, never why.
//!
//! - Weeks are ISO weeks in the user's time zone, by the run's start.
//! - Cool-down adherence: the share of runs followed by a session within
//!   60 minutes of their end (or tagged as their cool-down), with a Wilson
//!   95% interval.
//! - Next-day pain is compared per *run day* (a day with at least one
//!   run): its distance is the day's total, its cool-down counts as done
//!   when every run of the day got one, and its next-day pain is the mean
//!   headline score (the worse of back and leg) of the next day's entries.
//!   Run days without an entry the next day are left out of those figures.
//! - Distance: Pearson's r with a Fisher-z 95% interval (from 4 run days).
//!   Cool-down: the difference of means (done − not done) with a Welch
//!   95% t-interval (from 2 run days in each group).

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::day_number;
use super::stats::{Interval, Summary, summarize, t975};
use crate::diary::{PainEntry, SessionRecord};
use crate::run::{RunRecord, cooldown_of};

const Z975: f64 = 1.959_963_984_540_054;

/// One ISO week of running. JSON: `week` ("2026-W48"), `start` (Monday),
/// `runs`, `distance_km`, `moving_s`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunWeek {
    pub week: String,
    pub start: Date,
    pub runs: usize,
    pub distance_km: f64,
    pub moving_s: f64,
}

/// JSON: `runs`, `with_cooldown`, `share` (0–1, null with no runs),
/// `interval` (Wilson 95%, null with no runs), `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CooldownAdherence {
    pub runs: usize,
    pub with_cooldown: usize,
    pub share: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}

/// Next-day pain against the day's distance. JSON: `n` (run days with a
/// next-day entry), `r` (Pearson, null below 3 days or without spread),
/// `interval` (Fisher z 95%, null below 4 days), `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainVsDistance {
    pub n: usize,
    pub r: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}

/// Next-day pain after run days with and without the cool-down. JSON:
/// `with`, `without` (each a `Summary`: `n`, `mean`, `sd`, `interval`),
/// `difference` (with − without, null unless both have a day), `interval`
/// (Welch 95%, null unless both have 2 days), `message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainVsCooldown {
    pub with: Summary,
    pub without: Summary,
    pub difference: Option<f64>,
    pub interval: Option<Interval>,
    pub message: String,
}

/// JSON: `weeks`, `cooldown`, `pain_vs_distance`, `pain_vs_cooldown`,
/// `other_activities` (imported non-running activities, not counted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Running {
    pub weeks: Vec<RunWeek>,
    pub cooldown: CooldownAdherence,
    pub pain_vs_distance: PainVsDistance,
    pub pain_vs_cooldown: PainVsCooldown,
    pub other_activities: usize,
}

/// The worse of an entry's back and leg scores.
fn headline(e: &PainEntry) -> Option<f64> {
    match (e.back, e.leg) {
        (None, None) => None,
        (b, l) => Some(f64::from(b.max(l)?.get())),
    }
}

#[derive(Default)]
struct Day {
    distance_km: f64,
    all_cooled: bool,
    runs: usize,
}

pub fn running(
    runs: &[RunRecord],
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
) -> Running {
    let (running, other): (Vec<&RunRecord>, Vec<&RunRecord>) =
        runs.iter().partition(|r| r.run.sport.is_running());

    let mut weeks: BTreeMap<(i16, i8), RunWeek> = BTreeMap::new();
    let mut days: BTreeMap<i32, Day> = BTreeMap::new();
    let mut with_cooldown = 0;
    for r in &running {
        let date = tz.to_datetime(r.run.start).date();
        let iso = date.iso_week_date();
        let w = weeks
            .entry((iso.year(), iso.week()))
            .or_insert_with(|| RunWeek {
                week: format!("{:04}-W{:02}", iso.year(), iso.week()),
                start: iso.first_of_week().map_or(date, |d| d.date()),
                runs: 0,
                distance_km: 0.0,
                moving_s: 0.0,
            });
        w.runs += 1;
        w.distance_km += r.run.distance_km();
        w.moving_s += r.run.moving_s;

        let cooled = cooldown_of(r, sessions).is_some();
        with_cooldown += usize::from(cooled);
        let day = days.entry(day_number(date)).or_insert(Day {
            all_cooled: true,
            ..Day::default()
        });
        day.distance_km += r.run.distance_km();
        day.all_cooled &= cooled;
        day.runs += 1;
    }

    let mut pain_by_day: BTreeMap<i32, (f64, usize)> = BTreeMap::new();
    for e in entries {
        if let Some(p) = headline(e) {
            let d = day_number(tz.to_datetime(e.at).date());
            let acc = pain_by_day.entry(d).or_default();
            acc.0 += p;
            acc.1 += 1;
        }
    }
    // (distance, cool-down done, next-day pain) per run day with a next-day entry.
    let pairs: Vec<(f64, bool, f64)> = days
        .iter()
        .filter_map(|(d, day)| {
            let (sum, n) = pain_by_day.get(&(d + 1))?;
            debug_assert!(day.runs > 0);
            Some((day.distance_km, day.all_cooled, sum / *n as f64))
        })
        .collect();

    Running {
        weeks: weeks.into_values().collect(),
        cooldown: cooldown_adherence(running.len(), with_cooldown),
        pain_vs_distance: pain_vs_distance(&pairs),
        pain_vs_cooldown: pain_vs_cooldown(&pairs),
        other_activities: other.len(),
    }
}

/// Wilson score 95% interval of k successes in n.
pub fn wilson(k: usize, n: usize) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z975 * Z975;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z975 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    })
}

fn cooldown_adherence(runs: usize, with: usize) -> CooldownAdherence {
    let share = (runs > 0).then(|| with as f64 / runs as f64);
    let interval = wilson(with, runs);
    let message = match (share, interval) {
        (Some(s), Some(i)) => format!(
            "{with} of {runs} runs had a session within 60 minutes ({:.0}%, 95% interval {:.0}% to {:.0}%)",
            s * 100.0,
            i.low * 100.0,
            i.high * 100.0
        ),
        _ => "no runs yet".to_string(),
    };
    CooldownAdherence {
        runs,
        with_cooldown: with,
        share,
        interval,
        message,
    }
}

/// Pearson's r of paired values; `None` below 3 pairs or without spread.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 3 || ys.len() != n {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n as f64;
    let my = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Fisher-z 95% interval of r from n pairs (n ≥ 4).
pub fn fisher_interval(r: f64, n: usize) -> Option<Interval> {
    if n < 4 {
        return None;
    }
    let z = r.clamp(-0.999_999, 0.999_999).atanh();
    let half = Z975 / ((n - 3) as f64).sqrt();
    Some(Interval {
        low: (z - half).tanh(),
        high: (z + half).tanh(),
    })
}

fn pain_vs_distance(pairs: &[(f64, bool, f64)]) -> PainVsDistance {
    let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    let n = pairs.len();
    let r = pearson(&xs, &ys);
    let interval = r.and_then(|r| fisher_interval(r, n));
    let message = match (r, interval) {
        (Some(r), Some(i)) => {
            let pattern = if i.above_zero() {
                "next-day pain was higher after longer run days"
            } else if i.below_zero() {
                "next-day pain was lower after longer run days"
            } else {
                "no clear pattern yet"
            };
            format!(
                "{pattern} (over {n} run days, pain and distance went together at {r:+.2} on a scale from -1, opposite ways, to +1, in step; 95% interval {:+.2} to {:+.2}); this shows what went together, not why",
                i.low, i.high
            )
        }
        (Some(r), None) => format!(
            "over {n} run days, next-day pain and the day's distance went together at {r:+.2} on a scale from -1 (opposite ways) to +1 (in step); 4 run days are needed for an interval"
        ),
        (None, _) => format!(
            "{n} run day{} with a pain entry the next day: at least 3 with different distances and scores are needed",
            if n == 1 { "" } else { "s" }
        ),
    };
    PainVsDistance {
        n,
        r,
        interval,
        message,
    }
}

/// "1 run day", "3 run days".
fn run_days(n: usize) -> String {
    format!("{n} run day{}", if n == 1 { "" } else { "s" })
}

fn pain_vs_cooldown(pairs: &[(f64, bool, f64)]) -> PainVsCooldown {
    let with: Vec<f64> = pairs.iter().filter(|p| p.1).map(|p| p.2).collect();
    let without: Vec<f64> = pairs.iter().filter(|p| !p.1).map(|p| p.2).collect();
    let (w, wo) = (summarize(&with), summarize(&without));
    let difference = w.mean.zip(wo.mean).map(|(a, b)| a - b);
    let interval = welch(&w, &wo);
    let message = match (difference, interval) {
        (Some(d), Some(i)) => {
            let pattern = if i.below_zero() {
                "lower after run days with the cool-down"
            } else if i.above_zero() {
                "higher after run days with the cool-down"
            } else {
                "no clear difference yet"
            };
            format!(
                "next-day pain averaged {:.1} after {} with the cool-down and {:.1} after {} without, a difference of {d:+.1} (95% interval {:+.1} to {:+.1}): {pattern}; days are compared, not what the cool-down does",
                w.mean.unwrap_or_default(),
                run_days(w.n),
                wo.mean.unwrap_or_default(),
                run_days(wo.n),
                i.low,
                i.high
            )
        }
        _ => format!(
            "next-day pain so far after {} with the cool-down and {} without; at least 2 of each are needed",
            run_days(w.n),
            run_days(wo.n)
        ),
    };
    PainVsCooldown {
        with: w,
        without: wo,
        difference,
        interval,
        message,
    }
}

/// Welch's 95% interval of mean(a) − mean(b); `None` unless each has 2+.
pub fn welch(a: &Summary, b: &Summary) -> Option<Interval> {
    let (ma, mb, sa, sb) = (a.mean?, b.mean?, a.sd?, b.sd?);
    let (na, nb) = (a.n as f64, b.n as f64);
    let (va, vb) = (sa * sa / na, sb * sb / nb);
    let se = (va + vb).sqrt();
    let d = ma - mb;
    if se == 0.0 {
        return Some(Interval { low: d, high: d });
    }
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let half = t975(df.floor().max(1.0) as usize) * se;
    Some(Interval {
        low: d - half,
        high: d + half,
    })
}

/// The Monday of an ISO week as a date, for tests.
#[cfg(test)]
fn monday(d: Date) -> Date {
    super::date_of_day(day_number(d) - i32::from(d.weekday().to_monday_zero_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PainScore;
    use crate::run::{DistanceSource, Run, Sport};
    use jiff::Timestamp;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn run(id: u128, start: &str, km: f64, sport: Sport, tag: Option<u128>) -> RunRecord {
        let start = ts(start);
        RunRecord {
            id: crate::run::RunId::from_u128(id),
            run: Run {
                start,
                end: start + jiff::SignedDuration::from_mins(30),
                sport,
                distance_m: km * 1000.0,
                distance_source: DistanceSource::File,
                moving_s: 1800.0,
                elevation_gain_m: None,
            },
            cooldown_session: tag.map(crate::diary::SessionId::from_u128),
        }
    }

    fn entry(at: &str, back: i64, leg: i64) -> PainEntry {
        PainEntry {
            id: crate::diary::PainEntryId::at(ts(at)),
            at: ts(at),
            back: Some(PainScore::new(back).unwrap()),
            leg: Some(PainScore::new(leg).unwrap()),
            reach: None,
            side: None,
            qualities: vec![],
            weakness: false,
            stiffness: None,
            morning: false,
            note: None,
        }
    }

    #[test]
    fn weeks_count_running_only() {
        let runs = [
            run(1, "2026-11-23T07:00:00Z", 5.0, Sport::Running, None),
            run(2, "2026-11-29T07:00:00Z", 8.0, Sport::TrailRunning, None),
            run(3, "2026-11-30T07:00:00Z", 10.0, Sport::Running, None),
            run(4, "2026-11-30T12:00:00Z", 30.0, Sport::Cycling, None),
        ];
        let r = running(&runs, &[], &[], &TimeZone::UTC);
        let weeks: Vec<_> = r
            .weeks
            .iter()
            .map(|w| (w.week.as_str(), w.runs, w.distance_km, w.moving_s))
            .collect();
        assert_eq!(
            weeks,
            [("2026-W48", 2, 13.0, 3600.0), ("2026-W49", 1, 10.0, 1800.0)]
        );
        assert_eq!(r.weeks[0].start, monday(jiff::civil::date(2026, 11, 29)));
        assert_eq!(r.other_activities, 1);
        assert_eq!(r.cooldown.runs, 3);
    }

    #[test]
    fn wilson_matches_the_textbook() {
        // 8 of 10: 0.490 to 0.943 (Newcombe 1998).
        let i = wilson(8, 10).unwrap();
        assert!(
            (i.low - 0.490).abs() < 1e-3 && (i.high - 0.943).abs() < 1e-3,
            "{i:?}"
        );
        let all = wilson(3, 3).unwrap();
        assert_eq!(all.high, 1.0);
        assert!(wilson(0, 0).is_none());
    }

    #[test]
    fn cooldown_share_with_interval() {
        let runs = [
            run(1, "2026-11-23T07:00:00Z", 5.0, Sport::Running, Some(9)),
            run(2, "2026-11-24T07:00:00Z", 5.0, Sport::Running, None),
        ];
        let c = running(&runs, &[], &[], &TimeZone::UTC).cooldown;
        assert_eq!((c.runs, c.with_cooldown, c.share), (2, 1, Some(0.5)));
        assert!(
            c.message.starts_with(
                "1 of 2 runs had a session within 60 minutes (50%, 95% interval 9% to 91%)"
            ),
            "{}",
            c.message
        );
    }

    #[test]
    fn next_day_pain_against_distance() {
        // Run days of 2, 4, 6, 8, 10 km, each followed by pain 1..5 (perfectly in step).
        let runs: Vec<_> = (0..5)
            .map(|i| {
                run(
                    i,
                    &format!("2026-11-0{}T07:00:00Z", i + 1),
                    2.0 * (i + 1) as f64,
                    Sport::Running,
                    None,
                )
            })
            .collect();
        let entries: Vec<_> = (0..5)
            .map(|i| entry(&format!("2026-11-0{}T08:00:00Z", i + 2), 0, i + 1))
            .collect();
        let p = running(&runs, &[], &entries, &TimeZone::UTC).pain_vs_distance;
        assert_eq!(p.n, 5);
        assert!((p.r.unwrap() - 1.0).abs() < 1e-9);
        assert!(
            p.message.contains("higher after longer run days"),
            "{}",
            p.message
        );
        assert!(p.message.contains("not why"), "{}", p.message);
        // A day without a next-day entry is left out.
        let p = running(&runs, &[], &entries[..3], &TimeZone::UTC).pain_vs_distance;
        assert_eq!(p.n, 3);
        assert!(p.interval.is_none());
    }

    #[test]
    fn pearson_and_fisher_by_hand() {
        // x = 1..5, y = 2, 1, 4, 3, 5: r = 0.8 exactly.
        let r = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0]).unwrap();
        assert!((r - 0.8).abs() < 1e-12);
        // z = atanh(0.8) = 1.0986, half = 1.96 / sqrt(2) = 1.3859: tanh(-0.2873) to tanh(2.4845).
        let i = fisher_interval(r, 5).unwrap();
        assert!(
            (i.low - (-0.2797)).abs() < 1e-3 && (i.high - 0.9862).abs() < 1e-3,
            "{i:?}"
        );
        assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_none());
    }

    #[test]
    fn next_day_pain_with_and_without_the_cooldown() {
        let runs = [
            run(1, "2026-11-01T07:00:00Z", 5.0, Sport::Running, Some(1)),
            run(2, "2026-11-03T07:00:00Z", 5.0, Sport::Running, Some(2)),
            run(3, "2026-11-05T07:00:00Z", 5.0, Sport::Running, None),
            run(4, "2026-11-07T07:00:00Z", 5.0, Sport::Running, None),
        ];
        let entries = [
            entry("2026-11-02T08:00:00Z", 2, 1),
            entry("2026-11-04T08:00:00Z", 4, 0),
            entry("2026-11-06T08:00:00Z", 5, 5),
            entry("2026-11-08T08:00:00Z", 7, 1),
        ];
        let p = running(&runs, &[], &entries, &TimeZone::UTC).pain_vs_cooldown;
        assert_eq!((p.with.n, p.with.mean), (2, Some(3.0)));
        assert_eq!((p.without.n, p.without.mean), (2, Some(6.0)));
        assert_eq!(p.difference, Some(-3.0));
        // SDs sqrt(2) each: se = sqrt(2/2 + 2/2) = 1.414, df = 2, t = 4.303: half 6.085.
        let i = p.interval.unwrap();
        assert!(
            (i.low - (-9.085)).abs() < 1e-2 && (i.high - 3.085).abs() < 1e-2,
            "{i:?}"
        );
        assert!(
            p.message.contains("no clear difference yet"),
            "{}",
            p.message
        );
        assert!(
            p.message.contains("not what the cool-down does"),
            "{}",
            p.message
        );
    }
}
