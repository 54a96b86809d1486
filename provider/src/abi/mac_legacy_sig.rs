//! `extern "C"` entry points of the "HMAC" and "CMAC" signatures (`OSSL_OP_SIGNATURE`), the signing halves of the
//! mac-legacy pairs (OpenSSL's `mac_legacy_sig.c`): `EVP_DigestSign*` over an "HMAC" / "CMAC" key computes the
//! MAC. The shims are generic over the context ([`LegacyMacSig`]).

use core::ffi::{CStr, c_char, c_int, c_void};

use ferrofips_ffi::{
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT,
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, OSSL_FUNC_SIGNATURE_DUPCTX, OSSL_FUNC_SIGNATURE_FREECTX,
    OSSL_FUNC_SIGNATURE_NEWCTX, OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS,
    OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, in_slice, out_slice, store_len};
use super::dispatch::{DispatchTable, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::shim::{OpCtx, always, new_ctx, on_ctx, op_ctx};
use crate::error::{ProvError, Reason};
use crate::names;
use crate::ops::mac_legacy::{LegacyMacSig, MacKey, MacSigCtx};
use crate::ops::mac_legacy_cmac::CmacSigCtx;

op_ctx!(MacSigCtx, CmacSigCtx);

type NewCtxFn = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut c_void;
type DigestSignInitFn = unsafe extern "C" fn(*mut c_void, *const c_char, *mut c_void, *const OSSL_PARAM) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type FinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

static SETTABLE_CTX: ParamTable<6> = param_table![
    (names::P_MAC_DIGEST, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (names::P_MAC_KEY, OSSL_PARAM_OCTET_STRING),
    (names::P_MAC_DIGEST_NOINIT, OSSL_PARAM_INTEGER),
    (names::P_MAC_DIGEST_ONESHOT, OSSL_PARAM_INTEGER),
];

/// Borrows the signature context behind `vctx`.
///
/// # Safety
/// `vctx` is NULL or a live context of type `T` from this file's newctx/dupctx.
unsafe fn sig_ctx<'a, T: LegacyMacSig>(vctx: *mut c_void) -> Option<&'a mut T> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<T>(vctx) }
}

unsafe extern "C" fn newctx<T: LegacyMacSig + OpCtx>(provctx: *mut c_void, _propq: *const c_char) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(T::new(prov))) }
}

unsafe extern "C" fn freectx<T: LegacyMacSig>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context of type `T` from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<T>(vctx) };
        Ok(())
    })
}

unsafe extern "C" fn dupctx<T: LegacyMacSig + OpCtx>(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { sig_ctx::<T>(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

unsafe extern "C" fn digest_sign_init<T: LegacyMacSig + OpCtx>(
    vctx: *mut c_void,
    mdname: *const c_char,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { sig_ctx::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: libcrypto passes NULL or a key created by our "HMAC" or "CMAC" keymgmt (both make `MacKey`s; the
    // signature and keymgmt are fetched from the same provider by name), alive for this call and only read here.
    let key = unsafe { provkey.cast_const().cast::<MacKey>().as_ref() };
    on_ctx(ctx, 0, |ctx| {
        let mdname = if mdname.is_null() {
            None
        } else {
            // SAFETY: a non-NULL `mdname` is a NUL-terminated digest name valid for this call.
            let name = unsafe { CStr::from_ptr(mdname) };
            Some(name.to_str().map_err(|_| ProvError::with(Reason::UnknownDigest, "digest name not UTF-8"))?)
        };
        ctx.digest_sign_init(mdname, key, params).map(|()| 1)
    })
}

unsafe extern "C" fn digest_sign_update<T: LegacyMacSig + OpCtx>(
    vctx: *mut c_void,
    data: *const u8,
    len: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { sig_ctx::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `len` readable bytes at `data` (or NULL with len 0).
        let data = unsafe { in_slice(data, len) }.ok_or(ProvError::new(Reason::NullPointer))?;
        ctx.update(data).map(|()| 1)
    })
}

unsafe extern "C" fn digest_sign_final<T: LegacyMacSig + OpCtx>(
    vctx: *mut c_void,
    sig: *mut u8,
    siglen: *mut usize,
    sigsize: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { sig_ctx::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if siglen.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "signature length pointer"));
        }
        // SAFETY: libcrypto passes NULL (size query) or `sigsize` writable bytes at `sig`.
        let n = match unsafe { out_slice(sig, sigsize) } {
            None => ctx.size()?,
            Some(out) => ctx.finalize(out)?,
        };
        // SAFETY: `siglen` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(siglen, n) };
        Ok(1)
    })
}

unsafe extern "C" fn set_ctx_params<T: LegacyMacSig + OpCtx>(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `T`.
    let ctx = unsafe { sig_ctx::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.set_params(params).map(|()| 1))
}

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn cmac_settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    super::mac::CMAC_SETTABLE.as_ptr()
}

/// A mac-legacy signature dispatch table over context type `$ty`.
macro_rules! legacy_sig_table {
    ($ty:ty, $settable:expr) => {
        dispatch_table![
            OSSL_FUNC_SIGNATURE_NEWCTX => newctx::<$ty>, as NewCtxFn;
            OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT => digest_sign_init::<$ty>, as DigestSignInitFn;
            OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE => digest_sign_update::<$ty>, as UpdateFn;
            OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL => digest_sign_final::<$ty>, as FinalFn;
            OSSL_FUNC_SIGNATURE_FREECTX => freectx::<$ty>, as FreeCtxFn;
            OSSL_FUNC_SIGNATURE_DUPCTX => dupctx::<$ty>, as DupCtxFn;
            OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS => set_ctx_params::<$ty>, as SetCtxParamsFn;
            OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS => $settable, as CtxParamsListFn;
        ]
    };
}

/// The "HMAC" signature dispatch table.
pub(crate) static HMAC_SIGNATURE: DispatchTable<9> = legacy_sig_table!(MacSigCtx, settable_ctx_params);

/// The "CMAC" signature dispatch table (its context parameters are the "CMAC" MAC's).
pub(crate) static CMAC_SIGNATURE: DispatchTable<9> = legacy_sig_table!(CmacSigCtx, cmac_settable_ctx_params);
