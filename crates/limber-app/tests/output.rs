//! The output types' JSON names are the contract scripts and the web app
//! read: each enum's names are pinned here, and every core value maps to
//! the name users already know from the CLI's text (the store's names).

use limber_app::output::{exercises, history, plan, runs, screen, stats, trial};
use serde::Serialize;

fn name(value: impl Serialize) -> String {
    match serde_json::to_value(value).unwrap() {
        serde_json::Value::String(s) => s,
        other => panic!("not a string: {other}"),
    }
}

/// Each name reads back as the value it came from.
fn pinned<T>(values: &[T], names: &[&str])
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
{
    let got: Vec<String> = values.iter().map(|v| name(*v)).collect();
    assert_eq!(got, names);
    for (v, n) in values.iter().zip(names) {
        let back: T = serde_json::from_value(serde_json::json!(n)).unwrap();
        assert_eq!(back, *v, "{n}");
    }
}

#[test]
fn enum_names_are_pinned() {
    use history::{BodySide, Outcome, Quality, Reach, SessionStatus};
    pinned(
        &[
            SessionStatus::Completed,
            SessionStatus::Partial,
            SessionStatus::Stopped,
        ],
        &["completed", "partial", "stopped"],
    );
    pinned(
        &[Outcome::Done, Outcome::Skipped, Outcome::Stopped],
        &["done", "skipped", "stopped"],
    );
    pinned(
        &[
            Reach::Back,
            Reach::Buttock,
            Reach::Thigh,
            Reach::BelowKnee,
            Reach::Foot,
        ],
        &["back", "buttock", "thigh", "below-knee", "foot"],
    );
    pinned(
        &[BodySide::Left, BodySide::Right, BodySide::Both],
        &["left", "right", "both"],
    );
    pinned(
        &[
            Quality::Electric,
            Quality::Burning,
            Quality::Numbness,
            Quality::Tingling,
            Quality::Ache,
        ],
        &["electric", "burning", "numbness", "tingling", "ache"],
    );
    pinned(
        &[plan::Place::Floor, plan::Place::Wall, plan::Place::Standing],
        &["floor", "wall", "standing"],
    );
    pinned(
        &[
            plan::Movement::HipRotation,
            plan::Movement::Flexion,
            plan::Movement::SideBend,
        ],
        &["hip-rotation", "flexion", "side-bend"],
    );
    pinned(
        &[
            exercises::CautionAction::Hide,
            exercises::CautionAction::Variant,
        ],
        &["hide", "variant"],
    );
    pinned(
        &[
            stats::Verdict::LowerAfter,
            stats::Verdict::HigherAfter,
            stats::Verdict::Unclear,
            stats::Verdict::NoData,
        ],
        &["lower-after", "higher-after", "unclear", "no-data"],
    );
    pinned(
        &[
            stats::CentralizationStatus::Centralizing,
            stats::CentralizationStatus::Peripheralizing,
            stats::CentralizationStatus::Steady,
            stats::CentralizationStatus::NotEnoughData,
        ],
        &[
            "centralizing",
            "peripheralizing",
            "steady",
            "not-enough-data",
        ],
    );
    pinned(
        &[
            trial::TrialVerdict::ABetter,
            trial::TrialVerdict::BBetter,
            trial::TrialVerdict::NoClearDifference,
            trial::TrialVerdict::NotEnoughData,
        ],
        &[
            "a-better",
            "b-better",
            "no-clear-difference",
            "not-enough-data",
        ],
    );
    pinned(
        &[
            screen::Tier::Emergency,
            screen::Tier::SameDay,
            screen::Tier::Soon,
            screen::Tier::Caution,
        ],
        &["emergency", "same-day", "soon", "caution"],
    );
}

#[test]
fn every_core_value_maps_to_the_name_the_cli_shows() {
    use limber_core::{diary, run};
    for &s in run::Sport::ALL {
        assert_eq!(name(runs::Sport::from(s)), s.as_str());
    }
    for &d in run::DistanceSource::ALL {
        assert_eq!(name(runs::DistanceSource::from(d)), d.as_str());
    }
    for &r in diary::Reach::ALL {
        assert_eq!(name(history::Reach::from(r)), r.as_str());
    }
    for q in limber_core::safety::Question::ALL {
        let out = screen::QuestionOutput::from(*q);
        assert_eq!(out.key, q.key());
        assert_eq!(out.text, q.text());
    }
}
