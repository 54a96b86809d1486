//! `extern "C"` entry points of the EC key management (`OSSL_OP_KEYMGMT`, "EC:id-ecPublicKey:1.2.840.10045.2.1").

use core::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_CALLBACK, OSSL_FUNC_KEYMGMT_DUP, OSSL_FUNC_KEYMGMT_EXPORT, OSSL_FUNC_KEYMGMT_EXPORT_TYPES,
    OSSL_FUNC_KEYMGMT_FREE, OSSL_FUNC_KEYMGMT_GEN, OSSL_FUNC_KEYMGMT_GEN_CLEANUP, OSSL_FUNC_KEYMGMT_GEN_INIT,
    OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS, OSSL_FUNC_KEYMGMT_GEN_SET_TEMPLATE, OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS,
    OSSL_FUNC_KEYMGMT_GET_PARAMS, OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_HAS, OSSL_FUNC_KEYMGMT_IMPORT,
    OSSL_FUNC_KEYMGMT_IMPORT_TYPES, OSSL_FUNC_KEYMGMT_MATCH, OSSL_FUNC_KEYMGMT_NEW,
    OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME, OSSL_FUNC_KEYMGMT_SET_PARAMS, OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS,
    OSSL_FUNC_KEYMGMT_VALIDATE, OSSL_KEYMGMT_SELECT_PRIVATE_KEY, OSSL_OP_KEYEXCH, OSSL_OP_SIGNATURE, OSSL_PARAM,
    OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::ctx_mut;
use super::dispatch::{DispatchTable, dispatch_table};
use super::keymgmt_shims::{self as shims, AbiGen, AbiKey, selection};
use super::params::{OwnedParams, ParamTable, Params, param_table};
use super::shim::{new_ctx, service};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::ec_gen::EcGenCtx;
use crate::ops::ec_key::{EcKey, Selection};
use crate::ops::ec_params::{
    P_A, P_B, P_BITS, P_COFACTOR, P_DECODED_FROM_EXPLICIT, P_DEFAULT_DIGEST, P_ENCODED_PUB_KEY, P_ENCODING,
    P_FIELD_TYPE, P_GENERATOR, P_GROUP, P_GROUP_CHECK, P_INCLUDE_PUBLIC, P_MAX_SIZE, P_ORDER, P_P, P_POINT_FORMAT,
    P_PRIV, P_PUB, P_QX, P_QY, P_SECURITY_BITS, P_SEED, P_USE_COFACTOR,
};
use crate::provctx::ProvCtx;

type NewFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type GenInitFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> *mut c_void;
type GenSetTemplateFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
type SetParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type GenSettableFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;
type GenFn = unsafe extern "C" fn(*mut c_void, OSSL_CALLBACK, *mut c_void) -> *mut c_void;
type GetParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type ParamsListFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type QueryNameFn = unsafe extern "C" fn(c_int) -> *const c_char;
type HasFn = unsafe extern "C" fn(*const c_void, c_int) -> c_int;
type ValidateFn = unsafe extern "C" fn(*const c_void, c_int, c_int) -> c_int;
type MatchFn = unsafe extern "C" fn(*const c_void, *const c_void, c_int) -> c_int;
type ImportFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> c_int;
type TypesFn = unsafe extern "C" fn(c_int) -> *const OSSL_PARAM;
type ExportFn = unsafe extern "C" fn(*mut c_void, c_int, OSSL_CALLBACK, *mut c_void) -> c_int;
type DupFn = unsafe extern "C" fn(*const c_void, c_int) -> *mut c_void;

static GEN_SETTABLE: ParamTable<6> = param_table![
    (P_GROUP, OSSL_PARAM_UTF8_STRING),
    (P_ENCODING, OSSL_PARAM_UTF8_STRING),
    (P_POINT_FORMAT, OSSL_PARAM_UTF8_STRING),
    (P_USE_COFACTOR, OSSL_PARAM_INTEGER),
    (P_GROUP_CHECK, OSSL_PARAM_UTF8_STRING),
];

static GETTABLE: ParamTable<25> = param_table![
    (P_BITS, OSSL_PARAM_INTEGER),
    (P_SECURITY_BITS, OSSL_PARAM_INTEGER),
    (P_MAX_SIZE, OSSL_PARAM_INTEGER),
    (P_DEFAULT_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_ENCODED_PUB_KEY, OSSL_PARAM_OCTET_STRING),
    (P_DECODED_FROM_EXPLICIT, OSSL_PARAM_INTEGER),
    (P_GROUP, OSSL_PARAM_UTF8_STRING),
    (P_ENCODING, OSSL_PARAM_UTF8_STRING),
    (P_POINT_FORMAT, OSSL_PARAM_UTF8_STRING),
    (P_FIELD_TYPE, OSSL_PARAM_UTF8_STRING),
    (P_P, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_A, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_B, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_GENERATOR, OSSL_PARAM_OCTET_STRING),
    (P_ORDER, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_COFACTOR, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_SEED, OSSL_PARAM_OCTET_STRING),
    (P_PUB, OSSL_PARAM_OCTET_STRING),
    (P_QX, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_QY, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PRIV, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_USE_COFACTOR, OSSL_PARAM_INTEGER),
    (P_INCLUDE_PUBLIC, OSSL_PARAM_INTEGER),
    (P_GROUP_CHECK, OSSL_PARAM_UTF8_STRING),
];

static SETTABLE: ParamTable<7> = param_table![
    (P_ENCODED_PUB_KEY, OSSL_PARAM_OCTET_STRING),
    (P_ENCODING, OSSL_PARAM_UTF8_STRING),
    (P_POINT_FORMAT, OSSL_PARAM_UTF8_STRING),
    (P_USE_COFACTOR, OSSL_PARAM_INTEGER),
    (P_INCLUDE_PUBLIC, OSSL_PARAM_INTEGER),
    (P_GROUP_CHECK, OSSL_PARAM_UTF8_STRING),
];

/// What `import` accepts and `export` produces, with and without the private key.
static IMEXPORT_ALL: ParamTable<18> = param_table![
    (P_GROUP, OSSL_PARAM_UTF8_STRING),
    (P_ENCODING, OSSL_PARAM_UTF8_STRING),
    (P_POINT_FORMAT, OSSL_PARAM_UTF8_STRING),
    (P_FIELD_TYPE, OSSL_PARAM_UTF8_STRING),
    (P_P, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_A, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_B, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_GENERATOR, OSSL_PARAM_OCTET_STRING),
    (P_ORDER, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_COFACTOR, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_SEED, OSSL_PARAM_OCTET_STRING),
    (P_DECODED_FROM_EXPLICIT, OSSL_PARAM_INTEGER),
    (P_PUB, OSSL_PARAM_OCTET_STRING),
    (P_USE_COFACTOR, OSSL_PARAM_INTEGER),
    (P_INCLUDE_PUBLIC, OSSL_PARAM_INTEGER),
    (P_GROUP_CHECK, OSSL_PARAM_UTF8_STRING),
    (P_PRIV, OSSL_PARAM_UNSIGNED_INTEGER),
];
static IMEXPORT_PUBLIC: ParamTable<17> = param_table![
    (P_GROUP, OSSL_PARAM_UTF8_STRING),
    (P_ENCODING, OSSL_PARAM_UTF8_STRING),
    (P_POINT_FORMAT, OSSL_PARAM_UTF8_STRING),
    (P_FIELD_TYPE, OSSL_PARAM_UTF8_STRING),
    (P_P, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_A, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_B, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_GENERATOR, OSSL_PARAM_OCTET_STRING),
    (P_ORDER, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_COFACTOR, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_SEED, OSSL_PARAM_OCTET_STRING),
    (P_DECODED_FROM_EXPLICIT, OSSL_PARAM_INTEGER),
    (P_PUB, OSSL_PARAM_OCTET_STRING),
    (P_USE_COFACTOR, OSSL_PARAM_INTEGER),
    (P_INCLUDE_PUBLIC, OSSL_PARAM_INTEGER),
    (P_GROUP_CHECK, OSSL_PARAM_UTF8_STRING),
];

impl AbiKey for EcKey {
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }
    fn has(&self, sel: Selection) -> bool {
        EcKey::has(self, sel)
    }
    fn validate(&self, sel: Selection) -> ProvResult<bool> {
        EcKey::validate(self, sel)
    }
    fn matches(&self, other: &Self, sel: Selection) -> bool {
        EcKey::matches(self, other, sel)
    }
    fn import(&mut self, sel: Selection, params: Params<'_>) -> ProvResult<()> {
        EcKey::import(self, sel, params)
    }
    fn export(&self, sel: Selection) -> ProvResult<OwnedParams> {
        EcKey::export(self, sel)
    }
    fn dup(&self, sel: Selection) -> ProvResult<Self> {
        EcKey::dup(self, sel)
    }
    fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        EcKey::get_params(self, params)
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcKey::set_params(self, params)
    }
}

impl AbiGen for EcGenCtx {
    type Out = EcKey;
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        EcGenCtx::set_params(self, params)
    }
    fn generate(&mut self) -> ProvResult<EcKey> {
        EcGenCtx::generate(self)
    }
}

/// Borrows the EC key behind `p` read-only.
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not modified during the call.
pub(super) unsafe fn key_ref<'a>(p: *const c_void) -> Option<&'a EcKey> {
    // SAFETY: forwarded contract.
    unsafe { shims::key_ref::<EcKey>(p) }
}

unsafe extern "C" fn new(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(EcKey::new(prov))) }
}

unsafe extern "C" fn gen_init(provctx: *mut c_void, sel: c_int, params: *const OSSL_PARAM) -> *mut c_void {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: libcrypto passes the provider context it got from OSSL_provider_init (or NULL).
    unsafe { new_ctx(provctx, |prov| EcGenCtx::new(prov, selection(sel), params)) }
}

unsafe extern "C" fn gen_set_template(genctx: *mut c_void, templ: *mut c_void) -> c_int {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<EcGenCtx>(genctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov.clone();
    service(Some(&prov), 0, || {
        // SAFETY: `templ` is NULL or a live EC key of this key management, only read here.
        let t = unsafe { key_ref(templ) }.ok_or(ProvError::with(Reason::NullPointer, "template"))?;
        g.set_template(t).map(|()| 1)
    })
}

unsafe extern "C" fn gen_settable_params(_genctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GEN_SETTABLE.as_ptr()
}

unsafe extern "C" fn gettable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE.as_ptr()
}

unsafe extern "C" fn settable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    SETTABLE.as_ptr()
}

unsafe extern "C" fn query_operation_name(op: c_int) -> *const c_char {
    match op as u32 {
        OSSL_OP_KEYEXCH => c"ECDH".as_ptr(),
        OSSL_OP_SIGNATURE => c"ECDSA".as_ptr(),
        _ => core::ptr::null(),
    }
}

unsafe extern "C" fn imexport_types(sel: c_int) -> *const OSSL_PARAM {
    if sel as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY != 0 { IMEXPORT_ALL.as_ptr() } else { IMEXPORT_PUBLIC.as_ptr() }
}

/// The EC key management's dispatch table.
pub(crate) static EC_KEYMGMT: DispatchTable<22> = dispatch_table![
    OSSL_FUNC_KEYMGMT_NEW => new, as NewFn;
    OSSL_FUNC_KEYMGMT_FREE => shims::free::<EcKey>, as FreeFn;
    OSSL_FUNC_KEYMGMT_GEN_INIT => gen_init, as GenInitFn;
    OSSL_FUNC_KEYMGMT_GEN_SET_TEMPLATE => gen_set_template, as GenSetTemplateFn;
    OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS => shims::gen_set_params::<EcGenCtx>, as SetParamsFn;
    OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS => gen_settable_params, as GenSettableFn;
    OSSL_FUNC_KEYMGMT_GEN => shims::generate::<EcGenCtx>, as GenFn;
    OSSL_FUNC_KEYMGMT_GEN_CLEANUP => shims::gen_cleanup::<EcGenCtx>, as FreeFn;
    OSSL_FUNC_KEYMGMT_GET_PARAMS => shims::get_params::<EcKey>, as GetParamsFn;
    OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS => gettable_params, as ParamsListFn;
    OSSL_FUNC_KEYMGMT_SET_PARAMS => shims::set_params::<EcKey>, as SetParamsFn;
    OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS => settable_params, as ParamsListFn;
    OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME => query_operation_name, as QueryNameFn;
    OSSL_FUNC_KEYMGMT_HAS => shims::has::<EcKey>, as HasFn;
    OSSL_FUNC_KEYMGMT_VALIDATE => shims::validate::<EcKey>, as ValidateFn;
    OSSL_FUNC_KEYMGMT_MATCH => shims::match_::<EcKey>, as MatchFn;
    OSSL_FUNC_KEYMGMT_IMPORT => shims::import::<EcKey>, as ImportFn;
    OSSL_FUNC_KEYMGMT_IMPORT_TYPES => imexport_types, as TypesFn;
    OSSL_FUNC_KEYMGMT_EXPORT => shims::export::<EcKey>, as ExportFn;
    OSSL_FUNC_KEYMGMT_EXPORT_TYPES => imexport_types, as TypesFn;
    OSSL_FUNC_KEYMGMT_DUP => shims::dup::<EcKey>, as DupFn;
];
