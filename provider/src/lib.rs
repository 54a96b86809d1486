//! ferrofips: a FIPS 140-3 style cryptographic module shipped as an OpenSSL 3 provider.
//!
//! The `cdylib` built from this crate (`libferrofips.so`, installed as `ferrofips.so`) is the module boundary.
//! It exports only `OSSL_provider_init`, never links libcrypto, and takes everything it needs from the core's
//! dispatch table. Layout:
//! - `abi/`: every `extern "C"` entry point and all of the provider's `unsafe` (upcalls, params, tables);
//! - `provctx`: one loaded instance: configuration and power-on self-tests;
//! - `ops/`: the safe operation implementations (digests, HMAC);
//! - `names`, `error`, `info`, `events`: shared names, error reasons, provider params, self-test reporting.

mod abi;
mod capabilities;
mod error;
mod events;
mod info;
mod names;
mod ops;
mod provctx;
mod random;

/// The module's own version and build description (also reported through the `buildinfo` parameter).
pub fn buildinfo() -> String {
    info::buildinfo(ferrofips_selftest::mode::strict())
}
