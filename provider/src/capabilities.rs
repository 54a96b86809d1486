//! Provider capabilities (`OSSL_FUNC_PROVIDER_GET_CAPABILITIES`): the TLS groups libssl may negotiate with
//! this module's key management and key exchange (OPENSSL-PROVIDER-NOTES.md section 5.2).
//!
//! One line per group in [`TLS_GROUPS`]; the curve's internal name and security strength come from the curve
//! table, so a group is only ever advertised for a curve the EC key management offers.

use core::ffi::CStr;

use ferrofips_ffi as ffi;

use crate::abi::params::OwnedParams;
use crate::ops::ec_group::{Curve, CurveId};

/// `TLS1_VERSION`: the group is usable from TLS 1.0 on (OpenSSL's entries for the NIST curves).
const TLS1_VERSION: i32 = 0x0301;
/// `DTLS1_VERSION`.
const DTLS1_VERSION: i32 = 0xFEFF;

/// One TLS group: the IANA "TLS Supported Groups" name and codepoint, and the curve behind it.
#[derive(Debug)]
pub(crate) struct TlsGroup {
    /// The name used in group lists (`tls-group-name`).
    pub(crate) name: &'static CStr,
    /// The curve (its OpenSSL name is `tls-group-name-internal`, passed to keygen as `group`).
    pub(crate) curve: CurveId,
    /// The codepoint (`tls-group-id`).
    pub(crate) id: u32,
}

/// Every TLS group offered, in OpenSSL's order (`providers/common/capabilities.c`), including its "P-256",
/// "P-384" and "P-521" alias entries.
pub(crate) static TLS_GROUPS: [TlsGroup; 6] = [
    TlsGroup { name: c"secp256r1", curve: CurveId::P256, id: 23 },
    TlsGroup { name: c"P-256", curve: CurveId::P256, id: 23 },
    TlsGroup { name: c"secp384r1", curve: CurveId::P384, id: 24 },
    TlsGroup { name: c"P-384", curve: CurveId::P384, id: 24 },
    TlsGroup { name: c"secp521r1", curve: CurveId::P521, id: 25 },
    TlsGroup { name: c"P-521", curve: CurveId::P521, id: 25 },
];

const K_NAME: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_NAME);
const K_INTERNAL: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_NAME_INTERNAL);
const K_ID: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_ID);
const K_ALG: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_ALG);
const K_SECBITS: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_SECURITY_BITS);
const K_IS_KEM: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_IS_KEM);
const K_MIN_TLS: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_MIN_TLS);
const K_MAX_TLS: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_MAX_TLS);
const K_MIN_DTLS: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_MIN_DTLS);
const K_MAX_DTLS: &CStr = ffi::cstr(ffi::OSSL_CAPABILITY_TLS_GROUP_MAX_DTLS);

/// The key management libssl fetches for the EC groups.
const EC_ALG: &CStr = c"EC";

impl TlsGroup {
    /// The group's parameter array, as libssl's `add_provider_groups` reads it.
    pub(crate) fn params(&self) -> OwnedParams {
        let curve = Curve::get(self.curve);
        OwnedParams::new()
            .utf8_string(K_NAME, self.name)
            .utf8_string(K_INTERNAL, curve.name)
            .uint(K_ID, self.id)
            .utf8_string(K_ALG, EC_ALG)
            .uint(K_SECBITS, curve.security_bits)
            .uint(K_IS_KEM, 0)
            .int(K_MIN_TLS, TLS1_VERSION)
            .int(K_MAX_TLS, 0)
            .int(K_MIN_DTLS, DTLS1_VERSION)
            .int(K_MAX_DTLS, 0)
    }
}

/// The x25519 group: OpenSSL's `TLS_GROUP_ENTRY("x25519", "X25519", "X25519", ..)` (codepoint 29, 128 bits, TLS
/// 1.0+ and DTLS 1.0+). Its own entry because its key management is "X25519", not "EC"; X25519 is not approved,
/// so strict mode does not offer it (nor its key management and key exchange).
fn x25519_group() -> OwnedParams {
    OwnedParams::new()
        .utf8_string(K_NAME, c"x25519")
        .utf8_string(K_INTERNAL, c"X25519")
        .uint(K_ID, 29)
        .utf8_string(K_ALG, c"X25519")
        .uint(K_SECBITS, 128)
        .uint(K_IS_KEM, 0)
        .int(K_MIN_TLS, TLS1_VERSION)
        .int(K_MAX_TLS, 0)
        .int(K_MIN_DTLS, DTLS1_VERSION)
        .int(K_MAX_DTLS, 0)
}

/// Reports capability `name` (compared ignoring case, as OpenSSL does) by calling `cb` once per entry. Returns
/// false as soon as `cb` does; unknown capabilities report nothing and return true (libssl's `SSL_CTX_new`
/// fails if a provider answers 0).
pub(crate) fn report(name: &str, mut cb: impl FnMut(&mut OwnedParams) -> bool) -> bool {
    if name.eq_ignore_ascii_case("TLS-GROUP") {
        for g in &TLS_GROUPS {
            if !cb(&mut g.params()) {
                return false;
            }
        }
        if !ferrofips_selftest::mode::strict() && !cb(&mut x25519_group()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_group_params_are_complete() {
        let mut seen = Vec::new();
        assert!(report("tls-group", |p| {
            let v = p.view();
            if v.locate(K_ALG).unwrap().get_utf8().unwrap() == "X25519" {
                return true; // checked by x25519_group_is_openssls
            }
            let name = v.locate(K_NAME).unwrap().get_utf8().unwrap().to_owned();
            let (internal, id, secbits) = match name.as_str() {
                "secp256r1" | "P-256" => ("prime256v1", 23, 128),
                "secp384r1" | "P-384" => ("secp384r1", 24, 192),
                "secp521r1" | "P-521" => ("secp521r1", 25, 256),
                other => panic!("unexpected group {other}"),
            };
            assert_eq!(v.locate(K_INTERNAL).unwrap().get_utf8().unwrap(), internal);
            assert_eq!(v.locate(K_ALG).unwrap().get_utf8().unwrap(), "EC");
            assert_eq!(v.locate(K_ID).unwrap().get_int::<u32>().unwrap(), id);
            assert_eq!(v.locate(K_SECBITS).unwrap().get_int::<u32>().unwrap(), secbits);
            assert_eq!(v.locate(K_MIN_TLS).unwrap().get_int::<i32>().unwrap(), 0x0301);
            assert_eq!(v.locate(K_MAX_TLS).unwrap().get_int::<i32>().unwrap(), 0);
            assert_eq!(v.locate(K_MIN_DTLS).unwrap().get_int::<i32>().unwrap(), 0xFEFF);
            assert_eq!(v.locate(K_MAX_DTLS).unwrap().get_int::<i32>().unwrap(), 0);
            assert_eq!(v.locate(K_IS_KEM).unwrap().get_int::<u32>().unwrap(), 0);
            seen.push(name);
            true
        }));
        assert_eq!(seen, ["secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521"]);
    }

    #[test]
    fn x25519_group_is_openssls() {
        let mut seen = 0;
        assert!(report("TLS-GROUP", |p| {
            let v = p.view();
            if v.locate(K_NAME).unwrap().get_utf8().unwrap() == "x25519" {
                assert_eq!(v.locate(K_INTERNAL).unwrap().get_utf8().unwrap(), "X25519");
                assert_eq!(v.locate(K_ALG).unwrap().get_utf8().unwrap(), "X25519");
                assert_eq!(v.locate(K_ID).unwrap().get_int::<u32>().unwrap(), 29);
                assert_eq!(v.locate(K_SECBITS).unwrap().get_int::<u32>().unwrap(), 128);
                assert_eq!(v.locate(K_MIN_TLS).unwrap().get_int::<i32>().unwrap(), 0x0301);
                assert_eq!(v.locate(K_MIN_DTLS).unwrap().get_int::<i32>().unwrap(), 0xFEFF);
                seen += 1;
            }
            true
        }));
        assert_eq!(seen, usize::from(!ferrofips_selftest::mode::strict()));
    }

    #[test]
    fn callback_refusal_stops_and_unknown_capabilities_succeed() {
        let mut calls = 0;
        assert!(!report("TLS-GROUP", |_| {
            calls += 1;
            false
        }));
        assert_eq!(calls, 1);
        assert!(report("TLS-SIGALG", |_| panic!("no sigalgs are offered")));
        assert!(report("", |_| panic!("nothing to report")));
    }
}
