//! The importer against hand-made files with known answers, real device
//! files (see tests/fixtures/README.md) and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use limber_core::run::{DistanceSource, Run, Sport};
use limber_formats::import::{self, Format, ParseError, Problem};
use limber_testutil::runfiles::{self, FitActivity, FitSession, straight_track};

/// Files from many devices and apps with answers from other parsers.
mod devices;

/// 2026-11-30T07:00:00Z
const START: i64 = 1_796_022_000;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn one(bytes: &[u8]) -> Run {
    let parsed = import::parse(bytes).unwrap();
    assert_eq!(parsed.runs.len(), 1, "{parsed:?}");
    parsed.runs.into_iter().next().unwrap()
}

fn parse_err(bytes: &[u8]) -> ParseError {
    import::parse(bytes).unwrap_err()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn session() -> FitSession {
    FitSession {
        sport: 1,
        sub_sport: 0,
        elapsed_s: 1600.0,
        timer_s: 1500.0,
        distance_m: 5000.0,
        ascent_m: 42,
    }
}

// ---- hand-made files with known answers ----

#[test]
fn gpx_distance_moving_time_and_climb_come_from_the_points() {
    // 11 points 10 s apart, each 0.0001° (11.12 m) further north: 10 steps.
    let points = straight_track(11, 10);
    let run = one(runfiles::gpx(START, &points, Some("running")).as_bytes());
    assert_eq!(run.start.as_second(), START);
    assert_eq!(run.end.as_second(), START + 100);
    assert_eq!(run.sport, Sport::Running);
    assert_eq!(run.distance_source, DistanceSource::Points);
    assert!(close(run.distance_m, 111.19, 0.05), "{}", run.distance_m);
    // 1.1 m/s is moving: all 100 s.
    assert_eq!(run.moving_s, 100.0);
    // 400 → 405 m by 1 m steps: the climb counts once it passes 3 m (at
    // 404), and the last metre never clears the next 3 m threshold.
    assert_eq!(run.elevation_gain_m, Some(4.0));
    assert!(close(run.pace_s_per_km().unwrap(), 100.0 / 0.111_19, 1.0));
}

#[test]
fn a_byte_order_mark_and_gpx_1_0_are_read() {
    let points = straight_track(5, 10);
    let gpx = runfiles::gpx(START, &points, None);
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), gpx.as_bytes()].concat();
    assert_eq!(one(&with_bom), one(gpx.as_bytes()));
    let v10 = gpx
        .replace("version=\"1.1\"", "version=\"1.0\"")
        .replace("GPX/1/1", "GPX/1/0");
    assert_eq!(one(v10.as_bytes()).end.as_second(), START + 40);
}

#[test]
fn gpx_type_names_the_sport_and_no_type_is_a_run() {
    let points = straight_track(5, 10);
    assert_eq!(
        one(runfiles::gpx(START, &points, Some("cycling")).as_bytes()).sport,
        Sport::Cycling
    );
    assert_eq!(
        one(runfiles::gpx(START, &points, Some("9")).as_bytes()).sport,
        Sport::Running
    );
    assert_eq!(
        one(runfiles::gpx(START, &points, None).as_bytes()).sport,
        Sport::Running
    );
}

#[test]
fn tcx_lap_fields_win_over_the_points() {
    let points = straight_track(11, 10);
    let run = one(runfiles::tcx(START, &points, "Running", Some(120.0), Some(95.0)).as_bytes());
    assert_eq!(
        (run.distance_m, run.distance_source),
        (120.0, DistanceSource::File)
    );
    assert_eq!(run.moving_s, 95.0);
    assert_eq!(run.start.as_second(), START);
    assert_eq!(run.end.as_second(), START + 100);
    assert_eq!(run.elevation_gain_m, Some(4.0));
}

#[test]
fn tcx_without_lap_fields_uses_the_trackpoint_distance() {
    let points = straight_track(11, 10);
    let run = one(runfiles::tcx(START, &points, "Biking", None, None).as_bytes());
    assert_eq!(run.sport, Sport::Cycling);
    assert_eq!(run.distance_source, DistanceSource::File);
    assert!(close(run.distance_m, 111.195, 0.01), "{}", run.distance_m);
    assert_eq!(run.moving_s, 100.0);
}

#[test]
fn fit_session_fields_are_the_run() {
    let bytes = runfiles::fit_activity(&FitActivity {
        start: START,
        points: straight_track(20, 5),
        session: Some(session()),
        ..FitActivity::default()
    });
    assert_eq!(import::sniff(&bytes), Ok(Format::Fit));
    let run = one(&bytes);
    assert_eq!(run.start.as_second(), START);
    assert_eq!(run.end.as_second(), START + 1600);
    assert_eq!(
        (run.distance_m, run.distance_source),
        (5000.0, DistanceSource::File)
    );
    assert_eq!(run.moving_s, 1500.0);
    assert_eq!(run.elevation_gain_m, Some(42.0));
    assert_eq!(run.sport, Sport::Running);
    assert_eq!(run.pace_s_per_km(), Some(300.0));
}

#[test]
fn fit_compressed_timestamps_and_developer_fields_decode_to_the_same_run() {
    let plain = FitActivity {
        start: START,
        points: straight_track(40, 3),
        session: None,
        ..FitActivity::default()
    };
    let fancy = FitActivity {
        compressed_timestamps: true,
        developer_field: true,
        ..plain.clone()
    };
    let a = one(&runfiles::fit_activity(&plain));
    let b = one(&runfiles::fit_activity(&fancy));
    assert_eq!(a, b);
    // No session message: the records' own cumulative distance and times.
    assert_eq!(b.start.as_second(), START);
    assert_eq!(b.end.as_second(), START + 39 * 3);
    assert!(
        close(b.distance_m, 39.0 * 11.1195, 0.05),
        "{}",
        b.distance_m
    );
    assert_eq!(b.distance_source, DistanceSource::File);
    assert_eq!(b.moving_s, 117.0);
}

#[test]
fn fit_chained_files_give_one_run_each() {
    let first = runfiles::fit_activity(&FitActivity {
        start: START,
        points: straight_track(10, 5),
        session: Some(session()),
        ..FitActivity::default()
    });
    let second = runfiles::fit_activity(&FitActivity {
        start: START + 3600,
        points: straight_track(10, 5),
        session: Some(FitSession {
            sport: 2,
            ..session()
        }),
        compressed_timestamps: true,
        ..FitActivity::default()
    });
    let parsed = import::parse(&[first, second].concat()).unwrap();
    let sports: Vec<_> = parsed
        .runs
        .iter()
        .map(|r| (r.start.as_second(), r.sport))
        .collect();
    assert_eq!(
        sports,
        [(START, Sport::Running), (START + 3600, Sport::Cycling)]
    );
}

#[test]
fn fit_sub_sports() {
    let with = |sport, sub_sport| {
        one(&runfiles::fit_activity(&FitActivity {
            start: START,
            points: straight_track(3, 5),
            session: Some(FitSession {
                sport,
                sub_sport,
                ..session()
            }),
            ..FitActivity::default()
        }))
        .sport
    };
    assert_eq!(with(1, 1), Sport::Treadmill);
    assert_eq!(with(1, 3), Sport::TrailRunning);
    assert_eq!(with(11, 0), Sport::Walking);
    assert_eq!(with(17, 0), Sport::Hiking);
}

// ---- real device files ----

#[test]
fn real_fit_files() {
    let load = |name: &str| import::load(&fixture(name));
    let a = load("fitparser/Activity.fit").unwrap();
    assert_eq!(a.runs.len(), 1);
    assert_eq!(a.runs[0].sport, Sport::Running);
    assert_eq!(a.runs[0].start.to_string(), "2012-04-09T21:22:26Z");
    assert!(close(a.runs[0].distance_m, 5.73, 1e-9));

    let bike = load("fitparser/garmin-fenix-5-bike.fit").unwrap();
    assert_eq!(bike.runs[0].sport, Sport::Cycling);
    assert!(close(bike.runs[0].distance_m, 459.52, 1e-9));

    let hrv = load("fitparser/hrv-activity.fit").unwrap();
    assert_eq!(hrv.runs[0].start.to_string(), "2022-02-07T16:47:52Z");
    assert!(close(hrv.runs[0].distance_m, 6873.6, 1e-9));

    // Two FIT files back to back (a multisport recording).
    let chained = load("fitparser/sample_mulitple_header.fit").unwrap();
    assert!(chained.runs.len() >= 2, "{chained:?}");
    assert_eq!(chained.runs[0].sport, Sport::Swimming);
    assert_eq!(chained.runs[0].start.to_string(), "2018-05-27T07:33:01Z");

    // Developer fields decode; the SDK's sample has no times, so it is no run.
    let dev = load("fitparser/DeveloperData.fit").unwrap_err();
    assert!(
        matches!(dev.problem, Problem::Parse(ParseError::NoTimes)),
        "{dev}"
    );

    let settings = load("fitparser/Settings.fit").unwrap_err();
    assert_eq!(
        settings.to_string(),
        format!(
            "{}: FIT: is a settings file, not an activity",
            fixture("fitparser/Settings.fit").display()
        )
    );
}

#[test]
fn real_gpx_files() {
    let load = |name: &str| import::load(&fixture(name));
    let run = &load("gpxpy/cerknicko-jezero.gpx").unwrap().runs[0];
    assert_eq!(run.start.to_string(), "2010-08-05T14:23:59Z");
    assert_eq!(run.end.to_string(), "2010-08-05T16:23:49Z");
    assert_eq!(run.distance_source, DistanceSource::Points);
    assert!(close(run.distance_m, 4575.0, 1.0), "{}", run.distance_m);

    // GPX 1.0 and 1.1 with every field.
    assert_eq!(
        load("gpxpy/gpx1.0_with_all_fields.gpx").unwrap().format,
        Format::Gpx
    );
    assert_eq!(
        load("gpxpy/gpx1.1_with_all_fields.gpx").unwrap().format,
        Format::Gpx
    );
    // An empty segment among full ones.
    let seg = &load("gpxpy/track-with-empty-segment.gpx").unwrap().runs[0];
    assert!(close(seg.distance_m, 85.85, 0.01), "{}", seg.distance_m);
    let hike = &load("gpxpy/korita-zbevnica.gpx").unwrap().runs[0];
    assert!(close(hike.distance_m, 14_897.0, 1.0), "{}", hike.distance_m);

    let problem = |name: &str| match load(name).unwrap_err().problem {
        Problem::Parse(p) => p,
        other => panic!("{other:?}"),
    };
    // A byte-order mark is fine; that file holds only a waypoint.
    assert_eq!(problem("gpxpy/unicode_with_bom.gpx"), ParseError::NoPoints);
    assert_eq!(problem("gpxpy/route.gpx"), ParseError::NoPoints);
    assert_eq!(
        problem("gpxpy/cerknicko-without-times.gpx"),
        ParseError::NoTimes
    );
    // A GPS without a clock: 1901 times, one a fraction before the other.
    assert!(matches!(
        problem("gpxpy/Mojstrovka.gpx"),
        ParseError::OutOfOrder {
            at: 16,
            prev_at: 12,
            ..
        }
    ));
}

// ---- bad input ----

#[test]
fn gpx_with_no_points() {
    assert_eq!(
        parse_err(b"<gpx version=\"1.1\"><trk><trkseg></trkseg></trk></gpx>"),
        ParseError::NoPoints
    );
    assert_eq!(
        parse_err(b"<gpx version=\"1.1\"></gpx>"),
        ParseError::NoPoints
    );
}

#[test]
fn gpx_timestamps_out_of_order_name_both_lines() {
    let mut points = straight_track(4, 10);
    points[2].t = 5;
    let err = parse_err(runfiles::gpx(START, &points, None).as_bytes());
    assert!(
        matches!(
            err,
            ParseError::OutOfOrder {
                at: 7,
                prev_at: 6,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("line 7: the time 2026-11-30T07:00:05Z is before"),
        "{err}"
    );
}

#[test]
fn xml_entity_bomb_is_refused_without_expanding() {
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [\n<!ENTITY a \"aaaaaaaaaa\">\n");
    for i in 1..10 {
        bomb.push_str(&format!(
            "<!ENTITY {} \"{}\">\n",
            (b'a' + i) as char,
            format!("&{};", (b'a' + i - 1) as char).repeat(10)
        ));
    }
    bomb.push_str("]>\n<gpx><trk><type>&j;</type><trkseg><trkpt lat=\"1\" lon=\"1\"><time>2026-11-30T07:00:00Z</time></trkpt></trkseg></trk></gpx>\n");
    assert_eq!(parse_err(bomb.as_bytes()), ParseError::Doctype { line: 2 });
    // A TCX one too.
    let tcx = "<!DOCTYPE x [<!ENTITY a \"b\">]><TrainingCenterDatabase/>";
    assert_eq!(parse_err(tcx.as_bytes()), ParseError::Doctype { line: 1 });
}

#[test]
fn malformed_xml_names_the_line() {
    let err = parse_err(b"<gpx>\n<trk>\n<trkseg>\n<trkpt lat=\"1\" lon=\"2\"></trk>\n");
    assert!(matches!(err, ParseError::Xml { line: 4, .. }), "{err:?}");
    let err =
        parse_err(b"<gpx>\n<trk><trkseg>\n<trkpt lat=\"91\" lon=\"2\"/></trkseg></trk></gpx>");
    assert_eq!(
        err,
        ParseError::BadValue {
            line: 3,
            what: "latitude",
            value: "91".into()
        }
    );
}

fn fit_run() -> Vec<u8> {
    runfiles::fit_activity(&FitActivity {
        start: START,
        points: straight_track(30, 5),
        session: Some(session()),
        ..FitActivity::default()
    })
}

#[test]
fn fit_with_a_wrong_crc_is_refused() {
    let mut bytes = fit_run();
    let n = bytes.len();
    bytes[n - 1] ^= 0xFF;
    assert_eq!(parse_err(&bytes), ParseError::FitCrc);
    // A damaged byte inside a record, CRC unchanged.
    let mut bytes = fit_run();
    bytes[60] ^= 0x01;
    assert_eq!(parse_err(&bytes), ParseError::FitCrc);
}

#[test]
fn truncated_fit_is_refused_wherever_it_is_cut() {
    let bytes = fit_run();
    for cut in [
        13,
        14,
        15,
        40,
        bytes.len() / 2,
        bytes.len() - 2,
        bytes.len() - 1,
    ] {
        let err = parse_err(&bytes[..cut]);
        assert!(
            matches!(err, ParseError::FitTruncated | ParseError::NotRecognized(_)),
            "cut at {cut}: {err:?}"
        );
    }
    assert_eq!(
        parse_err(&bytes[..bytes.len() - 2]),
        ParseError::FitTruncated
    );
}

#[test]
fn fit_that_is_not_an_activity_is_refused() {
    let bytes = runfiles::fit_activity(&FitActivity {
        start: START,
        points: straight_track(3, 5),
        file_type: 2,
        ..FitActivity::default()
    });
    assert_eq!(
        parse_err(&bytes),
        ParseError::FitNotActivity("settings".into())
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_zip_in_disguise_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "run.gpx",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip",
    );
    let err = import::load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is a zip archive, not a GPX, TCX or FIT file: unzip it and import the folder",
            path.display()
        )
    );
}

#[test]
fn gzip_files_are_read_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let gpx = runfiles::gpx(START, &straight_track(5, 10), None);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(gpx.as_bytes()).unwrap();
    let path = write(dir.path(), "run.gpx.gz", &gz.finish().unwrap());
    let parsed = import::load(&path).unwrap();
    assert_eq!(parsed.format, Format::Gpx);
    assert_eq!(parsed.runs[0].start.as_second(), START);

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&fit_run()).unwrap();
    let path = write(dir.path(), "run.fit.gz", &gz.finish().unwrap());
    assert_eq!(import::load(&path).unwrap().runs[0].distance_m, 5000.0);

    let path = write(dir.path(), "broken.gpx.gz", b"\x1f\x8b\x08\x00garbage");
    let err = import::load(&path).unwrap_err();
    assert!(
        matches!(err.problem, Problem::Parse(ParseError::Gzip(_))),
        "{err:?}"
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(import::MAX_FILE_BYTES >> 20) + 1 {
        gz.write_all(&zeros).unwrap();
    }
    let path = write(dir.path(), "bomb.fit.gz", &gz.finish().unwrap());
    let err = import::load(&path).unwrap_err();
    assert!(err.to_string().ends_with("once decompressed"), "{err}");
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.gpx");
    // Sparse: takes no disk space, and the cap is checked before reading.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let err = import::load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is larger than {} bytes",
            path.display(),
            import::MAX_FILE_BYTES
        )
    );
}

#[test]
fn not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = import::load(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(": is a directory, not a regular file"),
        "{err}"
    );
    let err = import::load(Path::new("/dev/null")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/dev/null: is a device, not a regular file"
    );
    let fifo = dir.path().join("pipe.gpx");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let err = import::load(&fifo).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: is a named pipe, not a regular file", fifo.display())
    );
    let err = import::load(&dir.path().join("missing.fit")).unwrap_err();
    assert!(matches!(err.problem, Problem::Io(_)), "{err:?}");
}

#[test]
fn unrecognised_content() {
    assert!(matches!(parse_err(b""), ParseError::NotRecognized(m) if m.contains("empty")));
    assert!(matches!(
        parse_err(b"date,distance\n"),
        ParseError::NotRecognized(_)
    ));
    assert!(
        matches!(parse_err(b"<html><body/></html>"), ParseError::NotRecognized(m) if m.contains("<html>"))
    );
}

#[test]
fn run_file_names() {
    for yes in ["a.gpx", "B.FIT", "c.tcx.gz", "d.fit.GZ"] {
        assert!(import::is_run_file_name(yes), "{yes}");
    }
    for no in ["activities.csv", "a.gz", "photo.jpg", "fit"] {
        assert!(!import::is_run_file_name(no), "{no}");
    }
}

// ---- crashes found by fuzzing (bench/fuzz.sh) ----

#[test]
fn fuzz_found_fit_files_are_errors_not_panics() {
    for name in ["fuzz/fit-crash-1.fit", "fuzz/fit-crash-2.fit"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert!(import::parse(&bytes).is_err(), "{name}");
    }
}
