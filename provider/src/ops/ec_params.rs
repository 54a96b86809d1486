//! Parameter keys and named values of the EC key management, ECDH and ECDSA (OpenSSL's `core_names.h`
//! spelling), and the small enums behind the string-valued key parameters.

use core::ffi::CStr;

use ferrofips_ffi as ffi;

use super::param_error;
use crate::abi::params::Param;
use crate::error::{ProvError, ProvResult, Reason};

/// The EC key management's names (OpenSSL's `PROV_NAMES_EC`; the `id-ecPublicKey` alias is required, see
/// OPENSSL-PROVIDER-NOTES.md section 6).
pub(crate) const EC_NAMES: &CStr = c"EC:id-ecPublicKey:1.2.840.10045.2.1";
/// The key exchange's names (`PROV_NAMES_ECDH`).
pub(crate) const ECDH_NAMES: &CStr = c"ECDH";
/// The signature's names (`PROV_NAMES_ECDSA`).
pub(crate) const ECDSA_NAMES: &CStr = c"ECDSA";

// Key parameters (`OSSL_PKEY_PARAM_*`).
pub(crate) const P_BITS: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_BITS);
pub(crate) const P_SECURITY_BITS: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_SECURITY_BITS);
pub(crate) const P_MAX_SIZE: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_MAX_SIZE);
pub(crate) const P_DEFAULT_DIGEST: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_DEFAULT_DIGEST);
pub(crate) const P_ENCODED_PUB_KEY: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY);
pub(crate) const P_GROUP: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_GROUP_NAME);
pub(crate) const P_PUB: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_PUB_KEY);
pub(crate) const P_PRIV: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_PRIV_KEY);
pub(crate) const P_QX: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_PUB_X);
pub(crate) const P_QY: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_PUB_Y);
pub(crate) const P_FIELD_TYPE: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_FIELD_TYPE);
pub(crate) const P_P: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_P);
pub(crate) const P_A: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_A);
pub(crate) const P_B: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_B);
pub(crate) const P_GENERATOR: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_GENERATOR);
pub(crate) const P_ORDER: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_ORDER);
pub(crate) const P_COFACTOR: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_COFACTOR);
pub(crate) const P_SEED: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_SEED);
pub(crate) const P_DECODED_FROM_EXPLICIT: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_DECODED_FROM_EXPLICIT_PARAMS);
pub(crate) const P_USE_COFACTOR: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_USE_COFACTOR_ECDH);
pub(crate) const P_ENCODING: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_ENCODING);
pub(crate) const P_POINT_FORMAT: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT);
pub(crate) const P_GROUP_CHECK: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_GROUP_CHECK_TYPE);
pub(crate) const P_INCLUDE_PUBLIC: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_EC_INCLUDE_PUBLIC);

// Key exchange parameters (`OSSL_EXCHANGE_PARAM_*`).
pub(crate) const P_ECDH_COFACTOR_MODE: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_EC_ECDH_COFACTOR_MODE);
pub(crate) const P_KDF_TYPE: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_KDF_TYPE);
pub(crate) const P_KDF_DIGEST: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_KDF_DIGEST);
pub(crate) const P_KDF_OUTLEN: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_KDF_OUTLEN);
pub(crate) const P_KDF_DIGEST_PROPS: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_KDF_DIGEST_PROPS);
pub(crate) const P_KDF_UKM: &CStr = ffi::cstr(ffi::OSSL_EXCHANGE_PARAM_KDF_UKM);

// Signature parameters (`OSSL_SIGNATURE_PARAM_*`).
pub(crate) const P_ALGORITHM_ID: &CStr = ffi::cstr(ffi::OSSL_SIGNATURE_PARAM_ALGORITHM_ID);
pub(crate) const P_DIGEST: &CStr = ffi::cstr(ffi::OSSL_SIGNATURE_PARAM_DIGEST);
pub(crate) const P_PROPERTIES: &CStr = ffi::cstr(ffi::OSSL_SIGNATURE_PARAM_PROPERTIES);
pub(crate) const P_DIGEST_SIZE: &CStr = ffi::cstr(ffi::OSSL_SIGNATURE_PARAM_DIGEST_SIZE);
/// `OSSL_SIGNATURE_PARAM_NONCE_TYPE` (libcrypto 3.2+): 0 random nonces, 1 deterministic (RFC 6979).
pub(crate) const P_NONCE_TYPE: &CStr = c"nonce-type";

/// `SN_X9_62_prime_field`: the only field type of the curves offered.
pub(crate) const PRIME_FIELD: &CStr = c"prime-field";
/// The empty KDF type: ECDH outputs the raw shared secret.
pub(crate) const KDF_NONE: &CStr = c"";
/// The X9.63 KDF type (`OSSL_KDF_NAME_X963KDF`).
pub(crate) const KDF_X963: &CStr = c"X963KDF";

/// How public points are encoded on export (`point-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PointFormat {
    /// `04 || X || Y`.
    Uncompressed,
    /// `02/03 || X`.
    Compressed,
    /// `06/07 || X || Y` (X9.62 hybrid).
    Hybrid,
}

/// How the domain parameters are encoded by `base`'s encoders (`encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// The curve's OID.
    NamedCurve,
    /// The explicit parameters (the curve is still one of the named curves offered).
    Explicit,
}

/// The `group-check` type OpenSSL records on a key (used by its `validate`; kept for round trips).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupCheck {
    /// "default".
    Default,
    /// "named".
    Named,
    /// "named-nist".
    NamedNist,
}

/// A string-valued parameter type: its names and the enum values they stand for.
pub(crate) trait NamedValue: Copy + PartialEq + 'static {
    /// Every value with its canonical name.
    const ALL: &'static [(Self, &'static CStr)];

    /// The canonical name.
    fn name(self) -> &'static CStr {
        Self::ALL.iter().find(|(v, _)| *v == self).map_or(c"", |(_, n)| n)
    }

    /// Looks a name up, ignoring case (OpenSSL uses `OPENSSL_strcasecmp`).
    fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| n.to_str().is_ok_and(|n| n.eq_ignore_ascii_case(s))).map(|(v, _)| *v)
    }

    /// Reads the value from a UTF8_STRING or UTF8_PTR parameter; unknown names are an error.
    fn from_param(p: &Param<'_>) -> ProvResult<Self> {
        let s = text(p)?;
        Self::from_name(s).ok_or_else(|| {
            ProvError::with(
                Reason::InvalidParam,
                format!("parameter {}: unknown value {s:?}", p.key().to_string_lossy()),
            )
        })
    }
}

impl NamedValue for PointFormat {
    const ALL: &'static [(Self, &'static CStr)] = &[
        (PointFormat::Uncompressed, ffi::cstr(ffi::OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED)),
        (PointFormat::Compressed, ffi::cstr(ffi::OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED)),
        (PointFormat::Hybrid, ffi::cstr(ffi::OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_HYBRID)),
    ];
}

impl NamedValue for Encoding {
    const ALL: &'static [(Self, &'static CStr)] = &[
        (Encoding::NamedCurve, ffi::cstr(ffi::OSSL_PKEY_EC_ENCODING_GROUP)),
        (Encoding::Explicit, ffi::cstr(ffi::OSSL_PKEY_EC_ENCODING_EXPLICIT)),
    ];
}

impl NamedValue for GroupCheck {
    const ALL: &'static [(Self, &'static CStr)] = &[
        (GroupCheck::Default, ffi::cstr(ffi::OSSL_PKEY_EC_GROUP_CHECK_DEFAULT)),
        (GroupCheck::Named, ffi::cstr(ffi::OSSL_PKEY_EC_GROUP_CHECK_NAMED)),
        (GroupCheck::NamedNist, ffi::cstr(ffi::OSSL_PKEY_EC_GROUP_CHECK_NAMED_NIST)),
    ];
}

/// Reads a string parameter given as UTF8_STRING or UTF8_PTR (OpenSSL's EC code accepts both).
pub(crate) fn text<'a>(p: &Param<'a>) -> ProvResult<&'a str> {
    match p.get_utf8() {
        Ok(s) => Ok(s),
        Err(_) => p.get_utf8_ptr().map_err(|e| param_error(p.key(), e))?.ok_or_else(|| {
            ProvError::with(Reason::InvalidParam, format!("parameter {}: NULL string", p.key().to_string_lossy()))
        }),
    }
}

/// Reads an `int`-sized integer parameter.
pub(crate) fn int(p: &Param<'_>) -> ProvResult<i32> {
    p.get_int::<i32>().map_err(|e| param_error(p.key(), e))
}

/// Reads a boolean flag given as an integer: 0 or 1 only.
pub(crate) fn flag(p: &Param<'_>) -> ProvResult<bool> {
    match int(p)? {
        0 => Ok(false),
        1 => Ok(true),
        v => Err(ProvError::with(
            Reason::InvalidParam,
            format!("parameter {}: {v} is not 0 or 1", p.key().to_string_lossy()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_ignoring_case() {
        for &(v, n) in PointFormat::ALL {
            assert_eq!(PointFormat::from_name(&n.to_str().unwrap().to_uppercase()), Some(v));
            assert_eq!(v.name(), n);
        }
        assert_eq!(Encoding::from_name("NAMED_CURVE"), Some(Encoding::NamedCurve));
        assert_eq!(Encoding::from_name("named-curve"), None);
        assert_eq!(GroupCheck::from_name("named-nist"), Some(GroupCheck::NamedNist));
    }
}
