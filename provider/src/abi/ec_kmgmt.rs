//! `extern "C"` entry points of the EC key management (`OSSL_OP_KEYMGMT`, "EC:id-ecPublicKey:1.2.840.10045.2.1").

use core::ffi::{c_char, c_int, c_void};

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

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, provctx_clone};
use super::dispatch::{DispatchTable, dispatch_table};
use super::params::{ParamTable, Params, param_table};
use super::shim::{always, service};
use crate::error::{ProvError, Reason};
use crate::ops::ec_gen::EcGenCtx;
use crate::ops::ec_key::{EcKey, Selection};
use crate::ops::ec_params::{
    P_A, P_B, P_BITS, P_COFACTOR, P_DECODED_FROM_EXPLICIT, P_DEFAULT_DIGEST, P_ENCODED_PUB_KEY, P_ENCODING,
    P_FIELD_TYPE, P_GENERATOR, P_GROUP, P_GROUP_CHECK, P_INCLUDE_PUBLIC, P_MAX_SIZE, P_ORDER, P_P, P_POINT_FORMAT,
    P_PRIV, P_PUB, P_QX, P_QY, P_SECURITY_BITS, P_SEED, P_USE_COFACTOR,
};

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

/// Borrows the key behind `p` for modification.
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not otherwise referenced during the call.
unsafe fn key_mut<'a>(p: *mut c_void) -> Option<&'a mut EcKey> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<EcKey>(p) }
}

/// Borrows the key behind `p` read-only (libcrypto may use one key from several threads, and `match` may get
/// the same key twice).
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen/dup, not modified during the call.
pub(super) unsafe fn key_ref<'a>(p: *const c_void) -> Option<&'a EcKey> {
    // SAFETY: forwarded contract.
    unsafe { p.cast::<EcKey>().as_ref() }
}

fn selection(s: c_int) -> Selection {
    Selection(s as u32)
}

unsafe extern "C" fn new(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(EcKey::new(prov)))
    })
}

unsafe extern "C" fn free(keydata: *mut c_void) {
    always(None, (), || {
        // SAFETY: `keydata` is NULL or a key from our new/gen/dup that libcrypto is done with.
        unsafe { ctx_free::<EcKey>(keydata) };
        Ok(())
    })
}

unsafe extern "C" fn gen_init(provctx: *mut c_void, sel: c_int, params: *const OSSL_PARAM) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    let prov = unsafe { provctx_clone(provctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(prov.as_deref(), core::ptr::null_mut(), || {
        let prov = prov.clone().ok_or(ProvError::new(Reason::NullPointer))?;
        Ok(ctx_into_raw(EcGenCtx::new(prov, selection(sel), params)?))
    })
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

unsafe extern "C" fn gen_set_params(genctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<EcGenCtx>(genctx) }) else {
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
    let Some(g) = (unsafe { ctx_mut::<EcGenCtx>(genctx) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov.clone();
    service(Some(&prov), core::ptr::null_mut(), || Ok(ctx_into_raw(g.generate()?)))
}

unsafe extern "C" fn gen_cleanup(genctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `genctx` is NULL or a generation context from our gen_init that libcrypto is done with.
        unsafe { ctx_free::<EcGenCtx>(genctx) };
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

unsafe extern "C" fn gettable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE.as_ptr()
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
    service(Some(&k.prov), 0, || k.validate(selection(sel)).map(c_int::from))
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
    if sel as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY != 0 { IMEXPORT_ALL.as_ptr() } else { IMEXPORT_PUBLIC.as_ptr() }
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
    service(Some(&k.prov), core::ptr::null_mut(), || Ok(ctx_into_raw(k.dup(selection(sel))?)))
}

/// The EC key management's dispatch table.
pub(crate) static EC_KEYMGMT: DispatchTable<22> = dispatch_table![
    OSSL_FUNC_KEYMGMT_NEW => new, as NewFn;
    OSSL_FUNC_KEYMGMT_FREE => free, as FreeFn;
    OSSL_FUNC_KEYMGMT_GEN_INIT => gen_init, as GenInitFn;
    OSSL_FUNC_KEYMGMT_GEN_SET_TEMPLATE => gen_set_template, as GenSetTemplateFn;
    OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS => gen_set_params, as SetParamsFn;
    OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS => gen_settable_params, as GenSettableFn;
    OSSL_FUNC_KEYMGMT_GEN => generate, as GenFn;
    OSSL_FUNC_KEYMGMT_GEN_CLEANUP => gen_cleanup, as FreeFn;
    OSSL_FUNC_KEYMGMT_GET_PARAMS => get_params, as GetParamsFn;
    OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS => gettable_params, as ParamsListFn;
    OSSL_FUNC_KEYMGMT_SET_PARAMS => set_params, as SetParamsFn;
    OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS => settable_params, as ParamsListFn;
    OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME => query_operation_name, as QueryNameFn;
    OSSL_FUNC_KEYMGMT_HAS => has, as HasFn;
    OSSL_FUNC_KEYMGMT_VALIDATE => validate, as ValidateFn;
    OSSL_FUNC_KEYMGMT_MATCH => match_, as MatchFn;
    OSSL_FUNC_KEYMGMT_IMPORT => import, as ImportFn;
    OSSL_FUNC_KEYMGMT_IMPORT_TYPES => imexport_types, as TypesFn;
    OSSL_FUNC_KEYMGMT_EXPORT => export, as ExportFn;
    OSSL_FUNC_KEYMGMT_EXPORT_TYPES => imexport_types, as TypesFn;
    OSSL_FUNC_KEYMGMT_DUP => dup, as DupFn;
];
