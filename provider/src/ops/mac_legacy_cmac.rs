//! The `CMAC` mac-legacy signature: `EVP_DigestSign*` over a `CMAC` key (`EVP_PKEY_new_CMAC_key`, or
//! `EVP_PKEY_fromdata` with `priv` and `cipher`) computes AES-CMAC. Like OpenSSL's `mac_legacy_sig.c`, it wraps
//! the "CMAC" MAC context: the key's cipher and bytes key it, the signature's context parameters are the MAC's,
//! and a digest name, if given, is ignored (CMAC has no digest).

use std::sync::Arc;

use super::mac::MacOps;
use super::mac_cmac::CmacCtx;
use super::mac_legacy::{LegacyMacSig, MacKey};
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// A `CMAC` signature context.
#[derive(Clone)]
pub(crate) struct CmacSigCtx {
    pub(crate) prov: Arc<ProvCtx>,
    /// The key adopted at the last `digest_sign_init` (shares the key object's bytes).
    key: Option<MacKey>,
    mac: CmacCtx,
    active: bool,
}

impl core::fmt::Debug for CmacSigCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CmacSigCtx").field("mac", &self.mac).field("active", &self.active).finish_non_exhaustive()
    }
}

impl LegacyMacSig for CmacSigCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        Self { mac: CmacCtx::new(prov.clone()), prov, key: None, active: false }
    }

    fn digest_sign_init(&mut self, _mdname: Option<&str>, key: Option<&MacKey>, params: Params<'_>) -> ProvResult<()> {
        self.active = false;
        if let Some(k) = key {
            if !k.is_cmac() {
                return Err(ProvError::with(Reason::InvalidKey, "an HMAC key for the CMAC signature"));
            }
            self.key = Some(k.clone());
        }
        let Self { key, mac, .. } = self;
        let key = key.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        let cipher = key.cipher().ok_or_else(|| ProvError::with(Reason::InvalidParam, "CMAC key without a cipher"))?;
        mac.set_cipher(&cipher.to_string_lossy())?;
        let raw = key.priv_key().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        mac.init(Some(raw), params)?;
        self.active = true;
        Ok(())
    }

    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        if !self.active {
            return Err(Reason::NotInitialised.into());
        }
        self.mac.update(data)
    }

    fn size(&self) -> ProvResult<usize> {
        if self.active { Ok(self.mac.size()) } else { Err(Reason::NotInitialised.into()) }
    }

    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        if !self.active {
            return Err(Reason::NotInitialised.into());
        }
        let n = self.mac.finalize(out)?;
        self.active = false;
        Ok(n)
    }

    /// The "CMAC" MAC's context parameters (`EVP_MAC_CTX_set_params` in OpenSSL).
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        self.mac.set_ctx_params(params)
    }
}
