//! `extern "C"` entry points of the ECDH key exchange (`OSSL_OP_KEYEXCH`, "ECDH").

use core::ffi::{c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_FUNC_KEYEXCH_DERIVE, OSSL_FUNC_KEYEXCH_DUPCTX, OSSL_FUNC_KEYEXCH_FREECTX, OSSL_FUNC_KEYEXCH_GET_CTX_PARAMS,
    OSSL_FUNC_KEYEXCH_GETTABLE_CTX_PARAMS, OSSL_FUNC_KEYEXCH_INIT, OSSL_FUNC_KEYEXCH_NEWCTX,
    OSSL_FUNC_KEYEXCH_SET_CTX_PARAMS, OSSL_FUNC_KEYEXCH_SET_PEER, OSSL_FUNC_KEYEXCH_SETTABLE_CTX_PARAMS, OSSL_PARAM,
    OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::dispatch::{ALGORITHM_END, DispatchTable, ModeTable, algorithm, dispatch_table};
use super::exch_shims::{AbiExch, derive, init, set_peer};
use super::op_shims::{AbiCtxParams, AbiOpCtx, dupctx, freectx, get_ctx_params, newctx, set_ctx_params};
use super::params::{ParamTable, Params, param_table};
use super::shim::op_ctx;
use crate::error::ProvResult;
use crate::names;
use crate::ops::ec_exch::EcdhCtx;
use crate::ops::ec_key::EcKey;
use crate::ops::ec_params::{
    ECDH_NAMES, P_ECDH_COFACTOR_MODE, P_KDF_DIGEST, P_KDF_DIGEST_PROPS, P_KDF_OUTLEN, P_KDF_TYPE, P_KDF_UKM,
};
use crate::provctx::ProvCtx;

op_ctx!(EcdhCtx);

impl AbiOpCtx for EcdhCtx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        EcdhCtx::new(prov)
    }
}

impl AbiCtxParams for EcdhCtx {
    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        EcdhCtx::get_params(self, params)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcdhCtx::set_params(self, params)
    }
}

impl AbiExch for EcdhCtx {
    type Key = EcKey;
    fn init(&mut self, key: &EcKey, params: Params<'_>) -> ProvResult<()> {
        EcdhCtx::init(self, key, params)
    }
    fn set_peer(&mut self, peer: &EcKey) -> ProvResult<()> {
        EcdhCtx::set_peer(self, peer)
    }
    fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        EcdhCtx::derive(self, out)
    }
}

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

unsafe extern "C" fn settable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn gettable_ctx_params(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

static ECDH: DispatchTable<11> = dispatch_table![
    OSSL_FUNC_KEYEXCH_NEWCTX => newctx::<EcdhCtx>, as NewCtxFn;
    OSSL_FUNC_KEYEXCH_INIT => init::<EcdhCtx>, as InitFn;
    OSSL_FUNC_KEYEXCH_SET_PEER => set_peer::<EcdhCtx>, as SetPeerFn;
    OSSL_FUNC_KEYEXCH_DERIVE => derive::<EcdhCtx>, as DeriveFn;
    OSSL_FUNC_KEYEXCH_FREECTX => freectx::<EcdhCtx>, as FreeCtxFn;
    OSSL_FUNC_KEYEXCH_DUPCTX => dupctx::<EcdhCtx>, as DupCtxFn;
    OSSL_FUNC_KEYEXCH_SET_CTX_PARAMS => set_ctx_params::<EcdhCtx>, as SetCtxParamsFn;
    OSSL_FUNC_KEYEXCH_SETTABLE_CTX_PARAMS => settable_ctx_params, as CtxParamsListFn;
    OSSL_FUNC_KEYEXCH_GET_CTX_PARAMS => get_ctx_params::<EcdhCtx>, as GetCtxParamsFn;
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
