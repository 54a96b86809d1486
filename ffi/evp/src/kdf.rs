//! `EVP_KDF` and `EVP_KDF_CTX`.

use std::ffi::{CStr, c_char, c_int};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{EVP_KDF, EVP_KDF_CTX, OSSL_PARAM, OSSL_PROVIDER};

use crate::c_string;
use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamDescriptor, Params, descriptors};

// libcrypto 3.0 functions `openssl-sys` 0.9 does not bind (signatures from `include/openssl/kdf.h`).
unsafe extern "C" {
    fn EVP_KDF_get0_name(kdf: *const EVP_KDF) -> *const c_char;
    fn EVP_KDF_get0_provider(kdf: *const EVP_KDF) -> *const OSSL_PROVIDER;
    fn EVP_KDF_settable_ctx_params(kdf: *const EVP_KDF) -> *const OSSL_PARAM;
    fn EVP_KDF_gettable_ctx_params(kdf: *const EVP_KDF) -> *const OSSL_PARAM;
    fn EVP_KDF_CTX_dup(src: *const EVP_KDF_CTX) -> *mut EVP_KDF_CTX;
    fn EVP_KDF_CTX_set_params(ctx: *mut EVP_KDF_CTX, params: *const OSSL_PARAM) -> c_int;
    fn EVP_KDF_CTX_get_params(ctx: *mut EVP_KDF_CTX, params: *mut OSSL_PARAM) -> c_int;
}

/// A fetched KDF implementation (`EVP_KDF_fetch`); freed on drop.
#[derive(Debug)]
pub struct Kdf<'a> {
    ptr: NonNull<EVP_KDF>,
    _ctx: CtxLife<'a>,
}

impl<'a> Kdf<'a> {
    /// `EVP_KDF_fetch(ctx, name, propq)`.
    pub fn fetch(ctx: &'a LibCtx, name: &str, propq: Option<&str>) -> Result<Kdf<'a>, ErrorStack> {
        let name = c_string(name);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned EVP_KDF or NULL.
        let p = unsafe {
            openssl_sys::EVP_KDF_fetch(ctx.as_ptr(), name.as_ptr(), propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()))
        };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Kdf { ptr, _ctx: PhantomData })
    }

    /// `EVP_KDF_get0_name`.
    pub fn name(&self) -> String {
        // SAFETY: live EVP_KDF; returns a string it owns, or NULL.
        let n = unsafe { EVP_KDF_get0_name(self.ptr.as_ptr()) };
        if n.is_null() {
            return String::new();
        }
        // SAFETY: non-null name is NUL-terminated and lives as long as the EVP_KDF.
        let n = unsafe { CStr::from_ptr(n) };
        n.to_string_lossy().into_owned()
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        // SAFETY: live EVP_KDF.
        let p = unsafe { EVP_KDF_get0_provider(self.ptr.as_ptr()) };
        NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
    }

    /// `EVP_KDF_settable_ctx_params`.
    pub fn settable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_KDF; returns a static list or NULL.
        descriptors(unsafe { EVP_KDF_settable_ctx_params(self.ptr.as_ptr()) })
    }

    /// `EVP_KDF_gettable_ctx_params`.
    pub fn gettable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_KDF; returns a static list or NULL.
        descriptors(unsafe { EVP_KDF_gettable_ctx_params(self.ptr.as_ptr()) })
    }

    /// One-shot: a fresh context, `derive(len, params)`.
    pub fn derive(&self, len: usize, params: &Params) -> Result<Vec<u8>, ErrorStack> {
        KdfCtx::new(self)?.derive(len, Some(params))
    }
}

impl Drop for Kdf<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference from EVP_KDF_fetch.
        unsafe { openssl_sys::EVP_KDF_free(self.ptr.as_ptr()) };
    }
}

/// A KDF context. EVP forwards every call straight to the provider, so any call order is memory-safe here.
#[derive(Debug)]
pub struct KdfCtx<'a> {
    ptr: NonNull<EVP_KDF_CTX>,
    _ctx: CtxLife<'a>,
}

impl<'a> KdfCtx<'a> {
    /// `EVP_KDF_CTX_new`.
    pub fn new(kdf: &Kdf<'a>) -> Result<KdfCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live EVP_KDF (the context takes its own reference); returns an owned context or NULL.
        let p = unsafe { openssl_sys::EVP_KDF_CTX_new(kdf.ptr.as_ptr()) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(KdfCtx { ptr, _ctx: PhantomData })
    }

    /// `EVP_KDF_CTX_set_params`.
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { EVP_KDF_CTX_set_params(self.ptr.as_ptr(), params.as_ptr()) })
    }

    /// `EVP_KDF_CTX_get_params`.
    pub fn get_params(&mut self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { EVP_KDF_CTX_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_KDF_CTX_get_kdf_size` (0 on failure).
    pub fn kdf_size(&mut self) -> usize {
        ErrorStack::clear();
        // SAFETY: live context.
        unsafe { openssl_sys::EVP_KDF_CTX_get_kdf_size(self.ptr.as_ptr()) }
    }

    /// `EVP_KDF_derive` into a new buffer of `len` bytes, with `params` (or NULL).
    pub fn derive(&mut self, len: usize, params: Option<&Params>) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; len];
        self.derive_into(&mut out, params)?;
        Ok(out)
    }

    /// `EVP_KDF_derive(ctx, out, out.len(), params)`.
    pub fn derive_into(&mut self, out: &mut [u8], params: Option<&Params>) -> Result<(), ErrorStack> {
        let p = params.map_or(ptr::null(), Params::as_ptr);
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for out.len() bytes; params END-terminated or NULL.
        check(unsafe { openssl_sys::EVP_KDF_derive(self.ptr.as_ptr(), out.as_mut_ptr(), out.len(), p) })
    }

    /// `EVP_KDF_CTX_reset`.
    pub fn reset(&mut self) {
        // SAFETY: live context.
        unsafe { openssl_sys::EVP_KDF_CTX_reset(self.ptr.as_ptr()) }
    }

    /// `EVP_KDF_CTX_dup`.
    pub fn try_clone(&self) -> Result<KdfCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; returns an owned copy or NULL.
        let p = unsafe { EVP_KDF_CTX_dup(self.ptr.as_ptr()) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(KdfCtx { ptr, _ctx: PhantomData })
    }
}

impl Drop for KdfCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this context.
        unsafe { openssl_sys::EVP_KDF_CTX_free(self.ptr.as_ptr()) };
    }
}
