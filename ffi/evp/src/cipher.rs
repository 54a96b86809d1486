//! `EVP_CIPHER` and `EVP_CIPHER_CTX`: symmetric ciphers, including the AEAD controls libssl uses.

use std::ffi::{CStr, c_char, c_int, c_uchar, c_ulong, c_void};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{EVP_CIPHER, EVP_CIPHER_CTX, OSSL_PARAM, OSSL_PROVIDER};

use crate::c_string;
use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamDescriptor, Params, descriptors};

// libcrypto 3.0 functions `openssl-sys` 0.9 does not bind (signatures from `evp.h`).
unsafe extern "C" {
    fn EVP_CipherFinal_ex(ctx: *mut EVP_CIPHER_CTX, out: *mut c_uchar, outl: *mut c_int) -> c_int;
    fn EVP_Cipher(ctx: *mut EVP_CIPHER_CTX, out: *mut c_uchar, input: *const c_uchar, inl: u32) -> c_int;
    fn EVP_CIPHER_get0_name(cipher: *const EVP_CIPHER) -> *const c_char;
    fn EVP_CIPHER_get0_provider(cipher: *const EVP_CIPHER) -> *const OSSL_PROVIDER;
    fn EVP_CIPHER_get_params(cipher: *mut EVP_CIPHER, params: *mut OSSL_PARAM) -> c_int;
    fn EVP_CIPHER_gettable_ctx_params(cipher: *const EVP_CIPHER) -> *const OSSL_PARAM;
    fn EVP_CIPHER_settable_ctx_params(cipher: *const EVP_CIPHER) -> *const OSSL_PARAM;
    fn EVP_CIPHER_CTX_set_params(ctx: *mut EVP_CIPHER_CTX, params: *const OSSL_PARAM) -> c_int;
    fn EVP_CIPHER_CTX_get_params(ctx: *mut EVP_CIPHER_CTX, params: *mut OSSL_PARAM) -> c_int;
    fn EVP_CIPHER_CTX_get_updated_iv(ctx: *mut EVP_CIPHER_CTX, buf: *mut c_void, len: usize) -> c_int;
}

/// `EVP_CTRL_*` values from `evp.h` (3.0).
mod ctrl {
    use std::ffi::c_int;
    pub(super) const AEAD_SET_IVLEN: c_int = 0x9;
    pub(super) const AEAD_GET_TAG: c_int = 0x10;
    pub(super) const AEAD_SET_TAG: c_int = 0x11;
    pub(super) const GCM_SET_IV_FIXED: c_int = 0x12;
    pub(super) const GCM_IV_GEN: c_int = 0x13;
    pub(super) const AEAD_TLS1_AAD: c_int = 0x16;
    pub(super) const GCM_SET_IV_INV: c_int = 0x18;
}

/// `EVP_CIPH_MODE` (the mode bits of `EVP_CIPHER_get_flags`).
const EVP_CIPH_MODE: c_ulong = 0xF0007;
/// `EVP_MAX_BLOCK_LENGTH`: the most any update or final writes beyond its input.
const MAX_BLOCK: usize = 32;

/// A fetched cipher implementation (`EVP_CIPHER_fetch`); freed on drop.
#[derive(Debug)]
pub struct Cipher<'a> {
    ptr: NonNull<EVP_CIPHER>,
    _ctx: CtxLife<'a>,
}

impl<'a> Cipher<'a> {
    /// `EVP_CIPHER_fetch(ctx, name, propq)`.
    pub fn fetch(ctx: &'a LibCtx, name: &str, propq: Option<&str>) -> Result<Cipher<'a>, ErrorStack> {
        let name = c_string(name);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned EVP_CIPHER or NULL.
        let p = unsafe {
            openssl_sys::EVP_CIPHER_fetch(
                ctx.as_ptr(),
                name.as_ptr(),
                propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
            )
        };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Cipher { ptr, _ctx: PhantomData })
    }

    /// `EVP_CIPHER_get0_name`.
    pub fn name(&self) -> String {
        // SAFETY: live EVP_CIPHER; returns a string it owns, or NULL.
        let n = unsafe { EVP_CIPHER_get0_name(self.ptr.as_ptr()) };
        if n.is_null() {
            return String::new();
        }
        // SAFETY: non-null name is NUL-terminated and lives as long as the EVP_CIPHER.
        unsafe { CStr::from_ptr(n) }.to_string_lossy().into_owned()
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        // SAFETY: live EVP_CIPHER.
        let p = unsafe { EVP_CIPHER_get0_provider(self.ptr.as_ptr()) };
        NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
    }

    /// `EVP_CIPHER_get_key_length`.
    pub fn key_length(&self) -> usize {
        // SAFETY: live EVP_CIPHER.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_get_key_length(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CIPHER_get_iv_length`.
    pub fn iv_length(&self) -> usize {
        // SAFETY: live EVP_CIPHER.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_get_iv_length(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CIPHER_get_block_size`.
    pub fn block_size(&self) -> usize {
        // SAFETY: live EVP_CIPHER.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_get_block_size(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CIPHER_get_flags`.
    #[allow(clippy::useless_conversion)] // `c_ulong` is 32 bits on some targets
    pub fn flags(&self) -> u64 {
        // SAFETY: live EVP_CIPHER.
        u64::from(unsafe { openssl_sys::EVP_CIPHER_get_flags(self.ptr.as_ptr()) })
    }

    /// `EVP_CIPHER_get_mode` (the `EVP_CIPH_*_MODE` bits of the flags).
    #[allow(clippy::useless_conversion)] // `c_ulong` is 32 bits on some targets
    pub fn mode(&self) -> u64 {
        self.flags() & u64::from(EVP_CIPH_MODE)
    }

    /// `EVP_CIPHER_get_params`.
    pub fn get_params(&self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live EVP_CIPHER; END-terminated params whose buffers outlive the call.
        check(unsafe { EVP_CIPHER_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_CIPHER_gettable_ctx_params`.
    pub fn gettable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_CIPHER; returns a static list or NULL.
        descriptors(unsafe { EVP_CIPHER_gettable_ctx_params(self.ptr.as_ptr()) })
    }

    /// `EVP_CIPHER_settable_ctx_params`.
    pub fn settable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_CIPHER; returns a static list or NULL.
        descriptors(unsafe { EVP_CIPHER_settable_ctx_params(self.ptr.as_ptr()) })
    }
}

impl Drop for Cipher<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference from EVP_CIPHER_fetch.
        unsafe { openssl_sys::EVP_CIPHER_free(self.ptr.as_ptr()) };
    }
}

/// A cipher context, created with its cipher already set (so EVP never finds a NULL method). Output buffers
/// are sized by this wrapper for the most EVP may write, so any call sequence is memory-safe and tests observe
/// only what the provider does.
#[derive(Debug)]
pub struct CipherCtx<'a> {
    ptr: NonNull<EVP_CIPHER_CTX>,
    _ctx: CtxLife<'a>,
}

fn len_c(n: usize) -> Result<c_int, ErrorStack> {
    c_int::try_from(n).map_err(|_| ErrorStack::synthetic("length does not fit in an int"))
}

fn opt_ptr(b: Option<&[u8]>) -> *const c_uchar {
    b.map_or(ptr::null(), <[u8]>::as_ptr)
}

impl<'a> CipherCtx<'a> {
    /// `EVP_CIPHER_CTX_new` then `EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, encrypt)`.
    pub fn new(cipher: &Cipher<'a>, encrypt: bool) -> Result<CipherCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: no arguments; returns an owned context or NULL.
        let p = unsafe { openssl_sys::EVP_CIPHER_CTX_new() };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        let mut c = CipherCtx { ptr, _ctx: PhantomData };
        c.reset(cipher, encrypt)?;
        Ok(c)
    }

    /// `EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, enc)`; `None` passes NULL (keep the current one), `enc`
    /// `None` passes -1 (keep the direction). Callers check that `key` and `iv` are as long as EVP will read.
    fn raw_init(
        &mut self,
        cipher: Option<&Cipher<'a>>,
        key: Option<&[u8]>,
        iv: Option<&[u8]>,
        encrypt: Option<bool>,
    ) -> Result<(), ErrorStack> {
        let c = cipher.map_or(ptr::null(), |c| c.ptr.as_ptr().cast_const());
        let enc = encrypt.map_or(-1, c_int::from);
        ErrorStack::clear();
        // SAFETY: live context; the cipher (if any) is live; key and IV (if any) are readable for the lengths
        // EVP passes (the context's key and IV lengths, checked by the callers).
        check(unsafe {
            openssl_sys::EVP_CipherInit_ex(self.ptr.as_ptr(), c, ptr::null_mut(), opt_ptr(key), opt_ptr(iv), enc)
        })
    }

    /// `EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, -1)`, after checking that `key` and `iv` have the lengths
    /// the context will read (a wrong length is reported without calling EVP, which reads by length).
    pub fn init(&mut self, key: Option<&[u8]>, iv: Option<&[u8]>) -> Result<(), ErrorStack> {
        self.init_dir(None, key, iv)
    }

    /// Like [`CipherCtx::init`] but also sets the direction (`Some(true)` encrypt, `Some(false)` decrypt).
    pub fn init_dir(&mut self, encrypt: Option<bool>, key: Option<&[u8]>, iv: Option<&[u8]>) -> Result<(), ErrorStack> {
        if key.is_some_and(|k| k.len() != self.key_length()) {
            return Err(ErrorStack::synthetic("key length differs from the context's key length"));
        }
        if iv.is_some_and(|v| v.len() != self.iv_length()) {
            return Err(ErrorStack::synthetic("IV length differs from the context's IV length"));
        }
        self.raw_init(None, key, iv, encrypt)
    }

    /// `EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, encrypt)`: start over with `cipher`.
    pub fn reset(&mut self, cipher: &Cipher<'a>, encrypt: bool) -> Result<(), ErrorStack> {
        self.raw_init(Some(cipher), None, None, Some(encrypt))
    }

    /// The raw context, for the wrappers of other files of this crate.
    pub(crate) fn raw(&self) -> *mut EVP_CIPHER_CTX {
        self.ptr.as_ptr()
    }

    /// `EVP_CIPHER_CTX_get_key_length`.
    pub fn key_length(&self) -> usize {
        // SAFETY: live context.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_CTX_get_key_length(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CIPHER_CTX_get_iv_length`.
    pub fn iv_length(&self) -> usize {
        // SAFETY: live context.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_CTX_get_iv_length(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CIPHER_CTX_get_tag_length`.
    pub fn tag_length(&self) -> usize {
        // SAFETY: live context.
        usize::try_from(unsafe { openssl_sys::EVP_CIPHER_CTX_get_tag_length(self.ptr.as_ptr()) }).unwrap_or(0)
    }

    /// `EVP_CipherUpdate` with distinct buffers; returns the output.
    pub fn update(&mut self, input: &[u8]) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; input.len() + MAX_BLOCK];
        let mut outl: c_int = 0;
        let inl = len_c(input.len())?;
        ErrorStack::clear();
        // SAFETY: live context; `out` has room for the input plus a block; `input` readable for `inl`.
        check(unsafe {
            openssl_sys::EVP_CipherUpdate(self.ptr.as_ptr(), out.as_mut_ptr(), &mut outl, input.as_ptr(), inl)
        })?;
        out.truncate(usize::try_from(outl).unwrap_or(0));
        Ok(out)
    }

    /// `EVP_CipherUpdate(ctx, NULL, &outl, aad, len)`: AAD for an AEAD; returns `outl`.
    pub fn update_aad(&mut self, aad: &[u8]) -> Result<usize, ErrorStack> {
        let mut outl: c_int = 0;
        let inl = len_c(aad.len())?;
        ErrorStack::clear();
        // SAFETY: live context; NULL output means AAD; `aad` readable for `inl`.
        check(unsafe {
            openssl_sys::EVP_CipherUpdate(self.ptr.as_ptr(), ptr::null_mut(), &mut outl, aad.as_ptr(), inl)
        })?;
        Ok(usize::try_from(outl).unwrap_or(0))
    }

    /// `EVP_CipherUpdate` in place on the first `inl` bytes of `buf` (which must leave room for a block more);
    /// returns `outl`.
    pub fn update_in_place(&mut self, buf: &mut [u8], inl: usize) -> Result<usize, ErrorStack> {
        if buf.len() < inl + MAX_BLOCK {
            return Err(ErrorStack::synthetic("in-place buffer needs a block of slack"));
        }
        let mut outl: c_int = 0;
        let n = len_c(inl)?;
        ErrorStack::clear();
        // SAFETY: live context; `buf` is readable for `inl` and writable for `inl` plus a block.
        check(unsafe {
            openssl_sys::EVP_CipherUpdate(self.ptr.as_ptr(), buf.as_mut_ptr(), &mut outl, buf.as_ptr(), n)
        })?;
        Ok(usize::try_from(outl).unwrap_or(0))
    }

    /// `EVP_CipherUpdate` with an output buffer that starts `shift` bytes (1..len) into the input: partially
    /// overlapping buffers, which a provider must refuse.
    pub fn update_overlapping(&mut self, len: usize, shift: usize) -> Result<usize, ErrorStack> {
        if shift == 0 || shift >= len {
            return Err(ErrorStack::synthetic("shift must be inside the input"));
        }
        let mut buf = vec![0u8; len + shift + MAX_BLOCK];
        let mut outl: c_int = 0;
        let n = len_c(len)?;
        let base = buf.as_mut_ptr();
        let out = base.wrapping_add(shift);
        ErrorStack::clear();
        // SAFETY: live context; the input is the first `len` bytes of `buf` and the output, `shift` bytes in,
        // has `len` plus a block of room inside `buf`.
        check(unsafe { openssl_sys::EVP_CipherUpdate(self.ptr.as_ptr(), out, &mut outl, base, n) })?;
        Ok(usize::try_from(outl).unwrap_or(0))
    }

    /// `EVP_CipherFinal_ex`; returns the output.
    pub fn finish(&mut self) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; MAX_BLOCK];
        let mut outl: c_int = 0;
        ErrorStack::clear();
        // SAFETY: live context; `out` has room for a block.
        check(unsafe { EVP_CipherFinal_ex(self.ptr.as_ptr(), out.as_mut_ptr(), &mut outl) })?;
        out.truncate(usize::try_from(outl).unwrap_or(0));
        Ok(out)
    }

    /// `EVP_Cipher(ctx, buf, buf, len)` in place (the TLS record path); returns EVP's result as is (for a
    /// provided cipher: the output length, or -1 on failure).
    pub fn cipher_in_place(&mut self, buf: &mut [u8]) -> Result<c_int, ErrorStack> {
        let n = u32::try_from(buf.len()).map_err(|_| ErrorStack::synthetic("too long"))?;
        ErrorStack::clear();
        // SAFETY: live context; `buf` is readable and writable for its length, which EVP passes as the output
        // size too.
        let r = unsafe { EVP_Cipher(self.ptr.as_ptr(), buf.as_mut_ptr(), buf.as_ptr(), n) };
        if r < 0 { Err(ErrorStack::drain()) } else { Ok(r) }
    }

    /// `EVP_Cipher(ctx, out, input, len)` with distinct buffers (`out` as long as `input`).
    pub fn cipher(&mut self, input: &[u8]) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; input.len()];
        let n = u32::try_from(input.len()).map_err(|_| ErrorStack::synthetic("too long"))?;
        ErrorStack::clear();
        // SAFETY: live context; `out` writable and `input` readable for `n` bytes.
        let r = unsafe { EVP_Cipher(self.ptr.as_ptr(), out.as_mut_ptr(), input.as_ptr(), n) };
        if r < 0 { Err(ErrorStack::drain()) } else { Ok(out) }
    }

    /// `EVP_CIPHER_CTX_set_padding`.
    pub fn set_padding(&mut self, on: bool) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_CIPHER_CTX_set_padding(self.ptr.as_ptr(), c_int::from(on)) })
    }

    /// `EVP_CIPHER_CTX_set_params`.
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { EVP_CIPHER_CTX_set_params(self.ptr.as_ptr(), params.as_ptr()) })
    }

    /// `EVP_CIPHER_CTX_get_params`.
    pub fn get_params(&mut self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { EVP_CIPHER_CTX_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_CIPHER_CTX_get_updated_iv` into a buffer of `len` bytes.
    pub fn updated_iv(&mut self, len: usize) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; len];
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for `len` bytes.
        check(unsafe { EVP_CIPHER_CTX_get_updated_iv(self.ptr.as_ptr(), out.as_mut_ptr().cast(), len) })?;
        Ok(out)
    }

    fn ctrl(&mut self, op: c_int, arg: c_int, p: *mut c_void) -> Result<c_int, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; every caller passes a buffer of at least `arg` bytes (or NULL where the control
        // takes none).
        let r = unsafe { openssl_sys::EVP_CIPHER_CTX_ctrl(self.ptr.as_ptr(), op, arg, p) };
        if r <= 0 { Err(ErrorStack::drain()) } else { Ok(r) }
    }

    /// `EVP_CTRL_AEAD_SET_IVLEN`.
    pub fn set_iv_length(&mut self, n: usize) -> Result<(), ErrorStack> {
        self.ctrl(ctrl::AEAD_SET_IVLEN, len_c(n)?, ptr::null_mut()).map(drop)
    }

    /// `EVP_CTRL_AEAD_GET_TAG` of `n` bytes.
    pub fn get_tag(&mut self, n: usize) -> Result<Vec<u8>, ErrorStack> {
        let mut tag = vec![0u8; n];
        self.ctrl(ctrl::AEAD_GET_TAG, len_c(n)?, tag.as_mut_ptr().cast())?;
        Ok(tag)
    }

    /// `EVP_CTRL_AEAD_SET_TAG`.
    pub fn set_tag(&mut self, tag: &[u8]) -> Result<(), ErrorStack> {
        let mut t = tag.to_vec();
        self.ctrl(ctrl::AEAD_SET_TAG, len_c(t.len())?, t.as_mut_ptr().cast()).map(drop)
    }

    /// `EVP_CTRL_AEAD_TLS1_AAD` (any length, to test the wrong ones); returns the pad libcrypto reports.
    pub fn tls1_aad(&mut self, aad: &[u8]) -> Result<usize, ErrorStack> {
        let mut a = aad.to_vec();
        let r = self.ctrl(ctrl::AEAD_TLS1_AAD, len_c(a.len())?, a.as_mut_ptr().cast())?;
        Ok(usize::try_from(r).unwrap_or(0))
    }

    /// `EVP_CTRL_GCM_SET_IV_FIXED`.
    pub fn set_iv_fixed(&mut self, fixed: &[u8]) -> Result<(), ErrorStack> {
        let mut f = fixed.to_vec();
        self.ctrl(ctrl::GCM_SET_IV_FIXED, len_c(f.len())?, f.as_mut_ptr().cast()).map(drop)
    }

    /// `EVP_CTRL_GCM_SET_IV_FIXED` with length -1: restore the whole IV from `iv` (which must be the context's
    /// IV length).
    pub fn restore_iv(&mut self, iv: &[u8]) -> Result<(), ErrorStack> {
        if iv.len() != self.iv_length() {
            return Err(ErrorStack::synthetic("restore_iv needs the whole IV"));
        }
        let mut f = iv.to_vec();
        self.ctrl(ctrl::GCM_SET_IV_FIXED, -1, f.as_mut_ptr().cast()).map(drop)
    }

    /// `EVP_CTRL_GCM_IV_GEN` of `n` bytes.
    pub fn iv_gen(&mut self, n: usize) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; n];
        self.ctrl(ctrl::GCM_IV_GEN, len_c(n)?, out.as_mut_ptr().cast())?;
        Ok(out)
    }

    /// `EVP_CTRL_GCM_SET_IV_INV`.
    pub fn set_iv_inv(&mut self, inv: &[u8]) -> Result<(), ErrorStack> {
        let mut v = inv.to_vec();
        self.ctrl(ctrl::GCM_SET_IV_INV, len_c(v.len())?, v.as_mut_ptr().cast()).map(drop)
    }

    /// `EVP_CIPHER_CTX_copy` into a new context.
    pub fn try_clone(&self) -> Result<CipherCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: no arguments; returns an owned context or NULL.
        let p = unsafe { openssl_sys::EVP_CIPHER_CTX_new() };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        let c = CipherCtx { ptr, _ctx: PhantomData };
        // SAFETY: both contexts are live.
        check(unsafe { openssl_sys::EVP_CIPHER_CTX_copy(c.ptr.as_ptr(), self.ptr.as_ptr()) })?;
        Ok(c)
    }
}

impl Drop for CipherCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this context.
        unsafe { openssl_sys::EVP_CIPHER_CTX_free(self.ptr.as_ptr()) };
    }
}
