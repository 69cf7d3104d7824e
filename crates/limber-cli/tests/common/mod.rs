//! A temporary limber home and a fluent way to run the binary in it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub struct TestEnv {
    dir: tempfile::TempDir,
    now: Option<String>,
}

/// The finished run: exit code and both streams, as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(out: Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code and returns stderr.
    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stderr
    }

    /// See [`TestEnv::snap`].
    pub fn snapshot(&self, home: &Path) -> String {
        let home = home.display().to_string();
        let mut text = self.stdout.clone();
        if !self.stderr.is_empty() {
            text.push_str("[stderr]\n");
            text.push_str(&self.stderr);
        }
        if self.code != 0 {
            text.push_str(&format!("[exit {}]\n", self.code));
        }
        mask_ids(&text.replace(&home, "$HOME"))
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Record ids are UUIDs made when a record is written, new on every run:
/// snapshots show each as `[id]`.
pub fn mask_ids(text: &str) -> String {
    const SHAPE: &[u8] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    let bytes = text.as_bytes();
    let is_id = |at: usize| {
        bytes.len() >= at + SHAPE.len()
            && SHAPE.iter().zip(&bytes[at..]).all(|(s, b)| match s {
                b'-' => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if is_id(i) {
            out.push_str("[id]");
            i += SHAPE.len();
        } else {
            let c = text[i..].chars().next().expect("on a char boundary");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

impl TestEnv {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            now: None,
        }
    }

    /// Pins limber's clock (LIMBER_NOW) for every later run.
    pub fn at(mut self, now: &str) -> Self {
        self.now = Some(now.to_string());
        self
    }

    pub fn set_now(&mut self, now: &str) {
        self.now = Some(now.to_string());
    }

    pub fn now(&self) -> Option<&str> {
        self.now.as_deref()
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.home().join("limber.db")
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.home().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The `limber` binary set up for this home, as a plain process command.
    pub fn std_command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("limber"));
        cmd.env_remove("LIMBER_HOME")
            .env_remove("LIMBER_LOG")
            .env_remove("LIMBER_DATABASE")
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(self.home());
        match &self.now {
            Some(now) => cmd.env("LIMBER_NOW", now),
            None => cmd.env_remove("LIMBER_NOW"),
        };
        cmd
    }

    pub fn command(&self) -> Command {
        Command::from_std(self.std_command())
    }

    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Run::from(self.command().args(args).output().unwrap())
    }

    /// Runs limber and gives the whole outcome as one text for an inline
    /// snapshot (`insta::assert_snapshot!(env.snap([..]), @"..")`): stdout,
    /// then stderr after a `[stderr]` line, then `[exit N]` unless it is 0.
    /// The temporary home reads `$HOME`.
    pub fn snap<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run(args).snapshot(self.home())
    }

    /// A screened user for whom none of the safety questions apply.
    pub fn screened(self) -> Self {
        self.run(["screen", "--none-apply"]).ok();
        self
    }

    /// A fast plain session; returns the run.
    pub fn session(&self, extra: &[&str]) -> Run {
        let mut args = vec!["start", "--plain", "--speed", "1000"];
        args.extend_from_slice(extra);
        self.run(args)
    }

    /// The exercise ids `limber plan --json` would run now, in order.
    pub fn planned(&self) -> Vec<String> {
        self.run(["plan", "--json"]).json()["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["exercise"].as_str().unwrap().to_string())
            .collect()
    }

    /// Everything stored, as `history --json` shows it: a bad command must leave it unchanged.
    pub fn stored(&self) -> String {
        self.run(["history", "--json", "--limit", "1000000"])
            .ok()
            .to_string()
    }
}

/// One-line JSON (and any text after it) shown with one value per line, two
/// spaces a level, keys kept in their printed order, for a readable
/// snapshot of a compact output. Only whitespace outside strings changes.
pub fn indent_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.push(chars.next().expect("peeked"));
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}
