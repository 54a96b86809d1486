//! `extern "C"` entry points of the MAC operation (`OSSL_OP_MAC`): HMAC.

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_FUNC_MAC_DUPCTX, OSSL_FUNC_MAC_FINAL, OSSL_FUNC_MAC_FREECTX, OSSL_FUNC_MAC_GET_CTX_PARAMS,
    OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS, OSSL_FUNC_MAC_INIT, OSSL_FUNC_MAC_NEWCTX, OSSL_FUNC_MAC_SET_CTX_PARAMS,
    OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS, OSSL_FUNC_MAC_UPDATE, OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING,
    OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, in_slice, out_slice, provctx_clone, store_len};
use super::dispatch::{AlgorithmTable, DispatchTable, algorithm, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::shim::{always, on_ctx, op_ctx, service};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::hmac::HmacCtx;

op_ctx!(HmacCtx);

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type InitFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *const OSSL_PARAM) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type FinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

static GETTABLE_CTX: ParamTable<4> = param_table![
    (names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_MAC_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
];
static SETTABLE_CTX: ParamTable<7> = param_table![
    (names::P_MAC_DIGEST, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (names::P_MAC_DIGEST_NOINIT, OSSL_PARAM_INTEGER),
    (names::P_MAC_DIGEST_ONESHOT, OSSL_PARAM_INTEGER),
    (names::P_MAC_TLS_DATA_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
];

/// Borrows the HMAC context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context from this file's newctx/dupctx.
unsafe fn hmac_ctx<'a>(vctx: *mut c_void) -> Option<&'a mut HmacCtx> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<HmacCtx>(vctx) }
}

unsafe extern "C" fn newctx(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(HmacCtx::new(prov)))
    })
}

unsafe extern "C" fn freectx(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<HmacCtx>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn init(vctx: *mut c_void, key: *const u8, keylen: usize, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `keylen` readable bytes at `key`, or NULL for "keep the current key".
        let key = if key.is_null() { None } else { unsafe { in_slice(key, keylen) } };
        ctx.init(key, params).map(|()| 1)
    })
}

unsafe extern "C" fn update(vctx: *mut c_void, data: *const u8, len: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `len` readable bytes at `data` (or NULL with len 0).
        let data = unsafe { in_slice(data, len) }.ok_or(ProvError::new(Reason::NullPointer))?;
        ctx.update(data).map(|()| 1)
    })
}

unsafe extern "C" fn final_(vctx: *mut c_void, out: *mut u8, outl: *mut usize, outsz: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if outl.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "output length pointer"));
        }
        // SAFETY: libcrypto passes an output buffer of `outsz` writable bytes.
        let out = unsafe { out_slice(out, outsz) }.ok_or(ProvError::with(Reason::NullPointer, "output"))?;
        let n = ctx.finalize(out)?;
        // SAFETY: `outl` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(outl, n) };
        Ok(1)
    })
}

unsafe extern "C" fn get_ctx_params(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn set_ctx_params(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live HMAC context.
    let ctx = unsafe { hmac_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

unsafe extern "C" fn gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

static HMAC: DispatchTable<11> = dispatch_table![
    OSSL_FUNC_MAC_NEWCTX => newctx, as NewCtxFn;
    OSSL_FUNC_MAC_DUPCTX => dupctx, as DupCtxFn;
    OSSL_FUNC_MAC_FREECTX => freectx, as FreeCtxFn;
    OSSL_FUNC_MAC_INIT => init, as InitFn;
    OSSL_FUNC_MAC_UPDATE => update, as UpdateFn;
    OSSL_FUNC_MAC_FINAL => final_, as FinalFn;
    OSSL_FUNC_MAC_GET_CTX_PARAMS => get_ctx_params, as GetCtxParamsFn;
    OSSL_FUNC_MAC_SET_CTX_PARAMS => set_ctx_params, as SetCtxParamsFn;
    OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS => gettable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS => settable_ctx_params, as CtxParamsListFn;
];

/// The MACs offered under `OSSL_OP_MAC`.
pub(crate) static MACS: AlgorithmTable<2> =
    AlgorithmTable([algorithm(names::HMAC_NAMES, names::PROPS_APPROVED, &HMAC), super::dispatch::ALGORITHM_END]);
