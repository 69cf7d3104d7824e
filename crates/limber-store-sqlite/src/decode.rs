//! Reading stored columns back into limber's types, naming the table and
//! row of anything unreadable.

use jiff::Timestamp;
use limber_core::{ExerciseId, PainScore};
use limber_store::{Result, StoreError};

pub(crate) struct Decode<'a> {
    pub(crate) table: &'static str,
    pub(crate) row: &'a dyn std::fmt::Display,
}

impl Decode<'_> {
    pub(crate) fn corrupt(&self, what: std::fmt::Arguments<'_>) -> StoreError {
        StoreError::Corrupt(format!("{} row {}: {what}", self.table, self.row))
    }

    pub(crate) fn time(&self, column: &str, value: i64) -> Result<Timestamp> {
        Timestamp::from_millisecond(value)
            .map_err(|e| self.corrupt(format_args!("{column} {value} is not a time: {e}")))
    }

    pub(crate) fn opt_time(&self, column: &str, value: Option<i64>) -> Result<Option<Timestamp>> {
        value.map(|v| self.time(column, v)).transpose()
    }

    pub(crate) fn pain(&self, column: &str, value: i64) -> Result<PainScore> {
        PainScore::new(value).map_err(|e| self.corrupt(format_args!("{column}: {e}")))
    }

    pub(crate) fn flag(&self, column: &str, value: i64) -> Result<bool> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.corrupt(format_args!("{column} {other} is not 0 or 1"))),
        }
    }

    pub(crate) fn opt_pain(&self, column: &str, value: Option<i64>) -> Result<Option<PainScore>> {
        value.map(|v| self.pain(column, v)).transpose()
    }

    pub(crate) fn exercise(&self, column: &str, value: &str) -> Result<ExerciseId> {
        ExerciseId::new(value)
            .ok_or_else(|| self.corrupt(format_args!("{column} {value:?} is not an exercise id")))
    }

    /// A record id stored as UUID text.
    pub(crate) fn id<T: std::str::FromStr>(&self, column: &str, value: &str) -> Result<T> {
        value
            .parse()
            .map_err(|_| self.corrupt(format_args!("{column} {value:?} is not a UUID")))
    }

    /// An enum stored by its name (see `names`).
    pub(crate) fn named<T: std::str::FromStr>(&self, column: &str, value: &str) -> Result<T> {
        value
            .parse()
            .map_err(|_| self.corrupt(format_args!("unknown {column} {value:?}")))
    }

    pub(crate) fn opt_named<T: std::str::FromStr>(
        &self,
        column: &str,
        value: Option<&str>,
    ) -> Result<Option<T>> {
        value.map(|v| self.named(column, v)).transpose()
    }
}
