//! CASTs of the algorithm families beyond digests and HMAC (the [catalog](crate::catalog) holds those).
//!
//! Each family lives in its own file and exposes `pub(crate) fn run(sink) -> Result<(), SelfTestError>`, built
//! on [`check`]. [`run_all`] runs them in a fixed order after the digest and HMAC CASTs; adding a family is one
//! file and one line here.

mod ccm;
mod cts;
mod drbg;
mod ecc;
mod eddsa;
mod gcm;
mod kdf;
mod kdf_sp800;
mod mac;
mod stream;
mod wrap;
mod xts;

use crate::SelfTestError;
use crate::cast::corrupt_first_byte;
use crate::events::EventSink;

/// A family's CAST runner.
type Family = fn(&mut dyn EventSink) -> Result<(), SelfTestError>;

/// Runs every family's CASTs, in order.
pub(crate) fn run_all(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let families: &[Family] = &[
        // One entry per family file, e.g. `gcm::run`.
        drbg::run,
        ecc::run,
        eddsa::run,
        gcm::run,
        ccm::run,
        xts::run,
        cts::run,
        wrap::run,
        stream::run,
        kdf::run,
        kdf_sp800::run,
        mac::run,
    ];
    families.iter().try_for_each(|run| run(sink))
}

/// Runs one known-answer test: reports `begin(ty, desc)` and `detail(id, backend)`, computes the answer, lets the
/// sink corrupt it, compares it with `expected` and reports the outcome. A computation error counts as a failure.
#[allow(dead_code)] // used by the family files as they are added
pub(crate) fn check(
    sink: &mut dyn EventSink,
    (ty, desc): (&'static str, &'static str),
    (id, backend): (&'static str, &'static str),
    expected: &[u8],
    compute: impl FnOnce() -> Result<Vec<u8>, ferrofips_crypto::Error>,
) -> Result<(), SelfTestError> {
    sink.begin(ty, desc);
    sink.detail(id, backend);
    let passed = match compute() {
        Ok(mut out) => {
            if sink.corrupt() {
                corrupt_first_byte(&mut out);
            }
            out == expected
        }
        Err(_) => false,
    };
    sink.end(passed);
    if passed { Ok(()) } else { Err(SelfTestError::Failed { ty, desc }) }
}
