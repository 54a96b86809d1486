//! AES-CBC-CTS (SP 800-38A Addendum CS1/CS2/CS3) as OpenSSL cipher contexts, with the behaviour of OpenSSL's
//! `cipher_cts.c`: one update per message (at least one block; a second update before a new init fails), an
//! update without output buffer reports the output length, the final call writes nothing, and `"cts_mode"` selects
//! the variant (default CS1). `EVP_Cipher` is plain CBC over whole blocks, as in OpenSSL (`ossl_cipher_generic_
//! cipher`). Unlike OpenSSL, which silently uses a zero IV, an update without an IV is refused, as for AES-CBC.

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::aes::{Aes, BLOCK_LEN};
use ferrofips_crypto::modes::cts::{self, CtsMode};
use zeroize::Zeroize;

use super::cipher::{
    CipherInfo, CipherOps, Io, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE, P_TLS_VERSION, P_UPDATED_IV,
    check_keylen,
};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `OSSL_CIPHER_PARAM_CTS_MODE`.
pub(crate) const P_CTS_MODE: &core::ffi::CStr = ferrofips_ffi::cstr(ferrofips_ffi::OSSL_CIPHER_PARAM_CTS_MODE);

/// OpenSSL's names of the variants, as returned by `"cts_mode"`.
fn mode_name(m: CtsMode) -> &'static core::ffi::CStr {
    match m {
        CtsMode::Cs1 => c"CS1",
        CtsMode::Cs2 => c"CS2",
        CtsMode::Cs3 => c"CS3",
    }
}

/// An AES-CBC-CTS cipher context.
#[derive(Clone)]
pub(crate) struct CtsCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    aes: Option<Aes>,
    enc: bool,
    mode: CtsMode,
    /// `"padding"` as set (reported back; CTS never pads).
    pad: bool,
    /// The chaining value.
    iv: [u8; BLOCK_LEN],
    /// The IV as set, restored by an init without an IV.
    oiv: [u8; BLOCK_LEN],
    iv_set: bool,
    /// A message was processed since the last init.
    updated: bool,
}

impl Drop for CtsCtx {
    fn drop(&mut self) {
        self.iv.zeroize();
        self.oiv.zeroize();
    }
}

impl fmt::Debug for CtsCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CtsCtx")
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.aes.is_some())
            .field("enc", &self.enc)
            .field("mode", &self.mode)
            .field("updated", &self.updated)
            .finish_non_exhaustive()
    }
}

impl CtsCtx {
    /// The key schedule and the chaining value, once both are set.
    fn ready(&mut self) -> ProvResult<(&Aes, &mut [u8; BLOCK_LEN])> {
        let aes = self.aes.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        if !self.iv_set {
            return Err(ProvError::with(Reason::InvalidIvLength, "no IV set"));
        }
        Ok((aes, &mut self.iv))
    }

    /// Runs the one message of this init over `data` in place.
    fn message(&mut self, data: &mut [u8]) -> ProvResult<()> {
        let (enc, mode) = (self.enc, self.mode);
        let (aes, iv) = self.ready()?;
        let r = if enc { cts::encrypt(aes, mode, iv, data) } else { cts::decrypt(aes, mode, iv, data) };
        r.map_err(|_| ProvError::with(Reason::InvalidLength, "CTS needs at least one block"))
    }
}

impl CipherOps for CtsCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        CtsCtx {
            prov,
            info,
            aes: None,
            enc: false,
            mode: CtsMode::Cs1,
            pad: true,
            iv: [0; BLOCK_LEN],
            oiv: [0; BLOCK_LEN],
            iv_set: false,
            updated: false,
        }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.enc = enc;
        self.updated = false;
        match iv {
            Some(iv) => {
                let iv: [u8; BLOCK_LEN] = iv
                    .try_into()
                    .map_err(|_| ProvError::with(Reason::InvalidIvLength, format!("IV of {} bytes", iv.len())))?;
                self.iv = iv;
                self.oiv = iv;
                self.iv_set = true;
            }
            None if self.iv_set => self.iv = self.oiv,
            None => {}
        }
        if let Some(key) = key {
            if key.len() != self.info.key_len {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("key of {} bytes, this cipher takes {}", key.len(), self.info.key_len),
                ));
            }
            self.aes = Some(Aes::new(key).map_err(|_| ProvError::new(Reason::InvalidKey))?);
        }
        self.set_ctx_params(params)
    }

    fn update(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let inl = io.len();
        if inl < BLOCK_LEN {
            return Err(ProvError::with(Reason::InvalidLength, "CTS needs at least one block"));
        }
        if io.capacity() < inl && !matches!(io, Io::Aad(_)) {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        if let Io::Aad(_) = io {
            // No output buffer: OpenSSL reports the output length.
            return Ok(inl);
        }
        if self.updated {
            return Err(ProvError::with(Reason::AlreadyFinalised, "CTS takes one update per message"));
        }
        match io {
            Io::Aad(_) => return Ok(inl),
            Io::InPlace { buf, inl } => self.message(&mut buf[..inl])?,
            Io::Separate { input, output } => {
                let dst = &mut output[..inl];
                dst.copy_from_slice(input);
                if let Err(e) = self.message(dst) {
                    dst.zeroize();
                    return Err(e);
                }
            }
        }
        self.updated = true;
        Ok(inl)
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let enc = self.enc;
        let (aes, iv) = self.ready()?;
        let n = io.len();
        if !n.is_multiple_of(BLOCK_LEN) {
            return Err(ProvError::with(Reason::InvalidLength, "EVP_Cipher on CBC-CTS takes whole blocks"));
        }
        if io.capacity() < n {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        let data = match io {
            Io::Aad(_) => return Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => &mut buf[..inl],
            Io::Separate { input, output } => {
                output[..n].copy_from_slice(input);
                &mut output[..n]
            }
        };
        if enc {
            aes.cbc_encrypt(iv, data);
        } else {
            aes.cbc_decrypt(iv, data);
        }
        Ok(n)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_IVLEN {
                p.set_int(self.info.iv_len as i128).map_err(pe)?;
            } else if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_PADDING {
                p.set_int(i128::from(self.pad)).map_err(pe)?;
            } else if key == P_NUM {
                p.set_int(0).map_err(pe)?;
            } else if key == P_IV {
                p.set_octets(&self.oiv).map_err(pe)?;
            } else if key == P_UPDATED_IV {
                p.set_octets(&self.iv).map_err(pe)?;
            } else if key == P_CTS_MODE {
                p.set_utf8(mode_name(self.mode)).map_err(pe)?;
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)?;
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_CTS_MODE {
                let name = p.get_utf8().map_err(pe)?;
                self.mode = CtsMode::from_name(name)
                    .ok_or_else(|| ProvError::with(Reason::InvalidParam, format!("cts_mode {name:?}")))?;
            } else if key == P_PADDING {
                let v: u32 = p.get_int().map_err(pe)?;
                self.pad = v != 0;
            } else if key == P_NUM {
                let v: u32 = p.get_int().map_err(pe)?;
                if v != 0 {
                    return Err(ProvError::with(Reason::InvalidParam, "num must be 0 for CBC-CTS"));
                }
            } else if key == P_TLS_VERSION {
                let v: i64 = p.get_int().map_err(pe)?;
                if v > 0 {
                    return Err(ProvError::with(Reason::InvalidParam, "TLS record mode not offered with CBC-CTS"));
                }
            } else if key == P_TLS_MAC_SIZE {
                let _: usize = p.get_int().map_err(pe)?;
            }
        }
        Ok(())
    }
}
