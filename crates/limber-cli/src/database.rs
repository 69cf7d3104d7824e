//! Which store the binary opens: `--database URL` (or `$LIMBER_DATABASE`),
//! else the SQLite file in the data dir. The rest of the binary holds the
//! store as `Arc<dyn Store>`, so this is the one place that names a backend.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use limber_store::Store;
use limber_store_sqlite::SqliteStore;

/// A database named by `--database` or `$LIMBER_DATABASE`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file: `sqlite://PATH`, `sqlite:PATH` or a bare path.
    Sqlite(PathBuf),
}

/// Where the value came from, so a message names what the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Flag,
    Env,
}

impl Named {
    fn words(self) -> &'static str {
        match self {
            Named::Flag => "--database ",
            Named::Env => "LIMBER_DATABASE=",
        }
    }
}

/// Why a database URL cannot be used. Nothing is opened or created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("it is empty; expected sqlite://PATH or a file path")]
    Empty,
    #[error("it names no file; expected sqlite://PATH")]
    NoPath,
    #[error(
        "this build of limber has no PostgreSQL backend yet; use sqlite://PATH, or leave the database out to use the file in the data dir"
    )]
    Postgres,
    #[error("limber does not know the database type {0:?}; expected sqlite://PATH or a file path")]
    UnknownScheme(String),
}

/// The error with the flag or variable and the value as typed, e.g.
/// `--database "mysql://db": limber does not know …`.
#[derive(Debug, thiserror::Error)]
#[error("{}{value:?}: {problem}", .named.words())]
pub struct DatabaseError {
    pub named: Named,
    pub value: String,
    #[source]
    pub problem: UrlError,
}

impl DatabaseUrl {
    /// Parses a URL as atuin's server picks its backend, by scheme; a value
    /// with no scheme is a file path.
    pub fn parse(raw: &str) -> Result<Self, UrlError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(UrlError::Empty);
        }
        let Some((scheme, rest)) = split_scheme(raw) else {
            return Ok(Self::Sqlite(PathBuf::from(raw)));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                // `?mode=…` and other sqlx options are not ours to honour.
                if path.is_empty() || path.contains('?') {
                    return Err(UrlError::NoPath);
                }
                Ok(Self::Sqlite(PathBuf::from(path)))
            }
            "postgres" | "postgresql" => Err(UrlError::Postgres),
            other => Err(UrlError::UnknownScheme(other.to_string())),
        }
    }
}

/// `scheme:rest` when `raw` starts with a URL scheme (a letter, then
/// letters, digits, `+`, `-` or `.`, then `:`); `None` for a path.
fn split_scheme(raw: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = raw.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// Opens (creating, with its migrations) the SQLite file at `path`.
/// `created` says whether the file was new, so its first user can be made.
pub async fn open_sqlite(path: &Path) -> limber_store::Result<(Arc<dyn Store>, bool)> {
    let created = !path.is_file();
    let store = SqliteStore::open(path).await?;
    Ok((Arc::new(store), created))
}

/// An empty store that keeps nothing: what a reading command sees when no
/// database exists yet.
pub async fn open_empty() -> limber_store::Result<Arc<dyn Store>> {
    Ok(Arc::new(SqliteStore::open_in_memory().await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(p: &str) -> Result<DatabaseUrl, UrlError> {
        Ok(DatabaseUrl::Sqlite(PathBuf::from(p)))
    }

    #[test]
    fn sqlite_urls_and_bare_paths_name_a_file() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/a.db"),
            sqlite("/tmp/a.db")
        );
        assert_eq!(DatabaseUrl::parse("sqlite://a.db"), sqlite("a.db"));
        assert_eq!(DatabaseUrl::parse("sqlite:a.db"), sqlite("a.db"));
        assert_eq!(DatabaseUrl::parse("SQLite://a.db"), sqlite("a.db"));
        assert_eq!(DatabaseUrl::parse("/tmp/a.db"), sqlite("/tmp/a.db"));
        assert_eq!(DatabaseUrl::parse("./x:y.db"), sqlite("./x:y.db"));
        assert_eq!(DatabaseUrl::parse(" data/a.db "), sqlite("data/a.db"));
    }

    #[test]
    fn other_schemes_and_empty_values_are_refused_with_the_reason() {
        assert_eq!(DatabaseUrl::parse(""), Err(UrlError::Empty));
        assert_eq!(DatabaseUrl::parse("sqlite://"), Err(UrlError::NoPath));
        assert_eq!(
            DatabaseUrl::parse("sqlite://a.db?mode=ro"),
            Err(UrlError::NoPath)
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Err(UrlError::Postgres)
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://h/db"),
            Err(UrlError::Postgres)
        );
        assert_eq!(
            DatabaseUrl::parse("mysql://h/db"),
            Err(UrlError::UnknownScheme("mysql".into()))
        );
    }

    #[test]
    fn the_error_names_the_flag_or_the_variable_and_the_value() {
        let e = |named| DatabaseError {
            named,
            value: "mysql://h".into(),
            problem: UrlError::UnknownScheme("mysql".into()),
        };
        assert_eq!(
            e(Named::Flag).to_string(),
            r#"--database "mysql://h": limber does not know the database type "mysql"; expected sqlite://PATH or a file path"#
        );
        assert!(
            e(Named::Env)
                .to_string()
                .starts_with(r#"LIMBER_DATABASE="mysql://h": "#)
        );
    }
}
