//! The 0–10 numeric rating scale, the one pain measure limber records.

use std::fmt;
use std::str::FromStr;

/// A pain rating on the 0–10 numeric rating scale (0 = no pain, 10 = worst
/// imaginable). Constructed only through validation, so an out-of-range score
/// can never reach storage or analytics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct PainScore(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PainScoreError {
    #[error("must be a whole number from 0 to 10, got {0:?}")]
    NotANumber(String),
    #[error("must be from 0 to 10, got {0}")]
    OutOfRange(i64),
}

impl PainScore {
    pub const MAX: u8 = 10;

    pub fn new(value: i64) -> Result<Self, PainScoreError> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= Self::MAX)
            .map(Self)
            .ok_or(PainScoreError::OutOfRange(value))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl FromStr for PainScore {
    type Err = PainScoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let v: i64 = s
            .trim()
            .parse()
            .map_err(|_| PainScoreError::NotANumber(s.to_string()))?;
        Self::new(v)
    }
}

impl<'de> serde::Deserialize<'de> for PainScore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = i64::deserialize(d)?;
        Self::new(v).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for PainScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/10", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_whole_scale_and_nothing_else() {
        assert_eq!(PainScore::new(0).unwrap().get(), 0);
        assert_eq!(PainScore::new(10).unwrap().get(), 10);
        assert_eq!(PainScore::new(11), Err(PainScoreError::OutOfRange(11)));
        assert_eq!(PainScore::new(-1), Err(PainScoreError::OutOfRange(-1)));
        assert!(matches!(
            "abc".parse::<PainScore>(),
            Err(PainScoreError::NotANumber(_))
        ));
        assert_eq!("7".parse::<PainScore>().unwrap().get(), 7);
    }
}
