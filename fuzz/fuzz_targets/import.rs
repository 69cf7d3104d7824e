//! Any bytes through format sniffing and the matching parser, as
//! `limber import` sees a file's contents (after gunzipping).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = limber_formats::import::parse(data);
});
