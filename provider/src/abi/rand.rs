//! `extern "C"` entry points of the RAND operation (`OSSL_OP_RAND`): `CTR-DRBG`, `HASH-DRBG`, `HMAC-DRBG`
//! (one set of shims, generic over the `ops::rand_drbg::Mechanism`) and `SEED-SRC` (`rand_seed.rs`).
//!
//! RAND contexts are shared between threads by libcrypto (the primary DRBG is), so the shims only ever form
//! shared references to them; the contexts synchronise themselves.

use core::ffi::{c_int, c_uint, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_DISPATCH, OSSL_FUNC_RAND_CLEAR_SEED, OSSL_FUNC_RAND_ENABLE_LOCKING, OSSL_FUNC_RAND_FREECTX,
    OSSL_FUNC_RAND_GENERATE, OSSL_FUNC_RAND_GET_CTX_PARAMS, OSSL_FUNC_RAND_GET_SEED,
    OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, OSSL_FUNC_RAND_INSTANTIATE, OSSL_FUNC_RAND_LOCK, OSSL_FUNC_RAND_NEWCTX,
    OSSL_FUNC_RAND_RESEED, OSSL_FUNC_RAND_SET_CTX_PARAMS, OSSL_FUNC_RAND_SETTABLE_CTX_PARAMS,
    OSSL_FUNC_RAND_UNINSTANTIATE, OSSL_FUNC_RAND_UNLOCK, OSSL_FUNC_RAND_VERIFY_ZEROIZATION, OSSL_PARAM,
    OSSL_PARAM_INTEGER, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};
use zeroize::{Zeroize, Zeroizing};

use super::ctx::{ctx_free, ctx_into_raw, in_slice, out_slice, provctx_clone};
use super::dispatch::{ALGORITHM_END, AlgorithmTable, DispatchTable, algorithm, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::rand_parent::ParentRand;
use super::shim::{always, service};
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::ops::rand_ctr::CtrMech;
use crate::ops::rand_drbg::{DrbgCtx, Mechanism, RandParent};
use crate::ops::rand_hash::HashMech;
use crate::ops::rand_hmac::HmacMech;
use crate::ops::rand_params as keys;
use crate::provctx::ProvCtx;

pub(super) type NewCtxFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_DISPATCH) -> *mut c_void;
pub(super) type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
pub(super) type InstantiateFn =
    unsafe extern "C" fn(*mut c_void, c_uint, c_int, *const u8, usize, *const OSSL_PARAM) -> c_int;
pub(super) type UninstantiateFn = unsafe extern "C" fn(*mut c_void) -> c_int;
pub(super) type GenerateFn =
    unsafe extern "C" fn(*mut c_void, *mut u8, usize, c_uint, c_int, *const u8, usize) -> c_int;
pub(super) type ReseedFn = unsafe extern "C" fn(*mut c_void, c_int, *const u8, usize, *const u8, usize) -> c_int;
pub(super) type LockingFn = unsafe extern "C" fn(*mut c_void) -> c_int;
pub(super) type UnlockFn = unsafe extern "C" fn(*mut c_void);
pub(super) type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
pub(super) type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
pub(super) type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;
pub(super) type GetSeedFn =
    unsafe extern "C" fn(*mut c_void, *mut *mut u8, c_int, usize, usize, c_int, *const u8, usize) -> usize;
pub(super) type ClearSeedFn = unsafe extern "C" fn(*mut c_void, *mut u8, usize);

/// Gettable parameters every DRBG has (OpenSSL's `OSSL_PARAM_DRBG_GETTABLE_CTX_COMMON` + `fips-indicator`), after
/// the mechanism's own ones.
macro_rules! drbg_gettable {
    ($(($key:expr, $ty:expr)),*) => {
        param_table![
            $(($key, $ty),)*
            (keys::STATE, OSSL_PARAM_INTEGER),
            (keys::STRENGTH, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MAX_REQUEST, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MIN_ENTROPYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MAX_ENTROPYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MIN_NONCELEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MAX_NONCELEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MAX_PERSLEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::MAX_ADINLEN, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::RESEED_COUNTER, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::RESEED_TIME, OSSL_PARAM_INTEGER),
            (keys::RESEED_REQUESTS, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::RESEED_TIME_INTERVAL, OSSL_PARAM_INTEGER),
            (keys::FIPS_INDICATOR, OSSL_PARAM_INTEGER),
        ]
    };
}

/// Settable parameters every DRBG has (`OSSL_PARAM_DRBG_SETTABLE_CTX_COMMON` + `properties`), after the
/// mechanism's own ones.
macro_rules! drbg_settable {
    ($(($key:expr, $ty:expr)),*) => {
        param_table![
            $(($key, $ty),)*
            (keys::PROPERTIES, OSSL_PARAM_UTF8_STRING),
            (keys::RESEED_REQUESTS, OSSL_PARAM_UNSIGNED_INTEGER),
            (keys::RESEED_TIME_INTERVAL, OSSL_PARAM_INTEGER),
        ]
    };
}

static CTR_GETTABLE: ParamTable<17> =
    drbg_gettable![(keys::CIPHER, OSSL_PARAM_UTF8_STRING), (keys::USE_DF, OSSL_PARAM_INTEGER)];
static CTR_SETTABLE: ParamTable<6> =
    drbg_settable![(keys::CIPHER, OSSL_PARAM_UTF8_STRING), (keys::USE_DF, OSSL_PARAM_INTEGER)];
static HASH_GETTABLE: ParamTable<16> = drbg_gettable![(keys::DIGEST, OSSL_PARAM_UTF8_STRING)];
static HASH_SETTABLE: ParamTable<5> = drbg_settable![(keys::DIGEST, OSSL_PARAM_UTF8_STRING)];
static HMAC_GETTABLE: ParamTable<17> =
    drbg_gettable![(keys::MAC, OSSL_PARAM_UTF8_STRING), (keys::DIGEST, OSSL_PARAM_UTF8_STRING)];
static HMAC_SETTABLE: ParamTable<6> =
    drbg_settable![(keys::MAC, OSSL_PARAM_UTF8_STRING), (keys::DIGEST, OSSL_PARAM_UTF8_STRING)];

/// Borrows a RAND context created by this file's `newctx` (as `T`).
///
/// # Safety
/// `p` is NULL or a live context created by `ctx_into_raw::<T>` and not yet freed. Shared references are
/// sound across threads because `T` synchronises itself (`Sync`).
pub(super) unsafe fn shared<'a, T: Sync>(p: *mut c_void) -> Option<&'a T> {
    // SAFETY: caller's contract.
    unsafe { p.cast_const().cast::<T>().as_ref() }
}

/// Hands a seed buffer to the caller of `get_seed` (freed by `clear_seed`); returns its length.
///
/// # Safety
/// `pout` is a valid `unsigned char **` out-pointer.
pub(super) unsafe fn hand_out(pout: *mut *mut u8, mut seed: Zeroizing<Box<[u8]>>) -> usize {
    let b: Box<[u8]> = core::mem::take(&mut *seed);
    let n = b.len();
    if n == 0 {
        return 0;
    }
    let p = Box::into_raw(b).cast::<u8>();
    // SAFETY: caller's contract; `p` is ours until it comes back through `take_back`.
    unsafe { pout.write(p) };
    n
}

/// Zeroizes and frees a buffer from [`hand_out`].
///
/// # Safety
/// `(p, n)` is exactly a pointer and length returned through [`hand_out`] and not yet taken back (or `p` NULL).
unsafe fn take_back(p: *mut u8, n: usize) {
    if p.is_null() || n == 0 {
        return;
    }
    // SAFETY: caller's contract: a `Box<[u8]>` of `n` bytes leaked by `hand_out`.
    let mut b = unsafe { Box::from_raw(core::ptr::slice_from_raw_parts_mut(p, n)) };
    b.zeroize();
}

pub(super) fn prov_of(provctx: *mut c_void) -> Option<Arc<ProvCtx>> {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { provctx_clone(provctx) }
}

// ---- DRBGs (generic over the mechanism) ----

unsafe extern "C" fn drbg_newctx<M: Mechanism>(
    provctx: *mut c_void,
    parent: *mut c_void,
    pdispatch: *const OSSL_DISPATCH,
) -> *mut c_void {
    let prov = prov_of(provctx);
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        // SAFETY: libcrypto passes the parent's algctx and that implementation's own dispatch table (or NULLs).
        let parent = unsafe { ParentRand::from_dispatch(parent, pdispatch) };
        let parent = parent.map(|p| Box::new(p) as Box<dyn RandParent>);
        Ok(ctx_into_raw(DrbgCtx::<M>::new(prov, parent)?))
    })
}

unsafe extern "C" fn drbg_freectx<M: Mechanism>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from drbg_newctx that libcrypto is done with; dropping the DRBG
        // zeroizes its state.
        unsafe { ctx_free::<DrbgCtx<M>>(vctx) };
        Ok(())
    })
}

/// Runs `f` on the DRBG context behind `vctx` as a service call.
fn with_drbg<M: Mechanism, T>(vctx: *mut c_void, fail: T, f: impl FnOnce(&DrbgCtx<M>) -> ProvResult<T>) -> T {
    // SAFETY: libcrypto passes NULL or a live context from drbg_newctx::<M> (each dispatch table uses one `M`).
    let Some(ctx) = (unsafe { shared::<DrbgCtx<M>>(vctx) }) else {
        return service(None, fail, || Err(Reason::NullPointer.into()));
    };
    service(Some(&ctx.prov), fail, || f(ctx))
}

unsafe extern "C" fn drbg_instantiate<M: Mechanism>(
    vctx: *mut c_void,
    strength: c_uint,
    prediction_resistance: c_int,
    pstr: *const u8,
    pstr_len: usize,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    with_drbg::<M, _>(vctx, 0, |ctx| {
        // SAFETY: a non-NULL `pstr` points to `pstr_len` readable bytes; NULL means "default personalization".
        let pers = if pstr.is_null() { None } else { unsafe { in_slice(pstr, pstr_len) } };
        ctx.instantiate(strength, prediction_resistance != 0, pers, params).map(|()| 1)
    })
}

unsafe extern "C" fn drbg_uninstantiate<M: Mechanism>(vctx: *mut c_void) -> c_int {
    with_drbg::<M, _>(vctx, 0, |ctx| {
        ctx.uninstantiate();
        Ok(1)
    })
}

unsafe extern "C" fn drbg_generate<M: Mechanism>(
    vctx: *mut c_void,
    out: *mut u8,
    outlen: usize,
    strength: c_uint,
    prediction_resistance: c_int,
    adin: *const u8,
    adin_len: usize,
) -> c_int {
    with_drbg::<M, _>(vctx, 0, |ctx| {
        // SAFETY: libcrypto passes `outlen` writable bytes at `out`.
        let out = unsafe { out_slice(out, outlen) }.ok_or(ProvError::with(Reason::NullPointer, "output"))?;
        // SAFETY: `adin_len` readable bytes at `adin`, or NULL.
        let adin = unsafe { in_slice(adin, adin_len) }.unwrap_or(&[]);
        ctx.generate(out, strength, prediction_resistance != 0, adin).map(|()| 1)
    })
}

unsafe extern "C" fn drbg_reseed<M: Mechanism>(
    vctx: *mut c_void,
    prediction_resistance: c_int,
    ent: *const u8,
    ent_len: usize,
    adin: *const u8,
    adin_len: usize,
) -> c_int {
    with_drbg::<M, _>(vctx, 0, |ctx| {
        // SAFETY: `ent_len` readable bytes at `ent`, or NULL.
        let ent = unsafe { in_slice(ent, ent_len) }.unwrap_or(&[]);
        // SAFETY: `adin_len` readable bytes at `adin`, or NULL.
        let adin = unsafe { in_slice(adin, adin_len) }.unwrap_or(&[]);
        ctx.reseed(prediction_resistance != 0, ent, adin).map(|()| 1)
    })
}

unsafe extern "C" fn drbg_enable_locking<M: Mechanism>(vctx: *mut c_void) -> c_int {
    with_drbg::<M, _>(vctx, 0, |ctx| ctx.enable_locking().map(|()| 1))
}

/// `lock`/`unlock` are hints: every DRBG locks itself internally (as OpenSSL's `ossl_drbg_lock` does).
pub(super) unsafe extern "C" fn rand_lock(_vctx: *mut c_void) -> c_int {
    1
}

pub(super) unsafe extern "C" fn rand_unlock(_vctx: *mut c_void) {}

unsafe extern "C" fn drbg_get_ctx_params<M: Mechanism>(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    with_drbg::<M, _>(vctx, 0, |ctx| ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn drbg_set_ctx_params<M: Mechanism>(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    with_drbg::<M, _>(vctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

/// The `gettable`/`settable` list functions of one mechanism.
macro_rules! param_lists {
    ($gettable:ident, $settable:ident, $gt:ident, $st:ident) => {
        unsafe extern "C" fn $gettable(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
            $gt.as_ptr()
        }
        unsafe extern "C" fn $settable(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
            $st.as_ptr()
        }
    };
}
param_lists!(ctr_gettable, ctr_settable, CTR_GETTABLE, CTR_SETTABLE);
param_lists!(hash_gettable, hash_settable, HASH_GETTABLE, HASH_SETTABLE);
param_lists!(hmac_gettable, hmac_settable, HMAC_GETTABLE, HMAC_SETTABLE);

unsafe extern "C" fn drbg_verify_zeroization<M: Mechanism>(vctx: *mut c_void) -> c_int {
    // SAFETY: libcrypto passes NULL or a live context from drbg_newctx::<M>.
    let Some(ctx) = (unsafe { shared::<DrbgCtx<M>>(vctx) }) else {
        return 0;
    };
    always(Some(&ctx.prov), 0, || Ok(c_int::from(ctx.is_zeroized())))
}

unsafe extern "C" fn drbg_get_seed<M: Mechanism>(
    vctx: *mut c_void,
    pout: *mut *mut u8,
    entropy: c_int,
    min_len: usize,
    max_len: usize,
    prediction_resistance: c_int,
    adin: *const u8,
    adin_len: usize,
) -> usize {
    with_drbg::<M, _>(vctx, 0, |ctx| {
        if pout.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "seed out-pointer"));
        }
        // SAFETY: `adin_len` readable bytes at `adin`, or NULL.
        let adin = unsafe { in_slice(adin, adin_len) }.unwrap_or(&[]);
        let seed = ctx.get_seed(entropy, (min_len, max_len), prediction_resistance != 0, adin)?;
        // SAFETY: `pout` was checked non-NULL; libcrypto passes a `unsigned char **`.
        Ok(unsafe { hand_out(pout, seed) })
    })
}

pub(super) unsafe extern "C" fn rand_clear_seed(_vctx: *mut c_void, out: *mut u8, outlen: usize) {
    always(None, (), || {
        // SAFETY: children give back exactly the buffer and length our get_seed handed out.
        unsafe { take_back(out, outlen) };
        Ok(())
    })
}

/// The dispatch table of the DRBG of mechanism `$m` with parameter lists `$gettable`/`$settable`.
macro_rules! drbg_table {
    ($m:ty, $gettable:expr, $settable:expr) => {
        dispatch_table![
            OSSL_FUNC_RAND_NEWCTX => drbg_newctx::<$m>, as NewCtxFn;
            OSSL_FUNC_RAND_FREECTX => drbg_freectx::<$m>, as FreeCtxFn;
            OSSL_FUNC_RAND_INSTANTIATE => drbg_instantiate::<$m>, as InstantiateFn;
            OSSL_FUNC_RAND_UNINSTANTIATE => drbg_uninstantiate::<$m>, as UninstantiateFn;
            OSSL_FUNC_RAND_GENERATE => drbg_generate::<$m>, as GenerateFn;
            OSSL_FUNC_RAND_RESEED => drbg_reseed::<$m>, as ReseedFn;
            OSSL_FUNC_RAND_ENABLE_LOCKING => drbg_enable_locking::<$m>, as LockingFn;
            OSSL_FUNC_RAND_LOCK => rand_lock, as LockingFn;
            OSSL_FUNC_RAND_UNLOCK => rand_unlock, as UnlockFn;
            OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS => $gettable, as CtxParamsListFn;
            OSSL_FUNC_RAND_SETTABLE_CTX_PARAMS => $settable, as CtxParamsListFn;
            OSSL_FUNC_RAND_GET_CTX_PARAMS => drbg_get_ctx_params::<$m>, as GetCtxParamsFn;
            OSSL_FUNC_RAND_SET_CTX_PARAMS => drbg_set_ctx_params::<$m>, as SetCtxParamsFn;
            OSSL_FUNC_RAND_VERIFY_ZEROIZATION => drbg_verify_zeroization::<$m>, as UninstantiateFn;
            OSSL_FUNC_RAND_GET_SEED => drbg_get_seed::<$m>, as GetSeedFn;
            OSSL_FUNC_RAND_CLEAR_SEED => rand_clear_seed, as ClearSeedFn;
        ]
    };
}

static CTR_DRBG: DispatchTable<17> = drbg_table!(CtrMech, ctr_gettable, ctr_settable);
static HASH_DRBG: DispatchTable<17> = drbg_table!(HashMech, hash_gettable, hash_settable);
static HMAC_DRBG: DispatchTable<17> = drbg_table!(HmacMech, hmac_gettable, hmac_settable);

/// The RAND implementations offered under `OSSL_OP_RAND`.
pub(crate) static RANDS: AlgorithmTable<5> = AlgorithmTable([
    algorithm(c"CTR-DRBG", names::PROPS_APPROVED, &CTR_DRBG),
    algorithm(c"HASH-DRBG", names::PROPS_APPROVED, &HASH_DRBG),
    algorithm(c"HMAC-DRBG", names::PROPS_APPROVED, &HMAC_DRBG),
    algorithm(c"SEED-SRC", names::PROPS_APPROVED, &super::rand_seed::SEED_SRC),
    ALGORITHM_END,
]);
