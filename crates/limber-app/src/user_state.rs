//! Everything stored about one user that the session use cases read, loaded
//! once per request, and what the core's rules make of it.
//!
//! The CLI loads it once per command; a web handler would load it once per
//! request. Either way the rules below see the same records, so `plan`,
//! `start` and the report cannot disagree about a pause or a mark.
//!
//! [`UserState::recent`] reads only the last [`RECENT_DAYS`] of the diary,
//! so a command costs the same at ten years as at one week. What the
//! rules found that outlasts that window (a pause not yet acknowledged, an
//! aggravating mark not yet cleared) is kept in the profile's `standing`
//! when it is written ([`remember`]), and each rule below answers from the
//! records it has and the standing together: the same answer as reading
//! the whole diary.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use limber_core::diary::{PainEntry, SessionRecord};
use limber_core::plan::Personal;
use limber_core::profile::Profile;
use limber_core::rules::{self, MorningAdvice};
use limber_core::safety::ScreenRecord;
pub use limber_core::safety::standing::RECENT_DAYS;
use limber_core::safety::standing::{self, Finding, Standing};
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
    /// Every session ([`UserState::load`]) or those of the last
    /// [`RECENT_DAYS`] ([`UserState::recent`]), oldest first.
    pub sessions: Vec<SessionRecord>,
    /// Every diary entry, or the recent ones, as `sessions`.
    pub entries: Vec<PainEntry>,
    pub tz: TimeZone,
    pub now: Timestamp,
    /// `Catalog::same_stretch`, for the aggravating rule.
    pub same_stretch: Vec<(ExerciseId, ExerciseId)>,
    /// Sessions older than those read exist.
    older_sessions: bool,
    /// The first instant read ([`UserState::recent`]); `None`: all of it.
    since: Option<Timestamp>,
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
    /// The whole diary: for what reads all of it (stats, a trial's
    /// analysis, the report).
    pub async fn load<S: Store + ?Sized>(
        store: &S,
        user: UserId,
        now: Timestamp,
        catalog: &Catalog,
    ) -> Result<Self, LoadError> {
        let profile = store.profile(user).await?;
        Self::read(store, user, now, catalog, profile, None).await
    }

    /// The diary of the last [`RECENT_DAYS`] before `now` (and anything
    /// after it): what the session use cases need, at a cost that does not
    /// grow with the diary. A profile without a standing yet (kept by an
    /// older limber) reads the whole diary, until a write keeps one.
    pub async fn recent<S: Store + ?Sized>(
        store: &S,
        user: UserId,
        now: Timestamp,
        catalog: &Catalog,
    ) -> Result<Self, LoadError> {
        let profile = store.profile(user).await?;
        let since = profile.standing.is_some().then(|| window_start(now));
        Self::read(store, user, now, catalog, profile, since).await
    }

    async fn read<S: Store + ?Sized>(
        store: &S,
        user: UserId,
        now: Timestamp,
        catalog: &Catalog,
        profile: Versioned<Profile>,
        since: Option<Timestamp>,
    ) -> Result<Self, LoadError> {
        let tz = profile_tz(&profile)?;
        // The reads at once: SQLite works on each in its own thread.
        let (screen, sessions, entries) = tokio::join!(
            store.latest_screen(user),
            store.sessions(user, since),
            store.pain_entries(user, since),
        );
        let sessions = sessions?;
        let older_sessions = match since {
            Some(since) if sessions.is_empty() => store
                .session_page(user, None, 1)
                .await?
                .first()
                .is_some_and(|s| s.started_at < since),
            _ => false,
        };
        Ok(Self {
            screen: screen?,
            sessions,
            entries: entries?,
            profile,
            tz,
            now,
            same_stretch: catalog.same_stretch(),
            older_sessions,
            since,
        })
    }

    /// No session was ever recorded (before those read, either).
    pub fn first_session(&self) -> bool {
        self.sessions.is_empty() && !self.older_sessions
    }

    /// Keeps what the rules find in the records read (and any written
    /// since into them) in the profile's standing, so it outlasts the
    /// window: after a session or a diary entry is stored.
    pub async fn remember<S: Store + ?Sized>(
        &mut self,
        store: &S,
        user: UserId,
    ) -> Result<(), StoreError> {
        let found = findings(
            &self.sessions,
            &self.entries,
            &self.profile,
            &self.tz,
            self.now,
            &self.same_stretch,
            self.since,
        );
        self.profile = remember(store, user, self.now, &self.tz, found, &self.same_stretch).await?;
        Ok(())
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
        let ack = self.profile.morning_pause_acknowledged;
        let found = rules::morning_pause_finding(
            &self.sessions,
            &self.entries,
            &self.tz,
            self.today(),
            ack,
        )
        .filter(|f| trusted(f, self.since));
        let kept = self
            .profile
            .standing
            .as_ref()
            .and_then(|s| s.morning_pause.clone())
            .filter(|f| fresh(f, ack) && f.at <= self.now);
        standing::latest(found, kept).map(|f| f.why)
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
        diary_pause_in(&self.entries, &self.tz, &self.profile, self.since)
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
/// change) not acknowledged since, with the advice to show: found in
/// `entries`, or kept in the profile's standing.
pub fn diary_pause(entries: &[PainEntry], tz: &TimeZone, profile: &Profile) -> Option<String> {
    diary_pause_in(entries, tz, profile, None)
}

/// [`diary_pause`] over the entries from `since` on (all when `None`).
pub fn diary_pause_in(
    entries: &[PainEntry],
    tz: &TimeZone,
    profile: &Profile,
    since: Option<Timestamp>,
) -> Option<String> {
    let ack = profile.diary_pause_acknowledged;
    let found =
        limber_core::worsening::diary_worsening(entries, tz, ack).filter(|f| trusted(f, since));
    diary_pause_with(found, profile)
}

/// The diary pause in force: `found` (the worsening the records read show,
/// after the acknowledgement, trusted) or the one kept in the standing.
pub fn diary_pause_with(found: Option<Finding>, profile: &Profile) -> Option<String> {
    let ack = profile.diary_pause_acknowledged;
    let kept = profile
        .standing
        .as_ref()
        .and_then(|s| s.diary_pause.clone())
        .filter(|f| fresh(f, ack));
    standing::latest(found, kept).map(|w| {
        format!(
            "{}. Please check with a clinician (physio or GP) before carrying on.",
            w.why
        )
    })
}

/// Not lifted by an acknowledgement at `ack`.
fn fresh(f: &Finding, ack: Option<Timestamp>) -> bool {
    ack.is_none_or(|ack| f.at > ack)
}

/// How far back a pause rule compares a finding's records: a two-morning
/// pause's later morning with the one up to 14 days before it and the 28
/// days before that, with a day to spare. (A weekly rise needs 20 days, a
/// spreading entry 14.)
const LOOKBACK_DAYS: i64 =
    rules::MORNING_PAIR_DAYS as i64 + rules::MORNING_BASELINE_DAYS as i64 + 2;

/// A pause found in the records from `since` on is what the whole diary
/// would show only when all it compares with was read: one found earlier
/// in the window rests on a cut-off baseline, and is left to the standing
/// (kept when its records were new).
pub fn trusted(f: &Finding, since: Option<Timestamp>) -> bool {
    since.is_none_or(|s| {
        s.checked_add(jiff::SignedDuration::from_hours(24 * LOOKBACK_DAYS))
            .is_ok_and(|from| f.at >= from)
    })
}

/// The first instant [`UserState::recent`] reads.
pub fn window_start(now: Timestamp) -> Timestamp {
    now.saturating_sub(jiff::SignedDuration::from_hours(24 * RECENT_DAYS))
        .unwrap_or(Timestamp::MIN)
}

/// What the rules find in `sessions` and `entries` (read from `since` on,
/// or all of them) as of `now`, whether acknowledged or not (an
/// acknowledgement is applied when reading).
pub fn findings(
    sessions: &[SessionRecord],
    entries: &[PainEntry],
    profile: &Profile,
    tz: &TimeZone,
    now: Timestamp,
    same_stretch: &[(ExerciseId, ExerciseId)],
    since: Option<Timestamp>,
) -> Standing {
    let today = tz.to_datetime(now).date();
    Standing {
        diary_pause: limber_core::worsening::diary_worsening(entries, tz, None)
            .filter(|f| trusted(f, since)),
        morning_pause: rules::morning_pause_finding(sessions, entries, tz, today, None)
            .filter(|f| trusted(f, since)),
        aggravating: rules::aggravating_marks(
            sessions,
            &profile.cleared_aggravating,
            tz,
            now,
            same_stretch,
        ),
    }
}

/// Adds `found` to the user's standing and saves the profile if that
/// changed it; returns the profile as stored. A profile with no standing
/// yet gets one worked out from the whole diary, read this once.
pub async fn remember<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    now: Timestamp,
    tz: &TimeZone,
    found: Standing,
    same_stretch: &[(ExerciseId, ExerciseId)],
) -> Result<Versioned<Profile>, StoreError> {
    let mut profile = store.profile(user).await?;
    let known = match &profile.standing {
        Some(kept) => standing_as_of(kept, &profile, now, same_stretch),
        None => {
            let (sessions, entries) =
                tokio::join!(store.sessions(user, None), store.pain_entries(user, None));
            findings(&sessions?, &entries?, &profile, tz, now, same_stretch, None)
        }
    };
    let next = known.with(found);
    if profile.standing.as_ref() != Some(&next) {
        profile.standing = Some(next);
        store.save_profile(user, &mut profile).await?;
    }
    Ok(profile)
}

/// The standing kept in `profile` as it stands at `now`: a mark turned
/// back on since is forgotten, so that it cannot outrank a newer one.
pub fn standing_as_of(
    kept: &Standing,
    profile: &Profile,
    now: Timestamp,
    same_stretch: &[(ExerciseId, ExerciseId)],
) -> Standing {
    let mut kept = kept.clone();
    let cleared = &profile.cleared_aggravating;
    kept.aggravating
        .retain(|m| rules::mark_stands(m, cleared, now, same_stretch) || m.at > now);
    kept
}
