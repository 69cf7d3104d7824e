//! CSV export: one file per kind of record, for spreadsheets.
//!
//! Each file has a header row and RFC 4180 quoting (the `csv` crate: fields
//! with commas, quotes or line breaks are quoted, quotes doubled, CRLF line
//! ends). Times are ISO 8601 in UTC (`2026-11-20T07:00:00Z`); empty cells
//! mean "not recorded". Several qualities share one cell, `;`-separated.
//! Each row type reads back into the record it came from ([`read`]), which
//! is how the tests prove the files hold the data.

use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use limber_core::diary::{
    BodySide, Outcome, PainEntry, PainEntryId, Place, Quality, Rating, Reach, SessionContext,
    SessionId, SessionRecord, SessionStatus, StepReason, StepRecord,
};
use limber_core::run::{DistanceSource, Run, RunId, RunRecord, Sport};
use limber_core::{ExerciseId, PainScore, Side};

use super::backup::Backup;

/// One CSV file: its name and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    pub name: &'static str,
    pub text: String,
}

/// `pain.csv`: one diary entry per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PainRow {
    /// The entry's id (a UUID).
    pub entry: PainEntryId,
    pub at: Timestamp,
    pub back: Option<PainScore>,
    pub leg: Option<PainScore>,
    pub reach: Option<Reach>,
    pub side: Option<BodySide>,
    /// `;`-separated, e.g. `tingling;ache`.
    pub qualities: String,
    pub weakness: bool,
    pub stiffness: Option<PainScore>,
    pub morning: bool,
    pub note: Option<String>,
}

/// `sessions.csv`: one session per row; its holds and ratings are in
/// `steps.csv` and `ratings.csv`, joined by `session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// The session's id (a UUID).
    pub session: SessionId,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub status: SessionStatus,
    pub after_run: bool,
    #[serde(rename = "where")]
    pub place: Place,
    pub program: String,
    pub pain_before: Option<PainScore>,
    pub pain_after: Option<PainScore>,
}

/// `steps.csv`: one hold per row, in the order they ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRow {
    pub session: SessionId,
    pub at: Timestamp,
    pub exercise: ExerciseId,
    pub side: Option<Side>,
    pub rep: u32,
    pub outcome: Outcome,
    pub reason: Option<String>,
}

/// `ratings.csv`: one "pain now" rating per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRow {
    pub session: SessionId,
    pub at: Timestamp,
    /// Empty for the rating before the first exercise.
    pub after_exercise: Option<ExerciseId>,
    pub pain: PainScore,
}

/// `runs.csv`: one imported run per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    /// The run's id (a UUID).
    pub run: RunId,
    pub start: Timestamp,
    pub end: Timestamp,
    pub sport: Sport,
    pub distance_m: f64,
    pub distance_source: DistanceSource,
    pub moving_s: f64,
    pub elevation_gain_m: Option<f64>,
    /// The session that was its cool-down, when one was tagged.
    pub cooldown_session: Option<SessionId>,
}

impl From<RunRow> for RunRecord {
    fn from(r: RunRow) -> Self {
        RunRecord {
            id: r.run,
            run: Run {
                start: r.start,
                end: r.end,
                sport: r.sport,
                distance_m: r.distance_m,
                distance_source: r.distance_source,
                moving_s: r.moving_s,
                elevation_gain_m: r.elevation_gain_m,
            },
            cooldown_session: r.cooldown_session,
        }
    }
}

/// The files, in a fixed order.
pub fn files(backup: &Backup) -> Vec<CsvFile> {
    let pain = backup.pain_entries.iter().map(|e| PainRow {
        entry: e.id,
        at: e.at,
        back: e.back,
        leg: e.leg,
        reach: e.reach,
        side: e.side,
        qualities: e
            .qualities
            .iter()
            .map(|q| q.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        weakness: e.weakness,
        stiffness: e.stiffness,
        morning: e.morning,
        note: e.note.clone(),
    });
    let sessions = backup.sessions.iter().map(|s| SessionRow {
        session: s.id,
        started_at: s.started_at,
        ended_at: s.ended_at,
        status: s.status,
        after_run: s.context.after_run,
        place: s.context.place,
        program: s.program.clone(),
        pain_before: s.pain_before,
        pain_after: s.pain_after,
    });
    let steps = backup.sessions.iter().flat_map(|s| {
        s.steps.iter().map(|st| StepRow {
            session: s.id,
            at: st.at,
            exercise: st.exercise.clone(),
            side: st.side,
            rep: st.rep,
            outcome: st.outcome,
            reason: st.reason.as_ref().map(ToString::to_string),
        })
    });
    let ratings = backup.sessions.iter().flat_map(|s| {
        s.ratings.iter().map(|r| RatingRow {
            session: s.id,
            at: r.at,
            after_exercise: r.after.clone(),
            pain: r.pain,
        })
    });
    let runs = backup.runs.iter().map(|r| RunRow {
        run: r.id,
        start: r.run.start,
        end: r.run.end,
        sport: r.run.sport,
        distance_m: r.run.distance_m,
        distance_source: r.run.distance_source,
        moving_s: r.run.moving_s,
        elevation_gain_m: r.run.elevation_gain_m,
        cooldown_session: r.cooldown_session,
    });
    vec![
        file::<PainRow>("pain.csv", pain),
        file::<SessionRow>("sessions.csv", sessions),
        file::<StepRow>("steps.csv", steps),
        file::<RatingRow>("ratings.csv", ratings),
        file::<RunRow>("runs.csv", runs),
    ]
}

/// Header names of a row type, written even when there are no rows.
trait Header {
    const HEADER: &'static [&'static str];
}
impl Header for PainRow {
    const HEADER: &'static [&'static str] = &[
        "entry",
        "at",
        "back",
        "leg",
        "reach",
        "side",
        "qualities",
        "weakness",
        "stiffness",
        "morning",
        "note",
    ];
}
impl Header for SessionRow {
    const HEADER: &'static [&'static str] = &[
        "session",
        "started_at",
        "ended_at",
        "status",
        "after_run",
        "where",
        "program",
        "pain_before",
        "pain_after",
    ];
}
impl Header for StepRow {
    const HEADER: &'static [&'static str] = &[
        "session", "at", "exercise", "side", "rep", "outcome", "reason",
    ];
}
impl Header for RunRow {
    const HEADER: &'static [&'static str] = &[
        "run",
        "start",
        "end",
        "sport",
        "distance_m",
        "distance_source",
        "moving_s",
        "elevation_gain_m",
        "cooldown_session",
    ];
}
impl Header for RatingRow {
    const HEADER: &'static [&'static str] = &["session", "at", "after_exercise", "pain"];
}

fn file<R: Serialize + Header>(name: &'static str, rows: impl Iterator<Item = R>) -> CsvFile {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(R::HEADER).expect("writing to memory");
    for row in rows {
        w.serialize(row).expect("limber's records always serialize");
    }
    let bytes = w.into_inner().expect("writing to memory");
    CsvFile {
        name,
        text: String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"),
    }
}

/// Reads one of the files back into its rows (header checked).
pub fn read<R: DeserializeOwned>(text: &str) -> Result<Vec<R>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect()
}

/// The diary entries a `pain.csv` row holds.
impl TryFrom<PainRow> for PainEntry {
    type Error = String;
    fn try_from(r: PainRow) -> Result<Self, String> {
        let qualities = r
            .qualities
            .split(';')
            .filter(|q| !q.is_empty())
            .map(|q| {
                serde_json::from_value::<Quality>(serde_json::Value::String(q.into()))
                    .map_err(|_| format!("unknown quality {q:?}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(PainEntry {
            id: r.entry,
            at: r.at,
            back: r.back,
            leg: r.leg,
            reach: r.reach,
            side: r.side,
            qualities,
            weakness: r.weakness,
            stiffness: r.stiffness,
            morning: r.morning,
            note: r.note,
        })
    }
}

/// Sessions rebuilt from the three session files (rows in file order).
pub fn sessions_from_rows(
    sessions: Vec<SessionRow>,
    steps: &[StepRow],
    ratings: &[RatingRow],
) -> Vec<SessionRecord> {
    sessions
        .into_iter()
        .map(|s| SessionRecord {
            id: s.session,
            started_at: s.started_at,
            ended_at: s.ended_at,
            status: s.status,
            context: SessionContext {
                after_run: s.after_run,
                place: s.place,
            },
            program: s.program,
            pain_before: s.pain_before,
            pain_after: s.pain_after,
            steps: steps
                .iter()
                .filter(|st| st.session == s.session)
                .map(|st| StepRecord {
                    exercise: st.exercise.clone(),
                    side: st.side,
                    rep: st.rep,
                    outcome: st.outcome,
                    reason: st.reason.as_deref().map(StepReason::from_words),
                    at: st.at,
                })
                .collect(),
            ratings: ratings
                .iter()
                .filter(|r| r.session == s.session)
                .map(|r| Rating {
                    after: r.after_exercise.clone(),
                    pain: r.pain,
                    at: r.at,
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use limber_testutil::history::six_weeks;

    use super::*;

    fn fixture() -> Backup {
        let h = six_weeks();
        Backup {
            settings: h.profile,
            screens: h.screens,
            sessions: h.sessions,
            pain_entries: h.entries,
            runs: h.runs,
        }
    }

    fn text<'a>(files: &'a [CsvFile], name: &str) -> &'a str {
        &files.iter().find(|f| f.name == name).unwrap().text
    }

    #[test]
    fn re_reading_the_files_gives_the_data_back() {
        let b = fixture();
        let files = files(&b);
        let names: Vec<_> = files.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "pain.csv",
                "sessions.csv",
                "steps.csv",
                "ratings.csv",
                "runs.csv"
            ]
        );

        let pain: Vec<PainEntry> = read::<PainRow>(text(&files, "pain.csv"))
            .unwrap()
            .into_iter()
            .map(|r| PainEntry::try_from(r).unwrap())
            .collect();
        assert_eq!(pain, b.pain_entries);

        let sessions = sessions_from_rows(
            read(text(&files, "sessions.csv")).unwrap(),
            &read::<StepRow>(text(&files, "steps.csv")).unwrap(),
            &read::<RatingRow>(text(&files, "ratings.csv")).unwrap(),
        );
        assert_eq!(sessions, b.sessions);

        let runs: Vec<RunRecord> = read::<RunRow>(text(&files, "runs.csv"))
            .unwrap()
            .into_iter()
            .map(RunRecord::from)
            .collect();
        assert_eq!(runs, b.runs);
        assert!(text(&files, "runs.csv").contains(",trail-running,"));
    }

    #[test]
    fn header_rfc4180_quoting_and_iso_times() {
        let files = files(&fixture());
        let pain = text(&files, "pain.csv");
        let mut lines = pain.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("entry,at,back,leg,reach,side,qualities,weakness,stiffness,morning,note")
        );
        // The note with a comma and quotes is one quoted field, quotes doubled.
        assert!(
            pain.contains(",\"long run, 12 km; \"\"tight\"\" after, hills\"\r\n"),
            "{pain}"
        );
        // The first evening entry: 21:00 in Berlin is 19:00 UTC.
        assert!(
            pain.contains(
                ",2026-10-19T19:00:00Z,5,6,below-knee,left,tingling;ache,false,,false,\r\n"
            ),
            "{pain}"
        );
        assert!(
            text(&files, "steps.csv")
                .starts_with("session,at,exercise,side,rep,outcome,reason\r\n")
        );
    }

    #[test]
    fn empty_history_still_has_headers() {
        let files = files(&Backup::default());
        for f in &files {
            assert_eq!(f.text.matches("\r\n").count(), 1, "{}: {}", f.name, f.text);
        }
    }
}
