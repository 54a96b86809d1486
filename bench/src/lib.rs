//! Shared setup for the ferrofips benchmarks (`benches/`).
//!
//! * `benches/digests.rs` measures the primitives of `ferrofips-crypto` directly, on every backend this CPU
//!   can run ([`ferrofips_crypto::digest::backends`]).
//! * `benches/evp_digests.rs` measures the same digests through a real libcrypto (EVP), with the built
//!   provider module sealed into a temporary prefix ([`EvpPair`]) next to OpenSSL's own `default` provider in
//!   a second library context, so criterion reports both side by side.
//!
//! Both measure wall time by default; `FERROFIPS_BENCH_CLOCK=thread-cpu` measures the benchmark thread's CPU
//! time instead ([`ThreadCpuTime`]), which keeps preemption by other processes out of the samples.
//!
//! The EVP benches need the module built first: `cargo build --release -p ferrofips` (same
//! `CARGO_TARGET_DIR`), or `FERROFIPS_MODULE=/path/to/libferrofips.so`.

mod clock;
pub mod tls;
pub mod tls_run;
pub mod tls_table;

use std::error::Error;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_evp::{LibCtx, Md, system_default};
use ferrofips_tests::{InstallOptions, Installation};

pub use clock::{CLOCK_ENV, Clock, ThreadCpuTime, clock_from_env};

/// Message sizes for the primitive benches (bytes).
pub const PRIMITIVE_SIZES: [usize; 3] = [64, 1024, 16 * 1024];

/// Message sizes for the EVP benches (bytes): `openssl speed`'s smallest, a middle one and its largest.
pub const EVP_SIZES: [usize; 3] = [16, 1024, 16 * 1024];

/// The HMAC key used by the benches. A public benchmark constant, not a secret.
pub const HMAC_KEY: [u8; 32] = *b"ferrofips-benchmark-hmac-key-32B";

/// The property query that selects ferrofips.
pub const FERROFIPS_PROPQ: &str = "provider=ferrofips";

/// The property query that selects OpenSSL's default provider.
pub const DEFAULT_PROPQ: &str = "provider=default";

/// Errors from setting the benches up (module not built, provider not loadable, ...).
pub type SetupError = Box<dyn Error + Send + Sync>;

/// A deterministic, non-constant message of `len` bytes.
pub fn input(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(131) ^ (i >> 8)) as u8).collect()
}

/// OpenSSL's primary name for `alg` (e.g. "SHA2-256" for SHA-256), from the test harness's digest table.
pub fn openssl_name(alg: Algorithm) -> Option<&'static str> {
    ferrofips_tests::digests::by_nist(alg.name()).map(|d| d.name)
}

/// Two library contexts: one with the sealed ferrofips module (plus `base`) and one with OpenSSL's `default`
/// provider only. Fetch from [`EvpPair::contexts`] with the matching property query.
#[derive(Debug)]
pub struct EvpPair {
    // Declared first so the contexts (and the loaded module) go before the temporary prefix is removed.
    ferrofips: LibCtx,
    default: LibCtx,
    install: Installation,
}

impl EvpPair {
    /// Seals the built module into a temporary prefix (without `default_properties = fips=yes`), loads it
    /// into one context and OpenSSL's `default` provider into another, and checks that each context's
    /// SHA2-256 comes from the intended provider.
    pub fn new() -> Result<EvpPair, SetupError> {
        let install = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })
            .map_err(|e| e.to_string())?;
        let ferrofips = install.libctx()?;
        let default = system_default()?;
        let pair = EvpPair { ferrofips, default, install };
        for (name, ctx, propq) in pair.contexts() {
            let got = Md::fetch(ctx, "SHA2-256", Some(propq))?.provider_name();
            if got != name {
                return Err(format!("SHA2-256 with {propq:?} came from {got:?}, not {name:?}").into());
            }
        }
        Ok(pair)
    }

    /// `(provider name, its context, the property query selecting it)`: ferrofips first, then default.
    pub fn contexts(&self) -> [(&'static str, &LibCtx, &'static str); 2] {
        [("ferrofips", &self.ferrofips, FERROFIPS_PROPQ), ("default", &self.default, DEFAULT_PROPQ)]
    }

    /// The sealed installation (its prefix, module and configuration files).
    pub fn installation(&self) -> &Installation {
        &self.install
    }

    /// The ferrofips provider's `buildinfo` param (mode and backends in use), if it reports one.
    pub fn ferrofips_buildinfo(&self) -> Option<String> {
        self.ferrofips.provider("ferrofips").and_then(|p| p.info().ok()).and_then(|i| i.buildinfo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_has_an_openssl_name() {
        for alg in Algorithm::ALL {
            assert!(openssl_name(alg).is_some(), "{alg:?}");
        }
        assert_eq!(openssl_name(Algorithm::Sha512_256), Some("SHA2-512/256"));
    }

    #[test]
    fn input_is_deterministic_and_varied() {
        let a = input(300);
        assert_eq!(a, input(300));
        assert_eq!(a.len(), 300);
        assert!(a.windows(2).any(|w| w[0] != w[1]));
    }
}
