//! "KBKDF" (SP 800-108 r1 counter and feedback modes) as an OpenSSL `EVP_KDF`, with the parameters and semantics
//! of OpenSSL's `providers/implementations/kdfs/kbkdf.c` (3.5):
//!
//! * `mac` "HMAC" (with `digest`) or "CMAC" (with `cipher` AES-128/192/256-CBC; the key must match it); KMAC is
//!   not offered (the module has no KMAC). `properties` is type-checked only.
//! * `mode` "counter" (default) or "feedback", compared as OpenSSL does: without case, over the length given, so
//!   any prefix of either word selects it (the empty string selects counter).
//! * `key` (`KI`), `salt` (`Label`), `info` (`Context`; every entry of one call concatenated), `seed` (the
//!   feedback IV, empty or one PRF output long; the length is checked in counter mode too); an empty value
//!   clears the setting.
//! * `use-l` (default 1), `use-separator` (default 1), `r` (counter bits: 8, 16, 24 or 32; default 32).
//! * As in OpenSSL, once the MAC and a key are both set the PRF is keyed at once (a missing digest/cipher or a
//!   CMAC key of the wrong length fails that call); the keyed state is reused by every derive.
//! * `size` (get) is `SIZE_MAX`; `fips-indicator` (get): 0 for a key under 112 bits (`kbkdf-key-check`),
//!   refused in strict mode.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::kbkdf::{KBKDF_MAX_OUTPUT_LEN, KbkdfMode, KbkdfParams, KbkdfPrf, kbkdf};

use super::kdf::{
    KdfOps, MIN_APPROVED_KEY_LEN, P_DIGEST, P_INFO, P_KEY, P_MODE, P_PROPERTIES, P_SALT, P_SEED, P_SIZE, Secret,
    check_key_len, hmac_hash, locate_all, need_output, read_digest, read_secret,
};
use super::kdf_args::{
    MacKind, P_CIPHER, P_MAC, P_R, P_USE_L, P_USE_SEPARATOR, bytes_of, concat_octets, read_aes_cbc, read_flag, read_mac,
};
use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// A KBKDF context.
#[derive(Clone)]
pub(crate) struct KbkdfCtx {
    prov: Arc<ProvCtx>,
    mode: KbkdfMode,
    mac: Option<MacKind>,
    digest: Option<Algorithm>,
    /// AES key length named by `cipher`.
    cipher: Option<usize>,
    key: Option<Secret>,
    label: Option<Secret>,
    context: Option<Secret>,
    iv: Option<Secret>,
    use_l: bool,
    use_separator: bool,
    r: u32,
    /// The PRF keyed with `key`, built when MAC and key are both set.
    prf: Option<KbkdfPrf>,
}

impl core::fmt::Debug for KbkdfCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KbkdfCtx")
            .field("mode", &self.mode)
            .field("mac", &self.mac)
            .field("digest", &self.digest)
            .field("r", &self.r)
            .finish_non_exhaustive()
    }
}

/// OpenSSL's mode match: `strncasecmp(word, value, strlen(value)) == 0`.
fn mode_matches(word: &str, value: &str) -> bool {
    value.len() <= word.len() && word[..value.len()].eq_ignore_ascii_case(value)
}

fn read_mode(p: &Param<'_>) -> ProvResult<KbkdfMode> {
    let v = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
    if mode_matches("counter", v) {
        Ok(KbkdfMode::Counter)
    } else if mode_matches("feedback", v) {
        Ok(KbkdfMode::Feedback)
    } else {
        Err(ProvError::with(Reason::InvalidMode, format!("KBKDF mode {v:?}: \"counter\" or \"feedback\"")))
    }
}

/// An octet-string setting where an empty value means "not set" (OpenSSL's `ossl_param_get1_octet_string`).
fn read_optional(p: &Param<'_>) -> ProvResult<Option<Secret>> {
    let v = read_secret(p)?;
    Ok(if v.is_empty() { None } else { Some(v) })
}

impl KbkdfCtx {
    /// A context with nothing set (counter mode, r = 32, with L and the separator).
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self {
            prov,
            mode: KbkdfMode::Counter,
            mac: None,
            digest: None,
            cipher: None,
            key: None,
            label: None,
            context: None,
            iv: None,
            use_l: true,
            use_separator: true,
            r: 32,
            prf: None,
        }
    }

    /// The approved-service indicator: the key is at least 112 bits.
    fn approved(&self) -> bool {
        self.key.as_ref().is_none_or(|k| k.len() >= MIN_APPROVED_KEY_LEN)
    }

    /// Keys the PRF from the MAC, its digest or cipher, and the key.
    fn key_prf(&self, mac: MacKind, key: &[u8]) -> ProvResult<KbkdfPrf> {
        match mac {
            MacKind::Hmac => {
                let alg = self.digest.ok_or_else(|| ProvError::with(Reason::UnknownDigest, "HMAC needs a digest"))?;
                KbkdfPrf::hmac(hmac_hash(alg)?, key).map_err(|_| ProvError::new(Reason::InternalError))
            }
            MacKind::Cmac => {
                let len = self.cipher.ok_or_else(|| ProvError::with(Reason::InvalidParam, "CMAC needs a cipher"))?;
                if key.len() != len {
                    return Err(ProvError::with(
                        Reason::InvalidKey,
                        format!("CMAC key of {} bytes for a {}-bit AES cipher", key.len(), len * 8),
                    ));
                }
                KbkdfPrf::cmac(key).map_err(|_| ProvError::new(Reason::InvalidKey))
            }
        }
    }

    fn derive_into(&mut self, out: &mut [u8]) -> ProvResult<()> {
        let Some(prf) = self.prf.as_mut() else {
            return Err(match self.key {
                None => ProvError::with(Reason::NoKey, "no key set"),
                Some(_) => ProvError::with(Reason::InvalidParam, "no MAC set"),
            });
        };
        need_output(out)?;
        let h = prf.output_len();
        let iv = bytes_of(&self.iv);
        if !iv.is_empty() && iv.len() != h {
            return Err(ProvError::with(Reason::InvalidLength, format!("seed must be empty or {h} bytes")));
        }
        if self.mode == KbkdfMode::Counter && (out.len() / h) as u64 >= 1u64 << self.r {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("output of {} blocks does not fit a {}-bit counter", out.len() / h, self.r),
            ));
        }
        if out.len() > KBKDF_MAX_OUTPUT_LEN {
            return Err(ProvError::with(Reason::InvalidLength, "output longer than 2^32 - 1 bits"));
        }
        let p = KbkdfParams {
            mode: self.mode,
            counter_bits: self.r,
            label: bytes_of(&self.label),
            context: bytes_of(&self.context),
            iv,
            use_l: self.use_l,
            use_separator: self.use_separator,
        };
        kbkdf(prf, &p, out).map_err(|_| ProvError::new(Reason::InternalError))
    }
}

impl KdfOps for KbkdfCtx {
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
        if params.iter().next().is_none() {
            return Ok(());
        }
        let [mac, props, digest, cipher, mode, key, salt, info, seed, use_l, r, use_sep] = locate_all(
            params,
            [
                P_MAC,
                P_PROPERTIES,
                P_DIGEST,
                P_CIPHER,
                P_MODE,
                P_KEY,
                P_SALT,
                P_INFO,
                P_SEED,
                P_USE_L,
                P_R,
                P_USE_SEPARATOR,
            ],
        );
        let mut rekey = false;
        if let Some(p) = mac {
            self.mac = Some(read_mac(&p, "KBKDF", &[MacKind::Hmac, MacKind::Cmac])?);
            rekey = true;
        }
        if let Some(p) = props {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = digest {
            self.digest = Some(read_digest(&p)?);
            rekey = true;
        }
        if let Some(p) = cipher {
            self.cipher = Some(read_aes_cbc(&p)?);
            rekey = true;
        }
        if let Some(p) = mode {
            self.mode = read_mode(&p)?;
        }
        if let Some(p) = key {
            let k = read_optional(&p)?;
            if let Some(k) = &k {
                check_key_len(&self.prov, "key", k.len())?;
            }
            self.key = k;
            rekey = true;
        }
        if let Some(p) = salt {
            self.label = read_optional(&p)?;
        }
        if info.is_some() {
            let c = concat_octets(params, P_INFO, usize::MAX)?;
            self.context = if c.is_empty() { None } else { Some(c) };
        }
        if let Some(p) = seed {
            self.iv = read_optional(&p)?;
        }
        if let Some(p) = use_l {
            self.use_l = read_flag(&p)?;
        }
        if let Some(p) = r {
            let v: i32 = p.get_int().map_err(|e| param_error(p.key(), e))?;
            if !matches!(v, 8 | 16 | 24 | 32) {
                return Err(ProvError::with(Reason::InvalidParam, format!("r = {v}: must be 8, 16, 24 or 32")));
            }
            self.r = v as u32;
        }
        if let Some(p) = use_sep {
            self.use_separator = read_flag(&p)?;
        }
        // OpenSSL keys the MAC at the end of every set call that leaves both a MAC and a key in place.
        if rekey || self.prf.is_none() {
            self.prf = None;
            if let (Some(mac), Some(k)) = (self.mac, self.key.as_ref()) {
                self.prf = Some(self.key_prf(mac, k)?);
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
