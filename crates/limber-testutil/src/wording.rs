//! The words limber never says to the person, shared by every test that
//! scans user-facing text (CLI strings, catalog, report, web pages), so the
//! list cannot drift between them.

/// Whole words (lowercase): effect claims, diagnosis, and "seed" (users
/// know the routine as the original post's).
pub const BANNED: &[&str] = &[
    "treat",
    "treats",
    "treated",
    "treating",
    "treatment",
    "treatments",
    "cure",
    "cures",
    "cured",
    "curing",
    "relieve",
    "relieves",
    "relieved",
    "relieving",
    "relief",
    "heal",
    "heals",
    "healed",
    "healing",
    "fix",
    "fixes",
    "fixing",
    "prevent",
    "prevents",
    "prevented",
    "preventing",
    "prevention",
    "diagnose",
    "diagnoses",
    "diagnosed",
    "diagnosing",
    "diagnosis",
    "diagnostic",
    "seed",
    "seeds",
];

/// The banned words in `text`, as whole words ("prefix" and "fixed pace"
/// are fine; "Fix it" is not).
pub fn banned_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| BANNED.contains(&w.as_str()))
        .collect()
}
