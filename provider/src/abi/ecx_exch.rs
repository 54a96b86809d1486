//! `extern "C"` entry points of the X25519 key exchange (`OSSL_OP_KEYEXCH`, "X25519:1.3.101.110", `fips=no`).

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_FUNC_KEYEXCH_DERIVE, OSSL_FUNC_KEYEXCH_DUPCTX, OSSL_FUNC_KEYEXCH_FREECTX, OSSL_FUNC_KEYEXCH_INIT,
    OSSL_FUNC_KEYEXCH_NEWCTX, OSSL_FUNC_KEYEXCH_SET_PEER, OSSL_PARAM,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, out_slice, provctx_clone, store_len};
use super::dispatch::{DispatchTable, dispatch_table};
use super::ecx_kmgmt::key_ref;
use super::shim::{always, on_ctx, op_ctx, service};
use crate::error::{ProvError, Reason};
use crate::ops::ecx_exch::X25519Ctx;

op_ctx!(X25519Ctx);

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_PARAM) -> c_int;
type SetPeerFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
type DeriveFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;

/// Borrows the X25519 context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context from this file's newctx/dupctx.
unsafe fn exch_ctx<'a>(vctx: *mut c_void) -> Option<&'a mut X25519Ctx> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<X25519Ctx>(vctx) }
}

unsafe extern "C" fn newctx(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(X25519Ctx::new(prov)))
    })
}

unsafe extern "C" fn freectx(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<X25519Ctx>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live X25519 context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn init(vctx: *mut c_void, provkey: *mut c_void, _params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live X25519 context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of our X25519 key management (EVP exports keys to the provider
        // of the operation first), only read here.
        let key = unsafe { key_ref(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no key"))?;
        ctx.init(key).map(|()| 1)
    })
}

unsafe extern "C" fn set_peer(vctx: *mut c_void, provkey: *mut c_void) -> c_int {
    // SAFETY: `vctx` is NULL or a live X25519 context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of our X25519 key management, only read here.
        let peer = unsafe { key_ref(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no peer key"))?;
        ctx.set_peer(peer).map(|()| 1)
    })
}

unsafe extern "C" fn derive(vctx: *mut c_void, secret: *mut u8, secretlen: *mut usize, outlen: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live X25519 context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if secretlen.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "secret length pointer"));
        }
        // SAFETY: libcrypto passes NULL (size query) or an output buffer of `outlen` writable bytes.
        let out = unsafe { out_slice(secret, outlen) };
        let n = ctx.derive(out)?;
        // SAFETY: `secretlen` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(secretlen, n) };
        Ok(1)
    })
}

/// The X25519 key exchange's dispatch table.
pub(crate) static X25519_EXCHANGE: DispatchTable<7> = dispatch_table![
    OSSL_FUNC_KEYEXCH_NEWCTX => newctx, as NewCtxFn;
    OSSL_FUNC_KEYEXCH_INIT => init, as InitFn;
    OSSL_FUNC_KEYEXCH_SET_PEER => set_peer, as SetPeerFn;
    OSSL_FUNC_KEYEXCH_DERIVE => derive, as DeriveFn;
    OSSL_FUNC_KEYEXCH_FREECTX => freectx, as FreeCtxFn;
    OSSL_FUNC_KEYEXCH_DUPCTX => dupctx, as DupCtxFn;
];
