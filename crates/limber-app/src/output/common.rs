//! Values several outputs share.

use serde::{Deserialize, Serialize};

use super::mirror_enum;

mirror_enum! {
    /// Where a dose value came from: `seed` (the original routine's post),
    /// `default` (chosen by limber where the post says nothing) or
    /// `program` (set by the program in use).
    #[serde(rename_all = "kebab-case")]
    Provenance from limber_core::catalog::Provenance { Seed, Default, Program }
}

mirror_enum! {
    /// The leg a hold works: `right` or `left`.
    #[serde(rename_all = "lowercase")]
    Side from limber_core::side::Side { Right, Left }
}

/// A dose value with where it came from: `{"value": 20, "source": "seed"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Provenance,
}

impl<T: Copy> From<&limber_core::catalog::Sourced<T>> for Sourced<T> {
    fn from(s: &limber_core::catalog::Sourced<T>) -> Self {
        Self {
            value: s.value,
            source: s.source.into(),
        }
    }
}

/// A 95% confidence interval: `{"low": -2.1, "high": 0.1}`, `low` ≤ `high`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl From<limber_core::analytics::Interval> for Interval {
    fn from(i: limber_core::analytics::Interval) -> Self {
        Self {
            low: i.low,
            high: i.high,
        }
    }
}

/// Converts an optional core interval.
pub(crate) fn interval(i: Option<limber_core::analytics::Interval>) -> Option<Interval> {
    i.map(Interval::from)
}

/// A sample's summary: `n`, `mean` (null when `n` = 0), `sd` (null when
/// `n` < 2), `interval` (the mean's 95% interval, null when `n` < 2 or
/// every value is the same).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub interval: Option<Interval>,
}

impl From<&limber_core::analytics::Summary> for Summary {
    fn from(s: &limber_core::analytics::Summary) -> Self {
        Self {
            n: s.n,
            mean: s.mean,
            sd: s.sd,
            interval: interval(s.interval),
        }
    }
}
