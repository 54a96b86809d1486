//! The AES-GCM cipher family (`OSSL_OP_CIPHER`): AES-128/192/256-GCM under OpenSSL's names, with the TLS 1.2/1.3
//! record parameters libssl sets.

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::names;
use crate::ops::cipher::{
    CipherInfo, MODE_GCM, P_IV, P_IVLEN, P_KEYLEN, P_TAG, P_TAGLEN, P_TLS_AAD, P_TLS_AAD_PAD, P_TLS_IV_FIXED,
    P_TLS_IV_GEN, P_TLS_IV_INV, P_UPDATED_IV,
};
use crate::ops::cipher_gcm::{GcmCtx, P_IV_GENERATED};

impl AbiCipher for GcmCtx {
    fn whole_iv_len(&self) -> Option<usize> {
        Some(self.iv_len())
    }
}

static GETTABLE_CTX: ParamTable<11> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TAGLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
    (P_TAG, OSSL_PARAM_OCTET_STRING),
    (P_TLS_AAD_PAD, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TLS_IV_GEN, OSSL_PARAM_OCTET_STRING),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
    (P_IV_GENERATED, OSSL_PARAM_UNSIGNED_INTEGER),
];
static SETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TAG, OSSL_PARAM_OCTET_STRING),
    (P_TLS_AAD, OSSL_PARAM_OCTET_STRING),
    (P_TLS_IV_FIXED, OSSL_PARAM_OCTET_STRING),
    (P_TLS_IV_INV, OSSL_PARAM_OCTET_STRING),
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

const fn gcm(key_len: usize) -> CipherInfo {
    CipherInfo { mode: MODE_GCM, key_len, block_len: 1, iv_len: 12, aead: true, custom_iv: true, cts: false }
}

// OpenSSL's names, aliases and OIDs (`providers/implementations/include/prov/names.h`).
cipher_family! {
    ctx = GcmCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_GCM: c"AES-256-GCM:id-aes256-GCM:2.16.840.1.101.3.4.1.46", gcm(32);
    AES_192_GCM: c"AES-192-GCM:id-aes192-GCM:2.16.840.1.101.3.4.1.26", gcm(24);
    AES_128_GCM: c"AES-128-GCM:id-aes128-GCM:2.16.840.1.101.3.4.1.6", gcm(16);
}
