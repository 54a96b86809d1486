//! The AES-ECB and AES-CBC cipher family (`OSSL_OP_CIPHER`) under OpenSSL's names.

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::names;
use crate::ops::cipher::{
    CipherInfo, MODE_CBC, MODE_ECB, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE, P_TLS_VERSION,
    P_UPDATED_IV,
};
use crate::ops::cipher_block::BlockCtx;

impl AbiCipher for BlockCtx {}

static GETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
];
static SETTABLE_CTX: ParamTable<6> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TLS_VERSION, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TLS_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
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

const fn block(mode: u32, key_len: usize) -> CipherInfo {
    let iv_len = if mode == MODE_CBC { 16 } else { 0 };
    CipherInfo { mode, key_len, block_len: 16, iv_len, aead: false, custom_iv: false, cts: false }
}

// OpenSSL's names, aliases and OIDs (`providers/implementations/include/prov/names.h`).
cipher_family! {
    ctx = BlockCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_CBC: c"AES-256-CBC:AES256:2.16.840.1.101.3.4.1.42", block(MODE_CBC, 32);
    AES_192_CBC: c"AES-192-CBC:AES192:2.16.840.1.101.3.4.1.22", block(MODE_CBC, 24);
    AES_128_CBC: c"AES-128-CBC:AES128:2.16.840.1.101.3.4.1.2", block(MODE_CBC, 16);
    AES_256_ECB: c"AES-256-ECB:2.16.840.1.101.3.4.1.41", block(MODE_ECB, 32);
    AES_192_ECB: c"AES-192-ECB:2.16.840.1.101.3.4.1.21", block(MODE_ECB, 24);
    AES_128_ECB: c"AES-128-ECB:2.16.840.1.101.3.4.1.1", block(MODE_ECB, 16);
}
