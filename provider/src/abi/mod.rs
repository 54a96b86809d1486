//! The module's C ABI: `OSSL_provider_init` and every other `extern "C"` entry point. All of the provider's
//! `unsafe` code lives under this directory.

mod cipher;
mod cipher_block;
mod cipher_ccm;
mod cipher_cts;
mod cipher_gcm;
mod cipher_list;
mod cipher_stream;
mod cipher_wrap;
mod cipher_xts;
pub(crate) mod core;
mod ctx;
mod digest;
mod dispatch;
mod ec_exch;
mod ec_kmgmt;
mod ec_sig;
mod ecx_exch;
mod ecx_kmgmt;
mod ed_sig;
mod exch_shims;
mod kdf;
mod kdf_tables;
mod keymgmt_list;
mod keymgmt_shims;
mod mac;
mod mac_legacy_kmgmt;
mod mac_legacy_sig;
mod op_shims;
pub(crate) mod params;
mod rand;
mod rand_parent;
mod rand_seed;
mod shim;
mod sig_shims;
mod signature_list;

use ::core::ffi::{c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_ALGORITHM, OSSL_CALLBACK, OSSL_CORE_HANDLE, OSSL_DISPATCH, OSSL_FUNC_PROVIDER_GET_CAPABILITIES,
    OSSL_FUNC_PROVIDER_GET_PARAMS, OSSL_FUNC_PROVIDER_GET_REASON_STRINGS, OSSL_FUNC_PROVIDER_GETTABLE_PARAMS,
    OSSL_FUNC_PROVIDER_QUERY_OPERATION, OSSL_FUNC_PROVIDER_SELF_TEST, OSSL_FUNC_PROVIDER_TEARDOWN, OSSL_ITEM,
    OSSL_OP_DIGEST, OSSL_OP_MAC, OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_UTF8_PTR,
};

use self::core::Core;
use self::ctx::{provctx_into_raw, provctx_ref, provctx_release};
use self::dispatch::{DispatchTable, ItemTable, dispatch_table};
use self::params::{ParamTable, Params, param_table};
use self::shim::always;
use crate::error::Reason;
use crate::names;
use crate::provctx::ProvCtx;

type TeardownFn = unsafe extern "C" fn(*mut c_void);
type GettableParamsFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_PARAM;
type GetParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type QueryFn = unsafe extern "C" fn(*mut c_void, c_int, *mut c_int) -> *const OSSL_ALGORITHM;
type ReasonsFn = unsafe extern "C" fn(*mut c_void) -> *const OSSL_ITEM;
type CapabilitiesFn = unsafe extern "C" fn(*mut c_void, *const c_char, OSSL_CALLBACK, *mut c_void) -> c_int;
type SelfTestFn = unsafe extern "C" fn(*mut c_void) -> c_int;

static PROVIDER: DispatchTable<8> = dispatch_table![
    OSSL_FUNC_PROVIDER_TEARDOWN => teardown, as TeardownFn;
    OSSL_FUNC_PROVIDER_GETTABLE_PARAMS => gettable_params, as GettableParamsFn;
    OSSL_FUNC_PROVIDER_GET_PARAMS => get_params, as GetParamsFn;
    OSSL_FUNC_PROVIDER_QUERY_OPERATION => query_operation, as QueryFn;
    OSSL_FUNC_PROVIDER_GET_REASON_STRINGS => reason_strings, as ReasonsFn;
    OSSL_FUNC_PROVIDER_GET_CAPABILITIES => get_capabilities, as CapabilitiesFn;
    OSSL_FUNC_PROVIDER_SELF_TEST => self_test, as SelfTestFn;
];

static GETTABLE: ParamTable<6> = param_table![
    (names::P_PROV_NAME, OSSL_PARAM_UTF8_PTR),
    (names::P_PROV_VERSION, OSSL_PARAM_UTF8_PTR),
    (names::P_PROV_BUILDINFO, OSSL_PARAM_UTF8_PTR),
    (names::P_PROV_STATUS, OSSL_PARAM_INTEGER),
    (names::P_PROV_SECURITY_CHECKS, OSSL_PARAM_INTEGER),
];

const REASON_COUNT: usize = Reason::ALL.len();

static REASONS: ItemTable<{ REASON_COUNT + 1 }> = ItemTable(reason_items());

const fn reason_items() -> [OSSL_ITEM; REASON_COUNT + 1] {
    let mut items = [OSSL_ITEM { id: 0, ptr: ::core::ptr::null_mut() }; REASON_COUNT + 1];
    let mut i = 0;
    while i < REASON_COUNT {
        let r = Reason::ALL[i];
        items[i] = OSSL_ITEM { id: r.code(), ptr: r.text().as_ptr().cast_mut().cast::<c_void>() };
        i += 1;
    }
    items
}

/// The module's entry point, called by libcrypto for each library context that loads it.
///
/// # Safety
/// Called by libcrypto with its core handle, its `in` dispatch table and valid out-pointers.
#[unsafe(no_mangle)]
#[allow(unreachable_pub)] // exported by symbol name, not by Rust path
pub unsafe extern "C" fn OSSL_provider_init(
    handle: *const OSSL_CORE_HANDLE,
    in_: *const OSSL_DISPATCH,
    out: *mut *const OSSL_DISPATCH,
    provctx: *mut *mut c_void,
) -> c_int {
    let r = catch_unwind(AssertUnwindSafe(|| {
        if out.is_null() || provctx.is_null() {
            return 0;
        }
        // SAFETY: `handle` and `in_` are exactly what libcrypto passed to this entry point.
        let core = unsafe { Core::from_dispatch(handle, in_) };
        match ProvCtx::start(core) {
            Ok(ctx) => {
                // SAFETY: both out-pointers were checked non-NULL and point to libcrypto's locals.
                unsafe { out.write(PROVIDER.as_ptr()) };
                // SAFETY: as above.
                unsafe { provctx.write(provctx_into_raw(Arc::new(ctx))) };
                1
            }
            Err(e) => {
                // Our reason strings are only registered after a successful init, so use libcrypto's.
                let text = format!("ferrofips: {}: {}", e.reason.text().to_string_lossy(), e.detail);
                self::core::raise_unbound(e.reason.prov_code(), &text, ::core::panic::Location::caller());
                0
            }
        }
    }));
    r.unwrap_or_else(|_| {
        ferrofips_selftest::state::enter_error();
        0
    })
}

unsafe extern "C" fn teardown(provctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: libcrypto hands back the provctx from init once, at teardown.
        unsafe { provctx_release(provctx) };
        crate::random::clear();
        Ok(())
    })
}

unsafe extern "C" fn gettable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE.as_ptr()
}

unsafe extern "C" fn get_params(provctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: libcrypto passes our live provctx.
    let prov = unsafe { provctx_ref(provctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    always(prov, 0, || crate::info::get_params(prov, params).map(|()| 1))
}

unsafe extern "C" fn query_operation(_provctx: *mut c_void, op: c_int, no_cache: *mut c_int) -> *const OSSL_ALGORITHM {
    if !no_cache.is_null() {
        // SAFETY: libcrypto passes a valid `int *`.
        unsafe { no_cache.write(0) };
    }
    if !ferrofips_selftest::state::is_operational() {
        return ::core::ptr::null();
    }
    match op as u32 {
        OSSL_OP_DIGEST => digest::DIGESTS.as_ptr(),
        OSSL_OP_MAC => mac::MACS.as_ptr(),
        ferrofips_ffi::OSSL_OP_KDF => kdf::KDFS.as_ptr(),
        ferrofips_ffi::OSSL_OP_KEYMGMT => keymgmt_list::KEYMGMTS.offered(),
        ferrofips_ffi::OSSL_OP_SIGNATURE => signature_list::SIGNATURES.as_ptr(),
        ferrofips_ffi::OSSL_OP_RAND => rand::RANDS.as_ptr(),
        ferrofips_ffi::OSSL_OP_KEYEXCH => ec_exch::KEYEXCHS.offered(),
        ferrofips_ffi::OSSL_OP_CIPHER => cipher_list::CIPHERS.as_ptr(),
        _ => ::core::ptr::null(),
    }
}

unsafe extern "C" fn reason_strings(_provctx: *mut c_void) -> *const OSSL_ITEM {
    REASONS.0.as_ptr()
}

unsafe extern "C" fn get_capabilities(
    provctx: *mut c_void,
    capability: *const c_char,
    cb: OSSL_CALLBACK,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: libcrypto passes our live provctx.
    let prov = unsafe { provctx_ref(provctx) };
    always(prov, 0, || {
        // Unknown (or unreadable) capabilities must answer 1: libssl's SSL_CTX_new fails otherwise.
        let (Some(cb), false) = (cb, capability.is_null()) else {
            return Ok(1);
        };
        // SAFETY: a non-NULL capability name is a NUL-terminated string valid for this call.
        let name = unsafe { ::core::ffi::CStr::from_ptr(capability) }.to_str().unwrap_or("");
        let all = crate::capabilities::report(name, |params| {
            // SAFETY: `cb`/`arg` are the core's callback and its argument for this call; `params` is a
            // terminated array whose strings are static and whose integers it owns for the duration of the call.
            unsafe { cb(params.as_mut_ptr(), arg) != 0 }
        });
        Ok(c_int::from(all))
    })
}

unsafe extern "C" fn self_test(provctx: *mut c_void) -> c_int {
    // SAFETY: libcrypto passes our live provctx.
    let prov = unsafe { provctx_ref(provctx) };
    always(prov, 0, || {
        let prov = prov.ok_or(Reason::NullPointer)?;
        prov.power_on().map(|()| 1)
    })
}
