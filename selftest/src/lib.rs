//! The ferrofips module's self-tests and state machine.
//!
//! * [`state`]: the process-global module state (`PowerOn`, `SelfTesting`, `Operational`, sticky `Error`);
//! * [`power_on`]: the pre-operational self-test (HMAC KAT, module and install integrity, every CAST);
//! * [`run_casts`]: the cryptographic algorithm self-tests alone, on demand;
//! * [`catalog`]: the CAST table with the published source of every expected value;
//! * [`events`]: OpenSSL-style self-test events and fault injection;
//! * [`integrity`]: the `fipsinstall` key, module MAC and MAC text format;
//! * [`mode`]: strict (FIPS-enforcing) mode detection.
//!
//! See `docs/SELFTEST.md` for the rationale.

#![forbid(unsafe_code)]

mod cast;
pub mod catalog;
mod error;
pub mod events;
pub mod integrity;
mod kat;
pub mod mode;
mod post;
pub mod state;

pub use error::SelfTestError;
pub use post::{PowerOnInput, power_on, run_casts};

#[cfg(test)]
mod tests;
