//! The AES key wrap cipher family (`OSSL_OP_CIPHER`): AES-128/192/256 KW and KWP, with the forward and the inverse
//! cipher, under OpenSSL's names (`AES-*-WRAP`, `AES-*-WRAP-PAD`, `AES-*-WRAP-INV`, `AES-*-WRAP-PAD-INV`).

use ferrofips_ffi::{OSSL_PARAM, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER};

use super::cipher::AbiCipher;
use super::params::{ParamTable, param_table};
use crate::ops::cipher::{CipherInfo, MODE_WRAP, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_UPDATED_IV};
use crate::ops::cipher_wrap::{PAD_IV_LEN, WrapCtx, update_room};

impl<const INVERSE: bool> AbiCipher for WrapCtx<INVERSE> {
    fn update_room(&self, inl: usize, outsize: usize) -> usize {
        update_room(self, inl, outsize)
    }
}

static GETTABLE_CTX: ParamTable<7> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IVLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_IV, OSSL_PARAM_OCTET_STRING),
    (P_UPDATED_IV, OSSL_PARAM_OCTET_STRING),
];
static SETTABLE_CTX: ParamTable<4> = param_table![
    (P_KEYLEN, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PADDING, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_NUM, OSSL_PARAM_UNSIGNED_INTEGER),
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

/// OpenSSL's wrap constants: block size 8, IV 8 bytes (KW) or 4 (KWP), custom IV.
const fn wrap(key_len: usize, padded: bool) -> CipherInfo {
    let iv_len = if padded { PAD_IV_LEN } else { 8 };
    CipherInfo { mode: MODE_WRAP, key_len, block_len: 8, iv_len, aead: false, custom_iv: true, cts: false }
}

/// `AES-*-WRAP` and `AES-*-WRAP-PAD` (names, aliases and OIDs from `providers/implementations/include/prov/names.h`).
mod forward {
    use super::{gettable_ctx, settable_ctx, wrap};
    use crate::abi::cipher::cipher_family;
    use crate::names;
    use crate::ops::cipher_wrap::WrapCtx;

    cipher_family! {
        ctx = WrapCtx<false>, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
        AES_256_WRAP: c"AES-256-WRAP:id-aes256-wrap:AES256-WRAP:2.16.840.1.101.3.4.1.45", wrap(32, false);
        AES_192_WRAP: c"AES-192-WRAP:id-aes192-wrap:AES192-WRAP:2.16.840.1.101.3.4.1.25", wrap(24, false);
        AES_128_WRAP: c"AES-128-WRAP:id-aes128-wrap:AES128-WRAP:2.16.840.1.101.3.4.1.5", wrap(16, false);
        AES_256_WRAP_PAD: c"AES-256-WRAP-PAD:id-aes256-wrap-pad:AES256-WRAP-PAD:2.16.840.1.101.3.4.1.48", wrap(32, true);
        AES_192_WRAP_PAD: c"AES-192-WRAP-PAD:id-aes192-wrap-pad:AES192-WRAP-PAD:2.16.840.1.101.3.4.1.28", wrap(24, true);
        AES_128_WRAP_PAD: c"AES-128-WRAP-PAD:id-aes128-wrap-pad:AES128-WRAP-PAD:2.16.840.1.101.3.4.1.8", wrap(16, true);
    }
}

/// `AES-*-WRAP-INV` and `AES-*-WRAP-PAD-INV`: AES decryption as the wrapping function (SP 800-38F §5.1).
mod inverse {
    use super::{gettable_ctx, settable_ctx, wrap};
    use crate::abi::cipher::cipher_family;
    use crate::names;
    use crate::ops::cipher_wrap::WrapCtx;

    cipher_family! {
        ctx = WrapCtx<true>, gettable = gettable_ctx, settable = settable_ctx, props = names::PROPS_APPROVED;
        AES_256_WRAP_INV: c"AES-256-WRAP-INV:AES256-WRAP-INV", wrap(32, false);
        AES_192_WRAP_INV: c"AES-192-WRAP-INV:AES192-WRAP-INV", wrap(24, false);
        AES_128_WRAP_INV: c"AES-128-WRAP-INV:AES128-WRAP-INV", wrap(16, false);
        AES_256_WRAP_PAD_INV: c"AES-256-WRAP-PAD-INV:AES256-WRAP-PAD-INV", wrap(32, true);
        AES_192_WRAP_PAD_INV: c"AES-192-WRAP-PAD-INV:AES192-WRAP-PAD-INV", wrap(24, true);
        AES_128_WRAP_PAD_INV: c"AES-128-WRAP-PAD-INV:AES128-WRAP-PAD-INV", wrap(16, true);
    }
}

pub(crate) use forward::ALGS;
pub(crate) use inverse::ALGS as INV_ALGS;
