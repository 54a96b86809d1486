//! Conversions between the opaque pointers libcrypto holds and the provider's Rust objects.

use core::ffi::c_void;
use std::sync::Arc;

use crate::provctx::ProvCtx;

/// Turns the provider context into the `provctx` pointer handed to libcrypto (one strong reference).
pub(crate) fn provctx_into_raw(ctx: Arc<ProvCtx>) -> *mut c_void {
    Arc::into_raw(ctx).cast_mut().cast::<c_void>()
}

/// A new strong reference to the provider context behind `p`.
///
/// # Safety
/// `p` is NULL or a pointer produced by [`provctx_into_raw`] whose reference has not yet been released.
pub(crate) unsafe fn provctx_clone(p: *mut c_void) -> Option<Arc<ProvCtx>> {
    if p.is_null() {
        return None;
    }
    let p = p.cast_const().cast::<ProvCtx>();
    // SAFETY: `p` came from `Arc::into_raw` and is still owned by libcrypto (caller's contract), so the count
    // is at least one; we add one and adopt it.
    unsafe { Arc::increment_strong_count(p) };
    // SAFETY: the reference added just above is the one this `Arc` now owns.
    Some(unsafe { Arc::from_raw(p) })
}

/// Borrows the provider context behind `p` for the duration of one call.
///
/// # Safety
/// As [`provctx_clone`], and the reference stays alive for `'a` (libcrypto keeps it until teardown).
pub(crate) unsafe fn provctx_ref<'a>(p: *mut c_void) -> Option<&'a ProvCtx> {
    // SAFETY: caller's contract: a live `Arc<ProvCtx>` allocation.
    unsafe { p.cast_const().cast::<ProvCtx>().as_ref() }
}

/// Releases the provider context's reference held by libcrypto (teardown).
///
/// # Safety
/// As [`provctx_clone`]; `p` is not used again afterwards.
pub(crate) unsafe fn provctx_release(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: adopts and drops the reference created by `provctx_into_raw`.
        drop(unsafe { Arc::from_raw(p.cast_const().cast::<ProvCtx>()) });
    }
}

/// Moves an operation context to the heap and hands out its pointer.
pub(crate) fn ctx_into_raw<T>(ctx: T) -> *mut c_void {
    Box::into_raw(Box::new(ctx)).cast::<c_void>()
}

/// Borrows an operation context created by [`ctx_into_raw`] with the same `T`.
///
/// # Safety
/// `p` is NULL or was produced by `ctx_into_raw::<T>` and not yet freed, and libcrypto does not use it
/// concurrently from another thread (EVP contexts are single-threaded objects).
pub(crate) unsafe fn ctx_mut<'a, T>(p: *mut c_void) -> Option<&'a mut T> {
    // SAFETY: caller's contract.
    unsafe { p.cast::<T>().as_mut() }
}

/// Frees an operation context created by [`ctx_into_raw`] with the same `T`.
///
/// # Safety
/// As [`ctx_mut`]; `p` is not used again afterwards.
pub(crate) unsafe fn ctx_free<T>(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: caller's contract: a live `Box<T>` allocation that nobody else frees.
        drop(unsafe { Box::from_raw(p.cast::<T>()) });
    }
}

/// Views `(ptr, len)` input from libcrypto as a slice; NULL is only accepted with a zero length.
///
/// # Safety
/// When non-NULL, `ptr` points to `len` readable bytes that stay valid and unmodified for `'a`.
pub(crate) unsafe fn in_slice<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if ptr.is_null() {
        return (len == 0).then_some(&[]);
    }
    // SAFETY: caller's contract.
    Some(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// Views an output buffer from libcrypto; `None` for NULL.
///
/// # Safety
/// When non-NULL, `ptr` points to `len` writable bytes, not otherwise referenced during the call.
pub(crate) unsafe fn out_slice<'a>(ptr: *mut u8, len: usize) -> Option<&'a mut [u8]> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: caller's contract.
    Some(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// Stores a length through libcrypto's `size_t *` out-parameter, if given.
///
/// # Safety
/// `p` is NULL or valid for a write of `usize`.
pub(crate) unsafe fn store_len(p: *mut usize, v: usize) {
    if !p.is_null() {
        // SAFETY: caller's contract.
        unsafe { p.write(v) };
    }
}
