//! The core's upcalls, parsed once from the `in` dispatch table of `OSSL_provider_init` into typed pointers.

use core::ffi::{CStr, c_char, c_int, c_void};
use std::ffi::CString;
use std::sync::OnceLock;

use ferrofips_ffi::{
    OPENSSL_CORE_CTX, OSSL_CALLBACK, OSSL_CORE_HANDLE, OSSL_DISPATCH, OSSL_FUNC_CORE_GET_LIBCTX,
    OSSL_FUNC_CORE_GET_PARAMS, OSSL_FUNC_CORE_NEW_ERROR, OSSL_FUNC_CORE_SET_ERROR_DEBUG, OSSL_FUNC_CORE_VSET_ERROR,
    OSSL_FUNC_SELF_TEST_CB, OSSL_PARAM,
};

use super::params::OwnedParams;
use crate::error::Reason;

type GetParamsFn = unsafe extern "C" fn(*const OSSL_CORE_HANDLE, *mut OSSL_PARAM) -> c_int;
type GetLibctxFn = unsafe extern "C" fn(*const OSSL_CORE_HANDLE) -> *mut OPENSSL_CORE_CTX;
type NewErrorFn = unsafe extern "C" fn(*const OSSL_CORE_HANDLE);
type SetErrorDebugFn = unsafe extern "C" fn(*const OSSL_CORE_HANDLE, *const c_char, c_int, *const c_char);
/// `va_list` is passed as a pointer on both x86_64 (array decay) and AAPCS64 (large composite by reference).
type VsetErrorFn = unsafe extern "C" fn(*const OSSL_CORE_HANDLE, u32, *const c_char, *mut c_void);
type SelfTestCbFn = unsafe extern "C" fn(*mut OPENSSL_CORE_CTX, *mut OSSL_CALLBACK, *mut *mut c_void);

/// The error upcalls, identical for every instance of the module in a process (they are libcrypto's).
#[derive(Clone, Copy, Debug)]
struct ErrorFns {
    new_error: NewErrorFn,
    set_error_debug: SetErrorDebugFn,
    vset_error: VsetErrorFn,
}

static ERROR_FNS: OnceLock<ErrorFns> = OnceLock::new();

/// `ERR_LIB_PROV` from `err.h`: reasons packed with it are libcrypto's own "Provider routines" reasons.
const ERR_LIB_PROV: u32 = 57;

/// One instance's view of the core: its handle and the upcalls it offered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Core {
    handle: *const OSSL_CORE_HANDLE,
    get_params: Option<GetParamsFn>,
    get_libctx: Option<GetLibctxFn>,
    self_test_cb: Option<SelfTestCbFn>,
    errors: Option<ErrorFns>,
}

// SAFETY: the handle is an opaque token owned by libcrypto that stays valid until teardown, and libcrypto's upcalls
// are thread-safe; `Core` never dereferences the handle itself.
unsafe impl Send for Core {}
// SAFETY: as for `Send`: the struct is immutable after construction.
unsafe impl Sync for Core {}

/// A self-test callback obtained from the core, with its argument.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SelfTestCallback {
    cb: unsafe extern "C" fn(*const OSSL_PARAM, *mut c_void) -> c_int,
    arg: *mut c_void,
}

impl SelfTestCallback {
    /// Sends one event (`st-phase`, `st-type`, `st-desc` as UTF8_STRING, like OpenSSL) and returns the callback's answer.
    pub(crate) fn send(&self, phase: &'static CStr, ty: &'static CStr, desc: &'static CStr) -> bool {
        let mut params = OwnedParams::new()
            .utf8_string(crate::names::ST_PHASE, phase)
            .utf8_string(crate::names::ST_TYPE, ty)
            .utf8_string(crate::names::ST_DESC, desc);
        // SAFETY: `cb`/`arg` came from the core's SELF_TEST_CB upcall for this library context; `params` is a valid
        // terminated array whose strings are 'static.
        unsafe { (self.cb)(params.as_mut_ptr(), self.arg) != 0 }
    }
}

impl Core {
    /// Parses the `in` dispatch table.
    ///
    /// # Safety
    /// `handle` and `in_` are the arguments libcrypto passed to `OSSL_provider_init`: `in_` is NULL or a table
    /// terminated by a zero `function_id`, whose entries have the signatures `core_dispatch.h` gives their ids.
    pub(crate) unsafe fn from_dispatch(handle: *const OSSL_CORE_HANDLE, in_: *const OSSL_DISPATCH) -> Self {
        let mut core = Core { handle, get_params: None, get_libctx: None, self_test_cb: None, errors: None };
        let (mut new_error, mut set_debug, mut vset) = (None, None, None);
        let mut p = in_;
        while !p.is_null() {
            // SAFETY: `p` points into the terminated table (caller's contract).
            let d = unsafe { *p };
            if d.function_id == 0 {
                break;
            }
            if let Some(f) = d.function {
                let f = f as *const ();
                // SAFETY (all arms): each id's function has the signature `core_dispatch.h` declares for it, which is
                // the type alias transmuted to; libcrypto stored it erased to `void (*)(void)`.
                match d.function_id as u32 {
                    OSSL_FUNC_CORE_GET_PARAMS => {
                        // SAFETY: see above; OSSL_FUNC_core_get_params.
                        core.get_params = Some(unsafe { core::mem::transmute::<*const (), GetParamsFn>(f) })
                    }
                    OSSL_FUNC_CORE_GET_LIBCTX => {
                        // SAFETY: see above; OSSL_FUNC_core_get_libctx.
                        core.get_libctx = Some(unsafe { core::mem::transmute::<*const (), GetLibctxFn>(f) })
                    }
                    OSSL_FUNC_CORE_NEW_ERROR => {
                        // SAFETY: see above; OSSL_FUNC_core_new_error.
                        new_error = Some(unsafe { core::mem::transmute::<*const (), NewErrorFn>(f) })
                    }
                    OSSL_FUNC_CORE_SET_ERROR_DEBUG => {
                        // SAFETY: see above; OSSL_FUNC_core_set_error_debug.
                        set_debug = Some(unsafe { core::mem::transmute::<*const (), SetErrorDebugFn>(f) })
                    }
                    OSSL_FUNC_CORE_VSET_ERROR => {
                        // SAFETY: see above; OSSL_FUNC_core_vset_error (va_list passed as a pointer).
                        vset = Some(unsafe { core::mem::transmute::<*const (), VsetErrorFn>(f) })
                    }
                    OSSL_FUNC_SELF_TEST_CB => {
                        // SAFETY: see above; OSSL_FUNC_core_self_test_get_callback.
                        core.self_test_cb = Some(unsafe { core::mem::transmute::<*const (), SelfTestCbFn>(f) })
                    }
                    _ => {}
                }
            }
            // SAFETY: the current entry is not the terminator, so the next one is in the table.
            p = unsafe { p.add(1) };
        }
        if let (Some(new_error), Some(set_error_debug), Some(vset_error)) = (new_error, set_debug, vset) {
            let fns = ErrorFns { new_error, set_error_debug, vset_error };
            core.errors = Some(fns);
            let _ = ERROR_FNS.set(fns);
        }
        core
    }

    /// Reads configuration values (`UTF8_PTR` params) from the core; `None` for keys it does not have.
    pub(crate) fn config(&self, keys: &[&'static CStr]) -> Vec<Option<String>> {
        let Some(get_params) = self.get_params else {
            return vec![None; keys.len()];
        };
        let mut slots: Vec<*const c_char> = vec![core::ptr::null(); keys.len()];
        let mut params = OwnedParams::new();
        for (key, slot) in keys.iter().zip(slots.iter_mut()) {
            params = params.utf8_ptr_request(key, slot);
        }
        // SAFETY: `handle` is this instance's core handle; `params` is a terminated array of UTF8_PTR requests
        // whose slots (`slots`) outlive the call.
        let ok = unsafe { get_params(self.handle, params.as_mut_ptr()) } != 0;
        // The core answers what it can; on 3.5 a mismatch makes it return 0 after filling the rest.
        let _ = ok;
        params.view().iter().map(|p| p.get_utf8_ptr().ok().flatten().map(str::to_owned)).collect()
    }

    /// The self-test callback registered on the loading library context, if any.
    pub(crate) fn self_test_callback(&self) -> Option<SelfTestCallback> {
        let (get_libctx, get_cb) = (self.get_libctx?, self.self_test_cb?);
        // SAFETY: `handle` is this instance's valid core handle.
        let libctx = unsafe { get_libctx(self.handle) };
        let mut cb: OSSL_CALLBACK = None;
        let mut arg: *mut c_void = core::ptr::null_mut();
        // SAFETY: the upcall writes the callback and its argument registered for `libctx` into our locals.
        unsafe { get_cb(libctx, &mut cb, &mut arg) };
        cb.map(|cb| SelfTestCallback { cb, arg })
    }

    /// Puts `reason` (one of the module's own reasons) with `detail` on the OpenSSL error stack.
    pub(crate) fn raise(&self, reason: Reason, detail: &str, loc: &'static core::panic::Location<'static>) {
        if let Some(fns) = self.errors {
            raise_with(fns, self.handle, reason.code(), detail, loc);
        }
    }
}

/// Raises an error where no instance handle is at hand (e.g. `digest_get_params`): the reason is packed with
/// `ERR_LIB_PROV`, so the core never looks at the (NULL) handle.
pub(crate) fn raise_unbound(prov_reason: u32, detail: &str, loc: &'static core::panic::Location<'static>) {
    if let Some(fns) = ERROR_FNS.get() {
        raise_with(*fns, core::ptr::null(), (ERR_LIB_PROV << 23) | prov_reason, detail, loc);
    }
}

fn raise_with(
    fns: ErrorFns,
    handle: *const OSSL_CORE_HANDLE,
    code: u32,
    detail: &str,
    loc: &'static core::panic::Location<'static>,
) {
    // `%` would be read as a conversion (and pull from the va_list), so it is doubled; NULs end the text.
    let text: String = detail.chars().take_while(|&c| c != '\0').collect::<String>().replace('%', "%%");
    let fmt = CString::new(text).unwrap_or_default();
    let file = CString::new(loc.file()).unwrap_or_default();
    // A zeroed stand-in for the va_list: with no conversions left in `fmt`, ERR_vset_error never reads it.
    let mut va = [0u64; 4];
    // SAFETY: new_error ignores the handle (it calls ERR_new); any handle value is fine.
    unsafe { (fns.new_error)(handle) };
    // SAFETY: set_error_debug ignores the handle; `file` and the function name are NUL-terminated and live.
    unsafe { (fns.set_error_debug)(handle, file.as_ptr(), loc.line() as c_int, c"ferrofips".as_ptr()) };
    // SAFETY: vset_error dereferences the handle only for reasons without library bits, which are raised only
    // with this instance's live handle; `fmt` is NUL-terminated with every `%` doubled, so `va` is never read.
    unsafe { (fns.vset_error)(handle, code, fmt.as_ptr(), va.as_mut_ptr().cast::<c_void>()) };
}
