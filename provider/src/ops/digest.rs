//! Message digests (SHA-1, SHA-2, SHA-3, SHAKE) as OpenSSL digest contexts.

use std::sync::Arc;

use ferrofips_crypto::digest::{Algorithm, Hasher};

use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// Largest SHAKE output the module produces in one `final` (keeps `xoflen` from driving huge allocations or
/// loops on behalf of a hostile caller; matches the largest size any OpenSSL user requests in practice).
pub(crate) const MAX_XOF_LEN: usize = 1 << 30;

/// Where a digest context is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Created, never initialised.
    New,
    /// Initialised; accepting input.
    Absorbing,
    /// An XOF that has started squeezing output.
    Squeezing,
    /// `final` ran; needs `init` before further use.
    Finalised,
}

/// A digest context (`EVP_MD_CTX`'s provider half).
#[derive(Clone, Debug)]
pub(crate) struct DigestCtx {
    pub(crate) prov: Arc<ProvCtx>,
    hasher: Hasher,
    phase: Phase,
    xof_len: usize,
}

impl DigestCtx {
    /// A fresh context for `alg` on the module's chosen backend.
    pub(crate) fn new(prov: Arc<ProvCtx>, alg: Algorithm) -> Self {
        Self { prov, hasher: Hasher::new(alg), phase: Phase::New, xof_len: alg.output_len() }
    }

    fn alg(&self) -> Algorithm {
        self.hasher.algorithm()
    }

    /// `OSSL_FUNC_digest_init`: restart, then apply `params`.
    pub(crate) fn init(&mut self, params: Params<'_>) -> ProvResult<()> {
        self.hasher.reset();
        self.xof_len = self.alg().output_len();
        self.phase = Phase::Absorbing;
        self.set_params(params)
    }

    /// `OSSL_FUNC_digest_update`.
    pub(crate) fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        match self.phase {
            Phase::Absorbing => {
                self.hasher.update(data);
                Ok(())
            }
            Phase::New => Err(Reason::NotInitialised.into()),
            Phase::Squeezing | Phase::Finalised => Err(Reason::AlreadyFinalised.into()),
        }
    }

    /// `OSSL_FUNC_digest_final`: writes the digest (or `xoflen` bytes of an XOF) to the front of `out`.
    pub(crate) fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        let n = if self.alg().is_xof() { self.xof_len } else { self.alg().output_len() };
        match self.phase {
            Phase::Absorbing | Phase::Squeezing => {}
            Phase::New => return Err(Reason::NotInitialised.into()),
            Phase::Finalised => return Err(Reason::AlreadyFinalised.into()),
        }
        let Some(dst) = out.get_mut(..n) else {
            return Err(ProvError::with(Reason::OutputTooSmall, format!("need {n} bytes, have {}", out.len())));
        };
        let r = if self.phase == Phase::Squeezing { self.hasher.squeeze(dst) } else { self.hasher.finalize_into(dst) };
        r.map_err(|_| ProvError::new(Reason::InternalError))?;
        self.phase = Phase::Finalised;
        Ok(n)
    }

    /// `OSSL_FUNC_digest_squeeze` (libcrypto 3.3+): XOF output in pieces, continuing the stream.
    pub(crate) fn squeeze(&mut self, out: &mut [u8]) -> ProvResult<()> {
        if !self.alg().is_xof() {
            return Err(ProvError::with(Reason::XofNotAllowed, "squeeze on a fixed-length digest"));
        }
        match self.phase {
            Phase::Absorbing | Phase::Squeezing => {}
            Phase::New => return Err(Reason::NotInitialised.into()),
            Phase::Finalised => return Err(Reason::AlreadyFinalised.into()),
        }
        self.hasher.squeeze(out).map_err(|_| ProvError::new(Reason::InternalError))?;
        self.phase = Phase::Squeezing;
        Ok(())
    }

    /// `OSSL_FUNC_digest_set_ctx_params`: `xoflen` (and its 3.4+ alias `size`) for SHAKE, refused for fixed-length
    /// digests; unknown keys are ignored, as OpenSSL's implementations do.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let p = params.locate(names::P_XOFLEN).or_else(|| params.locate(names::P_SIZE));
        if let Some(p) = p {
            if !self.alg().is_xof() {
                // `EVP_DigestFinalXOF` on a fixed-length digest: refuse rather than return fewer bytes.
                return Err(ProvError::with(Reason::XofNotAllowed, "not an XOF: output length is fixed"));
            }
            let v: usize = p.get_int().map_err(|e| param_error(p.key(), e))?;
            if v > MAX_XOF_LEN {
                return Err(ProvError::with(Reason::InvalidLength, format!("xoflen {v} exceeds {MAX_XOF_LEN}")));
            }
            if self.phase == Phase::Squeezing {
                return Err(ProvError::with(Reason::AlreadyFinalised, "xoflen set after squeezing started"));
            }
            self.xof_len = v;
        }
        Ok(())
    }

    /// `OSSL_FUNC_digest_get_ctx_params`: `xoflen`/`size` of an XOF context.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            if self.alg().is_xof() && (key == names::P_XOFLEN || key == names::P_SIZE) {
                p.set_int(self.xof_len as i128).map_err(|e| param_error(key, e))?;
            }
        }
        Ok(())
    }
}

/// `OSSL_FUNC_digest_get_params`: the constants libcrypto caches when it builds the `EVP_MD`.
pub(crate) fn get_params(alg: Algorithm, params: Params<'_>) -> ProvResult<()> {
    for p in params.iter() {
        let key = p.key();
        let v: i128 = if key == names::P_BLOCK_SIZE {
            alg.block_len() as i128
        } else if key == names::P_SIZE {
            alg.output_len() as i128
        } else if key == names::P_XOF {
            i128::from(alg.is_xof())
        } else if key == names::P_ALGID_ABSENT {
            // Every SHA-1/2/3 and SHAKE AlgorithmIdentifier has absent parameters (OpenSSL sets it for all of them).
            1
        } else {
            continue;
        };
        p.set_int(v).map_err(|e| param_error(key, e))?;
    }
    Ok(())
}
