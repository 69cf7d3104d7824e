//! Try the drivers by hand on the default routine, with nothing stored:
//! `cargo run -p limber-tui --example session -- [--plain] [--speed X] [--voice]`

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use limber_core::clock::Clock;
use limber_core::session::{Output, Session};
use limber_tui::{NullSpeaker, RecordError, ScaledClock, Speaker};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let plain = args.iter().any(|a| a == "--plain");
    let speed = args
        .iter()
        .position(|a| a == "--speed")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(1.0), |s| s.parse::<f64>())
        .unwrap_or(f64::NAN);
    let clock = match ScaledClock::new(speed) {
        Ok(clock) => clock,
        Err(e) => {
            eprintln!("session: {e}");
            std::process::exit(2);
        }
    };
    let (mut speaker, notice): (Box<dyn Speaker>, Option<String>) =
        if args.iter().any(|a| a == "--voice") {
            limber_tui::voice()
        } else {
            (Box::new(NullSpeaker), None)
        };
    if let Some(notice) = notice {
        eprintln!("session: {notice}");
    }
    let session = Session::new(limber_testutil::default_routine(), clock.now());
    let mut records = Vec::new();
    let mut recorder = |o: &Output| -> Result<(), RecordError> {
        records.push(format!("{o:?}"));
        Ok(())
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    let status = if plain {
        limber_tui::run_plain(
            session,
            &clock,
            &mut recorder,
            &mut std::io::stdout(),
            speaker.as_mut(),
            &interrupted,
            Some(&limber_tui::stdin_lines()),
        )
    } else {
        limber_tui::run_fullscreen(
            session,
            &clock,
            &mut recorder,
            speaker.as_mut(),
            &interrupted,
        )
    };
    println!("status: {status:?}");
    println!("{} records", records.len());
}
