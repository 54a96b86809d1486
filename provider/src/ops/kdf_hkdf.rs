//! "HKDF" and "TLS13-KDF" as OpenSSL `EVP_KDF`s, with the parameters and semantics of OpenSSL's
//! `providers/implementations/kdfs/hkdf.c` (one context type for both, as there).
//!
//! * HKDF: `mode` (int 0/1/2 or "EXTRACT_AND_EXPAND"/"EXTRACT_ONLY"/"EXPAND_ONLY"), `digest`, `properties`,
//!   `key` (required in every mode), `salt`, `info` (every `info` entry of one call concatenated, at most
//!   32 KiB). Extract-only output must be exactly the digest size; expand output at most 255 x digest size.
//! * TLS13-KDF: `mode` must be EXTRACT_ONLY or EXPAND_ONLY (a set call that leaves it at the default fails);
//!   `prefix`, `label`, `data` (cleared by every set call that does not repeat it). Expand-only is
//!   HKDF-Expand-Label(key, prefix || label, data, L). Extract-only: a missing key is digest-size zeros; a
//!   missing salt is digest-size zeros; a present salt is first turned into
//!   HKDF-Expand-Label(salt, prefix || label, Hash(""), digest size).
//! * `size` (get): the digest size in extract-only mode, else `SIZE_MAX`; `info` (get); `fips-indicator`.
//!
//! The PRK-keyed HMAC state of expand-only mode is cached across derives until key or digest change.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::{self, Expander, MAX_LABEL_LEN};
use ferrofips_ffi::{OSSL_PARAM_INTEGER, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING};
use zeroize::Zeroizing;

use super::kdf::{
    KdfOps, MIN_APPROVED_KEY_LEN, P_DATA, P_DIGEST, P_INFO, P_KEY, P_LABEL, P_MODE, P_PREFIX, P_PROPERTIES, P_SALT,
    P_SIZE, Secret, append_secret, check_key_len, enforce, hmac_hash, locate_all, need_digest, need_output,
    read_digest, read_secret,
};
use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// Longest concatenated `info` (OpenSSL's `HKDF_MAXINFO`).
const MAX_INFO: usize = 32 * 1024;

/// Which of the two KDFs a context implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// "HKDF".
    Hkdf,
    /// "TLS13-KDF".
    Tls13,
}

/// `EVP_KDF_HKDF_MODE_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    ExtractAndExpand = 0,
    ExtractOnly = 1,
    ExpandOnly = 2,
}

impl Mode {
    fn read(p: &Param<'_>) -> ProvResult<Mode> {
        let bad = || {
            ProvError::with(Reason::InvalidMode, "mode must be 0, 1, 2 or EXTRACT_AND_EXPAND/EXTRACT_ONLY/EXPAND_ONLY")
        };
        if p.data_type() == OSSL_PARAM_UTF8_STRING {
            let s = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            return [("EXTRACT_AND_EXPAND", Mode::ExtractAndExpand), ("EXTRACT_ONLY", Mode::ExtractOnly)]
                .into_iter()
                .chain([("EXPAND_ONLY", Mode::ExpandOnly)])
                .find(|(name, _)| name.eq_ignore_ascii_case(s))
                .map(|(_, m)| m)
                .ok_or_else(bad);
        }
        if p.data_type() != OSSL_PARAM_INTEGER && p.data_type() != OSSL_PARAM_UNSIGNED_INTEGER {
            return Err(bad());
        }
        match p.get_int::<i64>().map_err(|_| bad())? {
            0 => Ok(Mode::ExtractAndExpand),
            1 => Ok(Mode::ExtractOnly),
            2 => Ok(Mode::ExpandOnly),
            _ => Err(bad()),
        }
    }
}

/// An HKDF or TLS13-KDF context.
#[derive(Clone)]
pub(crate) struct HkdfCtx {
    prov: Arc<ProvCtx>,
    flavor: Flavor,
    mode: Mode,
    digest: Option<Algorithm>,
    key: Option<Secret>,
    salt: Option<Secret>,
    info: Option<Secret>,
    prefix: Option<Vec<u8>>,
    label: Option<Vec<u8>>,
    data: Option<Secret>,
    /// PRK-keyed HMAC for expand-only mode, valid for the current key and digest.
    expander: Option<Expander>,
}

impl core::fmt::Debug for HkdfCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HkdfCtx")
            .field("flavor", &self.flavor)
            .field("mode", &self.mode)
            .field("digest", &self.digest)
            .finish_non_exhaustive()
    }
}

impl HkdfCtx {
    /// A context with nothing set.
    pub(crate) fn new(prov: Arc<ProvCtx>, flavor: Flavor) -> Self {
        Self {
            prov,
            flavor,
            mode: Mode::ExtractAndExpand,
            digest: None,
            key: None,
            salt: None,
            info: None,
            prefix: None,
            label: None,
            data: None,
            expander: None,
        }
    }

    /// Whether the digest is approved for this KDF (TLS 1.3: SHA-256/SHA-384 only, RFC 8446 B.4 and ACVP).
    fn digest_approved(&self, alg: Algorithm) -> bool {
        self.flavor == Flavor::Hkdf || matches!(alg, Algorithm::Sha256 | Algorithm::Sha384)
    }

    /// The approved-service indicator for the current settings.
    fn approved(&self) -> bool {
        let digest_ok = self.digest.is_none_or(|d| self.digest_approved(d));
        let key_ok = self.key.as_ref().is_none_or(|k| k.len() >= MIN_APPROVED_KEY_LEN);
        digest_ok && key_ok
    }

    /// Applies one parameter array (each key read in a single pass; `info` entries all concatenated).
    fn apply(&mut self, params: Params<'_>) -> ProvResult<()> {
        let [digest, props, mode, key, salt, info, prefix, label, data] =
            locate_all(params, [P_DIGEST, P_PROPERTIES, P_MODE, P_KEY, P_SALT, P_INFO, P_PREFIX, P_LABEL, P_DATA]);
        if let Some(p) = digest {
            let alg = read_digest(&p)?;
            if !self.digest_approved(alg) && enforce(&self.prov) {
                return Err(ProvError::with(
                    Reason::DigestNotAllowed,
                    format!("TLS13-KDF with {} (strict mode: SHA-256 or SHA-384 only)", alg.name()),
                ));
            }
            if self.digest != Some(alg) {
                self.expander = None;
            }
            self.digest = Some(alg);
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = mode {
            self.mode = Mode::read(&p)?;
        }
        if let Some(p) = key {
            let key = read_secret(&p)?;
            check_key_len(&self.prov, "key", key.len())?;
            self.key = Some(key);
            self.expander = None;
        }
        if let Some(p) = salt {
            self.salt = Some(read_secret(&p)?);
        }
        match self.flavor {
            Flavor::Hkdf => {
                if info.is_some() {
                    self.info = Some(concat_info(params)?);
                }
            }
            Flavor::Tls13 => {
                if self.mode == Mode::ExtractAndExpand {
                    return Err(ProvError::with(
                        Reason::InvalidMode,
                        "TLS13-KDF needs mode EXTRACT_ONLY or EXPAND_ONLY",
                    ));
                }
                if let Some(p) = prefix {
                    self.prefix = Some(p.get_octets().map_err(|e| param_error(p.key(), e))?.to_vec());
                }
                if let Some(p) = label {
                    self.label = Some(p.get_octets().map_err(|e| param_error(p.key(), e))?.to_vec());
                }
                // As OpenSSL 3.x: `data` only lives for the set call (or derive) that passes it.
                self.data = data.map(|p| read_secret(&p)).transpose()?;
            }
        }
        Ok(())
    }

    fn derive_hkdf(&mut self, out: &mut [u8]) -> ProvResult<()> {
        let alg = need_digest(self.digest)?;
        let key = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        need_output(out)?;
        let hash = hmac_hash(alg)?;
        let n = alg.output_len();
        let salt = bytes(&self.salt);
        let info = bytes(&self.info);
        let internal = |_| ProvError::new(Reason::InternalError);
        if self.mode != Mode::ExtractOnly && out.len() > 255 * n {
            return Err(ProvError::with(Reason::InvalidLength, format!("output longer than 255 x {n} bytes")));
        }
        match self.mode {
            Mode::ExtractAndExpand => kdf::extract_and_expand(hash, salt, key, &[info], out).map_err(internal),
            Mode::ExtractOnly => {
                if out.len() != n {
                    return Err(ProvError::with(Reason::InvalidLength, format!("extract output must be {n} bytes")));
                }
                kdf::extract(hash, salt, key, out).map_err(internal)
            }
            Mode::ExpandOnly => cached_expander(&mut self.expander, key, alg)?.expand(&[info], out).map_err(internal),
        }
    }

    fn derive_tls13(&mut self, out: &mut [u8]) -> ProvResult<()> {
        let alg = need_digest(self.digest)?;
        need_output(out)?;
        let n = alg.output_len();
        let (prefix, label) = (bytes(&self.prefix), bytes(&self.label));
        // The label is only used by expand-only and by extract with a salt (the "derived" step).
        let label_used = self.mode == Mode::ExpandOnly || self.salt.is_some();
        if label_used && prefix.len() + label.len() > MAX_LABEL_LEN {
            return Err(ProvError::with(Reason::InvalidLength, "prefix + label longer than 255 bytes"));
        }
        let internal = |_| ProvError::new(Reason::InternalError);
        match self.mode {
            Mode::ExtractAndExpand => {
                Err(ProvError::with(Reason::InvalidMode, "TLS13-KDF needs mode EXTRACT_ONLY or EXPAND_ONLY"))
            }
            Mode::ExtractOnly => {
                if out.len() != n {
                    return Err(ProvError::with(Reason::InvalidLength, format!("extract output must be {n} bytes")));
                }
                let salt = self.salt.as_deref().map(Vec::as_slice);
                let key = self.key.as_deref().map(Vec::as_slice);
                kdf::tls13_extract(hmac_hash(alg)?, salt, key, prefix, label, out).map_err(internal)
            }
            Mode::ExpandOnly => {
                if out.len() > (255 * n).min(usize::from(u16::MAX)) {
                    return Err(ProvError::with(Reason::InvalidLength, format!("output longer than 255 x {n} bytes")));
                }
                let context = bytes(&self.data);
                if context.len() > MAX_LABEL_LEN {
                    return Err(ProvError::with(Reason::InvalidLength, "data longer than 255 bytes"));
                }
                let key = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
                let exp = cached_expander(&mut self.expander, key, alg)?;
                kdf::hkdf_expand_label(exp, prefix, label, context, out).map_err(internal)
            }
        }
    }
}

/// Every `info` entry of `params`, concatenated (at most [`MAX_INFO`] bytes).
fn concat_info(params: Params<'_>) -> ProvResult<Secret> {
    let mut info = Zeroizing::new(Vec::new());
    for p in params.iter().filter(|p| p.key() == P_INFO) {
        let part = p.get_octets().map_err(|e| param_error(p.key(), e))?;
        if info.len() + part.len() > MAX_INFO {
            return Err(ProvError::with(Reason::InvalidLength, format!("info longer than {MAX_INFO} bytes")));
        }
        append_secret(&mut info, part);
    }
    Ok(info)
}

/// The bytes of an optional owned buffer (empty when absent).
fn bytes<T: AsRef<[u8]>>(v: &Option<T>) -> &[u8] {
    v.as_ref().map_or(&[], AsRef::as_ref)
}

/// The expand-only HMAC state cached in `slot`, keyed with `key` under `alg` on first use.
fn cached_expander<'a>(slot: &'a mut Option<Expander>, key: &[u8], alg: Algorithm) -> ProvResult<&'a mut Expander> {
    if slot.is_none() {
        *slot = Some(Expander::new(hmac_hash(alg)?, key).map_err(|_| ProvError::new(Reason::InternalError))?);
    }
    slot.as_mut().ok_or_else(|| ProvError::new(Reason::InternalError))
}

impl KdfOps for HkdfCtx {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn reset(&mut self) {
        *self = Self::new(self.prov.clone(), self.flavor);
    }

    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()> {
        self.set_params(params)?;
        match self.flavor {
            Flavor::Hkdf => self.derive_hkdf(out),
            Flavor::Tls13 => self.derive_tls13(out),
        }
    }

    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        // OpenSSL returns at once for a NULL array; an empty array is treated the same here.
        if params.iter().next().is_none() {
            return Ok(());
        }
        self.apply(params)
    }

    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_SIZE) {
            let size = if self.mode == Mode::ExtractOnly { need_digest(self.digest)?.output_len() } else { usize::MAX };
            p.set_int(size as i128).map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(P_INFO) {
            p.set_octets(bytes(&self.info)).map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(names::P_FIPS_INDICATOR) {
            p.set_int(i128::from(self.approved())).map_err(|e| param_error(p.key(), e))?;
        }
        Ok(())
    }
}
