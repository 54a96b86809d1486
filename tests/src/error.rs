//! The harness's error type.

use std::fmt;

/// A setup or tooling problem (module not built, tool missing, file I/O, child process failure, ...).
#[derive(Clone, PartialEq, Eq)]
pub struct HarnessError(pub String);

impl HarnessError {
    /// An error with this message.
    pub fn new(msg: impl Into<String>) -> HarnessError {
        HarnessError(msg.into())
    }
}

// Debug prints the message as is, so a test returning `Err` shows a readable explanation.
impl fmt::Debug for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HarnessError {}

impl From<std::io::Error> for HarnessError {
    fn from(e: std::io::Error) -> Self {
        HarnessError(format!("I/O error: {e}"))
    }
}

/// What every test returns; `?` works on harness, OpenSSL and vector errors alike.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Fails the current test with `msg` unless `cond` holds (an assert that returns an error instead of
/// panicking, for use in helpers that return `Result`).
pub fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Result<(), HarnessError> {
    if cond { Ok(()) } else { Err(HarnessError(msg())) }
}
