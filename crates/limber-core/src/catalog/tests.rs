use super::*;
use crate::problem::Problem;

fn catalog() -> Catalog {
    Catalog::builtin()
}

#[test]
fn builtin_catalog_has_the_five_seed_exercises_in_seed_order() {
    let ids: Vec<_> = catalog()
        .exercises()
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "lying-thigh-stretch",
            "wall-thigh-stretch",
            "standing-thigh-stretch",
            "back-curl",
            "full-back-curl"
        ]
    );
}

#[test]
fn seed_doses_are_marked_as_seed() {
    let c = catalog();
    let lying = c.find("lying-thigh-stretch").unwrap();
    assert_eq!(lying.dose.hold, Sourced::new(20, Provenance::Seed));
    assert_eq!(lying.dose.reps, Sourced::new(3, Provenance::Seed));
    assert_eq!(lying.dose.alternate, Sourced::new(true, Provenance::Seed));
    assert_eq!(lying.dose.rest.source, Provenance::Default);
    let back = c.find("back-curl").unwrap();
    assert_eq!(back.dose.hold.source, Provenance::Default);
}

#[test]
fn wall_stretch_substitutes_for_lying_and_is_less_effective() {
    let c = catalog();
    let sub = c
        .substitute_for(&ExerciseId::new("lying-thigh-stretch").unwrap())
        .unwrap();
    assert_eq!(sub.id.as_str(), "wall-thigh-stretch");
    assert!(sub.substitute_for.as_ref().unwrap().less_effective);
}

#[test]
fn full_back_curl_is_opt_in_with_progression_levels() {
    let c = catalog();
    let fbc = c.find("full-back-curl").unwrap();
    assert!(fbc.opt_in);
    assert_eq!(
        fbc.progression.iter().map(|l| l.level).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(c.exercises().iter().filter(|e| e.opt_in).count() == 1);
}

#[test]
fn every_exercise_says_move_gently() {
    for e in catalog().exercises() {
        assert!(
            e.cues
                .iter()
                .any(|c| c.to_lowercase().contains("gentl") || c.contains("force")),
            "{} lacks a gentle-motion cue",
            e.id
        );
    }
}

#[test]
fn default_program_is_the_runners_cool_down_led_by_the_lying_stretch() {
    let c = catalog();
    let p = c.default_program();
    assert_eq!(p.name, "Runner's cool-down");
    assert_eq!(p.steps[0].exercise.as_str(), "lying-thigh-stretch");
}

fn check(text: &str) -> Vec<Problem> {
    catalog()
        .parse_program("p.toml", text)
        .unwrap_err()
        .problems
}

#[test]
fn program_check_reports_every_problem_with_line_and_field() {
    let problems = check(
        r#"id = "mine"
name = "Mine"

[[steps]]
exercise = "lying-thigh-stretch"
hold = 0

[[steps]]
exercise = "toe-touch"

[[steps]]
exercise = "lying-thigh-stretch"

[[steps]]
hold = 20
"#,
    );
    let summary: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (6, "steps[1].hold"),
            (9, "steps[2].exercise"),
            (12, "steps[3].exercise"),
            (14, "steps[4].exercise")
        ],
        "{problems:#?}"
    );
    assert!(problems[0].message.contains("zero hold"));
    assert!(
        problems[1]
            .message
            .contains("unknown exercise id \"toe-touch\"")
    );
    assert!(problems[2].message.contains("duplicate"));
    assert!(problems[3].message.starts_with("missing"));
}

#[test]
fn program_check_reports_syntax_errors_by_line() {
    let problems = check("id = \"x\"\nname = \n");
    assert_eq!(problems[0].line, 2, "{problems:#?}");
}

#[test]
fn program_check_rejects_unknown_fields_and_missing_header() {
    let problems = check("[[steps]]\nexercise = \"back-curl\"\nholdd = 3\n");
    assert!(
        problems
            .iter()
            .any(|p| p.field == "steps[1].holdd" && p.line >= 1),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.field == "id" && p.message.starts_with("missing")),
        "{problems:#?}"
    );
}

#[test]
fn a_valid_program_parses_with_overrides() {
    let p = catalog()
        .parse_program("p.toml", "id = \"short\"\nname = \"Short\"\n[[steps]]\nexercise = \"back-curl\"\nhold = 30\nreps = 2\nvariant = true\n")
        .unwrap();
    assert_eq!(p.steps[0].hold, Some(30));
    assert_eq!(p.steps[0].reps, Some(2));
    assert!(p.steps[0].use_variant);
}

#[test]
fn progressive_steps_leave_the_depth_to_the_level() {
    let c = catalog();
    for e in c.exercises() {
        let placeholders = e
            .steps
            .iter()
            .filter(|s| *s == crate::plan::LEVEL_PLACEHOLDER)
            .count();
        let expected = usize::from(!e.progression.is_empty());
        assert_eq!(placeholders, expected, "{}", e.id);
    }
    let full = c.find("full-back-curl").unwrap();
    // No step of its own asks for more depth than level 1 allows.
    for s in &full.steps {
        let s = s.to_lowercase();
        assert!(
            !s.contains("hips off")
                && !s.contains("over your head")
                && !s.contains("roll your hips"),
            "{s}"
        );
    }
    assert!(
        full.level(1)
            .unwrap()
            .instruction
            .contains("bottom stays on the floor")
    );
    let deepest = full.progression.iter().max_by_key(|l| l.level).unwrap();
    assert!(
        deepest.instruction.contains("never turn it"),
        "{}",
        deepest.instruction
    );
}
