//! `EVP_MD` and `EVP_MD_CTX`.

use std::ffi::CStr;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{EVP_MD, EVP_MD_CTX};

use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamDescriptor, Params, descriptors};
use crate::{c_string, sys};

/// A fetched digest implementation (`EVP_MD_fetch`); freed on drop.
#[derive(Debug)]
pub struct Md<'a> {
    ptr: NonNull<EVP_MD>,
    _ctx: CtxLife<'a>,
}

/// Names collected by `EVP_MD_names_do_all`.
unsafe extern "C" fn push_name(name: *const std::ffi::c_char, data: *mut std::ffi::c_void) {
    if name.is_null() {
        return;
    }
    // SAFETY: `data` is the `&mut Vec<String>` passed by `Md::names` for the duration of the call.
    let out = unsafe { &mut *data.cast::<Vec<String>>() };
    // SAFETY: algorithm names are NUL-terminated strings.
    let s = unsafe { CStr::from_ptr(name) };
    out.push(s.to_string_lossy().into_owned());
}

impl<'a> Md<'a> {
    /// `EVP_MD_fetch(ctx, name, propq)`.
    pub fn fetch(ctx: &'a LibCtx, name: &str, propq: Option<&str>) -> Result<Md<'a>, ErrorStack> {
        let name = c_string(name);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned EVP_MD or NULL.
        let p = unsafe {
            openssl_sys::EVP_MD_fetch(ctx.as_ptr(), name.as_ptr(), propq.as_ref().map_or(ptr::null(), |p| p.as_ptr()))
        };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Md { ptr, _ctx: PhantomData })
    }

    pub(crate) fn as_ptr(&self) -> *const EVP_MD {
        self.ptr.as_ptr()
    }

    /// `EVP_MD_get0_name`.
    pub fn name(&self) -> String {
        // SAFETY: live EVP_MD; returns a string it owns, or NULL.
        let n = unsafe { sys::EVP_MD_get0_name(self.as_ptr()) };
        if n.is_null() {
            return String::new();
        }
        // SAFETY: non-null name is NUL-terminated and lives as long as the EVP_MD.
        let n = unsafe { CStr::from_ptr(n) };
        n.to_string_lossy().into_owned()
    }

    /// All names of the algorithm (`EVP_MD_names_do_all`).
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // SAFETY: live EVP_MD; the callback only uses `out` during the call.
        unsafe { sys::EVP_MD_names_do_all(self.as_ptr(), push_name, (&raw mut out).cast()) };
        out
    }

    /// `EVP_MD_is_a`.
    pub fn is_a(&self, name: &str) -> bool {
        let name = c_string(name);
        // SAFETY: live EVP_MD and NUL-terminated name.
        unsafe { sys::EVP_MD_is_a(self.as_ptr(), name.as_ptr()) == 1 }
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        // SAFETY: live EVP_MD.
        let p = unsafe { sys::EVP_MD_get0_provider(self.as_ptr()) };
        NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
    }

    /// `EVP_MD_get_size` (cached "size" param; the default length for XOFs).
    pub fn size(&self) -> usize {
        // SAFETY: live EVP_MD.
        let s = unsafe { openssl_sys::EVP_MD_get_size(self.as_ptr()) };
        usize::try_from(s).unwrap_or(0)
    }

    /// `EVP_MD_get_block_size`.
    pub fn block_size(&self) -> usize {
        // SAFETY: live EVP_MD.
        let s = unsafe { openssl_sys::EVP_MD_get_block_size(self.as_ptr()) };
        usize::try_from(s).unwrap_or(0)
    }

    /// `EVP_MD_get_flags`.
    pub fn flags(&self) -> u64 {
        // SAFETY: live EVP_MD.
        unsafe { sys::EVP_MD_get_flags(self.as_ptr()) }
    }

    /// True if the XOF flag is set.
    pub fn is_xof(&self) -> bool {
        self.flags() & sys::EVP_MD_FLAG_XOF != 0
    }

    /// `EVP_MD_get_params`.
    pub fn get_params(&self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live EVP_MD; END-terminated params whose buffers outlive the call.
        check(unsafe { sys::EVP_MD_get_params(self.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_MD_gettable_params`.
    pub fn gettable_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_MD; returns a static list or NULL.
        descriptors(unsafe { sys::EVP_MD_gettable_params(self.as_ptr()) })
    }

    /// `EVP_MD_settable_ctx_params`.
    pub fn settable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_MD; returns a static list or NULL.
        descriptors(unsafe { sys::EVP_MD_settable_ctx_params(self.as_ptr()) })
    }

    /// `EVP_MD_gettable_ctx_params`.
    pub fn gettable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_MD; returns a static list or NULL.
        descriptors(unsafe { sys::EVP_MD_gettable_ctx_params(self.as_ptr()) })
    }

    /// One-shot digest of `data` (default length for XOFs).
    pub fn digest(&self, data: &[u8]) -> Result<Vec<u8>, ErrorStack> {
        let mut c = MdCtx::new(self)?;
        c.update(data)?;
        c.finish()
    }

    /// One-shot XOF output of `len` bytes.
    pub fn digest_xof(&self, data: &[u8], len: usize) -> Result<Vec<u8>, ErrorStack> {
        let mut c = MdCtx::new(self)?;
        c.update(data)?;
        c.finish_xof(len)
    }
}

impl Drop for Md<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference from EVP_MD_fetch.
        unsafe { openssl_sys::EVP_MD_free(self.ptr.as_ptr()) };
    }
}

/// An initialised digest context. It is always initialised (EVP would dereference NULL method pointers on an
/// uninitialised context), so every method is safe to call in any order; what the provider does with a
/// misuse (update after final, final twice, ...) is what tests observe.
#[derive(Debug)]
pub struct MdCtx<'a> {
    ptr: NonNull<EVP_MD_CTX>,
    /// Largest output length any "xoflen"-like param set on it could ask for: `finish` sizes its buffer by it.
    out_cap: usize,
    _ctx: CtxLife<'a>,
}

fn new_ctx() -> Result<NonNull<EVP_MD_CTX>, ErrorStack> {
    ErrorStack::clear();
    // SAFETY: no arguments; returns an owned context or NULL.
    let p = unsafe { openssl_sys::EVP_MD_CTX_new() };
    NonNull::new(p).ok_or_else(ErrorStack::drain)
}

/// Largest integer value carried by the params (to size output buffers defensively).
fn max_len_in(params: &Params, md_size: usize) -> usize {
    ["xoflen", "size"].iter().filter_map(|k| params.data(k)).fold(md_size, |acc, bytes| {
        let n = bytes.len().min(8);
        let mut v = [0u8; 8];
        if cfg!(target_endian = "little") {
            v[..n].copy_from_slice(&bytes[..n]);
        } else {
            v[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
        }
        acc.max(usize::try_from(u64::from_ne_bytes(v)).unwrap_or(usize::MAX))
    })
}

impl<'a> MdCtx<'a> {
    /// `EVP_MD_CTX_new` + `EVP_DigestInit_ex(md)`.
    pub fn new(md: &Md<'a>) -> Result<MdCtx<'a>, ErrorStack> {
        let ptr = new_ctx()?;
        let c = MdCtx { ptr, out_cap: md.size(), _ctx: PhantomData };
        ErrorStack::clear();
        // SAFETY: fresh context and live EVP_MD; no ENGINE.
        check(unsafe { openssl_sys::EVP_DigestInit_ex(c.ptr.as_ptr(), md.as_ptr(), ptr::null_mut()) })?;
        Ok(c)
    }

    /// `EVP_MD_CTX_new` + `EVP_DigestInit_ex2(md, params)`.
    pub fn with_params(md: &Md<'a>, params: &Params) -> Result<MdCtx<'a>, ErrorStack> {
        let ptr = new_ctx()?;
        let c = MdCtx { ptr, out_cap: max_len_in(params, md.size()), _ctx: PhantomData };
        ErrorStack::clear();
        // SAFETY: fresh context, live EVP_MD and an END-terminated params array.
        check(unsafe { sys::EVP_DigestInit_ex2(c.ptr.as_ptr(), md.as_ptr(), params.as_ptr()) })?;
        Ok(c)
    }

    /// `EVP_DigestUpdate`.
    pub fn update(&mut self, data: &[u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: initialised context; `data` is readable for its length.
        check(unsafe { openssl_sys::EVP_DigestUpdate(self.ptr.as_ptr(), data.as_ptr().cast(), data.len()) })
    }

    /// `EVP_DigestUpdate(ctx, NULL, 0)` (EVP allows it).
    pub fn update_null(&mut self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: initialised context; a NULL pointer with count 0 is accepted by EVP_DigestUpdate.
        check(unsafe { openssl_sys::EVP_DigestUpdate(self.ptr.as_ptr(), ptr::null(), 0) })
    }

    /// `EVP_DigestFinal_ex`: returns the output (the default length, or the "xoflen" set for XOFs).
    pub fn finish(&mut self) -> Result<Vec<u8>, ErrorStack> {
        let cap = self.out_cap.max(sys::EVP_MAX_MD_SIZE);
        let mut out = vec![0u8; cap];
        let mut len: u32 = 0;
        ErrorStack::clear();
        // SAFETY: initialised context; `out` has room for the largest length the provider may write (the
        // default size, EVP_MAX_MD_SIZE, or any xoflen we set); `len` is a live out-parameter.
        check(unsafe { openssl_sys::EVP_DigestFinal_ex(self.ptr.as_ptr(), out.as_mut_ptr(), &mut len) })?;
        out.truncate(len as usize);
        Ok(out)
    }

    /// `EVP_DigestFinalXOF(len)`.
    pub fn finish_xof(&mut self, len: usize) -> Result<Vec<u8>, ErrorStack> {
        let mut out = vec![0u8; len];
        self.finish_xof_into(&mut out)?;
        Ok(out)
    }

    /// `EVP_DigestFinalXOF` into a caller buffer (any length, including 0).
    pub fn finish_xof_into(&mut self, out: &mut [u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: initialised context; `out` is writable for its length (EVP passes that length as xoflen).
        check(unsafe { openssl_sys::EVP_DigestFinalXOF(self.ptr.as_ptr(), out.as_mut_ptr(), out.len()) })
    }

    /// `EVP_DigestFinalXOF(ctx, NULL, 0)`.
    pub fn finish_xof_null(&mut self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: initialised context; with length 0 no byte may be written through the NULL pointer.
        check(unsafe { openssl_sys::EVP_DigestFinalXOF(self.ptr.as_ptr(), ptr::null_mut(), 0) })
    }

    /// A copy of the state (`EVP_MD_CTX_new` + `EVP_MD_CTX_copy_ex`, i.e. the provider's dupctx).
    pub fn try_clone(&self) -> Result<MdCtx<'a>, ErrorStack> {
        let ptr = new_ctx()?;
        let c = MdCtx { ptr, out_cap: self.out_cap, _ctx: PhantomData };
        ErrorStack::clear();
        // SAFETY: `c` is a fresh context, `self` an initialised one.
        check(unsafe { openssl_sys::EVP_MD_CTX_copy_ex(c.ptr.as_ptr(), self.ptr.as_ptr()) })?;
        Ok(c)
    }

    /// `EVP_MD_CTX_set_params`.
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        self.out_cap = max_len_in(params, self.out_cap);
        ErrorStack::clear();
        // SAFETY: initialised context; END-terminated params whose buffers outlive the call.
        check(unsafe { sys::EVP_MD_CTX_set_params(self.ptr.as_ptr(), params.as_ptr()) })
    }

    /// Sets the SHAKE output length ("xoflen", size_t).
    pub fn set_xoflen(&mut self, len: usize) -> Result<(), ErrorStack> {
        let mut p = Params::new();
        p.size_t("xoflen", len);
        self.set_params(&p)
    }

    /// `EVP_MD_CTX_get_params`.
    pub fn get_params(&mut self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: initialised context; END-terminated params whose buffers outlive the call.
        check(unsafe { sys::EVP_MD_CTX_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_MD_get_size(EVP_MD_CTX_get0_md(ctx))`.
    pub fn size(&self) -> usize {
        // SAFETY: initialised context.
        let md = unsafe { openssl_sys::EVP_MD_CTX_get0_md(self.ptr.as_ptr()) };
        if md.is_null() {
            return 0;
        }
        // SAFETY: non-null EVP_MD owned by the context.
        let s = unsafe { openssl_sys::EVP_MD_get_size(md) };
        usize::try_from(s).unwrap_or(0)
    }
}

impl Drop for MdCtx<'_> {
    fn drop(&mut self) {
        // SAFETY: we own the context.
        unsafe { openssl_sys::EVP_MD_CTX_free(self.ptr.as_ptr()) };
    }
}
