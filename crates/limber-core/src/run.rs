//! Runs (and other activities) imported from GPX, TCX and FIT files.
//!
//! The file formats live in `limber-formats`; this is the one normalized
//! shape they all produce, what the store keeps and what the running
//! analytics read. Only running counts toward running figures: other sports
//! are recorded with their sport so an import never silently drops them.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::diary::{SessionId, SessionRecord};

pub use crate::id::RunId;

/// What kind of activity a file holds. JSON: kebab-case names.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Sport {
    Running,
    TrailRunning,
    Treadmill,
    Walking,
    Hiking,
    Cycling,
    Swimming,
    /// A sport limber does not know, or a file that does not say.
    Other,
}

impl Sport {
    pub const ALL: &'static [Sport] = <Sport as strum::VariantArray>::VARIANTS;

    /// Counts toward running figures and the after-run cool-down.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            Sport::Running | Sport::TrailRunning | Sport::Treadmill
        )
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Sport> {
        s.parse().ok()
    }

    /// The sport a file's free-text type or sport name means ("Running",
    /// "run", "biking", Strava's activity names such as "VirtualRide"…),
    /// `Other` when it is none limber knows. Strava's GPX exports write
    /// the activity type as a number: 1 ride, 4 hike, 9 run, 10 walk,
    /// 16 swim, 17 virtual ride, 18 e-bike ride, 53 virtual run.
    pub fn from_label(label: &str) -> Sport {
        let l = label.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match l.as_str() {
            "running" | "run" | "9" | "street-running" | "road-running" | "track"
            | "track-running" => Sport::Running,
            "trail-running" | "trail" | "trail-run" | "trailrun" => Sport::TrailRunning,
            "treadmill" | "treadmill-running" | "indoor-running" | "virtual-run" | "virtualrun"
            | "53" => Sport::Treadmill,
            "walking" | "walk" | "10" => Sport::Walking,
            "hiking" | "hike" | "4" => Sport::Hiking,
            "cycling" | "biking" | "bike" | "ride" | "1" | "road-biking" | "mountain-biking"
            | "indoor-cycling" | "virtual-ride" | "virtualride" | "17" | "ebikeride"
            | "e-bike-ride" | "18" => Sport::Cycling,
            "swimming" | "swim" | "16" => Sport::Swimming,
            _ => Sport::Other,
        }
    }
}

impl std::fmt::Display for Sport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a run's distance came from. JSON: `"file" | "points" | "none"`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum DistanceSource {
    /// The file's own distance fields (a FIT session, TCX laps).
    File,
    /// Computed from the track points' positions.
    Points,
    /// Neither: no distance fields and no positions (e.g. a treadmill
    /// without a foot pod).
    None,
}

impl DistanceSource {
    pub const ALL: &'static [DistanceSource] = <DistanceSource as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<DistanceSource> {
        s.parse().ok()
    }
}

/// One imported activity, normalized. JSON field names are stable
/// (`limber runs --json`, backups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub start: Timestamp,
    pub end: Timestamp,
    pub sport: Sport,
    /// Metres.
    pub distance_m: f64,
    pub distance_source: DistanceSource,
    /// Seconds spent moving (a watch's timer time when the file has one).
    pub moving_s: f64,
    /// Metres climbed; `None` when the file has no elevations.
    pub elevation_gain_m: Option<f64>,
}

impl Run {
    /// Elapsed time from start to end.
    pub fn duration(&self) -> SignedDuration {
        self.end.duration_since(self.start)
    }

    /// Kilometres.
    pub fn distance_km(&self) -> f64 {
        self.distance_m / 1000.0
    }

    /// Seconds per kilometre of moving time; `None` without a distance.
    pub fn pace_s_per_km(&self) -> Option<f64> {
        (self.distance_m >= 1.0 && self.moving_s > 0.0).then(|| self.moving_s / self.distance_km())
    }

    /// The key that makes an import idempotent: the start to the minute
    /// (UTC). The same run exported as GPX and as FIT starts at the same
    /// second; distances and end times differ between formats, so they are
    /// not part of it. The store also treats a run starting within
    /// [`SAME_RUN_WINDOW_S`] of a stored one as the same run, so two files
    /// whose starts fall either side of a minute boundary still match.
    pub fn fingerprint(&self) -> i64 {
        self.start.as_second().div_euclid(60)
    }
}

/// Runs starting this close together (seconds) are the same run.
pub const SAME_RUN_WINDOW_S: i64 = 60;

/// A stored run. JSON: the [`Run`] fields plus `id` and `cooldown_session`
/// (the session tagged as its cool-down, or null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: RunId,
    #[serde(flatten)]
    pub run: Run,
    pub cooldown_session: Option<SessionId>,
}

/// How adding one run to the store went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAdded {
    New(RunId),
    /// The same run was already stored under this id.
    Duplicate(RunId),
}

/// After a run ends, `plan` and `start` propose its cool-down this long.
pub const COOLDOWN_OFFER: SignedDuration = SignedDuration::from_hours(2);
/// A session starting this soon after a run's end counts as its cool-down
/// (the adherence figure, DESIGN.md).
pub const COOLDOWN_WITHIN: SignedDuration = SignedDuration::from_mins(60);

/// The session that was `run`'s cool-down: the one tagged as such, else the
/// first session that started within [`COOLDOWN_WITHIN`] after its end.
pub fn cooldown_of(run: &RunRecord, sessions: &[SessionRecord]) -> Option<SessionId> {
    run.cooldown_session.or_else(|| {
        let end = run.run.end;
        sessions
            .iter()
            .filter(|s| s.started_at >= end && s.started_at <= end + COOLDOWN_WITHIN)
            .min_by_key(|s| s.started_at)
            .map(|s| s.id)
    })
}

/// The run whose cool-down `plan` and `start` should propose at `now`: the
/// latest running activity that ended at most [`COOLDOWN_OFFER`] ago and
/// has no cool-down yet.
pub fn awaiting_cooldown<'a>(
    runs: &'a [RunRecord],
    sessions: &[SessionRecord],
    now: Timestamp,
) -> Option<&'a RunRecord> {
    runs.iter()
        .filter(|r| r.run.sport.is_running())
        .filter(|r| r.run.end <= now && now <= r.run.end + COOLDOWN_OFFER)
        .filter(|r| cooldown_of(r, sessions).is_none())
        .max_by_key(|r| r.run.end)
}

/// Formats a pace in seconds per km as "5:07 /km".
pub fn format_pace(s_per_km: f64) -> String {
    let total = s_per_km.round() as i64;
    format!("{}:{:02} /km", total / 60, total % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: i64, end: i64, m: f64, moving: f64) -> Run {
        Run {
            start: Timestamp::from_second(start).unwrap(),
            end: Timestamp::from_second(end).unwrap(),
            sport: Sport::Running,
            distance_m: m,
            distance_source: DistanceSource::File,
            moving_s: moving,
            elevation_gain_m: None,
        }
    }

    #[test]
    fn pace_is_moving_time_per_km() {
        let r = run(0, 1900, 5000.0, 1800.0);
        assert_eq!(r.pace_s_per_km(), Some(360.0));
        assert_eq!(format_pace(360.0), "6:00 /km");
        assert_eq!(format_pace(307.4), "5:07 /km");
        assert_eq!(run(0, 10, 0.0, 10.0).pace_s_per_km(), None);
    }

    #[test]
    fn fingerprint_is_the_start_minute() {
        assert_eq!(run(120, 200, 1.0, 1.0).fingerprint(), 2);
        assert_eq!(run(179, 500, 9.0, 9.0).fingerprint(), 2);
        assert_eq!(run(180, 200, 1.0, 1.0).fingerprint(), 3);
    }

    fn record(id: u128, start: i64, end: i64, sport: Sport, tag: Option<u128>) -> RunRecord {
        RunRecord {
            id: RunId::from_u128(id),
            run: Run {
                sport,
                ..run(start, end, 5000.0, 1500.0)
            },
            cooldown_session: tag.map(SessionId::from_u128),
        }
    }

    fn session(id: u128, start: i64) -> SessionRecord {
        SessionRecord {
            id: SessionId::from_u128(id),
            started_at: Timestamp::from_second(start).unwrap(),
            ended_at: None,
            status: crate::diary::SessionStatus::Completed,
            context: crate::diary::SessionContext::default(),
            program: "p".into(),
            pain_before: None,
            pain_after: None,
            steps: vec![],
            ratings: vec![],
        }
    }

    #[test]
    fn a_cooldown_is_the_tagged_session_or_one_within_an_hour() {
        let r = record(1, 0, 3600, Sport::Running, None);
        assert_eq!(cooldown_of(&r, &[session(7, 3600 + 3601)]), None);
        assert_eq!(
            cooldown_of(&r, &[session(7, 3600 + 3600), session(8, 3700)]),
            Some(SessionId::from_u128(8))
        );
        assert_eq!(
            cooldown_of(&r, &[session(9, 100)]),
            None,
            "a session during the run is not after it"
        );
        let tagged = record(1, 0, 3600, Sport::Running, Some(3));
        assert_eq!(
            cooldown_of(&tagged, &[session(8, 3700)]),
            Some(SessionId::from_u128(3))
        );
    }

    #[test]
    fn the_cooldown_is_offered_for_two_hours_after_the_latest_run() {
        let at = |s| Timestamp::from_second(s).unwrap();
        let runs = [
            record(1, 0, 1000, Sport::Running, None),
            record(2, 2000, 3000, Sport::Running, None),
            record(3, 3100, 3500, Sport::Cycling, None),
        ];
        assert_eq!(
            awaiting_cooldown(&runs, &[], at(3600)).map(|r| r.id),
            Some(RunId::from_u128(2))
        );
        assert_eq!(
            awaiting_cooldown(&runs, &[], at(3000 + 7200)).map(|r| r.id),
            Some(RunId::from_u128(2))
        );
        assert_eq!(awaiting_cooldown(&runs, &[], at(3000 + 7201)), None);
        // Not before it ends; not once it has its cool-down.
        assert_eq!(
            awaiting_cooldown(&runs, &[], at(2500)).map(|r| r.id),
            Some(RunId::from_u128(1))
        );
        // A session at 3100 s follows both runs within the hour.
        assert_eq!(
            awaiting_cooldown(&runs, &[session(5, 3100)], at(3600)),
            None
        );
        // One after run 1 only leaves run 2 waiting.
        assert_eq!(
            awaiting_cooldown(&runs, &[session(5, 1500)], at(3600)).map(|r| r.id),
            Some(RunId::from_u128(2))
        );
    }

    #[test]
    fn sport_labels() {
        assert_eq!(Sport::from_label("Running"), Sport::Running);
        assert_eq!(Sport::from_label("trail_running"), Sport::TrailRunning);
        assert_eq!(Sport::from_label("Biking"), Sport::Cycling);
        assert_eq!(Sport::from_label("9"), Sport::Running);
        assert_eq!(Sport::from_label("curling"), Sport::Other);
        // Strava's numeric GPX types and activity names; a virtual ride
        // on a trainer is cycling, a virtual run a run indoors.
        for (label, sport) in [
            ("1", Sport::Cycling),
            ("4", Sport::Hiking),
            ("10", Sport::Walking),
            ("16", Sport::Swimming),
            ("17", Sport::Cycling),
            ("VirtualRide", Sport::Cycling),
            ("18", Sport::Cycling),
            ("53", Sport::Treadmill),
            ("VirtualRun", Sport::Treadmill),
            ("TrailRun", Sport::TrailRunning),
            ("indoor_cycling", Sport::Cycling),
            ("11", Sport::Other),
        ] {
            assert_eq!(Sport::from_label(label), sport, "{label}");
        }
        for &s in Sport::ALL {
            assert_eq!(Sport::parse(s.as_str()), Some(s));
        }
        assert!(Sport::Treadmill.is_running() && !Sport::Walking.is_running());
    }
}
