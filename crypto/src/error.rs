//! The one error type of the primitives: small, allocation-free and free of secret-dependent detail.

use core::fmt;

/// Why a primitive refused an operation.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The requested backend is not compiled in or not supported by this CPU.
    BackendUnavailable,
    /// An input or output buffer has a length the operation does not accept.
    InvalidLength,
    /// A key was rejected.
    InvalidKey,
    /// The operation is not defined for this algorithm (e.g. squeezing a fixed-length digest).
    Unsupported,
    /// An authentication tag did not verify (AEAD decryption); nothing about the mismatch is revealed.
    AuthenticationFailed,
    /// A stateful operation was called out of order (e.g. AAD after data, data after the tag).
    InvalidState,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BackendUnavailable => "backend unavailable on this CPU",
            Self::InvalidLength => "invalid length",
            Self::InvalidKey => "invalid key",
            Self::Unsupported => "operation not supported by this algorithm",
            Self::AuthenticationFailed => "authentication failed",
            Self::InvalidState => "operation not allowed in the current state",
        })
    }
}

impl std::error::Error for Error {}
