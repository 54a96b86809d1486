//! GMAC (NIST SP 800-38D: GCM authenticating only) over AES as an OpenSSL `EVP_MAC` ("GMAC"), with the semantics
//! of OpenSSL's `providers/implementations/macs/gmac_prov.c`:
//!
//! * `"cipher"` names AES-128/192/256-GCM (anything else is refused) and, as in OpenSSL, drops any key and IV.
//! * `"key"` (or the key argument of `init`) must match the cipher's key length; `"iv"` is 1 to 128 bytes
//!   (OpenSSL's `GCM_IV_MAX_SIZE`). Parameters apply in that order: cipher, key, IV.
//! * Each MAC needs its own IV: `init` consumes the IV set since the last `init` (a GMAC key with a repeated IV
//!   is forgeable), so a second MAC without a new IV is refused, as OpenSSL's GCM refuses a finished IV.
//! * `"size"` is an algorithm parameter (16), not a context one.

use std::sync::Arc;

use ferrofips_crypto::mac::gmac::{Gmac, MAC_LEN};

use super::cipher_gcm::IV_MAX;
use super::mac::{MacOps, P_MAC_CIPHER, P_MAC_IV, aes_cipher_by_name, key_param, write_mac};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// The ciphers GMAC accepts, by OpenSSL's names, aliases and OIDs (`prov/names.h`), with their key lengths.
const CIPHERS: &[(&str, usize)] = &[
    ("AES-128-GCM", 16),
    ("id-aes128-GCM", 16),
    ("2.16.840.1.101.3.4.1.6", 16),
    ("AES-192-GCM", 24),
    ("id-aes192-GCM", 24),
    ("2.16.840.1.101.3.4.1.26", 24),
    ("AES-256-GCM", 32),
    ("id-aes256-GCM", 32),
    ("2.16.840.1.101.3.4.1.46", 32),
];

/// A GMAC context.
#[derive(Clone)]
pub(crate) struct GmacCtx {
    pub(crate) prov: Arc<ProvCtx>,
    /// The AES key length of the cipher named by `"cipher"`.
    cipher: Option<usize>,
    /// The keyed MAC (the GCM state zeroizes itself).
    mac: Option<Gmac>,
    /// The IV for the next `init` (public).
    iv: Option<Vec<u8>>,
    /// Initialised (IV applied) and accepting input.
    active: bool,
}

impl core::fmt::Debug for GmacCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GmacCtx")
            .field("cipher_key_len", &self.cipher)
            .field("keyed", &self.mac.is_some())
            .field("iv_len", &self.iv.as_ref().map(Vec::len))
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl GmacCtx {
    fn set_key(&mut self, key: &[u8]) -> ProvResult<()> {
        self.active = false;
        let want = self.cipher.ok_or_else(|| ProvError::with(Reason::InvalidParam, "no cipher set for GMAC"))?;
        if key.len() != want {
            return Err(ProvError::with(
                Reason::InvalidKey,
                format!("key of {} bytes for AES-{}-GCM", key.len(), want * 8),
            ));
        }
        self.mac = Some(Gmac::new(key).map_err(|_| ProvError::new(Reason::InvalidKey))?);
        Ok(())
    }

    fn set_iv(&mut self, iv: &[u8]) -> ProvResult<()> {
        self.active = false;
        if iv.is_empty() || iv.len() > IV_MAX {
            return Err(ProvError::with(Reason::InvalidIvLength, format!("GMAC IV of {} bytes", iv.len())));
        }
        self.iv = Some(iv.to_vec());
        Ok(())
    }
}

impl MacOps for GmacCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, cipher: None, mac: None, iv: None, active: false }
    }

    fn init(&mut self, key: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.active = false;
        self.set_ctx_params(params)?;
        if let Some(k) = key {
            self.set_key(k)?;
        }
        let mac = self.mac.as_mut().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        let iv = self
            .iv
            .take()
            .ok_or_else(|| ProvError::with(Reason::InvalidIvLength, "no fresh IV set (each GMAC needs its own)"))?;
        mac.start(&iv).map_err(|_| ProvError::new(Reason::InvalidIvLength))?;
        self.active = true;
        Ok(())
    }

    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        match (&mut self.mac, self.active) {
            (Some(mac), true) => mac.update(data).map_err(|_| ProvError::with(Reason::InvalidLength, "GMAC message")),
            _ => Err(Reason::NotInitialised.into()),
        }
    }

    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        let (Some(mac), true) = (&mut self.mac, self.active) else {
            return Err(Reason::NotInitialised.into());
        };
        let n = write_mac(out, MAC_LEN, |dst| mac.finalize_into(dst))?;
        self.active = false;
        Ok(n)
    }

    /// `size` (not in GMAC's dispatch table, which offers it as an algorithm parameter).
    fn get_ctx_params(&self, params: Params<'_>) -> ProvResult<()> {
        Self::get_params(params)
    }

    /// `cipher`, `properties`, `key`, `iv`, applied in that order.
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_MAC_CIPHER) {
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            let len = aes_cipher_by_name(name, CIPHERS, "GMAC (AES-128/192/256-GCM only)")?;
            *self = Self { prov: self.prov.clone(), cipher: Some(len), mac: None, iv: None, active: false };
        }
        if let Some(p) = params.locate(names::P_MAC_PROPERTIES) {
            // The cipher always comes from this module; the query only has to be a string.
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(names::P_MAC_KEY) {
            self.set_key(key_param(&p)?)?;
        }
        if let Some(p) = params.locate(P_MAC_IV) {
            self.set_iv(p.get_octets().map_err(|e| param_error(p.key(), e))?)?;
        }
        Ok(())
    }

    /// `size`: 16.
    fn get_params(params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(names::P_MAC_SIZE) {
            p.set_int(MAC_LEN as i128).map_err(|e| param_error(p.key(), e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_names() {
        let what = "GMAC";
        assert_eq!(aes_cipher_by_name("AES-128-GCM", CIPHERS, what), Ok(16));
        assert_eq!(aes_cipher_by_name("ID-AES192-GCM", CIPHERS, what), Ok(24));
        assert_eq!(aes_cipher_by_name("2.16.840.1.101.3.4.1.46", CIPHERS, what), Ok(32));
        for bad in ["AES-128-CBC", "AES-128-CCM", "ChaCha20-Poly1305", "", "GCM"] {
            assert_eq!(aes_cipher_by_name(bad, CIPHERS, what).map_err(|e| e.reason), Err(Reason::InvalidParam));
        }
    }
}
