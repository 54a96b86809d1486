//! Parameter keys and shared definitions of the RAND operation (`CTR-DRBG`, `SEED-SRC`).

use core::ffi::CStr;

use ferrofips_crypto::drbg::Cipher;
use ferrofips_ffi as ffi;

/// `EVP_RAND_STATE_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub(crate) enum RandState {
    Uninitialised = 0,
    Ready = 1,
    Error = 2,
}

pub(crate) const STATE: &CStr = ffi::cstr(ffi::OSSL_RAND_PARAM_STATE);
pub(crate) const STRENGTH: &CStr = ffi::cstr(ffi::OSSL_RAND_PARAM_STRENGTH);
pub(crate) const MAX_REQUEST: &CStr = ffi::cstr(ffi::OSSL_RAND_PARAM_MAX_REQUEST);
pub(crate) const MIN_ENTROPYLEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MIN_ENTROPYLEN);
pub(crate) const MAX_ENTROPYLEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MAX_ENTROPYLEN);
pub(crate) const MIN_NONCELEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MIN_NONCELEN);
pub(crate) const MAX_NONCELEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MAX_NONCELEN);
pub(crate) const MAX_PERSLEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MAX_PERSLEN);
pub(crate) const MAX_ADINLEN: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MAX_ADINLEN);
pub(crate) const RESEED_COUNTER: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_RESEED_COUNTER);
pub(crate) const RESEED_TIME: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_RESEED_TIME);
pub(crate) const RESEED_REQUESTS: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_RESEED_REQUESTS);
pub(crate) const RESEED_TIME_INTERVAL: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL);
pub(crate) const CIPHER: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_CIPHER);
pub(crate) const USE_DF: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_USE_DF);
pub(crate) const PROPERTIES: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_PROPERTIES);
pub(crate) const DIGEST: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_DIGEST);
pub(crate) const MAC: &CStr = ffi::cstr(ffi::OSSL_DRBG_PARAM_MAC);
pub(crate) const PROVIDER_NAME: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_CORE_PROV_NAME);
pub(crate) const FIPS_INDICATOR: &CStr = crate::names::P_FIPS_INDICATOR;

/// The `cipher` parameter's value for `c`.
pub(crate) const fn cipher_name(c: Cipher) -> &'static CStr {
    match c {
        Cipher::Aes128 => c"AES-128-CTR",
        Cipher::Aes192 => c"AES-192-CTR",
        Cipher::Aes256 => c"AES-256-CTR",
    }
}

/// Parses the `cipher` parameter: AES-128/192/256 in CTR mode, any case (OpenSSL requires a `CTR` suffix).
pub(crate) fn cipher_by_name(name: &str) -> Option<Cipher> {
    [Cipher::Aes128, Cipher::Aes192, Cipher::Aes256]
        .into_iter()
        .find(|&c| cipher_name(c).to_str().is_ok_and(|n| n.eq_ignore_ascii_case(name)))
}
