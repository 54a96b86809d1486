//! AES-CBC and AES-ECB (SP 800-38A) as OpenSSL cipher contexts, with the buffering and PKCS#7 padding of
//! OpenSSL's `ossl_cipher_generic_block_update/final`: a decryption holds back its last block until the final
//! call so that the padding can be removed, and `"padding"` = 0 turns padding off.
//!
//! The TLS ≤ 1.2 MAC-then-encrypt record mode (`"tls-version"` > 0) is not offered: the module's TLS suites are
//! AEAD only, so such a request is refused rather than served without the Lucky13 countermeasures.

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::aes::{Aes, BLOCK_LEN};
use zeroize::Zeroize;

use super::cipher::{
    CipherInfo, CipherOps, Io, MODE_CBC, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE, P_TLS_VERSION,
    P_UPDATED_IV, check_keylen,
};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// A CBC or ECB cipher context.
#[derive(Clone)]
pub(crate) struct BlockCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    aes: Option<Aes>,
    enc: bool,
    pad: bool,
    /// The chaining value (CBC).
    iv: [u8; BLOCK_LEN],
    /// The IV as set (`"iv"`), restored by an init without an IV.
    oiv: [u8; BLOCK_LEN],
    iv_set: bool,
    /// Input not yet processed (a partial block, or the held-back last block of a decryption).
    buf: [u8; BLOCK_LEN],
    buf_len: usize,
}

impl Drop for BlockCtx {
    fn drop(&mut self) {
        self.iv.zeroize();
        self.oiv.zeroize();
        self.buf.zeroize();
    }
}

impl fmt::Debug for BlockCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockCtx")
            .field("mode", &self.info.mode)
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.aes.is_some())
            .field("enc", &self.enc)
            .field("pad", &self.pad)
            .finish_non_exhaustive()
    }
}

impl BlockCtx {
    fn cbc(&self) -> bool {
        self.info.mode == MODE_CBC
    }

    /// Encrypts or decrypts whole blocks in place, chaining through `self.iv` in CBC mode.
    fn blocks(&mut self, data: &mut [u8]) -> ProvResult<()> {
        let aes = self.aes.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        if !data.len().is_multiple_of(BLOCK_LEN) {
            return Err(ProvError::with(Reason::InvalidLength, "not a whole number of blocks"));
        }
        if self.info.mode != MODE_CBC {
            if self.enc {
                aes.encrypt_blocks(data);
            } else {
                aes.decrypt_blocks(data);
            }
            return Ok(());
        }
        if self.enc {
            for block in data.chunks_exact_mut(BLOCK_LEN) {
                let mut x = [0u8; BLOCK_LEN];
                for ((x, d), c) in x.iter_mut().zip(block.iter()).zip(&self.iv) {
                    *x = d ^ c;
                }
                aes.encrypt_block(&mut x);
                block.copy_from_slice(&x);
                self.iv = x;
            }
        } else {
            // Decrypt all blocks at once (the backends run several in parallel), then chain.
            let mut prev = self.iv;
            let last: [u8; BLOCK_LEN] = data[data.len().saturating_sub(BLOCK_LEN)..].try_into().unwrap_or(prev);
            let cipher = data.to_vec();
            aes.decrypt_blocks(data);
            for (block, c) in data.chunks_exact_mut(BLOCK_LEN).zip(cipher.chunks_exact(BLOCK_LEN)) {
                for (d, p) in block.iter_mut().zip(&prev) {
                    *d ^= p;
                }
                prev.copy_from_slice(c);
            }
            if !data.is_empty() {
                self.iv = last;
            }
        }
        Ok(())
    }

    /// The update logic of `ossl_cipher_generic_block_update` on an owned copy of the input; the output goes to
    /// `out` (which must hold it); returns the output length.
    fn update_into(&mut self, input: &[u8], out: &mut [u8]) -> ProvResult<usize> {
        let mut input = input;
        let mut written = 0;
        // Complete the buffered block first.
        if self.buf_len > 0 && self.buf_len < BLOCK_LEN {
            let n = (BLOCK_LEN - self.buf_len).min(input.len());
            self.buf[self.buf_len..self.buf_len + n].copy_from_slice(&input[..n]);
            self.buf_len += n;
            input = &input[n..];
        }
        // Flush a full buffered block unless it may be the padded last block of a decryption.
        if self.buf_len == BLOCK_LEN && (self.enc || !input.is_empty() || !self.pad) {
            let mut block = self.buf;
            self.blocks(&mut block)?;
            let dst = out.get_mut(..BLOCK_LEN).ok_or_else(|| ProvError::new(Reason::OutputTooSmall))?;
            dst.copy_from_slice(&block);
            block.zeroize();
            self.buf_len = 0;
            written = BLOCK_LEN;
        }
        let mut whole = input.len() - input.len() % BLOCK_LEN;
        if !self.enc && self.pad && whole == input.len() && whole > 0 {
            // Hold the last block back for the final call.
            whole -= BLOCK_LEN;
        }
        if whole > 0 {
            let dst = out.get_mut(written..written + whole).ok_or_else(|| ProvError::new(Reason::OutputTooSmall))?;
            dst.copy_from_slice(&input[..whole]);
            self.blocks(dst)?;
            written += whole;
        }
        let rest = &input[whole..];
        if !rest.is_empty() {
            // `rest` is shorter than a block, or exactly the held-back block, and the buffer is empty here.
            self.buf[..rest.len()].copy_from_slice(rest);
            self.buf_len = rest.len();
        }
        Ok(written)
    }
}

impl CipherOps for BlockCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        BlockCtx {
            prov,
            info,
            aes: None,
            enc: false,
            pad: true,
            iv: [0; BLOCK_LEN],
            oiv: [0; BLOCK_LEN],
            iv_set: false,
            buf: [0; BLOCK_LEN],
            buf_len: 0,
        }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.buf.zeroize();
        self.buf_len = 0;
        self.enc = enc;
        match iv {
            Some(iv) if self.cbc() => {
                let iv: [u8; BLOCK_LEN] = iv
                    .try_into()
                    .map_err(|_| ProvError::with(Reason::InvalidIvLength, format!("IV of {} bytes", iv.len())))?;
                self.iv = iv;
                self.oiv = iv;
                self.iv_set = true;
            }
            None if self.cbc() && self.iv_set => self.iv = self.oiv,
            _ => {}
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
        if self.aes.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if self.cbc() && !self.iv_set {
            return Err(ProvError::with(Reason::InvalidIvLength, "no IV set"));
        }
        match io {
            Io::Aad(_) => Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => {
                let input = buf[..inl].to_vec();
                let r = self.update_into(&input, buf);
                drop(Zeroizing(input));
                r
            }
            Io::Separate { input, output } => self.update_into(input, output),
        }
    }

    fn finish(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        if self.aes.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if self.enc {
            if self.pad {
                let n = (BLOCK_LEN - self.buf_len) as u8;
                self.buf[self.buf_len..].fill(n);
            } else if self.buf_len == 0 {
                return Ok(0);
            } else {
                return Err(ProvError::with(Reason::BadDecrypt, "data not a multiple of the block size"));
            }
            let mut block = self.buf;
            self.blocks(&mut block)?;
            let dst = out.get_mut(..BLOCK_LEN).ok_or_else(|| ProvError::new(Reason::OutputTooSmall))?;
            dst.copy_from_slice(&block);
            self.buf_len = 0;
            return Ok(BLOCK_LEN);
        }
        if self.buf_len != BLOCK_LEN {
            if self.buf_len == 0 && !self.pad {
                return Ok(0);
            }
            return Err(ProvError::with(Reason::BadDecrypt, "wrong final block length"));
        }
        let mut block = self.buf;
        self.blocks(&mut block)?;
        self.buf_len = 0;
        let mut n = BLOCK_LEN;
        if self.pad {
            // PKCS#7: the padding is public once the tag-free CBC result is released, as in OpenSSL.
            let p = usize::from(block[BLOCK_LEN - 1]);
            if p == 0 || p > BLOCK_LEN || block[BLOCK_LEN - p..].iter().any(|&b| usize::from(b) != p) {
                block.zeroize();
                return Err(ProvError::new(Reason::BadDecrypt));
            }
            n -= p;
        }
        let dst = out.get_mut(..n).ok_or_else(|| ProvError::new(Reason::OutputTooSmall))?;
        dst.copy_from_slice(&block[..n]);
        block.zeroize();
        Ok(n)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        if self.aes.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if io.capacity() < io.len() {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        match io {
            Io::Aad(_) => Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => {
                self.blocks(&mut buf[..inl])?;
                Ok(inl)
            }
            Io::Separate { input, output } => {
                let dst = &mut output[..input.len()];
                dst.copy_from_slice(input);
                self.blocks(dst)?;
                Ok(input.len())
            }
        }
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
            } else if self.cbc() && key == P_IV {
                p.set_octets(&self.oiv).map_err(pe)?;
            } else if self.cbc() && key == P_UPDATED_IV {
                p.set_octets(&self.iv).map_err(pe)?;
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)?;
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_PADDING {
                let v: u32 = p.get_int().map_err(pe)?;
                self.pad = v != 0;
            } else if key == P_NUM {
                let v: u32 = p.get_int().map_err(pe)?;
                if v != 0 {
                    return Err(ProvError::with(Reason::InvalidParam, "num must be 0 for a block mode"));
                }
            } else if key == P_TLS_VERSION {
                let v: i64 = p.get_int().map_err(pe)?;
                if v > 0 {
                    return Err(ProvError::with(Reason::InvalidParam, "MAC-then-encrypt TLS record mode not offered"));
                }
            } else if key == P_TLS_MAC_SIZE {
                let _: usize = p.get_int().map_err(pe)?;
            }
        }
        Ok(())
    }
}

/// Zeroizes a temporary copy of caller data when dropped.
struct Zeroizing(Vec<u8>);

impl Drop for Zeroizing {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}
