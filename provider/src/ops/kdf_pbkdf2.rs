//! "PBKDF2" (SP 800-132 / RFC 8018) as an OpenSSL `EVP_KDF`, with the parameters and semantics of OpenSSL's
//! `providers/implementations/kdfs/pbkdf2.c` (3.5):
//!
//! * `pass`, `salt` (an empty value is a valid empty password/salt), `iter` (default 2048, at least 1),
//!   `digest` (default SHA-1; XOFs refused), `properties` (type-checked only), `pkcs5`.
//! * SP 800-132 lower bounds (`pbkdf2-lower-bound-check`): derived key >= 112 bits, salt >= 128 bits,
//!   iterations >= 1000. When the checks are on, `salt` and `iter` below the bounds are refused as they are set
//!   and short keys at derive, exactly as OpenSSL. They are on in **strict mode** always (`pkcs5` cannot turn them
//!   off there: only approved services are offered); in standard mode they follow `pkcs5` like the default
//!   provider (`pkcs5` = 0 turns them on, anything else off; off by default).
//! * Password length: neither SP 800-132 nor OpenSSL 3.5's FIPS provider sets a lower bound (an empty password
//!   is accepted), so none is applied.
//! * `size` (get) is `SIZE_MAX`; `fips-indicator` (get) is 0 when the salt or iteration count is below the bounds
//!   or a derive since the last reset produced a key under 112 bits.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::pbkdf2::pbkdf2;

use super::kdf::{
    KdfOps, P_DIGEST, P_PROPERTIES, P_SALT, P_SIZE, Secret, enforce, hmac_hash, locate_all, read_digest, read_secret,
};
use super::kdf_args::{P_ITER, P_PASSWORD, P_PKCS5, read_flag};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// SP 800-132 §5.2: at least 128 bits of salt.
const MIN_SALT_LEN: usize = 16;
/// SP 800-132 §5.2: at least 1000 iterations.
const MIN_ITERATIONS: u64 = 1000;
/// SP 800-132 §5.3 with SP 800-131A: at least 112-bit derived keys.
const MIN_KEY_LEN: usize = 14;
/// OpenSSL's `PKCS5_DEFAULT_ITER`.
const DEFAULT_ITERATIONS: u64 = 2048;

/// A PBKDF2 context.
#[derive(Clone)]
pub(crate) struct Pbkdf2Ctx {
    prov: Arc<ProvCtx>,
    digest: Algorithm,
    pass: Option<Secret>,
    salt: Option<Vec<u8>>,
    iter: u64,
    /// SP 800-132 lower bounds enforced (refusals) rather than only reported.
    checks: bool,
    /// A derive since the last reset produced a key shorter than 112 bits.
    short_key_derived: bool,
}

impl core::fmt::Debug for Pbkdf2Ctx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pbkdf2Ctx")
            .field("digest", &self.digest)
            .field("iter", &self.iter)
            .field("checks", &self.checks)
            .finish_non_exhaustive()
    }
}

impl Pbkdf2Ctx {
    /// A fresh context: SHA-1, 2048 iterations, lower-bound checks on only in strict mode.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        let checks = enforce(&prov);
        Self {
            prov,
            digest: Algorithm::Sha1,
            pass: None,
            salt: None,
            iter: DEFAULT_ITERATIONS,
            checks,
            short_key_derived: false,
        }
    }

    /// The approved-service indicator.
    fn approved(&self) -> bool {
        self.salt.as_ref().is_none_or(|s| s.len() >= MIN_SALT_LEN)
            && self.iter >= MIN_ITERATIONS
            && !self.short_key_derived
    }

    fn derive_into(&mut self, out: &mut [u8]) -> ProvResult<()> {
        let pass = self.pass.as_ref().ok_or_else(|| ProvError::with(Reason::InvalidParam, "no password (pass) set"))?;
        let salt = self.salt.as_ref().ok_or_else(|| ProvError::with(Reason::InvalidParam, "no salt set"))?;
        let n = self.digest.output_len();
        if out.len() / n >= 0xFFFF_FFFF {
            return Err(ProvError::with(Reason::InvalidLength, "output of 2^32 - 1 or more blocks"));
        }
        if out.len() < MIN_KEY_LEN {
            if self.checks {
                return Err(ProvError::with(
                    Reason::KeyTooShort,
                    format!("PBKDF2 key of {} bits < 112 bits (SP 800-132 lower bound)", out.len() * 8),
                ));
            }
            self.short_key_derived = true;
        }
        if self.checks && salt.len() < MIN_SALT_LEN {
            return Err(ProvError::with(Reason::InvalidLength, "salt shorter than 128 bits (SP 800-132 lower bound)"));
        }
        if self.checks && self.iter < MIN_ITERATIONS {
            return Err(ProvError::with(Reason::InvalidParam, "iteration count below 1000 (SP 800-132 lower bound)"));
        }
        pbkdf2(hmac_hash(self.digest)?, pass, salt, self.iter, out).map_err(|_| ProvError::new(Reason::InternalError))
    }
}

impl KdfOps for Pbkdf2Ctx {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn reset(&mut self) {
        *self = Self::new(self.prov.clone());
    }

    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()> {
        self.set_params(params)?;
        self.derive_into(out)
    }

    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let [digest, props, pkcs5, pass, salt, iter] =
            locate_all(params, [P_DIGEST, P_PROPERTIES, P_PKCS5, P_PASSWORD, P_SALT, P_ITER]);
        if let Some(p) = digest {
            self.digest = read_digest(&p)?;
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = pkcs5 {
            // pkcs5 = 0 asks for the SP 800-132 checks; strict mode keeps them whatever is asked.
            self.checks = !read_flag(&p)? || enforce(&self.prov);
        }
        if let Some(p) = pass {
            self.pass = Some(read_secret(&p)?);
        }
        if let Some(p) = salt {
            let s = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            if self.checks && s.len() < MIN_SALT_LEN {
                return Err(ProvError::with(
                    Reason::InvalidLength,
                    format!("salt of {} bits < 128 bits (SP 800-132 lower bound)", s.len() * 8),
                ));
            }
            self.salt = Some(s.to_vec());
        }
        if let Some(p) = iter {
            let v: u64 = p.get_int().map_err(|e| param_error(p.key(), e))?;
            let min = if self.checks { MIN_ITERATIONS } else { 1 };
            if v < min {
                return Err(ProvError::with(Reason::InvalidParam, format!("iteration count {v} < {min}")));
            }
            self.iter = v;
        }
        Ok(())
    }

    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_SIZE) {
            p.set_int(usize::MAX as i128).map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(names::P_FIPS_INDICATOR) {
            p.set_int(i128::from(self.approved())).map_err(|e| param_error(p.key(), e))?;
        }
        Ok(())
    }
}
