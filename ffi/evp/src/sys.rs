//! libcrypto functions that `openssl-sys` 0.9 does not bind (all present in OpenSSL 3.0).
//!
//! Signatures are copied from the OpenSSL 3.0 headers (`crypto.h`, `evp.h`, `provider.h`, `self_test.h`).

use std::ffi::{c_char, c_int, c_ulong, c_void};

use openssl_sys::{EVP_MAC, EVP_MD, EVP_MD_CTX, OSSL_LIB_CTX, OSSL_PARAM, OSSL_PROVIDER};

/// `OSSL_CALLBACK` from `core.h`.
pub(crate) type OsslCallback = unsafe extern "C" fn(params: *const OSSL_PARAM, arg: *mut c_void) -> c_int;

unsafe extern "C" {
    pub(crate) fn OSSL_LIB_CTX_load_config(ctx: *mut OSSL_LIB_CTX, config_file: *const c_char) -> c_int;
    pub(crate) fn OSSL_SELF_TEST_set_callback(libctx: *mut OSSL_LIB_CTX, cb: Option<OsslCallback>, cbarg: *mut c_void);

    pub(crate) fn OSSL_PROVIDER_available(ctx: *mut OSSL_LIB_CTX, name: *const c_char) -> c_int;
    pub(crate) fn OSSL_PROVIDER_do_all(
        ctx: *mut OSSL_LIB_CTX,
        cb: unsafe extern "C" fn(provider: *mut OSSL_PROVIDER, cbdata: *mut c_void) -> c_int,
        cbdata: *mut c_void,
    ) -> c_int;
    pub(crate) fn OSSL_PROVIDER_get0_name(prov: *const OSSL_PROVIDER) -> *const c_char;
    pub(crate) fn OSSL_PROVIDER_get_params(prov: *const OSSL_PROVIDER, params: *mut OSSL_PARAM) -> c_int;
    pub(crate) fn OSSL_PROVIDER_gettable_params(prov: *const OSSL_PROVIDER) -> *const OSSL_PARAM;
    pub(crate) fn OSSL_PROVIDER_self_test(prov: *const OSSL_PROVIDER) -> c_int;

    pub(crate) fn EVP_MD_get0_name(md: *const EVP_MD) -> *const c_char;
    pub(crate) fn EVP_MD_get0_provider(md: *const EVP_MD) -> *const OSSL_PROVIDER;
    pub(crate) fn EVP_MD_get_flags(md: *const EVP_MD) -> c_ulong;
    pub(crate) fn EVP_MD_is_a(md: *const EVP_MD, name: *const c_char) -> c_int;
    pub(crate) fn EVP_MD_names_do_all(
        md: *const EVP_MD,
        f: unsafe extern "C" fn(name: *const c_char, data: *mut c_void),
        data: *mut c_void,
    ) -> c_int;
    pub(crate) fn EVP_MD_do_all_provided(
        libctx: *mut OSSL_LIB_CTX,
        f: unsafe extern "C" fn(md: *mut EVP_MD, arg: *mut c_void),
        arg: *mut c_void,
    );
    pub(crate) fn EVP_MD_get_params(digest: *const EVP_MD, params: *mut OSSL_PARAM) -> c_int;
    pub(crate) fn EVP_MD_gettable_params(digest: *const EVP_MD) -> *const OSSL_PARAM;
    pub(crate) fn EVP_MD_settable_ctx_params(md: *const EVP_MD) -> *const OSSL_PARAM;
    pub(crate) fn EVP_MD_gettable_ctx_params(md: *const EVP_MD) -> *const OSSL_PARAM;
    pub(crate) fn EVP_MD_CTX_set_params(ctx: *mut EVP_MD_CTX, params: *const OSSL_PARAM) -> c_int;
    pub(crate) fn EVP_MD_CTX_get_params(ctx: *mut EVP_MD_CTX, params: *mut OSSL_PARAM) -> c_int;
    pub(crate) fn EVP_DigestInit_ex2(ctx: *mut EVP_MD_CTX, md: *const EVP_MD, params: *const OSSL_PARAM) -> c_int;

    pub(crate) fn EVP_MAC_do_all_provided(
        libctx: *mut OSSL_LIB_CTX,
        f: unsafe extern "C" fn(mac: *mut EVP_MAC, arg: *mut c_void),
        arg: *mut c_void,
    );
    pub(crate) fn EVP_MAC_names_do_all(
        mac: *const EVP_MAC,
        f: unsafe extern "C" fn(name: *const c_char, data: *mut c_void),
        data: *mut c_void,
    ) -> c_int;
}

/// `OSSL_PARAM_UNMODIFIED` from `params.h`.
pub(crate) const OSSL_PARAM_UNMODIFIED: usize = usize::MAX;
/// `EVP_MD_FLAG_XOF` from `evp.h`.
pub(crate) const EVP_MD_FLAG_XOF: c_ulong = 0x0002;
/// `EVP_MAX_MD_SIZE` from `evp.h`.
pub(crate) const EVP_MAX_MD_SIZE: usize = 64;
/// `ERR_TXT_STRING` from `err.h`.
pub(crate) const ERR_TXT_STRING: c_int = 0x02;
/// `ERR_SYSTEM_FLAG` from `err.h`.
pub(crate) const ERR_SYSTEM_FLAG: c_ulong = (c_int::MAX as c_ulong) + 1;
/// Library bits of a packed error code (`ERR_LIB_OFFSET`, `ERR_LIB_MASK`).
pub(crate) const fn err_lib(code: c_ulong) -> c_int {
    if code & ERR_SYSTEM_FLAG != 0 {
        2 // ERR_LIB_SYS
    } else {
        ((code >> 23) & 0xff) as c_int
    }
}
/// Reason bits of a packed error code (`ERR_REASON_MASK`).
pub(crate) const fn err_reason(code: c_ulong) -> c_int {
    if code & ERR_SYSTEM_FLAG != 0 { (code & !ERR_SYSTEM_FLAG) as c_int } else { (code & 0x7f_ffff) as c_int }
}
