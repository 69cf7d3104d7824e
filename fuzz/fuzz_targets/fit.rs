//! Any bytes through the FIT parser: an error is fine, a panic, a hang or
//! unbounded memory is a bug.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(runs) = limber_formats::import::fit::parse(data) {
        for run in runs {
            assert!(run.end >= run.start);
            assert!(run.distance_m >= 0.0 && run.moving_s >= 0.0);
        }
    }
});
