//! `extern "C"` entry points shared by the signature and key-exchange contexts (ECDSA, EdDSA, ECDH, X25519):
//! context lifecycle ([`AbiOpCtx`]), context parameters ([`AbiCtxParams`]) and the "length out-parameter plus
//! optional output buffer" convention of sign/derive calls ([`write_out`]).

use core::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::OSSL_PARAM;

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, out_slice, store_len};
use super::params::Params;
use super::shim::{OpCtx, always, new_ctx, on_ctx};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// An operation context the shared shims create, copy and free.
pub(super) trait AbiOpCtx: OpCtx + Clone + 'static {
    /// A fresh context of instance `prov`.
    fn new(prov: Arc<ProvCtx>) -> Self;
}

/// An operation context with `get_ctx_params`/`set_ctx_params`.
pub(super) trait AbiCtxParams: AbiOpCtx {
    /// Answers a `get_ctx_params` query.
    fn get_params(&self, params: Params<'_>) -> ProvResult<()>;
    /// Applies `set_ctx_params`.
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()>;
}

/// Borrows the context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context from [`newctx`]/[`sig_newctx`]/[`dupctx`] with the same `C`.
pub(super) unsafe fn op_ctx_mut<'a, C: AbiOpCtx>(vctx: *mut c_void) -> Option<&'a mut C> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<C>(vctx) }
}

/// A new context (`OSSL_FUNC_keyexch_newctx`).
pub(super) unsafe extern "C" fn newctx<C: AbiOpCtx>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(C::new(prov))) }
}

/// A new context (`OSSL_FUNC_signature_newctx`, whose property query is unused).
pub(super) unsafe extern "C" fn sig_newctx<C: AbiOpCtx>(provctx: *mut c_void, _propq: *const c_char) -> *mut c_void {
    // SAFETY: forwarded: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { newctx::<C>(provctx) }
}

pub(super) unsafe extern "C" fn freectx<C: AbiOpCtx>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<C>(vctx) };
        Ok(())
    })
}

pub(super) unsafe extern "C" fn dupctx<C: AbiOpCtx>(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

pub(super) unsafe extern "C" fn get_ctx_params<C: AbiCtxParams>(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

pub(super) unsafe extern "C" fn set_ctx_params<C: AbiCtxParams>(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

/// Runs `f` on libcrypto's optional output buffer (`None`: a size query) and stores the length it returns
/// through `lenp`, which must not be NULL (a `NullPointer` error naming `what`).
///
/// # Safety
/// `out` is NULL or points to `size` writable bytes not otherwise referenced during the call; `lenp` is NULL or
/// valid for a write of `usize`.
pub(super) unsafe fn write_out(
    out: *mut u8,
    lenp: *mut usize,
    size: usize,
    what: &'static str,
    f: impl FnOnce(Option<&mut [u8]>) -> ProvResult<usize>,
) -> ProvResult<c_int> {
    if lenp.is_null() {
        return Err(ProvError::with(Reason::NullPointer, what));
    }
    // SAFETY: caller's contract: NULL (size query) or `size` writable bytes.
    let out = unsafe { out_slice(out, size) };
    let n = f(out)?;
    // SAFETY: `lenp` was checked non-NULL and the caller guarantees it points to a `size_t`.
    unsafe { store_len(lenp, n) };
    Ok(1)
}
