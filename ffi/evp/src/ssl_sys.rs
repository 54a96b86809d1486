//! libssl / libcrypto functions for the TLS wrappers that `openssl-sys` 0.9 does not bind (all in OpenSSL 3.0).
//!
//! Signatures are copied from the OpenSSL 3.0 headers (`ssl.h`, `bio.h`).

use std::ffi::{c_char, c_int};

use openssl_sys::{BIO, OSSL_LIB_CTX, SSL, SSL_CTX, SSL_METHOD, SSL_SESSION};

unsafe extern "C" {
    pub(crate) fn SSL_CTX_new_ex(
        libctx: *mut OSSL_LIB_CTX,
        propq: *const c_char,
        meth: *const SSL_METHOD,
    ) -> *mut SSL_CTX;
    pub(crate) fn BIO_new_bio_pair(
        bio1: *mut *mut BIO,
        writebuf1: usize,
        bio2: *mut *mut BIO,
        writebuf2: usize,
    ) -> c_int;
    pub(crate) fn SSL_get1_session(ssl: *mut SSL) -> *mut SSL_SESSION;
    pub(crate) fn SSL_key_update(s: *mut SSL, updatetype: c_int) -> c_int;
    pub(crate) fn SSL_set1_host(s: *mut SSL, hostname: *const c_char) -> c_int;
}

/// `SSL_KEY_UPDATE_NOT_REQUESTED` / `SSL_KEY_UPDATE_REQUESTED` from `ssl.h`.
pub(crate) const SSL_KEY_UPDATE_NOT_REQUESTED: c_int = 0;
pub(crate) const SSL_KEY_UPDATE_REQUESTED: c_int = 1;
/// `SSL_CTRL_GET_NEGOTIATED_GROUP` from `ssl.h` (the `SSL_get_negotiated_group` macro).
pub(crate) const SSL_CTRL_GET_NEGOTIATED_GROUP: c_int = 134;
