//! `extern "C"` entry points of the ECDH key exchange (`OSSL_OP_KEYEXCH`, "ECDH").

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_FUNC_KEYEXCH_DERIVE, OSSL_FUNC_KEYEXCH_DUPCTX, OSSL_FUNC_KEYEXCH_FREECTX, OSSL_FUNC_KEYEXCH_GET_CTX_PARAMS,
    OSSL_FUNC_KEYEXCH_GETTABLE_CTX_PARAMS, OSSL_FUNC_KEYEXCH_INIT, OSSL_FUNC_KEYEXCH_NEWCTX,
    OSSL_FUNC_KEYEXCH_SET_CTX_PARAMS, OSSL_FUNC_KEYEXCH_SET_PEER, OSSL_FUNC_KEYEXCH_SETTABLE_CTX_PARAMS, OSSL_PARAM,
    OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, out_slice, provctx_clone, store_len};
use super::dispatch::{ALGORITHM_END, DispatchTable, ModeTable, algorithm, dispatch_table};
use super::ec_kmgmt::key_ref;
use super::params::{ParamTable, Params, param_table};
use super::shim::{always, on_ctx, op_ctx, service};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::ec_exch::EcdhCtx;
use crate::ops::ec_params::{
    ECDH_NAMES, P_ECDH_COFACTOR_MODE, P_KDF_DIGEST, P_KDF_DIGEST_PROPS, P_KDF_OUTLEN, P_KDF_TYPE, P_KDF_UKM,
};

op_ctx!(EcdhCtx);

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_PARAM) -> c_int;
type SetPeerFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
type DeriveFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

static SETTABLE_CTX: ParamTable<7> = param_table![
    (P_ECDH_COFACTOR_MODE, OSSL_PARAM_INTEGER),
    (P_KDF_TYPE, OSSL_PARAM_UTF8_STRING),
    (P_KDF_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_KDF_DIGEST_PROPS, OSSL_PARAM_UTF8_STRING),
    (P_KDF_OUTLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_KDF_UKM, OSSL_PARAM_OCTET_STRING),
];
static GETTABLE_CTX: ParamTable<5> = param_table![
    (P_ECDH_COFACTOR_MODE, OSSL_PARAM_INTEGER),
    (P_KDF_TYPE, OSSL_PARAM_UTF8_STRING),
    (P_KDF_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_KDF_OUTLEN, OSSL_PARAM_UNSIGNED_INTEGER),
];

/// Borrows the ECDH context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context from this file's newctx/dupctx.
unsafe fn exch_ctx<'a>(vctx: *mut c_void) -> Option<&'a mut EcdhCtx> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<EcdhCtx>(vctx) }
}

unsafe extern "C" fn newctx(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(EcdhCtx::new(prov)))
    })
}

unsafe extern "C" fn freectx(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<EcdhCtx>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live ECDH context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn init(vctx: *mut c_void, provkey: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDH context.
    let ctx = unsafe { exch_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of our EC key management (EVP exports keys to the provider of
        // the operation first), only read here.
        let key = unsafe { key_ref(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no key"))?;
        ctx.init(key, params).map(|()| 1)
    })
}

unsafe extern "C" fn set_peer(vctx: *mut c_void, provkey: *mut c_void) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDH context.
    let ctx = unsafe { exch_ctx(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of our EC key management, only read here.
        let peer = unsafe { key_ref(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no peer key"))?;
        ctx.set_peer(peer).map(|()| 1)
    })
}

unsafe extern "C" fn derive(vctx: *mut c_void, secret: *mut u8, secretlen: *mut usize, outlen: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDH context.
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

unsafe extern "C" fn set_ctx_params(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDH context.
    let ctx = unsafe { exch_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

unsafe extern "C" fn get_ctx_params(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDH context.
    let ctx = unsafe { exch_ctx(vctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

static ECDH: DispatchTable<11> = dispatch_table![
    OSSL_FUNC_KEYEXCH_NEWCTX => newctx, as NewCtxFn;
    OSSL_FUNC_KEYEXCH_INIT => init, as InitFn;
    OSSL_FUNC_KEYEXCH_SET_PEER => set_peer, as SetPeerFn;
    OSSL_FUNC_KEYEXCH_DERIVE => derive, as DeriveFn;
    OSSL_FUNC_KEYEXCH_FREECTX => freectx, as FreeCtxFn;
    OSSL_FUNC_KEYEXCH_DUPCTX => dupctx, as DupCtxFn;
    OSSL_FUNC_KEYEXCH_SET_CTX_PARAMS => set_ctx_params, as SetCtxParamsFn;
    OSSL_FUNC_KEYEXCH_SETTABLE_CTX_PARAMS => settable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_KEYEXCH_GET_CTX_PARAMS => get_ctx_params, as GetCtxParamsFn;
    OSSL_FUNC_KEYEXCH_GETTABLE_CTX_PARAMS => gettable_ctx_params, as CtxParamsListFn;
];

/// The key exchanges offered under `OSSL_OP_KEYEXCH`.
pub(crate) static KEYEXCHS: ModeTable<3> = ModeTable::new([
    algorithm(ECDH_NAMES, names::PROPS_APPROVED, &ECDH),
    // "X25519": not approved (fips=no), dropped in strict mode.
    algorithm(
        crate::ops::ecx_key::X25519_NAMES,
        crate::ops::ecx_key::PROPS_NOT_APPROVED,
        &super::ecx_exch::X25519_EXCHANGE,
    ),
    ALGORITHM_END,
]);
