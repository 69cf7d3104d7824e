//! The next-morning check (clinical-notes.md §2, "App stop logic"): how
//! the mornings after sessions compare with the user's baseline, and
//! whether this run should ask about this morning.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::standing::Finding;
use crate::analytics::{date_of_day, day_number};
use crate::diary::{PainEntry, SessionRecord};

/// The next-morning advice looks at post-session mornings this recent
/// (today and the 6 days before).
pub const MORNING_ADVICE_DAYS: i32 = 7;
/// "Twice in a row" needs the two post-session mornings this close together.
pub const MORNING_PAIR_DAYS: i32 = 14;
/// The morning baseline averages morning entries from this many days before
/// the session being judged.
pub const MORNING_BASELINE_DAYS: i32 = 28;
/// A morning score counts as above baseline when it exceeds the baseline
/// mean by more than this (so a score equal to a whole-number baseline never
/// does).
pub const MORNING_MARGIN: f64 = 0.5;

/// What the next-morning check advises. JSON: `{"advice": "normal"}`,
/// `{"advice": "lighter", "why": …}` or `{"advice": "pause", "why": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "advice", rename_all = "kebab-case")]
pub enum MorningAdvice {
    Normal,
    /// Plan a lighter session (the planner takes a rep off each exercise).
    Lighter {
        why: String,
    },
    /// Pause the program and suggest a clinician.
    Pause {
        why: String,
    },
}

#[derive(Clone, Copy)]
struct Morning {
    day: i32,
    at: Timestamp,
    /// The worse of back and leg pain.
    pain: Option<f64>,
    stiffness: Option<f64>,
}

fn mornings(entries: &[PainEntry], tz: &TimeZone, today: i32) -> Vec<Morning> {
    let mut out: Vec<Morning> = entries
        .iter()
        .filter(|e| e.morning)
        .map(|e| Morning {
            day: day_number(tz.to_datetime(e.at).date()),
            at: e.at,
            pain: e.back.max(e.leg).map(|p| f64::from(p.get())),
            stiffness: e.stiffness.map(|p| f64::from(p.get())),
        })
        .filter(|m| m.day <= today)
        .collect();
    out.sort_by_key(|m| m.at);
    out
}

/// The session a post-session morning is judged against.
#[derive(Clone, Copy)]
struct Before {
    day: i32,
    started_at: Timestamp,
    pain_before: Option<f64>,
}

/// What the morning check reads, prepared once: every morning entry, the
/// post-session mornings with their session, and the other diary entries
/// (day, instant, worse of back and leg), each sorted by time.
struct Mornings {
    all: Vec<Morning>,
    post: Vec<(Morning, Before)>,
    diary: Vec<(i32, Timestamp, f64)>,
}

impl Mornings {
    fn new(sessions: &[SessionRecord], entries: &[PainEntry], tz: &TimeZone, today: i32) -> Self {
        let day = |ts: Timestamp| day_number(tz.to_datetime(ts).date());
        let mut starts: Vec<Before> = sessions
            .iter()
            .map(|s| Before {
                day: day(s.started_at),
                started_at: s.started_at,
                pain_before: s.pain_before.map(|p| f64::from(p.get())),
            })
            .filter(|b| b.day <= today)
            .collect();
        starts.sort_unstable_by_key(|b| b.started_at);
        let last_session_on = |d: i32| {
            let i = starts.partition_point(|b| b.day <= d);
            (i > 0 && starts[i - 1].day == d).then(|| starts[i - 1])
        };
        let all = mornings(entries, tz, today);
        let mut post: Vec<(Morning, Before)> = Vec::new();
        for m in &all {
            if post.last().is_some_and(|(p, _)| p.day == m.day) {
                continue;
            }
            if let Some(b) = last_session_on(m.day - 1) {
                post.push((*m, b));
            }
        }
        let mut diary: Vec<_> = entries
            .iter()
            .filter(|e| !e.morning)
            .filter_map(|e| Some((day(e.at), e.at, f64::from(e.back.max(e.leg)?.get()))))
            .collect();
        diary.sort_unstable_by_key(|(_, at, _)| *at);
        Self { all, post, diary }
    }

    /// The baseline for mornings after the session `anchor`: pain as a mean
    /// with the words saying where it came from, and stiffness.
    ///
    /// Pain: the morning entries of the 28 days before the session; without
    /// any (the first week), the pain rated before that session; without
    /// that, the diary entries of the last day with entries before it
    /// (within the same 28 days). Stiffness: morning entries only.
    fn baseline(&self, anchor: &Before) -> (Option<(f64, String)>, Option<f64>) {
        let end = self.all.partition_point(|m| m.at < anchor.started_at);
        let window = self.all[..end]
            .iter()
            .rev()
            .take_while(|m| anchor.day - m.day <= MORNING_BASELINE_DAYS);
        let (mut pain, mut stiff) = ((0.0, 0usize), (0.0, 0usize));
        for m in window {
            if let Some(p) = m.pain {
                pain.0 += p;
                pain.1 += 1;
            }
            if let Some(s) = m.stiffness {
                stiff.0 += s;
                stiff.1 += 1;
            }
        }
        let mean = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
        let stiff = mean(stiff);
        let session_date = date_of_day(anchor.day);
        if let Some(p) = mean(pain) {
            return (Some((p, "your usual mornings".into())), stiff);
        }
        if let Some(p) = anchor.pain_before {
            return (
                Some((
                    p,
                    format!("your rating before the session on {session_date}"),
                )),
                stiff,
            );
        }
        let end = self
            .diary
            .partition_point(|(_, at, _)| *at < anchor.started_at);
        let pain = self.diary[..end].last().and_then(|&(last_day, _, _)| {
            if anchor.day - last_day > MORNING_BASELINE_DAYS {
                return None;
            }
            let same: Vec<f64> = self.diary[..end]
                .iter()
                .rev()
                .take_while(|(d, _, _)| *d == last_day)
                .map(|(_, _, p)| *p)
                .collect();
            Some((
                same.iter().sum::<f64>() / same.len() as f64,
                format!("your diary on {}", date_of_day(last_day)),
            ))
        });
        (pain, stiff)
    }

    /// Why the morning is above the baseline, if it is.
    fn above(m: &Morning, base: &(Option<(f64, String)>, Option<f64>)) -> Option<String> {
        let mut parts = Vec::new();
        if let (Some(v), Some((b, from))) = (m.pain, &base.0)
            && v > b + MORNING_MARGIN
        {
            parts.push(format!("pain {v:.0}/10, usually about {b:.1} ({from})"));
        }
        if let (Some(v), Some(b)) = (m.stiffness, base.1)
            && v > b + MORNING_MARGIN
        {
            parts.push(format!("stiffness {v:.0}/10, usually about {b:.1}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// Both mornings of the pair ending at `post[i]` (the earlier one within
    /// 14 days) above the baseline of the earlier one's session: the pause.
    fn pause_at(&self, i: usize) -> Option<String> {
        let (last, _) = self.post[i];
        let (prev, anchor) = *self.post.get(i.checked_sub(1)?)?;
        if last.day - prev.day > MORNING_PAIR_DAYS {
            return None;
        }
        let base = self.baseline(&anchor);
        Self::above(&prev, &base)?;
        let now = Self::above(&last, &base)?;
        Some(format!(
            "morning pain or stiffness was above your usual after two sessions in a row ({} and {}; latest: {now}). Pause the program and check with a clinician (physio or GP) before carrying on.",
            date_of_day(prev.day),
            date_of_day(last.day)
        ))
    }
}

/// The next-morning check (clinical-notes.md §2, rule 4).
///
/// Only entries logged as morning checks (`morning: true`) are judged. A
/// **post-session morning** is the first morning entry of a day whose
/// previous day had a session. The two latest post-session mornings are
/// judged (the earlier one only if it is within 14 days of the latest, and
/// the latest only if it is from the last 7 days).
///
/// **Baseline**: taken before the session that preceded the *earlier* of
/// the judged mornings (see `Mornings::baseline`): the mean of the morning
/// entries of the 28 days before it; in the first week, when there are none,
/// the pain rated before that session or the diary entries before it. The
/// advice says which. Pain (the worse of back and leg) and stiffness are
/// judged separately; a morning is **above** baseline when either exceeds
/// it by more than half a point.
///
/// Latest above → `Lighter`; both above → `Pause` with advice to see a
/// clinician; no baseline or no recent post-session morning → `Normal`.
/// A pause outlives this check's 7 days: see [`morning_pause`].
pub fn morning_check(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
) -> MorningAdvice {
    let t = day_number(today);
    let data = Mornings::new(sessions, entries, tz, t);
    let Some(i) = data.post.len().checked_sub(1) else {
        return MorningAdvice::Normal;
    };
    let (last, last_anchor) = data.post[i];
    if t - last.day >= MORNING_ADVICE_DAYS {
        return MorningAdvice::Normal;
    }
    if let Some(why) = data.pause_at(i) {
        return MorningAdvice::Pause { why };
    }
    // Judged against the same baseline as the pair would be.
    let anchor = i
        .checked_sub(1)
        .map(|j| data.post[j])
        .filter(|(p, _)| last.day - p.day <= MORNING_PAIR_DAYS)
        .map_or(last_anchor, |(_, a)| a);
    match Mornings::above(&last, &data.baseline(&anchor)) {
        Some(now) => MorningAdvice::Lighter {
            why: format!(
                "the morning after your last session was above your usual ({now}, {})",
                date_of_day(last.day)
            ),
        },
        None => MorningAdvice::Normal,
    }
}

/// A two-morning pause that has not been acknowledged: the latest pair of
/// post-session mornings, both above baseline, whose later morning was
/// logged after `acknowledged`. Unlike [`morning_check`]'s advice it does
/// not lapse after 7 days: it stays until the user acknowledges it.
pub fn morning_pause(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
    acknowledged: Option<Timestamp>,
) -> Option<String> {
    morning_pause_finding(sessions, entries, tz, today, acknowledged).map(|f| f.why)
}

/// [`morning_pause`] with when it was found (the later morning), so it can
/// be kept after its mornings have left the window a command reads.
pub fn morning_pause_finding(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
    acknowledged: Option<Timestamp>,
) -> Option<Finding> {
    let data = Mornings::new(sessions, entries, tz, day_number(today));
    (1..data.post.len())
        .rev()
        .take_while(|&i| acknowledged.is_none_or(|ack| data.post[i].0.at > ack))
        .find_map(|i| {
            data.pause_at(i).map(|why| Finding {
                at: data.post[i].0.at,
                why,
            })
        })
}

/// Should this run ask the next-morning question? True when yesterday (in
/// `tz`) had a session and no morning entry has been logged today.
pub fn needs_morning_question(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    tz: &TimeZone,
    today: Date,
) -> bool {
    let t = day_number(today);
    let day = |ts: Timestamp| day_number(tz.to_datetime(ts).date());
    sessions.iter().any(|s| day(s.started_at) == t - 1)
        && !entries.iter().any(|e| e.morning && day(e.at) == t)
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;
    use jiff::civil::date;

    use super::*;
    use crate::analytics::testkit::*;
    use crate::safety::testdays::{dawn, day};

    /// Morning entries (back pain, stiffness) on days 0–2 at 2/10, sessions
    /// on days 2 and 3; then the mornings of days 3 and 4 as given.
    fn mornings_after(d3: (u8, u8), d4: Option<(u8, u8)>) -> (Vec<SessionRecord>, Vec<PainEntry>) {
        let sessions = vec![session(1, day(2)), session(2, day(3))];
        let mut entries: Vec<_> = (0..3).map(|d| morning(dawn(d), 2, 2)).collect();
        entries.push(morning(dawn(3), d3.0, d3.1));
        if let Some((b, s)) = d4 {
            entries.push(morning(dawn(4), b, s));
        }
        (sessions, entries)
    }

    fn check(s: &[SessionRecord], e: &[PainEntry], today: i64) -> MorningAdvice {
        let today = date(2026, 11, 2)
            .checked_add(jiff::Span::new().days(today))
            .unwrap();
        morning_check(s, e, &TimeZone::UTC, today)
    }

    #[test]
    fn morning_above_baseline_means_lighter_then_twice_means_pause() {
        // Baseline = mean of the 3 mornings before the day-2 session = 2.
        // Day 3 (after the day-2 session): pain 5 > 2 + 0.5 → lighter.
        let (s, e) = mornings_after((5, 2), None);
        let MorningAdvice::Lighter { why } = check(&s, &e, 3) else {
            panic!("expected lighter: {:?}", check(&s, &e, 3));
        };
        assert!(why.contains("pain 5/10, usually about 2.0"), "{why}");
        // Day 4 (after the day-3 session): 4 > 2 again → pause, see a clinician.
        let (s, e) = mornings_after((5, 2), Some((4, 2)));
        let MorningAdvice::Pause { why } = check(&s, &e, 4) else {
            panic!("expected pause: {:?}", check(&s, &e, 4));
        };
        assert!(
            why.contains("clinician") && why.contains("2026-11-05"),
            "{why}"
        );
        // Day 4 back at baseline → normal.
        let (s, e) = mornings_after((5, 2), Some((2, 2)));
        assert_eq!(check(&s, &e, 4), MorningAdvice::Normal);
    }

    #[test]
    fn stiffness_counts_too_and_small_rises_and_old_mornings_do_not() {
        let (s, e) = mornings_after((2, 6), None);
        let MorningAdvice::Lighter { why } = check(&s, &e, 3) else {
            panic!("stiffness 6 over a baseline of 2 is above");
        };
        assert!(why.contains("stiffness 6/10"), "{why}");
        // Equal to baseline: normal.
        let (s, e) = mornings_after((2, 2), None);
        assert_eq!(check(&s, &e, 3), MorningAdvice::Normal);
        // Above, but a week old: no longer acted on.
        let (s, e) = mornings_after((5, 2), None);
        assert_eq!(check(&s, &e, 10), MorningAdvice::Normal);
        // No baseline at all: nothing to compare with.
        let e = vec![morning(dawn(3), 9, 9)];
        assert_eq!(check(&s, &e, 3), MorningAdvice::Normal);
        // A morning not after a session day is baseline, not a check.
        let e: Vec<_> = (0..2)
            .map(|d| morning(dawn(d), 2, 2))
            .chain([morning(dawn(2), 8, 8)])
            .collect();
        assert_eq!(check(&s[..1], &e, 2), MorningAdvice::Normal);
    }

    /// Sessions on days 2 and 3 (the first rated 2/10 before), no morning
    /// entries before them; the mornings of days 3 and 4 at `d3`, `d4`.
    fn first_week(
        pain_before: Option<u8>,
        d3: u8,
        d4: Option<u8>,
    ) -> (Vec<SessionRecord>, Vec<PainEntry>) {
        let mut first = session(1, day(2));
        first.pain_before = pain_before.map(pain);
        let sessions = vec![first, session(2, day(3))];
        let mut entries = vec![morning(dawn(3), d3, 0)];
        entries.extend(d4.map(|p| morning(dawn(4), p, 0)));
        (sessions, entries)
    }

    #[test]
    fn in_the_first_week_the_baseline_is_the_rating_before_the_session() {
        let (s, e) = first_week(Some(2), 5, None);
        let MorningAdvice::Lighter { why } = check(&s, &e, 3) else {
            panic!("expected lighter: {:?}", check(&s, &e, 3));
        };
        assert!(
            why.contains("usually about 2.0 (your rating before the session on 2026-11-04)"),
            "{why}"
        );
        let (s, e) = first_week(Some(2), 5, Some(6));
        assert!(matches!(check(&s, &e, 4), MorningAdvice::Pause { .. }));
        // At or near the rating before: nothing to advise.
        let (s, e) = first_week(Some(5), 5, None);
        assert_eq!(check(&s, &e, 3), MorningAdvice::Normal);
    }

    #[test]
    fn without_a_rating_the_baseline_is_the_diary_before_the_session() {
        let (s, mut e) = first_week(None, 5, None);
        e.push(entry(dawn(1), Some(1), Some(3)));
        e.push(entry(
            dawn(1) + SignedDuration::from_hours(2),
            Some(1),
            Some(1),
        ));
        e.push(entry(dawn(0), Some(9), None)); // an older day is not the latest
        let MorningAdvice::Lighter { why } = check(&s, &e, 3) else {
            panic!("expected lighter: {:?}", check(&s, &e, 3));
        };
        assert!(
            why.contains("usually about 2.0 (your diary on 2026-11-03)"),
            "{why}"
        );
    }

    #[test]
    fn the_two_morning_pause_stays_until_acknowledged() {
        let (s, e) = mornings_after((5, 2), Some((4, 2)));
        let today = |n: i64| {
            date(2026, 11, 2)
                .checked_add(jiff::Span::new().days(n))
                .unwrap()
        };
        let pause =
            |n: i64, ack: Option<Timestamp>| morning_pause(&s, &e, &TimeZone::UTC, today(n), ack);
        // The daily advice lapses after a week; the pause does not.
        assert_eq!(check(&s, &e, 20), MorningAdvice::Normal);
        let why = pause(20, None).expect("still paused on day 20");
        assert!(
            why.contains("clinician") && why.contains("2026-11-06"),
            "{why}"
        );
        assert!(pause(4, None).is_some());
        // Acknowledged after the second morning: lifted.
        assert_eq!(
            pause(20, Some(dawn(4) + SignedDuration::from_hours(1))),
            None
        );
        // Acknowledged before it: still paused.
        assert!(pause(20, Some(dawn(4) - SignedDuration::from_hours(1))).is_some());
    }

    #[test]
    fn the_morning_question_is_asked_once_after_a_session_day() {
        let today = date(2026, 11, 5); // day 3
        let sessions = [session(1, day(2))];
        assert!(needs_morning_question(
            &sessions,
            &[],
            &TimeZone::UTC,
            today
        ));
        let answered = [morning(dawn(3), 3, 3)];
        assert!(!needs_morning_question(
            &sessions,
            &answered,
            &TimeZone::UTC,
            today
        ));
        // A plain (not morning) entry does not answer it.
        let plain = [entry(dawn(3), Some(3), None)];
        assert!(needs_morning_question(
            &sessions,
            &plain,
            &TimeZone::UTC,
            today
        ));
        // No session yesterday: no question.
        let older = [session(1, day(1))];
        assert!(!needs_morning_question(&older, &[], &TimeZone::UTC, today));
    }
}
