//! A worsening diary (clinical-notes §2 rule 4, "a worsening weekly trend"):
//! symptoms reaching further down the leg than in the two weeks before, or
//! a week's pain up by a clinically important change on the week before.
//! Either pauses the program, with the advice to see a clinician, until the
//! user acknowledges it. Pure functions of the diary and the time zone.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::analytics::trend::IMPORTANT_POINTS;
use crate::diary::{PainEntry, Reach};

/// Symptoms are compared with how far they reached in this many days before.
pub const SPREAD_WINDOW_DAYS: i64 = 14;
/// Two weeks with entries are compared only when their Mondays are this
/// close (the week before, or the one before that after a quiet week).
const WEEK_PAIR_DAYS: i32 = 14;

/// One worsening of the diary: when it showed (the entry; an
/// acknowledgement after this lifts it), and what to say.
pub type Worsening = super::standing::Finding;

/// How far symptoms reached at most in the entries of the 14 days before
/// `entry` (none if no entry of those days gave a reach), when `entry`
/// reaches further down than that: peripheralization.
pub fn spread_beyond(entries: &[PainEntry], entry: &PainEntry) -> Option<Reach> {
    let reach = entry.reach?;
    let window = jiff::SignedDuration::from_hours(24 * SPREAD_WINDOW_DAYS);
    let before = entries
        .iter()
        .filter(|e| e.at < entry.at && entry.at.duration_since(e.at) <= window)
        .filter_map(|e| e.reach)
        .max()?;
    (reach > before).then_some(before)
}

/// The newest entry that is `fresh` and reaches further down than any
/// entry of the 14 days before it ([`spread_beyond`]), with that earlier
/// furthest reach. One pass over the diary sorted by time: the window's
/// entries are counted per reach (there are five), so a long diary costs
/// linear time rather than a scan of the window for every entry (every
/// diary entry posted runs this).
fn latest_spread<'a>(
    sorted: &[&'a PainEntry],
    fresh: impl Fn(Timestamp) -> bool,
) -> Option<(&'a PainEntry, Reach)> {
    let window = jiff::SignedDuration::from_hours(24 * SPREAD_WINDOW_DAYS);
    let mut counts = [0u32; Reach::ALL.len()];
    let (mut lo, mut hi) = (0, 0);
    let mut latest = None;
    for e in sorted {
        // Into the window: every entry strictly before this one ...
        while let Some(next) = sorted.get(hi).filter(|n| n.at < e.at) {
            if let Some(r) = next.reach {
                counts[r as usize] += 1;
            }
            hi += 1;
        }
        // ... and out of it: those more than the window before.
        while lo < hi && e.at.duration_since(sorted[lo].at) > window {
            if let Some(r) = sorted[lo].reach {
                counts[r as usize] -= 1;
            }
            lo += 1;
        }
        let (Some(reach), true) = (e.reach, fresh(e.at)) else {
            continue;
        };
        let before = (0..counts.len())
            .rev()
            .find(|&k| counts[k] > 0)
            .map(|k| Reach::ALL[k]);
        if let Some(before) = before.filter(|&b| reach > b) {
            latest = Some((*e, before));
        }
    }
    latest
}

/// The latest worsening of the diary logged after `acknowledged` (all of
/// them when `None`), if any.
pub fn diary_worsening(
    entries: &[PainEntry],
    tz: &TimeZone,
    acknowledged: Option<Timestamp>,
) -> Option<Worsening> {
    let mut sorted: Vec<&PainEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let fresh = |at: Timestamp| acknowledged.is_none_or(|ack| at > ack);
    let date = |at: Timestamp| tz.to_datetime(at).date();

    let spread = latest_spread(&sorted, fresh).and_then(|(e, before)| {
        Some(Worsening {
            at: e.at,
            why: format!(
                "your diary of {} has symptoms reaching the {}, further down the leg than in the two weeks before (the {} at most)",
                date(e.at),
                reach_words(e.reach?),
                reach_words(before)
            ),
        })
    });
    let weekly = weekly_rise(&sorted, tz).filter(|w| fresh(w.at));
    match (spread, weekly) {
        (Some(a), Some(b)) => Some(if a.at >= b.at { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The latest week whose mean pain (the worse of back and leg per entry)
/// is up on the week before by 2 points or more; `at` is the entry at which
/// the week's running mean first got there. Only the 2-point rule pauses:
/// the 30% rule alone would pause the program for a 2 → 3 week, which on
/// whole-number scores is within rating noise.
fn weekly_rise(sorted: &[&PainEntry], tz: &TimeZone) -> Option<Worsening> {
    let mut weeks: Vec<Week> = Vec::new();
    for e in sorted {
        let Some(p) = e.back.max(e.leg) else { continue };
        let d = tz.to_datetime(e.at).date();
        let Ok(monday) = d.iso_week_date().first_of_week() else {
            continue;
        };
        let n = crate::analytics::day_number(monday.date());
        match weeks.last_mut() {
            Some((m, _, list)) if *m == n => list.push((e.at, f64::from(p.get()))),
            _ => weeks.push((n, monday.date(), vec![(e.at, f64::from(p.get()))])),
        }
    }
    const EPS: f64 = 1e-9;
    let important = |from: f64, to: f64| to - from >= IMPORTANT_POINTS - EPS;
    weeks.windows(2).rev().find_map(|w| {
        let [(m0, _, before), (m1, monday, now)] = w else {
            return None;
        };
        if m1 - m0 > WEEK_PAIR_DAYS {
            return None;
        }
        let from = before.iter().map(|(_, p)| p).sum::<f64>() / before.len() as f64;
        let mut sum = 0.0;
        now.iter().enumerate().find_map(|(i, (at, p))| {
            sum += p;
            let to = sum / (i + 1) as f64;
            important(from, to).then(|| Worsening {
                at: *at,
                why: format!(
                    "your pain in the week of {monday} is up on the week before ({from:.1} → {to:.1} out of 10), a change of the size people usually notice"
                ),
            })
        })
    })
}

/// Monday's day number, Monday, the week's entries in time order with their
/// headline score.
type Week = (i32, jiff::civil::Date, Vec<(Timestamp, f64)>);

fn reach_words(r: Reach) -> &'static str {
    match r {
        Reach::Back => "back",
        Reach::Buttock => "buttock",
        Reach::Thigh => "thigh",
        Reach::BelowKnee => "leg below the knee",
        Reach::Foot => "foot",
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::analytics::testkit::*;

    fn at_day(n: i64) -> Timestamp {
        ts("2026-11-02T09:00:00Z") + SignedDuration::from_hours(24 * n)
    }

    fn reaching(n: i64, r: Reach, leg: u8) -> PainEntry {
        PainEntry {
            leg: Some(pain(leg)),
            ..reach(at_day(n), r)
        }
    }

    #[test]
    fn reaching_further_down_than_in_the_two_weeks_before_is_a_worsening() {
        let entries = [
            reaching(0, Reach::Thigh, 3),
            PainEntry {
                at: at_day(0) + SignedDuration::from_hours(1),
                ..reaching(0, Reach::Foot, 3)
            },
        ];
        let w = diary_worsening(&entries, &TimeZone::UTC, None).expect("spreading");
        assert_eq!(w.at, entries[1].at);
        assert!(
            w.why.contains("reaching the foot") && w.why.contains("the thigh at most"),
            "{}",
            w.why
        );
        // Acknowledged after it: lifted; before it: not.
        assert_eq!(
            diary_worsening(&entries, &TimeZone::UTC, Some(entries[1].at)),
            None
        );
        assert!(diary_worsening(&entries, &TimeZone::UTC, Some(entries[0].at)).is_some());
        // Retreating, the same reach, or nothing to compare with: no worsening.
        let up = [reaching(0, Reach::Foot, 3), reaching(1, Reach::Thigh, 3)];
        assert_eq!(diary_worsening(&up, &TimeZone::UTC, None), None);
        let same = [reaching(0, Reach::Thigh, 3), reaching(1, Reach::Thigh, 3)];
        assert_eq!(diary_worsening(&same, &TimeZone::UTC, None), None);
        let far = [reaching(0, Reach::Thigh, 3), reaching(20, Reach::Foot, 3)];
        assert_eq!(diary_worsening(&far, &TimeZone::UTC, None), None);
        assert_eq!(spread_beyond(&far, &far[1]), None);
        assert_eq!(spread_beyond(&entries, &entries[1]), Some(Reach::Thigh));
    }

    #[test]
    fn the_one_pass_finds_the_spread_the_per_entry_rule_finds() {
        // Random diaries (reaches, gaps of hours to weeks, equal times,
        // entries without a reach), against spread_beyond entry by entry.
        let mut rng = fastrand::Rng::with_seed(14);
        let reaches: Vec<Option<Reach>> =
            Reach::ALL.iter().copied().map(Some).chain([None]).collect();
        let mut spreads = 0;
        for _ in 0..400 {
            let mut at = at_day(0);
            let diary: Vec<PainEntry> = (0..rng.usize(0..40))
                .map(|_| {
                    at += SignedDuration::from_hours(
                        rng.choice([0, 1, 12, 24, 72, 200, 340]).unwrap(),
                    );
                    PainEntry {
                        reach: reaches[rng.usize(0..reaches.len())],
                        ..entry(at, None, Some(3))
                    }
                })
                .collect();
            let mut sorted: Vec<&PainEntry> = diary.iter().collect();
            sorted.sort_by_key(|e| e.at);
            let ack =
                (!diary.is_empty() && rng.bool()).then(|| diary[rng.usize(0..diary.len())].at);
            let fresh = |t: Timestamp| ack.is_none_or(|a| t > a);
            let naive = sorted
                .iter()
                .rev()
                .take_while(|e| fresh(e.at))
                .find_map(|e| Some((e.at, spread_beyond(&diary, e)?)));
            let fast = latest_spread(&sorted, fresh).map(|(e, before)| (e.at, before));
            assert_eq!(fast, naive, "{diary:?} acknowledged {ack:?}");
            spreads += usize::from(naive.is_some());
        }
        assert!(spreads > 100, "the diaries exercise the rule: {spreads}");
    }

    #[test]
    fn a_week_up_by_an_important_change_is_a_worsening() {
        // Monday 2026-11-02 week at 3/10, the next week 3 then 7 (mean 5).
        let mut entries: Vec<_> = (0..3).map(|n| entry(at_day(n), None, Some(3))).collect();
        entries.push(entry(at_day(7), None, Some(3)));
        entries.push(entry(at_day(8), None, Some(7)));
        let w = diary_worsening(&entries, &TimeZone::UTC, None).expect("weekly rise");
        assert_eq!(w.at, at_day(8), "the running mean reaches 5.0 on day 8");
        assert!(
            w.why.contains("week of 2026-11-09") && w.why.contains("3.0 → 5.0"),
            "{}",
            w.why
        );
        // One point up from 3 (33%) does not pause.
        let mut small: Vec<_> = (0..3).map(|n| entry(at_day(n), None, Some(3))).collect();
        small.push(entry(at_day(7), None, Some(4)));
        assert_eq!(diary_worsening(&small, &TimeZone::UTC, None), None);
        // Weeks more than a fortnight apart are not compared.
        let mut gap: Vec<_> = (0..3).map(|n| entry(at_day(n), None, Some(3))).collect();
        gap.push(entry(at_day(21), None, Some(8)));
        assert_eq!(diary_worsening(&gap, &TimeZone::UTC, None), None);
        // Lower the next week: fine.
        let mut better: Vec<_> = (0..3).map(|n| entry(at_day(n), None, Some(6))).collect();
        better.push(entry(at_day(7), None, Some(2)));
        assert_eq!(diary_worsening(&better, &TimeZone::UTC, None), None);
    }
}
