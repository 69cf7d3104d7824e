//! One error type for every command, carrying the exit code the CLI contract
//! promises: 1 runtime failure, 2 bad usage or input, 3 blocked by safety.
//! It keeps the error it was made from as its [`Error::source`], so the
//! cause (a store failure, an I/O error, a flag's parse error) is never
//! flattened to a string: `LIMBER_LOG=debug` logs the whole chain.

use std::error::Error;
use std::fmt;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something went wrong that is not the user's input.
    Runtime,
    /// Bad usage or bad input; nothing was stored.
    Usage,
    /// The safety screen does not allow this now.
    Safety,
    /// Whoever reads the output stopped reading (`limber history | head -1`):
    /// not a failure to report, so the command ends quietly with 0.
    BrokenPipe,
}

type Source = Box<dyn Error + Send + Sync + 'static>;

#[derive(Debug)]
pub struct CommandError {
    kind: Kind,
    /// What the user reads after `limber: `.
    message: String,
    source: Option<Source>,
    hints: Vec<String>,
}

impl CommandError {
    fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
            hints: Vec::new(),
        }
    }

    /// An error of `kind` worded as `source` says, keeping it as the cause.
    fn caused_by(kind: Kind, source: impl Into<Source>) -> Self {
        let source = source.into();
        Self {
            kind,
            message: source.to_string(),
            source: Some(source),
            hints: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Self::new(Kind::Runtime, message)
    }

    pub fn safety(message: impl Into<String>) -> Self {
        Self::new(Kind::Safety, message)
    }

    /// Bad input, worded by the error that found it (kept as the source).
    pub fn bad_input(source: impl Into<Source>) -> Self {
        Self::caused_by(Kind::Usage, source)
    }

    /// A runtime failure, worded by the error that caused it (kept as the source).
    pub fn failed(source: impl Into<Source>) -> Self {
        Self::caused_by(Kind::Runtime, source)
    }

    /// Keeps `source` as the cause of an error worded by its own message
    /// (`cannot read FILE: …`), so the original error is not lost.
    pub fn because(mut self, source: impl Into<Source>) -> Self {
        self.source = Some(source.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            Kind::Runtime => 1,
            Kind::Usage => 2,
            Kind::Safety => 3,
            Kind::BrokenPipe => 0,
        })
    }

    /// Whether the error is only that the output was closed early.
    pub fn is_quiet(&self) -> bool {
        self.kind == Kind::BrokenPipe
    }

    /// The causes below the message, outermost first.
    pub fn causes(&self) -> impl Iterator<Item = &(dyn Error + 'static)> {
        std::iter::successors(self.source(), |e: &&(dyn Error + 'static)| (*e).source())
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for h in &self.hints {
            write!(f, "\nhint: {h}")?;
        }
        Ok(())
    }
}

impl Error for CommandError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

impl From<limber_store::StoreError> for CommandError {
    fn from(e: limber_store::StoreError) -> Self {
        Self::failed(e)
    }
}

impl From<limber_core::Problems> for CommandError {
    fn from(e: limber_core::Problems) -> Self {
        Self::bad_input(e)
    }
}

impl From<limber_core::plan::PlanError> for CommandError {
    /// The planner says what is wrong with the budget; the CLI says which
    /// flag to change.
    fn from(e: limber_core::plan::PlanError) -> Self {
        let needed = match &e {
            limber_core::plan::PlanError::BudgetTooShort { needed, .. } => Some(*needed),
            _ => None,
        };
        let err = Self::bad_input(e);
        match needed {
            Some(n) => err.hint(format!("try --minutes {n}")),
            None => err,
        }
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        let kind = if e.kind() == std::io::ErrorKind::BrokenPipe {
            Kind::BrokenPipe
        } else {
            Kind::Runtime
        };
        Self::caused_by(kind, e)
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(e: serde_json::Error) -> Self {
        // Writing JSON to a closed pipe is a broken pipe, not a failure.
        match e.io_error_kind() {
            Some(std::io::ErrorKind::BrokenPipe) => Self::caused_by(Kind::BrokenPipe, e),
            _ => Self::failed(e),
        }
    }
}

impl From<crate::flag_value::FlagError> for CommandError {
    fn from(e: crate::flag_value::FlagError) -> Self {
        Self::bad_input(e)
    }
}

pub type CmdResult<T = ()> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_failure_is_kept_as_the_source() {
        let e = CommandError::from(limber_store::StoreError::backend(
            "adding a pain entry",
            std::io::Error::other("disk full"),
        ));
        assert_eq!(e.exit_code(), ExitCode::from(1));
        let source = e.source().expect("the store error is kept");
        assert!(source.is::<limber_store::StoreError>(), "{source:?}");
        assert_eq!(e.to_string(), source.to_string());
    }

    #[test]
    fn a_worded_error_keeps_its_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = CommandError::usage(format!("cannot read plan.toml: {io}")).because(io);
        assert_eq!(e.to_string(), "cannot read plan.toml: no such file");
        let cause = e.source().expect("kept");
        assert_eq!(
            cause
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
    }

    #[test]
    fn a_broken_pipe_is_quiet_and_exits_0() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let e = CommandError::from(pipe);
        assert!(e.is_quiet());
        assert_eq!(e.exit_code(), ExitCode::from(0));
        let json = serde_json::Error::io(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(CommandError::from(json).is_quiet());
        let other = CommandError::from(std::io::Error::other("no space left"));
        assert!(!other.is_quiet());
        assert_eq!(other.exit_code(), ExitCode::from(1));
    }

    #[test]
    fn a_flag_error_is_bad_input_and_keeps_its_chain() {
        let e = CommandError::from(crate::flag_value::FlagError::new(
            "--answer",
            "cauda=maybe",
            crate::flag_value::AnswerError::NotYesNo("maybe".into()),
        ));
        assert_eq!(e.exit_code(), ExitCode::from(2));
        assert_eq!(
            e.to_string(),
            r#"--answer "cauda=maybe": "maybe" is not yes or no"#
        );
        let causes: Vec<String> = e.causes().map(ToString::to_string).collect();
        assert_eq!(causes.last().unwrap(), r#""maybe" is not yes or no"#);
    }
}
