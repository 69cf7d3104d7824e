//! One error type for every command, carrying the exit code the CLI contract
//! promises: 1 runtime failure, 2 bad usage or input, 3 blocked by safety.

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
    /// Whoever reads the output stopped reading (`limber plan | head`):
    /// not a failure to report, so the command ends quietly.
    OutputClosed,
}

#[derive(Debug)]
pub struct CommandError {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
}

impl CommandError {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Usage,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Runtime,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn safety(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Safety,
            message: message.into(),
            hints: Vec::new(),
        }
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
            Kind::OutputClosed => 0,
        })
    }

    /// Whether the error is only that the output was closed early.
    pub fn is_quiet(&self) -> bool {
        self.kind == Kind::OutputClosed
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

impl From<limber_store::StoreError> for CommandError {
    fn from(e: limber_store::StoreError) -> Self {
        Self::runtime(e.to_string())
    }
}

impl From<limber_core::Problems> for CommandError {
    fn from(e: limber_core::Problems) -> Self {
        Self::usage(e.to_string())
    }
}

impl From<limber_core::plan::PlanError> for CommandError {
    fn from(e: limber_core::plan::PlanError) -> Self {
        Self::usage(e.to_string())
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Self {
                kind: Kind::OutputClosed,
                message: e.to_string(),
                hints: Vec::new(),
            };
        }
        Self::runtime(e.to_string())
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(kind) => std::io::Error::new(kind, e).into(),
            None => Self::runtime(e.to_string()),
        }
    }
}

impl From<anyhow::Error> for CommandError {
    fn from(e: anyhow::Error) -> Self {
        Self::runtime(format!("{e:#}"))
    }
}

pub type CmdResult<T = ()> = Result<T, CommandError>;
