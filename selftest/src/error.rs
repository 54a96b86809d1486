//! Why a self-test run failed.

use std::{fmt, io};

/// Why [`power_on`](crate::power_on) or [`run_casts`](crate::run_casts) failed. Every variant leaves the
/// module in the (sticky) error state.
#[non_exhaustive]
#[derive(Debug)]
pub enum SelfTestError {
    /// A required configuration value (named as in `fipsmodule.cnf`, e.g. `"module-mac"`) is absent.
    MissingConfig(&'static str),
    /// A configuration value is present but malformed (e.g. a MAC that is not 32 bytes).
    InvalidConfig(&'static str),
    /// The module file could not be read.
    Io(io::Error),
    /// A test computed the wrong answer (or could not compute one).
    Failed {
        /// Event type of the failed test.
        ty: &'static str,
        /// Event description of the failed test.
        desc: &'static str,
    },
    /// The module was already in the error state: nothing was run.
    ErrorState,
}

impl fmt::Display for SelfTestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingConfig(k) => write!(f, "missing configuration value `{k}`"),
            Self::InvalidConfig(k) => write!(f, "invalid configuration value `{k}`"),
            Self::Io(e) => write!(f, "cannot read the module file: {e}"),
            Self::Failed { ty, desc } => write!(f, "self-test failed: {ty} ({desc})"),
            Self::ErrorState => f.write_str("the module is in the error state"),
        }
    }
}

impl std::error::Error for SelfTestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            _ => None,
        }
    }
}
