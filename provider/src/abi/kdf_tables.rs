//! The settable and gettable context-parameter lists of every KDF, in OpenSSL's order, and the
//! `OSSL_FUNC_kdf_{settable,gettable}_ctx_params` functions returning them.

use core::ffi::c_void;

use ferrofips_ffi::{
    OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING,
};

use super::params::{ParamTable, param_table};
use crate::names;
use crate::ops::kdf::{
    P_DATA, P_DIGEST, P_INFO, P_KEY, P_LABEL, P_MODE, P_PREFIX, P_PROPERTIES, P_SALT, P_SECRET, P_SEED, P_SIZE,
};
use crate::ops::kdf_args::{
    P_CIPHER, P_ITER, P_MAC, P_MAC_SIZE, P_PASSWORD, P_PKCS5, P_R, P_SESSION_ID, P_TYPE, P_USE_L, P_USE_SEPARATOR,
    P_XCGHASH,
};

static HKDF_SETTABLE: ParamTable<8> = param_table![
    (P_MODE, OSSL_PARAM_UTF8_STRING),
    (P_MODE, OSSL_PARAM_INTEGER),
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_KEY, OSSL_PARAM_OCTET_STRING),
    (P_SALT, OSSL_PARAM_OCTET_STRING),
    (P_INFO, OSSL_PARAM_OCTET_STRING),
];
static TLS13_SETTABLE: ParamTable<10> = param_table![
    (P_MODE, OSSL_PARAM_UTF8_STRING),
    (P_MODE, OSSL_PARAM_INTEGER),
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_KEY, OSSL_PARAM_OCTET_STRING),
    (P_SALT, OSSL_PARAM_OCTET_STRING),
    (P_PREFIX, OSSL_PARAM_OCTET_STRING),
    (P_LABEL, OSSL_PARAM_OCTET_STRING),
    (P_DATA, OSSL_PARAM_OCTET_STRING),
];
static HKDF_GETTABLE: ParamTable<4> = param_table![
    (P_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_INFO, OSSL_PARAM_OCTET_STRING),
    (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER),
];
static TLS1_PRF_SETTABLE: ParamTable<5> = param_table![
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_SECRET, OSSL_PARAM_OCTET_STRING),
    (P_SEED, OSSL_PARAM_OCTET_STRING),
];
/// `size` and `fips-indicator`: the gettables of every KDF but HKDF/TLS13-KDF.
static SIZE_INDICATOR_GETTABLE: ParamTable<3> =
    param_table![(P_SIZE, OSSL_PARAM_UNSIGNED_INTEGER), (names::P_FIPS_INDICATOR, OSSL_PARAM_INTEGER)];
/// SSKDF and X963KDF share OpenSSL's `SSKDF_COMMON_SETTABLES`.
static SSKDF_SETTABLE: ParamTable<9> = param_table![
    (P_SECRET, OSSL_PARAM_OCTET_STRING),
    (P_KEY, OSSL_PARAM_OCTET_STRING),
    (P_INFO, OSSL_PARAM_OCTET_STRING),
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_MAC, OSSL_PARAM_UTF8_STRING),
    (P_SALT, OSSL_PARAM_OCTET_STRING),
    (P_MAC_SIZE, OSSL_PARAM_UNSIGNED_INTEGER),
];
static KBKDF_SETTABLE: ParamTable<13> = param_table![
    (P_INFO, OSSL_PARAM_OCTET_STRING),
    (P_SALT, OSSL_PARAM_OCTET_STRING),
    (P_KEY, OSSL_PARAM_OCTET_STRING),
    (P_SEED, OSSL_PARAM_OCTET_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_CIPHER, OSSL_PARAM_UTF8_STRING),
    (P_MAC, OSSL_PARAM_UTF8_STRING),
    (P_MODE, OSSL_PARAM_UTF8_STRING),
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_USE_L, OSSL_PARAM_INTEGER),
    (P_USE_SEPARATOR, OSSL_PARAM_INTEGER),
    (P_R, OSSL_PARAM_INTEGER),
];
static PBKDF2_SETTABLE: ParamTable<7> = param_table![
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_PASSWORD, OSSL_PARAM_OCTET_STRING),
    (P_SALT, OSSL_PARAM_OCTET_STRING),
    (P_ITER, OSSL_PARAM_UNSIGNED_INTEGER),
    (P_PKCS5, OSSL_PARAM_INTEGER),
];
static SSHKDF_SETTABLE: ParamTable<7> = param_table![
    (P_PROPERTIES, OSSL_PARAM_UTF8_STRING),
    (P_DIGEST, OSSL_PARAM_UTF8_STRING),
    (P_KEY, OSSL_PARAM_OCTET_STRING),
    (P_XCGHASH, OSSL_PARAM_OCTET_STRING),
    (P_SESSION_ID, OSSL_PARAM_OCTET_STRING),
    (P_TYPE, OSSL_PARAM_UTF8_STRING),
];

/// Defines an `OSSL_FUNC_kdf_{settable,gettable}_ctx_params` returning a static table.
macro_rules! list_fn {
    ($($name:ident => $table:ident;)*) => {
        $(
            pub(super) unsafe extern "C" fn $name(_vctx: *mut c_void, _provctx: *mut c_void) -> *const OSSL_PARAM {
                $table.as_ptr()
            }
        )*
    };
}

list_fn! {
    hkdf_settable => HKDF_SETTABLE;
    tls13_settable => TLS13_SETTABLE;
    hkdf_gettable => HKDF_GETTABLE;
    prf_settable => TLS1_PRF_SETTABLE;
    size_indicator_gettable => SIZE_INDICATOR_GETTABLE;
    sskdf_settable => SSKDF_SETTABLE;
    kbkdf_settable => KBKDF_SETTABLE;
    pbkdf2_settable => PBKDF2_SETTABLE;
    sshkdf_settable => SSHKDF_SETTABLE;
}
