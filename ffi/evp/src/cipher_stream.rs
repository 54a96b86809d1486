//! What the stream-mode cipher tests (CTR, CFB, CFB8, CFB1, OFB) need beyond `cipher.rs`: `num`, the
//! `EVP_CIPH_FLAG_LENGTH_BITS` flag and bit-length updates, and `EVP_CIPHER_CTX_set_key_length`.

use std::ffi::{c_int, c_uchar};

use openssl_sys::EVP_CIPHER_CTX;

use crate::cipher::CipherCtx;
use crate::error::{ErrorStack, check};

// libcrypto 3.0 functions `openssl-sys` 0.9 does not bind (signatures from `evp.h`).
unsafe extern "C" {
    fn EVP_CIPHER_CTX_get_num(ctx: *const EVP_CIPHER_CTX) -> c_int;
    fn EVP_CIPHER_CTX_set_num(ctx: *mut EVP_CIPHER_CTX, num: c_int) -> c_int;
    fn EVP_CIPHER_CTX_set_flags(ctx: *mut EVP_CIPHER_CTX, flags: c_int);
    fn EVP_CIPHER_CTX_clear_flags(ctx: *mut EVP_CIPHER_CTX, flags: c_int);
    fn EVP_Cipher(ctx: *mut EVP_CIPHER_CTX, out: *mut c_uchar, input: *const c_uchar, inl: u32) -> c_int;
}

/// `EVP_CIPH_FLAG_LENGTH_BITS`: update lengths count bits (CFB1).
const EVP_CIPH_FLAG_LENGTH_BITS: c_int = 0x2000;
/// Slack beyond the largest length EVP passes to the provider as the output size.
const SLACK: usize = 32;

impl CipherCtx<'_> {
    /// `EVP_CIPHER_CTX_get_num` (negative if the cipher does not report it).
    pub fn num(&self) -> i32 {
        // SAFETY: live context.
        unsafe { EVP_CIPHER_CTX_get_num(self.raw()) }
    }

    /// `EVP_CIPHER_CTX_set_num`.
    pub fn set_num(&mut self, num: i32) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { EVP_CIPHER_CTX_set_num(self.raw(), num) })
    }

    /// `EVP_CIPHER_CTX_set_key_length`.
    pub fn set_key_length(&mut self, len: i32) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_CIPHER_CTX_set_key_length(self.raw(), len) })
    }

    /// Sets (`true`) or clears `EVP_CIPH_FLAG_LENGTH_BITS` (libcrypto passes it on as `"use-bits"`).
    pub fn set_length_bits(&mut self, on: bool) {
        ErrorStack::clear();
        if on {
            // SAFETY: live context.
            unsafe { EVP_CIPHER_CTX_set_flags(self.raw(), EVP_CIPH_FLAG_LENGTH_BITS) };
        } else {
            // SAFETY: live context.
            unsafe { EVP_CIPHER_CTX_clear_flags(self.raw(), EVP_CIPH_FLAG_LENGTH_BITS) };
        }
    }

    /// `EVP_CipherUpdate` of `bits` bits of `input` (with the length-in-bits flag set) into an output buffer
    /// that starts as `out_init` (so the bits the cipher must leave alone can be observed); returns the first
    /// `ceil(bits / 8)` output bytes and `outl`.
    pub fn update_bits(&mut self, input: &[u8], bits: usize, out_init: &[u8]) -> Result<(Vec<u8>, usize), ErrorStack> {
        let bytes = bits.div_ceil(8);
        if input.len() < bytes || out_init.len() < bytes {
            return Err(ErrorStack::synthetic("buffers shorter than the bit length"));
        }
        let inl = c_int::try_from(bits).map_err(|_| ErrorStack::synthetic("too long"))?;
        // EVP tells the provider the output holds `bits` (bytes): size the buffer for that.
        let mut out = vec![0u8; bits.max(bytes) + SLACK];
        out[..bytes].copy_from_slice(&out_init[..bytes]);
        let mut outl: c_int = 0;
        ErrorStack::clear();
        // SAFETY: live context; `input` is readable for `ceil(inl / 8)` bytes (all a correct cipher reads) and
        // `out` is writable for `inl` bytes plus slack (the most EVP tells the provider it may write).
        check(unsafe { openssl_sys::EVP_CipherUpdate(self.raw(), out.as_mut_ptr(), &mut outl, input.as_ptr(), inl) })?;
        out.truncate(bytes);
        Ok((out, usize::try_from(outl).unwrap_or(0)))
    }

    /// `EVP_Cipher(ctx, out, in, bits)` with the length-in-bits flag set; returns the first `ceil(bits / 8)`
    /// output bytes (from a zeroed buffer) and EVP's return value.
    pub fn cipher_bits(&mut self, input: &[u8], bits: usize) -> Result<(Vec<u8>, c_int), ErrorStack> {
        let bytes = bits.div_ceil(8);
        if input.len() < bytes {
            return Err(ErrorStack::synthetic("input shorter than the bit length"));
        }
        let n = u32::try_from(bits).map_err(|_| ErrorStack::synthetic("too long"))?;
        let mut out = vec![0u8; bits.max(bytes) + SLACK];
        ErrorStack::clear();
        // SAFETY: live context; as for `update_bits`.
        let r = unsafe { EVP_Cipher(self.raw(), out.as_mut_ptr(), input.as_ptr(), n) };
        if r < 0 {
            return Err(ErrorStack::drain());
        }
        out.truncate(bytes);
        Ok((out, r))
    }
}
