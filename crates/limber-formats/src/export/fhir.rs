//! FHIR R4 export: one `Bundle` of type `collection` that a clinic system
//! can read.
//!
//! - a `Patient` with no identifying data unless the user gives a name
//!   for this export (limber stores none);
//! - when the user says so, self-reported sciatica as a `Condition` the
//!   patient asserted, unconfirmed: limber never diagnoses;
//! - each diary entry's back and leg pain as separate `Observation`s
//!   (LOINC 72514-3, the 0–10 numeric rating scale), body site in SNOMED CT
//!   with the leg's side in the code (left/right/both lower limbs);
//! - each completed session as an `Observation` in the HL7 Physical
//!   Activity pattern (LOINC 73985-4 "Exercise activity", an effective
//!   period, LOINC 55411-3 duration and one component per exercise done);
//! - each imported run (or other activity) as an `Observation` in the same
//!   pattern, its sport as the value, with duration, moving time and
//!   distance components;
//! - each safety screen as a `QuestionnaireResponse`.
//!
//! Ids are derived from the records (no random UUIDs), so the same data
//! always gives the same file.

use serde_json::{Value, json};

use limber_core::diary::{BodySide, Outcome, PainEntry, SessionRecord, SessionStatus};
use limber_core::run::RunRecord;
use limber_core::safety::ScreenRecord;
use limber_core::{ExerciseId, PainScore};

use super::backup::Backup;

const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const UCUM: &str = "http://unitsofmeasure.org";

/// A stable `urn:uuid:` for record `n` of a kind (kinds 1–5 below).
fn urn(kind: u32, n: u64) -> String {
    format!("urn:uuid:{kind:08x}-0000-4000-8000-{n:012x}")
}

const PATIENT: u32 = 1;
const PAIN: u32 = 2;
const SCREEN: u32 = 4;
const CONDITION: u32 = 5;
const RUN: u32 = 6;

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

/// The SNOMED CT body site of a leg-pain score, by side.
fn leg_site(side: Option<BodySide>) -> Value {
    let (code, display) = match side {
        Some(BodySide::Left) => ("32153003", "Structure of left lower limb"),
        Some(BodySide::Right) => ("62175007", "Structure of right lower limb"),
        // No single code for both sides: the limb, with the side in the text.
        Some(BodySide::Both) => ("61685007", "Both lower limbs"),
        None => ("61685007", "Lower limb structure"),
    };
    let name = if side == Some(BodySide::Both) {
        "Lower limb structure"
    } else {
        display
    };
    json!({ "coding": [coding(SNOMED, code, name)], "text": display })
}

fn back_site() -> Value {
    json!({
        "coding": [coding(SNOMED, "37822005", "Lumbar region of back")],
        "text": "Lower back"
    })
}

fn pain_observation(
    n: u64,
    part: &str,
    entry: &PainEntry,
    score: PainScore,
    site: &Value,
) -> Value {
    let mut o = json!({
        "resourceType": "Observation",
        "id": format!("pain-{n}-{part}"),
        "status": "final",
        "category": [{ "coding": [coding(CATEGORY, "survey", "Survey")] }],
        "code": {
            "coding": [coding(
                LOINC,
                "72514-3",
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            )],
            "text": format!("{part} pain (0-10)"),
        },
        "subject": { "reference": urn(PATIENT, 1) },
        "effectiveDateTime": entry.at.to_string(),
        "valueInteger": score.get(),
        "bodySite": site,
    });
    if let Some(note) = &entry.note {
        o["note"] = json!([{ "text": note }]);
    }
    o
}

fn session_observation(s: &SessionRecord, names: &dyn Fn(&ExerciseId) -> String) -> Option<Value> {
    let end = s.ended_at?;
    let minutes = (end.as_millisecond() - s.started_at.as_millisecond()) as f64 / 60_000.0;
    let mut components = vec![json!({
        "code": { "coding": [coding(LOINC, "55411-3", "Exercise duration")] },
        "valueQuantity": {
            "value": (minutes * 100.0).round() / 100.0,
            "unit": "min",
            "system": UCUM,
            "code": "min",
        },
    })];
    // One component per exercise done, in order, with its holds done.
    let mut done: Vec<(&ExerciseId, u32)> = Vec::new();
    for st in s.steps.iter().filter(|st| st.outcome == Outcome::Done) {
        match done.iter_mut().find(|(e, _)| *e == &st.exercise) {
            Some((_, n)) => *n += 1,
            None => done.push((&st.exercise, 1)),
        }
    }
    for (exercise, holds) in done {
        components.push(json!({
            "code": { "text": names(exercise) },
            "valueQuantity": { "value": holds, "unit": "holds" },
        }));
    }
    Some(json!({
        "resourceType": "Observation",
        "id": format!("session-{}", s.id),
        "status": "final",
        "category": [{ "coding": [coding(CATEGORY, "activity", "Activity")] }],
        "code": { "coding": [coding(LOINC, "73985-4", "Exercise activity")] },
        "subject": { "reference": urn(PATIENT, 1) },
        "effectivePeriod": { "start": s.started_at.to_string(), "end": end.to_string() },
        "valueCodeableConcept": { "text": format!("Stretching routine: {}", s.program) },
        "component": components,
    }))
}

/// A quantity in UCUM units, rounded to two decimals.
fn quantity(value: f64, unit: &str) -> Value {
    json!({
        "value": (value * 100.0).round() / 100.0,
        "unit": unit,
        "system": UCUM,
        "code": unit,
    })
}

/// Run `n` (1-based, in the backup's order) in the Physical Activity
/// pattern. Distance has no LOINC code that fits every sport, so its
/// component is named in text.
fn run_observation(n: u64, r: &RunRecord) -> Value {
    let run = &r.run;
    let mut components = vec![
        json!({
            "code": { "coding": [coding(LOINC, "55411-3", "Exercise duration")] },
            "valueQuantity": quantity(run.duration().as_secs_f64() / 60.0, "min"),
        }),
        json!({
            "code": { "text": "Moving time" },
            "valueQuantity": quantity(run.moving_s / 60.0, "min"),
        }),
    ];
    if run.distance_m > 0.0 {
        components.push(json!({
            "code": { "text": "Distance" },
            "valueQuantity": quantity(run.distance_km(), "km"),
        }));
    }
    if let Some(gain) = run.elevation_gain_m {
        components.push(json!({
            "code": { "text": "Elevation gain" },
            "valueQuantity": quantity(gain, "m"),
        }));
    }
    json!({
        "resourceType": "Observation",
        "id": format!("run-{n}"),
        "status": "final",
        "category": [{ "coding": [coding(CATEGORY, "activity", "Activity")] }],
        "code": { "coding": [coding(LOINC, "73985-4", "Exercise activity")] },
        "subject": { "reference": urn(PATIENT, 1) },
        "effectivePeriod": { "start": run.start.to_string(), "end": run.end.to_string() },
        "valueCodeableConcept": { "text": run.sport.to_string() },
        "component": components,
    })
}

fn questionnaire_response(n: u64, screen: &ScreenRecord) -> Value {
    let items: Vec<Value> = screen
        .answers
        .iter()
        .map(|(q, yes)| {
            json!({
                "linkId": q.key(),
                "text": q.text(),
                "answer": [{ "valueBoolean": yes }],
            })
        })
        .collect();
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": format!("screen-{n}"),
        "status": "completed",
        "subject": { "reference": urn(PATIENT, 1) },
        "authored": screen.taken_at.to_string(),
        "item": items,
    })
}

/// What the user chose to say about themselves in one export; nothing of
/// it is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientDetails {
    /// The name to put on the `Patient`; without it the Patient is anonymous.
    pub name: Option<String>,
    /// The user says they have sciatica: exported as a `Condition` the
    /// patient asserted, with an unconfirmed verification status.
    pub self_reported_sciatica: bool,
}

fn patient(details: &PatientDetails) -> Value {
    let mut p = json!({ "resourceType": "Patient", "id": "limber-user" });
    match &details.name {
        Some(name) => p["name"] = json!([{ "text": name }]),
        None => {
            p["meta"] = json!({ "tag": [{ "display": "no identifying data: exported from a personal limber diary" }] });
        }
    }
    p
}

/// Self-reported sciatica: SNOMED CT 23056005 "Sciatica", asserted by the
/// patient, clinical status active, verification status unconfirmed.
fn self_reported_condition() -> Value {
    json!({
        "resourceType": "Condition",
        "id": "self-reported-sciatica",
        "clinicalStatus": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active",
        }] },
        "verificationStatus": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": "unconfirmed",
        }] },
        "category": [{ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
            "code": "problem-list-item",
        }] }],
        "code": {
            "coding": [coding(SNOMED, "23056005", "Sciatica")],
            "text": "Sciatica (self-reported, not confirmed by a clinician)",
        },
        "subject": { "reference": urn(PATIENT, 1) },
        "asserter": { "reference": urn(PATIENT, 1) },
    })
}

/// The bundle as pretty-printed JSON. `names` gives an exercise's display
/// name (the catalog's).
pub fn bundle(
    backup: &Backup,
    names: &dyn Fn(&ExerciseId) -> String,
    details: &PatientDetails,
) -> String {
    let mut entries = vec![json!({
        "fullUrl": urn(PATIENT, 1),
        "resource": patient(details),
    })];
    if details.self_reported_sciatica {
        entries.push(json!({
            "fullUrl": urn(CONDITION, 1),
            "resource": self_reported_condition(),
        }));
    }
    let mut n = 0u64;
    for (i, e) in backup.pain_entries.iter().enumerate() {
        let i = i as u64 + 1;
        if let Some(b) = e.back {
            n += 1;
            entries.push(json!({
                "fullUrl": urn(PAIN, n),
                "resource": pain_observation(i, "back", e, b, &back_site()),
            }));
        }
        if let Some(l) = e.leg {
            n += 1;
            entries.push(json!({
                "fullUrl": urn(PAIN, n),
                "resource": pain_observation(i, "leg", e, l, &leg_site(e.side)),
            }));
        }
    }
    for s in backup
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Completed)
    {
        if let Some(o) = session_observation(s, names) {
            // The session's own id is a UUID: its URN names it everywhere.
            entries.push(json!({ "fullUrl": format!("urn:uuid:{}", s.id), "resource": o }));
        }
    }
    for (i, r) in backup.runs.iter().enumerate() {
        let i = i as u64 + 1;
        entries.push(json!({ "fullUrl": urn(RUN, i), "resource": run_observation(i, r) }));
    }
    for (i, screen) in backup.screens.iter().enumerate() {
        let i = i as u64 + 1;
        entries.push(json!({
            "fullUrl": urn(SCREEN, i),
            "resource": questionnaire_response(i, screen),
        }));
    }
    let mut out = serde_json::to_string_pretty(&json!({
        "resourceType": "Bundle",
        "id": "limber-export",
        "type": "collection",
        "entry": entries,
    }))
    .expect("JSON values always serialize");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use limber_testutil::history::six_weeks;

    use super::*;

    fn fixture() -> Value {
        let h = six_weeks();
        let b = Backup {
            settings: h.profile,
            screens: h.screens,
            sessions: h.sessions,
            pain_entries: h.entries,
            runs: h.runs,
        };
        serde_json::from_str(&bundle(
            &b,
            &|id| id.to_string(),
            &PatientDetails::default(),
        ))
        .unwrap()
    }

    fn resources<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == kind)
            .collect()
    }

    #[test]
    fn back_and_leg_pain_are_separate_observations() {
        let b = fixture();
        assert_eq!(b["type"], "collection");
        let obs = resources(&b, "Observation");
        let pain: Vec<_> = obs
            .iter()
            .filter(|o| o["code"]["coding"][0]["code"] == "72514-3")
            .collect();
        // 42 evening entries with back and leg, 14 morning ones with back only.
        assert_eq!(pain.len(), 42 * 2 + 14);
        let first_leg = pain.iter().find(|o| o["id"] == "pain-1-leg").unwrap();
        assert_eq!(
            first_leg["bodySite"]["coding"][0]["code"], "32153003",
            "left leg"
        );
        assert_eq!(first_leg["valueInteger"], 6);
        assert_eq!(first_leg["effectiveDateTime"], "2026-10-19T19:00:00Z");
        let first_back = pain.iter().find(|o| o["id"] == "pain-1-back").unwrap();
        assert_eq!(first_back["bodySite"]["coding"][0]["code"], "37822005");
    }

    #[test]
    fn completed_sessions_are_exercise_activity_with_components() {
        let b = fixture();
        let sessions: Vec<_> = resources(&b, "Observation")
            .into_iter()
            .filter(|o| o["code"]["coding"][0]["code"] == "73985-4")
            .filter(|o| o["id"].as_str().unwrap().starts_with("session-"))
            .collect();
        // 36 sessions, 2 of them ended by a stop.
        assert_eq!(sessions.len(), 34);
        let s = sessions[0];
        assert_eq!(s["effectivePeriod"]["start"], "2026-10-19T16:30:00Z");
        let comps = s["component"].as_array().unwrap();
        assert_eq!(comps[0]["code"]["coding"][0]["code"], "55411-3");
        assert_eq!(comps[1]["code"]["text"], "lying-thigh-stretch");
        assert_eq!(comps[1]["valueQuantity"]["value"], 6);
        assert_eq!(comps.len(), 4);
    }

    #[test]
    fn runs_are_exercise_activity_with_their_sport_duration_and_distance() {
        let b = fixture();
        let history = six_weeks();
        let runs: Vec<_> = resources(&b, "Observation")
            .into_iter()
            .filter(|o| o["id"].as_str().unwrap().starts_with("run-"))
            .collect();
        assert_eq!(runs.len(), history.runs.len());
        assert!(!runs.is_empty());
        let (o, r) = (runs[0], &history.runs[0].run);
        assert_eq!(o["code"]["coding"][0]["code"], "73985-4");
        assert_eq!(o["effectivePeriod"]["start"], r.start.to_string());
        assert_eq!(o["effectivePeriod"]["end"], r.end.to_string());
        assert_eq!(o["valueCodeableConcept"]["text"], r.sport.to_string());
        let comps = o["component"].as_array().unwrap();
        assert_eq!(comps[0]["code"]["coding"][0]["code"], "55411-3");
        let minutes = comps[0]["valueQuantity"]["value"].as_f64().unwrap();
        assert!((minutes - r.duration().as_secs_f64() / 60.0).abs() < 0.01);
        let distance = comps
            .iter()
            .find(|c| c["code"]["text"] == "Distance")
            .expect("a distance component");
        assert_eq!(distance["valueQuantity"]["unit"], "km");
        let km = distance["valueQuantity"]["value"].as_f64().unwrap();
        assert!((km - r.distance_km()).abs() < 0.01, "{km}");
    }

    #[test]
    fn screens_are_questionnaire_responses_and_the_patient_is_anonymous() {
        let b = fixture();
        let qr = resources(&b, "QuestionnaireResponse");
        assert_eq!(qr.len(), 2);
        let yes: Vec<_> = qr[1]["item"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["answer"][0]["valueBoolean"] == true)
            .map(|i| i["linkId"].as_str().unwrap())
            .collect();
        assert_eq!(yes, ["high-blood-pressure"]);
        let p = resources(&b, "Patient");
        assert_eq!(p.len(), 1);
        assert!(p[0].get("name").is_none() && p[0].get("birthDate").is_none());
    }
}
