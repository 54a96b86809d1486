//! `extern "C"` entry points of the MAC operation (`OSSL_OP_MAC`), generic over the context type ([`MacOps`]):
//! HMAC, CMAC, GMAC and KMAC. Each MAC declares its parameter tables and its dispatch table (with [`mac_dispatch!`])
//! below and one entry of [`MACS`]; everything else lives in its `ops/` file.

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, in_slice, out_slice, store_len};
use super::dispatch::{AlgorithmTable, DispatchTable, algorithm};
use super::params::{ParamTable, Params, param_table};
use super::shim::{OpCtx, always, new_ctx, on_ctx, op_ctx};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::hmac::HmacCtx;
use crate::ops::mac::{MacOps, P_ENCRYPT_CHECK, P_MAC_CIPHER, P_MAC_IV};
use crate::ops::mac_cmac::CmacCtx;
use crate::ops::mac_gmac::GmacCtx;
use crate::ops::mac_kmac::{Kmac128Ctx, Kmac256Ctx, P_MAC_CUSTOM, P_MAC_XOF};

op_ctx!(HmacCtx, CmacCtx, GmacCtx, Kmac128Ctx, Kmac256Ctx);

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type InitFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *const OSSL_PARAM) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type FinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type GetParamsFn = unsafe extern "C" fn(*mut OSSL_PARAM) -> c_int;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type ParamsListFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

/// Borrows the context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context of type `T` from this file's newctx/dupctx.
unsafe fn mac_ctx<'a, T: MacOps>(vctx: *mut c_void) -> Option<&'a mut T> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<T>(vctx) }
}

pub(crate) unsafe extern "C" fn newctx<T: MacOps + OpCtx>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(T::new(prov))) }
}

pub(crate) unsafe extern "C" fn freectx<T: MacOps + OpCtx>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<T>(vctx) };
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn dupctx<T: MacOps + OpCtx>(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

pub(crate) unsafe extern "C" fn init<T: MacOps + OpCtx>(
    vctx: *mut c_void,
    key: *const u8,
    keylen: usize,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| {
        if keylen > isize::MAX as usize {
            return Err(ProvError::with(Reason::InvalidKey, "key length out of range"));
        }
        // SAFETY: libcrypto passes `keylen` readable bytes at `key`, or NULL for "keep the current key".
        let key = if key.is_null() { None } else { unsafe { in_slice(key, keylen) } };
        ctx.init(key, params).map(|()| 1)
    })
}

pub(crate) unsafe extern "C" fn update<T: MacOps + OpCtx>(vctx: *mut c_void, data: *const u8, len: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if len > isize::MAX as usize {
            return Err(ProvError::new(Reason::InvalidLength));
        }
        // SAFETY: libcrypto passes `len` readable bytes at `data` (or NULL with len 0).
        let data = unsafe { in_slice(data, len) }.ok_or(ProvError::new(Reason::NullPointer))?;
        ctx.update(data).map(|()| 1)
    })
}

pub(crate) unsafe extern "C" fn final_<T: MacOps + OpCtx>(
    vctx: *mut c_void,
    out: *mut u8,
    outl: *mut usize,
    outsz: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if outl.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "output length pointer"));
        }
        if outsz > isize::MAX as usize {
            return Err(ProvError::new(Reason::InvalidLength));
        }
        // SAFETY: libcrypto passes an output buffer of `outsz` writable bytes.
        let out = unsafe { out_slice(out, outsz) }.ok_or_else(|| ProvError::with(Reason::NullPointer, "output"))?;
        let n = ctx.finalize(out)?;
        // SAFETY: `outl` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(outl, n) };
        Ok(1)
    })
}

pub(crate) unsafe extern "C" fn get_params<T: MacOps>(params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    always(None, 0, || T::get_params(params).map(|()| 1))
}

pub(crate) unsafe extern "C" fn get_ctx_params<T: MacOps + OpCtx>(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.get_ctx_params(params).map(|()| 1))
}

pub(crate) unsafe extern "C" fn set_ctx_params<T: MacOps + OpCtx>(
    vctx: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { mac_ctx::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.set_ctx_params(params).map(|()| 1))
}

/// The dispatch table of one MAC over context type `$ty`: the six core entries, the settable context
/// parameters (`$settable`, a `ParamTable` static), and either gettable *context* parameters
/// (`gettable_ctx = ..`, like HMAC and CMAC) or gettable *algorithm* parameters (`gettable = ..`, like GMAC).
/// Always 10 entries plus the terminator.
macro_rules! mac_dispatch {
    (@core $ty:ty, $settable:expr; $($extra:tt)*) => {{
        unsafe extern "C" fn settable(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
            $settable.as_ptr()
        }
        $crate::abi::dispatch::dispatch_table![
            ferrofips_ffi::OSSL_FUNC_MAC_NEWCTX => newctx::<$ty>, as NewCtxFn;
            ferrofips_ffi::OSSL_FUNC_MAC_DUPCTX => dupctx::<$ty>, as DupCtxFn;
            ferrofips_ffi::OSSL_FUNC_MAC_FREECTX => freectx::<$ty>, as FreeCtxFn;
            ferrofips_ffi::OSSL_FUNC_MAC_INIT => init::<$ty>, as InitFn;
            ferrofips_ffi::OSSL_FUNC_MAC_UPDATE => update::<$ty>, as UpdateFn;
            ferrofips_ffi::OSSL_FUNC_MAC_FINAL => final_::<$ty>, as FinalFn;
            ferrofips_ffi::OSSL_FUNC_MAC_SET_CTX_PARAMS => set_ctx_params::<$ty>, as SetCtxParamsFn;
            ferrofips_ffi::OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS => settable, as CtxParamsListFn;
            $($extra)*
        ]
    }};
    (ctx = $ty:ty, settable = $settable:expr, gettable_ctx = $gettable:expr $(,)?) => {{
        unsafe extern "C" fn gettable(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
            $gettable.as_ptr()
        }
        mac_dispatch!(@core $ty, $settable;
            ferrofips_ffi::OSSL_FUNC_MAC_GET_CTX_PARAMS => get_ctx_params::<$ty>, as GetCtxParamsFn;
            ferrofips_ffi::OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS => gettable, as CtxParamsListFn;
        )
    }};
    (ctx = $ty:ty, settable = $settable:expr, gettable = $gettable:expr $(,)?) => {{
        unsafe extern "C" fn gettable(_provctx: *mut c_void) -> *const OSSL_PARAM {
            $gettable.as_ptr()
        }
        mac_dispatch!(@core $ty, $settable;
            ferrofips_ffi::OSSL_FUNC_MAC_GET_PARAMS => get_params::<$ty>, as GetParamsFn;
            ferrofips_ffi::OSSL_FUNC_MAC_GETTABLE_PARAMS => gettable, as ParamsListFn;
        )
    }};
}

// HMAC (OpenSSL's `hmac_prov.c`).
static HMAC_GETTABLE: ParamTable<4> = param_table![
    (names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_MAC_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
];
static HMAC_SETTABLE: ParamTable<7> = param_table![
    (names::P_MAC_DIGEST, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (names::P_MAC_DIGEST_NOINIT, OSSL_PARAM_INTEGER),
    (names::P_MAC_DIGEST_ONESHOT, OSSL_PARAM_INTEGER),
    (names::P_MAC_TLS_DATA_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
];
static HMAC: DispatchTable<11> = mac_dispatch!(ctx = HmacCtx, settable = HMAC_SETTABLE, gettable_ctx = HMAC_GETTABLE);

// CMAC (OpenSSL 3.5's FIPS `cmac_prov.c`: with the indicator and `encrypt-check`).
static CMAC_GETTABLE: ParamTable<4> = param_table![
    (names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_MAC_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
];
pub(crate) static CMAC_SETTABLE: ParamTable<5> = param_table![
    (P_MAC_CIPHER, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (P_ENCRYPT_CHECK, OSSL_PARAM_INTEGER),
];
static CMAC: DispatchTable<11> = mac_dispatch!(ctx = CmacCtx, settable = CMAC_SETTABLE, gettable_ctx = CMAC_GETTABLE);

// GMAC (OpenSSL's `gmac_prov.c`: "size" is an algorithm parameter).
static GMAC_GETTABLE: ParamTable<2> = param_table![(names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER)];
static GMAC_SETTABLE: ParamTable<5> = param_table![
    (P_MAC_CIPHER, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (P_MAC_IV, OSSL_PARAM_OCTET_STRING),
];
static GMAC: DispatchTable<11> = mac_dispatch!(ctx = GmacCtx, settable = GMAC_SETTABLE, gettable = GMAC_GETTABLE);

// KMAC128 / KMAC256 (OpenSSL's `kmac_prov.c`, plus the FIPS indicator).
static KMAC_GETTABLE: ParamTable<4> = param_table![
    (names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_MAC_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
];
static KMAC_SETTABLE: ParamTable<5> = param_table![
    (P_MAC_XOF, OSSL_PARAM_INTEGER),
    (names::P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (P_MAC_CUSTOM, OSSL_PARAM_OCTET_STRING),
];
static KMAC128: DispatchTable<11> =
    mac_dispatch!(ctx = Kmac128Ctx, settable = KMAC_SETTABLE, gettable_ctx = KMAC_GETTABLE);
static KMAC256: DispatchTable<11> =
    mac_dispatch!(ctx = Kmac256Ctx, settable = KMAC_SETTABLE, gettable_ctx = KMAC_GETTABLE);

/// The MACs offered under `OSSL_OP_MAC` (names as OpenSSL's `prov/names.h`).
pub(crate) static MACS: AlgorithmTable<6> = AlgorithmTable([
    algorithm(names::HMAC_NAMES, names::PROPS_APPROVED, &HMAC),
    algorithm(c"CMAC", names::PROPS_APPROVED, &CMAC),
    algorithm(c"GMAC:1.0.9797.3.4", names::PROPS_APPROVED, &GMAC),
    algorithm(c"KMAC-128:KMAC128:2.16.840.1.101.3.4.2.19", names::PROPS_APPROVED, &KMAC128),
    algorithm(c"KMAC-256:KMAC256:2.16.840.1.101.3.4.2.20", names::PROPS_APPROVED, &KMAC256),
    super::dispatch::ALGORITHM_END,
]);
