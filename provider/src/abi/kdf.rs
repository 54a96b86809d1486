//! `extern "C"` entry points of the KDF operation (`OSSL_OP_KDF`): "HKDF", "TLS13-KDF", "TLS1-PRF", "SSKDF",
//! "X963KDF", "KBKDF", "PBKDF2", "SSHKDF". The shims are generic over the context type ([`KdfOps`]); only
//! `newctx` and the parameter lists ([`super::kdf_tables`]) differ.

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_FUNC_KDF_DERIVE, OSSL_FUNC_KDF_DUPCTX, OSSL_FUNC_KDF_FREECTX, OSSL_FUNC_KDF_GET_CTX_PARAMS,
    OSSL_FUNC_KDF_GETTABLE_CTX_PARAMS, OSSL_FUNC_KDF_NEWCTX, OSSL_FUNC_KDF_RESET, OSSL_FUNC_KDF_SET_CTX_PARAMS,
    OSSL_FUNC_KDF_SETTABLE_CTX_PARAMS, OSSL_PARAM,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, out_slice};
use super::dispatch::{ALGORITHM_END, AlgorithmTable, DispatchTable, algorithm, dispatch_table};
use super::kdf_tables::{
    hkdf_gettable, hkdf_settable, kbkdf_settable, pbkdf2_settable, prf_settable, size_indicator_gettable,
    sshkdf_settable, sskdf_settable, tls13_settable,
};
use super::params::Params;
use super::shim::{always, new_ctx, service};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::kdf::KdfOps;
use crate::ops::kdf_hkdf::{Flavor, HkdfCtx};
use crate::ops::kdf_kbkdf::KbkdfCtx;
use crate::ops::kdf_pbkdf2::Pbkdf2Ctx;
use crate::ops::kdf_sshkdf::SshkdfCtx;
use crate::ops::kdf_sskdf::{SsFlavor, SskdfCtx};
use crate::ops::kdf_tls1_prf::Tls1PrfCtx;
use crate::provctx::ProvCtx;

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type ResetFn = unsafe extern "C" fn(*mut c_void);
type DeriveFn = unsafe extern "C" fn(*mut c_void, *mut u8, usize, *const OSSL_PARAM) -> c_int;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

/// The names OpenSSL registers (`PROV_NAMES_HKDF`, `PROV_NAMES_TLS1_3_KDF`, `PROV_NAMES_TLS1_PRF`).
const HKDF_NAMES: &core::ffi::CStr = c"HKDF";
const TLS13_KDF_NAMES: &core::ffi::CStr = c"TLS13-KDF";
const TLS1_PRF_NAMES: &core::ffi::CStr = c"TLS1-PRF";
/// `PROV_NAMES_SSKDF`, `PROV_NAMES_X963KDF`, `PROV_NAMES_KBKDF`, `PROV_NAMES_PBKDF2`, `PROV_NAMES_SSHKDF`.
const SSKDF_NAMES: &core::ffi::CStr = c"SSKDF";
const X963KDF_NAMES: &core::ffi::CStr = c"X963KDF:X942KDF-CONCAT";
const KBKDF_NAMES: &core::ffi::CStr = c"KBKDF";
const PBKDF2_NAMES: &core::ffi::CStr = c"PBKDF2:1.2.840.113549.1.5.12";
const SSHKDF_NAMES: &core::ffi::CStr = c"SSHKDF";

/// Creates a context with `make` from the provctx libcrypto hands back.
///
/// # Safety
/// `provctx` is the pointer returned by `OSSL_provider_init` (or NULL).
unsafe fn new_with<C: KdfOps>(provctx: *mut c_void, make: fn(std::sync::Arc<ProvCtx>) -> C) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { new_ctx(provctx, |prov| Ok(make(prov))) }
}

unsafe extern "C" fn newctx_hkdf(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, |p| HkdfCtx::new(p, Flavor::Hkdf)) }
}

unsafe extern "C" fn newctx_tls13(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, |p| HkdfCtx::new(p, Flavor::Tls13)) }
}

unsafe extern "C" fn newctx_prf(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, Tls1PrfCtx::new) }
}

unsafe extern "C" fn newctx_sskdf(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, |p| SskdfCtx::new(p, SsFlavor::Sskdf)) }
}

unsafe extern "C" fn newctx_x963(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, |p| SskdfCtx::new(p, SsFlavor::X963)) }
}

unsafe extern "C" fn newctx_kbkdf(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, KbkdfCtx::new) }
}

unsafe extern "C" fn newctx_pbkdf2(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, Pbkdf2Ctx::new) }
}

unsafe extern "C" fn newctx_sshkdf(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_with(provctx, SshkdfCtx::new) }
}

unsafe extern "C" fn freectx<C: KdfOps>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context of type `C` from this file that libcrypto is done with.
        unsafe { ctx_free::<C>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx<C: KdfOps>(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context of type `C` (each table is instantiated with its own type).
    let Some(ctx) = (unsafe { ctx_mut::<C>(vctx) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    let prov = ctx.prov().clone();
    service(Some(&prov), core::ptr::null_mut(), || Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn reset<C: KdfOps>(vctx: *mut c_void) {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    if let Some(ctx) = unsafe { ctx_mut::<C>(vctx) } {
        let prov = ctx.prov().clone();
        always(Some(&prov), (), || {
            ctx.reset();
            Ok(())
        })
    }
}

unsafe extern "C" fn derive<C: KdfOps>(
    vctx: *mut c_void,
    key: *mut u8,
    keylen: usize,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let Some(ctx) = (unsafe { ctx_mut::<C>(vctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = ctx.prov().clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || {
        // SAFETY: libcrypto passes an output buffer of `keylen` writable bytes.
        let out = unsafe { out_slice(key, keylen) }.ok_or(ProvError::with(Reason::NullPointer, "output"))?;
        ctx.derive(out, params).map(|()| 1)
    })
}

unsafe extern "C" fn get_ctx_params<C: KdfOps>(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let Some(ctx) = (unsafe { ctx_mut::<C>(vctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = ctx.prov().clone();
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || ctx.get_params(params).map(|()| 1))
}

unsafe extern "C" fn set_ctx_params<C: KdfOps>(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let Some(ctx) = (unsafe { ctx_mut::<C>(vctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = ctx.prov().clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || ctx.set_params(params).map(|()| 1))
}

macro_rules! kdf_table {
    ($new:expr, $ty:ty, $settable:expr, $gettable:expr) => {
        dispatch_table![
            OSSL_FUNC_KDF_NEWCTX => $new, as NewCtxFn;
            OSSL_FUNC_KDF_DUPCTX => dupctx::<$ty>, as DupCtxFn;
            OSSL_FUNC_KDF_FREECTX => freectx::<$ty>, as FreeCtxFn;
            OSSL_FUNC_KDF_RESET => reset::<$ty>, as ResetFn;
            OSSL_FUNC_KDF_DERIVE => derive::<$ty>, as DeriveFn;
            OSSL_FUNC_KDF_SETTABLE_CTX_PARAMS => $settable, as CtxParamsListFn;
            OSSL_FUNC_KDF_SET_CTX_PARAMS => set_ctx_params::<$ty>, as SetCtxParamsFn;
            OSSL_FUNC_KDF_GETTABLE_CTX_PARAMS => $gettable, as CtxParamsListFn;
            OSSL_FUNC_KDF_GET_CTX_PARAMS => get_ctx_params::<$ty>, as GetCtxParamsFn;
        ]
    };
}

static HKDF: DispatchTable<10> = kdf_table!(newctx_hkdf, HkdfCtx, hkdf_settable, hkdf_gettable);
static TLS13_KDF: DispatchTable<10> = kdf_table!(newctx_tls13, HkdfCtx, tls13_settable, hkdf_gettable);
static TLS1_PRF: DispatchTable<10> = kdf_table!(newctx_prf, Tls1PrfCtx, prf_settable, size_indicator_gettable);
static SSKDF: DispatchTable<10> = kdf_table!(newctx_sskdf, SskdfCtx, sskdf_settable, size_indicator_gettable);
static X963KDF: DispatchTable<10> = kdf_table!(newctx_x963, SskdfCtx, sskdf_settable, size_indicator_gettable);
static KBKDF: DispatchTable<10> = kdf_table!(newctx_kbkdf, KbkdfCtx, kbkdf_settable, size_indicator_gettable);
static PBKDF2: DispatchTable<10> = kdf_table!(newctx_pbkdf2, Pbkdf2Ctx, pbkdf2_settable, size_indicator_gettable);
static SSHKDF: DispatchTable<10> = kdf_table!(newctx_sshkdf, SshkdfCtx, sshkdf_settable, size_indicator_gettable);

/// The KDFs offered under `OSSL_OP_KDF`.
pub(crate) static KDFS: AlgorithmTable<9> = AlgorithmTable([
    algorithm(HKDF_NAMES, names::PROPS_APPROVED, &HKDF),
    algorithm(TLS13_KDF_NAMES, names::PROPS_APPROVED, &TLS13_KDF),
    algorithm(TLS1_PRF_NAMES, names::PROPS_APPROVED, &TLS1_PRF),
    algorithm(SSKDF_NAMES, names::PROPS_APPROVED, &SSKDF),
    algorithm(X963KDF_NAMES, names::PROPS_APPROVED, &X963KDF),
    algorithm(KBKDF_NAMES, names::PROPS_APPROVED, &KBKDF),
    algorithm(PBKDF2_NAMES, names::PROPS_APPROVED, &PBKDF2),
    algorithm(SSHKDF_NAMES, names::PROPS_APPROVED, &SSHKDF),
    ALGORITHM_END,
]);
