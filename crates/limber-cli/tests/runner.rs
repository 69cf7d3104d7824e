//! All CLI integration tests compile into this one binary (one link, fast
//! runs). Each `test_*.rs` file is a module listed here; the guard below
//! fails if a file is forgotten.

mod common;

mod test_backup;
mod test_completions;
mod test_conventions;
mod test_database;
mod test_exercises;
mod test_exports;
mod test_history;
mod test_import;
mod test_log;
mod test_plan;
mod test_program;
mod test_report;
mod test_screen;
mod test_serve;
mod test_session_stops;
mod test_start;
mod test_stats;
mod test_trial;
mod test_tty;
mod test_web_gate;
mod test_wording;

#[test]
fn no_forgotten_test_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let listed = include_str!("runner.rs");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name
            .strip_prefix("test_")
            .and_then(|n| n.strip_suffix(".rs"))
        {
            assert!(
                listed.contains(&format!("mod test_{module};")),
                "tests/{name} is not listed in runner.rs"
            );
        }
    }
}
