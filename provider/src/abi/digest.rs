//! `extern "C"` entry points of the digest operation (`OSSL_OP_DIGEST`), one table per algorithm.

use core::ffi::{c_int, c_void};

use ferrofips_crypto::digest::Algorithm;
use ferrofips_ffi::{
    OSSL_FUNC_DIGEST_DUPCTX, OSSL_FUNC_DIGEST_FINAL, OSSL_FUNC_DIGEST_FREECTX, OSSL_FUNC_DIGEST_GET_CTX_PARAMS,
    OSSL_FUNC_DIGEST_GET_PARAMS, OSSL_FUNC_DIGEST_GETTABLE_CTX_PARAMS, OSSL_FUNC_DIGEST_GETTABLE_PARAMS,
    OSSL_FUNC_DIGEST_INIT, OSSL_FUNC_DIGEST_NEWCTX, OSSL_FUNC_DIGEST_SET_CTX_PARAMS,
    OSSL_FUNC_DIGEST_SETTABLE_CTX_PARAMS, OSSL_FUNC_DIGEST_UPDATE, OSSL_PARAM, OSSL_PARAM_INTEGER,
    OSSL_PARAM_UNSIGNED_INTEGER,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, in_slice, out_slice, store_len};
use super::dispatch::{AlgorithmTable, DispatchTable, algorithm, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::shim::{always, new_ctx, on_ctx, op_ctx};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::digest::{DigestCtx, get_params};

op_ctx!(DigestCtx);

/// `OSSL_FUNC_DIGEST_SQUEEZE` (libcrypto 3.3+; absent from the 3.0 headers, ignored by older cores).
const OSSL_FUNC_DIGEST_SQUEEZE: u32 = 14;

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type FinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type GetParamsFn = unsafe extern "C" fn(*mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type GettableParamsFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

static GETTABLE: ParamTable<5> = param_table![
    (names::P_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_XOF, OSSL_PARAM_INTEGER),
    (names::P_ALGID_ABSENT, OSSL_PARAM_INTEGER),
];
static XOF_CTX_PARAMS: ParamTable<3> =
    param_table![(names::P_XOFLEN, OSSL_PARAM_UNSIGNED_INTEGER), (names::P_SIZE, OSSL_PARAM_UNSIGNED_INTEGER)];
static NO_PARAMS: ParamTable<1> = param_table![];

const fn alg<const A: usize>() -> Algorithm {
    Algorithm::ALL[A]
}

unsafe extern "C" fn newctx<const A: usize>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(DigestCtx::new(prov, alg::<A>()))) }
}

unsafe extern "C" fn freectx(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<DigestCtx>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn init(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.init(params).map(|()| 1))
}

unsafe extern "C" fn update(vctx: *mut c_void, data: *const u8, len: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `len` readable bytes at `data` (or NULL with len 0).
        let data = unsafe { in_slice(data, len) }.ok_or(ProvError::new(Reason::NullPointer))?;
        ctx.update(data).map(|()| 1)
    })
}

unsafe extern "C" fn final_<const SQUEEZE: bool>(
    vctx: *mut c_void,
    out: *mut u8,
    outl: *mut usize,
    outsz: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if outl.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "output length pointer"));
        }
        // SAFETY: libcrypto passes an output buffer of `outsz` writable bytes.
        let out = unsafe { out_slice(out, outsz) }.ok_or(ProvError::with(Reason::NullPointer, "output"))?;
        let n = if SQUEEZE {
            ctx.squeeze(out)?;
            out.len()
        } else {
            ctx.finalize(out)?
        };
        // SAFETY: `outl` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(outl, n) };
        Ok(1)
    })
}

unsafe extern "C" fn get_params_<const A: usize>(params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    always(None, 0, || get_params(alg::<A>(), params).map(|()| 1))
}

unsafe extern "C" fn set_ctx_params(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

unsafe extern "C" fn get_ctx_params(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<DigestCtx>(vctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn gettable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE.as_ptr()
}

unsafe extern "C" fn ctx_params_list<const A: usize>(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    if alg::<A>().is_xof() { XOF_CTX_PARAMS.as_ptr() } else { NO_PARAMS.as_ptr() }
}

macro_rules! digest_tables {
    ($($name:ident = $idx:literal),* $(,)?) => {
        $(static $name: DispatchTable<14> = dispatch_table![
            OSSL_FUNC_DIGEST_NEWCTX => newctx::<$idx>, as NewCtxFn;
            OSSL_FUNC_DIGEST_INIT => init, as InitFn;
            OSSL_FUNC_DIGEST_UPDATE => update, as UpdateFn;
            OSSL_FUNC_DIGEST_FINAL => final_::<false>, as FinalFn;
            OSSL_FUNC_DIGEST_SQUEEZE => final_::<true>, as FinalFn;
            OSSL_FUNC_DIGEST_FREECTX => freectx, as FreeCtxFn;
            OSSL_FUNC_DIGEST_DUPCTX => dupctx, as DupCtxFn;
            OSSL_FUNC_DIGEST_GET_PARAMS => get_params_::<$idx>, as GetParamsFn;
            OSSL_FUNC_DIGEST_SET_CTX_PARAMS => set_ctx_params, as SetCtxParamsFn;
            OSSL_FUNC_DIGEST_GET_CTX_PARAMS => get_ctx_params, as GetCtxParamsFn;
            OSSL_FUNC_DIGEST_GETTABLE_PARAMS => gettable_params, as GettableParamsFn;
            OSSL_FUNC_DIGEST_SETTABLE_CTX_PARAMS => ctx_params_list::<$idx>, as CtxParamsListFn;
            OSSL_FUNC_DIGEST_GETTABLE_CTX_PARAMS => ctx_params_list::<$idx>, as CtxParamsListFn;
        ];)*

        /// The digest algorithms offered under `OSSL_OP_DIGEST`.
        pub(crate) static DIGESTS: AlgorithmTable<14> = AlgorithmTable([
            $(algorithm(names::DIGEST_NAMES[$idx], names::PROPS_APPROVED, &$name),)*
            super::dispatch::ALGORITHM_END,
        ]);
    };
}

digest_tables! {
    SHA1 = 0, SHA224 = 1, SHA256 = 2, SHA384 = 3, SHA512 = 4, SHA512_224 = 5, SHA512_256 = 6,
    SHA3_224 = 7, SHA3_256 = 8, SHA3_384 = 9, SHA3_512 = 10, SHAKE128 = 11, SHAKE256 = 12,
}
