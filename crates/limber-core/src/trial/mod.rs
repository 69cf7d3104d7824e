//! n-of-1 trials: is exercise A or exercise B better for *this* person?
//!
//! # Design
//! The trial runs in **pairs of blocks**. A block is `BLOCK_DAYS` (2)
//! consecutive days on one arm; each pair is one A block and one B block in
//! an order drawn at random (`fastrand::Rng::with_seed(seed)`, one coin per
//! pair). So both arms get exactly the same number of days, each arm comes
//! first in about half the pairs (ordering effects cancel), and A and B are
//! never more than 3 days apart (slow trends over the weeks cancel within a
//! pair). Two-day blocks give a day for carry-over to wash out and dilute a
//! single bad day, while keeping as many pairs as possible for the analysis.
//! A `weeks`-week trial has ⌊7·weeks / 4⌋ pairs; the 0–3 days left at the end
//! are not part of it (so it never runs longer than asked).
//!
//! The drawn order is stored in the trial (`order`), so a stored trial keeps
//! its schedule even if the random generator's stream ever changes; the
//! seed reproduces it.
//!
//! # Analysis (paired by block)
//! Each session on a trial day that **followed the assignment** (did the
//! day's exercise and not the other one) gives an outcome: the change in the
//! pain rating across that exercise (in-session ratings, see
//! [`crate::analytics::change`]), else the session's `pain_after −
//! pain_before`. Outcomes are averaged per day, days per block, and each pair
//! with data in both blocks gives **d = mean(B block) − mean(A block)**.
//! The mean of d with a 95% t-interval (n − 1 df) decides: wholly above zero
//! → "A looked better" (pain went up more, or down less, on B days); wholly
//! below → "B looked better"; otherwise "no clear difference yet". One
//! outlier day moves only half of one block mean, and inflates the spread
//! of d as much as it moves its mean, so it cannot decide the verdict.

mod analysis;
mod schedule;

#[cfg(test)]
mod tests;

pub use analysis::{MIN_PAIRS, PairResult, TrialReport, TrialVerdict, analyze, analyze_named};
pub use schedule::{
    Arm, BLOCK_DAYS, Block, MAX_WEEKS, MIN_WEEKS, PAIR_DAYS, Trial, TrialDay, TrialError,
};
