//! `OSSL_LIB_CTX`: creation, configuration, provider loading and the self-test callback.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::ptr::{self, NonNull};
use std::sync::{Arc, Mutex, PoisonError};

use openssl_sys::{EVP_MAC, EVP_MD, OSSL_LIB_CTX, OSSL_PARAM, OSSL_PROVIDER};

use crate::error::{ErrorStack, check};
use crate::provider::Provider;
use crate::{c_string, sys};

/// One self-test event as delivered to the callback (`st-phase`, `st-type`, `st-desc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfTestEvent {
    /// "Start", "Corrupt", "Pass" or "Fail".
    pub phase: String,
    /// e.g. "KAT_Digest".
    pub ty: String,
    /// e.g. "SHA2".
    pub desc: String,
    /// True if all three params were `OSSL_PARAM_UTF8_STRING` (what `openssl fipsinstall` requires).
    pub utf8_string_typed: bool,
}

/// What the callback tells the module in the Corrupt phase (ignored in other phases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfTestReply {
    /// Return 1: leave the result alone.
    Proceed,
    /// Return 0: the module flips a bit of the computed result, so the test must fail.
    Corrupt,
}

/// Which self-tests a [`SelfTestLog`] corrupts; `None` fields match anything (like fipsinstall's
/// `-corrupt_type` / `-corrupt_desc`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corruption {
    /// Exact type to match, e.g. "KAT_Digest".
    pub ty: Option<String>,
    /// Exact description to match, e.g. "SHA2".
    pub desc: Option<String>,
}

impl Corruption {
    /// Corrupts tests whose type and description both equal the given strings.
    pub fn exact(ty: &str, desc: &str) -> Corruption {
        Corruption { ty: Some(ty.to_owned()), desc: Some(desc.to_owned()) }
    }

    fn matches(&self, e: &SelfTestEvent) -> bool {
        self.ty.as_deref().is_none_or(|t| t == e.ty) && self.desc.as_deref().is_none_or(|d| d == e.desc)
    }
}

/// Shared record of self-test events, filled by the callback installed with [`LibCtx::record_self_tests`].
#[derive(Clone, Debug, Default)]
pub struct SelfTestLog {
    events: Arc<Mutex<Vec<SelfTestEvent>>>,
    corrupt: Arc<Mutex<Option<Corruption>>>,
}

impl SelfTestLog {
    /// A copy of the events seen so far.
    pub fn events(&self) -> Vec<SelfTestEvent> {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Forgets the events seen so far.
    pub fn clear(&self) {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Changes which tests are corrupted from now on (`None`: none).
    pub fn set_corruption(&self, c: Option<Corruption>) {
        *self.corrupt.lock().unwrap_or_else(PoisonError::into_inner) = c;
    }

    fn on_event(&self, e: &SelfTestEvent) -> SelfTestReply {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).push(e.clone());
        let corrupt = self.corrupt.lock().unwrap_or_else(PoisonError::into_inner);
        match corrupt.as_ref() {
            Some(c) if e.phase == "Corrupt" && c.matches(e) => SelfTestReply::Corrupt,
            _ => SelfTestReply::Proceed,
        }
    }
}

type Callback = Mutex<Box<dyn FnMut(&SelfTestEvent) -> SelfTestReply + Send>>;

/// An owned `OSSL_LIB_CTX`. Providers loaded through it, fetched algorithms and contexts borrow it.
pub struct LibCtx {
    ptr: NonNull<OSSL_LIB_CTX>,
    retained: Vec<NonNull<OSSL_PROVIDER>>,
    /// Every callback ever installed: a module may cache (cb, arg), so none is freed before the context.
    #[allow(clippy::vec_box)]
    // each Box gives its callback a stable address that the module may keep
    callbacks: Vec<Box<Callback>>,
}

impl std::fmt::Debug for LibCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibCtx").field("ptr", &self.ptr).field("retained", &self.retained.len()).finish()
    }
}

/// Reads one UTF-8 self-test param (UTF8_STRING or UTF8_PTR) into a String.
fn event_string(p: &OSSL_PARAM) -> Option<String> {
    if p.data.is_null() {
        return None;
    }
    match p.data_type {
        4 => {
            // SAFETY: a UTF8_STRING param's data points to `data_size` readable bytes.
            let bytes = unsafe { std::slice::from_raw_parts(p.data.cast::<u8>(), p.data_size) };
            let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
            Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
        }
        6 => {
            // SAFETY: a UTF8_PTR param's data points to a `const char *`.
            let s = unsafe { *p.data.cast::<*const c_char>() };
            if s.is_null() {
                return None;
            }
            // SAFETY: that pointer is a NUL-terminated string valid for the duration of the callback.
            let s = unsafe { CStr::from_ptr(s) };
            Some(s.to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// Parses the callback's param array into an event.
fn parse_event(params: *const OSSL_PARAM) -> SelfTestEvent {
    let mut e = SelfTestEvent { phase: String::new(), ty: String::new(), desc: String::new(), utf8_string_typed: true };
    let mut seen = 0;
    let mut i = 0usize;
    while !params.is_null() && i < 64 {
        // SAFETY: `params` is the END-terminated array the module passed to the callback; we stop at the
        // END marker (NULL key).
        let p = unsafe { &*params.wrapping_add(i) };
        if p.key.is_null() {
            break;
        }
        // SAFETY: a non-NULL param key is a NUL-terminated string.
        let key = unsafe { CStr::from_ptr(p.key) };
        let slot = match key.to_bytes() {
            b"st-phase" => &mut e.phase,
            b"st-type" => &mut e.ty,
            b"st-desc" => &mut e.desc,
            _ => {
                i += 1;
                continue;
            }
        };
        seen += 1;
        if p.data_type != 4 {
            e.utf8_string_typed = false;
        }
        *slot = event_string(p).unwrap_or_default();
        i += 1;
    }
    if seen < 3 {
        e.utf8_string_typed = false;
    }
    e
}

/// The `OSSL_CALLBACK` registered with `OSSL_SELF_TEST_set_callback`.
unsafe extern "C" fn self_test_trampoline(params: *const OSSL_PARAM, arg: *mut c_void) -> c_int {
    if arg.is_null() {
        return 1;
    }
    let event = parse_event(params);
    // SAFETY: `arg` is the `Box<Callback>` registered together with this function; LibCtx keeps it alive until
    // after OSSL_LIB_CTX_free, and only hands out shared references (mutation goes through the Mutex).
    let cb = unsafe { &*arg.cast::<Callback>() };
    let reply = catch_unwind(AssertUnwindSafe(|| {
        let mut f = cb.lock().unwrap_or_else(PoisonError::into_inner);
        f(&event)
    }));
    match reply {
        Ok(SelfTestReply::Corrupt) => 0,
        _ => 1,
    }
}

/// Collects provider pointers and names for `OSSL_PROVIDER_do_all`.
unsafe extern "C" fn collect_provider(prov: *mut OSSL_PROVIDER, data: *mut c_void) -> c_int {
    // SAFETY: `data` is the `&mut Vec<..>` passed by `LibCtx::providers_raw` for the duration of the call.
    let out = unsafe { &mut *data.cast::<Vec<(NonNull<OSSL_PROVIDER>, String)>>() };
    if let Some(p) = NonNull::new(prov) {
        out.push((p, crate::provider::provider_name(p)));
    }
    1
}

/// Collects algorithm names for `EVP_MD_do_all_provided` / `EVP_MAC_do_all_provided`.
unsafe extern "C" fn collect_name(name: *const c_char, data: *mut c_void) {
    if name.is_null() {
        return;
    }
    // SAFETY: `data` is the `&mut Vec<String>` passed by the enclosing collector for the duration of the call.
    let out = unsafe { &mut *data.cast::<Vec<String>>() };
    // SAFETY: names handed to the names_do_all callback are NUL-terminated strings.
    let s = unsafe { CStr::from_ptr(name) };
    out.push(s.to_string_lossy().into_owned());
}

/// One provided algorithm: its names and the providing provider's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvidedAlgorithm {
    /// All names (primary, aliases, OID) in libcrypto's order.
    pub names: Vec<String>,
    /// Name of the provider that offers it.
    pub provider: String,
}

unsafe extern "C" fn collect_md(md: *mut EVP_MD, data: *mut c_void) {
    let mut names = Vec::new();
    // SAFETY: `md` is a live EVP_MD for the duration of this callback; collect_name matches the callback type.
    unsafe { sys::EVP_MD_names_do_all(md, collect_name, (&raw mut names).cast()) };
    // SAFETY: as above.
    let prov = unsafe { sys::EVP_MD_get0_provider(md) };
    let provider = NonNull::new(prov.cast_mut()).map(crate::provider::provider_name).unwrap_or_default();
    // SAFETY: `data` is the `&mut Vec<ProvidedAlgorithm>` passed by `LibCtx::digests`.
    let out = unsafe { &mut *data.cast::<Vec<ProvidedAlgorithm>>() };
    out.push(ProvidedAlgorithm { names, provider });
}

unsafe extern "C" fn collect_mac(mac: *mut EVP_MAC, data: *mut c_void) {
    let mut names = Vec::new();
    // SAFETY: `mac` is a live EVP_MAC for the duration of this callback; collect_name matches the callback type.
    unsafe { sys::EVP_MAC_names_do_all(mac, collect_name, (&raw mut names).cast()) };
    // SAFETY: as above.
    let prov = unsafe { openssl_sys::EVP_MAC_get0_provider(mac) };
    let provider = NonNull::new(prov.cast_mut()).map(crate::provider::provider_name).unwrap_or_default();
    // SAFETY: `data` is the `&mut Vec<ProvidedAlgorithm>` passed by `LibCtx::macs`.
    let out = unsafe { &mut *data.cast::<Vec<ProvidedAlgorithm>>() };
    out.push(ProvidedAlgorithm { names, provider });
}

impl LibCtx {
    /// A fresh library context with no providers loaded and no configuration.
    pub fn new() -> Result<LibCtx, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: no arguments; returns an owned context or NULL.
        let p = unsafe { openssl_sys::OSSL_LIB_CTX_new() };
        let ptr = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(LibCtx { ptr, retained: Vec::new(), callbacks: Vec::new() })
    }

    /// The raw pointer (for code in this crate).
    pub(crate) fn as_ptr(&self) -> *mut OSSL_LIB_CTX {
        self.ptr.as_ptr()
    }

    /// Loads an OpenSSL configuration file into this context (`OSSL_LIB_CTX_load_config`), activating the
    /// providers it lists.
    pub fn load_config(&self, path: &Path) -> Result<(), ErrorStack> {
        let path = c_string(&path.to_string_lossy());
        ErrorStack::clear();
        // SAFETY: live context and NUL-terminated path.
        check(unsafe { sys::OSSL_LIB_CTX_load_config(self.as_ptr(), path.as_ptr()) })
    }

    /// Loads (or takes another reference to) provider `name`; the handle unloads it when dropped.
    pub fn load_provider(&self, name: &str) -> Result<Provider<'_>, ErrorStack> {
        let name = c_string(name);
        ErrorStack::clear();
        // SAFETY: live context and NUL-terminated name; returns an owned reference or NULL.
        let p = unsafe { openssl_sys::OSSL_PROVIDER_load(self.as_ptr(), name.as_ptr()) };
        let p = NonNull::new(p).ok_or_else(ErrorStack::drain)?;
        Ok(Provider::owned(p))
    }

    /// Loads provider `name` and keeps it loaded for the lifetime of this context.
    pub fn retain_provider(&mut self, name: &str) -> Result<(), ErrorStack> {
        let name = c_string(name);
        ErrorStack::clear();
        // SAFETY: live context and NUL-terminated name; returns an owned reference or NULL.
        let p = unsafe { openssl_sys::OSSL_PROVIDER_load(self.as_ptr(), name.as_ptr()) };
        self.retained.push(NonNull::new(p).ok_or_else(ErrorStack::drain)?);
        Ok(())
    }

    fn providers_raw(&self) -> Vec<(NonNull<OSSL_PROVIDER>, String)> {
        let mut out: Vec<(NonNull<OSSL_PROVIDER>, String)> = Vec::new();
        // SAFETY: live context; the callback matches the expected type and only uses `out` during the call.
        unsafe { sys::OSSL_PROVIDER_do_all(self.as_ptr(), collect_provider, (&raw mut out).cast()) };
        out
    }

    /// Names of the activated providers.
    pub fn provider_names(&self) -> Vec<String> {
        self.providers_raw().into_iter().map(|(_, n)| n).collect()
    }

    /// A borrowed handle to the activated provider `name` (no extra reference is taken; it stays valid while
    /// the context lives because activated providers are only released when the context is freed).
    pub fn provider(&self, name: &str) -> Option<Provider<'_>> {
        self.providers_raw().into_iter().find(|(_, n)| n == name).map(|(p, _)| Provider::borrowed(p))
    }

    /// `OSSL_PROVIDER_available`: is a provider of that name loaded and activated in this context?
    pub fn provider_available(&self, name: &str) -> bool {
        let name = c_string(name);
        // SAFETY: live context and NUL-terminated name.
        unsafe { sys::OSSL_PROVIDER_available(self.as_ptr(), name.as_ptr()) == 1 }
    }

    /// Does this context's default property query include `fips=yes`?
    pub fn default_fips(&self) -> bool {
        // SAFETY: live context.
        unsafe { openssl_sys::EVP_default_properties_is_fips_enabled(self.as_ptr()) == 1 }
    }

    /// Every digest implementation fetchable in this context (`EVP_MD_do_all_provided`).
    pub fn digests(&self) -> Vec<ProvidedAlgorithm> {
        let mut out: Vec<ProvidedAlgorithm> = Vec::new();
        // SAFETY: live context; the callback matches and only uses `out` during the call.
        unsafe { sys::EVP_MD_do_all_provided(self.as_ptr(), collect_md, (&raw mut out).cast()) };
        out
    }

    /// Every MAC implementation fetchable in this context (`EVP_MAC_do_all_provided`).
    pub fn macs(&self) -> Vec<ProvidedAlgorithm> {
        let mut out: Vec<ProvidedAlgorithm> = Vec::new();
        // SAFETY: live context; the callback matches and only uses `out` during the call.
        unsafe { sys::EVP_MAC_do_all_provided(self.as_ptr(), collect_mac, (&raw mut out).cast()) };
        out
    }

    /// Installs `f` as this context's self-test callback (`OSSL_SELF_TEST_set_callback`). Install it before
    /// loading the provider so power-on events are seen. `&mut self` guarantees no provider handle or fetched
    /// algorithm borrows the context while the callback is replaced.
    pub fn set_self_test_callback<F>(&mut self, f: F)
    where
        F: FnMut(&SelfTestEvent) -> SelfTestReply + Send + 'static,
    {
        let boxed: Box<Callback> = Box::new(Mutex::new(Box::new(f)));
        let arg = ptr::from_ref::<Callback>(&boxed).cast_mut().cast::<c_void>();
        // SAFETY: live context; `arg` points to the heap-allocated callback state, which is stored in `self`
        // and freed only after OSSL_LIB_CTX_free (never when replaced: a module may have cached it).
        unsafe { sys::OSSL_SELF_TEST_set_callback(self.as_ptr(), Some(self_test_trampoline), arg) };
        self.callbacks.push(boxed);
    }

    /// Installs a callback that records every event into the returned log and corrupts the tests matching
    /// `corrupt` in their Corrupt phase.
    pub fn record_self_tests(&mut self, corrupt: Option<Corruption>) -> SelfTestLog {
        let log = SelfTestLog::default();
        log.set_corruption(corrupt);
        let l = log.clone();
        self.set_self_test_callback(move |e| l.on_event(e));
        log
    }
}

impl Drop for LibCtx {
    fn drop(&mut self) {
        for p in self.retained.drain(..) {
            // SAFETY: `p` is a reference we obtained from OSSL_PROVIDER_load on this context.
            unsafe { openssl_sys::OSSL_PROVIDER_unload(p.as_ptr()) };
        }
        // SAFETY: we own the context; every borrower (Provider, Md, Mac, contexts) is gone (lifetimes).
        unsafe { openssl_sys::OSSL_LIB_CTX_free(self.ptr.as_ptr()) };
        // The callback boxes are dropped after this, when nothing can call them any more.
    }
}

/// Marker for types that borrow a [`LibCtx`].
pub(crate) type CtxLife<'a> = PhantomData<&'a LibCtx>;
