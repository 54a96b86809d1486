//! `extern "C"` entry points of the ECDSA signature (`OSSL_OP_SIGNATURE`, "ECDSA").

use core::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN, OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT,
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, OSSL_FUNC_SIGNATURE_DIGEST_VERIFY, OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_FINAL,
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_INIT, OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_UPDATE, OSSL_FUNC_SIGNATURE_DUPCTX,
    OSSL_FUNC_SIGNATURE_FREECTX, OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS, OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS,
    OSSL_FUNC_SIGNATURE_NEWCTX, OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS,
    OSSL_FUNC_SIGNATURE_SIGN, OSSL_FUNC_SIGNATURE_SIGN_INIT, OSSL_FUNC_SIGNATURE_VERIFY,
    OSSL_FUNC_SIGNATURE_VERIFY_INIT, OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER,
    OSSL_PARAM_UTF8_STRING,
};

use super::ctx::in_slice;
use super::dispatch::{DispatchTable, dispatch_table};
use super::ec_kmgmt::key_ref;
use super::op_shims::{
    AbiCtxParams, AbiOpCtx, dupctx, freectx, get_ctx_params, op_ctx_mut, set_ctx_params, sig_newctx as newctx,
    write_out,
};
use super::params::{ParamTable, Params, param_table};
use super::shim::{on_ctx, op_ctx};
use super::sig_shims::{AbiSig, sig_and_tbs, sign, sign_with, verify};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::ec_params::{P_ALGORITHM_ID, P_DIGEST, P_DIGEST_SIZE, P_NONCE_TYPE, P_PROPERTIES};
use crate::ops::ec_sig::{EcdsaCtx, Op};
use crate::provctx::ProvCtx;

op_ctx!(EcdsaCtx);

impl AbiOpCtx for EcdsaCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        EcdsaCtx::new(prov)
    }
}

impl AbiCtxParams for EcdsaCtx {
    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        EcdsaCtx::get_params(self, params)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcdsaCtx::set_params(self, params)
    }
}

impl AbiSig for EcdsaCtx {
    fn sign(&self, out: Option<&mut [u8]>, tbs: &[u8]) -> ProvResult<usize> {
        EcdsaCtx::sign(self, out, tbs)
    }
    fn verify(&self, sig: &[u8], tbs: &[u8]) -> ProvResult<()> {
        EcdsaCtx::verify(self, sig, tbs)
    }
}

type NewCtxFn = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_PARAM) -> c_int;
type SignFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize, *const u8, usize) -> c_int;
type VerifyFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *const u8, usize) -> c_int;
type DigestInitFn = unsafe extern "C" fn(*mut c_void, *const c_char, *mut c_void, *const OSSL_PARAM) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type SignFinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type VerifyFinalFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;

static GETTABLE_CTX: ParamTable<5> = param_table![
    (P_ALGORITHM_ID, OSSL_PARAM_OCTET_STRING),
    (P_DIGEST_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_NONCE_TYPE, OSSL_PARAM_UNSIGNED_INTEGER),
];
static SETTABLE_CTX: ParamTable<5> = param_table![
    (P_DIGEST_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_NONCE_TYPE, OSSL_PARAM_UNSIGNED_INTEGER),
];

unsafe extern "C" fn init<const SIGN: bool>(
    vctx: *mut c_void,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `provkey` is NULL (keep the previous key) or a live key of our EC key management (EVP exports keys
    // to the provider of the operation first), only read here.
    let key = unsafe { key_ref(provkey) };
    let op = if SIGN { Op::Sign } else { Op::Verify };
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| ctx.init(op, key, params).map(|()| 1))
}

unsafe extern "C" fn digest_init<const SIGN: bool>(
    vctx: *mut c_void,
    mdname: *const c_char,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `provkey` is NULL or a live key of our EC key management, only read here.
    let key = unsafe { key_ref(provkey) };
    let op = if SIGN { Op::Sign } else { Op::Verify };
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        let name = if mdname.is_null() {
            None
        } else {
            // SAFETY: a non-NULL `mdname` is a NUL-terminated string valid for this call.
            let s = unsafe { CStr::from_ptr(mdname) };
            Some(s.to_str().map_err(|_| ProvError::with(Reason::UnknownDigest, "digest name is not UTF-8"))?)
        };
        ctx.digest_init(op, name, key, params).map(|()| 1)
    })
}

unsafe extern "C" fn digest_update(vctx: *mut c_void, data: *const u8, len: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `len` readable bytes at `data` (or NULL with len 0).
        let data = unsafe { in_slice(data, len) }.ok_or(ProvError::with(Reason::NullPointer, "input"))?;
        ctx.update(data).map(|()| 1)
    })
}

unsafe extern "C" fn digest_sign_final(vctx: *mut c_void, sig: *mut u8, siglen: *mut usize, sigsize: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes NULL (size query) or `sigsize` writable bytes, and NULL or a `size_t` for
        // `siglen`.
        unsafe { write_out(sig, siglen, sigsize, "signature length pointer", |out| ctx.digest_sign_final(out)) }
    })
}

unsafe extern "C" fn digest_verify_final(vctx: *mut c_void, sig: *const u8, siglen: usize) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `siglen` readable bytes at `sig`.
        let sig = unsafe { in_slice(sig, siglen) }.ok_or(ProvError::with(Reason::NullPointer, "signature"))?;
        ctx.digest_verify_final(sig).map(|()| 1)
    })
}

unsafe extern "C" fn digest_sign(
    vctx: *mut c_void,
    sig: *mut u8,
    siglen: *mut usize,
    sigsize: usize,
    tbs: *const u8,
    tbslen: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto's buffers, as `sign_with` requires.
        unsafe { sign_with(sig, siglen, sigsize, tbs, tbslen, |out, tbs| ctx.digest_sign(out, tbs)) }
    })
}

unsafe extern "C" fn digest_verify(
    vctx: *mut c_void,
    sig: *const u8,
    siglen: usize,
    tbs: *const u8,
    tbslen: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live ECDSA context.
    let ctx = unsafe { op_ctx_mut::<EcdsaCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `siglen` readable bytes at `sig` and `tbslen` at `tbs`.
        let (sig, tbs) = unsafe { sig_and_tbs(sig, siglen, tbs, tbslen) }?;
        ctx.digest_verify(sig, tbs).map(|()| 1)
    })
}

unsafe extern "C" fn gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

/// The ECDSA signature's dispatch table.
pub(crate) static ECDSA_SIGNATURE: DispatchTable<20> = dispatch_table![
    OSSL_FUNC_SIGNATURE_NEWCTX => newctx::<EcdsaCtx>, as NewCtxFn;
    OSSL_FUNC_SIGNATURE_SIGN_INIT => init::<true>, as InitFn;
    OSSL_FUNC_SIGNATURE_SIGN => sign::<EcdsaCtx>, as SignFn;
    OSSL_FUNC_SIGNATURE_VERIFY_INIT => init::<false>, as InitFn;
    OSSL_FUNC_SIGNATURE_VERIFY => verify::<EcdsaCtx>, as VerifyFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT => digest_init::<true>, as DigestInitFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE => digest_update, as UpdateFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL => digest_sign_final, as SignFinalFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN => digest_sign, as SignFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_INIT => digest_init::<false>, as DigestInitFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_UPDATE => digest_update, as UpdateFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_FINAL => digest_verify_final, as VerifyFinalFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY => digest_verify, as VerifyFn;
    OSSL_FUNC_SIGNATURE_FREECTX => freectx::<EcdsaCtx>, as FreeCtxFn;
    OSSL_FUNC_SIGNATURE_DUPCTX => dupctx::<EcdsaCtx>, as DupCtxFn;
    OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS => get_ctx_params::<EcdsaCtx>, as GetCtxParamsFn;
    OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS => gettable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS => set_ctx_params::<EcdsaCtx>, as SetCtxParamsFn;
    OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS => settable_ctx_params, as CtxParamsListFn;
];
