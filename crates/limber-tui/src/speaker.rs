//! Saying cues out loud (or at least ringing) in a terminal: `--voice`.
//! The [`Speaker`] trait itself is the run loop's, in `limber_app`.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use limber_core::session::{Cue, Sound};

pub use limber_app::speaker::{NullSpeaker, Speaker};

/// Rings the terminal bell (`\x07`) at the end of a hold, when a stop rule
/// fires and when the routine is finished.
pub struct BellSpeaker {
    out: Option<Box<dyn Write + Send>>,
}

impl BellSpeaker {
    /// Rings the terminal: stdout if it is one (the full-screen session),
    /// else stderr if that is one, else nothing, so a bell byte never lands
    /// in a log or a pipe.
    pub fn terminal() -> Self {
        let out: Option<Box<dyn Write + Send>> = if io::stdout().is_terminal() {
            Some(Box::new(io::stdout()))
        } else if io::stderr().is_terminal() {
            Some(Box::new(io::stderr()))
        } else {
            None
        };
        Self { out }
    }

    /// Rings into any writer (tests).
    pub fn to_writer(out: impl Write + Send + 'static) -> Self {
        Self {
            out: Some(Box::new(out)),
        }
    }

    /// Whether this cue's sound rings the bell.
    pub fn rings(cue: &Cue) -> bool {
        matches!(
            cue.sound,
            Some(Sound::HoldEnd | Sound::Alert | Sound::Finished)
        )
    }
}

impl Default for BellSpeaker {
    fn default() -> Self {
        Self::terminal()
    }
}

impl std::fmt::Debug for BellSpeaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BellSpeaker")
            .field("rings", &self.out.is_some())
            .finish()
    }
}

impl Speaker for BellSpeaker {
    fn say(&mut self, cue: &Cue) {
        if Self::rings(cue)
            && let Some(out) = &mut self.out
        {
            // A bell that cannot ring is not worth stopping a session for.
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
    }
    fn stop(&mut self) {}
}

/// Speaks each cue's `speak` text with the `espeak-ng` program, in the
/// background. A new cue cuts the previous one off.
#[derive(Debug)]
pub struct EspeakSpeaker {
    program: PathBuf,
    current: Option<Child>,
}

/// The speech program [`EspeakSpeaker`] runs.
pub const ESPEAK: &str = "espeak-ng";

impl EspeakSpeaker {
    /// `espeak-ng` if it is on `PATH`.
    pub fn find() -> Option<Self> {
        find_on_path(ESPEAK, std::env::var_os("PATH").as_deref()).map(Self::with_program)
    }

    /// Runs `program` with the text as its last argument (tests use a stand-in).
    pub fn with_program(program: PathBuf) -> Self {
        Self {
            program,
            current: None,
        }
    }

    fn hush(&mut self) {
        if let Some(mut child) = self.current.take() {
            // Already finished: reap it. Still talking: cut it off.
            if !matches!(child.try_wait(), Ok(Some(_))) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

impl Speaker for EspeakSpeaker {
    fn say(&mut self, cue: &Cue) {
        let text = cue.speak.trim();
        if text.is_empty() {
            return;
        }
        self.hush();
        match Command::new(&self.program)
            .arg("--")
            .arg(text)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => self.current = Some(child),
            Err(err) => tracing::debug!(%err, program = %self.program.display(), "speech failed"),
        }
    }

    fn stop(&mut self) {
        self.hush();
    }
}

impl Drop for EspeakSpeaker {
    fn drop(&mut self) {
        self.hush();
    }
}

/// What `limber start --voice` uses, plus a notice to show the user when it
/// had to fall back: `espeak-ng` if installed, else the terminal bell.
pub fn voice() -> (Box<dyn Speaker>, Option<String>) {
    match EspeakSpeaker::find() {
        Some(espeak) => (Box::new(espeak), None),
        None => (
            Box::new(BellSpeaker::terminal()),
            Some(NO_ESPEAK.to_string()),
        ),
    }
}

const NO_ESPEAK: &str = "espeak-ng is not installed; using the terminal bell for cues \
(apt-get install espeak-ng for spoken cues)";

fn find_on_path(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use limber_core::session::CueKind;

    use super::*;

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn cue(sound: Option<Sound>) -> Cue {
        Cue {
            at: Duration::ZERO,
            kind: CueKind::HoldEnd,
            text: "Release.".into(),
            speak: "Release".into(),
            sound,
            prompt: None,
        }
    }

    #[test]
    fn bell_rings_for_hold_end_alert_and_finish_only() {
        let buf = Shared::default();
        let mut bell = BellSpeaker::to_writer(buf.clone());
        for sound in [
            None,
            Some(Sound::Tick),
            Some(Sound::HoldEnd),
            Some(Sound::Alert),
            Some(Sound::Finished),
        ] {
            bell.say(&cue(sound));
        }
        assert_eq!(&*buf.0.lock().unwrap(), b"\x07\x07\x07");
    }

    #[test]
    fn finds_programs_on_path_only_when_executable() {
        let dir = std::env::temp_dir().join(format!("limber-tui-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("espeak-ng");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(find_on_path("espeak-ng", Some(dir.as_os_str())), None);
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert_eq!(find_on_path("espeak-ng", Some(dir.as_os_str())), Some(exe));
        assert_eq!(find_on_path("espeak-ng", None), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_fallback_notice_says_how_to_get_speech() {
        assert!(NO_ESPEAK.contains("apt-get install espeak-ng"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn espeak_cuts_off_the_previous_utterance() {
        // `sleep -- 30` stands in for a long utterance.
        let mut speaker = EspeakSpeaker::with_program("sleep".into());
        let mut long = cue(None);
        long.speak = "30".into();
        speaker.say(&long);
        let first = speaker.current.as_ref().expect("spawned").id();
        speaker.say(&long);
        let second = speaker.current.as_ref().expect("spawned").id();
        assert_ne!(first, second);
        assert!(
            !Path::new(&format!("/proc/{first}")).exists(),
            "first not reaped"
        );
        speaker.stop();
        assert!(speaker.current.is_none());
        assert!(
            !Path::new(&format!("/proc/{second}")).exists(),
            "second not reaped"
        );
        // Nothing to say: nothing spawned.
        long.speak = "  ".into();
        speaker.say(&long);
        assert!(speaker.current.is_none());
    }
}
