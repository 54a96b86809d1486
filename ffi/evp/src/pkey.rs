//! `EVP_PKEY` and the asymmetric operations on it: key generation, `fromdata`/`todata`, parameters, checks,
//! PEM through the `base` provider's encoders/decoders, key exchange (derive) and signatures (pre-hashed and
//! `EVP_DigestSign*`/`EVP_DigestVerify*`).

use std::ffi::{CStr, c_char, c_int, c_void};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use openssl_sys::{BIO, EVP_MD_CTX, EVP_PKEY, EVP_PKEY_CTX, OSSL_PARAM};

use crate::c_string;
use crate::error::{ErrorStack, check};
use crate::libctx::{CtxLife, LibCtx};
use crate::params::{ParamType, Params};

/// libcrypto 3.0 functions this file uses that `openssl-sys` 0.9 does not bind (`evp.h`, `pem.h`).
mod ffi {
    use std::ffi::{c_char, c_int, c_void};

    use openssl_sys::{BIO, EVP_MD_CTX, EVP_PKEY, EVP_PKEY_CTX, OSSL_LIB_CTX, OSSL_PARAM};

    unsafe extern "C" {
        pub(super) fn EVP_PKEY_CTX_new_from_pkey(
            libctx: *mut OSSL_LIB_CTX,
            pkey: *mut EVP_PKEY,
            propq: *const c_char,
        ) -> *mut EVP_PKEY_CTX;
        pub(super) fn EVP_PKEY_CTX_set_group_name(ctx: *mut EVP_PKEY_CTX, name: *const c_char) -> c_int;
        pub(super) fn EVP_DigestSignInit_ex(
            ctx: *mut EVP_MD_CTX,
            pctx: *mut *mut EVP_PKEY_CTX,
            mdname: *const c_char,
            libctx: *mut OSSL_LIB_CTX,
            props: *const c_char,
            pkey: *mut EVP_PKEY,
            params: *const OSSL_PARAM,
        ) -> c_int;
        pub(super) fn EVP_DigestVerifyInit_ex(
            ctx: *mut EVP_MD_CTX,
            pctx: *mut *mut EVP_PKEY_CTX,
            mdname: *const c_char,
            libctx: *mut OSSL_LIB_CTX,
            props: *const c_char,
            pkey: *mut EVP_PKEY,
            params: *const OSSL_PARAM,
        ) -> c_int;
        pub(super) fn EVP_PKEY_sign_init_ex(ctx: *mut EVP_PKEY_CTX, params: *const OSSL_PARAM) -> c_int;
        pub(super) fn EVP_PKEY_verify_init_ex(ctx: *mut EVP_PKEY_CTX, params: *const OSSL_PARAM) -> c_int;
        pub(super) fn EVP_PKEY_get1_encoded_public_key(pkey: *mut EVP_PKEY, ppub: *mut *mut u8) -> usize;
        pub(super) fn EVP_PKEY_set1_encoded_public_key(pkey: *mut EVP_PKEY, publ: *const u8, publen: usize) -> c_int;
        pub(super) fn EVP_PKEY_get_group_name(
            pkey: *const EVP_PKEY,
            name: *mut c_char,
            name_sz: usize,
            gname_len: *mut usize,
        ) -> c_int;
        pub(super) fn EVP_PKEY_get0_type_name(key: *const EVP_PKEY) -> *const c_char;
        pub(super) fn EVP_PKEY_dup(key: *mut EVP_PKEY) -> *mut EVP_PKEY;
        pub(super) fn EVP_PKEY_private_check(ctx: *mut EVP_PKEY_CTX) -> c_int;
        pub(super) fn EVP_PKEY_pairwise_check(ctx: *mut EVP_PKEY_CTX) -> c_int;
        pub(super) fn EVP_PKEY_param_check(ctx: *mut EVP_PKEY_CTX) -> c_int;
        pub(super) fn EVP_PKEY_CTX_get0_provider(ctx: *const EVP_PKEY_CTX) -> *const openssl_sys::OSSL_PROVIDER;
        pub(super) fn PEM_read_bio_PrivateKey_ex(
            bp: *mut BIO,
            x: *mut *mut EVP_PKEY,
            cb: *mut c_void,
            u: *mut c_void,
            libctx: *mut OSSL_LIB_CTX,
            propq: *const c_char,
        ) -> *mut EVP_PKEY;
        pub(super) fn PEM_read_bio_PUBKEY_ex(
            bp: *mut BIO,
            x: *mut *mut EVP_PKEY,
            cb: *mut c_void,
            u: *mut c_void,
            libctx: *mut OSSL_LIB_CTX,
            propq: *const c_char,
        ) -> *mut EVP_PKEY;
        pub(super) fn PEM_write_bio_PrivateKey_ex(
            bp: *mut BIO,
            x: *const EVP_PKEY,
            enc: *const c_void,
            kstr: *const u8,
            klen: c_int,
            cb: *mut c_void,
            u: *mut c_void,
            libctx: *mut OSSL_LIB_CTX,
            propq: *const c_char,
        ) -> c_int;
        pub(super) fn PEM_write_bio_PUBKEY_ex(
            bp: *mut BIO,
            x: *const EVP_PKEY,
            libctx: *mut OSSL_LIB_CTX,
            propq: *const c_char,
        ) -> c_int;
        pub(super) fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut BIO;
        pub(super) fn OSSL_PROVIDER_get_capabilities(
            prov: *const openssl_sys::OSSL_PROVIDER,
            capability: *const c_char,
            cb: unsafe extern "C" fn(*const OSSL_PARAM, *mut c_void) -> c_int,
            arg: *mut c_void,
        ) -> c_int;
    }
}

/// `BIO_CTRL_INFO` (what `BIO_get_mem_data` expands to).
const BIO_CTRL_INFO: c_int = 3;

/// What `fromdata`/`todata` select (`EVP_PKEY_KEY_PARAMETERS`, `EVP_PKEY_PUBLIC_KEY`, `EVP_PKEY_KEYPAIR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySelection {
    /// Domain and other parameters only.
    KeyParameters,
    /// Parameters and the public key.
    PublicKey,
    /// Parameters and both halves of the key.
    KeyPair,
    /// Any raw `OSSL_KEYMGMT_SELECT_*` combination (for odd-selection tests).
    Raw(c_int),
}

impl KeySelection {
    fn raw(self) -> c_int {
        match self {
            KeySelection::KeyParameters => 0x84,
            KeySelection::PublicKey => 0x86,
            KeySelection::KeyPair => 0x87,
            KeySelection::Raw(v) => v,
        }
    }
}

/// Which key check to run (`EVP_PKEY_check` and friends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCheck {
    /// `EVP_PKEY_check`: parameters, both halves and their consistency.
    Full,
    /// `EVP_PKEY_public_check`.
    Public,
    /// `EVP_PKEY_private_check`.
    Private,
    /// `EVP_PKEY_pairwise_check`.
    Pairwise,
    /// `EVP_PKEY_param_check`.
    Params,
}

/// One parameter returned by `EVP_PKEY_todata`: key, type and the raw data bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamValue {
    /// The parameter name.
    pub key: String,
    /// Its data type.
    pub data_type: Option<ParamType>,
    /// The data (native-endian for integers; for UTF-8 strings without the NUL).
    pub data: Vec<u8>,
}

/// An owned `EVP_PKEY_CTX`, freed on drop.
struct PkeyCtx(NonNull<EVP_PKEY_CTX>);

impl PkeyCtx {
    fn from_name(ctx: &LibCtx, alg: &str, propq: Option<&str>) -> Result<PkeyCtx, ErrorStack> {
        let alg = c_string(alg);
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context, NUL-terminated strings (propq may be NULL); returns an owned context or NULL.
        let p =
            unsafe { openssl_sys::EVP_PKEY_CTX_new_from_name(ctx.as_ptr(), alg.as_ptr(), opt_ptr(propq.as_deref())) };
        NonNull::new(p).map(PkeyCtx).ok_or_else(ErrorStack::drain)
    }

    fn from_pkey(ctx: &LibCtx, key: &Pkey<'_>, propq: Option<&str>) -> Result<PkeyCtx, ErrorStack> {
        let propq = propq.map(c_string);
        ErrorStack::clear();
        // SAFETY: live context and key; returns an owned context (holding its own key reference) or NULL.
        let p = unsafe { ffi::EVP_PKEY_CTX_new_from_pkey(ctx.as_ptr(), key.ptr.as_ptr(), opt_ptr(propq.as_deref())) };
        NonNull::new(p).map(PkeyCtx).ok_or_else(ErrorStack::drain)
    }

    fn as_ptr(&self) -> *mut EVP_PKEY_CTX {
        self.0.as_ptr()
    }

    fn set_params(&self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live context; END-terminated params whose buffers outlive the call.
        check(unsafe { openssl_sys::EVP_PKEY_CTX_set_params(self.as_ptr(), params.as_ptr()) })
    }
}

impl Drop for PkeyCtx {
    fn drop(&mut self) {
        // SAFETY: we own the context.
        unsafe { openssl_sys::EVP_PKEY_CTX_free(self.0.as_ptr()) };
    }
}

/// An owned `EVP_MD_CTX` for `EVP_DigestSign*`, freed on drop.
struct MdCtxRaw(NonNull<EVP_MD_CTX>);

impl MdCtxRaw {
    fn new() -> Result<MdCtxRaw, ErrorStack> {
        // SAFETY: no arguments; returns an owned context or NULL.
        NonNull::new(unsafe { openssl_sys::EVP_MD_CTX_new() }).map(MdCtxRaw).ok_or_else(ErrorStack::drain)
    }
}

impl Drop for MdCtxRaw {
    fn drop(&mut self) {
        // SAFETY: we own the context (and thereby the EVP_PKEY_CTX EVP_DigestSignInit_ex attached to it).
        unsafe { openssl_sys::EVP_MD_CTX_free(self.0.as_ptr()) };
    }
}

/// An owned memory `BIO`, freed on drop.
struct MemBio(NonNull<BIO>);

impl MemBio {
    fn new() -> Result<MemBio, ErrorStack> {
        // SAFETY: no arguments; returns a static method table.
        let method = unsafe { openssl_sys::BIO_s_mem() };
        // SAFETY: `method` is the memory BIO method; returns an owned BIO or NULL.
        NonNull::new(unsafe { openssl_sys::BIO_new(method) }).map(MemBio).ok_or_else(ErrorStack::drain)
    }

    fn from_bytes(b: &[u8]) -> Result<MemBio, ErrorStack> {
        let len = c_int::try_from(b.len()).map_err(|_| ErrorStack::synthetic("input too large for a BIO"))?;
        // SAFETY: a read-only memory BIO over `b`, which outlives the BIO (dropped before `b` by the callers).
        NonNull::new(unsafe { ffi::BIO_new_mem_buf(b.as_ptr().cast(), len) }).map(MemBio).ok_or_else(ErrorStack::drain)
    }

    fn contents(&self) -> Vec<u8> {
        let mut p: *mut c_char = ptr::null_mut();
        // SAFETY: BIO_get_mem_data: stores a pointer to the BIO's internal buffer and returns its length.
        let n = unsafe { openssl_sys::BIO_ctrl(self.0.as_ptr(), BIO_CTRL_INFO, 0, (&raw mut p).cast::<c_void>()) };
        if p.is_null() || n <= 0 {
            return Vec::new();
        }
        // SAFETY: the BIO owns `n` readable bytes at `p` until it is modified or freed; we copy them now.
        unsafe { std::slice::from_raw_parts(p.cast::<u8>(), n as usize) }.to_vec()
    }
}

impl Drop for MemBio {
    fn drop(&mut self) {
        // SAFETY: we own the BIO.
        unsafe { openssl_sys::BIO_free_all(self.0.as_ptr()) };
    }
}

fn opt_ptr(s: Option<&CStr>) -> *const c_char {
    s.map_or(ptr::null(), CStr::as_ptr)
}

/// An owned `EVP_PKEY`; freed on drop. Keys remember the library context whose key management holds them.
pub struct Pkey<'a> {
    ptr: NonNull<EVP_PKEY>,
    _ctx: CtxLife<'a>,
}

impl std::fmt::Debug for Pkey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkey").field("type", &self.type_name()).finish_non_exhaustive()
    }
}

impl<'a> Pkey<'a> {
    fn adopt(p: *mut EVP_PKEY) -> Result<Pkey<'a>, ErrorStack> {
        NonNull::new(p).map(|ptr| Pkey { ptr, _ctx: PhantomData }).ok_or_else(ErrorStack::drain)
    }

    /// `EVP_PKEY_keygen` (or `EVP_PKEY_paramgen` when `params_only`) of `alg` with `params` set on the
    /// generation context first (e.g. `group`).
    pub fn generate(
        ctx: &'a LibCtx,
        alg: &str,
        propq: Option<&str>,
        params: &Params,
        params_only: bool,
    ) -> Result<Pkey<'a>, ErrorStack> {
        let pctx = PkeyCtx::from_name(ctx, alg, propq)?;
        ErrorStack::clear();
        let init: unsafe extern "C" fn(*mut EVP_PKEY_CTX) -> c_int =
            if params_only { openssl_sys::EVP_PKEY_paramgen_init } else { openssl_sys::EVP_PKEY_keygen_init };
        // SAFETY: live context.
        check(unsafe { init(pctx.as_ptr()) })?;
        pctx.set_params(params)?;
        let mut out: *mut EVP_PKEY = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: initialised context; `out` receives an owned key.
        check(unsafe { openssl_sys::EVP_PKEY_generate(pctx.as_ptr(), &mut out) })?;
        Pkey::adopt(out)
    }

    /// An EC key pair on `group` (through `EVP_PKEY_CTX_set_group_name`, like libssl's key shares).
    pub fn generate_ec(ctx: &'a LibCtx, group: &str, propq: Option<&str>) -> Result<Pkey<'a>, ErrorStack> {
        let pctx = PkeyCtx::from_name(ctx, "EC", propq)?;
        let group = c_string(group);
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_PKEY_keygen_init(pctx.as_ptr()) })?;
        // SAFETY: live context and NUL-terminated name.
        check(unsafe { ffi::EVP_PKEY_CTX_set_group_name(pctx.as_ptr(), group.as_ptr()) })?;
        let mut out: *mut EVP_PKEY = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: initialised context; `out` receives an owned key.
        check(unsafe { openssl_sys::EVP_PKEY_keygen(pctx.as_ptr(), &mut out) })?;
        Pkey::adopt(out)
    }

    /// A new key pair generated from this key's parameters (`EVP_PKEY_CTX_new_from_pkey` + keygen: the
    /// provider's `gen_set_template` path, as libssl's server key share).
    pub fn generate_like(&self, ctx: &'a LibCtx, propq: Option<&str>) -> Result<Pkey<'a>, ErrorStack> {
        let pctx = PkeyCtx::from_pkey(ctx, self, propq)?;
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_PKEY_keygen_init(pctx.as_ptr()) })?;
        let mut out: *mut EVP_PKEY = ptr::null_mut();
        // SAFETY: initialised context; `out` receives an owned key.
        check(unsafe { openssl_sys::EVP_PKEY_keygen(pctx.as_ptr(), &mut out) })?;
        Pkey::adopt(out)
    }

    /// `EVP_PKEY_fromdata` of `alg` with `selection`.
    pub fn fromdata(
        ctx: &'a LibCtx,
        alg: &str,
        propq: Option<&str>,
        selection: KeySelection,
        params: &Params,
    ) -> Result<Pkey<'a>, ErrorStack> {
        let pctx = PkeyCtx::from_name(ctx, alg, propq)?;
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_PKEY_fromdata_init(pctx.as_ptr()) })?;
        let mut out: *mut EVP_PKEY = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: initialised context; END-terminated params (only read); `out` receives an owned key.
        check(unsafe {
            openssl_sys::EVP_PKEY_fromdata(pctx.as_ptr(), &mut out, selection.raw(), params.as_ptr().cast_mut())
        })?;
        Pkey::adopt(out)
    }

    /// A key read from PEM (`PEM_read_bio_PrivateKey_ex`, or `PEM_read_bio_PUBKEY_ex` when `!private`) through
    /// the decoders of `ctx`.
    pub fn from_pem(ctx: &'a LibCtx, pem: &[u8], private: bool, propq: Option<&str>) -> Result<Pkey<'a>, ErrorStack> {
        let bio = MemBio::from_bytes(pem)?;
        let propq = propq.map(c_string);
        ErrorStack::clear();
        type ReadFn = unsafe extern "C" fn(
            *mut BIO,
            *mut *mut EVP_PKEY,
            *mut c_void,
            *mut c_void,
            *mut openssl_sys::OSSL_LIB_CTX,
            *const c_char,
        ) -> *mut EVP_PKEY;
        let read: ReadFn = if private { ffi::PEM_read_bio_PrivateKey_ex } else { ffi::PEM_read_bio_PUBKEY_ex };
        let (b, l, q) = (bio.0.as_ptr(), ctx.as_ptr(), opt_ptr(propq.as_deref()));
        // SAFETY: live BIO and context; no password callback; returns an owned key or NULL.
        let p = unsafe { read(b, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), l, q) };
        drop(bio);
        Pkey::adopt(p)
    }

    /// The key as PEM (`PEM_write_bio_PrivateKey_ex`, unencrypted PKCS#8, or `PEM_write_bio_PUBKEY_ex`) through
    /// the encoders of `ctx`.
    pub fn to_pem(&self, ctx: &LibCtx, private: bool) -> Result<String, ErrorStack> {
        let bio = MemBio::new()?;
        ErrorStack::clear();
        let r = if private {
            // SAFETY: live BIO, key and context; no cipher, no password.
            unsafe {
                ffi::PEM_write_bio_PrivateKey_ex(
                    bio.0.as_ptr(),
                    self.ptr.as_ptr(),
                    ptr::null(),
                    ptr::null(),
                    0,
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ctx.as_ptr(),
                    ptr::null(),
                )
            }
        } else {
            // SAFETY: live BIO, key and context.
            unsafe { ffi::PEM_write_bio_PUBKEY_ex(bio.0.as_ptr(), self.ptr.as_ptr(), ctx.as_ptr(), ptr::null()) }
        };
        check(r)?;
        String::from_utf8(bio.contents()).map_err(|_| ErrorStack::synthetic("PEM output is not UTF-8"))
    }

    /// `EVP_PKEY_todata`: the key's parameters as the provider exports them.
    pub fn todata(&self, selection: KeySelection) -> Result<Vec<ParamValue>, ErrorStack> {
        let mut params: *mut OSSL_PARAM = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: live key; `params` receives an array we free below.
        check(unsafe { openssl_sys::EVP_PKEY_todata(self.ptr.as_ptr(), selection.raw(), &mut params) })?;
        let mut out = Vec::new();
        let mut i = 0usize;
        while !params.is_null() {
            // SAFETY: an END-terminated array from EVP_PKEY_todata; we stop at the END entry.
            let p = unsafe { &*params.wrapping_add(i) };
            if p.key.is_null() {
                break;
            }
            // SAFETY: a non-NULL key is a NUL-terminated string owned by the array.
            let key = unsafe { CStr::from_ptr(p.key) }.to_string_lossy().into_owned();
            let data = if p.data.is_null() {
                Vec::new()
            } else {
                // SAFETY: `data` holds `data_size` readable bytes owned by the array.
                unsafe { std::slice::from_raw_parts(p.data.cast::<u8>(), p.data_size) }.to_vec()
            };
            out.push(ParamValue { key, data_type: ParamType::from_raw(p.data_type), data });
            i += 1;
        }
        // SAFETY: the array came from EVP_PKEY_todata and is freed once (NULL is accepted).
        unsafe { openssl_sys::OSSL_PARAM_free(params) };
        Ok(out)
    }

    /// `EVP_PKEY_get_params`.
    pub fn get_params(&self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live key; END-terminated params whose buffers outlive the call.
        check(unsafe { openssl_sys::EVP_PKEY_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `EVP_PKEY_set_params`.
    pub fn set_params(&mut self, params: &Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live key; END-terminated params (only read) whose buffers outlive the call.
        check(unsafe { openssl_sys::EVP_PKEY_set_params(self.ptr.as_ptr(), params.as_ptr().cast_mut()) })
    }

    /// `EVP_PKEY_get1_encoded_public_key` (the two-call size query libssl uses).
    pub fn encoded_public_key(&self) -> Result<Vec<u8>, ErrorStack> {
        let mut p: *mut u8 = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: live key; `p` receives an OPENSSL_malloc'd buffer of the returned length, freed below.
        let n = unsafe { ffi::EVP_PKEY_get1_encoded_public_key(self.ptr.as_ptr(), &mut p) };
        if n == 0 || p.is_null() {
            return Err(ErrorStack::drain());
        }
        // SAFETY: `p` holds `n` bytes.
        let v = unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
        // SAFETY: allocated by libcrypto with OPENSSL_malloc.
        unsafe { openssl_sys::CRYPTO_free(p.cast(), c"pkey.rs".as_ptr(), 0) };
        Ok(v)
    }

    /// `EVP_PKEY_set1_encoded_public_key`.
    pub fn set_encoded_public_key(&mut self, public: &[u8]) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live key; `public` readable for its length.
        check(unsafe { ffi::EVP_PKEY_set1_encoded_public_key(self.ptr.as_ptr(), public.as_ptr(), public.len()) })
    }

    /// `EVP_PKEY_get_group_name`.
    pub fn group_name(&self) -> Result<String, ErrorStack> {
        let mut buf = [0u8; 80];
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: live key; `buf` writable for its length.
        check(unsafe {
            ffi::EVP_PKEY_get_group_name(self.ptr.as_ptr(), buf.as_mut_ptr().cast(), buf.len(), &mut len)
        })?;
        Ok(String::from_utf8_lossy(&buf[..len.min(buf.len())]).into_owned())
    }

    /// `EVP_PKEY_get0_type_name` (e.g. "EC").
    pub fn type_name(&self) -> String {
        // SAFETY: live key; returns a string owned by its key management, or NULL.
        let p = unsafe { ffi::EVP_PKEY_get0_type_name(self.ptr.as_ptr()) };
        if p.is_null() {
            return String::new();
        }
        // SAFETY: non-NULL names are NUL-terminated and live as long as the key.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }

    /// `EVP_PKEY_is_a`.
    pub fn is_a(&self, name: &str) -> bool {
        let name = c_string(name);
        // SAFETY: live key and NUL-terminated name.
        unsafe { openssl_sys::EVP_PKEY_is_a(self.ptr.as_ptr(), name.as_ptr()) == 1 }
    }

    /// (`EVP_PKEY_get_bits`, `EVP_PKEY_get_security_bits`, `EVP_PKEY_get_size`).
    pub fn sizes(&self) -> (i32, i32, i32) {
        let k = self.ptr.as_ptr();
        // SAFETY: live key (these only read cached key information).
        let bits = unsafe { openssl_sys::EVP_PKEY_get_bits(k) };
        // SAFETY: as above.
        let sec = unsafe { openssl_sys::EVP_PKEY_get_security_bits(k) };
        // SAFETY: as above.
        let size = unsafe { openssl_sys::EVP_PKEY_get_size(k) };
        (bits, sec, size)
    }

    /// `EVP_PKEY_eq`: 1 equal, 0 different, negative when not comparable.
    pub fn eq_raw(&self, other: &Pkey<'_>) -> i32 {
        ErrorStack::clear();
        // SAFETY: live keys.
        let r = unsafe { openssl_sys::EVP_PKEY_eq(self.ptr.as_ptr(), other.ptr.as_ptr()) };
        ErrorStack::clear();
        r
    }

    /// `EVP_PKEY_parameters_eq`.
    pub fn parameters_eq(&self, other: &Pkey<'_>) -> i32 {
        ErrorStack::clear();
        // SAFETY: live keys.
        let r = unsafe { openssl_sys::EVP_PKEY_parameters_eq(self.ptr.as_ptr(), other.ptr.as_ptr()) };
        ErrorStack::clear();
        r
    }

    /// `EVP_PKEY_dup`.
    pub fn try_clone(&self) -> Result<Pkey<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live key; returns an owned copy or NULL.
        Pkey::adopt(unsafe { ffi::EVP_PKEY_dup(self.ptr.as_ptr()) })
    }

    /// `EVP_PKEY_new` + `EVP_PKEY_copy_parameters(new, self)`: a parameters-only copy (libssl's client path).
    pub fn copy_parameters(&self) -> Result<Pkey<'a>, ErrorStack> {
        ErrorStack::clear();
        // SAFETY: no arguments; returns an owned empty key or NULL.
        let k = Pkey::adopt(unsafe { openssl_sys::EVP_PKEY_new() })?;
        // SAFETY: live keys.
        check(unsafe { openssl_sys::EVP_PKEY_copy_parameters(k.ptr.as_ptr(), self.ptr.as_ptr()) })?;
        Ok(k)
    }

    /// Runs a key check in `ctx`: `Ok(true)` valid, `Ok(false)` invalid (errors drained), `Err` on a failure
    /// to even run it.
    pub fn check(&self, ctx: &LibCtx, kind: KeyCheck, propq: Option<&str>) -> Result<bool, ErrorStack> {
        let pctx = PkeyCtx::from_pkey(ctx, self, propq)?;
        ErrorStack::clear();
        let f: unsafe extern "C" fn(*mut EVP_PKEY_CTX) -> c_int = match kind {
            KeyCheck::Full => openssl_sys::EVP_PKEY_check,
            KeyCheck::Public => openssl_sys::EVP_PKEY_public_check,
            KeyCheck::Private => ffi::EVP_PKEY_private_check,
            KeyCheck::Pairwise => ffi::EVP_PKEY_pairwise_check,
            KeyCheck::Params => ffi::EVP_PKEY_param_check,
        };
        // SAFETY: live context.
        let r = unsafe { f(pctx.as_ptr()) };
        match r {
            1 => Ok(true),
            0 => {
                ErrorStack::clear();
                Ok(false)
            }
            _ => Err(ErrorStack::drain()),
        }
    }

    /// ECDH/DH: `EVP_PKEY_derive` with `peer` (peer validation on unless `skip_peer_check`, `params` set on the
    /// exchange context if given), into a buffer of the size the provider reports (or `out_len` bytes).
    pub fn derive(
        &self,
        ctx: &LibCtx,
        peer: &Pkey<'_>,
        propq: Option<&str>,
        skip_peer_check: bool,
        params: Option<&Params>,
        out_len: Option<usize>,
    ) -> Result<Vec<u8>, ErrorStack> {
        let pctx = PkeyCtx::from_pkey(ctx, self, propq)?;
        ErrorStack::clear();
        // SAFETY: live context.
        check(unsafe { openssl_sys::EVP_PKEY_derive_init(pctx.as_ptr()) })?;
        if let Some(p) = params {
            pctx.set_params(p)?;
        }
        // SAFETY: live context and peer key.
        check(unsafe {
            openssl_sys::EVP_PKEY_derive_set_peer_ex(pctx.as_ptr(), peer.ptr.as_ptr(), c_int::from(!skip_peer_check))
        })?;
        let mut len = 0usize;
        // SAFETY: size query with a NULL buffer.
        check(unsafe { openssl_sys::EVP_PKEY_derive(pctx.as_ptr(), ptr::null_mut(), &mut len) })?;
        let mut out = vec![0u8; out_len.unwrap_or(len)];
        let mut n = out.len();
        // SAFETY: `out` is writable for `n` bytes, which is passed in `n`.
        check(unsafe { openssl_sys::EVP_PKEY_derive(pctx.as_ptr(), out.as_mut_ptr(), &mut n) })?;
        out.truncate(n);
        Ok(out)
    }

    /// Signs a precomputed hash (`EVP_PKEY_sign_init_ex(params)` + `EVP_PKEY_sign`); `sig_cap` overrides the
    /// output buffer size (default: what the size query reports).
    pub fn sign_prehash(
        &self,
        ctx: &LibCtx,
        hash: &[u8],
        params: Option<&Params>,
        propq: Option<&str>,
        sig_cap: Option<usize>,
    ) -> Result<Vec<u8>, ErrorStack> {
        let pctx = PkeyCtx::from_pkey(ctx, self, propq)?;
        ErrorStack::clear();
        // SAFETY: live context; params END-terminated or NULL.
        check(unsafe { ffi::EVP_PKEY_sign_init_ex(pctx.as_ptr(), params.map_or(ptr::null(), Params::as_ptr)) })?;
        let mut len = 0usize;
        // SAFETY: size query with a NULL buffer.
        check(unsafe {
            openssl_sys::EVP_PKEY_sign(pctx.as_ptr(), ptr::null_mut(), &mut len, hash.as_ptr(), hash.len())
        })?;
        let mut sig = vec![0u8; sig_cap.unwrap_or(len)];
        let mut n = sig.len();
        // SAFETY: `sig` writable for `n` bytes; `hash` readable for its length.
        check(unsafe {
            openssl_sys::EVP_PKEY_sign(pctx.as_ptr(), sig.as_mut_ptr(), &mut n, hash.as_ptr(), hash.len())
        })?;
        sig.truncate(n);
        Ok(sig)
    }

    /// Verifies a signature of a precomputed hash: `Ok(true)` valid, `Ok(false)` invalid, `Err` on errors.
    pub fn verify_prehash(
        &self,
        ctx: &LibCtx,
        hash: &[u8],
        sig: &[u8],
        params: Option<&Params>,
        propq: Option<&str>,
    ) -> Result<bool, ErrorStack> {
        let pctx = PkeyCtx::from_pkey(ctx, self, propq)?;
        ErrorStack::clear();
        // SAFETY: live context; params END-terminated or NULL.
        check(unsafe { ffi::EVP_PKEY_verify_init_ex(pctx.as_ptr(), params.map_or(ptr::null(), Params::as_ptr)) })?;
        ErrorStack::clear();
        // SAFETY: `sig` and `hash` readable for their lengths.
        let r =
            unsafe { openssl_sys::EVP_PKEY_verify(pctx.as_ptr(), sig.as_ptr(), sig.len(), hash.as_ptr(), hash.len()) };
        verdict(r)
    }

    /// `EVP_DigestSignInit_ex(md)` + `EVP_DigestSign` (one shot, with its size query).
    pub fn digest_sign(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        msg: &[u8],
        propq: Option<&str>,
    ) -> Result<Vec<u8>, ErrorStack> {
        let (m, _) = self.digest_init(ctx, md, propq, true)?;
        let mut len = 0usize;
        ErrorStack::clear();
        // SAFETY: initialised context; size query with a NULL buffer.
        check(unsafe {
            openssl_sys::EVP_DigestSign(m.0.as_ptr(), ptr::null_mut(), &mut len, msg.as_ptr(), msg.len())
        })?;
        let mut sig = vec![0u8; len];
        // SAFETY: `sig` writable for `len` bytes; `msg` readable for its length.
        check(unsafe {
            openssl_sys::EVP_DigestSign(m.0.as_ptr(), sig.as_mut_ptr(), &mut len, msg.as_ptr(), msg.len())
        })?;
        sig.truncate(len);
        Ok(sig)
    }

    /// `EVP_DigestSignInit_ex(md)`, `EVP_DigestSignUpdate` per chunk, then `EVP_DigestSignFinal` (size query,
    /// then the signature).
    pub fn digest_sign_chunks(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        chunks: &[&[u8]],
        propq: Option<&str>,
    ) -> Result<Vec<u8>, ErrorStack> {
        let (m, _) = self.digest_init(ctx, md, propq, true)?;
        for c in chunks {
            ErrorStack::clear();
            // SAFETY: initialised context; chunk readable for its length.
            check(unsafe { openssl_sys::EVP_DigestSignUpdate(m.0.as_ptr(), c.as_ptr().cast(), c.len()) })?;
        }
        let mut len = 0usize;
        // SAFETY: size query with a NULL buffer.
        check(unsafe { openssl_sys::EVP_DigestSignFinal(m.0.as_ptr(), ptr::null_mut(), &mut len) })?;
        let mut sig = vec![0u8; len];
        // SAFETY: `sig` writable for `len` bytes.
        check(unsafe { openssl_sys::EVP_DigestSignFinal(m.0.as_ptr(), sig.as_mut_ptr(), &mut len) })?;
        sig.truncate(len);
        Ok(sig)
    }

    /// `EVP_DigestVerifyInit_ex(md)` + `EVP_DigestVerify`: `Ok(true)` valid, `Ok(false)` invalid.
    pub fn digest_verify(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        msg: &[u8],
        sig: &[u8],
        propq: Option<&str>,
    ) -> Result<bool, ErrorStack> {
        let (m, _) = self.digest_init(ctx, md, propq, false)?;
        ErrorStack::clear();
        // SAFETY: initialised context; `sig` and `msg` readable for their lengths.
        let r =
            unsafe { openssl_sys::EVP_DigestVerify(m.0.as_ptr(), sig.as_ptr(), sig.len(), msg.as_ptr(), msg.len()) };
        verdict(r)
    }

    /// `EVP_DigestVerifyInit_ex(md)`, `EVP_DigestVerifyUpdate` per chunk, `EVP_DigestVerifyFinal`.
    pub fn digest_verify_chunks(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        chunks: &[&[u8]],
        sig: &[u8],
        propq: Option<&str>,
    ) -> Result<bool, ErrorStack> {
        let (m, _) = self.digest_init(ctx, md, propq, false)?;
        for c in chunks {
            ErrorStack::clear();
            // SAFETY: initialised context; chunk readable for its length.
            check(unsafe { openssl_sys::EVP_DigestVerifyUpdate(m.0.as_ptr(), c.as_ptr().cast(), c.len()) })?;
        }
        ErrorStack::clear();
        // SAFETY: `sig` readable for its length.
        let r = unsafe { openssl_sys::EVP_DigestVerifyFinal(m.0.as_ptr(), sig.as_ptr(), sig.len()) };
        verdict(r)
    }

    /// After `EVP_DigestSignInit_ex(md)` (or the verify form), reads the signature context's parameters
    /// (`EVP_PKEY_CTX_get_params`, e.g. `algorithm-id`), as `ASN1_item_sign_ctx` does.
    pub fn signature_ctx_params(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        sign: bool,
        params: &mut Params,
        propq: Option<&str>,
    ) -> Result<(), ErrorStack> {
        let (_m, pctx) = self.digest_init(ctx, md, propq, sign)?;
        ErrorStack::clear();
        // SAFETY: `pctx` is owned by the live MD context `_m`; END-terminated params.
        check(unsafe { openssl_sys::EVP_PKEY_CTX_get_params(pctx, params.as_mut_ptr()) })
    }

    /// Name of the provider whose signature implementation `EVP_DigestSignInit_ex` picked.
    pub fn signature_provider(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        propq: Option<&str>,
    ) -> Result<String, ErrorStack> {
        let (_m, pctx) = self.digest_init(ctx, md, propq, true)?;
        // SAFETY: `pctx` is owned by the live MD context `_m`.
        let p = unsafe { ffi::EVP_PKEY_CTX_get0_provider(pctx) };
        Ok(NonNull::new(p.cast_mut()).map(crate::provider::provider_name).unwrap_or_default())
    }

    fn digest_init(
        &self,
        ctx: &LibCtx,
        md: Option<&str>,
        propq: Option<&str>,
        sign: bool,
    ) -> Result<(MdCtxRaw, *mut EVP_PKEY_CTX), ErrorStack> {
        let m = MdCtxRaw::new()?;
        let md = md.map(c_string);
        let propq = propq.map(c_string);
        let mut pctx: *mut EVP_PKEY_CTX = ptr::null_mut();
        ErrorStack::clear();
        // SAFETY: fresh MD context, live library context and key, NUL-terminated strings (or NULL).
        let r = unsafe {
            let f = if sign { ffi::EVP_DigestSignInit_ex } else { ffi::EVP_DigestVerifyInit_ex };
            f(
                m.0.as_ptr(),
                &mut pctx,
                opt_ptr(md.as_deref()),
                ctx.as_ptr(),
                opt_ptr(propq.as_deref()),
                self.ptr.as_ptr(),
                ptr::null(),
            )
        };
        check(r)?;
        Ok((m, pctx))
    }
}

/// Maps a verification result: 1 valid, 0 invalid (errors dropped), negative an error.
fn verdict(r: c_int) -> Result<bool, ErrorStack> {
    match r {
        1 => Ok(true),
        0 => {
            ErrorStack::clear();
            Ok(false)
        }
        _ => Err(ErrorStack::drain()),
    }
}

impl Drop for Pkey<'_> {
    fn drop(&mut self) {
        // SAFETY: we own this reference.
        unsafe { openssl_sys::EVP_PKEY_free(self.ptr.as_ptr()) };
    }
}

/// One `TLS-GROUP` capability entry, read the way libssl's `add_provider_groups` reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsGroupInfo {
    /// `tls-group-name`.
    pub name: String,
    /// `tls-group-name-internal`.
    pub internal: String,
    /// `tls-group-alg`.
    pub alg: String,
    /// `tls-group-id`.
    pub id: u32,
    /// `tls-group-sec-bits`.
    pub sec_bits: u32,
    /// `tls-group-is-kem`, if present.
    pub is_kem: Option<u32>,
    /// `tls-min-tls`, `tls-max-tls`, `tls-min-dtls`, `tls-max-dtls`.
    pub versions: [i32; 4],
    /// Every string was a UTF8_STRING and every number a 4-byte integer of the right signedness.
    pub well_typed: bool,
}

struct GroupCollector {
    groups: Vec<TlsGroupInfo>,
    stop_after: Option<usize>,
}

fn param_string(p: &OSSL_PARAM) -> Option<String> {
    if p.data.is_null() {
        return None;
    }
    // SAFETY: a UTF8_STRING param's data points to `data_size` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(p.data.cast::<u8>(), p.data_size) };
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
}

fn param_u32(p: &OSSL_PARAM) -> Option<u32> {
    if p.data.is_null() || p.data_size != 4 {
        return None;
    }
    // SAFETY: a 4-byte integer param's data points to 4 readable bytes.
    let b = unsafe { std::slice::from_raw_parts(p.data.cast::<u8>(), 4) };
    Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

unsafe extern "C" fn collect_group(params: *const OSSL_PARAM, arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the `GroupCollector` passed by `tls_groups` for the duration of the call.
    let c = unsafe { &mut *arg.cast::<GroupCollector>() };
    let mut g = TlsGroupInfo { well_typed: true, ..TlsGroupInfo::default() };
    let mut i = 0usize;
    while !params.is_null() && i < 64 {
        // SAFETY: the END-terminated array the provider passed; we stop at the END entry.
        let p = unsafe { &*params.wrapping_add(i) };
        if p.key.is_null() {
            break;
        }
        i += 1;
        // SAFETY: a non-NULL key is a NUL-terminated string.
        let key = unsafe { CStr::from_ptr(p.key) }.to_bytes();
        let (string, uint, int) = (p.data_type == 4, p.data_type == 2, p.data_type == 1);
        let ok = match key {
            b"tls-group-name" => param_string(p).map(|s| g.name = s).is_some() && string,
            b"tls-group-name-internal" => param_string(p).map(|s| g.internal = s).is_some() && string,
            b"tls-group-alg" => param_string(p).map(|s| g.alg = s).is_some() && string,
            b"tls-group-id" => param_u32(p).map(|v| g.id = v).is_some() && uint,
            b"tls-group-sec-bits" => param_u32(p).map(|v| g.sec_bits = v).is_some() && uint,
            b"tls-group-is-kem" => param_u32(p).map(|v| g.is_kem = Some(v)).is_some() && uint,
            b"tls-min-tls" => param_u32(p).map(|v| g.versions[0] = v as i32).is_some() && int,
            b"tls-max-tls" => param_u32(p).map(|v| g.versions[1] = v as i32).is_some() && int,
            b"tls-min-dtls" => param_u32(p).map(|v| g.versions[2] = v as i32).is_some() && int,
            b"tls-max-dtls" => param_u32(p).map(|v| g.versions[3] = v as i32).is_some() && int,
            _ => true,
        };
        g.well_typed &= ok;
    }
    c.groups.push(g);
    c_int::from(c.stop_after.is_none_or(|n| c.groups.len() < n))
}

/// The `TLS-GROUP` capability of provider `name` in `ctx` (`OSSL_PROVIDER_get_capabilities`); the callback
/// answers 0 after `stop_after` entries if given. Returns the provider's result and the entries seen.
pub fn tls_groups(
    ctx: &LibCtx,
    name: &str,
    stop_after: Option<usize>,
) -> Result<(bool, Vec<TlsGroupInfo>), ErrorStack> {
    let cname = c_string(name);
    ErrorStack::clear();
    // SAFETY: live context and NUL-terminated name; returns a counted reference (released below) or NULL.
    let prov = NonNull::new(unsafe { openssl_sys::OSSL_PROVIDER_load(ctx.as_ptr(), cname.as_ptr()) })
        .ok_or_else(ErrorStack::drain)?;
    let mut c = GroupCollector { groups: Vec::new(), stop_after };
    // SAFETY: live provider; the callback matches OSSL_CALLBACK and only uses `c` during the call.
    let r = unsafe {
        ffi::OSSL_PROVIDER_get_capabilities(prov.as_ptr(), c"TLS-GROUP".as_ptr(), collect_group, (&raw mut c).cast())
    };
    // SAFETY: releases the reference taken above.
    unsafe { openssl_sys::OSSL_PROVIDER_unload(prov.as_ptr()) };
    Ok((r == 1, c.groups))
}
