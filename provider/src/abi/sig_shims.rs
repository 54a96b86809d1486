//! `extern "C"` one-shot sign/verify entry points shared by the ECDSA and EdDSA signature contexts
//! ([`AbiSig`]); each family file keeps its init functions and its dispatch table.

use core::ffi::{c_int, c_void};

use super::ctx::in_slice;
use super::op_shims::{AbiCtxParams, op_ctx_mut, write_out};
use super::shim::on_ctx;
use crate::error::{ProvError, ProvResult, Reason};

/// A signature context with one-shot `sign`/`verify`.
pub(super) trait AbiSig: AbiCtxParams {
    /// Signs `tbs` into `out` (`None`: the signature size query); returns the signature length.
    fn sign(&self, out: Option<&mut [u8]>, tbs: &[u8]) -> ProvResult<usize>;
    /// Verifies `sig` over `tbs`.
    fn verify(&self, sig: &[u8], tbs: &[u8]) -> ProvResult<()>;
}

/// Reads libcrypto's `(sig, siglen)` and `(tbs, tbslen)` inputs.
///
/// # Safety
/// Each pointer is NULL or points to its length of readable bytes valid for `'a`.
pub(super) unsafe fn sig_and_tbs<'a>(
    sig: *const u8,
    siglen: usize,
    tbs: *const u8,
    tbslen: usize,
) -> ProvResult<(&'a [u8], &'a [u8])> {
    // SAFETY: libcrypto passes `siglen` readable bytes at `sig` and `tbslen` at `tbs`.
    let sig = unsafe { in_slice(sig, siglen) }.ok_or(ProvError::with(Reason::NullPointer, "signature"))?;
    // SAFETY: as above.
    let tbs = unsafe { in_slice(tbs, tbslen) }.ok_or(ProvError::with(Reason::NullPointer, "input"))?;
    Ok((sig, tbs))
}

/// The `sign` convention: a NULL `sig` asks for the size, without reading `tbs`.
///
/// # Safety
/// `sig` is NULL or points to `sigsize` writable bytes; `siglen` is NULL or points to a `size_t`; `tbs` is NULL
/// or points to `tbslen` readable bytes; all valid for the call.
pub(super) unsafe fn sign_with(
    sig: *mut u8,
    siglen: *mut usize,
    sigsize: usize,
    tbs: *const u8,
    tbslen: usize,
    f: impl FnOnce(Option<&mut [u8]>, &[u8]) -> ProvResult<usize>,
) -> ProvResult<c_int> {
    let body = |out: Option<&mut [u8]>| {
        if out.is_none() {
            f(None, &[])
        } else {
            // SAFETY: libcrypto passes `tbslen` readable bytes at `tbs` (or NULL with length 0).
            let tbs = unsafe { in_slice(tbs, tbslen) }.ok_or(ProvError::with(Reason::NullPointer, "input"))?;
            f(out, tbs)
        }
    };
    // SAFETY: forwarded contract.
    unsafe { write_out(sig, siglen, sigsize, "signature length pointer", body) }
}

pub(super) unsafe extern "C" fn sign<C: AbiSig>(
    vctx: *mut c_void,
    sig: *mut u8,
    siglen: *mut usize,
    sigsize: usize,
    tbs: *const u8,
    tbslen: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto's buffers, as `sign_with` requires.
        unsafe { sign_with(sig, siglen, sigsize, tbs, tbslen, |out, tbs| ctx.sign(out, tbs)) }
    })
}

pub(super) unsafe extern "C" fn verify<C: AbiSig>(
    vctx: *mut c_void,
    sig: *const u8,
    siglen: usize,
    tbs: *const u8,
    tbslen: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes `siglen` readable bytes at `sig` and `tbslen` at `tbs`.
        let (sig, tbs) = unsafe { sig_and_tbs(sig, siglen, tbs, tbslen) }?;
        ctx.verify(sig, tbs).map(|()| 1)
    })
}
