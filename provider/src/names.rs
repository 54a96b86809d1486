//! Names the module shares with libcrypto: algorithm name lists (OpenSSL's `names.h` spelling, so existing
//! applications find our implementations), properties, and parameter keys from `core_names.h`.

use core::ffi::CStr;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_ffi as ffi;

/// Property definition of approved services.
pub(crate) const PROPS_APPROVED: &CStr = c"provider=ferrofips,fips=yes";

/// The provider's name, as reported by its `name` parameter.
pub(crate) const PROVIDER_NAME: &CStr = c"ferrofips";

/// Digest algorithm names, in `Algorithm::ALL` order: OpenSSL's primary name, aliases and OID.
pub(crate) const DIGEST_NAMES: [&CStr; 13] = [
    c"SHA1:SHA-1:SSL3-SHA1:1.3.14.3.2.26",
    c"SHA2-224:SHA-224:SHA224:2.16.840.1.101.3.4.2.4",
    c"SHA2-256:SHA-256:SHA256:2.16.840.1.101.3.4.2.1",
    c"SHA2-384:SHA-384:SHA384:2.16.840.1.101.3.4.2.2",
    c"SHA2-512:SHA-512:SHA512:2.16.840.1.101.3.4.2.3",
    c"SHA2-512/224:SHA-512/224:SHA512-224:2.16.840.1.101.3.4.2.5",
    c"SHA2-512/256:SHA-512/256:SHA512-256:2.16.840.1.101.3.4.2.6",
    c"SHA3-224:2.16.840.1.101.3.4.2.7",
    c"SHA3-256:2.16.840.1.101.3.4.2.8",
    c"SHA3-384:2.16.840.1.101.3.4.2.9",
    c"SHA3-512:2.16.840.1.101.3.4.2.10",
    c"SHAKE-128:SHAKE128:2.16.840.1.101.3.4.2.11",
    c"SHAKE-256:SHAKE256:2.16.840.1.101.3.4.2.12",
];

/// The name list of `alg`.
pub(crate) fn digest_names(alg: Algorithm) -> &'static CStr {
    DIGEST_NAMES[digest_index(alg)]
}

/// Position of `alg` in `Algorithm::ALL` (and in [`DIGEST_NAMES`]).
pub(crate) fn digest_index(alg: Algorithm) -> usize {
    Algorithm::ALL.iter().position(|&a| a == alg).unwrap_or(0)
}

/// Looks a digest up by any of its names or its OID, ignoring case like libcrypto's namemap.
pub(crate) fn digest_by_name(name: &str) -> Option<Algorithm> {
    Algorithm::ALL
        .iter()
        .copied()
        .find(|&alg| digest_names(alg).to_str().is_ok_and(|list| list.split(':').any(|n| n.eq_ignore_ascii_case(name))))
}

/// The MAC names.
pub(crate) const HMAC_NAMES: &CStr = c"HMAC";

// Parameter keys (core_names.h), as C strings.
pub(crate) const P_BLOCK_SIZE: &CStr = ffi::cstr(ffi::OSSL_DIGEST_PARAM_BLOCK_SIZE);
pub(crate) const P_SIZE: &CStr = ffi::cstr(ffi::OSSL_DIGEST_PARAM_SIZE);
pub(crate) const P_XOF: &CStr = ffi::cstr(ffi::OSSL_DIGEST_PARAM_XOF);
pub(crate) const P_ALGID_ABSENT: &CStr = ffi::cstr(ffi::OSSL_DIGEST_PARAM_ALGID_ABSENT);
pub(crate) const P_XOFLEN: &CStr = ffi::cstr(ffi::OSSL_DIGEST_PARAM_XOFLEN);
pub(crate) const P_MAC_DIGEST: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_DIGEST);
pub(crate) const P_MAC_PROPERTIES: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_PROPERTIES);
pub(crate) const P_MAC_KEY: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_KEY);
pub(crate) const P_MAC_SIZE: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_SIZE);
pub(crate) const P_MAC_BLOCK_SIZE: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_BLOCK_SIZE);
pub(crate) const P_MAC_DIGEST_NOINIT: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_DIGEST_NOINIT);
pub(crate) const P_MAC_DIGEST_ONESHOT: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_DIGEST_ONESHOT);
pub(crate) const P_MAC_TLS_DATA_SIZE: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_TLS_DATA_SIZE);
/// `OSSL_ALG_PARAM_FIPS_APPROVED_INDICATOR` (3.4+): 1 when the last operation was approved.
pub(crate) const P_FIPS_INDICATOR: &CStr = c"fips-indicator";

pub(crate) const P_PROV_NAME: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_NAME);
pub(crate) const P_PROV_VERSION: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_VERSION);
pub(crate) const P_PROV_BUILDINFO: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_BUILDINFO);
pub(crate) const P_PROV_STATUS: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_STATUS);
pub(crate) const P_PROV_SECURITY_CHECKS: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_SECURITY_CHECKS);

// Keys the core answers from the module's config section (fips_names.h) and its own built-ins.
pub(crate) const C_MODULE_FILENAME: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_CORE_MODULE_FILENAME);
pub(crate) const C_MODULE_MAC: &CStr = ffi::cstr(ffi::OSSL_PROV_FIPS_PARAM_MODULE_MAC);
pub(crate) const C_INSTALL_MAC: &CStr = ffi::cstr(ffi::OSSL_PROV_FIPS_PARAM_INSTALL_MAC);
pub(crate) const C_INSTALL_STATUS: &CStr = ffi::cstr(ffi::OSSL_PROV_FIPS_PARAM_INSTALL_STATUS);
pub(crate) const C_CONDITIONAL_ERRORS: &CStr = ffi::cstr(ffi::OSSL_PROV_FIPS_PARAM_CONDITIONAL_ERRORS);
pub(crate) const C_SECURITY_CHECKS: &CStr = ffi::cstr(ffi::OSSL_PROV_FIPS_PARAM_SECURITY_CHECKS);

// Self-test event parameters (self_test.h).
pub(crate) const ST_PHASE: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_SELF_TEST_PHASE);
pub(crate) const ST_TYPE: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_SELF_TEST_TYPE);
pub(crate) const ST_DESC: &CStr = ffi::cstr(ffi::OSSL_PROV_PARAM_SELF_TEST_DESC);
pub(crate) const ST_PHASE_START: &CStr = ffi::cstr(ffi::OSSL_SELF_TEST_PHASE_START);
pub(crate) const ST_PHASE_CORRUPT: &CStr = ffi::cstr(ffi::OSSL_SELF_TEST_PHASE_CORRUPT);
pub(crate) const ST_PHASE_PASS: &CStr = ffi::cstr(ffi::OSSL_SELF_TEST_PHASE_PASS);
pub(crate) const ST_PHASE_FAIL: &CStr = ffi::cstr(ffi::OSSL_SELF_TEST_PHASE_FAIL);

#[cfg(test)]
mod tests {
    use super::*;

    /// The primary (first) name of `alg`, e.g. "SHA2-256".
    fn digest_primary_name(alg: Algorithm) -> &'static str {
        let list = digest_names(alg).to_str().unwrap_or("");
        list.split(':').next().unwrap_or(list)
    }

    #[test]
    fn names_follow_algorithm_order() {
        assert_eq!(digest_by_name("sha256"), Some(Algorithm::Sha256));
        assert_eq!(digest_by_name("SHA2-512/224"), Some(Algorithm::Sha512_224));
        assert_eq!(digest_by_name("2.16.840.1.101.3.4.2.12"), Some(Algorithm::Shake256));
        assert_eq!(digest_by_name("SSL3-SHA1"), Some(Algorithm::Sha1));
        assert_eq!(digest_by_name("MD5"), None);
        for alg in Algorithm::ALL {
            assert_eq!(digest_by_name(digest_primary_name(alg)), Some(alg));
        }
    }
}
