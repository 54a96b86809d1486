//! "SSHKDF" (RFC 4253 §7.2 / SP 800-135 r1 §5.2) as an OpenSSL `EVP_KDF`, with the parameters and semantics of
//! OpenSSL's `providers/implementations/kdfs/sshkdf.c`:
//!
//! * `digest` (XOFs refused), `properties` (type-checked only), `key` (`K`, the shared secret as an `mpint`),
//!   `xcghash` (`H`), `session_id`, `type` (one character, "A" to "F"); all required. An empty output is
//!   allowed, as in OpenSSL.
//! * `size` (get) is `SIZE_MAX`; `fips-indicator` (get): 0 for a digest other than SHA-1/224/256/384/512
//!   (`sshkdf-digest-check`: SP 800-135 r1 lists the FIPS 180 hashes) or a key under 112 bits
//!   (`sshkdf-key-check`); strict mode refuses both.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::sshkdf::{SSHKDF_TYPES, sshkdf};

use super::kdf::{
    KdfOps, MIN_APPROVED_KEY_LEN, P_DIGEST, P_KEY, P_PROPERTIES, P_SIZE, Secret, check_key_len, enforce, hmac_hash,
    locate_all, need_digest, read_digest, read_secret,
};
use super::kdf_args::{P_SESSION_ID, P_TYPE, P_XCGHASH};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// The hashes SP 800-135 r1 §5.2 allows for the SSH KDF.
const APPROVED_DIGESTS: [Algorithm; 5] =
    [Algorithm::Sha1, Algorithm::Sha224, Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512];

/// An SSHKDF context.
#[derive(Clone)]
pub(crate) struct SshkdfCtx {
    prov: Arc<ProvCtx>,
    digest: Option<Algorithm>,
    key: Option<Secret>,
    xcghash: Option<Vec<u8>>,
    session_id: Option<Vec<u8>>,
    kind: Option<u8>,
}

impl core::fmt::Debug for SshkdfCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SshkdfCtx").field("digest", &self.digest).field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl SshkdfCtx {
    /// A context with nothing set.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, digest: None, key: None, xcghash: None, session_id: None, kind: None }
    }

    /// The approved-service indicator for the current settings.
    fn approved(&self) -> bool {
        self.digest.is_none_or(|d| APPROVED_DIGESTS.contains(&d))
            && self.key.as_ref().is_none_or(|k| k.len() >= MIN_APPROVED_KEY_LEN)
    }
}

impl KdfOps for SshkdfCtx {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn reset(&mut self) {
        *self = Self::new(self.prov.clone());
    }

    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()> {
        self.set_params(params)?;
        let alg = need_digest(self.digest)?;
        let key = self.key.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no key set"))?;
        let missing = |what| ProvError::with(Reason::InvalidParam, format!("no {what} set"));
        let xcghash = self.xcghash.as_ref().ok_or_else(|| missing("xcghash"))?;
        let session_id = self.session_id.as_ref().ok_or_else(|| missing("session_id"))?;
        let kind = self.kind.ok_or_else(|| missing("type"))?;
        sshkdf(hmac_hash(alg)?, key, xcghash, session_id, kind, out).map_err(|_| ProvError::new(Reason::InternalError))
    }

    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let [digest, props, key, xcghash, session_id, kind] =
            locate_all(params, [P_DIGEST, P_PROPERTIES, P_KEY, P_XCGHASH, P_SESSION_ID, P_TYPE]);
        if let Some(p) = digest {
            let alg = read_digest(&p)?;
            if !APPROVED_DIGESTS.contains(&alg) && enforce(&self.prov) {
                return Err(ProvError::with(
                    Reason::DigestNotAllowed,
                    format!("SSHKDF with {} (strict mode: SHA-1, SHA-224/256/384/512 only)", alg.name()),
                ));
            }
            self.digest = Some(alg);
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = key {
            let k = read_secret(&p)?;
            check_key_len(&self.prov, "key", k.len())?;
            self.key = Some(k);
        }
        if let Some(p) = xcghash {
            self.xcghash = Some(p.get_octets().map_err(|e| param_error(p.key(), e))?.to_vec());
        }
        if let Some(p) = session_id {
            self.session_id = Some(p.get_octets().map_err(|e| param_error(p.key(), e))?.to_vec());
        }
        if let Some(p) = kind {
            let t = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            match t.as_bytes() {
                [c] if SSHKDF_TYPES.contains(c) => self.kind = Some(*c),
                _ => return Err(ProvError::with(Reason::InvalidParam, format!("type {t:?}: one of \"A\" to \"F\""))),
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
