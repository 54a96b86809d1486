//! What the AES-CCM (and AES-XTS) cipher tests need beyond `cipher.rs`: the CCM payload-length declaration
//! (`EVP_CipherUpdate(ctx, NULL, &outl, NULL, len)`), tag-length-only and `L` controls, and updates into a
//! caller-owned output buffer (to observe what a failed decryption leaves there).

use std::ffi::{c_int, c_void};
use std::ptr;

use crate::cipher::CipherCtx;
use crate::error::{ErrorStack, check};

/// `EVP_CTRL_*` values from `evp.h` (3.0).
const CTRL_AEAD_SET_TAG: c_int = 0x11;
const CTRL_CCM_SET_L: c_int = 0x14;

fn len_c(n: usize) -> Result<c_int, ErrorStack> {
    c_int::try_from(n).map_err(|_| ErrorStack::synthetic("length does not fit in an int"))
}

impl CipherCtx<'_> {
    /// `EVP_CipherUpdate(ctx, NULL, &outl, NULL, len)`: CCM's declaration of the total payload length; returns
    /// `outl`.
    pub fn declare_length(&mut self, len: usize) -> Result<usize, ErrorStack> {
        let mut outl: c_int = 0;
        let n = len_c(len)?;
        ErrorStack::clear();
        // SAFETY: live context; NULL input and output carry only the length.
        check(unsafe { openssl_sys::EVP_CipherUpdate(self.raw(), ptr::null_mut(), &mut outl, ptr::null(), n) })?;
        Ok(usize::try_from(outl).unwrap_or(0))
    }

    /// `EVP_CipherUpdate` writing into `out` (at least as long as `input`: the ciphers this is for have block
    /// size 1, so EVP tells the provider it has `input.len()` bytes); returns `outl`. On failure `out` keeps
    /// whatever the provider left there.
    pub fn update_into(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize, ErrorStack> {
        if out.len() < input.len() {
            return Err(ErrorStack::synthetic("output buffer shorter than the input"));
        }
        let mut outl: c_int = 0;
        let n = len_c(input.len())?;
        ErrorStack::clear();
        // SAFETY: live context; `out` is writable and `input` readable for `n` bytes.
        check(unsafe { openssl_sys::EVP_CipherUpdate(self.raw(), out.as_mut_ptr(), &mut outl, input.as_ptr(), n) })?;
        Ok(usize::try_from(outl).unwrap_or(0))
    }

    /// `EVP_CTRL_AEAD_SET_TAG` with a NULL tag: sets only the tag length (CCM's `M`, as libssl does).
    pub fn set_tag_length(&mut self, n: usize) -> Result<(), ErrorStack> {
        self.aead_ctrl(CTRL_AEAD_SET_TAG, len_c(n)?, ptr::null_mut())
    }

    /// `EVP_CTRL_CCM_SET_L`: the CCM length-field size (the nonce is then `15 - l` bytes).
    pub fn set_ccm_l(&mut self, l: usize) -> Result<(), ErrorStack> {
        self.aead_ctrl(CTRL_CCM_SET_L, len_c(l)?, ptr::null_mut())
    }

    fn aead_ctrl(&mut self, op: c_int, arg: c_int, p: *mut c_void) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; the controls used here take no buffer (NULL).
        let r = unsafe { openssl_sys::EVP_CIPHER_CTX_ctrl(self.raw(), op, arg, p) };
        if r <= 0 { Err(ErrorStack::drain()) } else { Ok(()) }
    }
}
