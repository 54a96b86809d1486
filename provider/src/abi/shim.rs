//! The common frame of every `extern "C"` entry point: module-state check, panic containment, error mapping.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use ferrofips_selftest::state;

use super::core::raise_unbound;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `PROV_R_FIPS_MODULE_IN_ERROR_STATE`, used when no instance is at hand to raise our own reason.
const PROV_R_FIPS_MODULE_IN_ERROR_STATE: u32 = 225;
/// `PROV_R_FAILED_TO_GET_PARAMETER`.
pub(crate) const PROV_R_FAILED_TO_GET_PARAMETER: u32 = 103;

/// Runs a service entry point: refuses unless the module is operational, contains panics (a panic moves the
/// module to the error state), and raises any error on the OpenSSL error stack. Returns `fail` on any failure.
#[track_caller]
pub(crate) fn service<T>(prov: Option<&ProvCtx>, fail: T, f: impl FnOnce() -> ProvResult<T>) -> T {
    let loc = core::panic::Location::caller();
    if !state::is_operational() {
        report(prov, &ProvError::new(Reason::NotOperational), PROV_R_FIPS_MODULE_IN_ERROR_STATE, loc);
        return fail;
    }
    run(prov, fail, loc, f)
}

/// A `newctx`-style entry point: as [`service`], then a context built by `make` from one new reference to the
/// provider context, handed to libcrypto as an opaque pointer (NULL on any failure). The provider context is
/// only borrowed for the state check, so the reference count changes once per context (atomic operations are
/// a measurable part of a 16-byte digest).
///
/// # Safety
/// `provctx` is NULL or the provider context libcrypto got from `OSSL_provider_init` and still holds.
#[track_caller]
pub(crate) unsafe fn new_ctx<T>(
    provctx: *mut core::ffi::c_void,
    make: impl FnOnce(Arc<ProvCtx>) -> ProvResult<T>,
) -> *mut core::ffi::c_void {
    // SAFETY: caller's contract: NULL or a live provider context, kept by libcrypto for this call.
    let prov = unsafe { super::ctx::provctx_ref(provctx) };
    service(prov, core::ptr::null_mut(), || {
        // SAFETY: as above; the new reference is owned by the context `make` builds.
        let prov = unsafe { super::ctx::provctx_clone(provctx) }.ok_or(ProvError::new(Reason::NullPointer))?;
        // Allocated first so that the context can be built in place (no copy of a large context).
        let b = Box::<T>::new_uninit();
        Ok(Box::into_raw(Box::write(b, make(prov)?)).cast::<core::ffi::c_void>())
    })
}

/// An operation context created for one provider instance; errors on it are raised through that instance.
pub(crate) trait OpCtx {
    /// The instance the context belongs to.
    fn prov(&self) -> &Arc<ProvCtx>;
}

/// Implements [`OpCtx`] for contexts that keep their instance in a `prov` field.
macro_rules! op_ctx {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::abi::shim::OpCtx for $t {
            fn prov(&self) -> &std::sync::Arc<$crate::provctx::ProvCtx> {
                &self.prov
            }
        })*
    };
}
pub(crate) use op_ctx;

/// [`service`] on the operation context behind an entry point's `vctx`: a NULL context is a `NullPointer`
/// error, anything else runs `f` with errors raised through the context's instance.
#[track_caller]
pub(crate) fn on_ctx<C: OpCtx, R>(ctx: Option<&mut C>, fail: R, f: impl FnOnce(&mut C) -> ProvResult<R>) -> R {
    let loc = core::panic::Location::caller();
    let Some(ctx) = ctx else {
        return service(None, fail, || Err(Reason::NullPointer.into()));
    };
    if !state::is_operational() {
        report(Some(ctx.prov()), &ProvError::new(Reason::NotOperational), PROV_R_FIPS_MODULE_IN_ERROR_STATE, loc);
        return fail;
    }
    // The context is borrowed by `f` only while it runs; errors are raised through its instance afterwards, so
    // no reference count is taken per call (this frame runs on every record of a TLS connection).
    let r = catch_unwind(AssertUnwindSafe(|| f(&mut *ctx)));
    conclude(Some(ctx.prov()), fail, loc, r)
}

/// Like [`service`] but without the state check: for freeing contexts and reading static descriptions, which
/// must keep working in the error state.
#[track_caller]
pub(crate) fn always<T>(prov: Option<&ProvCtx>, fail: T, f: impl FnOnce() -> ProvResult<T>) -> T {
    run(prov, fail, core::panic::Location::caller(), f)
}

fn run<T>(
    prov: Option<&ProvCtx>,
    fail: T,
    loc: &'static core::panic::Location<'static>,
    f: impl FnOnce() -> ProvResult<T>,
) -> T {
    conclude(prov, fail, loc, catch_unwind(AssertUnwindSafe(f)))
}

/// Maps the outcome of a contained call: the value, or `fail` after raising the error (a panic also moves the
/// module to the error state).
fn conclude<T>(
    prov: Option<&ProvCtx>,
    fail: T,
    loc: &'static core::panic::Location<'static>,
    r: std::thread::Result<ProvResult<T>>,
) -> T {
    match r {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            report(prov, &e, PROV_R_FAILED_TO_GET_PARAMETER, loc);
            fail
        }
        Err(_) => {
            state::enter_error();
            report(prov, &ProvError::with(Reason::InternalError, "panic contained; module error state"), 0, loc);
            fail
        }
    }
}

fn report(prov: Option<&ProvCtx>, e: &ProvError, unbound: u32, loc: &'static core::panic::Location<'static>) {
    match prov {
        Some(p) => p.core().raise(e.reason, &e.detail, loc),
        None => {
            let text = format!(
                "{}{}{}",
                e.reason.text().to_string_lossy(),
                if e.detail.is_empty() { "" } else { ": " },
                e.detail
            );
            raise_unbound(if unbound == 0 { PROV_R_FIPS_MODULE_IN_ERROR_STATE } else { unbound }, &text, loc)
        }
    }
}
