//! The command-line contract (DESIGN.md "CLI contract"): tests and scripts
//! rely on these names, so change them only with the design.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use limber_core::diary::Place;

use crate::flag_value::{RangeError, whole_in_range};

/// The keys a session accepts, for `limber start --help`.
pub const START_KEYS: &str = "\
In the full-screen session:
  space    pause / resume (or: in position, ready; Enter too)
  s        skip this exercise        +/- pace faster / slower
  b        back to the start of this hold (twice quickly: the hold before)
  q        quit (asks first)         ?   the emergency list
  0-9      rate your pain now (0 no pain, 10 worst imaginable; 1 then 0 for 10)
  m        this hurts more           d   spreading down my leg / new numbness
  !        sharp or electric pain    u   moving back up toward my spine
  e        emergency signs: numbness between the legs, bladder or bowel change,
           both legs, weakness getting worse (ends the session, locks sessions)
  c        continue after a stop     a   after spreading: go on with all
  g        after high pain at the start: the gentlest version

In --plain mode, type a command and Enter: a number 0-10 rates your pain,
! sharp pain, d spreading, m hurts more, u moving up, e emergency signs,
c continue, a all, g gentlest, p (or Enter alone) pause or ready, s skip,
b back, + or - pace, q quit, ? help.

Ctrl-C saves the session as partial and exits 130 (SIGTERM: 143).";

#[derive(Debug, Parser)]
#[command(
    name = "limber",
    version,
    about = "A gentle post-run stretching routine and pain diary for runners with sciatica-type pain.",
    long_about = "A gentle post-run stretching routine and pain diary for runners with sciatica-type pain.\n\n\
        limber is for general fitness and information only: check with your health care professional \
        before starting, and know that back and leg pain can have other, more serious causes. \
        `limber help safety` lists the symptoms that need urgent medical help.",
    disable_help_subcommand = true,
    after_help = "Run `limber help safety` for the symptoms that need urgent medical help."
)]
pub struct Cli {
    /// Where limber keeps its data (default: $LIMBER_HOME, else your XDG data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The database: sqlite://PATH or a file path (default: $LIMBER_DATABASE,
    /// else limber.db in the data dir).
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the exercises, or enable/disable an opt-in one.
    Exercises(ExercisesArgs),
    /// Show the routine limber would guide you through, and why.
    Plan(PlanArgs),
    /// Start a guided cool-down.
    #[command(after_long_help = START_KEYS, after_help = START_KEYS)]
    Start(StartArgs),
    /// Record how your back and leg feel.
    Log(LogArgs),
    /// Sessions and diary entries so far.
    History(HistoryArgs),
    /// What your diary shows: pain change per exercise, trend, adherence.
    Stats(StatsArgs),
    /// Answer the safety questions (asked before your first session).
    Screen(ScreenArgs),
    /// Compare two exercises with a randomized n-of-1 trial.
    #[command(subcommand)]
    Trial(TrialCommand),
    /// Work with program files.
    #[command(subcommand)]
    Program(ProgramCommand),
    /// A self-contained HTML report of your diary, to read or print for your physio.
    Report(ReportArgs),
    /// Write your data out: a full backup, or a format other programs read.
    Export(ExportArgs),
    /// Load a backup made by `limber export --format json`.
    Restore(RestoreArgs),
    /// A recurring stretching reminder for your calendar (`limber export --format ics`).
    #[command(subcommand)]
    Remind(RemindCommand),
    /// Import runs from GPX, TCX or FIT files (or .gz), or folders of them.
    Import(ImportArgs),
    /// Imported runs, and whether each got its cool-down.
    Runs(RunsArgs),
    /// The web app in your browser (or your phone's, with --addr 0.0.0.0:PORT).
    Serve(ServeArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print limber's manual page (roff), e.g. `limber man > limber.1`.
    Man,
    /// Help on a command, or `limber help safety` for the emergency list.
    Help {
        /// A command name, or `safety`.
        topic: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ExercisesArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<ExercisesAction>,
}

#[derive(Debug, Subcommand)]
pub enum ExercisesAction {
    /// Turn on an opt-in exercise, or bring back one marked aggravating.
    Enable {
        id: String,
        /// Confirm, without being asked, that none of the exercise's cautions apply to you.
        #[arg(long)]
        none_apply: bool,
    },
    /// Turn an opt-in exercise off again.
    Disable { id: String },
    /// Move a progressive exercise (the full back curl) to a depth level:
    /// one deeper once limber offers it, or back to any gentler level.
    Level {
        id: String,
        level: u32,
        /// Confirm that your clinician has cleared the deepest level for you.
        #[arg(long)]
        clinician_cleared: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhereArg {
    /// Room to lie down.
    Floor,
    /// No floor: a wall (and a chair) to use.
    Wall,
    /// Standing only.
    Standing,
}

impl From<WhereArg> for Place {
    fn from(w: WhereArg) -> Self {
        match w {
            WhereArg::Floor => Place::Floor,
            WhereArg::Wall => Place::Wall,
            WhereArg::Standing => Place::Standing,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct PlanFlags {
    /// Plan it as the cool-down after a run.
    #[arg(long)]
    pub after_run: bool,
    /// Where you are.
    #[arg(long = "where", value_enum, default_value = "floor")]
    pub place: WhereArg,
    /// Time you have, in minutes (1–120); whole exercises are left out to fit.
    #[arg(long, value_name = "N", value_parser = minutes_arg, allow_negative_numbers = true)]
    pub minutes: Option<u32>,
    /// Use this program file instead of the Runner's cool-down.
    #[arg(long, value_name = "FILE")]
    pub program: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub plan: PlanFlags,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    #[command(flatten)]
    pub plan: PlanFlags,
    /// Run the session clock X times faster (demos and tests).
    #[arg(
        long,
        value_name = "X",
        default_value_t = 1.0,
        value_parser = speed_arg,
        allow_negative_numbers = true
    )]
    pub speed: f64,
    /// One line per cue, no screen control (implied when stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Speak the cues (espeak-ng; falls back to the terminal bell).
    #[arg(long)]
    pub voice: bool,
    /// Your pain now, 0–10, before starting.
    #[arg(long, value_name = "N", value_parser = pain_arg, allow_negative_numbers = true)]
    pub pain_before: Option<limber_core::PainScore>,
    /// Your pain, 0–10, at the end.
    #[arg(long, value_name = "N", value_parser = pain_arg, allow_negative_numbers = true)]
    pub pain_after: Option<limber_core::PainScore>,
    /// Seconds to get into each position (1–60), or 0 to wait for space or
    /// Enter (the default on your first session; 5 s after).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(0..=60))]
    pub get_ready: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReachArg {
    Back,
    Buttock,
    Thigh,
    BelowKnee,
    Foot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    Left,
    Right,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QualityArg {
    Electric,
    Burning,
    Numbness,
    Tingling,
    Ache,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Back pain now, 0–10.
    #[arg(long, value_name = "N", value_parser = pain_arg, allow_negative_numbers = true)]
    pub back: Option<limber_core::PainScore>,
    /// Leg pain now, 0–10.
    #[arg(long, value_name = "N", value_parser = pain_arg, allow_negative_numbers = true)]
    pub leg: Option<limber_core::PainScore>,
    /// How far down the leg symptoms reach.
    #[arg(long, value_enum)]
    pub reach: Option<ReachArg>,
    /// Which side.
    #[arg(long, value_enum)]
    pub side: Option<SideArg>,
    /// What it feels like (repeatable).
    #[arg(long, value_enum)]
    pub quality: Vec<QualityArg>,
    /// Leg or foot weakness.
    #[arg(long)]
    pub weakness: bool,
    /// Stiffness, 0–10.
    #[arg(long, value_name = "N", value_parser = pain_arg, allow_negative_numbers = true)]
    pub stiffness: Option<limber_core::PainScore>,
    /// This is the next-morning check after a session.
    #[arg(long)]
    pub morning: bool,
    /// A note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When (RFC 3339, or YYYY-MM-DD HH:MM in your time zone; default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Only from this date on (YYYY-MM-DD, in your time zone).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Show the latest N sessions and diary entries (with --json too).
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = limit_arg, allow_negative_numbers = true)]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// Record that none of the questions apply (asks nothing). With --answer, the rest are "no".
    #[arg(long)]
    pub none_apply: bool,
    /// Answer one question: KEY=yes|no (repeatable; see --list).
    #[arg(long, value_name = "KEY=yes|no")]
    pub answer: Vec<String>,
    /// List the question keys.
    #[arg(long)]
    pub list: bool,
    /// With --list: print the questions as one JSON document.
    #[arg(long, requires = "list")]
    pub json: bool,
    /// Acknowledge the advice of the latest screen and continue your program.
    #[arg(long)]
    pub acknowledge: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrialCommand {
    /// Plan a randomized, balanced comparison of two exercises.
    Start {
        /// The two exercise ids, A,B.
        #[arg(long, value_name = "A,B")]
        compare: String,
        /// How many weeks (2–12).
        #[arg(long, default_value_t = 4, value_parser = weeks_arg, allow_negative_numbers = true)]
        weeks: u32,
        /// Random-order number (default: from the clock); the same number draws the same order again.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// What the trial shows so far.
    Report {
        #[arg(long)]
        json: bool,
    },
    /// End the running trial.
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A complete backup that `limber restore` reads back.
    Json,
    /// One spreadsheet file per kind of record, into the directory given by -o.
    Csv,
    /// A FHIR R4 Bundle for a clinic's system.
    Fhir,
    /// An iCalendar file: the reminder (with an alarm) and past sessions.
    Ics,
}

#[derive(Debug, Subcommand)]
pub enum RemindCommand {
    /// Set the reminder: a local time, on some days (default: every day).
    Set {
        /// Time of day, HH:MM (24-hour).
        #[arg(long, value_name = "HH:MM")]
        at: String,
        /// Days, e.g. mon,wed,fri, or daily.
        #[arg(long, value_name = "DAYS", default_value = "daily")]
        days: String,
    },
    /// Show the reminder.
    Show,
    /// Remove the reminder.
    Off,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write it (default: standard output); a directory for csv.
    #[arg(short = 'o', long = "output", value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// fhir only: put this name on the Patient (by default it carries no identifying data; nothing is stored).
    #[arg(long, value_name = "NAME")]
    pub patient_name: Option<String>,
    /// fhir only: add sciatica as a condition you report yourself, marked unconfirmed.
    #[arg(long)]
    pub self_reported_sciatica: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the report to FILE (default: standard output, or with --open a file in the data dir).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Open it in your default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup file from `limber export --format json`.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Run files, or folders searched recursively (e.g. an unzipped bulk export).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunsArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen. Loopback by default; any other address is open to
    /// the network and needs the access token printed with the URL.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Subcommand)]
pub enum ProgramCommand {
    /// Check a program file and report every problem with its line and field.
    Check { file: PathBuf },
}

fn speed_arg(s: &str) -> Result<f64, String> {
    let speed: f64 = s.trim().parse().map_err(|_| {
        format!(
            "must be a number from {} to {}",
            limber_tui::ScaledClock::MIN_SPEED,
            limber_tui::ScaledClock::MAX_SPEED
        )
    })?;
    limber_tui::ScaledClock::validate(speed).map_err(|e| e.to_string())
}

fn weeks_arg(s: &str) -> Result<u32, RangeError> {
    let (min, max) = (limber_core::trial::MIN_WEEKS, limber_core::trial::MAX_WEEKS);
    whole_in_range(s, "weeks", min, max)
}

/// The most records one `limber history` lists.
pub const MAX_HISTORY_LIMIT: u32 = 1_000_000;

fn limit_arg(s: &str) -> Result<u32, RangeError> {
    whole_in_range(s, "records", 1, MAX_HISTORY_LIMIT)
}

fn minutes_arg(s: &str) -> Result<u32, RangeError> {
    whole_in_range(s, "minutes", 1, limber_core::plan::MAX_MINUTES)
}

fn pain_arg(s: &str) -> Result<limber_core::PainScore, String> {
    s.parse()
        .map_err(|e: limber_core::pain::PainScoreError| e.to_string())
}
