//! `extern "C"` key-exchange entry points shared by the ECDH and X25519 contexts ([`AbiExch`]); each family
//! file keeps its dispatch table (and ECDH its context parameters).

use core::ffi::{c_int, c_void};

use ferrofips_ffi::OSSL_PARAM;

use super::keymgmt_shims::key_ref;
use super::op_shims::{AbiOpCtx, op_ctx_mut, write_out};
use super::params::Params;
use super::shim::on_ctx;
use crate::error::{ProvError, ProvResult, Reason};

/// A key-exchange context.
pub(super) trait AbiExch: AbiOpCtx {
    /// The key type of the matching key management.
    type Key: 'static;
    /// `init` with our key and the init parameters.
    fn init(&mut self, key: &Self::Key, params: Params<'_>) -> ProvResult<()>;
    /// `set_peer` with the peer's key.
    fn set_peer(&mut self, peer: &Self::Key) -> ProvResult<()>;
    /// Derives the shared secret into `out` (`None`: the size query); returns its length.
    fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize>;
}

pub(super) unsafe extern "C" fn init<C: AbiExch>(
    vctx: *mut c_void,
    provkey: *mut c_void,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of the matching key management (EVP exports keys to the
        // provider of the operation first), only read here.
        let key = unsafe { key_ref::<C::Key>(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no key"))?;
        ctx.init(key, params).map(|()| 1)
    })
}

pub(super) unsafe extern "C" fn set_peer<C: AbiExch>(vctx: *mut c_void, provkey: *mut c_void) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `provkey` is NULL or a live key of the matching key management, only read here.
        let peer = unsafe { key_ref::<C::Key>(provkey) }.ok_or(ProvError::with(Reason::NoKey, "no peer key"))?;
        ctx.set_peer(peer).map(|()| 1)
    })
}

pub(super) unsafe extern "C" fn derive<C: AbiExch>(
    vctx: *mut c_void,
    secret: *mut u8,
    secretlen: *mut usize,
    outlen: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context of type `C`.
    let ctx = unsafe { op_ctx_mut::<C>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: libcrypto passes NULL (size query) or an output buffer of `outlen` writable bytes, and NULL or
        // a `size_t` for `secretlen`.
        unsafe { write_out(secret, secretlen, outlen, "secret length pointer", |out| ctx.derive(out)) }
    })
}
