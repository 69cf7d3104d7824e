//! A worsening diary (clinical-notes §2 rule 4, "a worsening weekly trend"):
//! symptoms reaching further down the leg than in the two weeks before, or
//! a week's pain up by a clinically important change on the week before.
//! Either pauses the program, with the advice to see a clinician, until the
//! user acknowledges it. Pure functions of the diary and the time zone.
//!
//! Both rules read the diary as moments ([`Moment`]): entries made at the
//! same instant count together, since nothing says which came first.
//! [`Scan`] reads moments one at a time and keeps only what the rules
//! need of the past, so a server can check each posted entry in constant
//! time rather than reading the whole window again.

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

/// Everything the diary holds for one instant: entries made at the same
/// moment count together, so their order (which the diary does not know)
/// cannot decide a pause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    pub at: Timestamp,
    /// The furthest reach given at this moment.
    pub reach: Option<Reach>,
    /// Headline scores (the worse of back and leg) given, and their sum:
    /// whole numbers, so a mean comes out the same in any order.
    pub scored: u32,
    pub score_sum: u32,
}

impl Moment {
    pub fn of(e: &PainEntry) -> Self {
        let score = e.back.max(e.leg);
        Self {
            at: e.at,
            reach: e.reach,
            scored: u32::from(score.is_some()),
            score_sum: score.map_or(0, |p| u32::from(p.get())),
        }
    }

    /// Adds an entry made at the same moment.
    pub fn add(&mut self, e: &PainEntry) {
        debug_assert_eq!(e.at, self.at);
        let other = Self::of(e);
        self.reach = self.reach.max(other.reach);
        self.scored += other.scored;
        self.score_sum += other.score_sum;
    }
}

/// The diary's moments in time order, from entries in any order.
pub fn moments(entries: &[PainEntry]) -> Vec<Moment> {
    let mut sorted: Vec<&PainEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let mut out: Vec<Moment> = Vec::new();
    for e in sorted {
        match out.last_mut() {
            Some(m) if m.at == e.at => m.add(e),
            _ => out.push(Moment::of(e)),
        }
    }
    out
}

/// The furthest reaches of the two weeks before the latest moment, as a
/// queue with reaches falling and times rising: a reach is dropped once a
/// later moment reaches as far, since it can no longer be the furthest.
/// There are five reaches, so it holds at most five.
#[derive(Debug, Clone, Copy, Default)]
struct Peaks {
    items: [(Timestamp, Option<Reach>); 5],
    len: usize,
}

impl Peaks {
    fn push(&mut self, at: Timestamp, reach: Reach) {
        while self.len > 0 && self.items[self.len - 1].1 <= Some(reach) {
            self.len -= 1;
        }
        self.items[self.len] = (at, Some(reach));
        self.len += 1;
    }

    /// Drops the reaches more than the window before `at`.
    fn keep_from(&mut self, at: Timestamp, window: jiff::SignedDuration) {
        let gone = self.items[..self.len]
            .iter()
            .take_while(|(t, _)| at.duration_since(*t) > window)
            .count();
        self.items.copy_within(gone..self.len, 0);
        self.len -= gone;
    }

    fn furthest(&self) -> Option<Reach> {
        self.items[..self.len].first().and_then(|(_, r)| *r)
    }
}

/// The week the latest scored moment fell in.
#[derive(Debug, Clone, Copy)]
struct Week {
    /// Monday's day number, and Monday.
    number: i32,
    monday: jiff::civil::Date,
    scored: u32,
    score_sum: u32,
    /// Its running mean has risen by a clinically important change.
    risen: bool,
}

impl Week {
    fn mean(&self) -> f64 {
        f64::from(self.score_sum) / f64::from(self.scored)
    }
}

/// The diary read one moment at a time, in time order: what the two
/// worsening rules need of everything before, kept small (a handful of
/// reaches, two weeks' sums), so that the moment after the latest costs
/// the same however long the diary is, and a copy is cheap. A server
/// keeps one per user and pushes each entry posted; `diary_worsening`
/// pushes the whole diary. Either way the rules are these.
#[derive(Debug, Clone)]
pub struct Scan {
    tz: TimeZone,
    /// Reaches of the moments before `last`, within the spread window.
    peaks: Peaks,
    last: Option<Moment>,
    week: Option<Week>,
    /// The week with scores before `week`: its Monday's number and mean.
    previous_week: Option<(i32, f64)>,
    /// The latest moment reaching further than the two weeks before it:
    /// when, how far, and how far before.
    spread: Option<(Timestamp, Reach, Reach)>,
    /// The latest week whose running mean rose by a clinically important
    /// change on the week before: when it first got there, the week's
    /// Monday, the week before's mean and the running mean then.
    rise: Option<(Timestamp, jiff::civil::Date, f64, f64)>,
    /// The later of the two, worded: worded again only when either
    /// changes, since every entry a server checks asks for it.
    found: Option<Worsening>,
}

impl Scan {
    pub fn new(tz: TimeZone) -> Self {
        Self {
            tz,
            peaks: Peaks::default(),
            last: None,
            week: None,
            previous_week: None,
            spread: None,
            rise: None,
            found: None,
        }
    }

    /// The instant of the latest moment pushed.
    pub fn last_at(&self) -> Option<Timestamp> {
        self.last.map(|m| m.at)
    }

    /// Takes the next moment, which must be later than every moment
    /// pushed before (merge entries of one instant into one [`Moment`]
    /// first); returns the furthest reach of the 14 days before it.
    pub fn push(&mut self, m: Moment) -> Option<Reach> {
        let window = jiff::SignedDuration::from_hours(24 * SPREAD_WINDOW_DAYS);
        if let Some(last) = self.last {
            debug_assert!(last.at < m.at, "moments in time order");
            if let Some(r) = last.reach {
                self.peaks.push(last.at, r);
            }
        }
        self.peaks.keep_from(m.at, window);
        let before = self.peaks.furthest();
        let (spread, rise) = (self.spread, self.rise);
        if let (Some(reach), Some(b)) = (m.reach, before)
            && reach > b
        {
            self.spread = Some((m.at, reach, b));
        }
        self.weekly(&m);
        self.last = Some(m);
        if self.spread != spread || self.rise != rise {
            self.found = self.word();
        }
        before
    }

    /// A week's mean pain (the worse of back and leg per entry) up on the
    /// week before by 2 points or more, checked after each moment. Only
    /// the 2-point rule pauses: the 30% rule alone would pause the program
    /// for a 2 → 3 week, which on whole-number scores is within rating
    /// noise.
    fn weekly(&mut self, m: &Moment) {
        if m.scored == 0 {
            return;
        }
        let d = self.tz.to_datetime(m.at).date();
        let Ok(monday) = d.iso_week_date().first_of_week() else {
            return;
        };
        let number = crate::analytics::day_number(monday.date());
        let week = match &mut self.week {
            Some(w) if w.number == number => {
                w.scored += m.scored;
                w.score_sum += m.score_sum;
                w
            }
            _ => {
                self.previous_week = self.week.map(|w| (w.number, w.mean()));
                self.week.insert(Week {
                    number,
                    monday: monday.date(),
                    scored: m.scored,
                    score_sum: m.score_sum,
                    risen: false,
                })
            }
        };
        const EPS: f64 = 1e-9;
        if let Some((before, from)) = self.previous_week
            && !week.risen
            && week.number - before <= WEEK_PAIR_DAYS
        {
            let to = week.mean();
            if to - from >= IMPORTANT_POINTS - EPS {
                week.risen = true;
                self.rise = Some((m.at, week.monday, from, to));
            }
        }
    }

    /// The latest worsening logged after `acknowledged` (any when `None`).
    /// The later of the two rules' findings, kept if it came after the
    /// acknowledgement: when it did not, the other came no later, so
    /// nothing after the acknowledgement remains.
    pub fn latest(&self, acknowledged: Option<Timestamp>) -> Option<Worsening> {
        self.found
            .as_ref()
            .filter(|w| acknowledged.is_none_or(|ack| w.at > ack))
            .cloned()
    }

    /// The later of the spread and the rise (the spread on a tie), worded.
    fn word(&self) -> Option<Worsening> {
        let date = |at: Timestamp| self.tz.to_datetime(at).date();
        let spread = self.spread.map(|(at, reach, before)| Worsening {
            at,
            why: format!(
                "your diary of {} has symptoms reaching the {}, further down the leg than in the two weeks before (the {} at most)",
                date(at),
                reach_words(reach),
                reach_words(before)
            ),
        });
        let weekly = self.rise.map(|(at, monday, from, to)| Worsening {
            at,
            why: format!(
                "your pain in the week of {monday} is up on the week before ({from:.1} → {to:.1} out of 10), a change of the size people usually notice"
            ),
        });
        match (spread, weekly) {
            (Some(a), Some(b)) => Some(if a.at >= b.at { a } else { b }),
            (a, b) => a.or(b),
        }
    }
}

/// The latest worsening of the diary logged after `acknowledged` (all of
/// them when `None`), if any.
pub fn diary_worsening(
    entries: &[PainEntry],
    tz: &TimeZone,
    acknowledged: Option<Timestamp>,
) -> Option<Worsening> {
    let mut scan = Scan::new(tz.clone());
    for m in moments(entries) {
        scan.push(m);
    }
    scan.latest(acknowledged)
}

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
    fn the_scan_finds_the_spread_the_per_entry_rule_finds() {
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
            let mut scan = Scan::new(TimeZone::UTC);
            for m in moments(&diary) {
                scan.push(m);
            }
            let fast = scan
                .spread
                .filter(|(at, _, _)| fresh(*at))
                .map(|(at, _, before)| (at, before));
            assert_eq!(fast, naive, "{diary:?} acknowledged {ack:?}");
            spreads += usize::from(naive.is_some());
        }
        assert!(spreads > 100, "the diaries exercise the rule: {spreads}");
    }

    #[test]
    fn entries_made_at_the_same_moment_count_together_in_any_order() {
        // A week at 2/10, then a moment with a 10 and a 0: the week's mean
        // after that moment is 5.0, up 3. Entry by entry, their order
        // (which nothing records) would decide whether it said 10.0 or 5.0.
        let base: Vec<_> = (0..3).map(|n| entry(at_day(n), None, Some(2))).collect();
        let moment = at_day(8);
        let high = PainEntry {
            reach: Some(Reach::Foot),
            ..entry(moment, None, Some(10))
        };
        let low = PainEntry {
            reach: Some(Reach::Thigh),
            ..entry(moment, None, Some(0))
        };
        let mut one = base.clone();
        one.extend([high.clone(), low.clone()]);
        let mut other = base;
        other.extend([low, high]);
        let a = diary_worsening(&one, &TimeZone::UTC, None).expect("a rise");
        assert_eq!(
            diary_worsening(&other, &TimeZone::UTC, None),
            Some(a.clone())
        );
        assert!(a.why.contains("2.0 → 5.0"), "{}", a.why);
        // The moment holds both: the furthest reach, both scores.
        let moments = moments(&one);
        assert_eq!(moments.len(), 4);
        assert_eq!(moments[3].scored, 2);
        assert_eq!(moments[3].score_sum, 10);
        assert_eq!(moments[3].reach, Some(Reach::Foot));
    }

    #[test]
    fn pushing_moment_by_moment_answers_as_the_whole_diary_at_every_step() {
        let mut rng = fastrand::Rng::with_seed(7);
        let reaches: Vec<Option<Reach>> =
            Reach::ALL.iter().copied().map(Some).chain([None]).collect();
        for _ in 0..100 {
            let mut at = at_day(0);
            let diary: Vec<PainEntry> = (0..rng.usize(0..60))
                .map(|_| {
                    at += SignedDuration::from_hours(rng.choice([0, 3, 24, 72, 200]).unwrap());
                    PainEntry {
                        reach: reaches[rng.usize(0..reaches.len())],
                        ..entry(at, rng.bool().then(|| rng.u8(0..=10)), Some(rng.u8(0..=10)))
                    }
                })
                .collect();
            let tz = TimeZone::get("Europe/London").unwrap();
            let mut scan = Scan::new(tz.clone());
            let all = moments(&diary);
            for (i, m) in all.iter().enumerate() {
                let before = scan.push(*m);
                let upto: Vec<PainEntry> = diary.iter().filter(|e| e.at <= m.at).cloned().collect();
                assert_eq!(scan.latest(None), diary_worsening(&upto, &tz, None), "{i}");
                let probe = PainEntry {
                    at: m.at,
                    reach: Some(Reach::Foot),
                    ..diary[0].clone()
                };
                let expected = spread_beyond(&diary, &probe).or_else(|| {
                    // spread_beyond answers only when the probe spreads:
                    // the furthest reach before it is then the answer.
                    diary
                        .iter()
                        .filter(|e| {
                            e.at < m.at
                                && m.at.duration_since(e.at)
                                    <= SignedDuration::from_hours(24 * SPREAD_WINDOW_DAYS)
                        })
                        .filter_map(|e| e.reach)
                        .max()
                });
                assert_eq!(before, expected, "{i}");
            }
        }
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
