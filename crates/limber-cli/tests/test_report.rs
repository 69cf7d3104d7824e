//! `limber report [-o FILE] [--open]`.

use std::os::unix::fs::PermissionsExt;

use crate::common::TestEnv;

fn used() -> TestEnv {
    let env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    env.run(["log", "--back", "3", "--leg", "6", "--reach", "thigh"])
        .ok();
    env.session(&["--pain-before", "5", "--pain-after", "3"])
        .ok();
    env
}

#[test]
fn report_goes_to_stdout_or_a_file() {
    let env = used();
    let html = env.run(["report"]).ok().to_string();
    assert!(
        html.starts_with("<!doctype html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(
        html.contains("<h2>Pain over time</h2>")
            && html.contains("You recorded 1 diary entry and 1 session")
    );
    let path = env.home().join("out").join("r.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let said = env.run(["report".as_ref(), "-o".as_ref(), path.as_os_str()]);
    assert!(said.ok().contains("Wrote the report to"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), html);
}

#[test]
fn open_hands_the_file_to_the_desktop_opener() {
    let env = used();
    // A stand-in opener that records what it was asked to open.
    let bin = env.home().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = env.home().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = env
        .command()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .args(["report", "--open"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("Opened it in your browser"),
        "{stdout}"
    );
    let file = env.home().join("report.html");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().trim(),
        file.display().to_string()
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("<h2>Summary</h2>")
    );

    // No opener at all: the report is still written, and limber says where.
    let out = env
        .command()
        .env("PATH", "/nonexistent")
        .args(["report", "--open"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("open ") && stdout.contains("yourself"),
        "{stdout}"
    );
}
