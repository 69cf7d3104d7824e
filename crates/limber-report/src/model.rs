//! What the report shows, already computed: the caller fills it from the
//! store and the core's analytics; the renderer only lays it out.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime};
use limber_core::ExerciseId;
use limber_core::analytics::Stats;
use limber_core::plan::Routine;
use limber_core::trial::TrialReport;

/// The charts of daily data cover this many days up to today, so the
/// report stays small and quick however long the history is; the weekly
/// trend and every figure in the summary cover the whole history.
pub const WINDOW_DAYS: i32 = 182;

/// One diary entry's scores, at its local time.
#[derive(Debug, Clone, PartialEq)]
pub struct PainPoint {
    pub at: DateTime,
    pub back: Option<u8>,
    pub leg: Option<u8>,
}

/// One day of the adherence calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: Date,
    /// Sessions started that day.
    pub sessions: usize,
    /// Any of them ended by a safety stop, or had a stopped hold.
    pub stopped: bool,
}

/// Where symptoms reached in one ISO week: entries per reach, from the
/// back (index 0) to the foot (index 4), in `Reach::ALL` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionWeek {
    pub week: String,
    pub start: Date,
    pub counts: [usize; 5],
}

/// A hold ended by a stop rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub date: Date,
    pub exercise: ExerciseId,
    pub reason: String,
}

/// An n-of-1 trial and what it showed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialResult {
    pub report: TrialReport,
    /// Still running on the report's day.
    pub running: bool,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    /// The report's day, in the user's time zone.
    pub today: Date,
    pub timezone: String,
    /// The day of the first record, if any.
    pub first_day: Option<Date>,
    /// The first day the charts of daily data show: [`WINDOW_DAYS`] before
    /// `today`, or the first record's day when that is later.
    pub window_start: Date,
    pub total_entries: usize,
    /// `limber stats` in full: every figure the report states comes from here.
    pub stats: Stats,
    /// Diary entries from `window_start` to `today`, oldest first.
    pub points: Vec<PainPoint>,
    /// Every day from `window_start` to `today`, oldest first.
    pub calendar: Vec<CalendarDay>,
    /// ISO weeks from `window_start` to `today` with a reach logged.
    pub regions: Vec<RegionWeek>,
    /// The routine `limber start` would run now (floor, after a run).
    pub routine: Option<Routine>,
    /// Why no routine could be planned, when none could.
    pub routine_note: Option<String>,
    /// Stopped holds, newest first (at most [`MAX_STOPS`]).
    pub stops: Vec<Stop>,
    /// Stopped holds in the whole history.
    pub total_stops: usize,
    pub trials: Vec<TrialResult>,
    /// Running next to the diary (`analytics::running`); `None` before the
    /// first imported run.
    pub running: Option<limber_core::analytics::running::Running>,
    /// Display names of exercises (the names from the original post).
    pub names: BTreeMap<ExerciseId, String>,
}

/// The stops table lists at most this many, newest first.
pub const MAX_STOPS: usize = 20;

impl ReportData {
    /// The name to show for an exercise.
    pub fn name(&self, id: &ExerciseId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// The window's first day for a report on `today` whose records start
    /// on `first_day`.
    pub fn window_for(today: Date, first_day: Option<Date>) -> Date {
        let earliest = today
            .checked_sub(jiff::Span::new().days(WINDOW_DAYS - 1))
            .unwrap_or(today);
        first_day.map_or(today, |f| f.clamp(earliest, today))
    }
}
