//! What every command shares: where the data lives, the store, the clock and
//! the user's time zone. The store is opened lazily so that commands which
//! need none (`exercises`, `program check`) start instantly.

use std::cell::OnceCell;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use limber_core::Catalog;
use limber_core::profile::Profile;
use limber_store::{LOCAL_USER, Store, UserId, Versioned};

use crate::command_error::{CmdResult, CommandError};
use crate::database::{DatabaseError, DatabaseUrl, Named};

/// The database file inside the data dir.
pub const DB_FILE: &str = "limber.db";

pub struct Env {
    pub data_dir: PathBuf,
    /// Named by `--data-dir` or `$LIMBER_HOME` (not the default location).
    named_dir: bool,
    /// The database file: the one `--database` or `$LIMBER_DATABASE`
    /// names, else the data dir's.
    db_path: PathBuf,
    /// Named by `--database` or `$LIMBER_DATABASE`.
    named_db: bool,
    /// The command records something: the data dir may be created. A
    /// reading command never creates one.
    pub writes: bool,
    pub catalog: Catalog,
    runtime: OnceCell<tokio::runtime::Runtime>,
    store: OnceCell<Arc<dyn Store>>,
    fixed_now: Option<Timestamp>,
}

impl Env {
    pub fn new(data_dir_flag: Option<PathBuf>, database_flag: Option<String>) -> CmdResult<Self> {
        // The database first: a bad URL is refused before anything else.
        let database = resolve_database(database_flag)?;
        let (data_dir, named_dir) = resolve_data_dir(data_dir_flag)?;
        let named_db = database.is_some();
        let db_path = match database {
            Some(DatabaseUrl::Sqlite(path)) => path,
            None => data_dir.join(DB_FILE),
        };
        let fixed_now = clock_override(
            std::env::var("LIMBER_NOW").ok(),
            cfg!(feature = "test-clock"),
        )?;
        Ok(Self {
            data_dir,
            named_dir,
            db_path,
            named_db,
            writes: true,
            catalog: Catalog::builtin(),
            runtime: OnceCell::new(),
            store: OnceCell::new(),
            fixed_now,
        })
    }

    pub fn user(&self) -> UserId {
        LOCAL_USER
    }

    pub fn now(&self) -> Timestamp {
        self.fixed_now.unwrap_or_else(Timestamp::now)
    }

    /// Whether the clock is pinned by LIMBER_NOW (sessions then still run in real time).
    pub fn fixed_now(&self) -> Option<Timestamp> {
        self.fixed_now
    }

    /// The database file this command reads and writes.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime
            .get_or_init(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a current-thread runtime always builds")
            })
            .block_on(f)
    }

    /// The store, opened (and created, with its migrations) on first use.
    /// For a reading command nothing is created: a data dir or a database
    /// named on the command line that does not exist is a usage error, and
    /// a missing database reads as empty.
    pub fn store(&self) -> CmdResult<&dyn Store> {
        Ok(self.shared_store()?.as_ref())
    }

    /// [`Env::store`] as a handle a server can share between requests.
    pub fn shared_store(&self) -> CmdResult<&Arc<dyn Store>> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let exists = self.db_path.is_file();
        let store = if self.writes || exists {
            let (store, created) = self.block_on(crate::database::open_sqlite(&self.db_path))?;
            // Stores know only the users made explicitly: the local one is
            // made with its database.
            if created {
                self.block_on(store.create_user(self.user()))?;
            }
            store
        } else if self.named_db {
            return Err(CommandError::usage(format!(
                "the database {} does not exist; nothing was created (commands that record something, like `limber log` or `limber start`, create it)",
                self.db_path.display()
            )));
        } else if self.named_dir && !self.data_dir.is_dir() {
            return Err(CommandError::usage(format!(
                "the data dir {} does not exist; nothing was created (commands that record something, like `limber log` or `limber start`, create it)",
                self.data_dir.display()
            )));
        } else {
            self.block_on(crate::database::open_empty())?
        };
        Ok(self.store.get_or_init(|| store))
    }

    /// Fixes the user's time zone in their profile the first time they
    /// record something, so diary days do not move if the machine's zone
    /// changes later.
    pub fn pin_timezone(&self) -> CmdResult {
        let mut profile = self.block_on(self.store()?.profile(self.user()))?;
        self.pin_timezone_of(&mut profile)
    }

    /// [`Env::pin_timezone`] on a profile the command has read (and may
    /// save again: its version moves with the save).
    pub fn pin_timezone_of(&self, profile: &mut Versioned<Profile>) -> CmdResult {
        if profile.timezone.is_none()
            && let Some(name) = TimeZone::system().iana_name()
        {
            profile.timezone = Some(name.to_string());
            self.block_on(self.store()?.save_profile(self.user(), profile))?;
        }
        Ok(())
    }

    /// The user's time zone: the profile's, else the system's.
    pub fn tz(&self) -> CmdResult<TimeZone> {
        profile_tz(&self.block_on(self.store()?.profile(self.user()))?.value)
    }
}

/// The time zone a profile names, else the system's.
pub fn profile_tz(profile: &limber_core::profile::Profile) -> CmdResult<TimeZone> {
    limber_app::user_state::profile_tz(profile).map_err(CommandError::failed)
}

/// `LIMBER_NOW` pins the clock (RFC 3339) so scripted tests of
/// time-dependent behaviour never sleep or depend on the date. Only a build
/// with the `test-clock` feature (the test suite's) honours it: in a release
/// binary, moving the date could lift a next-morning pause or the 14-day
/// rules, so it is ignored there, with a note on stderr.
fn clock_override(raw: Option<String>, allowed: bool) -> CmdResult<Option<Timestamp>> {
    match raw {
        None => Ok(None),
        Some(_) if !allowed => {
            eprintln!("{IGNORED_CLOCK}");
            Ok(None)
        }
        Some(s) => s.parse::<Timestamp>().map(Some).map_err(|e| {
            CommandError::usage(format!("LIMBER_NOW={s:?} is not an RFC 3339 time: {e}")).because(e)
        }),
    }
}

const IGNORED_CLOCK: &str =
    "limber: LIMBER_NOW is ignored: the clock override only works in test builds.";

/// The database `--database` names, else `$LIMBER_DATABASE` (when set and
/// not empty), parsed; `None` for the data dir's file.
fn resolve_database(flag: Option<String>) -> CmdResult<Option<DatabaseUrl>> {
    let (named, value) = match flag {
        Some(v) => (Named::Flag, v),
        None => match std::env::var("LIMBER_DATABASE") {
            Ok(v) if !v.is_empty() => (Named::Env, v),
            _ => return Ok(None),
        },
    };
    match DatabaseUrl::parse(&value) {
        Ok(url) => Ok(Some(url)),
        Err(problem) => {
            let e = DatabaseError {
                named,
                value,
                problem,
            };
            Err(CommandError::usage(e.to_string()).because(e))
        }
    }
}

/// The data dir, and whether the user named it.
fn resolve_data_dir(flag: Option<PathBuf>) -> CmdResult<(PathBuf, bool)> {
    if let Some(dir) = flag {
        return Ok((dir, true));
    }
    if let Some(dir) = std::env::var_os("LIMBER_HOME").filter(|d| !d.is_empty()) {
        return Ok((PathBuf::from(dir), true));
    }
    directories::ProjectDirs::from("", "", "limber")
        .map(|d| (d.data_dir().to_path_buf(), false))
        .ok_or_else(|| {
            CommandError::runtime("cannot find a home directory for limber's data")
                .hint("pass --data-dir DIR or set LIMBER_HOME")
        })
}

/// The largest program file limber reads: real programs are a few KiB.
pub const MAX_PROGRAM_BYTES: u64 = 1024 * 1024;

/// Reads a user-named program file, with the path in any error. Only a
/// regular file of at most [`MAX_PROGRAM_BYTES`] is read: `/dev/zero`, a
/// FIFO or a huge file is refused before any memory is spent on it.
pub fn read_file(path: &Path) -> CmdResult<String> {
    read_bounded(path, MAX_PROGRAM_BYTES)
}

/// Reads a regular file of at most `max` bytes as UTF-8 text.
pub fn read_bounded(path: &Path, max: u64) -> CmdResult<String> {
    use std::io::Read;
    let name = path.display();
    let cannot =
        |e: std::io::Error| CommandError::usage(format!("cannot read {name}: {e}")).because(e);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(CommandError::usage(format!(
            "cannot read {name}: it is not a regular file"
        )));
    }
    let too_big = || {
        CommandError::usage(format!(
            "cannot read {name}: it is larger than the {} limit",
            size_in_words(max)
        ))
    };
    if meta.len() > max {
        return Err(too_big());
    }
    // The size is checked again while reading: the file may grow meanwhile.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        CommandError::usage(format!(
            "cannot read {name}: it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A limit as a person reads it: "1 MiB", "512 KiB".
fn size_in_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_override_is_ignored_unless_the_build_allows_it() {
        let at = || Some("2030-01-01T00:00:00Z".to_string());
        assert_eq!(clock_override(at(), false).unwrap(), None);
        assert_eq!(
            clock_override(at(), true).unwrap(),
            Some("2030-01-01T00:00:00Z".parse().unwrap())
        );
        assert_eq!(clock_override(None, true).unwrap(), None);
        // Only parsed where honoured: a release build never fails on it.
        assert_eq!(clock_override(Some("soon".into()), false).unwrap(), None);
        assert!(clock_override(Some("soon".into()), true).is_err());
    }

    #[test]
    fn the_release_binary_is_built_without_the_clock_override() {
        let manifest = include_str!("../Cargo.toml");
        assert!(
            manifest.contains("[features]") && manifest.contains("test-clock = []"),
            "the feature exists"
        );
        let default = manifest
            .lines()
            .find(|l| l.starts_with("default"))
            .unwrap_or("");
        assert!(!default.contains("test-clock"), "{default}");
    }
}
