//! `EVP_MAC` and `EVP_MAC_CTX`.

use std::ffi::CStr;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{EVP_MAC, EVP_MAC_CTX};

use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamDescriptor, Params, descriptors};
use crate::{c_string, sys};

/// A fetched MAC implementation (`EVP_MAC_fetch`); freed on drop.
#[derive(Debug)]
pub struct Mac<'a> {
    ptr: NonNull<EVP_MAC>,
    _ctx: CtxLife<'a>,
}

impl<'a> Mac<'a> {
    /// `EVP_MAC_fetch(ctx, name, propq)`.
    pub fn fetch(ctx: &'a LibCtx, name: &str, propq: Option<&str>) -> Result<Mac<'a>, ErrorStack> {
        let name = c_string(name);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned EVP_MAC or NULL.
        let p = unsafe {
            openssl_sys::EVP_MAC_fetch(ctx.as_ptr(), name.as_ptr(), propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()))
        };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Mac { ptr, _ctx: PhantomData })
    }

    /// `EVP_MAC_get0_name`.
    pub fn name(&self) -> String {
        // SAFETY: live EVP_MAC; returns a string it owns, or NULL.
        let n = unsafe { openssl_sys::EVP_MAC_get0_name(self.ptr.as_ptr()) };
        if n.is_null() {
            return String::new();
        }
        // SAFETY: non-null name is NUL-terminated and lives as long as the EVP_MAC.
        let n = unsafe { CStr::from_ptr(n) };
        n.to_string_lossy().into_owned()
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        // SAFETY: live EVP_MAC.
        let p = unsafe { openssl_sys::EVP_MAC_get0_provider(self.ptr.as_ptr()) };
        NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
    }

    /// `EVP_MAC_settable_ctx_params`.
    pub fn settable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_MAC; returns a static list or NULL.
        descriptors(unsafe { openssl_sys::EVP_MAC_settable_ctx_params(self.ptr.as_ptr()) })
    }

    /// `EVP_MAC_gettable_ctx_params`.
    pub fn gettable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_MAC; returns a static list or NULL.
        descriptors(unsafe { openssl_sys::EVP_MAC_gettable_ctx_params(self.ptr.as_ptr()) })
    }

    /// One-shot HMAC-style MAC: `digest` param, key, data.
    pub fn mac(&self, digest: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>, ErrorStack> {
        let mut c = MacCtx::new(self)?;
        let mut p = Params::new();
        p.utf8("digest", digest);
        c.init(Some(key), Some(&p))?;
        c.update(data)?;
        c.finish()
    }
}

impl Drop for Mac<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference from EVP_MAC_fetch.
        unsafe { openssl_sys::EVP_MAC_free(self.ptr.as_ptr()) };
    }
}

/// A MAC context. EVP forwards every call straight to the provider, so any call order is memory-safe here;
/// what the provider does with misuse (no key, no digest, update after final) is what tests observe.
#[derive(Debug)]
pub struct MacCtx<'a> {
    ptr: NonNull<EVP_MAC_CTX>,
    _ctx: CtxLife<'a>,
}

impl<'a> MacCtx<'a> {
    /// `EVP_MAC_CTX_new`.
    pub fn new(mac: &Mac<'a>) -> Result<MacCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live EVP_MAC; returns an owned context or NULL.
        let p = unsafe { openssl_sys::EVP_MAC_CTX_new(mac.ptr.as_ptr()) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(MacCtx { ptr, _ctx: PhantomData })
    }

    /// `EVP_MAC_init(ctx, key, params)`; `None` passes a NULL key (or NULL params).
    pub fn init(&mut self, key: Option<&[u8]>, params: Option<&Params>) -> Result<(), ErrorStack> {
        let (k, klen) = key.map_or((ptr::null(), 0), |k| (k.as_ptr(), k.len()));
        let p = params.map_or(ptr::null(), Params::as_ptr);
        ErrorStack::clear();
        // SAFETY: live context; key readable for klen bytes (or NULL with 0); params END-terminated or NULL.
        check(unsafe { openssl_sys::EVP_MAC_init(self.ptr.as_ptr(), k, klen, p) })
    }

    /// `EVP_MAC_CTX_set_params`.
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { openssl_sys::EVP_MAC_CTX_set_params(self.ptr.as_ptr(), params.as_ptr()) })
    }

    /// `EVP_MAC_CTX_get_params`.
    pub fn get_params(&mut self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { openssl_sys::EVP_MAC_CTX_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_MAC_update`.
    pub fn update(&mut self, data: &[u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `data` readable for its length.
        check(unsafe { openssl_sys::EVP_MAC_update(self.ptr.as_ptr(), data.as_ptr(), data.len()) })
    }

    /// `EVP_MAC_update(ctx, NULL, 0)`.
    pub fn update_null(&mut self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; NULL with length 0 reads nothing.
        check(unsafe { openssl_sys::EVP_MAC_update(self.ptr.as_ptr(), ptr::null(), 0) })
    }

    /// `EVP_MAC_CTX_get_mac_size` (0 if unknown).
    pub fn mac_size(&mut self) -> usize {
        // SAFETY: live context.
        unsafe { openssl_sys::EVP_MAC_CTX_get_mac_size(self.ptr.as_ptr()) }
    }

    /// `EVP_MAC_CTX_get_block_size` (0 if unknown).
    pub fn block_size(&mut self) -> usize {
        // SAFETY: live context.
        unsafe { openssl_sys::EVP_MAC_CTX_get_block_size(self.ptr.as_ptr()) }
    }

    /// `EVP_MAC_final` with a buffer of max(mac size, EVP_MAX_MD_SIZE) bytes; returns the MAC.
    pub fn finish(&mut self) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; self.mac_size().max(sys::EVP_MAX_MD_SIZE)];
        let n = self.finish_into(&mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// `EVP_MAC_final(out, &len, out.len())`; returns the length written.
    pub fn finish_into(&mut self, out: &mut [u8]) -> Result<usize, ErrorStack> {
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for out.len() bytes, which is passed as the buffer size.
        check(unsafe { openssl_sys::EVP_MAC_final(self.ptr.as_ptr(), out.as_mut_ptr(), &mut len, out.len()) })?;
        if len > out.len() {
            return Err(ErrorStack::synthetic(&format!(
                "provider reported {len} bytes for a {}-byte buffer",
                out.len()
            )));
        }
        Ok(len)
    }

    /// `EVP_MAC_final(ctx, NULL, &len, 0)`: the size query form.
    pub fn final_size_query(&mut self) -> Result<usize, ErrorStack> {
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: live context; a NULL output asks only for the length.
        check(unsafe { openssl_sys::EVP_MAC_final(self.ptr.as_ptr(), ptr::null_mut(), &mut len, 0) })?;
        Ok(len)
    }

    /// `EVP_MAC_CTX_dup`.
    pub fn try_clone(&self) -> Result<MacCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; returns an owned copy or NULL.
        let p = unsafe { openssl_sys::EVP_MAC_CTX_dup(self.ptr.as_ptr()) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(MacCtx { ptr, _ctx: PhantomData })
    }

    /// `EVP_MAC_CTX_gettable_params` / settable lists of this context's implementation.
    pub fn settable_params(&mut self) -> Vec<ParamDescriptor> {
        // SAFETY: live context; returns a static list or NULL.
        descriptors(unsafe { openssl_sys::EVP_MAC_CTX_settable_params(self.ptr.as_ptr()) })
    }
}

impl Drop for MacCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own the context.
        unsafe { openssl_sys::EVP_MAC_CTX_free(self.ptr.as_ptr()) };
    }
}
