//! `SEED-SRC` as an OpenSSL `EVP_RAND` (`fips=yes`): the module's SP 800-90B entropy source, offered so that
//! libcrypto 3.5 — which fetches `SEED-SRC` with the default properties as the primary DRBG's parent — finds an
//! approved seed source (OpenSSL's own is `provider=default` only). Mirrors OpenSSL's `seed_src.c`: no parent,
//! `get_seed` hands out `max(entropy / 8, min_len)` bytes (failing above `max_len`), `generate` fills from
//! the source, reseed is a no-op. The source's output is conditioned to full entropy, so `n` bytes carry
//! `8n` bits.
//!
//! [`entropy_fill`] is how every RAND implementation here takes entropy: a failed SP 800-90B health test is a
//! failed conditional self-test and puts the whole module into its error state, as OpenSSL's FIPS provider does
//! on a CRNG test failure (`ossl_set_error_state(OSSL_SELF_TEST_TYPE_CRNG)`).

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use ferrofips_crypto::entropy::{self, EntropyError};
use ferrofips_selftest::state;
use zeroize::Zeroizing;

use super::param_error;
use super::rand_params::{self as keys, RandState};
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// Reported `strength`: as OpenSSL's seed source, above any DRBG's so every DRBG may use it as parent.
pub(crate) const SEED_STRENGTH: u32 = 1024;
/// Reported `max_request`.
pub(crate) const SEED_MAX_REQUEST: usize = 1 << 16;

/// A `SEED-SRC` context.
#[derive(Debug)]
pub(crate) struct SeedCtx {
    pub(crate) prov: Arc<ProvCtx>,
    state: AtomicI32,
}

fn entropy_error(e: EntropyError) -> ProvError {
    ProvError::with(Reason::RandomFailed, e.to_string())
}

/// Fills `out` with full-entropy bytes from the module's entropy source. A health-test failure (now or earlier:
/// the source's failure is persistent) enters the module's error state; a noise-source (`getrandom`) error
/// fails this request only.
pub(crate) fn entropy_fill(out: &mut [u8]) -> ProvResult<()> {
    entropy::system_fill(out).map_err(|e| {
        if matches!(e, EntropyError::RepetitionCount | EntropyError::AdaptiveProportion) {
            state::enter_error();
        }
        entropy_error(e)
    })
}

impl SeedCtx {
    /// A new, uninstantiated seed source.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        SeedCtx { prov, state: AtomicI32::new(RandState::Uninitialised as i32) }
    }

    fn state(&self) -> RandState {
        match self.state.load(Ordering::Acquire) {
            1 => RandState::Ready,
            2 => RandState::Error,
            _ => RandState::Uninitialised,
        }
    }

    fn ready(&self) -> ProvResult<()> {
        if entropy::system_failed() {
            // A health test failed (wherever the source was used from): a failed conditional self-test.
            state::enter_error();
            self.state.store(RandState::Error as i32, Ordering::Release);
        }
        match self.state() {
            RandState::Ready => Ok(()),
            RandState::Error => Err(ProvError::with(Reason::DrbgState, "entropy source in error state")),
            RandState::Uninitialised => Err(ProvError::with(Reason::DrbgState, "seed source not instantiated")),
        }
    }

    /// `instantiate`: the entropy source runs its start-up test on first use; only its state matters here.
    pub(crate) fn instantiate(&self, strength: u32) -> ProvResult<()> {
        if strength > SEED_STRENGTH {
            return Err(ProvError::with(Reason::InvalidParam, format!("strength {strength}")));
        }
        let s = if entropy::system_failed() { RandState::Error } else { RandState::Ready };
        self.state.store(s as i32, Ordering::Release);
        self.ready()
    }

    /// `uninstantiate`.
    pub(crate) fn uninstantiate(&self) {
        self.state.store(RandState::Uninitialised as i32, Ordering::Release);
    }

    /// `generate`: full-entropy bytes from the source (additional input has no use here).
    pub(crate) fn generate(&self, out: &mut [u8], strength: u32) -> ProvResult<()> {
        self.ready()?;
        if strength > SEED_STRENGTH {
            return Err(ProvError::with(Reason::InvalidParam, format!("strength {strength}")));
        }
        entropy_fill(out).inspect_err(|_| self.state.store(RandState::Error as i32, Ordering::Release))
    }

    /// `reseed`: nothing to do for a live source.
    pub(crate) fn reseed(&self) -> ProvResult<()> {
        self.ready()
    }

    /// `get_seed`: `max(entropy / 8, min_len)` full-entropy bytes; more than `max_len` is an error.
    pub(crate) fn get_seed(
        &self,
        entropy_bits: i32,
        (min_len, max_len): (usize, usize),
    ) -> ProvResult<Zeroizing<Box<[u8]>>> {
        self.ready()?;
        let n = usize::try_from(entropy_bits).map_or(0, |b| b.div_ceil(8)).max(min_len);
        if n > max_len {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("{n} seed bytes needed, at most {max_len} taken"),
            ));
        }
        let mut buf = Zeroizing::new(vec![0u8; n].into_boxed_slice());
        entropy_fill(&mut buf).inspect_err(|_| self.state.store(RandState::Error as i32, Ordering::Release))?;
        Ok(buf)
    }

    /// `get_ctx_params`: state, strength, max_request.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let v = if key == keys::STATE {
                if entropy::system_failed() { RandState::Error as i32 as i128 } else { self.state() as i32 as i128 }
            } else if key == keys::STRENGTH {
                i128::from(SEED_STRENGTH)
            } else if key == keys::MAX_REQUEST {
                SEED_MAX_REQUEST as i128
            } else {
                continue;
            };
            p.set_int(v).map_err(|e| param_error(key, e))?;
        }
        Ok(())
    }
}
