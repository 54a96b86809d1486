//! Integration-test harness for ferrofips: drives the *built* provider module through a real libcrypto
//! (via `ferrofips-evp`) and the stock `openssl` CLI.
//!
//! * [`module::built_module`] finds `libferrofips.so` (`$FERROFIPS_MODULE`, else `<target>/release/`).
//! * [`Installation`] seals a copy into a temporary prefix like `ferrofips install` does and writes the
//!   OpenSSL configuration of the contract; [`Installation::libctx`] loads it into a fresh library context.
//! * [`child`] runs a test in its own process (sticky error state, env knobs read once by the module).
//! * [`tools`] finds and runs `openssl`, `nm`, `ldd`.
//! * [`digests::DIGESTS`] lists the digests with OpenSSL's names.
//!
//! The tests themselves live in `tests/` (one file per area). They need the module built first:
//! `cargo build --release -p ferrofips`.
//!
//! Knobs: `FERROFIPS_MODULE` (use this module file), `FERROFIPS_LDT=1|all` (run the smallest / every ACVP
//! large-data test, 1 to 8 GiB each), `FERROFIPS_OPENSSL35` (an OpenSSL 3.5 `openssl` binary for the CLI
//! checks; default `$HOME/.cache/ferrofips/openssl-3.5/bin/openssl`). Portable-backend and strict-mode runs
//! set `FERROFIPS_CPU` / `FERROFIPS_FORCE_FIPS` themselves, in child processes.

pub mod checks;
pub mod child;
pub mod cli;
pub mod digests;
pub mod ec;
mod error;
mod install;
pub mod kdf_params;
pub mod module;
pub mod tls;
pub mod tools;

pub use error::{HarnessError, TestResult, ensure};
pub use install::{
    INSTALLED_NAME, InstallOptions, Installation, MacChoice, PROVIDER_NAME, SECTION, Tamper, TempDir, load_into,
};

/// The property query that selects ferrofips explicitly.
pub const PROPQ: &str = "provider=ferrofips";
