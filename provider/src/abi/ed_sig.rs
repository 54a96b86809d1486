//! `extern "C"` entry points of the Ed25519 signature (`OSSL_OP_SIGNATURE`, "ED25519:1.3.101.112"), with the
//! dispatch entries of OpenSSL 3.5's `eddsa_sig.c`: digest-sign/verify one-shot, sign/verify (pre-hashed,
//! Ed25519ph), and the libcrypto 3.4+ message-signing init and key-type query.

use core::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN, OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT, OSSL_FUNC_SIGNATURE_DIGEST_VERIFY,
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_INIT, OSSL_FUNC_SIGNATURE_DUPCTX, OSSL_FUNC_SIGNATURE_FREECTX,
    OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS, OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS, OSSL_FUNC_SIGNATURE_NEWCTX,
    OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS, OSSL_FUNC_SIGNATURE_SIGN,
    OSSL_FUNC_SIGNATURE_SIGN_INIT, OSSL_FUNC_SIGNATURE_VERIFY, OSSL_FUNC_SIGNATURE_VERIFY_INIT, OSSL_PARAM,
    OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UTF8_STRING,
};

use super::dispatch::{DispatchTable, dispatch_table};
use super::ecx_kmgmt::key_ref;
use super::op_shims::{
    AbiCtxParams, AbiOpCtx, dupctx, freectx, get_ctx_params, op_ctx_mut, set_ctx_params, sig_newctx as newctx,
};
use super::params::{ParamTable, Params, param_table};
use super::shim::{on_ctx, op_ctx};
use super::sig_shims::{AbiSig, sign, verify};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::ec_params::P_ALGORITHM_ID;
use crate::ops::ec_sig::Op;
use crate::ops::ed_sig::{EdCtx, Mode, P_CONTEXT_STRING, P_INSTANCE};
use crate::provctx::ProvCtx;

op_ctx!(EdCtx);

impl AbiOpCtx for EdCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        EdCtx::new(prov)
    }
}

impl AbiCtxParams for EdCtx {
    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        EdCtx::get_params(self, params)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EdCtx::set_params(self, params)
    }
}

impl AbiSig for EdCtx {
    fn sign(&self, out: Option<&mut [u8]>, tbs: &[u8]) -> ProvResult<usize> {
        EdCtx::sign(self, out, tbs)
    }
    fn verify(&self, sig: &[u8], tbs: &[u8]) -> ProvResult<()> {
        EdCtx::verify(self, sig, tbs)
    }
}

/// `OSSL_FUNC_SIGNATURE_QUERY_KEY_TYPES` (libcrypto 3.5 headers; ignored by older cores).
const QUERY_KEY_TYPES: u32 = 26;
/// `OSSL_FUNC_SIGNATURE_SIGN_MESSAGE_INIT` (libcrypto 3.4+).
const SIGN_MESSAGE_INIT: u32 = 27;
/// `OSSL_FUNC_SIGNATURE_VERIFY_MESSAGE_INIT` (libcrypto 3.4+).
const VERIFY_MESSAGE_INIT: u32 = 30;

type NewCtxFn = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_PARAM) -> c_int;
type SignFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize, *const u8, usize) -> c_int;
type VerifyFn = unsafe extern "C" fn(*mut c_void, *const u8, usize, *const u8, usize) -> c_int;
type DigestInitFn = unsafe extern "C" fn(*mut c_void, *const c_char, *mut c_void, *const OSSL_PARAM) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type CtxParamsListFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;
type KeyTypesFn = unsafe extern "C" fn() -> *const *const c_char;

static GETTABLE_CTX: ParamTable<4> = param_table![
    (P_ALGORITHM_ID, OSSL_PARAM_OCTET_STRING),
    (P_INSTANCE, OSSL_PARAM_UTF8_STRING),
    (P_CONTEXT_STRING, OSSL_PARAM_OCTET_STRING),
];
static SETTABLE_CTX: ParamTable<3> =
    param_table![(P_INSTANCE, OSSL_PARAM_UTF8_STRING), (P_CONTEXT_STRING, OSSL_PARAM_OCTET_STRING)];

/// A NULL-terminated list of key type names, as `query_key_types` returns it.
#[repr(transparent)]
struct KeyTypes([*const c_char; 2]);

// SAFETY: the list only points at a static, immutable C string; nobody writes through it.
unsafe impl Sync for KeyTypes {}

static KEY_TYPES: KeyTypes = KeyTypes([c"ED25519".as_ptr(), core::ptr::null()]);

/// `sign_init`/`verify_init` (`MESSAGE` false: the input is a SHA-512 pre-hash) and
/// `sign_message_init`/`verify_message_init` (`MESSAGE` true).
unsafe extern "C" fn init<const SIGN: bool, const MESSAGE: bool>(
    vctx: *mut c_void,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `provkey` is NULL or a live key of our Ed25519 key management (EVP exports keys to the provider of
    // the operation first), only read here.
    let key = unsafe { key_ref(provkey) };
    let op = if SIGN { Op::Sign } else { Op::Verify };
    let mode = if MESSAGE { Mode::Message } else { Mode::PreHashed };
    // SAFETY: `vctx` is NULL or a live Ed25519 context.
    let ctx = unsafe { op_ctx_mut::<EdCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| ctx.init(op, mode, key, params).map(|()| 1))
}

unsafe extern "C" fn digest_init<const SIGN: bool>(
    vctx: *mut c_void,
    mdname: *const c_char,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: `provkey` is NULL or a live key of our Ed25519 key management, only read here.
    let key = unsafe { key_ref(provkey) };
    let op = if SIGN { Op::Sign } else { Op::Verify };
    // SAFETY: `vctx` is NULL or a live Ed25519 context.
    let ctx = unsafe { op_ctx_mut::<EdCtx>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if !mdname.is_null() {
            // SAFETY: a non-NULL `mdname` is a NUL-terminated string valid for this call.
            let name = unsafe { CStr::from_ptr(mdname) };
            if !name.is_empty() {
                return Err(ProvError::with(
                    Reason::UnknownDigest,
                    format!("Ed25519 takes no digest ({} given)", name.to_string_lossy()),
                ));
            }
        }
        ctx.init(op, Mode::Digest, key, params).map(|()| 1)
    })
}

unsafe extern "C" fn gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn query_key_types() -> *const *const c_char {
    KEY_TYPES.0.as_ptr()
}

/// The Ed25519 signature's dispatch table.
pub(crate) static ED25519_SIGNATURE: DispatchTable<19> = dispatch_table![
    OSSL_FUNC_SIGNATURE_NEWCTX => newctx::<EdCtx>, as NewCtxFn;
    SIGN_MESSAGE_INIT => init::<true, true>, as InitFn;
    OSSL_FUNC_SIGNATURE_SIGN => sign::<EdCtx>, as SignFn;
    VERIFY_MESSAGE_INIT => init::<false, true>, as InitFn;
    OSSL_FUNC_SIGNATURE_VERIFY => verify::<EdCtx>, as VerifyFn;
    OSSL_FUNC_SIGNATURE_FREECTX => freectx::<EdCtx>, as FreeCtxFn;
    OSSL_FUNC_SIGNATURE_DUPCTX => dupctx::<EdCtx>, as DupCtxFn;
    QUERY_KEY_TYPES => query_key_types, as KeyTypesFn;
    OSSL_FUNC_SIGNATURE_SIGN_INIT => init::<true, false>, as InitFn;
    OSSL_FUNC_SIGNATURE_VERIFY_INIT => init::<false, false>, as InitFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT => digest_init::<true>, as DigestInitFn;
    OSSL_FUNC_SIGNATURE_DIGEST_SIGN => sign::<EdCtx>, as SignFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY_INIT => digest_init::<false>, as DigestInitFn;
    OSSL_FUNC_SIGNATURE_DIGEST_VERIFY => verify::<EdCtx>, as VerifyFn;
    OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS => get_ctx_params::<EdCtx>, as GetCtxParamsFn;
    OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS => gettable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS => set_ctx_params::<EdCtx>, as SetCtxParamsFn;
    OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS => settable_ctx_params, as CtxParamsListFn;
];
