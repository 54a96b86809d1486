//! The AES stream-mode cipher family (`OSSL_OP_CIPHER`): AES-128/192/256 in CTR, CFB (CFB128), CFB8, CFB1 and
//! OFB under OpenSSL's names, with the context parameters of OpenSSL's generic stream ciphers.

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::{AbiCipher, cipher_family};
use super::params::{ParamTable, param_table};
use crate::error::ProvResult;
use crate::names;
use crate::ops::cipher::{Io, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE, P_TLS_VERSION, P_UPDATED_IV};
use crate::ops::cipher_stream::{CFB1, CFB8, CFB128, CTR, OFB, P_USE_BITS, StreamCtx};

impl AbiCipher for StreamCtx {
    fn lengths_in_bits(&self) -> bool {
        StreamCtx::lengths_in_bits(self)
    }

    fn update_bits(&mut self, io: Io<'_>, bits: usize) -> ProvResult<usize> {
        StreamCtx::update_bits(self, io, bits)
    }
}

// OpenSSL's `ossl_cipher_generic_{gettable,settable}_ctx_params` (its gettable `"tls-mac"` is left out: the
// TLS record mode is not offered).
static GETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
];
static SETTABLE_CTX: ParamTable<6> = param_table![
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_USE_BITS, OSSL_PARAM_UNSIGNED_INTEGER),
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

// OpenSSL's names and OIDs (`providers/implementations/include/prov/names.h`): only CFB128 and OFB have OIDs.
// Each algorithm's constants are an element of the statics in `ops/cipher_stream.rs`, which is how a context
// tells CFB128, CFB8 and CFB1 apart.
cipher_family! {
    ctx = StreamCtx, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
    AES_256_CTR: c"AES-256-CTR", CTR[2];
    AES_192_CTR: c"AES-192-CTR", CTR[1];
    AES_128_CTR: c"AES-128-CTR", CTR[0];
    AES_256_CFB: c"AES-256-CFB:2.16.840.1.101.3.4.1.44", CFB128[2];
    AES_192_CFB: c"AES-192-CFB:2.16.840.1.101.3.4.1.24", CFB128[1];
    AES_128_CFB: c"AES-128-CFB:2.16.840.1.101.3.4.1.4", CFB128[0];
    AES_256_CFB1: c"AES-256-CFB1", CFB1[2];
    AES_192_CFB1: c"AES-192-CFB1", CFB1[1];
    AES_128_CFB1: c"AES-128-CFB1", CFB1[0];
    AES_256_CFB8: c"AES-256-CFB8", CFB8[2];
    AES_192_CFB8: c"AES-192-CFB8", CFB8[1];
    AES_128_CFB8: c"AES-128-CFB8", CFB8[0];
    AES_256_OFB: c"AES-256-OFB:2.16.840.1.101.3.4.1.43", OFB[2];
    AES_192_OFB: c"AES-192-OFB:2.16.840.1.101.3.4.1.23", OFB[1];
    AES_128_OFB: c"AES-128-OFB:2.16.840.1.101.3.4.1.3", OFB[0];
}
