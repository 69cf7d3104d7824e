//! Adding a diary entry, and what it changes for the next session:
//! symptoms new since the previous entry re-open the safety screen, and a
//! worsening diary pauses the program until the user has checked with a
//! clinician. The driver words what is found.

use jiff::{SignedDuration, Timestamp};
use limber_core::diary::{BodySide, PainEntry, PainEntryId, Quality};
use limber_core::pain::PainScoreError;
use limber_core::worsening::SPREAD_WINDOW_DAYS;
use limber_core::{Catalog, ExerciseId, PainScore};
use limber_store::{Store, UserId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::output::history::{self, PainOutput};
use crate::user_state::{LoadError, diary_pause_in, findings, profile_tz, remember, window_start};

/// Longest note accepted, in characters.
pub const MAX_NOTE: usize = 2_000;

/// How far back an entry may be dated: enough to copy in an old paper
/// diary, not so far that a typo in the year (0026 for 2026) slips through.
pub const MAX_YEARS_BACK: i64 = 5;

/// How far ahead of the clock a typed time may be.
pub const TYPED_AHEAD: SignedDuration = SignedDuration::from_secs(60);

/// How far ahead of the server's clock a page's clock may be (as for a
/// posted session).
pub const PAGE_AHEAD: SignedDuration =
    SignedDuration::from_millis(crate::session_log::CLOCK_SKEW_MS);

/// Why an entry's time is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AtError {
    #[error("that is in the future")]
    Future,
    #[error("that is more than {years} years ago")]
    TooLongAgo { years: i64 },
}

/// An entry may be dated at most `ahead` after `now` (a clock a little
/// ahead), and at most [`MAX_YEARS_BACK`] years before it.
pub fn check_at(at: Timestamp, now: Timestamp, ahead: SignedDuration) -> Result<(), AtError> {
    if at > now + ahead {
        return Err(AtError::Future);
    }
    if at < now - SignedDuration::from_hours(24 * 366 * MAX_YEARS_BACK) {
        return Err(AtError::TooLongAgo {
            years: MAX_YEARS_BACK,
        });
    }
    Ok(())
}

/// Why an entry is refused; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// A diary entry rates back or leg pain; a morning check may rate
    /// stiffness alone.
    #[error("give at least one of back or leg pain (0-10)")]
    NoScore,
    #[error("the note is empty: write the note, or leave it out")]
    EmptyNote,
    #[error("the note is longer than {MAX_NOTE} characters")]
    LongNote,
    #[error("{field}: {source}")]
    Score {
        field: &'static str,
        source: PainScoreError,
    },
    #[error("at: {0}")]
    At(#[from] AtError),
}

impl EntryError {
    /// The input to blame (the JSON field of [`PostedEntry`]).
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoScore => "back",
            Self::EmptyNote | Self::LongNote => "note",
            Self::Score { field, .. } => field,
            Self::At(_) => "at",
        }
    }
}

/// What every entry must be, however it was made (the time is checked by
/// the driver, which knows whose clock it is: [`check_at`]).
pub fn check(entry: &PainEntry) -> Result<(), EntryError> {
    if entry.back.is_none() && entry.leg.is_none() && !(entry.morning && entry.stiffness.is_some())
    {
        return Err(EntryError::NoScore);
    }
    if let Some(note) = &entry.note {
        if note.trim().is_empty() {
            return Err(EntryError::EmptyNote);
        }
        if note.chars().count() > MAX_NOTE {
            return Err(EntryError::LongNote);
        }
    }
    Ok(())
}

/// A diary entry as a page posts it (`POST /api/v1/pain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostedEntry {
    /// Made by the page (a UUID, v7 by preference), kept across retries.
    pub id: Uuid,
    /// When it was true (RFC 3339), by the page's clock.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Back pain 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub back: Option<i64>,
    /// Leg pain 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub leg: Option<i64>,
    /// How far down the leg symptoms reach.
    #[serde(default)]
    pub reach: Option<history::Reach>,
    #[serde(default)]
    pub side: Option<history::BodySide>,
    #[serde(default)]
    pub qualities: Vec<history::Quality>,
    /// Weakness in the leg or foot.
    #[serde(default)]
    pub weakness: bool,
    /// Taken as the next-morning check.
    #[serde(default)]
    pub morning: bool,
    /// Morning stiffness 0-10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub stiffness: Option<i64>,
    /// Up to 2,000 characters, not blank.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub note: Option<String>,
}

fn score(field: &'static str, v: Option<i64>) -> Result<Option<PainScore>, EntryError> {
    v.map(|v| PainScore::new(v).map_err(|source| EntryError::Score { field, source }))
        .transpose()
}

impl PostedEntry {
    /// The entry, checked as every entry is; its time may be up to `ahead`
    /// after `now` (the page's clock against the server's).
    pub fn entry(&self, now: Timestamp, ahead: SignedDuration) -> Result<PainEntry, EntryError> {
        let mut qualities: Vec<Quality> = self.qualities.iter().map(|&q| q.into()).collect();
        qualities.sort();
        qualities.dedup();
        let entry = PainEntry {
            id: PainEntryId::from_uuid(self.id),
            at: self.at,
            back: score("back", self.back)?,
            leg: score("leg", self.leg)?,
            reach: self.reach.map(Into::into),
            side: self.side.map(Into::into),
            qualities,
            weakness: self.weakness,
            stiffness: score("stiffness", self.stiffness)?,
            morning: self.morning,
            note: self.note.clone(),
        };
        check(&entry)?;
        check_at(entry.at, now, ahead)?;
        Ok(entry)
    }
}

/// A symptom the entry reports that the previous one did not, or that
/// reaches further than before: each re-opens the safety screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The entry as stored: on a retry, the one stored first.
    pub entry: PainEntry,
    /// False when an entry with this id was stored before (a retry): it
    /// is left as it was and changes nothing again.
    pub created: bool,
    /// A re-screen is requested, by this entry or an earlier record.
    pub rescreen_requested: bool,
    /// New symptoms, in the order the driver should name them; when any,
    /// a re-screen was requested.
    pub new_symptoms: Vec<NewSymptom>,
    /// The entry reports symptoms in both legs among new symptoms: the
    /// emergency list is shown with the request.
    pub emergency: bool,
    /// The diary now pauses the program, with the advice to show.
    pub diary_pause: Option<String>,
}

impl Logged {
    /// The answer for an entry stored now. The emergency list goes with
    /// new symptoms in an entry that reports both legs.
    pub(crate) fn stored_now(
        entry: PainEntry,
        new_symptoms: Vec<NewSymptom>,
        rescreen_requested: bool,
        diary_pause: Option<String>,
    ) -> Self {
        Self {
            emergency: !new_symptoms.is_empty() && entry.side == Some(BodySide::Both),
            entry,
            created: true,
            rescreen_requested,
            new_symptoms,
            diary_pause,
        }
    }
}

/// What is new with `entry`: the red-flag symptoms the entry before it did
/// not have, then reaching further down the leg than in the two weeks
/// before (`spreads_further`, asked only when it counts). A back-dated
/// entry from before the latest screen tells nothing new: the screen has
/// asked since.
pub(crate) fn new_symptoms(
    screened_at: Option<Timestamp>,
    previous: Option<&PainEntry>,
    entry: &PainEntry,
    spreads_further: impl FnOnce() -> bool,
) -> Vec<NewSymptom> {
    if screened_at.is_some_and(|t| entry.at < t) {
        return Vec::new();
    }
    let mut found = new_red_flag_symptoms(previous, entry);
    if spreads_further() {
        found.push(NewSymptom::SpreadingFurther);
    }
    found
}

/// Stores `entry` and what it changes. Reads the newest entry, the two
/// weeks before `entry` and the recent diary, never the whole of it.
pub async fn log<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    entry: &PainEntry,
    now: Timestamp,
) -> Result<Logged, LoadError> {
    let same_stretch = catalog.same_stretch();
    let spread_window = SignedDuration::from_hours(24 * SPREAD_WINDOW_DAYS);
    // A retry posts the same entry, so a stored one is among these.
    let (previous, earlier) = tokio::join!(
        store.latest_pain_entry(user),
        store.pain_entries(user, entry.at.checked_sub(spread_window).ok()),
    );
    let (previous, earlier) = (previous?, earlier?);
    let same = &same_stretch;
    let retry = |stored: PainEntry| async move {
        let (profile, diary_pause) = keep_findings(store, user, same, &stored, now).await?;
        Ok(Logged {
            entry: stored,
            created: false,
            rescreen_requested: profile.rescreen_requested.is_some(),
            new_symptoms: Vec::new(),
            emergency: false,
            diary_pause,
        })
    };
    if let Some(stored) = earlier.iter().find(|e| e.id == entry.id) {
        return retry(stored.clone()).await;
    }
    if !store.add_pain_entry(user, entry).await? {
        // Stored before, dated outside the weeks read: a retry whose time
        // was changed. The first one stays, and is what is answered (the
        // posted one, should it have been deleted since).
        let stored = store.pain_entries(user, None).await?;
        let first = stored.into_iter().find(|e| e.id == entry.id);
        return retry(first.unwrap_or_else(|| entry.clone())).await;
    }

    let screened = store.latest_screen(user).await?.map(|s| s.taken_at);
    let new_symptoms = new_symptoms(screened, previous.as_ref(), entry, || {
        limber_core::worsening::spread_beyond(&earlier, entry).is_some()
    });
    if !new_symptoms.is_empty() {
        let mut profile = store.profile(user).await?;
        profile.rescreen_requested = Some(now);
        store.save_profile(user, &mut profile).await?;
    }
    let (profile, diary_pause) = keep_findings(store, user, &same_stretch, entry, now).await?;
    Ok(Logged::stored_now(
        entry.clone(),
        new_symptoms,
        profile.rescreen_requested.is_some(),
        diary_pause,
    ))
}

/// Keeps what the diary now shows in the profile's standing, so it stays
/// until acknowledged, and returns the profile and the diary pause in
/// force. Reads the recent diary (and, for a back-dated entry, the weeks
/// before it).
async fn keep_findings<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    same_stretch: &[(ExerciseId, ExerciseId)],
    entry: &PainEntry,
    now: Timestamp,
) -> Result<(limber_core::profile::Profile, Option<String>), LoadError> {
    let since = window_start(now).min(window_start(entry.at));
    let (sessions, entries, profile) = tokio::join!(
        store.sessions(user, Some(since)),
        store.pain_entries(user, Some(since)),
        store.profile(user),
    );
    let (sessions, entries, profile) = (sessions?, entries?, profile?);
    let tz = profile_tz(&profile)?;
    let mut found = findings(&sessions, &entries, &profile, &tz, now, &[], Some(since));
    // Marks come from sessions: a diary entry does not move them.
    found.aggravating.clear();
    let profile = remember(store, user, now, &tz, found, same_stretch).await?;
    let diary_pause = diary_pause_in(&entries, &tz, &profile, Some(since));
    Ok((profile.into_inner(), diary_pause))
}

/// What a page is told after posting an entry (`POST /api/v1/pain`): what
/// to show, beyond "saved".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoggedOutput {
    /// False when this id was stored before (a retry): nothing changed.
    pub created: bool,
    /// The entry as stored (on a retry, the first one stored).
    pub entry: PainOutput,
    /// Symptoms new with this entry; when any, the safety questions are
    /// asked again before the next session.
    pub new_symptoms: Vec<NewSymptom>,
    /// The safety questions must be answered again before the next
    /// session (asked by this entry or by an earlier record).
    pub rescreen_requested: bool,
    /// The emergency list, to show at once (new symptoms in both legs).
    pub emergency: Option<String>,
    /// The program is paused by a worsening diary, with the advice.
    pub diary_pause: Option<String>,
}

impl From<&Logged> for LoggedOutput {
    fn from(l: &Logged) -> Self {
        Self {
            created: l.created,
            entry: (&l.entry).into(),
            new_symptoms: l.new_symptoms.clone(),
            rescreen_requested: l.rescreen_requested,
            emergency: l
                .emergency
                .then(|| limber_core::wording::EMERGENCY.to_string()),
            diary_pause: l.diary_pause.clone(),
        }
    }
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
