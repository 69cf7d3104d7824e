use crate::common::TestEnv;

#[test]
fn history_is_empty_at_first_and_says_how_to_begin() {
    let env = TestEnv::new();
    assert!(env.run(["history"]).ok().contains("Nothing yet"));
    assert_eq!(env.run(["history", "--json"]).json(), serde_json::json!([]));
}

#[test]
fn since_filters_by_date_in_the_users_zone() {
    let mut env = TestEnv::new().at("2026-11-20T07:00:00Z").screened();
    env.session(&["--minutes", "3"]).ok();
    env.set_now("2026-11-25T07:00:00Z");
    env.session(&["--minutes", "3", "--where", "wall"]).ok();
    let all = env.run(["history", "--json"]).json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let recent = env
        .run(["history", "--json", "--since", "2026-11-22"])
        .json();
    assert_eq!(recent.as_array().unwrap().len(), 1);
    assert_eq!(recent[0]["context"]["where"], "wall");
    let text = env.run(["history"]).ok().to_string();
    assert!(
        text.contains("2026-11-20 07:00  session #1 completed: Runner's cool-down (floor)"),
        "{text}"
    );
}

#[test]
fn a_bad_since_date_is_bad_input() {
    let env = TestEnv::new();
    let err = env
        .run(["history", "--since", "last tuesday"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--since \"last tuesday\""), "{err}");
    env.run(["history", "--since", "2026-02-30"]).fails_with(2);
    let err = env
        .run(["history", "--since", "2026-11-26 01:00"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("expected a date like 2026-11-01"), "{err}");
    assert!(!err.contains("jiff"), "{err}");
}
