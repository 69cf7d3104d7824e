//! Where the run loop hands records, synchronously, as they happen: a
//! terminal driver's recorder, or an async one for a web handler.

use std::error::Error;
use std::fmt;

use limber_core::session::Output;

/// Receives every record the session produces (`Output::Step`,
/// `Output::Rating`, `Output::Finished`), in order, the moment it happens.
/// Cues are never passed here. Any `FnMut(&Output) -> Result<(), RecordError>`
/// is a recorder.
pub trait Recorder {
    fn record(&mut self, out: &Output) -> Result<(), RecordError>;
}

impl<F> Recorder for F
where
    F: FnMut(&Output) -> Result<(), RecordError>,
{
    fn record(&mut self, out: &Output) -> Result<(), RecordError> {
        self(out)
    }
}

/// Receives records like [`Recorder`], for a driver that stores them
/// asynchronously (a web handler, where blocking on a store write would
/// stall the server).
pub trait AsyncRecorder: Send {
    fn record(&mut self, out: &Output) -> impl Future<Output = Result<(), RecordError>> + Send;
}

/// A record could not be saved. Wraps the store's own error.
#[derive(Debug)]
pub struct RecordError(Box<dyn Error + Send + Sync + 'static>);

impl RecordError {
    pub fn new(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self(source.into())
    }

    /// The store's error.
    pub fn inner(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not save the session: {}", self.0)
    }
}

impl Error for RecordError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.0)
    }
}
