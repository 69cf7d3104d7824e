//! iCalendar (RFC 5545) export: the stretching reminder as a recurring
//! event with an alarm, and past sessions as events, for any calendar app.
//!
//! Hand-written (the format is small): CRLF line ends, TEXT escaping, and
//! lines folded at 75 octets without splitting a UTF-8 character. The
//! reminder uses floating local time (no zone), so "18:00" stays 18:00
//! wherever the calendar is; sessions are in UTC.

use std::fmt::Write;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use limber_core::ExerciseId;
use limber_core::diary::{Outcome, SessionStatus};
use limber_core::profile::{Day, Reminder};

use super::backup::Backup;

/// How long the reminder's calendar slot is.
pub const REMINDER_MINUTES: u32 = 10;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (§3.1), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The first day on or after `from` that is one of `days`.
fn first_day(from: Date, days: &[Day]) -> Date {
    let mut d = from;
    for _ in 0..7 {
        if days.iter().any(|x| x.weekday() == d.weekday()) {
            return d;
        }
        d = d.tomorrow().unwrap_or(d);
    }
    from
}

fn reminder(out: &mut String, r: &Reminder, tz: &TimeZone) {
    let start = first_day(tz.to_datetime(r.since).date(), &r.days);
    let rule = if r.days.len() == 7 {
        "RRULE:FREQ=DAILY".to_string()
    } else {
        // MO, TU, … SU: the first two letters of each day's name.
        let days: Vec<String> = r
            .days
            .iter()
            .map(|d| d.as_str()[..2].to_ascii_uppercase())
            .collect();
        format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(","))
    };
    line(out, "BEGIN:VEVENT");
    line(out, "UID:reminder@limber");
    line(out, &format!("DTSTAMP:{}", utc(r.since)));
    line(
        out,
        &format!(
            "DTSTART:{}T{}",
            start.strftime("%Y%m%d"),
            r.at.strftime("%H%M%S")
        ),
    );
    line(out, &format!("DURATION:PT{REMINDER_MINUTES}M"));
    line(out, &rule);
    line(out, "SUMMARY:Stretching cool-down (limber)");
    line(
        out,
        &format!(
            "DESCRIPTION:{}",
            text(
                "Time for your gentle stretches: run `limber start`. Move gently and stop if pain spreads down your leg."
            )
        ),
    );
    line(out, "TRANSP:TRANSPARENT");
    line(out, "BEGIN:VALARM");
    line(out, "ACTION:DISPLAY");
    line(out, "TRIGGER:PT0M");
    line(
        out,
        &format!("DESCRIPTION:{}", text("Stretching cool-down (limber)")),
    );
    line(out, "END:VALARM");
    line(out, "END:VEVENT");
}

/// The calendar: the reminder (when set) and every session that has an end.
/// `names` gives an exercise's display name; `tz` the user's zone (the
/// reminder's first day).
pub fn calendar(backup: &Backup, names: &dyn Fn(&ExerciseId) -> String, tz: &TimeZone) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//limber//stretching and pain diary//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "X-WR-CALNAME:limber");
    if let Some(r) = &backup.settings.reminder {
        reminder(&mut out, r, tz);
    }
    for s in &backup.sessions {
        let Some(end) = s.ended_at else { continue };
        let status = match s.status {
            SessionStatus::Completed => "completed",
            SessionStatus::Partial => "ended early",
            SessionStatus::Stopped => "ended by a safety stop",
        };
        let mut done: Vec<String> = Vec::new();
        for st in s.steps.iter().filter(|st| st.outcome == Outcome::Done) {
            let name = names(&st.exercise);
            if !done.contains(&name) {
                done.push(name);
            }
        }
        let mut desc = String::new();
        let _ = write!(desc, "{} ({status}).", s.program);
        if !done.is_empty() {
            let _ = write!(desc, "\nDone: {}.", done.join(", "));
        }
        if let (Some(b), Some(a)) = (s.pain_before, s.pain_after) {
            let _ = write!(desc, "\nPain {} before, {} after.", b.get(), a.get());
        }
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:session-{}@limber", s.id));
        line(&mut out, &format!("DTSTAMP:{}", utc(end)));
        line(&mut out, &format!("DTSTART:{}", utc(s.started_at)));
        line(&mut out, &format!("DTEND:{}", utc(end.max(s.started_at))));
        line(
            &mut out,
            &format!("SUMMARY:{}", text(&format!("Stretching session: {status}"))),
        );
        line(&mut out, &format!("DESCRIPTION:{}", text(&desc)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use limber_core::profile::Day;
    use limber_testutil::history::{six_weeks, tz};

    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "é".repeat(60));
        line(&mut out, &long);
        for l in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        // Unfolding (drop CRLF + one space) gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn the_reminder_recurs_on_its_days_with_an_alarm() {
        let mut h = six_weeks();
        h.profile.reminder = Some(Reminder {
            at: jiff::civil::time(18, 0, 0, 0),
            days: vec![Day::Mon, Day::Wed, Day::Fri],
            // A Tuesday: the first reminder is the Wednesday after.
            since: "2026-11-24T10:00:00Z".parse().unwrap(),
        });
        let b = Backup {
            settings: h.profile,
            screens: h.screens,
            sessions: h.sessions,
            pain_entries: h.entries,
            runs: h.runs,
        };
        let cal = calendar(&b, &|id| id.to_string(), &tz());
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(cal.contains("DTSTART:20261125T180000\r\n"), "{cal}");
        assert!(cal.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"));
        assert!(cal.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT0M\r\n"));
        // 36 sessions plus the reminder.
        assert_eq!(cal.matches("BEGIN:VEVENT").count(), 37);
        assert!(cal.contains("SUMMARY:Stretching session: ended by a safety stop"));
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
    }
}
