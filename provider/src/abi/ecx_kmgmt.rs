//! `extern "C"` entry points of the X25519 and Ed25519 key managements (`OSSL_OP_KEYMGMT`,
//! "X25519:1.3.101.110" and "ED25519:1.3.101.112"). One set of functions serves both; those that depend on the
//! key type take it as a const parameter (`ED` = Ed25519).

use core::ffi::{c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_CALLBACK, OSSL_FUNC_KEYMGMT_DUP, OSSL_FUNC_KEYMGMT_EXPORT, OSSL_FUNC_KEYMGMT_EXPORT_TYPES,
    OSSL_FUNC_KEYMGMT_FREE, OSSL_FUNC_KEYMGMT_GEN, OSSL_FUNC_KEYMGMT_GEN_CLEANUP, OSSL_FUNC_KEYMGMT_GEN_INIT,
    OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS, OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_GET_PARAMS,
    OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_HAS, OSSL_FUNC_KEYMGMT_IMPORT, OSSL_FUNC_KEYMGMT_IMPORT_TYPES,
    OSSL_FUNC_KEYMGMT_MATCH, OSSL_FUNC_KEYMGMT_NEW, OSSL_FUNC_KEYMGMT_SET_PARAMS, OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS,
    OSSL_FUNC_KEYMGMT_VALIDATE, OSSL_KEYMGMT_SELECT_KEYPAIR, OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING,
    OSSL_PARAM_UTF8_STRING,
};

use super::dispatch::{DispatchTable, dispatch_table};
use super::keymgmt_shims::{self as shims, AbiGen, AbiKey, selection};
use super::params::{OwnedParams, ParamTable, Params, param_table};
use super::shim::new_ctx;
use crate::error::ProvResult;
use crate::ops::ec_key::Selection;
use crate::ops::ec_params::{P_BITS, P_ENCODED_PUB_KEY, P_GROUP, P_MAX_SIZE, P_PRIV, P_PUB, P_SECURITY_BITS};
use crate::ops::ecx_gen::{EcxGenCtx, P_GEN_PROPERTIES};
use crate::ops::ecx_key::{EcxKey, EcxKind};
use crate::ops::ecx_keyio::{P_MANDATORY_DIGEST, P_PROPERTIES};
use crate::provctx::ProvCtx;

type NewFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type GenInitFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> *mut c_void;
type SetParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type GenSettableFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;
type GenFn = unsafe extern "C" fn(*mut c_void, OSSL_CALLBACK, *mut c_void) -> *mut c_void;
type GetParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type ParamsListFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type HasFn = unsafe extern "C" fn(*const c_void, c_int) -> c_int;
type ValidateFn = unsafe extern "C" fn(*const c_void, c_int, c_int) -> c_int;
type MatchFn = unsafe extern "C" fn(*const c_void, *const c_void, c_int) -> c_int;
type ImportFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> c_int;
type TypesFn = unsafe extern "C" fn(c_int) -> *const OSSL_PARAM;
type ExportFn = unsafe extern "C" fn(*mut c_void, c_int, OSSL_CALLBACK, *mut c_void) -> c_int;
type DupFn = unsafe extern "C" fn(*const c_void, c_int) -> *mut c_void;

static GEN_SETTABLE: ParamTable<3> =
    param_table![(P_GROUP, OSSL_PARAM_UTF8_STRING), (P_GEN_PROPERTIES, OSSL_PARAM_UTF8_STRING)];

/// OpenSSL's `ecx_gettable_params` (X25519) and `ed_gettable_params` (+ `mandatory-digest`).
static X25519_GETTABLE: ParamTable<7> = param_table![
    (P_BITS, OSSL_PARAM_INTEGER),
    (P_SECURITY_BITS, OSSL_PARAM_INTEGER),
    (P_MAX_SIZE, OSSL_PARAM_INTEGER),
    (P_ENCODED_PUB_KEY, OSSL_PARAM_OCTET_STRING),
    (P_PUB, OSSL_PARAM_OCTET_STRING),
    (P_PRIV, OSSL_PARAM_OCTET_STRING),
];
static ED25519_GETTABLE: ParamTable<7> = param_table![
    (P_BITS, OSSL_PARAM_INTEGER),
    (P_SECURITY_BITS, OSSL_PARAM_INTEGER),
    (P_MAX_SIZE, OSSL_PARAM_INTEGER),
    (P_MANDATORY_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_PUB, OSSL_PARAM_OCTET_STRING),
    (P_PRIV, OSSL_PARAM_OCTET_STRING),
];

static X25519_SETTABLE: ParamTable<3> =
    param_table![(P_ENCODED_PUB_KEY, OSSL_PARAM_OCTET_STRING), (P_PROPERTIES, OSSL_PARAM_UTF8_STRING)];
static ED25519_SETTABLE: ParamTable<1> = param_table![];

static KEY_TYPES: ParamTable<3> = param_table![(P_PUB, OSSL_PARAM_OCTET_STRING), (P_PRIV, OSSL_PARAM_OCTET_STRING)];
static NO_TYPES: ParamTable<1> = param_table![];

const fn kind<const ED: bool>() -> EcxKind {
    if ED { EcxKind::Ed25519 } else { EcxKind::X25519 }
}

impl AbiKey for EcxKey {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }
    fn has(&self, sel: Selection) -> bool {
        EcxKey::has(self, sel)
    }
    fn validate(&self, sel: Selection) -> ProvResult<bool> {
        Ok(EcxKey::validate(self, sel))
    }
    fn matches(&self, other: &Self, sel: Selection) -> bool {
        EcxKey::matches(self, other, sel)
    }
    fn import(&mut self, sel: Selection, params: Params<'_>) -> ProvResult<()> {
        EcxKey::import(self, sel, params)
    }
    fn export(&self, sel: Selection) -> ProvResult<OwnedParams> {
        EcxKey::export(self, sel)
    }
    fn dup(&self, sel: Selection) -> ProvResult<Self> {
        Ok(EcxKey::dup(self, sel))
    }
    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        EcxKey::get_params(self, params)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcxKey::set_params(self, params)
    }
}

impl AbiGen for EcxGenCtx {
    type Out = EcxKey;
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcxGenCtx::set_params(self, params)
    }
    fn generate(&mut self) -> ProvResult<EcxKey> {
        EcxGenCtx::generate(self)
    }
}

/// Borrows the X25519/Ed25519 key behind `p` read-only.
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not modified during the call.
pub(super) unsafe fn key_ref<'a>(p: *const c_void) -> Option<&'a EcxKey> {
    // SAFETY: forwarded contract.
    unsafe { shims::key_ref::<EcxKey>(p) }
}

unsafe extern "C" fn new<const ED: bool>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(EcxKey::new(prov, kind::<ED>()))) }
}

unsafe extern "C" fn gen_init<const ED: bool>(
    provctx: *mut c_void,
    sel: c_int,
    params: *const OSSL_PARAM,
) -> *mut c_void {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: libcrypto passes the provider context it got from OSSL_provider_init (or NULL).
    unsafe { new_ctx(provctx, |prov| EcxGenCtx::new(prov, kind::<ED>(), selection(sel), params)) }
}

unsafe extern "C" fn gen_settable_params(_genctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GEN_SETTABLE.as_ptr()
}

unsafe extern "C" fn gettable_params<const ED: bool>(_provctx: *mut c_void) -> *const OSSL_PARAM {
    if ED { ED25519_GETTABLE.as_ptr() } else { X25519_GETTABLE.as_ptr() }
}

unsafe extern "C" fn settable_params<const ED: bool>(_provctx: *mut c_void) -> *const OSSL_PARAM {
    if ED { ED25519_SETTABLE.as_ptr() } else { X25519_SETTABLE.as_ptr() }
}

unsafe extern "C" fn imexport_types(sel: c_int) -> *const OSSL_PARAM {
    if sel as u32 & OSSL_KEYMGMT_SELECT_KEYPAIR != 0 { KEY_TYPES.as_ptr() } else { NO_TYPES.as_ptr() }
}

/// Builds the dispatch table of one key type.
macro_rules! ecx_keymgmt {
    ($ed:literal) => {
        dispatch_table![
            OSSL_FUNC_KEYMGMT_NEW => new::<$ed>, as NewFn;
            OSSL_FUNC_KEYMGMT_FREE => shims::free::<EcxKey>, as FreeFn;
            OSSL_FUNC_KEYMGMT_GEN_INIT => gen_init::<$ed>, as GenInitFn;
            OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS => shims::gen_set_params::<EcxGenCtx>, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS => gen_settable_params, as GenSettableFn;
            OSSL_FUNC_KEYMGMT_GEN => shims::generate::<EcxGenCtx>, as GenFn;
            OSSL_FUNC_KEYMGMT_GEN_CLEANUP => shims::gen_cleanup::<EcxGenCtx>, as FreeFn;
            OSSL_FUNC_KEYMGMT_GET_PARAMS => shims::get_params::<EcxKey>, as GetParamsFn;
            OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS => gettable_params::<$ed>, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_SET_PARAMS => shims::set_params::<EcxKey>, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS => settable_params::<$ed>, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_HAS => shims::has::<EcxKey>, as HasFn;
            OSSL_FUNC_KEYMGMT_VALIDATE => shims::validate::<EcxKey>, as ValidateFn;
            OSSL_FUNC_KEYMGMT_MATCH => shims::match_::<EcxKey>, as MatchFn;
            OSSL_FUNC_KEYMGMT_IMPORT => shims::import::<EcxKey>, as ImportFn;
            OSSL_FUNC_KEYMGMT_IMPORT_TYPES => imexport_types, as TypesFn;
            OSSL_FUNC_KEYMGMT_EXPORT => shims::export::<EcxKey>, as ExportFn;
            OSSL_FUNC_KEYMGMT_EXPORT_TYPES => imexport_types, as TypesFn;
            OSSL_FUNC_KEYMGMT_DUP => shims::dup::<EcxKey>, as DupFn;
        ]
    };
}

/// The X25519 key management's dispatch table.
pub(crate) static X25519_KEYMGMT: DispatchTable<20> = ecx_keymgmt!(false);
/// The Ed25519 key management's dispatch table.
pub(crate) static ED25519_KEYMGMT: DispatchTable<20> = ecx_keymgmt!(true);
