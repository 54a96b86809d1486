//! `extern "C"` entry points of the X25519 and Ed25519 key managements (`OSSL_OP_KEYMGMT`,
//! "X25519:1.3.101.110" and "ED25519:1.3.101.112"). One set of functions serves both; those that depend on the
//! key type take it as a const parameter (`ED` = Ed25519).

use core::ffi::{c_int, c_void};

use ferrofips_ffi::{
    OSSL_CALLBACK, OSSL_FUNC_KEYMGMT_DUP, OSSL_FUNC_KEYMGMT_EXPORT, OSSL_FUNC_KEYMGMT_EXPORT_TYPES,
    OSSL_FUNC_KEYMGMT_FREE, OSSL_FUNC_KEYMGMT_GEN, OSSL_FUNC_KEYMGMT_GEN_CLEANUP, OSSL_FUNC_KEYMGMT_GEN_INIT,
    OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS, OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_GET_PARAMS,
    OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_HAS, OSSL_FUNC_KEYMGMT_IMPORT, OSSL_FUNC_KEYMGMT_IMPORT_TYPES,
    OSSL_FUNC_KEYMGMT_MATCH, OSSL_FUNC_KEYMGMT_NEW, OSSL_FUNC_KEYMGMT_SET_PARAMS, OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS,
    OSSL_FUNC_KEYMGMT_VALIDATE, OSSL_KEYMGMT_SELECT_KEYPAIR, OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING,
    OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, provctx_clone};
use super::dispatch::{DispatchTable, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::shim::{always, service};
use crate::error::{ProvError, Reason};
use crate::ops::ec_key::Selection;
use crate::ops::ec_params::{P_BITS, P_ENCODED_PUB_KEY, P_GROUP, P_MAX_SIZE, P_PRIV, P_PUB, P_SECURITY_BITS};
use crate::ops::ecx_gen::{EcxGenCtx, P_GEN_PROPERTIES};
use crate::ops::ecx_key::{EcxKey, EcxKind};
use crate::ops::ecx_keyio::{P_MANDATORY_DIGEST, P_PROPERTIES};

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

/// Borrows the key behind `p` for modification.
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not otherwise referenced during the call.
unsafe fn key_mut<'a>(p: *mut c_void) -> Option<&'a mut EcxKey> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<EcxKey>(p) }
}

/// Borrows the key behind `p` read-only (libcrypto may use one key from several threads, and `match` may get
/// the same key twice).
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not modified during the call.
pub(super) unsafe fn key_ref<'a>(p: *const c_void) -> Option<&'a EcxKey> {
    // SAFETY: forwarded contract.
    unsafe { p.cast::<EcxKey>().as_ref() }
}

fn selection(s: c_int) -> Selection {
    Selection(s as u32)
}

unsafe extern "C" fn new<const ED: bool>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(EcxKey::new(prov, kind::<ED>())))
    })
}

unsafe extern "C" fn free(keydata: *mut c_void) {
    always(None, (), || {
        // SAFETY: `keydata` is NULL or a key from our new/gen/dup that libcrypto is done with.
        unsafe { ctx_free::<EcxKey>(keydata) };
        Ok(())
    })
}

unsafe extern "C" fn gen_init<const ED: bool>(
    provctx: *mut c_void,
    sel: c_int,
    params: *const OSSL_PARAM,
) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(EcxGenCtx::new(prov, kind::<ED>(), selection(sel), params)?))
    })
}

unsafe extern "C" fn gen_set_params(genctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<EcxGenCtx>(genctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov.clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || g.set_params(params).map(|()| 1))
}

unsafe extern "C" fn gen_settable_params(_genctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    GEN_SETTABLE.as_ptr()
}

unsafe extern "C" fn generate(genctx: *mut c_void, _cb: OSSL_CALLBACK, _cbarg: *mut c_void) -> *mut c_void {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<EcxGenCtx>(genctx) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov.clone();
    service(Some(&prov), core::ptr::null_mut(), || Ok(ctx_into_raw(g.generate()?)))
}

unsafe extern "C" fn gen_cleanup(genctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `genctx` is NULL or a generation context from our gen_init that libcrypto is done with.
        unsafe { ctx_free::<EcxGenCtx>(genctx) };
        Ok(())
    })
}

unsafe extern "C" fn get_params(keydata: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&k.prov), 0, || k.get_params(params).map(|()| 1))
}

unsafe extern "C" fn gettable_params<const ED: bool>(_provctx: *mut c_void) -> *const OSSL_PARAM {
    if ED { ED25519_GETTABLE.as_ptr() } else { X25519_GETTABLE.as_ptr() }
}

unsafe extern "C" fn set_params(keydata: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key that libcrypto hands us for modification.
    let Some(k) = (unsafe { key_mut(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov.clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.set_params(params).map(|()| 1))
}

unsafe extern "C" fn settable_params<const ED: bool>(_provctx: *mut c_void) -> *const OSSL_PARAM {
    if ED { ED25519_SETTABLE.as_ptr() } else { X25519_SETTABLE.as_ptr() }
}

unsafe extern "C" fn has(keydata: *const c_void, sel: c_int) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return 0;
    };
    service(Some(&k.prov), 0, || Ok(c_int::from(k.has(selection(sel)))))
}

unsafe extern "C" fn validate(keydata: *const c_void, sel: c_int, _checktype: c_int) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return 0;
    };
    service(Some(&k.prov), 0, || Ok(c_int::from(k.validate(selection(sel)))))
}

unsafe extern "C" fn match_(a: *const c_void, b: *const c_void, sel: c_int) -> c_int {
    // SAFETY: NULL or a live key, only read here.
    let a = unsafe { key_ref(a) };
    // SAFETY: as above (possibly the same key as `a`: both borrows are shared).
    let b = unsafe { key_ref(b) };
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    service(Some(&a.prov), 0, || Ok(c_int::from(a.matches(b, selection(sel)))))
}

unsafe extern "C" fn import(keydata: *mut c_void, sel: c_int, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key that libcrypto hands us for modification.
    let Some(k) = (unsafe { key_mut(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov.clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.import(selection(sel), params).map(|()| 1))
}

unsafe extern "C" fn imexport_types(sel: c_int) -> *const OSSL_PARAM {
    if sel as u32 & OSSL_KEYMGMT_SELECT_KEYPAIR != 0 { KEY_TYPES.as_ptr() } else { NO_TYPES.as_ptr() }
}

unsafe extern "C" fn export(keydata: *mut c_void, sel: c_int, cb: OSSL_CALLBACK, cbarg: *mut c_void) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    service(Some(&k.prov), 0, || {
        let cb = cb.ok_or(ProvError::with(Reason::NullPointer, "export callback"))?;
        let mut params = k.export(selection(sel))?;
        // SAFETY: `cb` is libcrypto's export callback with its own `cbarg`; `params` is a terminated array whose
        // buffers it owns and keeps alive (and zeroizes) past the call; the callback copies what it keeps.
        Ok(unsafe { cb(params.as_mut_ptr(), cbarg) })
    })
}

unsafe extern "C" fn dup(keydata: *const c_void, sel: c_int) -> *mut c_void {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    service(Some(&k.prov), core::ptr::null_mut(), || Ok(ctx_into_raw(k.dup(selection(sel)))))
}

/// Builds the dispatch table of one key type.
macro_rules! ecx_keymgmt {
    ($ed:literal) => {
        dispatch_table![
            OSSL_FUNC_KEYMGMT_NEW => new::<$ed>, as NewFn;
            OSSL_FUNC_KEYMGMT_FREE => free, as FreeFn;
            OSSL_FUNC_KEYMGMT_GEN_INIT => gen_init::<$ed>, as GenInitFn;
            OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS => gen_set_params, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS => gen_settable_params, as GenSettableFn;
            OSSL_FUNC_KEYMGMT_GEN => generate, as GenFn;
            OSSL_FUNC_KEYMGMT_GEN_CLEANUP => gen_cleanup, as FreeFn;
            OSSL_FUNC_KEYMGMT_GET_PARAMS => get_params, as GetParamsFn;
            OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS => gettable_params::<$ed>, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_SET_PARAMS => set_params, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS => settable_params::<$ed>, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_HAS => has, as HasFn;
            OSSL_FUNC_KEYMGMT_VALIDATE => validate, as ValidateFn;
            OSSL_FUNC_KEYMGMT_MATCH => match_, as MatchFn;
            OSSL_FUNC_KEYMGMT_IMPORT => import, as ImportFn;
            OSSL_FUNC_KEYMGMT_IMPORT_TYPES => imexport_types, as TypesFn;
            OSSL_FUNC_KEYMGMT_EXPORT => export, as ExportFn;
            OSSL_FUNC_KEYMGMT_EXPORT_TYPES => imexport_types, as TypesFn;
            OSSL_FUNC_KEYMGMT_DUP => dup, as DupFn;
        ]
    };
}

/// The X25519 key management's dispatch table.
pub(crate) static X25519_KEYMGMT: DispatchTable<20> = ecx_keymgmt!(false);
/// The Ed25519 key management's dispatch table.
pub(crate) static ED25519_KEYMGMT: DispatchTable<20> = ecx_keymgmt!(true);
