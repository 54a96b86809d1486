//! `extern "C"` entry points of the cipher operation (`OSSL_OP_CIPHER`), generic over the context type
//! ([`CipherOps`]) and the algorithm ([`CipherAlg`]). This file turns libcrypto's pointers into slices (making
//! in-place and separate buffers explicit, refusing partial overlap) and leaves every decision to
//! `ops/cipher*.rs`. Each family of modes declares its algorithms with [`cipher_family!`] in its own
//! `abi/cipher_<family>.rs`; `abi/cipher_list.rs` joins the families into the table the core queries.

use core::ffi::{CStr, c_int, c_void};

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_UNSIGNED_INTEGER};

use super::ctx::{ctx_free, ctx_into_raw, ctx_mut, in_slice, out_slice, store_len};
use super::params::{ParamTable, Params, param_table};
use super::shim::{OpCtx, always, new_ctx, on_ctx};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::cipher::{
    CipherInfo, CipherOps, Io, P_AEAD, P_BLOCK_SIZE, P_CTS, P_CUSTOM_IV, P_HAS_RANDKEY, P_IVLEN, P_KEYLEN, P_MODE,
    P_TLS_IV_FIXED, P_TLS_IV_RESTORE, P_TLS_MULTI, get_params,
};
use crate::ops::cipher_gcm::IV_MAX;

/// Longest key pointer range turned into a slice (real keys are 16-32 bytes; anything longer is refused by the
/// context, without reading it).
const KEY_MAX: usize = 64;

static GETTABLE: ParamTable<10> = param_table![
    (P_MODE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_BLOCK_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_AEAD, OSSL_PARAM_INTEGER),
    (P_CUSTOM_IV, OSSL_PARAM_INTEGER),
    (P_CTS, OSSL_PARAM_INTEGER),
    (P_TLS_MULTI, OSSL_PARAM_INTEGER),
    (P_HAS_RANDKEY, OSSL_PARAM_INTEGER),
];
/// One cipher algorithm: the constants its contexts are created with.
pub(crate) trait CipherAlg: 'static {
    /// The algorithm's constants.
    const INFO: &'static CipherInfo;
}

impl<T: CipherOps> OpCtx for T {
    fn prov(&self) -> &std::sync::Arc<crate::provctx::ProvCtx> {
        CipherOps::prov(self)
    }
}

/// What the shims need from a context type beyond [`CipherOps`].
pub(crate) trait AbiCipher: CipherOps {
    /// For GCM: the IV length, to read a `"tlsivfixed"` whose size is `(size_t)-1` ("the whole IV").
    fn whole_iv_len(&self) -> Option<usize> {
        None
    }

    /// `true` when update lengths count bits, not bytes (CFB1 with `"use-bits"`, OpenSSL's
    /// `EVP_CIPH_FLAG_LENGTH_BITS`): the shims then form `ceil(len / 8)`-byte slices and call
    /// [`AbiCipher::update_bits`].
    fn lengths_in_bits(&self) -> bool {
        false
    }

    /// An update or one-shot call of `bits` bits (only called when [`AbiCipher::lengths_in_bits`]); returns the
    /// output length in bits.
    fn update_bits(&mut self, _io: Io<'_>, _bits: usize) -> ProvResult<usize> {
        Err(ProvError::with(Reason::InternalError, "bit lengths not supported"))
    }

    /// The output room an update of `inl` bytes may use when libcrypto reports `outsize`. Only key wrap with
    /// padding widens it: it writes up to `inl + 15` bytes while `EVP_CipherUpdate` passes `inl + 8` (its block
    /// size), relying, like OpenSSL's own implementation, on the application's buffer holding the wrapped length.
    fn update_room(&self, _inl: usize, outsize: usize) -> usize {
        outsize
    }

    /// An update with NULL input and output (`EVP_CipherUpdate(ctx, NULL, &outl, NULL, len)`): for CCM the
    /// declaration of the total payload length before the AAD; returns the reported output length. `None`
    /// (the default): the call is an ordinary (empty) AAD update, and a NULL input with a length an error.
    fn declare_length(&mut self, _len: usize) -> Option<ProvResult<usize>> {
        None
    }
}

/// Parameters as the context may safely read them: when a `"tlsivfixed"` entry says `(size_t)-1` (which
/// `EVP_CTRL_GCM_SET_IV_FIXED` with length -1 produces and which must never become a slice length), a copy of the
/// array with that entry renamed to [`P_TLS_IV_RESTORE`] and sized to the whole IV.
struct SafeParams {
    copy: Vec<OSSL_PARAM>,
}

impl SafeParams {
    /// # Safety
    /// `params` is NULL or a terminated parameter array valid for the call, as libcrypto passes it; a
    /// `"tlsivfixed"` of size `(size_t)-1` points to at least `iv_len` readable bytes (the whole IV).
    unsafe fn new(params: *const OSSL_PARAM, iv_len: Option<usize>) -> Option<SafeParams> {
        let iv_len = iv_len?;
        if params.is_null() {
            return None;
        }
        // First look (without allocating) for the one entry that needs rewriting; usually there is none.
        let mut n = 0;
        let mut found = false;
        loop {
            // SAFETY: entry `n` stays within the terminated array (we stop at the terminator).
            let e = unsafe { *params.wrapping_add(n) };
            if e.key.is_null() {
                break;
            }
            // SAFETY: non-terminator entries carry NUL-terminated keys.
            found |= e.data_size == usize::MAX && unsafe { CStr::from_ptr(e.key) } == P_TLS_IV_FIXED;
            n += 1;
        }
        if !found {
            return None;
        }
        let mut copy = Vec::with_capacity(n + 1);
        for i in 0..=n {
            // SAFETY: entries 0..=n exist (n is the terminator's index).
            let mut e = unsafe { *params.wrapping_add(i) };
            // SAFETY: non-terminator entries carry NUL-terminated keys.
            if !e.key.is_null() && e.data_size == usize::MAX && unsafe { CStr::from_ptr(e.key) } == P_TLS_IV_FIXED {
                e.key = P_TLS_IV_RESTORE.as_ptr();
                e.data_size = iv_len;
            }
            copy.push(e);
        }
        Some(SafeParams { copy })
    }
}

/// Views `params` (or the safe copy).
///
/// # Safety
/// As [`Params::from_raw`] for `params`.
unsafe fn view<'a>(params: *const OSSL_PARAM, safe: Option<&'a SafeParams>) -> Params<'a> {
    match safe {
        // SAFETY: the copy is a terminated array whose entries point where the caller's did.
        Some(s) => unsafe { Params::from_raw(s.copy.as_ptr()) },
        // SAFETY: caller's contract.
        None => unsafe { Params::from_raw(params) },
    }
}

/// Makes the aliasing of an update's buffers explicit.
///
/// # Safety
/// As libcrypto passes them: `in_` is NULL or `inl` readable bytes; `out` is NULL or `outsize` writable bytes.
unsafe fn io<'a>(out: *mut u8, outsize: usize, in_: *const u8, inl: usize) -> ProvResult<Io<'a>> {
    if inl > isize::MAX as usize || outsize > isize::MAX as usize {
        return Err(ProvError::new(Reason::InvalidLength));
    }
    if out.is_null() {
        // SAFETY: `in_` is NULL (only with inl == 0) or `inl` readable bytes.
        let aad = unsafe { in_slice(in_, inl) }.ok_or(ProvError::with(Reason::NullPointer, "input"))?;
        return Ok(Io::Aad(aad));
    }
    if core::ptr::eq(out.cast_const(), in_) {
        if outsize < inl {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        // SAFETY: `out` is `outsize` writable bytes and, being `in_`, its first `inl` bytes are the input; no
        // other reference to the buffer is made.
        let buf = unsafe { out_slice(out, outsize) }.ok_or(ProvError::new(Reason::NullPointer))?;
        return Ok(Io::InPlace { buf, inl });
    }
    let (i, o) = (in_ as usize, out as usize);
    if !in_.is_null() && inl > 0 && outsize > 0 && i < o.saturating_add(outsize) && o < i.saturating_add(inl) {
        return Err(ProvError::new(Reason::OverlappingBuffers));
    }
    // SAFETY: as documented, and the two ranges were checked not to overlap.
    let input = unsafe { in_slice(in_, inl) }.ok_or(ProvError::with(Reason::NullPointer, "input"))?;
    // SAFETY: `out` is `outsize` writable bytes, disjoint from `input`.
    let output = unsafe { out_slice(out, outsize) }.ok_or(ProvError::new(Reason::NullPointer))?;
    Ok(Io::Separate { input, output })
}

pub(crate) unsafe extern "C" fn newctx<T: AbiCipher, A: CipherAlg>(provctx: *mut c_void) -> *mut c_void {
    // SAFETY: libcrypto passes the provctx we returned from OSSL_provider_init.
    unsafe { new_ctx(provctx, |prov| Ok(T::new(prov, A::INFO))) }
}

pub(crate) unsafe extern "C" fn freectx<T: AbiCipher>(vctx: *mut c_void) {
    always(None, (), || {
        // SAFETY: `vctx` is NULL or a context from our newctx/dupctx that libcrypto is done with.
        unsafe { ctx_free::<T>(vctx) };
        Ok(())
    })
}

pub(crate) unsafe extern "C" fn dupctx<T: AbiCipher>(vctx: *mut c_void) -> *mut c_void {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    on_ctx(ctx, core::ptr::null_mut(), |ctx| Ok(ctx_into_raw(ctx.clone())))
}

pub(crate) unsafe extern "C" fn init<T: AbiCipher, const ENC: bool>(
    vctx: *mut c_void,
    key: *const u8,
    keylen: usize,
    iv: *const u8,
    ivlen: usize,
    params: *const OSSL_PARAM,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // Lengths are checked before any slice is formed: libcrypto passes -1 when it could not query them.
        if !key.is_null() && keylen > KEY_MAX {
            return Err(ProvError::with(Reason::InvalidKey, format!("key of {keylen} bytes")));
        }
        if !iv.is_null() && ivlen > IV_MAX {
            return Err(ProvError::with(Reason::InvalidIvLength, format!("IV of {ivlen} bytes")));
        }
        // SAFETY: a non-NULL key is `keylen` readable bytes (bounded above).
        let key = (!key.is_null()).then(|| unsafe { in_slice(key, keylen) }).flatten();
        // SAFETY: a non-NULL IV is `ivlen` readable bytes (bounded above).
        let iv = (!iv.is_null()).then(|| unsafe { in_slice(iv, ivlen) }).flatten();
        // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
        let safe = unsafe { SafeParams::new(params, ctx.whole_iv_len()) };
        // SAFETY: as above.
        let params = unsafe { view(params, safe.as_ref()) };
        ctx.init(ENC, key, iv, params).map(|()| 1)
    })
}

pub(crate) unsafe extern "C" fn update<T: AbiCipher, const ONESHOT: bool>(
    vctx: *mut c_void,
    out: *mut u8,
    outl: *mut usize,
    outsize: usize,
    in_: *const u8,
    inl: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if outl.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "output length pointer"));
        }
        // SAFETY: `outl` was checked non-NULL and points to a `size_t`.
        unsafe { store_len(outl, 0) };
        let n = if ONESHOT && in_.is_null() {
            // `EVP_Cipher(ctx, out, NULL, 0)` is the final call of the one-shot interface.
            if outsize > isize::MAX as usize {
                return Err(ProvError::new(Reason::InvalidLength));
            }
            let mut none: [u8; 0] = [];
            // SAFETY: `out` is NULL or `outsize` writable bytes.
            let out = unsafe { out_slice(out, outsize) }.unwrap_or(&mut none);
            ctx.finish(out)?
        } else if !ONESHOT
            && out.is_null()
            && in_.is_null()
            && let Some(r) = ctx.declare_length(inl)
        {
            r?
        } else if ctx.lengths_in_bits() {
            // `inl` and `outsize` count bits: the buffers are the bytes that hold them.
            // SAFETY: libcrypto's buffers as documented for `io`, at their byte lengths.
            let io = unsafe { io(out, outsize.div_ceil(8), in_, inl.div_ceil(8)) }?;
            ctx.update_bits(io, inl)?
        } else {
            let room = if out.is_null() { outsize } else { ctx.update_room(inl, outsize) };
            // SAFETY: libcrypto's buffers as documented for `io`; `room` exceeds `outsize` only for a cipher whose
            // callers must provide that room (key wrap with padding, see `AbiCipher::update_room`).
            let io = unsafe { io(out, room, in_, inl) }?;
            if ONESHOT { ctx.cipher(io)? } else { ctx.update(io)? }
        };
        // SAFETY: as above.
        unsafe { store_len(outl, n) };
        Ok(1)
    })
}

pub(crate) unsafe extern "C" fn final_<T: AbiCipher>(
    vctx: *mut c_void,
    out: *mut u8,
    outl: *mut usize,
    outsize: usize,
) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        if outl.is_null() {
            return Err(ProvError::with(Reason::NullPointer, "output length pointer"));
        }
        // SAFETY: `outl` was checked non-NULL.
        unsafe { store_len(outl, 0) };
        if outsize > isize::MAX as usize {
            return Err(ProvError::new(Reason::InvalidLength));
        }
        let mut none: [u8; 0] = [];
        // SAFETY: `out` is NULL or `outsize` writable bytes.
        let out = unsafe { out_slice(out, outsize) }.unwrap_or(&mut none);
        let n = ctx.finish(out)?;
        // SAFETY: as above.
        unsafe { store_len(outl, n) };
        Ok(1)
    })
}

pub(crate) unsafe extern "C" fn get_params_<A: CipherAlg>(params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    always(None, 0, || get_params(A::INFO, params).map(|()| 1))
}

pub(crate) unsafe extern "C" fn get_ctx_params<T: AbiCipher>(vctx: *mut c_void, params: *mut OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    // SAFETY: `params` is NULL or a terminated, writable parameter array valid for this call.
    let params = unsafe { Params::from_raw(params) };
    on_ctx(ctx, 0, |ctx| ctx.get_ctx_params(params).map(|()| 1))
}

pub(crate) unsafe extern "C" fn set_ctx_params<T: AbiCipher>(vctx: *mut c_void, params: *const OSSL_PARAM) -> c_int {
    // SAFETY: `vctx` is NULL or a live context from our newctx/dupctx.
    let ctx = unsafe { ctx_mut::<T>(vctx) };
    on_ctx(ctx, 0, |ctx| {
        // SAFETY: `params` is NULL or a terminated parameter array valid for this call.
        let safe = unsafe { SafeParams::new(params, ctx.whole_iv_len()) };
        // SAFETY: as above.
        let params = unsafe { view(params, safe.as_ref()) };
        ctx.set_ctx_params(params).map(|()| 1)
    })
}

pub(crate) unsafe extern "C" fn gettable_params(_provctx: *mut c_void) -> *const OSSL_PARAM {
    GETTABLE.as_ptr()
}

/// Declares a family of cipher algorithms sharing one context type and one pair of settable/gettable tables:
/// for each `NAME: "names", CipherInfo { .. };` a marker type, a dispatch table, and an entry of the family's
/// `pub(crate) static ALGS` (no terminator; `abi/cipher_list.rs` joins the families).
macro_rules! cipher_family {
    (
        ctx = $ty:ty, gettable = $gettable:ident, settable = $settable:ident, props = $props:expr;
        $($name:ident: $names:literal, $info:expr;)*
    ) => {
        $(
            #[allow(non_camel_case_types)]
            struct $name;
            impl $crate::abi::cipher::CipherAlg for $name {
                const INFO: &'static $crate::ops::cipher::CipherInfo = &$info;
            }
            impl $name {
                const DISPATCH: $crate::abi::dispatch::DispatchTable<15> = {
                    use ::core::ffi::c_void;
                    use $crate::abi::cipher::*;
                    type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
                    type InitFn = unsafe extern "C" fn(
                        *mut c_void, *const u8, usize, *const u8, usize, *const ferrofips_ffi::OSSL_PARAM,
                    ) -> ::core::ffi::c_int;
                    type UpdateFn =
                        unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize, *const u8, usize) -> ::core::ffi::c_int;
                    type FinalFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> ::core::ffi::c_int;
                    type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
                    type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
                    type GetParamsFn = unsafe extern "C" fn(*mut ferrofips_ffi::OSSL_PARAM) -> ::core::ffi::c_int;
                    type GetCtxParamsFn =
                        unsafe extern "C" fn(*mut c_void, *mut ferrofips_ffi::OSSL_PARAM) -> ::core::ffi::c_int;
                    type SetCtxParamsFn =
                        unsafe extern "C" fn(*mut c_void, *const ferrofips_ffi::OSSL_PARAM) -> ::core::ffi::c_int;
                    type GettableParamsFn = unsafe extern "C" fn(*mut c_void) -> *const ferrofips_ffi::OSSL_PARAM;
                    type CtxParamsListFn =
                        unsafe extern "C" fn(*mut c_void, *mut c_void) -> *const ferrofips_ffi::OSSL_PARAM;
                    $crate::abi::dispatch::dispatch_table![
                        ferrofips_ffi::OSSL_FUNC_CIPHER_NEWCTX => newctx::<$ty, $name>, as NewCtxFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_ENCRYPT_INIT => init::<$ty, true>, as InitFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_DECRYPT_INIT => init::<$ty, false>, as InitFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_UPDATE => update::<$ty, false>, as UpdateFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_FINAL => final_::<$ty>, as FinalFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_CIPHER => update::<$ty, true>, as UpdateFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_FREECTX => freectx::<$ty>, as FreeCtxFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_DUPCTX => dupctx::<$ty>, as DupCtxFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_GET_PARAMS => get_params_::<$name>, as GetParamsFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_GET_CTX_PARAMS => get_ctx_params::<$ty>, as GetCtxParamsFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_SET_CTX_PARAMS => set_ctx_params::<$ty>, as SetCtxParamsFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_GETTABLE_PARAMS => gettable_params, as GettableParamsFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_GETTABLE_CTX_PARAMS => $gettable, as CtxParamsListFn;
                        ferrofips_ffi::OSSL_FUNC_CIPHER_SETTABLE_CTX_PARAMS => $settable, as CtxParamsListFn;
                    ]
                };
            }
        )*

        /// This family's algorithms (no terminator).
        pub(crate) static ALGS: $crate::abi::dispatch::AlgorithmSlice = $crate::abi::dispatch::AlgorithmSlice(&[
            $($crate::abi::dispatch::algorithm($names, $props, &$name::DISPATCH),)*
        ]);
    };
}
pub(crate) use cipher_family;
