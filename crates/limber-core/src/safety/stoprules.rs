//! The stop rules that apply during a guided session (DESIGN.md "Safety",
//! `clinical-notes.md` §2 "App stop logic"), as pure functions so they can be
//! reviewed and tested apart from the timing machinery.
//!
//! A stop ends the current exercise, never the session: the user chooses to
//! go on with the next exercise or to finish. The words never diagnose and
//! never promise anything.

use crate::PainScore;
use crate::session::StopReason;

/// Pain during a hold may reach this much; above it, stop (Silbernagel's
/// pain-monitoring model: up to 5/10 "acceptable", above it "high risk").
pub const MAX_PAIN_DURING_HOLD: u8 = 5;
/// A rise of this many points over the session's first rating stops the
/// exercise (about the 2-point minimal important change of the 0–10 scale).
pub const MAX_RISE: u8 = 2;
/// "This hurts more" this many times within one exercise stops it.
pub const HURTS_MORE_STOP_AFTER: u32 = 2;

/// Why an exercise stopped, in general (`reason`) and for this case
/// (`detail`, shown and stored with the stopped hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub reason: StopReason,
    pub detail: String,
}

impl Stop {
    fn new(reason: StopReason, detail: impl Into<String>) -> Self {
        Self {
            reason,
            detail: detail.into(),
        }
    }

    /// The stop in words, as a cue says it ("reason (detail)").
    pub fn text(&self) -> String {
        if self.detail.is_empty() {
            self.reason.as_str().to_string()
        } else {
            format!("{} ({})", self.reason.as_str(), self.detail)
        }
    }
}

/// A "pain now" rating given during a hold or right after one, against the
/// session's baseline (its first rating, which may be this very one).
/// Pain above 5/10 wins over the rise rule when both apply.
pub fn for_rating(pain: PainScore, baseline: PainScore) -> Option<Stop> {
    if pain.get() > MAX_PAIN_DURING_HOLD {
        return Some(Stop::new(
            StopReason::PainAboveFive,
            format!("you rated it {pain}"),
        ));
    }
    if pain.get() >= baseline.get().saturating_add(MAX_RISE) {
        return Some(Stop::new(
            StopReason::RiseFromBaseline,
            format!("you rated it {pain}, up from {baseline}"),
        ));
    }
    None
}

/// Sharp, shooting or electric pain: always a stop.
pub fn for_sharp_pain() -> Stop {
    Stop::new(StopReason::SharpPain, "")
}

/// Symptoms spreading further down the leg, or new numbness or tingling
/// (peripheralization): always a stop.
pub fn for_spreading() -> Stop {
    Stop::new(StopReason::Spreading, "")
}

/// What to do about "this hurts more".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HurtsMore {
    /// Ask for a 0–10 rating, which the rating rules then judge.
    AskForRating,
    Stop(Stop),
}

/// "This hurts more", reported for the `times`-th time in the current
/// exercise (1 = first).
///
/// The first report only asks for a rating: "more" alone says nothing about
/// how much, and the rating rules (above 5/10, or 2 points above the start)
/// decide. A second report within the same exercise is pain that keeps rising
/// during the exercise, which the clinical notes list as a reason to stop
/// ("pain ≥2 points above the pre-session score that is still rising"; the
/// traffic-light "pain that keeps rising during the exercise" is red). It is
/// recorded as a rise from the baseline, with a detail that says what the
/// user actually reported. A needless stop costs one exercise; a missed one
/// can flare the symptoms, so the rule leans towards stopping.
pub fn for_hurts_more(times: u32) -> HurtsMore {
    if times >= HURTS_MORE_STOP_AFTER {
        HurtsMore::Stop(Stop::new(
            StopReason::RiseFromBaseline,
            format!("pain kept rising: \"hurts more\" {times} times in this exercise"),
        ))
    } else {
        HurtsMore::AskForRating
    }
}

/// Said when symptoms move back towards the spine. Not a stop.
pub const CENTRALIZING: &str = "Symptoms moving back towards the spine are generally a good sign, \
even if your back feels it a little more for a while. Carry on gently.";

#[cfg(test)]
mod tests {
    use super::*;

    fn pain(v: i64) -> PainScore {
        PainScore::new(v).unwrap()
    }

    #[test]
    fn pain_up_to_five_is_acceptable_above_five_stops() {
        assert_eq!(for_rating(pain(5), pain(5)), None);
        let stop = for_rating(pain(6), pain(6)).unwrap();
        assert_eq!(stop.reason, StopReason::PainAboveFive);
        assert_eq!(
            stop.text(),
            "pain above 5/10 during the hold (you rated it 6/10)"
        );
    }

    #[test]
    fn a_rise_of_two_from_the_baseline_stops_one_does_not() {
        assert_eq!(for_rating(pain(3), pain(2)), None);
        let stop = for_rating(pain(4), pain(2)).unwrap();
        assert_eq!(stop.reason, StopReason::RiseFromBaseline);
        assert_eq!(
            stop.text(),
            "pain 2 or more points above where this session started (you rated it 4/10, up from 2/10)"
        );
    }

    #[test]
    fn pain_falling_below_the_baseline_is_fine() {
        assert_eq!(for_rating(pain(1), pain(4)), None);
        assert_eq!(for_rating(pain(0), pain(0)), None);
    }

    #[test]
    fn above_five_wins_over_the_rise() {
        assert_eq!(
            for_rating(pain(8), pain(1)).unwrap().reason,
            StopReason::PainAboveFive
        );
    }

    #[test]
    fn sharp_pain_and_spreading_always_stop() {
        assert_eq!(for_sharp_pain().reason, StopReason::SharpPain);
        assert_eq!(for_sharp_pain().text(), "sharp, shooting or electric pain");
        assert_eq!(for_spreading().reason, StopReason::Spreading);
    }

    #[test]
    fn hurts_more_asks_first_and_stops_the_second_time() {
        assert_eq!(for_hurts_more(1), HurtsMore::AskForRating);
        let HurtsMore::Stop(stop) = for_hurts_more(2) else {
            panic!("the second report should stop")
        };
        assert_eq!(stop.reason, StopReason::RiseFromBaseline);
        assert!(stop.text().contains("kept rising"));
    }

    #[test]
    fn the_centralization_words_promise_nothing() {
        for banned in ["relie", "cure", "treat", "heal", "diagnos", "will "] {
            assert!(!CENTRALIZING.to_lowercase().contains(banned), "{banned}");
        }
    }
}
