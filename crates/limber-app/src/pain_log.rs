//! Adding a diary entry, and what it changes for the next session:
//! symptoms new since the previous entry re-open the safety screen, and a
//! worsening diary pauses the program until the user has checked with a
//! clinician. The driver words what is found.

use jiff::Timestamp;
use limber_core::diary::{BodySide, PainEntry, Quality};
use limber_store::{Store, UserId};

use crate::user_state::{LoadError, diary_pause, profile_tz};

/// A symptom the entry reports that the previous one did not, or that
/// reaches further than before: each re-opens the safety screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewSymptom {
    Numbness,
    Tingling,
    Weakness,
    /// Symptoms in both legs.
    BothLegs,
    /// Symptoms reaching further down the leg than earlier entries.
    SpreadingFurther,
}

/// What storing an entry changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logged {
    /// New symptoms, in the order the driver should name them; when any,
    /// a re-screen was requested.
    pub new_symptoms: Vec<NewSymptom>,
    /// The entry reports symptoms in both legs among new symptoms: the
    /// emergency list is shown with the request.
    pub emergency: bool,
    /// The diary now pauses the program, with the advice to show.
    pub diary_pause: Option<String>,
}

/// Stores `entry` and what it changes.
pub async fn log<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    entry: &PainEntry,
    now: Timestamp,
) -> Result<Logged, LoadError> {
    let earlier = store.pain_entries(user, None).await?;
    let previous = earlier.last().cloned();
    store.add_pain_entry(user, entry).await?;

    // A back-dated entry from before the last screen tells nothing new.
    let screened = store.latest_screen(user).await?.map(|s| s.taken_at);
    let new_symptoms = if screened.is_some_and(|t| entry.at < t) {
        Vec::new()
    } else {
        let mut found = new_red_flag_symptoms(previous.as_ref(), entry);
        if limber_core::worsening::spread_beyond(&earlier, entry).is_some() {
            found.push(NewSymptom::SpreadingFurther);
        }
        found
    };
    if !new_symptoms.is_empty() {
        let mut profile = store.profile(user).await?;
        profile.rescreen_requested = Some(now);
        store.save_profile(user, &mut profile).await?;
    }
    let mut entries = earlier;
    entries.push(entry.clone());
    let profile = store.profile(user).await?;
    let diary_pause = diary_pause(&entries, &profile_tz(&profile)?, &profile);
    Ok(Logged {
        emergency: !new_symptoms.is_empty() && entry.side == Some(BodySide::Both),
        new_symptoms,
        diary_pause,
    })
}

/// New numbness or tingling, weakness, or symptoms in both legs re-open the
/// safety screen.
fn new_red_flag_symptoms(previous: Option<&PainEntry>, entry: &PainEntry) -> Vec<NewSymptom> {
    let had = |f: &dyn Fn(&PainEntry) -> bool| previous.is_some_and(f);
    let mut found = Vec::new();
    if entry.qualities.contains(&Quality::Numbness)
        && !had(&|p| p.qualities.contains(&Quality::Numbness))
    {
        found.push(NewSymptom::Numbness);
    }
    if entry.qualities.contains(&Quality::Tingling)
        && !had(&|p| p.qualities.contains(&Quality::Tingling))
    {
        found.push(NewSymptom::Tingling);
    }
    if entry.weakness && !had(&|p| p.weakness) {
        found.push(NewSymptom::Weakness);
    }
    if entry.side == Some(BodySide::Both) && !had(&|p| p.side == Some(BodySide::Both)) {
        found.push(NewSymptom::BothLegs);
    }
    found
}
