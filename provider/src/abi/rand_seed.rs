//! `extern "C"` entry points of `SEED-SRC` (see `ops/rand_seed.rs`).

use core::ffi::{c_int, c_uint, c_void};

use ferrofips_ffi::{
    OSSL_DISPATCH, OSSL_FUNC_RAND_CLEAR_SEED, OSSL_FUNC_RAND_ENABLE_LOCKING, OSSL_FUNC_RAND_FREECTX,
    OSSL_FUNC_RAND_GENERATE, OSSL_FUNC_RAND_GET_CTX_PARAMS, OSSL_FUNC_RAND_GET_SEED,
    OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, OSSL_FUNC_RAND_INSTANTIATE, OSSL_FUNC_RAND_LOCK, OSSL_FUNC_RAND_NEWCTX,
    OSSL_FUNC_RAND_RESEED, OSSL_FUNC_RAND_UNINSTANTIATE, OSSL_FUNC_RAND_UNLOCK, OSSL_FUNC_RAND_VERIFY_ZEROIZATION,
    OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_UNSIGNED_INTEGER,
};

use super::ctx::{ctx_free, ctx_into_raw, out_slice};
use super::dispatch::{DispatchTable, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::rand::{
    ClearSeedFn, CtxParamsListFn, FreeCtxFn, GenerateFn, GetCtxParamsFn, GetSeedFn, InstantiateFn, LockingFn, NewCtxFn,
    ReseedFn, UninstantiateFn, UnlockFn, hand_out, prov_of, rand_clear_seed, rand_lock, rand_unlock, shared,
};
use super::shim::{always, service};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::rand_params as keys;
use crate::ops::rand_seed::SeedCtx as Seed;

static GETTABLE_CTX: ParamTable<4> = param_table![
    (keys::STATE, OSSL_PARAM_INTEGER),
    (keys::STRENGTH, OSSL_PARAM_UNSIGNED_INTEGER),
    (keys::MAX_REQUEST, OSSL_PARAM_UNSIGNED_INTEGER),
];

unsafe extern "C" fn seed_newctx(
    provctx: *mut c_void,
    parent: *mut c_void,
    _pdispatch: *const OSSL_DISPATCH,
) -> *mut c_void {
    let prov = prov_of(provctx);
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        if !parent.is_null() {
            // As OpenSSL's seed source: PROV_R_SEED_SOURCES_MUST_NOT_HAVE_A_PARENT.
            return Err(ProvError::with(Reason::InvalidParam, "a seed source cannot have a parent"));
        }
        Ok(ctx_into_raw(Seed::new(prov)))
    })
}

unsafe extern "C" fn seed_freectx(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from seed_newctx that libcrypto is done with.
        unsafe { ctx_free::<Seed>(vctx) };
        Ok(())
    })
}

fn with_seed<T>(vctx: *mut c_void, fail: T, f: impl FnOnce(&Seed) -> ProvResult<T>) -> T {
    // SAFETY: libcrypto passes NULL or a live context from seed_newctx.
    let Some(ctx) = (unsafe { shared::<Seed>(vctx) }) else {
        return service(None, fail, || Err(Reason::NullPointer.into()));
    };
    service(Some(&ctx.prov), fail, || f(ctx))
}

unsafe extern "C" fn seed_instantiate(
    vctx: *mut c_void,
    strength: c_uint,
    _prediction_resistance: c_int,
    _pstr: *const u8,
    _pstr_len: usize,
    _params: *const OSSL_PARAM,
) -> c_int {
    with_seed(vctx, 0, |ctx| ctx.instantiate(strength).map(|()| 1))
}

unsafe extern "C" fn seed_uninstantiate(vctx: *mut c_void) -> c_int {
    with_seed(vctx, 0, |ctx| {
        ctx.uninstantiate();
        Ok(1)
    })
}

unsafe extern "C" fn seed_generate(
    vctx: *mut c_void,
    out: *mut u8,
    outlen: usize,
    strength: c_uint,
    _prediction_resistance: c_int,
    _adin: *const u8,
    _adin_len: usize,
) -> c_int {
    with_seed(vctx, 0, |ctx| {
        // SAFETY: libcrypto passes `outlen` writable bytes at `out`.
        let out = unsafe { out_slice(out, outlen) }.ok_or(ProvError::with(Reason::NullPointer, "output"))?;
        ctx.generate(out, strength).map(|()| 1)
    })
}

unsafe extern "C" fn seed_reseed(
    vctx: *mut c_void,
    _prediction_resistance: c_int,
    _ent: *const u8,
    _ent_len: usize,
    _adin: *const u8,
    _adin_len: usize,
) -> c_int {
    with_seed(vctx, 0, |ctx| ctx.reseed().map(|()| 1))
}

unsafe extern "C" fn seed_enable_locking(_vctx: *mut c_void) -> c_int {
    // The entropy source behind every SEED-SRC context is serialised by its own mutex.
    1
}

unsafe extern "C" fn seed_get_ctx_params(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    with_seed(vctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn seed_gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn seed_verify_zeroization(_vctx: *mut c_void) -> c_int {
    // A seed source keeps no secret state between calls.
    1
}

unsafe extern "C" fn seed_get_seed(
    vctx: *mut c_void,
    pout: *mut *mut u8,
    entropy: c_int,
    min_len: usize,
    max_len: usize,
    _prediction_resistance: c_int,
    _adin: *const u8,
    _adin_len: usize,
) -> usize {
    with_seed(vctx, 0, |ctx| {
        if pout.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "seed out-pointer"));
        }
        let seed = ctx.get_seed(entropy, (min_len, max_len))?;
        // SAFETY: `pout` was checked non-NULL; libcrypto passes a `unsigned char **`.
        Ok(unsafe { hand_out(pout, seed) })
    })
}

pub(super) static SEED_SRC: DispatchTable<15> = dispatch_table![
    OSSL_FUNC_RAND_NEWCTX => seed_newctx, as NewCtxFn;
    OSSL_FUNC_RAND_FREECTX => seed_freectx, as FreeCtxFn;
    OSSL_FUNC_RAND_INSTANTIATE => seed_instantiate, as InstantiateFn;
    OSSL_FUNC_RAND_UNINSTANTIATE => seed_uninstantiate, as UninstantiateFn;
    OSSL_FUNC_RAND_GENERATE => seed_generate, as GenerateFn;
    OSSL_FUNC_RAND_RESEED => seed_reseed, as ReseedFn;
    OSSL_FUNC_RAND_ENABLE_LOCKING => seed_enable_locking, as LockingFn;
    OSSL_FUNC_RAND_LOCK => rand_lock, as LockingFn;
    OSSL_FUNC_RAND_UNLOCK => rand_unlock, as UnlockFn;
    OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS => seed_gettable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_RAND_GET_CTX_PARAMS => seed_get_ctx_params, as GetCtxParamsFn;
    OSSL_FUNC_RAND_VERIFY_ZEROIZATION => seed_verify_zeroization, as UninstantiateFn;
    OSSL_FUNC_RAND_GET_SEED => seed_get_seed, as GetSeedFn;
    OSSL_FUNC_RAND_CLEAR_SEED => rand_clear_seed, as ClearSeedFn;
];
