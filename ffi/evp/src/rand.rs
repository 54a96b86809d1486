//! `EVP_RAND`, `EVP_RAND_CTX`, `RAND_bytes_ex` / `RAND_priv_bytes_ex`, the library context's DRBGs, and a
//! `fork` helper for fork-safety tests.

use std::ffi::{CStr, c_char, c_int, c_uint, c_void};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{OSSL_LIB_CTX, OSSL_PARAM, OSSL_PROVIDER};

use crate::c_string;
use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamDescriptor, Params, descriptors};

/// `EVP_RAND` (opaque).
#[repr(C)]
pub(crate) struct EvpRand {
    _p: [u8; 0],
}

/// `EVP_RAND_CTX` (opaque).
#[repr(C)]
pub(crate) struct EvpRandCtx {
    _p: [u8; 0],
}

unsafe extern "C" {
    fn EVP_RAND_fetch(ctx: *mut OSSL_LIB_CTX, algorithm: *const c_char, properties: *const c_char) -> *mut EvpRand;
    fn EVP_RAND_free(rand: *mut EvpRand);
    fn EVP_RAND_get0_name(rand: *const EvpRand) -> *const c_char;
    fn EVP_RAND_get0_provider(rand: *const EvpRand) -> *const OSSL_PROVIDER;
    fn EVP_RAND_gettable_ctx_params(rand: *const EvpRand) -> *const OSSL_PARAM;
    fn EVP_RAND_settable_ctx_params(rand: *const EvpRand) -> *const OSSL_PARAM;
    fn EVP_RAND_CTX_new(rand: *mut EvpRand, parent: *mut EvpRandCtx) -> *mut EvpRandCtx;
    fn EVP_RAND_CTX_free(ctx: *mut EvpRandCtx);
    fn EVP_RAND_CTX_get0_rand(ctx: *mut EvpRandCtx) -> *mut EvpRand;
    fn EVP_RAND_CTX_get_params(ctx: *mut EvpRandCtx, params: *mut OSSL_PARAM) -> c_int;
    fn EVP_RAND_CTX_set_params(ctx: *mut EvpRandCtx, params: *const OSSL_PARAM) -> c_int;
    fn EVP_RAND_instantiate(
        ctx: *mut EvpRandCtx,
        strength: c_uint,
        prediction_resistance: c_int,
        pstr: *const u8,
        pstr_len: usize,
        params: *const OSSL_PARAM,
    ) -> c_int;
    fn EVP_RAND_uninstantiate(ctx: *mut EvpRandCtx) -> c_int;
    fn EVP_RAND_generate(
        ctx: *mut EvpRandCtx,
        out: *mut u8,
        outlen: usize,
        strength: c_uint,
        prediction_resistance: c_int,
        addin: *const u8,
        addin_len: usize,
    ) -> c_int;
    fn EVP_RAND_reseed(
        ctx: *mut EvpRandCtx,
        prediction_resistance: c_int,
        ent: *const u8,
        ent_len: usize,
        addin: *const u8,
        addin_len: usize,
    ) -> c_int;
    fn EVP_RAND_enable_locking(ctx: *mut EvpRandCtx) -> c_int;
    fn EVP_RAND_verify_zeroization(ctx: *mut EvpRandCtx) -> c_int;
    fn EVP_RAND_get_strength(ctx: *mut EvpRandCtx) -> c_uint;
    fn EVP_RAND_get_state(ctx: *mut EvpRandCtx) -> c_int;
    fn RAND_bytes_ex(ctx: *mut OSSL_LIB_CTX, buf: *mut u8, num: usize, strength: c_uint) -> c_int;
    fn RAND_priv_bytes_ex(ctx: *mut OSSL_LIB_CTX, buf: *mut u8, num: usize, strength: c_uint) -> c_int;
    fn RAND_get0_primary(ctx: *mut OSSL_LIB_CTX) -> *mut EvpRandCtx;
    fn RAND_get0_public(ctx: *mut OSSL_LIB_CTX) -> *mut EvpRandCtx;
    fn RAND_get0_private(ctx: *mut OSSL_LIB_CTX) -> *mut EvpRandCtx;
}

/// A fetched RAND implementation (`EVP_RAND_fetch`); freed on drop.
#[derive(Debug)]
pub struct Rand<'a> {
    ptr: NonNull<EvpRand>,
    _ctx: CtxLife<'a>,
}

fn rand_name(r: *const EvpRand) -> String {
    // SAFETY: `r` is a live EVP_RAND; the name it returns lives as long as it does.
    let n = unsafe { EVP_RAND_get0_name(r) };
    if n.is_null() {
        return String::new();
    }
    // SAFETY: non-null, NUL-terminated; copied at once.
    unsafe { CStr::from_ptr(n) }.to_string_lossy().into_owned()
}

fn rand_provider(r: *const EvpRand) -> String {
    // SAFETY: `r` is a live EVP_RAND.
    let p = unsafe { EVP_RAND_get0_provider(r) };
    NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default()
}

impl<'a> Rand<'a> {
    /// `EVP_RAND_fetch(ctx, name, propq)`.
    pub fn fetch(ctx: &'a LibCtx, name: &str, propq: Option<&str>) -> Result<Rand<'a>, ErrorStack> {
        let name = c_string(name);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned EVP_RAND or NULL.
        let p =
            unsafe { EVP_RAND_fetch(ctx.as_ptr(), name.as_ptr(), propq.as_ref().map_or(ptr::null(), |p| p.as_ptr())) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Rand { ptr, _ctx: PhantomData })
    }

    /// `EVP_RAND_get0_name`.
    pub fn name(&self) -> String {
        rand_name(self.ptr.as_ptr())
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        rand_provider(self.ptr.as_ptr())
    }

    /// `EVP_RAND_gettable_ctx_params`.
    pub fn gettable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_RAND; returns a static list or NULL.
        descriptors(unsafe { EVP_RAND_gettable_ctx_params(self.ptr.as_ptr()) })
    }

    /// `EVP_RAND_settable_ctx_params`.
    pub fn settable_ctx_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live EVP_RAND; returns a static list or NULL.
        descriptors(unsafe { EVP_RAND_settable_ctx_params(self.ptr.as_ptr()) })
    }
}

impl Drop for Rand<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference from EVP_RAND_fetch.
        unsafe { EVP_RAND_free(self.ptr.as_ptr()) };
    }
}

/// An `EVP_RAND_CTX`: owned (from [`RandCtx::new`], freed on drop) or borrowed (a library context's DRBG).
#[derive(Debug)]
pub struct RandCtx<'a> {
    ptr: NonNull<EvpRandCtx>,
    owned: bool,
    _life: PhantomData<&'a ()>,
}

// SAFETY: EVP_RAND_CTX objects may be used from any thread once locking is enabled (which the tests do for
// shared ones); the wrapper adds no thread-affine state.
unsafe impl Send for RandCtx<'_> {}
// SAFETY: as above; every method goes through libcrypto, which serialises locked contexts.
unsafe impl Sync for RandCtx<'_> {}

impl<'a> RandCtx<'a> {
    /// `EVP_RAND_CTX_new(rand, parent)`. The parent must outlive the new context (libcrypto also holds a
    /// reference to it).
    pub fn new(rand: &Rand<'a>, parent: Option<&RandCtx<'a>>) -> Result<RandCtx<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live EVP_RAND and parent context (or NULL); returns an owned context or NULL.
        let p = unsafe { EVP_RAND_CTX_new(rand.ptr.as_ptr(), parent.map_or(ptr::null_mut(), |c| c.ptr.as_ptr())) };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(RandCtx { ptr, owned: true, _life: PhantomData })
    }

    fn borrowed(p: *mut EvpRandCtx) -> Result<RandCtx<'a>, ErrorStack> {
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(RandCtx { ptr, owned: false, _life: PhantomData })
    }

    /// Name of the implementation (`EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(ctx))`).
    pub fn rand_name(&self) -> String {
        // SAFETY: live context; the EVP_RAND it returns lives as long as the context.
        rand_name(unsafe { EVP_RAND_CTX_get0_rand(self.ptr.as_ptr()) })
    }

    /// Name of the provider implementing it.
    pub fn provider_name(&self) -> String {
        // SAFETY: live context; the EVP_RAND it returns lives as long as the context.
        rand_provider(unsafe { EVP_RAND_CTX_get0_rand(self.ptr.as_ptr()) })
    }

    /// `EVP_RAND_instantiate(ctx, strength, prediction_resistance, pers, params)`.
    pub fn instantiate(
        &self,
        strength: u32,
        prediction_resistance: bool,
        pers: Option<&[u8]>,
        params: Option<&Params>,
    ) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        let (pp, pl) = pers.map_or((ptr::null(), 0), |p| (p.as_ptr(), p.len()));
        // SAFETY: live context; `pers` readable for its length (or NULL); `params` a live terminated array or NULL.
        check(unsafe {
            EVP_RAND_instantiate(
                self.ptr.as_ptr(),
                strength,
                c_int::from(prediction_resistance),
                pp,
                pl,
                params.map_or(ptr::null(), Params::as_ptr),
            )
        })
    }

    /// `EVP_RAND_uninstantiate`.
    pub fn uninstantiate(&self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { EVP_RAND_uninstantiate(self.ptr.as_ptr()) })
    }

    /// `EVP_RAND_generate` (libcrypto splits `out` into `max_request` chunks).
    pub fn generate(
        &self,
        out: &mut [u8],
        strength: u32,
        prediction_resistance: bool,
        adin: &[u8],
    ) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `out` writable and `adin` readable for their lengths.
        check(unsafe {
            EVP_RAND_generate(
                self.ptr.as_ptr(),
                out.as_mut_ptr(),
                out.len(),
                strength,
                c_int::from(prediction_resistance),
                adin.as_ptr(),
                adin.len(),
            )
        })
    }

    /// `EVP_RAND_reseed`.
    pub fn reseed(&self, prediction_resistance: bool, ent: &[u8], adin: &[u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        let (ep, el) = if ent.is_empty() { (ptr::null(), 0) } else { (ent.as_ptr(), ent.len()) };
        // SAFETY: live context; `ent` and `adin` readable for their lengths (or NULL).
        check(unsafe {
            EVP_RAND_reseed(self.ptr.as_ptr(), c_int::from(prediction_resistance), ep, el, adin.as_ptr(), adin.len())
        })
    }

    /// `EVP_RAND_enable_locking`.
    pub fn enable_locking(&self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { EVP_RAND_enable_locking(self.ptr.as_ptr()) })
    }

    /// `EVP_RAND_verify_zeroization`.
    pub fn verify_zeroization(&self) -> bool {
        // SAFETY: live context.
        unsafe { EVP_RAND_verify_zeroization(self.ptr.as_ptr()) == 1 }
    }

    /// `EVP_RAND_get_strength`.
    pub fn strength(&self) -> u32 {
        // SAFETY: live context.
        unsafe { EVP_RAND_get_strength(self.ptr.as_ptr()) }
    }

    /// `EVP_RAND_get_state` (0 uninstantiated, 1 ready, 2 error).
    pub fn state(&self) -> i32 {
        // SAFETY: live context.
        unsafe { EVP_RAND_get_state(self.ptr.as_ptr()) }
    }

    /// `EVP_RAND_CTX_get_params`: fills the requests in `params`.
    pub fn get_params(&self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `params` is a live, writable terminated array.
        check(unsafe { EVP_RAND_CTX_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_RAND_CTX_set_params`.
    pub fn set_params(&self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `params` is a live terminated array.
        check(unsafe { EVP_RAND_CTX_set_params(self.ptr.as_ptr(), params.as_ptr()) })
    }
}

impl Drop for RandCtx<'_> {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: we own this context from EVP_RAND_CTX_new.
            unsafe { EVP_RAND_CTX_free(self.ptr.as_ptr()) };
        }
    }
}

/// A handle for drawing random bytes from a library context on any thread (`RAND_bytes_ex` and
/// `RAND_priv_bytes_ex` are thread-safe; each thread gets its own public and private DRBG).
#[derive(Clone, Copy, Debug)]
pub struct RandHandle<'a> {
    ctx: NonNull<OSSL_LIB_CTX>,
    _life: PhantomData<&'a LibCtx>,
}

// SAFETY: the handle only calls libcrypto's thread-safe RAND_bytes_ex / RAND_priv_bytes_ex on a context that
// outlives it ('a).
unsafe impl Send for RandHandle<'_> {}
// SAFETY: as above.
unsafe impl Sync for RandHandle<'_> {}

impl RandHandle<'_> {
    /// `RAND_bytes_ex(ctx, out, len, 0)`.
    pub fn bytes(&self, out: &mut [u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for its length.
        check(unsafe { RAND_bytes_ex(self.ctx.as_ptr(), out.as_mut_ptr(), out.len(), 0) })
    }

    /// `RAND_priv_bytes_ex(ctx, out, len, 0)`.
    pub fn priv_bytes(&self, out: &mut [u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for its length.
        check(unsafe { RAND_priv_bytes_ex(self.ctx.as_ptr(), out.as_mut_ptr(), out.len(), 0) })
    }
}

impl LibCtx {
    /// A thread-shareable handle for `RAND_bytes_ex` / `RAND_priv_bytes_ex` on this context.
    pub fn rand_handle(&self) -> RandHandle<'_> {
        RandHandle { ctx: NonNull::new(self.as_ptr()).unwrap_or(NonNull::dangling()), _life: PhantomData }
    }

    /// `RAND_bytes_ex(ctx, out, len, 0)`: the context's public DRBG.
    pub fn rand_bytes(&self, out: &mut [u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for its length.
        check(unsafe { RAND_bytes_ex(self.as_ptr(), out.as_mut_ptr(), out.len(), 0) })
    }

    /// `RAND_priv_bytes_ex(ctx, out, len, 0)`: the context's private DRBG.
    pub fn rand_priv_bytes(&self, out: &mut [u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; `out` writable for its length.
        check(unsafe { RAND_priv_bytes_ex(self.as_ptr(), out.as_mut_ptr(), out.len(), 0) })
    }

    /// `RAND_get0_primary`: the primary DRBG (owned by the context).
    pub fn primary_drbg(&self) -> Result<RandCtx<'_>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; returns a context it owns, or NULL.
        RandCtx::borrowed(unsafe { RAND_get0_primary(self.as_ptr()) })
    }

    /// `RAND_get0_public`: this thread's public DRBG (owned by the context).
    pub fn public_drbg(&self) -> Result<RandCtx<'_>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; returns a context it owns, or NULL.
        RandCtx::borrowed(unsafe { RAND_get0_public(self.as_ptr()) })
    }

    /// `RAND_get0_private`: this thread's private DRBG (owned by the context).
    pub fn private_drbg(&self) -> Result<RandCtx<'_>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; returns a context it owns, or NULL.
        RandCtx::borrowed(unsafe { RAND_get0_private(self.as_ptr()) })
    }
}

/// Forks; the child runs `child`, writes its result to a pipe and exits with `_exit(0)` (no destructors, no
/// atexit handlers). The parent returns the child's bytes once it has exited successfully.
///
/// Only call this from a process with no other threads that could hold locks the child needs (e.g. inside
/// `ferrofips_tests::child::isolate`).
pub fn fork_capture(child: impl FnOnce() -> Vec<u8>) -> Result<Vec<u8>, String> {
    let mut fds = [0 as c_int; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe(2) to fill.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err("pipe failed".into());
    }
    let (rd, wr) = (fds[0], fds[1]);
    // SAFETY: fork(2) has no memory-safety preconditions; the child only runs `child`, writes and _exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err("fork failed".into());
    }
    if pid == 0 {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child));
        let code = match out {
            Ok(bytes) => {
                let mut rest = &bytes[..];
                while !rest.is_empty() {
                    // SAFETY: `wr` is our pipe's write end; `rest` is readable for its length.
                    let n = unsafe { libc::write(wr, rest.as_ptr().cast::<c_void>(), rest.len()) };
                    if n <= 0 {
                        break;
                    }
                    rest = &rest[n as usize..];
                }
                if rest.is_empty() { 0 } else { 2 }
            }
            Err(_) => 1,
        };
        // SAFETY: terminates the child immediately, as after fork only async-signal-safe exits are appropriate.
        unsafe { libc::_exit(code) };
    }
    // SAFETY: closes the parent's copy of the write end (valid descriptor from pipe(2)).
    unsafe { libc::close(wr) };
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: `rd` is the pipe's read end; `buf` is writable for its length.
        let n = unsafe { libc::read(rd, buf.as_mut_ptr().cast::<c_void>(), buf.len()) };
        if n <= 0 {
            break;
        }
        got.extend_from_slice(&buf[..n as usize]);
    }
    // SAFETY: closes the read end (valid descriptor from pipe(2)).
    unsafe { libc::close(rd) };
    let mut status: c_int = 0;
    // SAFETY: waits for our own child; `status` is a valid out-pointer.
    if unsafe { libc::waitpid(pid, &mut status, 0) } != pid {
        return Err("waitpid failed".into());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("child failed (wait status {status:#x})"));
    }
    Ok(got)
}
