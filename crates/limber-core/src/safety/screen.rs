//! The safety screen: red-flag and caution questions, in limber's own words,
//! and what the answers mean for the next session.
//!
//! Three tiers, from `clinical-notes.md` §1: emergency answers lock sessions
//! until the user is re-screened; same-day and soon answers pause the program
//! until the user acknowledges the advice; caution answers hide or swap the
//! exercises they affect. The wording is general safety information: it
//! never says what the user has, only what the symptoms need.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::Condition;

/// How urgently an answer needs medical attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Affects which exercises are suitable; not a reason to stop.
    Caution,
    /// Worth a routine GP appointment in the next days.
    Soon,
    /// Needs a medical review today.
    SameDay,
    /// Needs emergency care now.
    Emergency,
}

impl Tier {
    pub fn advice(self) -> &'static str {
        match self {
            Tier::Emergency => {
                "These symptoms need urgent medical assessment. Call emergency services or go to A&E now. Do not stretch."
            }
            Tier::SameDay => {
                "This needs a medical review today: contact your GP, an urgent care service or your local out-of-hours line before you stretch."
            }
            Tier::Soon => {
                "Please see your GP in the next few days to talk this through. Until then, limber pauses your program."
            }
            Tier::Caution => {
                "Some exercises are left out or swapped for a gentler variant; ask your clinician whether the rest suit you."
            }
        }
    }
}

macro_rules! questions {
    ($( $variant:ident = $key:literal, $tier:expr, $text:literal; )*) => {
        /// One yes/no question of the screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Question { $( #[serde(rename = $key)] $variant, )* }

        impl Question {
            /// Every question, in the order they are asked.
            pub const ALL: &'static [Question] = &[ $( Question::$variant, )* ];

            /// The key used by `limber screen --answer KEY=yes|no`.
            pub fn key(self) -> &'static str {
                match self { $( Question::$variant => $key, )* }
            }

            pub fn tier(self) -> Tier {
                match self { $( Question::$variant => $tier, )* }
            }

            pub fn text(self) -> &'static str {
                match self { $( Question::$variant => $text, )* }
            }
        }
    };
}

questions! {
    SaddleNumbness = "saddle-numbness", Tier::Emergency,
        "Do you have numbness, tingling or reduced feeling around your genitals, back passage, buttocks or inner thighs (the areas that would touch a saddle)?";
    Bladder = "bladder", Tier::Emergency,
        "Do you have new trouble passing urine (hard to start, a weak stream, unable to go, or not feeling it), or new leaking of urine?";
    Bowel = "bowel", Tier::Emergency,
        "Have you newly lost control of your bowels, or stopped feeling when you need to go?";
    BothLegs = "both-legs", Tier::Emergency,
        "Is there sciatica-type pain in both legs at once, or numbness or weakness in both legs?";
    SexualDysfunction = "sexual-dysfunction", Tier::Emergency,
        "Have you had new sexual problems, such as loss of feeling in the genitals, since the back pain started?";
    LegWeakness = "leg-weakness", Tier::SameDay,
        "Is there weakness in one leg or foot that is severe or getting worse (the foot slapping or catching, tripping, unable to walk on heels or toes)?";
    Fever = "fever", Tier::SameDay,
        "Do you have a fever, chills or night sweats, or feel generally unwell, along with the back pain?";
    Trauma = "trauma", Tier::SameDay,
        "Did the pain start after a significant injury such as a fall or car accident, or after a minor fall or lift if you have weak bones or take long-term steroids?";
    Cancer = "cancer", Tier::Soon,
        "Have you ever had cancer?";
    WeightLoss = "weight-loss", Tier::Soon,
        "Have you lost weight recently without trying?";
    NightPain = "night-pain", Tier::Soon,
        "Is the pain constant, not easing with any position or rest, or at its worst at night?";
    Immune = "immune", Tier::Soon,
        "Is your immune system weakened (for example by chemotherapy, HIV or transplant medicines), or do you inject drugs?";
    FirstEpisodeAge = "first-episode-age", Tier::Soon,
        "Is this your first ever back pain, and are you under 20 or over 50?";
    UpperBack = "upper-back", Tier::Soon,
        "Do you have pain in your upper or middle back, between the shoulder blades?";
    NotImproving = "not-improving", Tier::Soon,
        "Has it not improved after about 4 to 6 weeks, or is it getting worse?";
    Osteoporosis = "osteoporosis", Tier::Caution,
        "Do you have osteoporosis (low bone density), or take long-term steroid tablets?";
    Pregnancy = "pregnancy", Tier::Caution,
        "Are you pregnant?";
    HipReplacement = "hip-replacement", Tier::Caution,
        "Have you had a hip replacement?";
    EyePressure = "eye-pressure", Tier::Caution,
        "Do you have glaucoma or a detached retina, or have you had one?";
    HighBloodPressure = "high-blood-pressure", Tier::Caution,
        "Do you have high blood pressure that is not under control?";
    NeckProblem = "neck-problem", Tier::Caution,
        "Do you have a neck problem (an injury, arthritis or a disc problem in the neck)?";
    BendingForward = "bending-forward", Tier::Caution,
        "Does bending forward send your symptoms further down your leg?";
}

impl Question {
    /// The exercise caution a "yes" raises, for caution-tier questions.
    pub fn condition(self) -> Option<Condition> {
        match self {
            Question::Osteoporosis => Some(Condition::Osteoporosis),
            Question::Pregnancy => Some(Condition::Pregnancy),
            Question::HipReplacement => Some(Condition::HipReplacement),
            Question::EyePressure => Some(Condition::EyePressure),
            Question::HighBloodPressure => Some(Condition::HighBloodPressure),
            Question::NeckProblem => Some(Condition::NeckProblem),
            Question::BendingForward => Some(Condition::BendingForward),
            _ => None,
        }
    }

    /// The question that records a condition.
    pub fn for_condition(condition: Condition) -> Question {
        *Question::ALL
            .iter()
            .find(|q| q.condition() == Some(condition))
            .expect("every condition has a question")
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A name that is no question of the screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no question is called {0:?}")]
pub struct UnknownQuestion(pub String);

impl FromStr for Question {
    type Err = UnknownQuestion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Question::ALL
            .iter()
            .copied()
            .find(|q| q.key() == s)
            .ok_or_else(|| UnknownQuestion(s.to_string()))
    }
}

/// One completed screen as stored: every question answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenRecord {
    pub taken_at: Timestamp,
    pub answers: BTreeMap<Question, bool>,
    /// When the user acknowledged same-day/soon advice and chose to go on.
    pub acknowledged_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreenError {
    #[error("not answered: {}", .0.iter().map(|q| q.key()).collect::<Vec<_>>().join(", "))]
    Unanswered(Vec<Question>),
}

impl ScreenRecord {
    /// A screen from explicit answers; the rest default to "no" only when the
    /// user said none of the others apply.
    pub fn new(
        taken_at: Timestamp,
        answers: &BTreeMap<Question, bool>,
        rest_are_no: bool,
    ) -> Result<Self, ScreenError> {
        let missing: Vec<_> = Question::ALL
            .iter()
            .copied()
            .filter(|q| !answers.contains_key(q))
            .collect();
        if !missing.is_empty() && !rest_are_no {
            return Err(ScreenError::Unanswered(missing));
        }
        let answers = Question::ALL
            .iter()
            .map(|q| (*q, answers.get(q).copied().unwrap_or(false)))
            .collect();
        Ok(Self {
            taken_at,
            answers,
            acknowledged_at: None,
        })
    }

    pub fn yes(&self) -> impl Iterator<Item = Question> + '_ {
        self.answers
            .iter()
            .filter(|(_, yes)| **yes)
            .map(|(q, _)| *q)
    }

    /// The highest tier among the "yes" answers.
    pub fn tier(&self) -> Option<Tier> {
        self.yes().map(Question::tier).max()
    }

    /// Conditions that hide or swap exercises.
    pub fn conditions(&self) -> Vec<Condition> {
        self.yes().filter_map(Question::condition).collect()
    }

    /// Whether a session may start, and if not, why.
    pub fn gate(&self) -> Gate {
        let flagged = |tier: Tier| self.yes().filter(|q| q.tier() == tier).collect::<Vec<_>>();
        match self.tier() {
            Some(Tier::Emergency) => Gate::Locked(flagged(Tier::Emergency)),
            Some(t @ (Tier::SameDay | Tier::Soon)) if self.acknowledged_at.is_none() => {
                Gate::Paused(t, flagged(t))
            }
            _ => Gate::Open,
        }
    }
}

/// Whether a session may start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Emergency answers: no session until re-screened.
    Locked(Vec<Question>),
    /// Same-day or soon answers: no session until the advice is acknowledged.
    Paused(Tier, Vec<Question>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(yes: &[Question]) -> ScreenRecord {
        let answers = yes.iter().map(|q| (*q, true)).collect();
        ScreenRecord::new(Timestamp::UNIX_EPOCH, &answers, true).unwrap()
    }

    #[test]
    fn keys_round_trip_and_are_unique() {
        for q in Question::ALL {
            assert_eq!(q.key().parse::<Question>().unwrap(), *q);
        }
        let mut keys: Vec<_> = Question::ALL.iter().map(|q| q.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Question::ALL.len());
    }

    #[test]
    fn every_condition_has_exactly_one_question() {
        for &c in Condition::ALL {
            assert_eq!(Question::for_condition(c).condition(), Some(c));
        }
    }

    #[test]
    fn a_clear_screen_opens_the_gate() {
        let s = screen(&[]);
        assert_eq!(s.tier(), None);
        assert_eq!(s.gate(), Gate::Open);
    }

    #[test]
    fn an_emergency_answer_locks_even_after_acknowledging() {
        let mut s = screen(&[Question::Bladder, Question::Cancer]);
        s.acknowledged_at = Some(Timestamp::UNIX_EPOCH);
        assert_eq!(s.gate(), Gate::Locked(vec![Question::Bladder]));
    }

    #[test]
    fn same_day_and_soon_pause_until_acknowledged() {
        let mut s = screen(&[Question::Fever, Question::Cancer]);
        assert_eq!(s.gate(), Gate::Paused(Tier::SameDay, vec![Question::Fever]));
        s.acknowledged_at = Some(Timestamp::UNIX_EPOCH);
        assert_eq!(s.gate(), Gate::Open);
        assert_eq!(
            screen(&[Question::NightPain]).gate(),
            Gate::Paused(Tier::Soon, vec![Question::NightPain])
        );
    }

    #[test]
    fn cautions_never_block_but_name_their_conditions() {
        let s = screen(&[Question::Pregnancy, Question::NeckProblem]);
        assert_eq!(s.gate(), Gate::Open);
        assert_eq!(
            s.conditions(),
            vec![Condition::Pregnancy, Condition::NeckProblem]
        );
    }

    #[test]
    fn partial_answers_need_none_apply() {
        let answers = BTreeMap::from([(Question::Pregnancy, true)]);
        let err = ScreenRecord::new(Timestamp::UNIX_EPOCH, &answers, false).unwrap_err();
        assert!(err.to_string().contains("saddle-numbness"), "{err}");
        let ok = ScreenRecord::new(Timestamp::UNIX_EPOCH, &answers, true).unwrap();
        assert_eq!(ok.answers.len(), Question::ALL.len());
        assert_eq!(ok.yes().collect::<Vec<_>>(), vec![Question::Pregnancy]);
    }

    #[test]
    fn the_bladder_and_night_questions_ask_about_what_is_new_or_unrelenting() {
        let bladder = Question::Bladder.text();
        assert!(
            bladder.contains("new trouble") && bladder.contains("new leaking"),
            "{bladder}"
        );
        assert!(!bladder.contains("are you leaking"), "{bladder}");
        assert!(
            Question::NightPain
                .text()
                .contains("not easing with any position or rest")
        );
    }

    #[test]
    fn the_short_emergency_list_names_buttocks_and_tingling() {
        for word in ["buttocks", "tingling", "both legs", "sexual"] {
            assert!(crate::wording::EMERGENCY_SHORT.contains(word), "{word}");
        }
    }

    #[test]
    fn wording_never_diagnoses() {
        let all_text: String = Question::ALL
            .iter()
            .map(|q| q.text())
            .chain([Tier::Emergency, Tier::SameDay, Tier::Soon, Tier::Caution].map(Tier::advice))
            .collect();
        for banned in [
            "you have sciatica",
            "cauda equina",
            "diagnos",
            "cure",
            "treat",
            "relie",
        ] {
            assert!(
                !all_text.to_lowercase().contains(banned),
                "{banned:?} in screen wording"
            );
        }
    }
}
