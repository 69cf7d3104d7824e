//! The words limber uses about health, in one place so they can be reviewed
//! together. limber is a stretching routine and a diary: it never says it
//! treats, relieves or cures anything, never diagnoses, never promises.

/// Shown at first run, in help and in the report. Carries the original post's own
/// two caveats: check with a health professional, and more serious causes exist.
pub const DISCLAIMER: &str = "\
limber is a gentle stretching routine and a pain diary, for general fitness and \
information only. It is not a medical device and does not replace advice, \
diagnosis or treatment from a qualified health professional.
Check with your health care professional before starting any new exercises, \
including these. Leg and back pain like this can have other, more serious \
causes that a doctor can identify, so do get it checked.
Move gently and never force a stretch. Stop if pain spreads down your leg or \
you feel new numbness or weakness.";

/// The emergency list, always one key or command away (`limber help safety`).
pub const EMERGENCY: &str = "\
Get urgent medical help now (call emergency services or go to A&E) if back or \
leg pain comes with any of these:
  - numbness or tingling around your genitals, back passage, buttocks or inner thighs
  - new difficulty starting to pee, a weak stream, or not being able to control your bladder
  - new loss of bowel control, or not feeling when you need to go
  - sciatica-type pain, numbness or weakness in both legs
  - new sexual problems, such as loss of feeling in the genitals
These symptoms need urgent medical assessment. Do not stretch: get help.
Weakness in one leg or foot that is severe or getting worse needs a medical
review today.";

/// The emergency list for a screen too small for [`EMERGENCY`]: the same
/// symptoms, fewest words.
pub const EMERGENCY_SHORT: &str = "\
URGENT HELP NOW (A&E / emergency services) if back or leg pain comes with: \
numbness or tingling around genitals, back passage, buttocks or inner thighs; new bladder or bowel \
trouble; pain, numbness or weakness in both legs; new sexual problems. \
Do not stretch.";

/// The one-question check before every session after the first
/// (clinical-notes §1: a short version of the emergency questions).
pub const QUICK_CHECK: &str = "Before you start: since your last session, have you had any numbness or \
tingling around the genitals, back passage, buttocks or inner thighs, new bladder or bowel trouble, \
new sexual problems, symptoms in both legs, or leg weakness that is getting worse?";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_covers_every_emergency_question() {
        for word in [
            "genitals",
            "buttocks",
            "tingling",
            "bladder",
            "bowel",
            "sexual",
            "both legs",
            "weakness",
        ] {
            assert!(QUICK_CHECK.contains(word), "{word}");
        }
    }
}
