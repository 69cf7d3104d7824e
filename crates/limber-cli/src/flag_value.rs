//! Typed errors for flag values the CLI parses itself. Each names what was
//! wrong with the value; [`FlagError`] adds the flag and the value as typed,
//! so every message reads `--answer "fever=maybe": "maybe" is not yes or no`.
//! (Flags clap parses through a value parser get the flag and value from
//! clap: `invalid value '0' for '--minutes <N>': must be from 1 to 120, got 0`.)

use std::error::Error;

type Problem = Box<dyn Error + Send + Sync + 'static>;

/// A flag's value that does not parse, with the reason kept as the source.
#[derive(Debug, thiserror::Error)]
#[error("{flag} {value:?}: {problem}")]
pub struct FlagError {
    pub flag: &'static str,
    pub value: String,
    #[source]
    problem: Problem,
}

impl FlagError {
    pub fn new(flag: &'static str, value: impl Into<String>, problem: impl Into<Problem>) -> Self {
        Self {
            flag,
            value: value.into(),
            problem: problem.into(),
        }
    }
}

/// What is wrong with one `--answer KEY=yes|no`.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("expected KEY=yes or KEY=no")]
    NoEquals,
    /// The key names no question; `limber screen --list` lists them.
    #[error("unknown question key {:?} (see `limber screen --list`)", .0.0)]
    UnknownQuestion(#[from] limber_core::safety::UnknownQuestion),
    #[error("{0:?} is not yes or no")]
    NotYesNo(String),
}

/// `--since` is a calendar date only: a time of day would be quietly ignored.
#[derive(Debug, thiserror::Error)]
pub enum DateError {
    #[error("expected a date like 2026-11-01")]
    NotADate,
    /// A real date with no first instant in the user's zone (out of range).
    #[error(transparent)]
    Unplaceable(#[from] jiff::Error),
}

/// `log --at`: when a diary entry was true; never in the future, nor so long
/// ago that a typo in the year slips through.
#[derive(Debug, thiserror::Error)]
pub enum AtError {
    #[error(
        "expected a time like \"2026-11-26 07:30\" (your time zone) or \"2026-11-26T07:30:00Z\""
    )]
    NotATime,
    /// In the future, or too long ago (limber-app's rule).
    #[error(transparent)]
    Range(#[from] limber_app::pain_log::AtError),
}

/// `remind set --at`: a time of day on the 24-hour clock.
#[derive(Debug, thiserror::Error)]
#[error("expected a time of day like 18:00 (00:00 to 23:59)")]
pub struct TimeOfDayError;

/// A whole number outside its range, for the flags clap parses
/// (`--minutes`, `--weeks`); clap names the flag and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("must be from {min} to {max}, got {got}")]
    Outside { min: u32, max: u32, got: i128 },
    #[error("must be a whole number of {unit} from {min} to {max}")]
    NotWhole {
        unit: &'static str,
        min: u32,
        max: u32,
    },
}

/// A whole number of `unit` from `min` to `max`.
pub fn whole_in_range(s: &str, unit: &'static str, min: u32, max: u32) -> Result<u32, RangeError> {
    match s.trim().parse::<i128>() {
        Ok(got) if (i128::from(min)..=i128::from(max)).contains(&got) => {
            Ok(u32::try_from(got).expect("within a u32 range"))
        }
        Ok(got) => Err(RangeError::Outside { min, max, got }),
        Err(_) => Err(RangeError::NotWhole { unit, min, max }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_error_names_the_flag_the_value_and_the_problem() {
        let e = FlagError::new("--since", "yesterday", DateError::NotADate);
        assert_eq!(
            e.to_string(),
            r#"--since "yesterday": expected a date like 2026-11-01"#
        );
        assert!(e.source().unwrap().is::<DateError>());
    }

    #[test]
    fn ranges_say_what_fits() {
        assert_eq!(whole_in_range(" 7 ", "minutes", 1, 120), Ok(7));
        assert_eq!(
            whole_in_range("0", "minutes", 1, 120)
                .unwrap_err()
                .to_string(),
            "must be from 1 to 120, got 0"
        );
        assert_eq!(
            whole_in_range("99999999999999999999", "weeks", 2, 12),
            Err(RangeError::Outside {
                min: 2,
                max: 12,
                got: 99_999_999_999_999_999_999
            })
        );
        assert_eq!(
            whole_in_range("4.5", "weeks", 2, 12)
                .unwrap_err()
                .to_string(),
            "must be a whole number of weeks from 2 to 12"
        );
    }
}
