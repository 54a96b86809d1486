//! AES key wrap (SP 800-38F KW and KWP, with the forward or the inverse cipher) as OpenSSL cipher contexts, with
//! the behaviour of OpenSSL's `cipher_aes_wrp.c`: every update is one whole message (wrap or unwrap), an update
//! without output buffer reports the output length, the final call writes nothing, and the IV (8 bytes for KW, 4
//! for KWP) is the integrity check value, the standard one unless set. An unwrap that fails its check releases
//! nothing: the output area is wiped and the error says only that the unwrap failed.

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::aes::Aes;
use ferrofips_crypto::modes::kw::{self, KwCipher};
use zeroize::Zeroize;

use super::cipher::{CipherInfo, CipherOps, Io, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_UPDATED_IV, check_keylen};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// The IV length of KWP (`AES_WRAP_PAD_IVLEN`); KW's is 8.
pub(crate) const PAD_IV_LEN: usize = 4;

/// An AES key wrap context; `INVERSE` selects the `*-WRAP-INV` / `*-WRAP-PAD-INV` algorithms (AES decryption as
/// the wrapping function).
#[derive(Clone)]
pub(crate) struct WrapCtx<const INVERSE: bool> {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    aes: Option<Aes>,
    enc: bool,
    /// The integrity check value as set (first `info.iv_len` bytes).
    iv: [u8; 8],
    iv_set: bool,
}

impl<const INVERSE: bool> fmt::Debug for WrapCtx<INVERSE> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrapCtx")
            .field("key_len", &self.info.key_len)
            .field("padded", &self.padded())
            .field("inverse", &INVERSE)
            .field("key_set", &self.aes.is_some())
            .field("enc", &self.enc)
            .finish_non_exhaustive()
    }
}

impl<const INVERSE: bool> WrapCtx<INVERSE> {
    /// KWP (its IV is 4 bytes), as OpenSSL decides it (`ctx->pad = ivlen == 4`).
    fn padded(&self) -> bool {
        self.info.iv_len == PAD_IV_LEN
    }

    /// The output length of an update of `inl` bytes (an upper bound for a KWP unwrap), after OpenSSL's input
    /// checks: never empty; unwrap: whole semiblocks, at least two; KW: whole semiblocks.
    fn out_len(&self, inl: usize) -> ProvResult<usize> {
        let bad = |what: &str| ProvError::with(Reason::InvalidLength, format!("{what} ({inl} bytes)"));
        if inl > i32::MAX as usize {
            return Err(bad("input too long"));
        }
        if !self.enc && (inl < 16 || !inl.is_multiple_of(8)) {
            return Err(bad("wrapped input must be whole semiblocks, at least 16 bytes"));
        }
        if !self.padded() && !inl.is_multiple_of(8) {
            return Err(bad("KW input must be whole semiblocks"));
        }
        Ok(if self.enc { inl.next_multiple_of(8) + 8 } else { inl - 8 })
    }

    /// Wraps or unwraps `buf[..inl]` in place; returns the output length.
    fn run(&self, buf: &mut [u8], inl: usize) -> ProvResult<usize> {
        let aes = self.aes.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        let c = if INVERSE { KwCipher::Inverse } else { KwCipher::Forward };
        let r = match (self.padded(), self.enc) {
            (false, enc) => {
                let mut icv = kw::ICV1;
                if self.iv_set {
                    icv = self.iv;
                }
                if enc {
                    kw::wrap_in_place(aes, c, &icv, buf, inl)
                } else {
                    kw::unwrap_in_place(aes, c, &icv, buf, inl)
                }
            }
            (true, enc) => {
                let mut icv = kw::ICV2;
                if self.iv_set {
                    icv.copy_from_slice(&self.iv[..PAD_IV_LEN]);
                }
                if enc {
                    kw::wrap_pad_in_place(aes, c, &icv, buf, inl)
                } else {
                    kw::unwrap_pad_in_place(aes, c, &icv, buf, inl)
                }
            }
        };
        r.map_err(|e| match e {
            CryptoError::AuthenticationFailed => ProvError::with(Reason::BadDecrypt, "key unwrap failed"),
            _ => ProvError::with(Reason::InvalidLength, format!("key wrap input of {inl} bytes")),
        })
    }
}

impl<const INVERSE: bool> CipherOps for WrapCtx<INVERSE> {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        WrapCtx { prov, info, aes: None, enc: false, iv: [0; 8], iv_set: false }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.enc = enc;
        if let Some(iv) = iv {
            if iv.len() != self.info.iv_len {
                return Err(ProvError::with(Reason::InvalidIvLength, format!("IV of {} bytes", iv.len())));
            }
            self.iv = [0; 8];
            self.iv[..iv.len()].copy_from_slice(iv);
            self.iv_set = true;
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
        if inl == 0 {
            return Ok(0);
        }
        if let Io::Aad(_) = io {
            // No output buffer: the length the output needs.
            return self.out_len(inl);
        }
        let need = self.out_len(inl)?.max(inl);
        if io.capacity() < need {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        match io {
            Io::Aad(_) => Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => self.run(buf, inl),
            Io::Separate { input, output } => {
                output[..inl].copy_from_slice(input);
                let r = self.run(output, inl);
                if r.is_err() {
                    output[..need].zeroize();
                }
                r
            }
        }
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.update(io)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        let iv_len = self.info.iv_len;
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_IVLEN {
                p.set_int(iv_len as i128).map_err(pe)?;
            } else if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_PADDING {
                p.set_int(i128::from(self.padded())).map_err(pe)?;
            } else if key == P_NUM {
                p.set_int(0).map_err(pe)?;
            } else if key == P_IV || key == P_UPDATED_IV {
                p.set_octets(&self.iv[..iv_len]).map_err(pe)?;
            }
        }
        Ok(())
    }

    /// Only `"keylen"` is checked; other generic cipher parameters (`"padding"`, `"num"`, ...) are accepted and
    /// ignored, as OpenSSL's `aes_wrap_set_ctx_params` does.
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)
    }
}

/// The output room of an update (see `AbiCipher::update_room`): a KWP wrap may write up to 7 bytes more than the
/// `inl + 8` libcrypto reports as the output size.
pub(crate) fn update_room<const INVERSE: bool>(ctx: &WrapCtx<INVERSE>, inl: usize, outsize: usize) -> usize {
    if ctx.enc && ctx.padded() && Some(outsize) == inl.checked_add(8) && inl <= i32::MAX as usize {
        outsize.max(inl.next_multiple_of(8) + 8)
    } else {
        outsize
    }
}
