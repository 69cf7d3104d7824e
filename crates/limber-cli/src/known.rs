//! Everything stored about the user, loaded once per command, and what the
//! core's rules make of it for planning.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::diary::{PainEntry, SessionRecord};
use limber_core::plan::Personal;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};
use limber_core::safety::ScreenRecord;
use limber_core::{Catalog, ExerciseId};
use limber_store::Store;

use crate::command_error::CmdResult;
use crate::env::Env;

pub struct Known {
    pub profile: Profile,
    pub screen: Option<ScreenRecord>,
    pub sessions: Vec<SessionRecord>,
    pub entries: Vec<PainEntry>,
    pub tz: TimeZone,
    pub now: Timestamp,
    /// `Catalog::same_stretch`, for the aggravating rule.
    pub same_stretch: Vec<(ExerciseId, ExerciseId)>,
}

impl Known {
    pub fn load(env: &Env) -> CmdResult<Self> {
        let store = env.store()?;
        let user = env.user();
        let profile = env.block_on(store.profile(user))?;
        let tz = crate::env::profile_tz(&profile)?;
        // Both big reads at once: SQLite works on each in its own thread.
        let (sessions, entries) = env.block_on(async {
            tokio::join!(store.sessions(user, None), store.pain_entries(user, None))
        });
        Ok(Self {
            screen: env.block_on(store.latest_screen(user))?,
            sessions: sessions?,
            entries: entries?,
            profile,
            tz,
            now: env.now(),
            same_stretch: env.catalog.same_stretch(),
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

    /// The records as `limber_app::personal` reads them.
    pub fn records(&self) -> limber_app::personal::Records<'_> {
        limber_app::personal::Records {
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

    /// [`Known::aggravating`] counting the stops up to `now` (after a
    /// session: its end, so its own stops count).
    pub fn aggravating_as_of(
        &self,
        sessions: &[SessionRecord],
        now: Timestamp,
    ) -> Vec<(ExerciseId, String)> {
        let records = limber_app::personal::Records {
            now,
            ..self.records()
        };
        limber_app::personal::aggravating(&records, sessions)
    }

    pub fn personal(&self, catalog: &Catalog) -> Personal {
        limber_app::personal::personal(&self.records(), catalog)
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
