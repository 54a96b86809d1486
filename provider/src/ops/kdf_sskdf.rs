//! "SSKDF" (SP 800-56C r2 one-step KDF) and "X963KDF" (ANSI X9.63 / SP 800-135 r1) as OpenSSL `EVP_KDF`s, with
//! the parameters and semantics of OpenSSL's `providers/implementations/kdfs/sskdf.c` (one context type for
//! both, as there):
//!
//! * `secret` (or its alias `key`; an empty one counts as not set), `info` (every entry of one call
//!   concatenated, as OpenSSL 3.2+), `digest`, `properties`; SSKDF also `mac` ("HMAC"; KMAC128/256 are not
//!   offered: the module has no KMAC) and `salt` (HMAC key; none or empty = the default all-zero salt), and
//!   `maclen` (accepted, non-zero; it only matters for KMAC). X963KDF refuses to derive once a `mac` is set, as
//!   OpenSSL does.
//! * `size` (get): the digest size (0 without a digest); `fips-indicator` (get).
//!
//! Approved use (OpenSSL 3.5 FIPS checks `sskdf-key-check`, `x963kdf-key-check`, `x963kdf-digest-check`):
//! a secret of at least 112 bits, and for X963KDF a digest other than SHA-1. The indicator reports them; strict
//! mode refuses them when they are set.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::sskdf::{SSKDF_MAX_INPUT_LEN, sskdf_hash, sskdf_hmac, x963kdf};

use super::kdf::{
    KdfOps, MIN_APPROVED_KEY_LEN, P_DIGEST, P_INFO, P_KEY, P_PROPERTIES, P_SALT, P_SECRET, P_SIZE, Secret,
    check_key_len, enforce, hmac_hash, locate_all, need_digest, need_output, read_digest, read_secret,
};
use super::kdf_args::{MacKind, P_MAC, P_MAC_SIZE, bytes_of, concat_octets, read_mac};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// Which of the two KDFs a context implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SsFlavor {
    /// "SSKDF": `H(counter || Z || info)`.
    Sskdf,
    /// "X963KDF": `H(Z || counter || info)`.
    X963,
}

impl SsFlavor {
    fn name(self) -> &'static str {
        match self {
            SsFlavor::Sskdf => "SSKDF",
            SsFlavor::X963 => "X963KDF",
        }
    }
}

/// An SSKDF or X963KDF context.
#[derive(Clone)]
pub(crate) struct SskdfCtx {
    prov: Arc<ProvCtx>,
    flavor: SsFlavor,
    /// A `mac` was set (only HMAC is accepted).
    hmac: bool,
    digest: Option<Algorithm>,
    secret: Option<Secret>,
    info: Option<Secret>,
    salt: Option<Secret>,
}

impl core::fmt::Debug for SskdfCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SskdfCtx")
            .field("flavor", &self.flavor)
            .field("hmac", &self.hmac)
            .field("digest", &self.digest)
            .finish_non_exhaustive()
    }
}

impl SskdfCtx {
    /// A context with nothing set.
    pub(crate) fn new(prov: Arc<ProvCtx>, flavor: SsFlavor) -> Self {
        Self { prov, flavor, hmac: false, digest: None, secret: None, info: None, salt: None }
    }

    /// Whether `alg` is approved here (X9.63: not SHA-1, per ACVP and OpenSSL's `x963kdf-digest-check`).
    fn digest_approved(&self, alg: Algorithm) -> bool {
        self.flavor == SsFlavor::Sskdf || alg != Algorithm::Sha1
    }

    /// The approved-service indicator for the current settings.
    fn approved(&self) -> bool {
        self.digest.is_none_or(|d| self.digest_approved(d))
            && self.secret.as_ref().is_none_or(|s| s.len() >= MIN_APPROVED_KEY_LEN)
    }

    fn derive_into(&self, out: &mut [u8]) -> ProvResult<()> {
        let name = self.flavor.name();
        let secret = self.secret.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no secret set"))?;
        if self.hmac && self.flavor == SsFlavor::X963 {
            return Err(ProvError::with(Reason::InvalidParam, "X963KDF takes no MAC"));
        }
        let alg = need_digest(self.digest)?;
        need_output(out)?;
        if out.len() > SSKDF_MAX_INPUT_LEN {
            return Err(ProvError::with(Reason::InvalidLength, format!("{name}: output longer than 2^30 bytes")));
        }
        let info = bytes_of(&self.info);
        if secret.len() > SSKDF_MAX_INPUT_LEN || info.len() > SSKDF_MAX_INPUT_LEN {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("{name}: secret or info longer than 2^30 bytes"),
            ));
        }
        let hash = hmac_hash(alg)?;
        let done = match (self.flavor, self.hmac) {
            (SsFlavor::Sskdf, true) => sskdf_hmac(hash, bytes_of(&self.salt), secret, info, out),
            (SsFlavor::Sskdf, false) => sskdf_hash(hash, secret, info, out),
            (SsFlavor::X963, _) => x963kdf(hash, secret, info, out),
        };
        done.map_err(|_| ProvError::new(Reason::InternalError))
    }
}

impl KdfOps for SskdfCtx {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn reset(&mut self) {
        *self = Self::new(self.prov.clone(), self.flavor);
    }

    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()> {
        self.set_params(params)?;
        self.derive_into(out)
    }

    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let [mac, props, digest, secret, key, info, salt, mac_size] =
            locate_all(params, [P_MAC, P_PROPERTIES, P_DIGEST, P_SECRET, P_KEY, P_INFO, P_SALT, P_MAC_SIZE]);
        if let Some(p) = mac {
            read_mac(&p, self.flavor.name(), &[MacKind::Hmac])?;
            self.hmac = true;
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = digest {
            let alg = read_digest(&p)?;
            if !self.digest_approved(alg) && enforce(&self.prov) {
                return Err(ProvError::with(
                    Reason::DigestNotAllowed,
                    format!("X963KDF with {} (strict mode: SHA-2 or SHA-3 only)", alg.name()),
                ));
            }
            self.digest = Some(alg);
        }
        // OpenSSL reads `secret` and falls back to `key` only when there is no `secret`.
        // An empty secret is no secret (`ossl_param_get1_octet_string` stores NULL), so derive then fails.
        if let Some(p) = secret.or(key) {
            let s = read_secret(&p)?;
            check_key_len(&self.prov, "secret", s.len())?;
            self.secret = if s.is_empty() { None } else { Some(s) };
        }
        if info.is_some() {
            self.info = Some(concat_octets(params, P_INFO, SSKDF_MAX_INPUT_LEN)?);
        }
        if let Some(p) = salt {
            self.salt = Some(read_secret(&p)?);
        }
        if let Some(p) = mac_size {
            let n: usize = p.get_int().map_err(|e| param_error(p.key(), e))?;
            if n == 0 {
                return Err(ProvError::with(Reason::InvalidParam, "maclen must not be 0"));
            }
        }
        Ok(())
    }

    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_SIZE) {
            let size = self.digest.map_or(0, Algorithm::output_len);
            p.set_int(size as i128).map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(names::P_FIPS_INDICATOR) {
            p.set_int(i128::from(self.approved())).map_err(|e| param_error(p.key(), e))?;
        }
        Ok(())
    }
}
