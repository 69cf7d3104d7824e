//! Real files from watches, bike computers and apps (tests/fixtures/README.md
//! names the device behind each and the package it came from), against
//! answers computed without limber: `tests/fixtures/known_answers.py` reads
//! each file with fitdecode (FIT), gpxpy (GPX) or tcxreader (TCX) and prints
//! the figures written below.
//!
//! What is compared: a FIT run's start, end (start + total elapsed time),
//! distance, timer time and climb are the session's fields; a TCX run's
//! distance and moving time are the sums of its laps' DistanceMeters and
//! TotalTimeSeconds, its end the last trackpoint's time; a GPX run's
//! distance is the haversine sum over each segment's points (gpxpy's own
//! `length_2d`, a flatter approximation, is within 0.2% of each).

use limber_core::run::{DistanceSource, Run, SAME_RUN_WINDOW_S, Sport};
use limber_formats::import::{self, Format, ParseError, Parsed, Problem};

use super::{close, fixture};

/// What the reference packages say about one run. `None` fields are not
/// in the file (limber's own figures for them are tested on hand-made files).
struct Known {
    start: &'static str,
    end: &'static str,
    sport: Sport,
    distance_m: f64,
    source: DistanceSource,
    moving_s: Option<f64>,
    climb_m: Option<f64>,
}

fn load(name: &str) -> Parsed {
    import::load(&fixture(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn only(name: &str, format: Format) -> Run {
    let parsed = load(name);
    assert_eq!(parsed.format, format, "{name}");
    assert_eq!(parsed.runs.len(), 1, "{name}: {parsed:?}");
    parsed.runs.into_iter().next().unwrap()
}

fn check(name: &str, run: &Run, known: &Known) {
    assert_eq!(run.start.to_string(), known.start, "{name}: start");
    assert_eq!(run.end.to_string(), known.end, "{name}: end");
    assert_eq!(run.sport, known.sport, "{name}: sport");
    assert_eq!(run.distance_source, known.source, "{name}: distance source");
    // File fields are decimal values the decoders scale identically; a
    // haversine sum is printed to the millimetre by known_answers.py.
    let tolerance = match known.source {
        DistanceSource::Points => 0.001,
        _ => 1e-6,
    };
    assert!(
        close(run.distance_m, known.distance_m, tolerance),
        "{name}: distance {} vs {}",
        run.distance_m,
        known.distance_m
    );
    if let Some(moving) = known.moving_s {
        assert!(
            close(run.moving_s, moving, 1e-6),
            "{name}: moving {} vs {moving}",
            run.moving_s
        );
    }
    if let Some(climb) = known.climb_m {
        assert_eq!(run.elevation_gain_m, Some(climb), "{name}: climb");
    }
}

fn fit(name: &str, known: &Known) {
    check(name, &only(name, Format::Fit), known);
}

#[test]
fn garmin_fit_files_match_fitdecode() {
    fit(
        "sweat/2020-06-01-16-52-40.fit", // Edge 1000
        &Known {
            start: "2020-06-01T14:52:40Z",
            end: "2020-06-01T14:54:33.15Z",
            sport: Sport::Cycling,
            distance_m: 668.19,
            source: DistanceSource::File,
            moving_s: Some(93.7),
            climb_m: Some(1.0),
        },
    );
    fit(
        "sweat/4801048867.fit", // Forerunner 935
        &Known {
            start: "2020-04-18T11:10:44Z",
            end: "2020-04-18T12:36:42.557Z",
            sport: Sport::Cycling,
            distance_m: 36_322.85,
            source: DistanceSource::File,
            moving_s: Some(5158.557),
            climb_m: Some(79.0),
        },
    );
    fit(
        "sports-lib/20171011_run_2088390344.fit", // vívoactive HR
        &Known {
            start: "2017-10-11T16:48:25Z",
            end: "2017-10-11T17:17:48.3Z",
            sport: Sport::Running,
            distance_m: 3230.8,
            source: DistanceSource::File,
            moving_s: Some(1763.3),
            climb_m: Some(10.0),
        },
    );
    // Indoor cycling: the session says 0 m and has no ascent; the records
    // have neither positions nor altitudes.
    fit(
        "sweat/6449921903_ACTIVITY.fit",
        &Known {
            start: "2021-03-18T13:02:33Z",
            end: "2021-03-18T13:07:57.513Z",
            sport: Sport::Cycling,
            distance_m: 0.0,
            source: DistanceSource::File,
            moving_s: Some(196.229),
            climb_m: None,
        },
    );
    let indoor = only("sweat/6449921903_ACTIVITY.fit", Format::Fit);
    assert_eq!(indoor.elevation_gain_m, None);
    assert_eq!(indoor.pace_s_per_km(), None);
}

#[test]
fn coros_fit_files_match_fitdecode() {
    fit(
        "sports-lib/OutdoorRun20200314145229.fit", // APEX Pro
        &Known {
            start: "2020-03-14T13:52:29Z",
            end: "2020-03-14T14:41:11Z",
            sport: Sport::Running,
            distance_m: 10_743.64,
            source: DistanceSource::File,
            moving_s: Some(2922.0),
            climb_m: Some(142.0),
        },
    );
    // COROS writes a trail run as plain running (no sub-sport); gzipped here.
    fit(
        "sports-lib/TrailRun20200215111630.fit.gz",
        &Known {
            start: "2020-02-15T10:16:30Z",
            end: "2020-02-15T12:58:09Z",
            sport: Sport::Running,
            distance_m: 21_524.3,
            source: DistanceSource::File,
            moving_s: Some(9699.0),
            climb_m: Some(539.0),
        },
    );
}

#[test]
fn suunto_fit_files_with_developer_fields_match_fitdecode() {
    // Suunto 9 Baro; its developer fields (feeling, recovery time, EPOC,
    // VO2max) are decoded and ignored.
    fit(
        "sports-lib/5e5fde38c2de24635a30d383-2.fit",
        &Known {
            start: "2020-03-04T16:14:31Z",
            end: "2020-03-04T16:51:06.998Z",
            sport: Sport::TrailRunning,
            distance_m: 6458.0,
            source: DistanceSource::File,
            moving_s: Some(2160.68),
            climb_m: Some(3.0),
        },
    );
    fit(
        "sports-lib/suunto-uphill.fit.gz",
        &Known {
            start: "2019-09-14T06:59:53Z",
            end: "2019-09-14T09:39:54.784Z",
            sport: Sport::TrailRunning,
            distance_m: 8225.0,
            source: DistanceSource::File,
            moving_s: Some(9542.64),
            climb_m: Some(1817.0),
        },
    );
}

#[test]
fn a_fit_multisport_activity_is_one_run_per_session() {
    // Forerunner 935: run, transition, rowing (sessions as fitdecode reads them).
    let parsed = load("sweat/6471559601_ACTIVITY.fit");
    let got: Vec<_> = parsed
        .runs
        .iter()
        .map(|r| (r.start.to_string(), r.end.to_string(), r.sport, r.moving_s))
        .collect();
    let want = [
        (
            "2021-03-22T10:48:16Z",
            "2021-03-22T10:48:40.593Z",
            Sport::Running,
            24.593,
        ),
        (
            "2021-03-22T10:48:40Z",
            "2021-03-22T10:48:51.763Z",
            Sport::Other,
            11.763,
        ),
        (
            "2021-03-22T10:48:52Z",
            "2021-03-22T10:49:15.245Z",
            Sport::Other,
            23.245,
        ),
    ]
    .map(|(a, b, s, m)| (a.to_string(), b.to_string(), s, m));
    assert_eq!(got, want);
    // Only the run counts toward running figures.
    let running: Vec<_> = parsed
        .runs
        .iter()
        .filter(|r| r.sport.is_running())
        .collect();
    assert_eq!(running.len(), 1);
}

#[test]
fn a_fit_session_without_times_takes_them_from_its_records() {
    // A virtual ride whose session has distance and ascent but no start or
    // elapsed time: the first and last record times (fitdecode) bound it.
    fit(
        "sports-lib/2020-01-09_virtualride.fit",
        &Known {
            start: "2020-01-09T17:49:07Z",
            end: "2020-01-09T18:18:12Z",
            sport: Sport::Cycling,
            distance_m: 11_058.0,
            source: DistanceSource::File,
            moving_s: None,
            climb_m: Some(210.0),
        },
    );
}

#[test]
fn a_fit_file_never_finished_is_refused_naming_the_file_and_why() {
    // Its header says it holds no data, so the two bytes after the header
    // are read as the file's checksum, which fitdecode also finds wrong
    // ("mismatching CRC in FIT footer (footer offset: 12"). 86,016 bytes
    // in all: 12 of header, 86,004 after it.
    let path = fixture("sports-lib/broken.fit");
    let err = import::load(&path).unwrap_err();
    assert!(
        matches!(err.problem, Problem::Parse(ParseError::Fit(_))),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: FIT: the header says the file holds no records, yet 86004 bytes follow it: the file was not written to the end",
            path.display()
        )
    );
}

#[test]
fn polar_tcx_matches_tcxreader() {
    // Polar M400 through Polar Flow: two laps; the run starts at the first
    // lap, a second after the activity's Id.
    check(
        "sweat/3173437224.tcx.gz",
        &only("sweat/3173437224.tcx.gz", Format::Tcx),
        &Known {
            start: "2019-01-29T10:25:13Z",
            end: "2019-01-29T11:30:16.719Z",
            sport: Sport::Running,
            distance_m: 4_508.500_091_552_734,
            source: DistanceSource::File,
            moving_s: Some(3510.0),
            climb_m: None,
        },
    );
}

#[test]
fn garmin_connect_exports_match_gpxpy_and_tcxreader() {
    let name = "sports-lib/20171008_run_2067489619.gpx.gz";
    check(
        name,
        &only(name, Format::Gpx),
        &Known {
            start: "2017-10-08T14:54:11Z",
            end: "2017-10-08T15:41:09Z",
            sport: Sport::Running,
            distance_m: 4395.244,
            source: DistanceSource::Points,
            moving_s: None,
            climb_m: None,
        },
    );
    // vívoactive 3: three laps; the last trackpoint has a time but no
    // position, and still ends the run (tcxreader with only_gps=False).
    let name = "sports-lib/20181021_run_3106033902.tcx.gz";
    check(
        name,
        &only(name, Format::Tcx),
        &Known {
            start: "2018-10-21T13:50:14Z",
            end: "2018-10-21T14:18:25Z",
            sport: Sport::Running,
            distance_m: 2854.21,
            source: DistanceSource::File,
            moving_s: Some(1679.0),
            climb_m: None,
        },
    );
}

#[test]
fn strava_exports_match_gpxpy_and_tcxreader() {
    // "StravaGPX Android", type 9 (a run).
    let name = "sports-lib/20170319_run_906581465.gpx.gz";
    check(
        name,
        &only(name, Format::Gpx),
        &Known {
            start: "2017-03-19T16:49:30Z",
            end: "2017-03-19T17:22:08Z",
            sport: Sport::Running,
            distance_m: 4589.183,
            source: DistanceSource::Points,
            moving_s: None,
            climb_m: None,
        },
    );
    let name = "sports-lib/20160911_run_708752345.tcx.gz";
    check(
        name,
        &only(name, Format::Tcx),
        &Known {
            start: "2016-09-11T15:57:36Z",
            end: "2016-09-11T17:05:26Z",
            sport: Sport::Running,
            distance_m: 6106.6,
            source: DistanceSource::File,
            moving_s: Some(4070.0),
            climb_m: None,
        },
    );
    // Strava's GPX type 17 is a virtual ride: cycling, not an unknown sport.
    let name = "sports-lib/20160422_virtualride_553573871.gpx.gz";
    check(
        name,
        &only(name, Format::Gpx),
        &Known {
            start: "2016-04-22T16:44:13Z",
            end: "2016-04-22T17:47:22Z",
            sport: Sport::Cycling,
            distance_m: 28_589.233,
            source: DistanceSource::Points,
            moving_s: None,
            climb_m: None,
        },
    );
}

/// The store keeps one run per start (`Run::fingerprint`, and starts within
/// `SAME_RUN_WINDOW_S` of a stored one): each export of one activity must
/// start where the device's own FIT file does.
fn same_activity(fit: &Run, other: &Run, name: &str) {
    assert_eq!(other.fingerprint(), fit.fingerprint(), "{name}");
    assert!(
        other.start.duration_since(fit.start).as_secs().abs() < SAME_RUN_WINDOW_S,
        "{name}"
    );
    assert_eq!(other.sport, fit.sport, "{name}");
}

#[test]
fn one_ride_exported_as_fit_gpx_and_tcx_is_the_same_run() {
    // Garmin Edge 1000's FIT and Garmin Connect's GPX and TCX of that ride.
    let fit = only("sweat/2020-06-01-16-52-40.fit", Format::Fit);
    let name = "sweat/activity_5039744860.gpx";
    let gpx = only(name, Format::Gpx);
    check(
        name,
        &gpx,
        &Known {
            start: "2020-06-01T14:52:40Z",
            end: "2020-06-01T14:54:46Z",
            sport: Sport::Cycling,
            distance_m: 899.259,
            source: DistanceSource::Points,
            moving_s: None,
            climb_m: None,
        },
    );
    same_activity(&fit, &gpx, name);
    let name = "sweat/activity_5039744860.tcx";
    let tcx = only(name, Format::Tcx);
    check(
        name,
        &tcx,
        &Known {
            start: "2020-06-01T14:52:40Z",
            end: "2020-06-01T14:54:46Z",
            sport: Sport::Cycling,
            distance_m: 668.19,
            source: DistanceSource::File,
            moving_s: Some(126.0),
            climb_m: None,
        },
    );
    same_activity(&fit, &tcx, name);
    // The TCX carries the device's distance, the same as the FIT session's.
    assert!(close(tcx.distance_m, fit.distance_m, 1e-6));

    // Forerunner 935's FIT and Strava's GPX export of the same ride (type 1).
    let fit = only("sweat/4801048867.fit", Format::Fit);
    let name = "sweat/4801048867_strava.gpx.gz";
    let strava = only(name, Format::Gpx);
    check(
        name,
        &strava,
        &Known {
            start: "2020-04-18T11:10:44Z",
            end: "2020-04-18T12:36:42Z",
            sport: Sport::Cycling,
            distance_m: 36_271.465,
            source: DistanceSource::Points,
            moving_s: None,
            climb_m: None,
        },
    );
    same_activity(&fit, &strava, name);
    // Distance from the points is within 0.2% of the watch's own.
    assert!(
        (strava.distance_m / fit.distance_m - 1.0).abs() < 0.002,
        "{} vs {}",
        strava.distance_m,
        fit.distance_m
    );
}
