//! The error type of the loaders.

use std::fmt;
use std::path::PathBuf;

/// Why a vector file could not be loaded.
#[non_exhaustive]
#[derive(Debug)]
pub enum KatError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a well-formed ACVP JSON vector set.
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The file parsed, but its content is inconsistent (bad hex, lengths that disagree, ...).
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the test case where possible.
        msg: String,
    },
    /// This crate ships no vectors of that kind for that algorithm.
    NoVectors {
        /// What was asked for, e.g. `"HMAC-SHA3-256"`.
        what: String,
    },
}

impl KatError {
    pub(crate) fn format(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        Self::Format { path: path.into(), msg: msg.into() }
    }
}

impl fmt::Display for KatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Json { path, source } => write!(f, "{}: bad JSON: {source}", path.display()),
            Self::Format { path, msg } => write!(f, "{}: {msg}", path.display()),
            Self::NoVectors { what } => write!(f, "no known-answer vectors shipped for {what}"),
        }
    }
}

impl std::error::Error for KatError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Json { source, .. } => Some(source),
            Self::Format { .. } | Self::NoVectors { .. } => None,
        }
    }
}
