//! Per-user settings and state that outlive a session.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::ExerciseId;
use crate::trial::Trial;

/// What limber keeps about a user between runs, besides their records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// IANA time zone that decides diary days; the system zone when unset.
    pub timezone: Option<String>,
    /// Counts per second; the default pace when unset.
    pub pace: Option<f64>,
    /// Speak the cues during a session (the web app's setting); off when
    /// unset.
    pub voice: Option<bool>,
    /// Opt-in exercises the user has enabled, with their progression level.
    pub enabled: BTreeMap<ExerciseId, u32>,
    /// When each enabled exercise reached its current level: only sessions
    /// since then count towards the next.
    pub level_since: BTreeMap<ExerciseId, Timestamp>,
    /// Aggravating marks the user cleared, and when: stops before this
    /// instant no longer count towards marking the exercise aggravating.
    pub cleared_aggravating: BTreeMap<ExerciseId, Timestamp>,
    /// Set when the user reports new symptoms that need the screen again.
    pub rescreen_requested: Option<Timestamp>,
    /// When red-flag symptoms were reported during a session: sessions are
    /// locked, as after an emergency answer, until the screen is answered again.
    pub red_flag_reported: Option<Timestamp>,
    /// The day the next-morning question was last asked, so it is asked once.
    pub morning_asked: Option<jiff::civil::Date>,
    /// When the user acknowledged a next-morning pause and chose to go on.
    pub morning_pause_acknowledged: Option<Timestamp>,
    /// When the user acknowledged a worsening diary's pause and chose to go on.
    pub diary_pause_acknowledged: Option<Timestamp>,
    /// When the first-run notice (disclaimer) was shown.
    pub disclaimer_shown: Option<Timestamp>,
    /// The running n-of-1 trial, if any.
    pub trial: Option<Trial>,
    /// The stretching reminder `limber remind set` asks calendars for.
    pub reminder: Option<Reminder>,
    /// Trials ended with `limber trial stop`, oldest first, so their
    /// results can still be read.
    pub past_trials: Vec<Trial>,
    /// The user's own program's TOML, saved only when it checked without
    /// errors; plans follow the default program when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Pauses and marks the diary rules found that stay until the user
    /// acts, kept so a command reads only the recent diary. `None` until
    /// first worked out (a profile from before limber kept them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<crate::safety::standing::Standing>,
}

/// A recurring reminder to stretch, at a local time on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Local wall-clock time (floating: it follows the user across zones).
    pub at: jiff::civil::Time,
    /// The days it repeats on, Monday first; every day when all seven.
    pub days: Vec<Day>,
    /// When it was set: the calendar event's first day and stamp.
    pub since: Timestamp,
}

/// A day of the week. JSON and `--days`: `mon` … `sun`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: &'static [Day] = <Day as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn weekday(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday::*;
        [
            Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
        ][self as usize]
    }

    /// Parses `mon,wed,fri` (any case, spaces allowed) into sorted, unique
    /// days; `daily` means all seven.
    pub fn parse_list(s: &str) -> Result<Vec<Day>, String> {
        if s.trim().eq_ignore_ascii_case("daily") {
            return Ok(Day::ALL.to_vec());
        }
        let mut days = Vec::new();
        for part in s.split(',') {
            let p = part.trim().to_ascii_lowercase();
            let day = p.parse::<Day>().map_err(|_| {
                format!(
                    "unknown day {:?}: use mon, tue, wed, thu, fri, sat, sun, or daily",
                    part.trim()
                )
            })?;
            days.push(day);
        }
        days.sort();
        days.dedup();
        Ok(days)
    }
}

#[cfg(test)]
mod day_tests {
    use super::Day;

    #[test]
    fn day_lists_parse_sorted_and_refuse_unknown_names() {
        assert_eq!(
            Day::parse_list("fri, MON,wed,mon"),
            Ok(vec![Day::Mon, Day::Wed, Day::Fri])
        );
        assert_eq!(Day::parse_list("daily").unwrap().len(), 7);
        assert!(
            Day::parse_list("mon,funday")
                .unwrap_err()
                .contains("\"funday\"")
        );
        assert!(Day::parse_list("").is_err());
    }
}
