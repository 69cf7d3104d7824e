//! The user's settings a page changes (pace, voice, time zone): read with
//! the profile's version and written back only over that version, so two
//! tabs (or a tab and the terminal) cannot silently undo each other.

use jiff::tz::TimeZone;
use limber_core::plan::Pace;
use limber_core::profile::Profile;
use limber_store::{Store, StoreError, UserId, Version, Versioned};
use serde::{Deserialize, Serialize};

/// The settings as stored, with the version a change must name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// Counting pace, counts a second (1 means a count of 20 takes 20 s).
    pub pace: f64,
    pub pace_min: f64,
    pub pace_max: f64,
    /// Speak the cues during a session.
    pub voice: bool,
    /// The IANA time zone that decides diary days; null: the system's.
    pub timezone: Option<String>,
    /// Send it back with a change: a change over another version is refused.
    pub version: u64,
}

impl Settings {
    fn of(profile: &Versioned<Profile>) -> Self {
        Self {
            pace: profile
                .pace
                .and_then(Pace::new)
                .unwrap_or_default()
                .counts_per_second(),
            pace_min: Pace::MIN,
            pace_max: Pace::MAX,
            voice: profile.voice.unwrap_or(false),
            timezone: profile.timezone.clone(),
            version: profile.version.0,
        }
    }
}

/// What to change; what is left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    /// 0.5 to 2.0 counts a second.
    #[serde(default)]
    pub pace: Option<f64>,
    #[serde(default)]
    pub voice: Option<bool>,
    /// An IANA time zone name, e.g. Europe/London.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The `version` the settings were read at; when given, the change is
    /// refused if they were saved since.
    #[serde(default)]
    pub version: Option<u64>,
}

/// Why settings were not changed. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("the settings were saved since version {read} was read: read them again")]
    Conflict { read: u64 },
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for SettingsError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

pub async fn settings<S: Store + ?Sized>(store: &S, user: UserId) -> Result<Settings, StoreError> {
    Ok(Settings::of(&store.profile(user).await?))
}

/// Checks every field, then saves them at once over the version read.
pub async fn change<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    change: &SettingsChange,
) -> Result<Settings, SettingsError> {
    let pace = change
        .pace
        .map(|p| {
            Pace::new(p).ok_or_else(|| SettingsError::Invalid {
                field: "pace",
                message: format!(
                    "must be from {} to {} counts a second, got {p}",
                    Pace::MIN,
                    Pace::MAX
                ),
            })
        })
        .transpose()?;
    if let Some(name) = &change.timezone
        && let Err(e) = TimeZone::get(name)
    {
        return Err(SettingsError::Invalid {
            field: "timezone",
            message: format!("{name:?} is no time zone limber knows: {e}"),
        });
    }
    let mut profile = store.profile(user).await?;
    if let Some(read) = change.version
        && Version(read) != profile.version
    {
        return Err(SettingsError::Conflict { read });
    }
    if let Some(p) = pace {
        profile.pace = Some(p.counts_per_second());
    }
    if let Some(v) = change.voice {
        profile.voice = Some(v);
    }
    if let Some(tz) = &change.timezone {
        profile.timezone = Some(tz.clone());
    }
    let read = profile.version.0;
    store
        .save_profile(user, &mut profile)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => SettingsError::Conflict { read },
            e => SettingsError::Store(e),
        })?;
    Ok(Settings::of(&profile))
}
