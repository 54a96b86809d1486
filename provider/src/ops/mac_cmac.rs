//! CMAC (NIST SP 800-38B) over AES as an OpenSSL `EVP_MAC` ("CMAC"), with the semantics of OpenSSL's
//! `providers/implementations/macs/cmac_prov.c`:
//!
//! * `"cipher"` names the block cipher (only AES-128/192/256-CBC: OpenSSL's FIPS provider also allows
//!   DES-EDE3-CBC, which this module does not offer; any other name is refused) and applies to the next key.
//! * `"key"` (or the key argument of `init`) keys the MAC with the cipher named last (or the one in use).
//! * `init` without a key restarts the keyed MAC (an error if it was never keyed).
//! * `"size"` and `"block-size"` are 16 once keyed, 0 before (as OpenSSL reports); `"fips-indicator"` is 1.

use std::sync::Arc;

use ferrofips_crypto::mac::cmac::{Cmac, MAC_LEN};

use super::mac::{MacOps, P_ENCRYPT_CHECK, P_MAC_CIPHER, aes_cipher_by_name, answer_sizes, key_param, write_mac};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// The ciphers CMAC accepts, by OpenSSL's names, aliases and OIDs (`prov/names.h`), with their key lengths.
const CIPHERS: &[(&str, usize)] = &[
    ("AES-128-CBC", 16),
    ("AES128", 16),
    ("2.16.840.1.101.3.4.1.2", 16),
    ("AES-192-CBC", 24),
    ("AES192", 24),
    ("2.16.840.1.101.3.4.1.22", 24),
    ("AES-256-CBC", 32),
    ("AES256", 32),
    ("2.16.840.1.101.3.4.1.42", 32),
];

/// The AES key length of a cipher CMAC accepts, by any of OpenSSL's names; an error for any other cipher.
pub(crate) fn cipher_key_len(name: &str) -> ProvResult<usize> {
    aes_cipher_by_name(name, CIPHERS, "CMAC (AES-128/192/256-CBC only)")
}

/// A CMAC context.
#[derive(Clone)]
pub(crate) struct CmacCtx {
    pub(crate) prov: Arc<ProvCtx>,
    /// The AES key length of the cipher named by the last `"cipher"` parameter (for the next key).
    cipher: Option<usize>,
    /// The keyed MAC (its key schedule zeroizes itself).
    mac: Option<Cmac>,
    /// Initialised and accepting input.
    active: bool,
}

impl core::fmt::Debug for CmacCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CmacCtx")
            .field("cipher_key_len", &self.cipher)
            .field("keyed", &self.mac.is_some())
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl CmacCtx {
    fn set_key(&mut self, key: &[u8]) -> ProvResult<()> {
        self.active = false;
        let want = self
            .cipher
            .or(self.mac.as_ref().map(Cmac::key_len))
            .ok_or_else(|| ProvError::with(Reason::InvalidParam, "no cipher set for CMAC"))?;
        if key.len() != want {
            return Err(ProvError::with(
                Reason::InvalidKey,
                format!("key of {} bytes for AES-{}-CBC", key.len(), want * 8),
            ));
        }
        self.mac = Some(Cmac::new(key).map_err(|_| ProvError::new(Reason::InvalidKey))?);
        Ok(())
    }

    /// Names the cipher for the next key (as the `"cipher"` parameter does).
    pub(crate) fn set_cipher(&mut self, name: &str) -> ProvResult<()> {
        self.cipher = Some(cipher_key_len(name)?);
        Ok(())
    }

    /// The MAC length: 16 once keyed, 0 before.
    pub(crate) fn size(&self) -> usize {
        if self.mac.is_some() { MAC_LEN } else { 0 }
    }
}

impl MacOps for CmacCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, cipher: None, mac: None, active: false }
    }

    fn init(&mut self, key: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.active = false;
        self.set_ctx_params(params)?;
        if let Some(k) = key {
            self.set_key(k)?;
        }
        let mac = self.mac.as_mut().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        mac.reset();
        self.active = true;
        Ok(())
    }

    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        match (&mut self.mac, self.active) {
            (Some(mac), true) => {
                mac.update(data);
                Ok(())
            }
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

    /// `size`, `block-size` (both the AES block once keyed) and `fips-indicator` (AES: always approved).
    fn get_ctx_params(&self, params: Params<'_>) -> ProvResult<()> {
        answer_sizes(params, self.size(), self.size(), true)
    }

    /// `cipher`, `properties`, `key`, and 3.5's FIPS `encrypt-check` (Triple-DES only: no effect here).
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_ENCRYPT_CHECK) {
            p.get_int::<i64>().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(P_MAC_CIPHER) {
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            self.cipher = Some(cipher_key_len(name)?);
        }
        if let Some(p) = params.locate(names::P_MAC_PROPERTIES) {
            // The cipher always comes from this module; the query only has to be a string.
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(p) = params.locate(names::P_MAC_KEY) {
            self.set_key(key_param(&p)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_names() {
        let what = "CMAC";
        assert_eq!(aes_cipher_by_name("AES-128-CBC", CIPHERS, what), Ok(16));
        assert_eq!(aes_cipher_by_name("aes-192-cbc", CIPHERS, what), Ok(24));
        assert_eq!(aes_cipher_by_name("AES256", CIPHERS, what), Ok(32));
        assert_eq!(aes_cipher_by_name("2.16.840.1.101.3.4.1.42", CIPHERS, what), Ok(32));
        for bad in ["DES-EDE3-CBC", "AES-128-ECB", "AES-128-GCM", "AES-128-CBC-CTS", "", "AES-128-CBC "] {
            assert_eq!(aes_cipher_by_name(bad, CIPHERS, what).map_err(|e| e.reason), Err(Reason::InvalidParam));
        }
    }
}
