//! `extern "C"` entry points of the "HMAC" and "CMAC" key managements (`OSSL_OP_KEYMGMT`), the key halves of the
//! mac-legacy pairs (OpenSSL's `mac_legacy_kmgmt.c`; a CMAC key also carries its `cipher`).

use core::ffi::{c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_CALLBACK, OSSL_FUNC_KEYMGMT_EXPORT, OSSL_FUNC_KEYMGMT_EXPORT_TYPES, OSSL_FUNC_KEYMGMT_FREE,
    OSSL_FUNC_KEYMGMT_GEN, OSSL_FUNC_KEYMGMT_GEN_CLEANUP, OSSL_FUNC_KEYMGMT_GEN_INIT, OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS,
    OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS, OSSL_FUNC_KEYMGMT_GET_PARAMS, OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS,
    OSSL_FUNC_KEYMGMT_HAS, OSSL_FUNC_KEYMGMT_IMPORT, OSSL_FUNC_KEYMGMT_IMPORT_TYPES, OSSL_FUNC_KEYMGMT_MATCH,
    OSSL_FUNC_KEYMGMT_NEW, OSSL_FUNC_KEYMGMT_SET_PARAMS, OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS,
    OSSL_KEYMGMT_SELECT_PRIVATE_KEY, OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UTF8_STRING,
};

use super::ctx::{ctx_free, ctx_mut};
use super::dispatch::{DispatchTable, dispatch_table};
use super::keymgmt_shims::{self as shims, AbiGen};
use super::params::{ParamTable, Params, end, param_table};
use super::shim::{always, new_ctx, service};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::mac_legacy::{MacGenCtx, MacKey, P_PKEY_CIPHER, P_PKEY_PROPERTIES, P_PRIV_KEY};
use crate::provctx::ProvCtx;

type NewFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type GetParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type SetParamsFn = unsafe extern "C" fn(*mut c_void, *const OSSL_PARAM) -> c_int;
type ParamsListFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type HasFn = unsafe extern "C" fn(*const c_void, c_int) -> c_int;
type MatchFn = unsafe extern "C" fn(*const c_void, *const c_void, c_int) -> c_int;
type ImportFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> c_int;
type TypesFn = unsafe extern "C" fn(c_int) -> *const OSSL_PARAM;
type ExportFn = unsafe extern "C" fn(*mut c_void, c_int, OSSL_CALLBACK, *mut c_void) -> c_int;
type GenInitFn = unsafe extern "C" fn(*mut c_void, c_int, *const OSSL_PARAM) -> *mut c_void;
type GenSettableFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const OSSL_PARAM;
type GenFn = unsafe extern "C" fn(*mut c_void, OSSL_CALLBACK, *mut c_void) -> *mut c_void;

static KEY_TYPES: ParamTable<3> =
    param_table![(P_PRIV_KEY, OSSL_PARAM_OCTET_STRING), (P_PKEY_PROPERTIES, OSSL_PARAM_UTF8_STRING)];
static PRIV_ONLY: ParamTable<2> = param_table![(P_PRIV_KEY, OSSL_PARAM_OCTET_STRING)];
static CMAC_KEY_TYPES: ParamTable<4> = param_table![
    (P_PRIV_KEY, OSSL_PARAM_OCTET_STRING),
    (P_PKEY_CIPHER, OSSL_PARAM_UTF8_STRING),
    (P_PKEY_PROPERTIES, OSSL_PARAM_UTF8_STRING),
];
static PRIV_AND_CIPHER: ParamTable<3> =
    param_table![(P_PRIV_KEY, OSSL_PARAM_OCTET_STRING), (P_PKEY_CIPHER, OSSL_PARAM_UTF8_STRING)];

/// Borrows the key behind `p` for modification.
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen, not otherwise referenced during the call.
unsafe fn key<'a>(p: *mut c_void) -> Option<&'a mut MacKey> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<MacKey>(p) }
}

/// Borrows the key behind `p` read-only (`has`/`match` may get the same key twice).
///
/// # Safety
/// `p` is NULL or a live key from this file's new/gen, not modified during the call.
unsafe fn key_ref<'a>(p: *const c_void) -> Option<&'a MacKey> {
    // SAFETY: forwarded contract.
    unsafe { p.cast::<MacKey>().as_ref() }
}

unsafe extern "C" fn new<const CMAC: bool>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(if CMAC { MacKey::new_cmac(prov) } else { MacKey::new(prov) })) }
}

unsafe extern "C" fn free(keydata: *mut c_void) {
    always(None, (), || {
        // SAFETY: `keydata` is NULL or a key from our new/gen that libcrypto is done with.
        unsafe { ctx_free::<MacKey>(keydata) };
        Ok(())
    })
}

unsafe extern "C" fn has(keydata: *const c_void, selection: c_int) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref(keydata) }) else {
        return 0;
    };
    let prov = k.prov.clone();
    service(Some(&prov), 0, || Ok(c_int::from(k.has(selection))))
}

unsafe extern "C" fn match_(a: *const c_void, b: *const c_void, selection: c_int) -> c_int {
    // SAFETY: NULL or a live key, only read here.
    let a = unsafe { key_ref(a) };
    // SAFETY: as above (it may be the same key as `a`: both borrows are shared).
    let b = unsafe { key_ref(b) };
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    let prov = a.prov.clone();
    service(Some(&prov), 0, || Ok(c_int::from(a.matches(b, selection))))
}

unsafe extern "C" fn import(keydata: *mut c_void, selection: c_int, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key.
    let Some(k) = (unsafe { key(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov.clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.import(selection, params).map(|()| 1))
}

unsafe extern "C" fn export(keydata: *mut c_void, selection: c_int, cb: OSSL_CALLBACK, cbarg: *mut c_void) -> c_int {
    // SAFETY: `keydata` is NULL or a live key.
    let Some(k) = (unsafe { key(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    // Like OpenSSL: a selection without the private key exports nothing and fails quietly (no error queued).
    if selection as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY == 0 {
        return 0;
    }
    let prov = k.prov.clone();
    service(Some(&prov), 0, || {
        let cb = cb.ok_or(ProvError::with(Reason::NullPointer, "export callback"))?;
        let raw = k.export(selection)?;
        let cipher = k.cipher().map(|name| OSSL_PARAM {
            key: P_PKEY_CIPHER.as_ptr(),
            data_type: OSSL_PARAM_UTF8_STRING,
            data: name.as_ptr().cast_mut().cast::<c_void>(),
            data_size: name.count_bytes(),
            return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED,
        });
        let params = [
            OSSL_PARAM {
                key: P_PRIV_KEY.as_ptr(),
                data_type: OSSL_PARAM_OCTET_STRING,
                data: raw.as_ptr().cast_mut().cast::<c_void>(),
                data_size: raw.len(),
                return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED,
            },
            cipher.unwrap_or_else(end),
            end(),
        ];
        // SAFETY: `cb` is libcrypto's export callback; `params` is a terminated array whose entries stay valid
        // for the call (the key bytes are borrowed from the live key; the callback copies what it keeps).
        Ok(unsafe { cb(params.as_ptr(), cbarg) })
    })
}

unsafe extern "C" fn imexport_types(selection: c_int) -> *const OSSL_PARAM {
    if selection as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY != 0 { KEY_TYPES.as_ptr() } else { core::ptr::null() }
}

unsafe extern "C" fn cmac_imexport_types(selection: c_int) -> *const OSSL_PARAM {
    if selection as u32 & OSSL_KEYMGMT_SELECT_PRIVATE_KEY != 0 { CMAC_KEY_TYPES.as_ptr() } else { core::ptr::null() }
}

unsafe extern "C" fn get_params(keydata: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key.
    let Some(k) = (unsafe { key(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov.clone();
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.get_params(params).map(|()| 1))
}

unsafe extern "C" fn set_params(keydata: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key.
    let Some(k) = (unsafe { key(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov.clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.set_params(params).map(|()| 1))
}

unsafe extern "C" fn priv_only(_provctx: *mut c_void) -> *const OSSL_PARAM {
    PRIV_ONLY.as_ptr()
}

unsafe extern "C" fn priv_and_cipher(_provctx: *mut c_void) -> *const OSSL_PARAM {
    PRIV_AND_CIPHER.as_ptr()
}

unsafe extern "C" fn gen_init<const CMAC: bool>(
    provctx: *mut c_void,
    selection: c_int,
    params: *const OSSL_PARAM,
) -> *mut c_void {
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    // SAFETY: libcrypto passes the provider context it got from OSSL_provider_init (or NULL).
    unsafe { new_ctx(provctx, |prov| MacGenCtx::new(prov, selection, CMAC, params)) }
}

impl AbiGen for MacGenCtx {
    type Out = MacKey;
    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        MacGenCtx::set_params(self, params)
    }
    fn generate(&mut self) -> ProvResult<MacKey> {
        MacGenCtx::generate(self)
    }
}

unsafe extern "C" fn gen_settable_params(_genctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    PRIV_ONLY.as_ptr()
}

unsafe extern "C" fn cmac_gen_settable_params(_genctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
    PRIV_AND_CIPHER.as_ptr()
}

/// A mac-legacy key management dispatch table (`CMAC`: the CMAC key type).
macro_rules! mac_keymgmt_table {
    ($cmac:literal, $gettable:expr, $types:expr, $gen_settable:expr) => {
        dispatch_table![
            OSSL_FUNC_KEYMGMT_NEW => new::<$cmac>, as NewFn;
            OSSL_FUNC_KEYMGMT_FREE => free, as FreeFn;
            OSSL_FUNC_KEYMGMT_GET_PARAMS => get_params, as GetParamsFn;
            OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS => $gettable, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_SET_PARAMS => set_params, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS => priv_only, as ParamsListFn;
            OSSL_FUNC_KEYMGMT_HAS => has, as HasFn;
            OSSL_FUNC_KEYMGMT_MATCH => match_, as MatchFn;
            OSSL_FUNC_KEYMGMT_IMPORT => import, as ImportFn;
            OSSL_FUNC_KEYMGMT_IMPORT_TYPES => $types, as TypesFn;
            OSSL_FUNC_KEYMGMT_EXPORT => export, as ExportFn;
            OSSL_FUNC_KEYMGMT_EXPORT_TYPES => $types, as TypesFn;
            OSSL_FUNC_KEYMGMT_GEN_INIT => gen_init::<$cmac>, as GenInitFn;
            OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS => shims::gen_set_params::<MacGenCtx>, as SetParamsFn;
            OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS => $gen_settable, as GenSettableFn;
            OSSL_FUNC_KEYMGMT_GEN => shims::generate::<MacGenCtx>, as GenFn;
            OSSL_FUNC_KEYMGMT_GEN_CLEANUP => shims::gen_cleanup::<MacGenCtx>, as FreeFn;
        ]
    };
}

/// The "HMAC" key management dispatch table.
pub(crate) static HMAC_KEYMGMT: DispatchTable<18> =
    mac_keymgmt_table!(false, priv_only, imexport_types, gen_settable_params);

/// The "CMAC" key management dispatch table.
pub(crate) static CMAC_KEYMGMT: DispatchTable<18> =
    mac_keymgmt_table!(true, priv_and_cipher, cmac_imexport_types, cmac_gen_settable_params);
