//! CASTs of the KDF services ("KAT_KDF"): HKDF, the TLS 1.3 KDF's extract and expand steps, and the TLS 1.2
//! PRF, each on the digest backend the module uses for its hash.
//!
//! Every expected value comes from a published source cited at its constant and was cross-checked with
//! OpenSSL 3.0.19's default provider (`openssl kdf ... HKDF|TLS13-KDF|TLS1-PRF`) on this machine.

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::{self, Expander, HmacHash};

use crate::SelfTestError;
use crate::cast::backends_in_use;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// `OSSL_SELF_TEST_DESC_KDF_HKDF`.
const HKDF: &str = "HKDF";
/// `OSSL_SELF_TEST_DESC_KDF_TLS13_EXTRACT`.
const TLS13_EXTRACT: &str = "TLS13_KDF_EXTRACT";
/// `OSSL_SELF_TEST_DESC_KDF_TLS13_EXPAND`.
const TLS13_EXPAND: &str = "TLS13_KDF_EXPAND";
/// `OSSL_SELF_TEST_DESC_KDF_TLS12_PRF`.
const TLS12_PRF: &str = "TLS12_PRF";

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// RFC 5869 Appendix A.1 ("Basic test case with SHA-256").
mod hkdf_case {
    pub(super) const ID: &str = "RFC 5869 A.1 (HKDF-SHA-256)";
    pub(super) const IKM: &str = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
    pub(super) const SALT: &str = "000102030405060708090a0b0c";
    pub(super) const INFO: &str = "f0f1f2f3f4f5f6f7f8f9";
    pub(super) const OKM: &str = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";
}

/// RFC 8448 §3 (Simple 1-RTT Handshake, SHA-256): the handshake secret is the TLS13-KDF extract of the (EC)DHE
/// secret with the early secret as salt (which first goes through Derive-Secret(., "derived", "")).
mod extract_case {
    pub(super) const ID: &str = "RFC 8448 section 3 handshake secret (SHA-256)";
    /// The early secret (no PSK).
    pub(super) const EARLY_SECRET: &str = "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";
    /// The x25519 shared secret ("IKM" of the handshake secret).
    pub(super) const ECDHE: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
    pub(super) const HANDSHAKE_SECRET: &str = "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";
}

/// NIST ACVP `TLS-v1.3-KDF-RFC8446` (ACVP-Server v1.1.0.43 sample), tgId 1 (SHA2-256, DHE), tcId 1:
/// `clientEarlyTrafficSecret = HKDF-Expand-Label(early secret, "c e traffic", SHA-256(helloClientRandom), 32)`,
/// the early secret being the no-PSK one of RFC 8448 §3 (`extract_case::EARLY_SECRET`).
mod expand_case {
    pub(super) const ID: &str = "ACVP TLS-v1.3-KDF-RFC8446 tcId 1 (SHA2-256) client early traffic secret";
    pub(super) const LABEL: &str = "c e traffic";
    /// SHA-256 of tcId 1's helloClientRandom
    /// (5FA0928A091A96755E32FC18CC90704493CC4D07D3E253B3540D802431BCFBF4EEF754).
    pub(super) const CONTEXT: &str = "f8611db3792e87f11abd60c8612700c062cddae65aa690207fdab001495b206d";
    pub(super) const SECRET: &str = "2420ddaffb894d492972a8afe9b6d5d7a40a731cd7921c9380933a76a2d5cacc";
}

/// NIST ACVP `TLS-v1.2-KDF-RFC7627` (ACVP-Server v1.1.0.43 sample), tgId 1 (SHA2-256), tcId 1: the extended
/// master secret `PRF(preMasterSecret, "extended master secret", sessionHash)`, 48 bytes.
mod prf_case {
    pub(super) const ID: &str = "ACVP TLS-v1.2-KDF-RFC7627 tcId 1 (SHA2-256) master secret";
    pub(super) const PMS: &str = "75bf0f2b5c2058813c4bf66eae416c57cc05b7f7d631bc2400fe4372b2271c8d\
                                  94947b0e380387d3b4dac40f269deb9d";
    pub(super) const SESSION_HASH: &str = "15d4a2221a31ebd09626e539a1e136811bbd039353019dec59948b3c1865bcd8";
    pub(super) const MASTER_SECRET: &str = "4ec38663d2cefe30eda0f30957649953a5437d37cdbc409408da44f30bd8d9f2\
                                            80e07ee55233afa69e1c90d8a24239e3";
}

/// The TLS 1.3 label prefix.
const TLS13_PREFIX: &[u8] = b"tls13 ";

fn bad() -> ferrofips_crypto::Error {
    ferrofips_crypto::Error::InvalidLength
}

/// Runs the four KDF CASTs on every backend in use for SHA-256.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    for backend in backends_in_use(Algorithm::Sha256) {
        let hash = HmacHash::with_backend(Algorithm::Sha256, backend);
        let b = backend.name();
        let expected = |s: &str| hex(s).unwrap_or_default();

        check(sink, (ty::KAT_KDF, HKDF), (hkdf_case::ID, b), &expected(hkdf_case::OKM), || {
            let hash = hash?;
            let (ikm, salt, info) = (
                hex(hkdf_case::IKM).ok_or_else(bad)?,
                hex(hkdf_case::SALT).ok_or_else(bad)?,
                hex(hkdf_case::INFO).ok_or_else(bad)?,
            );
            let mut okm = vec![0u8; hkdf_case::OKM.len() / 2];
            kdf::extract_and_expand(hash, &salt, &ikm, &[&info], &mut okm)?;
            Ok(okm)
        })?;

        check(
            sink,
            (ty::KAT_KDF, TLS13_EXTRACT),
            (extract_case::ID, b),
            &expected(extract_case::HANDSHAKE_SECRET),
            || {
                let hash = hash?;
                let salt = hex(extract_case::EARLY_SECRET).ok_or_else(bad)?;
                let ikm = hex(extract_case::ECDHE).ok_or_else(bad)?;
                let mut out = vec![0u8; hash.output_len()];
                kdf::tls13_extract(hash, Some(&salt), Some(&ikm), TLS13_PREFIX, b"derived", &mut out)?;
                Ok(out)
            },
        )?;

        check(sink, (ty::KAT_KDF, TLS13_EXPAND), (expand_case::ID, b), &expected(expand_case::SECRET), || {
            let hash = hash?;
            let secret = hex(extract_case::EARLY_SECRET).ok_or_else(bad)?;
            let context = hex(expand_case::CONTEXT).ok_or_else(bad)?;
            let mut out = vec![0u8; hash.output_len()];
            let mut exp = Expander::new(hash, &secret)?;
            kdf::hkdf_expand_label(&mut exp, TLS13_PREFIX, expand_case::LABEL.as_bytes(), &context, &mut out)?;
            Ok(out)
        })?;

        check(sink, (ty::KAT_KDF, TLS12_PRF), (prf_case::ID, b), &expected(prf_case::MASTER_SECRET), || {
            let hash = hash?;
            let pms = hex(prf_case::PMS).ok_or_else(bad)?;
            let session_hash = hex(prf_case::SESSION_HASH).ok_or_else(bad)?;
            let mut ms = vec![0u8; 48];
            kdf::tls12_prf(hash, &pms, &[b"extended master secret", &session_hash], &mut ms)?;
            Ok(ms)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn all_pass_and_report_openssl_names() {
        let mut r = Recorder::new();
        run(&mut r).unwrap();
        let pairs: Vec<_> = r.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(
            pairs,
            [
                (ty::KAT_KDF, HKDF, Some(true)),
                (ty::KAT_KDF, TLS13_EXTRACT, Some(true)),
                (ty::KAT_KDF, TLS13_EXPAND, Some(true)),
                (ty::KAT_KDF, TLS12_PRF, Some(true)),
            ]
        );
    }

    #[test]
    fn each_cast_detects_corruption() {
        for desc in [HKDF, TLS13_EXTRACT, TLS13_EXPAND, TLS12_PRF] {
            let mut r = Recorder::corrupting(Some(ty::KAT_KDF), Some(desc));
            assert!(matches!(run(&mut r), Err(SelfTestError::Failed { desc: d, .. }) if d == desc));
            assert_eq!(r.events.last().map(|e| (e.desc, e.passed)), Some((desc, Some(false))));
        }
    }

    #[test]
    fn constants_decode() {
        for s in [
            hkdf_case::IKM,
            hkdf_case::SALT,
            hkdf_case::INFO,
            hkdf_case::OKM,
            extract_case::EARLY_SECRET,
            extract_case::ECDHE,
            extract_case::HANDSHAKE_SECRET,
            expand_case::CONTEXT,
            expand_case::SECRET,
            prf_case::PMS,
            prf_case::SESSION_HASH,
            prf_case::MASTER_SECRET,
        ] {
            assert_eq!(hex(s).map(|v| v.len() * 2), Some(s.len()), "{s}");
        }
    }
}
