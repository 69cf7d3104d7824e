//! Every user-facing string (catalog, core wording, CLI, terminal) is
//! scanned for words that would claim a medical effect (treat, cure,
//! relieve/relief, heal, fix, prevent, diagnose) or that users do not know
//! ("seed": say "the original post"). A new one fails here; the few
//! allowed uses are listed with their reason.

use limber_testutil::wording::banned_words;
use std::path::{Path, PathBuf};

/// (file ending, text the string contains, why it may stay).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "limber-core/src/wording.rs",
        "diagnosis or treatment from a qualified health professional",
        "the disclaimer says what limber does not replace",
    ),
    (
        "limber-cli/src/commands/trial.rs",
        "--seed",
        "the name of the trial's random-order flag, not the original post",
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, except test modules and snapshots.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if name != "tests" && name != "snapshots" {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs")
            && name != "tests.rs"
            && name != "testkit.rs"
            && name != "testsuite.rs"
        {
            out.push(path);
        }
    }
}

/// The string literals of Rust source, up to its `#[cfg(test)]` module,
/// plus the `///` doc comments of `cli.rs` (clap shows them as help).
fn rust_strings(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut out = Vec::new();
    if path.ends_with("cli.rs") {
        out.extend(
            code.lines()
                .filter_map(|l| l.trim_start().strip_prefix("///"))
                .map(str::to_string),
        );
    }
    let b: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a).
                if b.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < b.len() && b[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if (b.get(i + 1) == Some(&'"') || b.get(i + 1) == Some(&'#'))
                && (i == 0 || !b[i - 1].is_alphanumeric() && b[i - 1] != '_') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let rest: String = b[start..].iter().collect();
                let end = rest.find(&close).unwrap();
                out.push(rest[..end].to_string());
                i = start + rest[..end].chars().count() + close.chars().count();
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                while i < b.len() && b[i] != '"' {
                    if b[i] == '\\' {
                        i += 1;
                        // An escaped line break joins lines.
                        if b.get(i) == Some(&'\n') {
                            s.push(' ');
                        }
                    } else {
                        s.push(b[i]);
                    }
                    i += 1;
                }
                out.push(s);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The quoted values of a catalog TOML file, except enum-like keys.
fn toml_strings(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        if [
            "id",
            "exercise",
            "condition",
            "action",
            "position",
            "movement",
        ]
        .contains(&key)
        {
            continue;
        }
        // `source = "seed"` is the provenance code, shown as "from the original post".
        let line = line.replace("source = \"seed\"", "");
        let mut parts = line.split('"');
        parts.next();
        while let Some(value) = parts.next() {
            out.push(value.to_string());
            parts.next();
        }
    }
    out
}

fn allowed(path: &Path, text: &str) -> bool {
    let path = path.to_string_lossy().replace('\\', "/");
    ALLOWED
        .iter()
        .any(|(file, phrase, _)| path.ends_with(file) && text.contains(phrase))
}

fn all_user_strings() -> Vec<(PathBuf, String)> {
    let root = root();
    let mut files = Vec::new();
    // Every crate that words something a person reads: the drivers, the
    // report and the exports (a FHIR or calendar text reaches a clinic).
    for krate in [
        "limber-core",
        "limber-app",
        "limber-cli",
        "limber-tui",
        "limber-report",
        "limber-formats",
    ] {
        rust_files(&root.join("crates").join(krate).join("src"), &mut files);
    }
    // The web app, once it is in the tree.
    let web = root.join("crates/limber-web/src");
    if web.is_dir() {
        rust_files(&web, &mut files);
    }
    let mut out = Vec::new();
    for f in files {
        out.extend(rust_strings(&f).into_iter().map(|s| (f.clone(), s)));
    }
    for dir in ["catalog/exercises", "catalog/programs"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let f = entry.unwrap().path();
            out.extend(toml_strings(&f).into_iter().map(|s| (f.clone(), s)));
        }
    }
    out
}

#[test]
fn no_user_facing_string_claims_an_effect_or_says_seed() {
    let found: Vec<String> = all_user_strings()
        .into_iter()
        .filter(|(path, text)| !banned_words(text).is_empty() && !allowed(path, text))
        .map(|(path, text)| format!("{}: {:?} in {text:?}", path.display(), banned_words(&text)))
        .collect();
    assert!(
        found.is_empty(),
        "banned words in user text:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_strings_and_words_where_they_hide() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.rs");
    std::fs::write(
        &file,
        "// relief in a comment is fine\nfn f() { let c = '\"'; let _ = format!(\"This \\\n relieves pain\"); let _ = r#\"a \"seed\" here\"#; }\n#[cfg(test)]\nmod tests { const X: &str = \"cure\"; }\n",
    )
    .unwrap();
    let strings = rust_strings(&file);
    let words: Vec<String> = strings.iter().flat_map(|s| banned_words(s)).collect();
    assert_eq!(words, ["relieves", "seed"], "{strings:?}");
    // Whole words only: "health", "prefix" and "seeded"-like ids do not count.
    assert!(banned_words("good health; a prefix; fixed pace").is_empty());
    assert_eq!(banned_words("Fix it"), ["fix"]);
    // The scan sees a good share of the real strings.
    assert!(all_user_strings().len() > 300);
}
