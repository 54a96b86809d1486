//! "TLS1-PRF" as an OpenSSL `EVP_KDF` (OpenSSL's `providers/implementations/kdfs/tls1_prf.c`), TLS 1.2 only.
//!
//! Parameters: `digest` (SHA-256, SHA-384 or SHA-512; "MD5-SHA1" and the rest are refused), `properties`,
//! `secret`, and `seed`: **every** `seed` entry is appended in array order (libssl passes the label and up to
//! four more pieces as five `seed` entries), and seeds keep accumulating across set calls until `reset`, as in
//! OpenSSL. `size` (get) is `SIZE_MAX`; `fips-indicator` (get) is 0 for a secret under 112 bits or a master
//! secret derived with the label "master secret" (no extended master secret, RFC 7627). In strict mode those
//! are refused (OpenSSL 3.5's `tls1-prf-key-check` / `tls1-prf-ems-check`).

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::{TLS12_PRF_DIGESTS, tls12_prf};
use zeroize::Zeroizing;

use super::kdf::{
    KdfOps, MIN_APPROVED_KEY_LEN, P_DIGEST, P_PROPERTIES, P_SECRET, P_SEED, P_SIZE, Secret, append_secret,
    check_key_len, enforce, hmac_hash, locate_all, need_digest, need_output, read_digest, read_secret,
};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// The TLS 1.2 master-secret label (RFC 5246 §8.1); a seed starting with it derives a non-EMS master secret.
const MASTER_SECRET_LABEL: &[u8] = b"master secret";

/// A TLS1-PRF context.
#[derive(Clone)]
pub(crate) struct Tls1PrfCtx {
    prov: Arc<ProvCtx>,
    digest: Option<Algorithm>,
    secret: Option<Secret>,
    seed: Secret,
}

impl core::fmt::Debug for Tls1PrfCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Tls1PrfCtx").field("digest", &self.digest).finish_non_exhaustive()
    }
}

impl Tls1PrfCtx {
    /// A context with nothing set.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, digest: None, secret: None, seed: Zeroizing::new(Vec::new()) }
    }

    /// Whether the accumulated seed derives a master secret without EMS.
    fn is_non_ems_master_secret(&self) -> bool {
        self.seed.starts_with(MASTER_SECRET_LABEL)
    }

    /// The approved-service indicator for the current settings.
    fn approved(&self) -> bool {
        self.secret.as_ref().is_none_or(|s| s.len() >= MIN_APPROVED_KEY_LEN) && !self.is_non_ems_master_secret()
    }
}

impl KdfOps for Tls1PrfCtx {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn reset(&mut self) {
        *self = Self::new(self.prov.clone());
    }

    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()> {
        self.set_params(params)?;
        let alg = need_digest(self.digest)?;
        let secret = self.secret.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no secret set"))?;
        if self.seed.is_empty() {
            return Err(ProvError::with(Reason::InvalidParam, "no seed set"));
        }
        need_output(out)?;
        if self.is_non_ems_master_secret() && enforce(&self.prov) {
            return Err(ProvError::new(Reason::EmsRequired));
        }
        tls12_prf(hmac_hash(alg)?, secret, &[&self.seed], out).map_err(|_| ProvError::new(Reason::InternalError))
    }

    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let [digest, props, secret, seed] = locate_all(params, [P_DIGEST, P_PROPERTIES, P_SECRET, P_SEED]);
        if let Some(p) = digest {
            if p.get_utf8().is_ok_and(|n| n.eq_ignore_ascii_case("MD5-SHA1")) {
                return Err(ProvError::with(
                    Reason::DigestNotAllowed,
                    "the TLS 1.0/1.1 PRF (MD5-SHA1) is not offered: not approved",
                ));
            }
            let alg = read_digest(&p)?;
            if !TLS12_PRF_DIGESTS.contains(&alg) {
                return Err(ProvError::with(
                    Reason::DigestNotAllowed,
                    format!("TLS1-PRF with {}: only the TLS 1.2 PRF with SHA-256/384/512 is offered", alg.name()),
                ));
            }
            self.digest = Some(alg);
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = secret {
            let secret = read_secret(&p)?;
            check_key_len(&self.prov, "secret", secret.len())?;
            self.secret = Some(secret);
        }
        if seed.is_some() {
            for p in params.iter().filter(|p| p.key() == P_SEED) {
                let part = p.get_octets().map_err(|e| param_error(p.key(), e))?;
                append_secret(&mut self.seed, part);
            }
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
