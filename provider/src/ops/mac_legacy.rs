//! The "mac-legacy" pairs: `HMAC` and `CMAC` key types (keymgmt) and signatures (the CMAC signature context is
//! in `mac_legacy_cmac.rs`).
//!
//! libssl computes TLS 1.3 PSK binders (and TLS <= 1.2 non-AEAD record MACs) with
//! `EVP_PKEY_new_raw_private_key_ex(libctx, "HMAC", ...)` plus `EVP_DigestSignInit_ex`. This mirrors OpenSSL's
//! `mac_legacy_kmgmt.c` and `mac_legacy_sig.c`: the key is just the raw HMAC key (`"priv"`), and "signing" is
//! HMAC with the digest named at `digest_sign_init`.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::hmac::Hmac;
use ferrofips_ffi::{self as ffi, OSSL_KEYMGMT_SELECT_KEYPAIR, OSSL_KEYMGMT_SELECT_PRIVATE_KEY};
use zeroize::Zeroizing;

use super::hmac::MIN_APPROVED_KEY_LEN;
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// `"priv"`: the raw key.
pub(crate) const P_PRIV_KEY: &core::ffi::CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_PRIV_KEY);
/// `"properties"`: the property query for the digest (kept, like OpenSSL; our digests are always our own).
pub(crate) const P_PKEY_PROPERTIES: &core::ffi::CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_PROPERTIES);
/// `"cipher"`: the block cipher of a CMAC key.
pub(crate) const P_PKEY_CIPHER: &core::ffi::CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_CIPHER);

/// Raw key bytes, shared between a key object and the signature contexts initialised with it.
pub(crate) type KeyBytes = Arc<Zeroizing<Vec<u8>>>;

/// An `HMAC` or `CMAC` key object (OpenSSL's `MAC_KEY`).
#[derive(Clone)]
pub(crate) struct MacKey {
    pub(crate) prov: Arc<ProvCtx>,
    priv_key: Option<KeyBytes>,
    properties: Option<String>,
    /// A CMAC key (which carries a cipher) rather than an HMAC key.
    cmac: bool,
    /// The CMAC cipher's canonical name.
    cipher: Option<&'static core::ffi::CStr>,
}

impl core::fmt::Debug for MacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MacKey")
            .field("has_key", &self.priv_key.is_some())
            .field("cmac", &self.cmac)
            .field("cipher", &self.cipher)
            .finish_non_exhaustive()
    }
}

fn selects_private(selection: i32) -> bool {
    selection as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY != 0
}

impl MacKey {
    /// An empty key (no `priv` yet), as `OSSL_FUNC_keymgmt_new` returns.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, priv_key: None, properties: None, cmac: false, cipher: None }
    }

    /// An empty `CMAC` key.
    pub(crate) fn new_cmac(prov: Arc<ProvCtx>) -> Self {
        Self { cmac: true, ..Self::new(prov) }
    }

    /// Whether this is a `CMAC` key.
    pub(crate) fn is_cmac(&self) -> bool {
        self.cmac
    }

    /// The CMAC cipher's canonical name, if set.
    pub(crate) fn cipher(&self) -> Option<&'static core::ffi::CStr> {
        self.cipher
    }

    /// The raw key, if set.
    pub(crate) fn priv_key(&self) -> Option<&[u8]> {
        self.priv_key.as_deref().map(|k| k.as_slice())
    }

    /// `OSSL_FUNC_keymgmt_has`: parameters and public parts are always "present"; the private key if set.
    pub(crate) fn has(&self, selection: i32) -> bool {
        !selects_private(selection) || self.priv_key.is_some()
    }

    /// `OSSL_FUNC_keymgmt_match`: compares the private keys (in constant time) when selected.
    pub(crate) fn matches(&self, other: &MacKey, selection: i32) -> bool {
        if !selects_private(selection) {
            return true;
        }
        if self.cipher != other.cipher {
            return false;
        }
        match (self.priv_key(), other.priv_key()) {
            (None, None) => true,
            (Some(a), Some(b)) => ferrofips_crypto::ct::bytes_eq(a, b),
            _ => false,
        }
    }

    /// `OSSL_FUNC_keymgmt_import`: only with the private-key selection; needs `priv` in the end.
    pub(crate) fn import(&mut self, selection: i32, params: Params<'_>) -> ProvResult<()> {
        if !selects_private(selection) {
            return Err(ProvError::with(Reason::InvalidParam, "MAC keys import only the private key"));
        }
        self.load_params(params)
    }

    /// `OSSL_FUNC_keymgmt_set_params`: replaces the key when `priv` is given.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if params.locate(P_PRIV_KEY).is_some() { self.load_params(params) } else { Ok(()) }
    }

    fn load_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_PRIV_KEY) {
            let key = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            self.priv_key = Some(Arc::new(Zeroizing::new(key.to_vec())));
        }
        if let Some(p) = params.locate(P_PKEY_PROPERTIES) {
            self.properties = Some(p.get_utf8().map_err(|e| param_error(p.key(), e))?.to_owned());
        }
        if self.cmac
            && let Some(p) = params.locate(P_PKEY_CIPHER)
        {
            self.cipher = Some(cmac_cipher(p.get_utf8().map_err(|e| param_error(p.key(), e))?)?);
        }
        if self.priv_key.is_none() {
            return Err(ProvError::with(Reason::NoKey, "parameter priv"));
        }
        Ok(())
    }

    /// `OSSL_FUNC_keymgmt_get_params`: `priv` (size queries supported), when the key is set, and a CMAC key's
    /// `cipher`.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        if let (Some(p), Some(raw)) = (params.locate(P_PRIV_KEY), self.priv_key()) {
            p.set_octets(raw).map_err(|e| param_error(p.key(), e))?;
        }
        if let (Some(p), Some(name)) = (params.locate(P_PKEY_CIPHER), self.cipher) {
            p.set_utf8(name).map_err(|e| param_error(p.key(), e))?;
        }
        Ok(())
    }

    /// What `OSSL_FUNC_keymgmt_export` hands to its callback: the raw key (private-key selection only).
    pub(crate) fn export(&self, selection: i32) -> ProvResult<&[u8]> {
        if !selects_private(selection) {
            return Err(ProvError::with(Reason::InvalidParam, "MAC keys export only the private key"));
        }
        self.priv_key().ok_or_else(|| ProvError::new(Reason::NoKey))
    }
}

/// A key-generation context: MAC "generation" only adopts the `priv` (and a CMAC `cipher`) set on it (as
/// OpenSSL).
pub(crate) struct MacGenCtx {
    pub(crate) prov: Arc<ProvCtx>,
    selection: i32,
    priv_key: Option<Zeroizing<Vec<u8>>>,
    cmac: bool,
    cipher: Option<&'static core::ffi::CStr>,
}

impl core::fmt::Debug for MacGenCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MacGenCtx").field("selection", &self.selection).finish_non_exhaustive()
    }
}

impl MacGenCtx {
    /// `OSSL_FUNC_keymgmt_gen_init` (of the `CMAC` key type when `cmac`).
    pub(crate) fn new(prov: Arc<ProvCtx>, selection: i32, cmac: bool, params: Params<'_>) -> ProvResult<Self> {
        let mut g = Self { prov, selection, priv_key: None, cmac, cipher: None };
        g.set_params(params)?;
        Ok(g)
    }

    /// `OSSL_FUNC_keymgmt_gen_set_params`: `priv`, and `cipher` for CMAC.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_PRIV_KEY) {
            let key = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            self.priv_key = Some(Zeroizing::new(key.to_vec()));
        }
        if self.cmac
            && let Some(p) = params.locate(P_PKEY_CIPHER)
        {
            self.cipher = Some(cmac_cipher(p.get_utf8().map_err(|e| param_error(p.key(), e))?)?);
        }
        Ok(())
    }

    /// `OSSL_FUNC_keymgmt_gen`: a blank key for parameter generation, else the key set on the context.
    pub(crate) fn generate(&mut self) -> ProvResult<MacKey> {
        let mut key = MacKey::new(self.prov.clone());
        key.cmac = self.cmac;
        if self.selection as u32 & OSSL_KEYMGMT_SELECT_KEYPAIR == 0 {
            return Ok(key);
        }
        let k = self.priv_key.take().ok_or_else(|| ProvError::with(Reason::NoKey, "no priv set for MAC key"))?;
        key.priv_key = Some(Arc::new(k));
        key.cipher = self.cipher.take();
        Ok(key)
    }
}

/// What the generic mac-legacy signature shims (`abi/mac_legacy_sig.rs`) need from a signature context.
pub(crate) trait LegacyMacSig: Clone + Send + 'static {
    /// `OSSL_FUNC_signature_newctx` (the property query is accepted and unused: everything is this module's).
    fn new(prov: Arc<ProvCtx>) -> Self;
    /// `OSSL_FUNC_signature_digest_sign_init`: adopts `key` (or keeps the previous one) and starts a MAC.
    fn digest_sign_init(&mut self, mdname: Option<&str>, key: Option<&MacKey>, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_signature_digest_sign_update`.
    fn update(&mut self, data: &[u8]) -> ProvResult<()>;
    /// The MAC length, for size queries.
    fn size(&self) -> ProvResult<usize>;
    /// `OSSL_FUNC_signature_digest_sign_final`: writes the MAC to the front of `out`.
    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize>;
    /// `OSSL_FUNC_signature_set_ctx_params`.
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()>;
}

impl LegacyMacSig for MacSigCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        MacSigCtx::new(prov)
    }
    fn digest_sign_init(&mut self, mdname: Option<&str>, key: Option<&MacKey>, params: Params<'_>) -> ProvResult<()> {
        MacSigCtx::digest_sign_init(self, mdname, key, params)
    }
    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        MacSigCtx::update(self, data)
    }
    fn size(&self) -> ProvResult<usize> {
        MacSigCtx::size(self)
    }
    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        MacSigCtx::finalize(self, out)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        MacSigCtx::set_params(self, params)
    }
}

/// The canonical name of a cipher CMAC accepts (AES-128/192/256-CBC by any of OpenSSL's names).
fn cmac_cipher(name: &str) -> ProvResult<&'static core::ffi::CStr> {
    match super::mac_cmac::cipher_key_len(name)? {
        16 => Ok(c"AES-128-CBC"),
        24 => Ok(c"AES-192-CBC"),
        _ => Ok(c"AES-256-CBC"),
    }
}

/// An `HMAC` signature context (`EVP_DigestSign*` over an `HMAC` key).
#[derive(Clone)]
pub(crate) struct MacSigCtx {
    pub(crate) prov: Arc<ProvCtx>,
    key: Option<KeyBytes>,
    digest: Option<Algorithm>,
    mac: Option<Hmac>,
    active: bool,
}

impl core::fmt::Debug for MacSigCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MacSigCtx").field("digest", &self.digest).field("active", &self.active).finish_non_exhaustive()
    }
}

impl MacSigCtx {
    /// `OSSL_FUNC_signature_newctx` (the property query is accepted and unused: digests are always ours).
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, key: None, digest: None, mac: None, active: false }
    }

    /// `OSSL_FUNC_signature_digest_sign_init`: adopts `key` (or keeps the previous one), sets the digest named
    /// `mdname`, applies `params` (the HMAC ctx params) and starts a MAC.
    pub(crate) fn digest_sign_init(
        &mut self,
        mdname: Option<&str>,
        key: Option<&MacKey>,
        params: Params<'_>,
    ) -> ProvResult<()> {
        self.active = false;
        if let Some(k) = key {
            if k.is_cmac() {
                return Err(ProvError::with(Reason::InvalidKey, "a CMAC key for the HMAC signature"));
            }
            self.key = Some(k.priv_key.clone().ok_or_else(|| ProvError::new(Reason::NoKey))?);
        }
        if self.key.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if let Some(name) = mdname {
            self.digest = Some(digest_for_mac(name)?);
        }
        self.set_params(params)?;
        self.rekey()?;
        if self.mac.is_none() {
            return Err(ProvError::with(Reason::UnknownDigest, "no digest set"));
        }
        self.active = true;
        Ok(())
    }

    fn rekey(&mut self) -> ProvResult<()> {
        self.active = false;
        self.mac = match (self.digest, &self.key) {
            (Some(alg), Some(key)) => {
                if self.prov.security_checks() && self.prov.strict() && key.len() < MIN_APPROVED_KEY_LEN {
                    return Err(ProvError::with(
                        Reason::KeyTooShort,
                        format!("{} bits < 112 bits (strict mode)", key.len() * 8),
                    ));
                }
                Some(Hmac::new(alg, key).map_err(|_| ProvError::new(Reason::UnknownDigest))?)
            }
            _ => None,
        };
        Ok(())
    }

    /// `OSSL_FUNC_signature_digest_sign_update`.
    pub(crate) fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        match (&mut self.mac, self.active) {
            (Some(mac), true) => {
                mac.update(data);
                Ok(())
            }
            _ => Err(Reason::NotInitialised.into()),
        }
    }

    /// The MAC length, for size queries.
    pub(crate) fn size(&self) -> ProvResult<usize> {
        match (&self.mac, self.active) {
            (Some(mac), true) => Ok(mac.mac_len()),
            _ => Err(Reason::NotInitialised.into()),
        }
    }

    /// `OSSL_FUNC_signature_digest_sign_final`: writes the MAC to the front of `out`.
    pub(crate) fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        let n = self.size()?;
        let Some(dst) = out.get_mut(..n) else {
            return Err(ProvError::with(Reason::OutputTooSmall, format!("need {n} bytes, have {}", out.len())));
        };
        let mac = self.mac.as_mut().ok_or_else(|| ProvError::new(Reason::NotInitialised))?;
        mac.finalize_into(dst).map_err(|_| ProvError::new(Reason::InternalError))?;
        self.active = false;
        Ok(n)
    }

    /// `OSSL_FUNC_signature_set_ctx_params`: the HMAC MAC's ctx params (digest, properties, key, flags).
    /// `tls-data-size` (the constant-time TLS CBC record MAC) is not offered and refused.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let mut changed = false;
        if let Some(p) = params.locate(names::P_MAC_DIGEST) {
            self.digest = Some(digest_for_mac(p.get_utf8().map_err(|e| param_error(p.key(), e))?)?);
            changed = true;
        }
        if let Some(p) = params.locate(names::P_MAC_PROPERTIES) {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        for key in [names::P_MAC_DIGEST_NOINIT, names::P_MAC_DIGEST_ONESHOT] {
            if let Some(p) = params.locate(key) {
                p.get_int::<i64>().map_err(|e| param_error(p.key(), e))?;
            }
        }
        if params.locate(names::P_MAC_TLS_DATA_SIZE).is_some() {
            return Err(ProvError::with(Reason::InvalidParam, "tls-data-size (TLS CBC record MAC) is not supported"));
        }
        if let Some(p) = params.locate(names::P_MAC_KEY) {
            let key = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            self.key = Some(Arc::new(Zeroizing::new(key.to_vec())));
            changed = true;
        }
        if changed {
            let was_active = self.active;
            self.rekey()?;
            self.active = was_active && self.mac.is_some();
        }
        Ok(())
    }
}

/// The HMAC digest named `name`: known and not an XOF.
fn digest_for_mac(name: &str) -> ProvResult<Algorithm> {
    let alg = names::digest_by_name(name)
        .ok_or_else(|| ProvError::with(Reason::UnknownDigest, format!("digest {name:?}")))?;
    if alg.is_xof() {
        return Err(ProvError::with(Reason::XofNotAllowed, format!("digest {name:?}")));
    }
    Ok(alg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_names_for_mac() {
        assert_eq!(digest_for_mac("SHA2-256"), Ok(Algorithm::Sha256));
        assert_eq!(digest_for_mac("sha384"), Ok(Algorithm::Sha384));
        assert_eq!(digest_for_mac("SHAKE-128").map_err(|e| e.reason), Err(Reason::XofNotAllowed));
        assert_eq!(digest_for_mac("MD5").map_err(|e| e.reason), Err(Reason::UnknownDigest));
    }
}
