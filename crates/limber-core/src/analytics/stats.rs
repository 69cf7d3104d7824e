//! Small-sample statistics: means, standard deviations and 95% t-intervals.
//!
//! Everything here is total: empty input, one value and zero spread give
//! `None`, never NaN and never a panic. Identical values give no interval:
//! on a whole-number rating scale a zero spread is too few ratings, not
//! certainty, and a zero-width "95% interval" would present it as such.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A 95% confidence interval, `low` ≤ `high`. JSON: `{"low": …, "high": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// The whole interval lies below zero.
    pub fn below_zero(self) -> bool {
        self.high < 0.0
    }

    /// The whole interval lies above zero.
    pub fn above_zero(self) -> bool {
        self.low > 0.0
    }

    pub fn half_width(self) -> f64 {
        (self.high - self.low) / 2.0
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom: the
/// multiplier of the standard error in a two-sided 95% interval
/// (12.706 for df = 1, 2.262 for df = 9, → 1.960 as df grows).
pub fn t975(df: usize) -> f64 {
    const NORMAL_975: f64 = 1.959_963_984_540_054;
    if df == 0 {
        return f64::INFINITY;
    }
    StudentsT::new(0.0, 1.0, df as f64).map_or(NORMAL_975, |t| t.inverse_cdf(0.975))
}

/// n, mean, sample SD and 95% t-interval of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    /// `None` when `n` = 0.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1 denominator); `None` when `n` < 2.
    pub sd: Option<f64>,
    /// 95% t-interval of the mean; `None` when `n` < 2 or when every value
    /// is the same (the spread cannot be estimated yet).
    pub interval: Option<Interval>,
}

/// Summarizes a sample of finite values (two passes, no allocation).
pub fn summarize(values: &[f64]) -> Summary {
    let n = values.len();
    if n == 0 {
        return Summary {
            n,
            mean: None,
            sd: None,
            interval: None,
        };
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return Summary {
            n,
            mean: Some(mean),
            sd: None,
            interval: None,
        };
    }
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1) as f64).sqrt();
    if sd == 0.0 {
        return Summary {
            n,
            mean: Some(mean),
            sd: Some(sd),
            interval: None,
        };
    }
    let half = t975(n - 1) * sd / (n as f64).sqrt();
    Summary {
        n,
        mean: Some(mean),
        sd: Some(sd),
        interval: Some(Interval {
            low: mean - half,
            high: mean + half,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        assert!(close(t975(1), 12.706));
        assert!(close(t975(2), 4.303));
        assert!(close(t975(4), 2.776));
        assert!(close(t975(9), 2.262));
        assert!(close(t975(29), 2.045));
        assert!((t975(100_000) - 1.960).abs() < 1e-3);
        assert!(t975(0).is_infinite());
    }

    #[test]
    fn summary_by_hand() {
        // values 1, 2, 3: mean 2, SS = 1 + 0 + 1 = 2, SD = sqrt(2/2) = 1,
        // half-width = t(2) * 1 / sqrt(3) = 4.303 / 1.732 = 2.484.
        let s = summarize(&[1.0, 2.0, 3.0]);
        assert_eq!(s.n, 3);
        assert!(close(s.mean.unwrap(), 2.0));
        assert!(close(s.sd.unwrap(), 1.0));
        let i = s.interval.unwrap();
        assert!(close(i.low, 2.0 - 2.484) && close(i.high, 2.0 + 2.484));
    }

    #[test]
    fn degenerate_samples_are_total() {
        assert_eq!(summarize(&[]).mean, None);
        let one = summarize(&[-2.0]);
        assert_eq!((one.mean, one.sd, one.interval), (Some(-2.0), None, None));
        let flat = summarize(&[-1.0, -1.0, -1.0]);
        assert_eq!(flat.sd, Some(0.0));
        assert_eq!(flat.interval, None, "no spread is not certainty");
    }
}
