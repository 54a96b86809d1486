//! The AES-CCM cipher family (`OSSL_OP_CIPHER`): AES-128/192/256-CCM under OpenSSL's names, with the TLS 1.2
//! record parameters libssl sets and the payload-length declaration (`update(NULL, NULL, len)`).

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::error::ProvResult;
use crate::names;
use crate::ops::cipher::{
    CipherInfo, MODE_CCM, P_IV, P_IVLEN, P_KEYLEN, P_TAG, P_TAGLEN, P_TLS_AAD, P_TLS_AAD_PAD, P_TLS_IV_FIXED,
    P_UPDATED_IV,
};
use crate::ops::cipher_ccm::CcmCtx;

impl AbiCipher for CcmCtx {
    /// A `"tlsivfixed"` of `(size_t)-1` is read as an empty restore request, which CCM refuses without reading
    /// the caller's buffer (OpenSSL's CCM takes only a 4-byte fixed IV).
    fn whole_iv_len(&self) -> Option<usize> {
        Some(0)
    }

    fn declare_length(&mut self, len: usize) -> Option<ProvResult<usize>> {
        Some(self.declare(len))
    }
}

static GETTABLE_CTX: ParamTable<8> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TAGLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
    (P_TAG, OSSL_PARAM_OCTET_STRING),
    (P_TLS_AAD_PAD, OSSL_PARAM_UNSIGNED_INTEGER),
];
static SETTABLE_CTX: ParamTable<6> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_TAG, OSSL_PARAM_OCTET_STRING),
    (P_TLS_AAD, OSSL_PARAM_OCTET_STRING),
    (P_TLS_IV_FIXED, OSSL_PARAM_OCTET_STRING),
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

/// OpenSSL reports a 12-byte IV for the algorithm (`IMPLEMENT_aead_cipher(.., 96)`); a fresh context's nonce
/// length is 7 (`L = 8`) until `"ivlen"` is set.
const fn ccm(key_len: usize) -> CipherInfo {
    CipherInfo { mode: MODE_CCM, key_len, block_len: 1, iv_len: 12, aead: true, custom_iv: true, cts: false }
}

// OpenSSL's names, aliases and OIDs (`providers/implementations/include/prov/names.h`).
cipher_family! {
    ctx = CcmCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_CCM: c"AES-256-CCM:id-aes256-CCM:2.16.840.1.101.3.4.1.47", ccm(32);
    AES_192_CCM: c"AES-192-CCM:id-aes192-CCM:2.16.840.1.101.3.4.1.27", ccm(24);
    AES_128_CCM: c"AES-128-CCM:id-aes128-CCM:2.16.840.1.101.3.4.1.7", ccm(16);
}
