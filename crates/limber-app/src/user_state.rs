//! Everything stored about one user that the session use cases read, loaded
//! once per request, and what the core's rules make of it.
//!
//! The CLI loads it once per command; a web handler would load it once per
//! request. Either way the rules below see the same records, so `plan`,
//! `start` and the report cannot disagree about a pause or a mark.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::diary::{PainEntry, SessionRecord};
use limber_core::plan::Personal;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};
use limber_core::safety::ScreenRecord;
use limber_core::{Catalog, ExerciseId};
use limber_store::{Store, StoreError, UserId, Versioned};

use crate::personal::Records;

/// Why a user's stored state could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("time zone {name:?} in your profile: {source}")]
    TimeZone {
        name: String,
        #[source]
        source: jiff::Error,
    },
}

/// The user's profile, screen in force, sessions and diary, as of `now`.
pub struct UserState {
    /// As read, with its version: saving it back is refused if another
    /// writer saved in between.
    pub profile: Versioned<Profile>,
    pub screen: Option<ScreenRecord>,
    pub sessions: Vec<SessionRecord>,
    pub entries: Vec<PainEntry>,
    pub tz: TimeZone,
    pub now: Timestamp,
    /// `Catalog::same_stretch`, for the aggravating rule.
    pub same_stretch: Vec<(ExerciseId, ExerciseId)>,
}

/// The time zone that decides the user's diary days: the profile's, else
/// the system's.
pub fn profile_tz(profile: &Profile) -> Result<TimeZone, LoadError> {
    match &profile.timezone {
        Some(name) => TimeZone::get(name).map_err(|source| LoadError::TimeZone {
            name: name.clone(),
            source,
        }),
        None => Ok(TimeZone::system()),
    }
}

impl UserState {
    pub async fn load<S: Store + ?Sized>(
        store: &S,
        user: UserId,
        now: Timestamp,
        catalog: &Catalog,
    ) -> Result<Self, LoadError> {
        let profile = store.profile(user).await?;
        let tz = profile_tz(&profile)?;
        // The big reads at once: SQLite works on each in its own thread.
        let (screen, sessions, entries) = tokio::join!(
            store.latest_screen(user),
            store.sessions(user, None),
            store.pain_entries(user, None),
        );
        Ok(Self {
            screen: screen?,
            sessions: sessions?,
            entries: entries?,
            profile,
            tz,
            now,
            same_stretch: catalog.same_stretch(),
        })
    }

    pub fn today(&self) -> Date {
        self.tz.to_datetime(self.now).date()
    }

    pub fn morning(&self) -> MorningAdvice {
        rules::morning_check(&self.sessions, &self.entries, &self.tz, self.today())
    }

    /// A next-morning pause the user has not acknowledged: it stays until
    /// they do, however long ago the mornings were.
    pub fn morning_pause(&self) -> Option<String> {
        rules::morning_pause(
            &self.sessions,
            &self.entries,
            &self.tz,
            self.today(),
            self.profile.morning_pause_acknowledged,
        )
    }

    /// The records as [`crate::personal`] reads them.
    pub fn records(&self) -> Records<'_> {
        Records {
            profile: &self.profile,
            screen: self.screen.as_ref(),
            sessions: &self.sessions,
            entries: &self.entries,
            tz: &self.tz,
            now: self.now,
            same_stretch: &self.same_stretch,
        }
    }

    /// A worsening diary the user has not acknowledged: see [`diary_pause`].
    pub fn diary_pause(&self) -> Option<String> {
        diary_pause(&self.entries, &self.tz, &self.profile)
    }

    /// Exercises `sessions` mark aggravating for this user, each with the
    /// reason the planner shows.
    pub fn aggravating(&self, sessions: &[SessionRecord]) -> Vec<(ExerciseId, String)> {
        self.aggravating_as_of(sessions, self.now)
    }

    /// [`UserState::aggravating`] counting the stops up to `now` (after a
    /// session: its end, so its own stops count).
    pub fn aggravating_as_of(
        &self,
        sessions: &[SessionRecord],
        now: Timestamp,
    ) -> Vec<(ExerciseId, String)> {
        let records = Records {
            now,
            ..self.records()
        };
        crate::personal::aggravating(&records, sessions)
    }

    pub fn personal(&self, catalog: &Catalog) -> Personal {
        crate::personal::personal(&self.records(), catalog)
    }
}

/// A worsening diary (spreading, or a week up by a clinically important
/// change) not acknowledged since, with the advice to show.
pub fn diary_pause(entries: &[PainEntry], tz: &TimeZone, profile: &Profile) -> Option<String> {
    limber_core::worsening::diary_worsening(entries, tz, profile.diary_pause_acknowledged).map(
        |w| {
            format!(
                "{}. Please check with a clinician (physio or GP) before carrying on.",
                w.why
            )
        },
    )
}
