//! `bench/import.sh`'s helper: makes large GPX and FIT files with known
//! content, and times parsing one.
//!
//! ```text
//! import_bench gen-gpx PATH BYTES   # a GPX track of about BYTES
//! import_bench gen-fit PATH BYTES   # a FIT activity of about BYTES
//! import_bench parse PATH ITER      # parse ITER times, print seconds per parse
//! ```

use std::time::Instant;

use limber_testutil::runfiles::{self, FitActivity, FitSession, TrackPoint};

const START: i64 = 1_796_022_000;

/// One point a second around a 1.5 km loop, climbing and descending.
fn points(n: usize) -> Vec<TrackPoint> {
    (0..n)
        .map(|i| {
            let a = i as f64 / 300.0;
            TrackPoint {
                t: i as i64,
                lat: 47.0 + 0.002 * a.sin(),
                lon: 8.0 + 0.003 * a.cos(),
                ele: 400.0 + 20.0 * (a / 3.0).sin(),
                dist: i as f64 * 3.0,
            }
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen-gpx") => {
            let bytes: usize = args[2].parse().expect("BYTES");
            // About 103 bytes a point.
            let text = runfiles::gpx(START, &points(bytes / 103), Some("running"));
            std::fs::write(&args[1], text).expect("write");
        }
        Some("gen-fit") => {
            let bytes: usize = args[2].parse().expect("BYTES");
            // 21 bytes a record (compressed timestamps off: 1 + 20).
            let n = bytes / 21;
            let data = runfiles::fit_activity(&FitActivity {
                start: START,
                points: points(n),
                session: Some(FitSession {
                    sport: 1,
                    sub_sport: 0,
                    elapsed_s: n as f64,
                    timer_s: n as f64,
                    distance_m: n as f64 * 3.0,
                    ascent_m: 0,
                }),
                ..FitActivity::default()
            });
            std::fs::write(&args[1], data).expect("write");
        }
        Some("parse") => {
            let path = std::path::Path::new(&args[1]);
            let iter: u32 = args[2].parse().expect("ITER");
            let started = Instant::now();
            let mut km = 0.0;
            for _ in 0..iter {
                let parsed = limber_formats::import::load(path).expect("parses");
                km += parsed.runs[0].distance_km();
            }
            let per = started.elapsed().as_secs_f64() / f64::from(iter);
            println!("{per:.6} {:.3}", km / f64::from(iter));
        }
        _ => {
            eprintln!("usage: import_bench gen-gpx|gen-fit PATH BYTES | parse PATH ITER");
            std::process::exit(2);
        }
    }
}
