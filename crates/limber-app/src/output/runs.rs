//! `limber runs --json`: imported activities, oldest first.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::mirror_enum;

mirror_enum! {
    /// The kind of activity the file held.
    #[serde(rename_all = "kebab-case")]
    Sport from limber_core::run::Sport {
        Running, TrailRunning, Treadmill, Walking, Hiking, Cycling, Swimming, Other
    }
}

mirror_enum! {
    /// Where the distance came from: `file` (the file's own distance
    /// fields), `points` (computed from the track's positions) or `none`.
    #[serde(rename_all = "kebab-case")]
    DistanceSource from limber_core::run::DistanceSource { File, Points, None }
}

/// One imported activity, with its pace and the session that was its
/// cool-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunOutput {
    /// The run's id: a UUID (v7) made when it was imported.
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: Timestamp,
    pub sport: Sport,
    /// Metres.
    pub distance_m: f64,
    pub distance_source: DistanceSource,
    /// Seconds spent moving.
    pub moving_s: f64,
    /// Metres climbed, or null when the file has no elevations.
    pub elevation_gain_m: Option<f64>,
    /// The session recorded as this run's cool-down, or null.
    pub cooldown_session: Option<String>,
    /// Seconds per km of moving time, or null without a distance.
    pub pace_s_per_km: Option<f64>,
    /// Whether the sport counts as running (running, trail, treadmill).
    pub running: bool,
    /// The session that was its cool-down: the one recorded as such, else
    /// the first that started within 60 min of the run's end; or null.
    pub cooldown: Option<String>,
}

impl RunOutput {
    /// `sessions`: the stored sessions, to find the cool-down among.
    pub fn new(
        r: &limber_core::run::RunRecord,
        sessions: &[limber_core::diary::SessionRecord],
    ) -> Self {
        Self {
            id: r.id.to_string(),
            start: r.run.start,
            end: r.run.end,
            sport: r.run.sport.into(),
            distance_m: r.run.distance_m,
            distance_source: r.run.distance_source.into(),
            moving_s: r.run.moving_s,
            elevation_gain_m: r.run.elevation_gain_m,
            cooldown_session: r.cooldown_session.map(|s| s.to_string()),
            pace_s_per_km: r.run.pace_s_per_km(),
            running: r.run.sport.is_running(),
            cooldown: limber_core::run::cooldown_of(r, sessions).map(|s| s.to_string()),
        }
    }
}
