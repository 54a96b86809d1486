//! The AES-CBC-CTS cipher family (`OSSL_OP_CIPHER`): AES-128/192/256-CBC-CTS under OpenSSL's names, with the
//! `"cts_mode"` parameter (CS1, CS2, CS3).

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::names;
use crate::ops::cipher::{
    CipherInfo, MODE_CBC, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE, P_TLS_VERSION, P_UPDATED_IV,
};
use crate::ops::cipher_cts::{CtsCtx, P_CTS_MODE};

impl AbiCipher for CtsCtx {}

static GETTABLE_CTX: ParamTable<8> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
    (P_CTS_MODE, OSSL_PARAM_UTF8_STRING),
];
static SETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TLS_VERSION, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TLS_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_CTS_MODE, OSSL_PARAM_UTF8_STRING),
];

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

/// OpenSSL's CBC-CTS constants: CBC mode with the CTS flag, 16-byte blocks and IV.
const fn cts(key_len: usize) -> CipherInfo {
    CipherInfo { mode: MODE_CBC, key_len, block_len: 16, iv_len: 16, aead: false, custom_iv: false, cts: true }
}

// OpenSSL's names (`providers/implementations/include/prov/names.h`: no aliases or OIDs).
cipher_family! {
    ctx = CtsCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_CBC_CTS: c"AES-256-CBC-CTS", cts(32);
    AES_192_CBC_CTS: c"AES-192-CBC-CTS", cts(24);
    AES_128_CBC_CTS: c"AES-128-CBC-CTS", cts(16);
}
