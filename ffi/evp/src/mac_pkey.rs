//! MAC keys as `EVP_PKEY`s and `EVP_DigestSign*` over them: the "mac-legacy" path libssl uses for TLS 1.3 PSK
//! binders (`EVP_PKEY_new_raw_private_key_ex(libctx, "HMAC", ...)` + `EVP_DigestSignInit_ex`).

use std::ffi::{c_char, c_int};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{EVP_MD_CTX, EVP_PKEY, EVP_PKEY_CTX, OSSL_LIB_CTX, OSSL_PARAM, OSSL_PROVIDER};

use crate::c_string;
use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::Params;

// libcrypto 3.0 functions `openssl-sys` 0.9 does not bind (signatures from `include/openssl/evp.h`).
unsafe extern "C" {
    fn EVP_DigestSignInit_ex(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        mdname: *const c_char,
        libctx: *mut OSSL_LIB_CTX,
        props: *const c_char,
        pkey: *mut EVP_PKEY,
        params: *const OSSL_PARAM,
    ) -> c_int;
    fn EVP_PKEY_get0_provider(key: *const EVP_PKEY) -> *const OSSL_PROVIDER;
}

/// A raw MAC key (`EVP_PKEY`), e.g. an "HMAC" key; freed on drop.
#[derive(Debug)]
pub struct MacPkey<'a> {
    ptr: NonNull<EVP_PKEY>,
    ctx: &'a LibCtx,
}

impl<'a> MacPkey<'a> {
    /// `EVP_PKEY_new_raw_private_key_ex(ctx, keytype, propq, key)`.
    pub fn new_raw(ctx: &'a LibCtx, keytype: &str, propq: Option<&str>, key: &[u8]) -> Result<MacPkey<'a>, ErrorStack> {
        let keytype = c_string(keytype);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context; NUL-terminated strings (propq may be NULL); key readable for its length; returns
        // an owned EVP_PKEY or NULL.
        let p = unsafe {
            openssl_sys::EVP_PKEY_new_raw_private_key_ex(
                ctx.as_ptr(),
                keytype.as_ptr(),
                propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
                key.as_ptr(),
                key.len(),
            )
        };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(MacPkey { ptr, ctx })
    }

    /// Name of the provider holding the key.
    pub fn provider_name(&self) -> String {
        // SAFETY: live EVP_PKEY.
        let p = unsafe { EVP_PKEY_get0_provider(self.ptr.as_ptr()) };
        NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
    }

    /// `EVP_PKEY_get_raw_private_key` (size query, then the key): goes through the keymgmt's export.
    pub fn raw_private_key(&self) -> Result<Vec<u8>, ErrorStack> {
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: live key; a NULL buffer asks for the length only.
        check(unsafe { openssl_sys::EVP_PKEY_get_raw_private_key(self.ptr.as_ptr(), ptr::null_mut(), &mut len) })?;
        let mut out = vec![0u8; len];
        ErrorStack::clear();
        // SAFETY: live key; `out` writable for `len` bytes, which is passed in `len`.
        check(unsafe { openssl_sys::EVP_PKEY_get_raw_private_key(self.ptr.as_ptr(), out.as_mut_ptr(), &mut len) })?;
        out.truncate(len);
        Ok(out)
    }

    /// `EVP_DigestSignInit_ex(mdctx, &pctx, mdname, libctx, propq, key, params)`.
    pub fn sign_init(
        &self,
        mdname: Option<&str>,
        propq: Option<&str>,
        params: Option<&Params>,
    ) -> Result<SignCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: no arguments; returns an owned context or NULL.
        let md = NonNull::new(unsafe { openssl_sys::EVP_MD_CTX_new() }).ok_or_else(ErrorStack::drain)?;
        let mut ctx = SignCtx { md, pctx: ptr::null_mut(), _ctx: PhantomData };
        let mdname = mdname.map(c_string);
        let propq = propq.map(c_string);
        let mut pctx: *mut EVP_PKEY_CTX = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: live MD context and key (the context takes its own key reference), live library context,
        // NUL-terminated strings or NULL, END-terminated params or NULL; `pctx` receives a pointer owned by `md`.
        check(unsafe {
            EVP_DigestSignInit_ex(
                ctx.md.as_ptr(),
                &mut pctx,
                mdname.as_ref().map_or(ptr::null(), |m| m.as_ptr()),
                self.ctx.as_ptr(),
                propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
                self.ptr.as_ptr(),
                params.map_or(ptr::null(), Params::as_ptr),
            )
        })?;
        ctx.pctx = pctx;
        Ok(ctx)
    }

    /// One-shot `EVP_DigestSign*` over the concatenation of `parts` (update per part, then final).
    pub fn digest_sign(&self, mdname: &str, parts: &[&[u8]]) -> Result<Vec<u8>, ErrorStack> {
        let mut c = self.sign_init(Some(mdname), None, None)?;
        for p in parts {
            c.update(p)?;
        }
        c.finish()
    }
}

impl Drop for MacPkey<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this key reference.
        unsafe { openssl_sys::EVP_PKEY_free(self.ptr.as_ptr()) };
    }
}

/// An `EVP_MD_CTX` set up for `EVP_DigestSign*`; freed on drop.
#[derive(Debug)]
pub struct SignCtx<'a> {
    md: NonNull<EVP_MD_CTX>,
    /// The signature's `EVP_PKEY_CTX`, owned by `md` (NULL if init did not provide one).
    pctx: *mut EVP_PKEY_CTX,
    _ctx: CtxLife<'a>,
}

impl SignCtx<'_> {
    /// `EVP_DigestSignUpdate`.
    pub fn update(&mut self, data: &[u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live, initialised sign context; `data` readable for its length.
        check(unsafe { openssl_sys::EVP_DigestSignUpdate(self.md.as_ptr(), data.as_ptr().cast(), data.len()) })
    }

    /// `EVP_DigestSignFinal(ctx, NULL, &len)`: the size query.
    pub fn size(&mut self) -> Result<usize, ErrorStack> {
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: live sign context; a NULL output asks only for the length.
        check(unsafe { openssl_sys::EVP_DigestSignFinal(self.md.as_ptr(), ptr::null_mut(), &mut len) })?;
        Ok(len)
    }

    /// Size query, then `EVP_DigestSignFinal` into a buffer of that size (libcrypto finalises a copy of the
    /// signature context, so the provider's `dupctx` runs).
    pub fn finish(&mut self) -> Result<Vec<u8>, ErrorStack> {
        let mut len = self.size()?;
        let mut out = vec![0u8; len];
        ErrorStack::clear();
        // SAFETY: live sign context; `out` writable for `len` bytes, which is passed in `len`.
        check(unsafe { openssl_sys::EVP_DigestSignFinal(self.md.as_ptr(), out.as_mut_ptr(), &mut len) })?;
        if len > out.len() {
            return Err(ErrorStack::synthetic("provider reported a signature longer than the buffer"));
        }
        out.truncate(len);
        Ok(out)
    }

    /// `EVP_PKEY_CTX_set_params` on the signature context (the mac-legacy signature forwards to HMAC).
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        if self.pctx.is_null() {
            return Err(ErrorStack::synthetic("no EVP_PKEY_CTX"));
        }
        ErrorStack::clear();
        // SAFETY: `pctx` is the live EVP_PKEY_CTX owned by `md`; END-terminated params.
        check(unsafe { openssl_sys::EVP_PKEY_CTX_set_params(self.pctx, params.as_ptr()) })
    }
}

impl Drop for SignCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own the MD context (which owns `pctx`).
        unsafe { openssl_sys::EVP_MD_CTX_free(self.md.as_ptr()) };
    }
}
