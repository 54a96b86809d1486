//! AES-128-XTS and AES-256-XTS as OpenSSL cipher contexts, with the behaviour of OpenSSL's `cipher_aes_xts.c`:
//! every update (or `EVP_Cipher`) is one whole data unit, 16 bytes to 2^20 blocks, with the context's IV as the
//! tweak (the IV does not advance); final writes nothing.
//!
//! Like OpenSSL 3.x's FIPS provider, a key whose two halves are equal is refused at init in both directions
//! (IEEE 1619 §5.1, FIPS 140-3 IG C.I; OpenSSL's default provider lets such keys decrypt).

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::modes::xts::{AesXts, MAX_DATA_UNIT, MIN_DATA_UNIT};
use zeroize::Zeroize;

use super::cipher::{CipherInfo, CipherOps, Io, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_UPDATED_IV, check_keylen};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// The tweak (IV) length.
const IV_LEN: usize = 16;

/// An AES-XTS cipher context.
#[derive(Clone)]
pub(crate) struct XtsCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    xts: Option<AesXts>,
    enc: bool,
    iv: [u8; IV_LEN],
    iv_set: bool,
}

impl Drop for XtsCtx {
    fn drop(&mut self) {
        self.iv.zeroize();
    }
}

impl fmt::Debug for XtsCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XtsCtx")
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.xts.is_some())
            .field("enc", &self.enc)
            .field("iv_set", &self.iv_set)
            .finish_non_exhaustive()
    }
}

impl XtsCtx {
    /// Processes one data unit (OpenSSL's `aes_xts_cipher`); returns its length.
    fn process(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let xts = self.xts.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        if !self.iv_set {
            return Err(ProvError::with(Reason::InvalidIvLength, "no tweak (IV) set"));
        }
        let n = io.len();
        if n < MIN_DATA_UNIT {
            return Err(ProvError::with(Reason::InvalidLength, format!("XTS data unit of {n} bytes (at least 16)")));
        }
        if n > MAX_DATA_UNIT {
            return Err(ProvError::with(Reason::InvalidLength, "XTS data unit longer than 2^20 blocks"));
        }
        if io.capacity() < n {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        let data = match io {
            Io::Aad(_) => return Err(ProvError::with(Reason::InvalidParam, "XTS has no associated data")),
            Io::InPlace { buf, inl } => &mut buf[..inl],
            Io::Separate { input, output } => {
                let out = &mut output[..input.len()];
                out.copy_from_slice(input);
                out
            }
        };
        let r = if self.enc { xts.encrypt(&self.iv, data) } else { xts.decrypt(&self.iv, data) };
        r.map_err(|_| ProvError::new(Reason::InternalError))?;
        Ok(n)
    }
}

impl CipherOps for XtsCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        XtsCtx { prov, info, xts: None, enc: false, iv: [0; IV_LEN], iv_set: false }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.enc = enc;
        if let Some(iv) = iv {
            let iv: [u8; IV_LEN] = iv
                .try_into()
                .map_err(|_| ProvError::with(Reason::InvalidIvLength, format!("XTS tweak of {} bytes", iv.len())))?;
            self.iv = iv;
            self.iv_set = true;
        }
        if let Some(key) = key {
            if key.len() != self.info.key_len {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("key of {} bytes, this cipher takes {}", key.len(), self.info.key_len),
                ));
            }
            self.xts = Some(AesXts::new(key).map_err(|e| match e {
                CryptoError::InvalidKey => ProvError::with(Reason::InvalidKey, "XTS key halves are equal"),
                _ => ProvError::new(Reason::InternalError),
            })?);
        }
        self.set_ctx_params(params)
    }

    fn update(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.process(io)
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.process(io)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_IVLEN {
                p.set_int(IV_LEN as i128).map_err(pe)?;
            } else if key == P_PADDING {
                // OpenSSL's generic context starts with padding on; XTS never pads.
                p.set_int(1).map_err(pe)?;
            } else if key == P_NUM {
                p.set_int(0).map_err(pe)?;
            } else if key == P_IV || key == P_UPDATED_IV {
                p.set_octets(&self.iv).map_err(|_| ProvError::with(Reason::InvalidIvLength, "IV buffer too small"))?;
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        // Only "keylen" is settable, and it cannot change (OpenSSL's `aes_xts_set_ctx_params`).
        check_keylen(self.info, params)
    }
}
