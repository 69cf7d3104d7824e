//! The core says *what* (a stop that can go on, a budget too small, not
//! enough data yet); each driver says *how* (a key, a button, a flag). This
//! test reads every string literal in limber-core's own sources (test code
//! left out) and fails on one that names a key, a CLI flag or a CLI command.

use std::fs;
use std::path::{Path, PathBuf};

/// Why `text` reads as a driver's words, if it does.
fn driver_words(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words = lower.split(|c: char| !c.is_ascii_alphanumeric());
    for w in words {
        match w {
            "press" | "pressing" => return Some("says to press a key"),
            "key" | "keys" => return Some("names a key"),
            _ => {}
        }
    }
    let bytes = lower.as_bytes();
    for i in 0..bytes.len().saturating_sub(2) {
        let before_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-');
        if before_ok && &bytes[i..i + 2] == b"--" && bytes[i + 2].is_ascii_lowercase() {
            return Some("names a CLI flag");
        }
    }
    if lower.contains("`limber ") {
        return Some("names a CLI command");
    }
    None
}

/// The string literals of Rust source `src`, with their line numbers:
/// plain and raw strings; comments, doc comments and char literals skipped.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    line += usize::from(b[i] == b'\n');
                    i += 1;
                }
                i += 2;
            }
            b'\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let mut k = start;
                while k < b.len() && !b[k..].starts_with(&close) {
                    k += 1;
                }
                let text = &src[start..k.min(b.len())];
                out.push((line, text.to_string()));
                line += text.matches('\n').count();
                i = k + close.len();
            }
            b'"' => {
                let start = i + 1;
                let mut k = start;
                while k < b.len() && b[k] != b'"' {
                    k += if b[k] == b'\\' { 2 } else { 1 };
                }
                let text = &src[start..k.min(b.len())];
                out.push((line, text.to_string()));
                line += text.matches('\n').count();
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Source files of `dir`, recursively, without the test-only files.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !matches!(name, "tests.rs" | "testkit.rs" | "testdays.rs") {
                out.push(path);
            }
        }
    }
}

#[test]
fn the_detector_catches_keys_flags_and_commands() {
    assert!(driver_words("Press c to go on").is_some());
    assert!(driver_words("the q key ends it").is_some());
    assert!(driver_words("try --minutes 7").is_some());
    assert!(driver_words("(`limber log --reach`)").is_some());
    assert!(driver_words("see `limber help safety`").is_some());
    assert!(driver_words("Stop this stretch now. Ease out of it slowly.").is_none());
    assert!(driver_words("a well-known stretch, 10 -- 12 counts").is_none());
    assert!(driver_words("limber is a stretching routine").is_none());
}

#[test]
fn the_literal_reader_finds_strings_and_skips_comments_and_chars() {
    let src = "// \"Press c\" in a comment\n/// doc: --minutes\nlet c = '\"';\nlet s = \"one\";\nlet r = r#\"two \"quoted\"\"#;\n";
    let found = string_literals(src);
    assert_eq!(
        found,
        [(4, "one".to_string()), (5, "two \"quoted\"".to_string())]
    );
}

#[test]
fn no_core_string_names_a_key_a_flag_or_a_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    assert!(files.len() > 20, "found the sources: {files:?}");
    let mut found = Vec::new();
    for path in &files {
        let src = fs::read_to_string(path).expect("readable source");
        // Unit tests sit at the end of a file, after `#[cfg(test)]`.
        let code = src.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (line, text) in string_literals(code) {
            if let Some(why) = driver_words(&text) {
                let file = path.strip_prefix(&root).unwrap_or(path).display();
                found.push(format!("{file}:{line}: {why}: {text:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "limber-core words what happened; the drivers say which key, flag or command:\n{}",
        found.join("\n")
    );
}
