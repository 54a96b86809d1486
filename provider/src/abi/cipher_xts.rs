//! The AES-XTS cipher family (`OSSL_OP_CIPHER`): AES-128-XTS and AES-256-XTS under OpenSSL's names (double-length
//! keys of 32 and 64 bytes, a 16-byte tweak as the IV, block size 1, custom IV).

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::names;
use crate::ops::cipher::{CipherInfo, MODE_XTS, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_UPDATED_IV};
use crate::ops::cipher_xts::XtsCtx;

impl AbiCipher for XtsCtx {}

static GETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
];
static SETTABLE_CTX: ParamTable<2> = param_table![(P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER)];

unsafe extern "C" fn gettable_ctx(
    _vctx: *mut core::ffi::c_void,
    _provctx: *mut core::ffi::c_void,
) -> *const OSSL_PARAM {
    GETTABLE_CTX.as_ptr()
}

unsafe extern "C" fn settable_ctx(
    _vctx: *mut core::ffi::c_void,
    _provctx: *mut core::ffi::c_void,
) -> *const OSSL_PARAM {
    SETTABLE_CTX.as_ptr()
}

/// `key_len` is the double-length XTS key (OpenSSL reports `2 * kbits`).
const fn xts(key_len: usize) -> CipherInfo {
    CipherInfo { mode: MODE_XTS, key_len, block_len: 1, iv_len: 16, aead: false, custom_iv: true, cts: false }
}

// OpenSSL's names and OIDs (`providers/implementations/include/prov/names.h`).
cipher_family! {
    ctx = XtsCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_XTS: c"AES-256-XTS:1.3.111.2.1619.0.1.2", xts(64);
    AES_128_XTS: c"AES-128-XTS:1.3.111.2.1619.0.1.1", xts(32);
}
