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
        match (self.info.mode == MODE_CBC, self.enc) {
            (true, true) => aes.cbc_encrypt(&mut self.iv, data),
            (true, false) => aes.cbc_decrypt(&mut self.iv, data),
            (false, true) => aes.encrypt_blocks(data),
            (false, false) => aes.decrypt_blocks(data),
        }
        Ok(())
    }

    /// How an update of `inl` bytes splits, as `ossl_cipher_generic_block_update` does it (without changing
    /// anything): bytes that complete the buffered block, whether that block is processed now, the whole blocks
    /// processed straight from the input (a decryption with padding holds its last block back), and the output
    /// length.
    fn plan(&self, inl: usize) -> Plan {
        let fill = if self.buf_len > 0 && self.buf_len < BLOCK_LEN { (BLOCK_LEN - self.buf_len).min(inl) } else { 0 };
        let left = inl - fill;
        let flush = self.buf_len + fill == BLOCK_LEN && (self.enc || left > 0 || !self.pad);
        let mut whole = left - left % BLOCK_LEN;
        if !self.enc && self.pad && whole == left && whole > 0 {
            whole -= BLOCK_LEN;
        }
        let out = if flush { BLOCK_LEN } else { 0 } + whole;
        Plan { fill, flush, whole, out }
    }

    /// Completes the buffered block with `fill` (and processes it if the plan says so, returning the result).
    fn take_block(&mut self, fill: &[u8], flush: bool) -> ProvResult<Option<[u8; BLOCK_LEN]>> {
        if fill.is_empty() && !flush {
            return Ok(None);
        }
        self.buf[self.buf_len..self.buf_len + fill.len()].copy_from_slice(fill);
        self.buf_len += fill.len();
        if !flush {
            return Ok(None);
        }
        let mut block = self.buf;
        self.blocks(&mut block)?;
        self.buf.zeroize();
        self.buf_len = 0;
        Ok(Some(block))
    }

    /// Buffers the unprocessed tail of an update (the buffer is empty whenever the tail is not).
    fn stash(&mut self, rest: &[u8]) {
        if !rest.is_empty() {
            self.buf[..rest.len()].copy_from_slice(rest);
            self.buf_len = rest.len();
        }
    }

    /// One update, in place or between distinct buffers, without copying the input anywhere but its output
    /// position (and the partial-block buffer).
    fn update_io(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let plan = self.plan(io.len());
        if io.capacity() < plan.out {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        let (fill, whole) = (plan.fill, plan.whole);
        let off = plan.out - whole;
        let (out, flushed) = match io {
            Io::Aad(_) => return Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => {
                let flushed = self.take_block(&buf[..fill], plan.flush)?;
                self.stash(&buf[fill + whole..inl]);
                // The whole blocks move to their output position (memmove: the ranges may overlap).
                if fill != off {
                    buf.copy_within(fill..fill + whole, off);
                }
                (buf, flushed)
            }
            Io::Separate { input, output } => {
                let flushed = self.take_block(&input[..fill], plan.flush)?;
                self.stash(&input[fill + whole..]);
                output[off..off + whole].copy_from_slice(&input[fill..fill + whole]);
                (output, flushed)
            }
        };
        if whole > 0 {
            self.blocks(&mut out[off..off + whole])?;
        }
        if let Some(mut block) = flushed {
            out[..BLOCK_LEN].copy_from_slice(&block);
            block.zeroize();
        }
        Ok(plan.out)
    }
}

/// The split of one update (see [`BlockCtx::plan`]).
#[derive(Clone, Copy, Debug)]
struct Plan {
    fill: usize,
    flush: bool,
    whole: usize,
    out: usize,
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
        self.update_io(io)
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
