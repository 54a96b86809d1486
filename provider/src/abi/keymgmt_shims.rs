//! `extern "C"` key-management entry points shared by the EC, X25519/Ed25519 and mac-legacy key managements,
//! generic over the key type ([`AbiKey`]) and the generation context type ([`AbiGen`]). Each family file keeps
//! its own `new`/`gen_init`, its parameter tables and its dispatch table.

use core::ffi::{c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{OSSL_CALLBACK, OSSL_PARAM};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut};
use super::params::{OwnedParams, Params};
use super::shim::{always, service};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::ec_key::Selection;
use crate::provctx::ProvCtx;

/// What the shared shims need from a key type.
pub(super) trait AbiKey: Sized + 'static {
    /// The instance the key belongs to.
    fn prov(&self) -> &Arc<ProvCtx>;
    /// Whether the key has the parts in `sel`.
    fn has(&self, sel: Selection) -> bool;
    /// Checks the parts in `sel`.
    fn validate(&self, sel: Selection) -> ProvResult<bool>;
    /// Whether `self` and `other` agree on the parts in `sel`.
    fn matches(&self, other: &Self, sel: Selection) -> bool;
    /// Imports the parts in `sel` from `params`.
    fn import(&mut self, sel: Selection, params: Params<'_>) -> ProvResult<()>;
    /// Exports the parts in `sel`.
    fn export(&self, sel: Selection) -> ProvResult<OwnedParams>;
    /// Copies the parts in `sel`.
    fn dup(&self, sel: Selection) -> ProvResult<Self>;
    /// Answers a `get_params` query.
    fn get_params(&self, params: Params<'_>) -> ProvResult<()>;
    /// Applies `set_params`.
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()>;
}

/// What the shared shims need from a key generation context type.
pub(super) trait AbiGen: Sized + 'static {
    /// The generated object.
    type Out: 'static;
    /// The instance the context belongs to.
    fn prov(&self) -> &Arc<ProvCtx>;
    /// Applies `gen_set_params`.
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()>;
    /// Generates a key.
    fn generate(&mut self) -> ProvResult<Self::Out>;
}

/// Converts libcrypto's selection bits.
pub(super) fn selection(s: c_int) -> Selection {
    Selection(s as u32)
}

/// Borrows the key behind `p` for modification.
///
/// # Safety
/// `p` is NULL or a live `K` from its key management's new/gen/dup, not otherwise referenced during the call.
unsafe fn key_mut<'a, K>(p: *mut c_void) -> Option<&'a mut K> {
    // SAFETY: forwarded contract.
    unsafe { ctx_mut::<K>(p) }
}

/// Borrows the key behind `p` read-only (libcrypto may use one key from several threads, and `match` may get
/// the same key twice).
///
/// # Safety
/// `p` is NULL or a live `K` from its key management's new/gen/dup, not modified during the call.
pub(super) unsafe fn key_ref<'a, K>(p: *const c_void) -> Option<&'a K> {
    // SAFETY: forwarded contract.
    unsafe { p.cast::<K>().as_ref() }
}

pub(super) unsafe extern "C" fn free<K: AbiKey>(keydata: *mut c_void) {
    always(None, (), || {
        // SAFETY: `keydata` is NULL or a key from our new/gen/dup that libcrypto is done with.
        unsafe { ctx_free::<K>(keydata) };
        Ok(())
    })
}

pub(super) unsafe extern "C" fn gen_set_params<G: AbiGen>(genctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<G>(genctx) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov().clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || g.set_params(params).map(|()| 1))
}

pub(super) unsafe extern "C" fn generate<G: AbiGen>(
    genctx: *mut c_void,
    _cb: OSSL_CALLBACK,
    _cbarg: *mut c_void,
) -> *mut c_void {
    // SAFETY: `genctx` is NULL or a live generation context from our gen_init.
    let Some(g) = (unsafe { ctx_mut::<G>(genctx) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    let prov = g.prov().clone();
    service(Some(&prov), core::ptr::null_mut(), || Ok(ctx_into_raw(g.generate()?)))
}

pub(super) unsafe extern "C" fn gen_cleanup<G: AbiGen>(genctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `genctx` is NULL or a generation context from our gen_init that libcrypto is done with.
        unsafe { ctx_free::<G>(genctx) };
        Ok(())
    })
}

pub(super) unsafe extern "C" fn get_params<K: AbiKey>(keydata: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref::<K>(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(k.prov()), 0, || k.get_params(params).map(|()| 1))
}

pub(super) unsafe extern "C" fn set_params<K: AbiKey>(keydata: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `keydata` is NULL or a live key that libcrypto hands us for modification.
    let Some(k) = (unsafe { key_mut::<K>(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov().clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.set_params(params).map(|()| 1))
}

pub(super) unsafe extern "C" fn has<K: AbiKey>(keydata: *const c_void, sel: c_int) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref::<K>(keydata) }) else {
        return 0;
    };
    service(Some(k.prov()), 0, || Ok(c_int::from(k.has(selection(sel)))))
}

pub(super) unsafe extern "C" fn validate<K: AbiKey>(keydata: *const c_void, sel: c_int, _checktype: c_int) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref::<K>(keydata) }) else {
        return 0;
    };
    service(Some(k.prov()), 0, || k.validate(selection(sel)).map(c_int::from))
}

pub(super) unsafe extern "C" fn match_<K: AbiKey>(a: *const c_void, b: *const c_void, sel: c_int) -> c_int {
    // SAFETY: NULL or a live key, only read here.
    let a = unsafe { key_ref::<K>(a) };
    // SAFETY: as above (possibly the same key as `a`: both borrows are shared).
    let b = unsafe { key_ref::<K>(b) };
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    service(Some(a.prov()), 0, || Ok(c_int::from(a.matches(b, selection(sel)))))
}

pub(super) unsafe extern "C" fn import<K: AbiKey>(
    keydata: *mut c_void,
    sel: c_int,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `keydata` is NULL or a live key that libcrypto hands us for modification.
    let Some(k) = (unsafe { key_mut::<K>(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    let prov = k.prov().clone();
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    service(Some(&prov), 0, || k.import(selection(sel), params).map(|()| 1))
}

pub(super) unsafe extern "C" fn export<K: AbiKey>(
    keydata: *mut c_void,
    sel: c_int,
    cb: OSSL_CALLBACK,
    cbarg: *mut c_void,
) -> c_int {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref::<K>(keydata) }) else {
        return service(None, 0, || Err(Reason::NullPointer.into()));
    };
    service(Some(k.prov()), 0, || {
        let cb = cb.ok_or(ProvError::with(Reason::NullPointer, "export callback"))?;
        let mut params = k.export(selection(sel))?;
        // SAFETY: `cb` is libcrypto's export callback with its own `cbarg`; `params` is a terminated array whose
        // buffers it owns and keeps alive (and zeroizes) past the call; the callback copies what it keeps.
        Ok(unsafe { cb(params.as_mut_ptr(), cbarg) })
    })
}

pub(super) unsafe extern "C" fn dup<K: AbiKey>(keydata: *const c_void, sel: c_int) -> *mut c_void {
    // SAFETY: `keydata` is NULL or a live key, only read here.
    let Some(k) = (unsafe { key_ref::<K>(keydata) }) else {
        return service(None, core::ptr::null_mut(), || Err(Reason::NullPointer.into()));
    };
    service(Some(k.prov()), core::ptr::null_mut(), || Ok(ctx_into_raw(k.dup(selection(sel))?)))
}
