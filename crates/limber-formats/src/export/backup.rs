//! The JSON backup: everything limber stores about a user, versioned, and
//! readable back without loss.
//!
//! ```json
//! {
//!   "format": "limber-backup",
//!   "schema_version": 4,
//!   "settings": { …the profile… },
//!   "screens": [ …every screen, oldest first… ],
//!   "sessions": [ …every session with its holds and ratings… ],
//!   "pain_entries": [ …every diary entry… ],
//!   "runs": [ …every imported run, with its cool-down session… ]
//! }
//! ```
//!
//! The output holds no export time, so exporting, restoring into a new data
//! dir and exporting again gives the same bytes. Reading checks the format
//! and version before anything else, and every error names where in the file
//! it is (a JSON path such as `pain_entries[3].leg`, and the line).

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use limber_core::diary::{PainEntry, PainEntryId, SessionId, SessionRecord};
use limber_core::profile::Profile;
use limber_core::run::{RunId, RunRecord, SAME_RUN_WINDOW_S};
use limber_core::safety::ScreenRecord;

/// The `format` field every backup carries.
pub const FORMAT: &str = "limber-backup";

/// The backup layout this limber writes and the newest it reads. Raise it
/// when a change would make older limbers misread a backup. Version 4 adds
/// to `settings` the program the user saved, the voice setting and what the
/// safety rules found (`standing`): a limber reading up to 3 would drop them
/// without a word, so it is told the backup is newer instead. Version 3
/// names sessions, diary entries and runs by UUIDs, and is read as 4 (its
/// settings lack only those fields); versions 1 (no `runs`) and 2 numbered
/// them, and are still read (see `legacy`).
pub const SCHEMA_VERSION: u32 = 4;

/// The first version whose records carry UUIDs.
const UUID_IDS: u64 = 3;

/// Everything stored about one user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// The profile: time zone, pace, enabled exercises, trials, marks.
    pub settings: Profile,
    /// The screening history, oldest first.
    pub screens: Vec<ScreenRecord>,
    pub sessions: Vec<SessionRecord>,
    pub pain_entries: Vec<PainEntry>,
    pub runs: Vec<RunRecord>,
}

#[derive(Serialize)]
struct Written<'a> {
    format: &'static str,
    schema_version: u32,
    #[serde(flatten)]
    data: &'a Backup,
}

/// The whole file as read; `deny_unknown_fields` catches typos and fields
/// of a layout this limber does not know.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Read {
    #[allow(dead_code)] // checked by `Header` first
    format: String,
    #[allow(dead_code)]
    schema_version: u32,
    settings: Profile,
    screens: Vec<ScreenRecord>,
    sessions: Vec<SessionRecord>,
    pain_entries: Vec<PainEntry>,
    runs: Vec<RunRecord>,
}

/// Just enough to decide whether the rest can be read.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    schema_version: Option<serde_json::Value>,
}

/// Why a file is not a backup this limber can restore.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("it is not JSON: {detail} (line {line}, column {column})")]
    NotJson {
        detail: String,
        line: usize,
        column: usize,
    },
    #[error("it ends early, at line {line}, column {column}: the file is truncated or incomplete")]
    Truncated { line: usize, column: usize },
    #[error("it is not a limber backup: {0}")]
    NotABackup(String),
    #[error(
        "it was written by a newer limber (backup schema version {found}; this limber reads up to {SCHEMA_VERSION}). Upgrade limber to restore it"
    )]
    Newer { found: u64 },
    #[error("at {path} (line {line}, column {column}): {detail}")]
    Invalid {
        path: String,
        detail: String,
        line: usize,
        column: usize,
    },
}

impl Backup {
    /// The backup as pretty-printed JSON, with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(&Written {
            format: FORMAT,
            schema_version: SCHEMA_VERSION,
            data: self,
        })
        .expect("limber's records always serialize");
        out.push('\n');
        out
    }

    /// Reads a backup, checking (in this order) that the text is complete
    /// JSON, that it is a limber backup, that its version is not newer than
    /// [`SCHEMA_VERSION`], and that every record is valid (pain 0–10, known
    /// names, real times).
    pub fn from_json(text: &str) -> Result<Self, BackupError> {
        let header: Header = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
        match header.format {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(other) => {
                return Err(BackupError::NotABackup(format!(
                    "its \"format\" is {other}, not \"{FORMAT}\""
                )));
            }
            None => {
                return Err(BackupError::NotABackup(format!(
                    "it has no \"format\": \"{FORMAT}\" field"
                )));
            }
        }
        let version = match header.schema_version {
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => {
                n.as_u64().unwrap_or_default()
            }
            Some(other) => {
                return Err(BackupError::NotABackup(format!(
                    "its \"schema_version\" is {other}, not a whole number from 1"
                )));
            }
            None => {
                return Err(BackupError::NotABackup(
                    "it has no \"schema_version\" field".into(),
                ));
            }
        };
        if version > u64::from(SCHEMA_VERSION) {
            return Err(BackupError::Newer { found: version });
        }
        if version < UUID_IDS {
            return records::<legacy::Read>(text).map(Backup::from);
        }
        let read: Read = records(text)?;
        Ok(Self {
            settings: read.settings,
            screens: read.screens,
            sessions: read.sessions,
            pain_entries: read.pain_entries,
            runs: read.runs,
        })
    }
}

/// The whole file, every error named by its JSON path and line.
fn records<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, BackupError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        BackupError::Invalid {
            path,
            line: inner.line(),
            column: inner.column(),
            detail: strip_position(&inner),
        }
    })
}

fn syntax_error(e: &serde_json::Error) -> BackupError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => BackupError::Truncated {
            line: e.line(),
            column: e.column(),
        },
        Category::Syntax | Category::Io => BackupError::NotJson {
            line: e.line(),
            column: e.column(),
            detail: strip_position(e),
        },
        // Valid JSON but not an object: `Header` wants one.
        Category::Data => BackupError::NotABackup("it is JSON, but not a JSON object".into()),
    }
}

/// serde_json's message without its " at line L column C" tail (we say where ourselves).
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// What a backup adds to what is already stored, and what it leaves alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    /// The settings to store: the backup's when nothing was set yet,
    /// otherwise the stored ones with gaps filled from the backup.
    /// `None` when they would not change.
    pub settings: Option<Profile>,
    pub screens: Vec<ScreenRecord>,
    pub sessions: Vec<SessionRecord>,
    pub pain_entries: Vec<PainEntry>,
    /// New runs; a cool-down tag naming a session that was already stored
    /// names the stored session's id.
    pub runs: Vec<RunRecord>,
    /// Records of the backup that were already stored (or repeated in it).
    pub already_there: usize,
}

/// Works out what restoring `incoming` over `existing` writes, so that
/// restoring the same backup twice stores everything once.
///
/// A record is the same record when it has the same id, and also (a backup
/// of an older limber gives new ids) when: a session started at the same
/// instant with the same program; a screen was taken at the same instant
/// with the same answers; a diary entry has every other field equal; a run,
/// as on import, starts in the same minute or within [`SAME_RUN_WINDOW_S`]
/// of one stored.
pub fn merge(existing: &Backup, incoming: &Backup) -> Merge {
    let mut out = Merge::default();

    let mut sessions: BTreeMap<(Timestamp, &str), SessionId> = existing
        .sessions
        .iter()
        .map(|s| ((s.started_at, s.program.as_str()), s.id))
        .collect();
    let mut session_ids: BTreeSet<SessionId> = existing.sessions.iter().map(|s| s.id).collect();
    // Incoming session id -> the stored session it duplicates.
    let mut same_session: BTreeMap<SessionId, SessionId> = BTreeMap::new();
    for s in &incoming.sessions {
        if session_ids.contains(&s.id) {
            out.already_there += 1;
            continue;
        }
        match sessions.get(&(s.started_at, s.program.as_str())) {
            Some(&stored) => {
                same_session.insert(s.id, stored);
                out.already_there += 1;
            }
            None => {
                sessions.insert((s.started_at, s.program.as_str()), s.id);
                session_ids.insert(s.id);
                out.sessions.push(s.clone());
            }
        }
    }

    let mut runs: Vec<(i64, i64)> = existing
        .runs
        .iter()
        .map(|r| (r.run.fingerprint(), r.run.start.as_second()))
        .collect();
    let mut run_ids: BTreeSet<RunId> = existing.runs.iter().map(|r| r.id).collect();
    for r in &incoming.runs {
        let (fp, start) = (r.run.fingerprint(), r.run.start.as_second());
        if !run_ids.insert(r.id)
            || runs
                .iter()
                .any(|&(f, s)| f == fp || (s - start).abs() <= SAME_RUN_WINDOW_S)
        {
            out.already_there += 1;
            continue;
        }
        runs.push((fp, start));
        let mut r = r.clone();
        r.cooldown_session = r
            .cooldown_session
            .map(|s| same_session.get(&s).copied().unwrap_or(s));
        out.runs.push(r);
    }

    let mut screens: Vec<&ScreenRecord> = existing.screens.iter().collect();
    for s in &incoming.screens {
        if screens
            .iter()
            .any(|e| e.taken_at == s.taken_at && e.answers == s.answers)
        {
            out.already_there += 1;
        } else {
            screens.push(s);
            out.screens.push(s.clone());
        }
    }

    let mut entries: BTreeMap<Timestamp, Vec<&PainEntry>> = BTreeMap::new();
    for e in &existing.pain_entries {
        entries.entry(e.at).or_default().push(e);
    }
    let mut entry_ids: BTreeSet<PainEntryId> = existing.pain_entries.iter().map(|e| e.id).collect();
    for e in &incoming.pain_entries {
        let same_time = entries.entry(e.at).or_default();
        let same = |stored: &&PainEntry| {
            PainEntry {
                id: stored.id,
                ..e.clone()
            } == **stored
        };
        if !entry_ids.insert(e.id) || same_time.iter().any(same) {
            out.already_there += 1;
        } else {
            same_time.push(e);
            out.pain_entries.push(e.clone());
        }
    }

    let mut settings = merge_settings(&existing.settings, &incoming.settings);
    // Records added to the diary may hold pauses or marks the kept
    // standing does not know: it is worked out again from the whole diary.
    if !(out.sessions.is_empty() && out.pain_entries.is_empty()) {
        settings.standing = None;
    }
    out.settings = (settings != existing.settings).then_some(settings);
    out
}

/// The stored settings win; the backup fills what they leave unset, and
/// adds the trials and per-exercise settings they do not have.
fn merge_settings(stored: &Profile, backup: &Profile) -> Profile {
    // The rules' standing findings are worked out again from the merged
    // diary (`None`: read it whole once), never taken from a backup.
    if *stored == Profile::default() {
        return Profile {
            standing: None,
            ..backup.clone()
        };
    }
    // Destructured in full, so a new profile field cannot be forgotten here.
    let Profile {
        timezone,
        pace,
        voice,
        enabled,
        level_since,
        cleared_aggravating,
        rescreen_requested,
        red_flag_reported,
        morning_asked,
        morning_pause_acknowledged,
        diary_pause_acknowledged,
        disclaimer_shown,
        trial,
        reminder,
        past_trials,
        program,
        standing: _,
    } = backup.clone();
    let mut out = stored.clone();
    out.timezone = out.timezone.or(timezone);
    out.pace = out.pace.or(pace);
    out.voice = out.voice.or(voice);
    for (id, level) in enabled {
        out.enabled.entry(id).or_insert(level);
    }
    for (id, at) in level_since {
        out.level_since.entry(id).or_insert(at);
    }
    for (id, at) in cleared_aggravating {
        out.cleared_aggravating.entry(id).or_insert(at);
    }
    out.rescreen_requested = out.rescreen_requested.or(rescreen_requested);
    // A lock from red-flag symptoms is never lost by merging.
    out.red_flag_reported = out.red_flag_reported.or(red_flag_reported);
    out.morning_asked = out.morning_asked.or(morning_asked);
    out.morning_pause_acknowledged = out
        .morning_pause_acknowledged
        .or(morning_pause_acknowledged);
    out.diary_pause_acknowledged = out.diary_pause_acknowledged.or(diary_pause_acknowledged);
    out.disclaimer_shown = out.disclaimer_shown.or(disclaimer_shown);
    out.reminder = out.reminder.or(reminder);
    out.program = out.program.or(program);
    // A backup's running trial becomes a past one when another is running.
    match (&out.trial, trial) {
        (None, t) => out.trial = t,
        (Some(running), Some(t)) if *running != t && !out.past_trials.contains(&t) => {
            out.past_trials.push(t);
        }
        _ => {}
    }
    for t in past_trials {
        if !out.past_trials.contains(&t) && out.trial.as_ref() != Some(&t) {
            out.past_trials.push(t);
        }
    }
    out
}

mod legacy;
#[cfg(test)]
mod tests;
