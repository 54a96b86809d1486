//! Parameter keys and shared definitions of the RAND operation (`CTR-DRBG`, `HASH-DRBG`, `HMAC-DRBG`,
//! `SEED-SRC`).

use core::ffi::CStr;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::drbg::Cipher;
use ferrofips_ffi as ffi;

use super::param_error;
use crate::abi::params::Param;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

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
/// The only `mac` of `HMAC-DRBG`.
pub(crate) const HMAC_NAME: &CStr = c"HMAC";

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

/// OpenSSL's primary name of `alg`, as the `digest` DRBG parameter reports it (`EVP_MD_get0_name`).
pub(crate) const fn digest_name(alg: Algorithm) -> &'static CStr {
    match alg {
        Algorithm::Sha1 => c"SHA1",
        Algorithm::Sha224 => c"SHA2-224",
        Algorithm::Sha256 => c"SHA2-256",
        Algorithm::Sha384 => c"SHA2-384",
        Algorithm::Sha512 => c"SHA2-512",
        Algorithm::Sha512_224 => c"SHA2-512/224",
        Algorithm::Sha512_256 => c"SHA2-512/256",
        Algorithm::Sha3_224 => c"SHA3-224",
        Algorithm::Sha3_256 => c"SHA3-256",
        Algorithm::Sha3_384 => c"SHA3-384",
        Algorithm::Sha3_512 => c"SHA3-512",
        Algorithm::Shake128 => c"SHAKE-128",
        Algorithm::Shake256 => c"SHAKE-256",
    }
}

/// Whether `alg` is approved in a Hash_DRBG or HMAC_DRBG: FIPS 140-3 IG D.R allows only the untruncated SHA-1,
/// SHA-2 and SHA-3 digests (SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512), the list OpenSSL 3.5's FIPS provider
/// checks (`digest_allowed` in `drbg.c`). The truncated ones still work, with the indicator reading 0.
pub(crate) const fn drbg_digest_approved(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::Sha1 | Algorithm::Sha256 | Algorithm::Sha512 | Algorithm::Sha3_256 | Algorithm::Sha3_512)
}

/// Reads the `digest` parameter of a Hash/HMAC DRBG: a known, fixed-length digest (XOFs are refused, as
/// OpenSSL's `PROV_R_XOF_DIGESTS_NOT_ALLOWED`); in strict mode only an approved one
/// ([`drbg_digest_approved`]; OpenSSL's `drbg-no-trunc-md` behaviour).
pub(crate) fn read_drbg_digest(prov: &ProvCtx, p: &Param<'_>) -> ProvResult<Algorithm> {
    let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
    let alg = names::digest_by_name(name)
        .ok_or_else(|| ProvError::with(Reason::UnknownDigest, format!("digest {name:?}")))?;
    if alg.is_xof() {
        return Err(ProvError::with(Reason::XofNotAllowed, format!("DRBG digest {name:?}")));
    }
    if !drbg_digest_approved(alg) && super::kdf::enforce(prov) {
        return Err(ProvError::with(Reason::DigestNotAllowed, format!("DRBG digest {name:?} (strict mode)")));
    }
    Ok(alg)
}
