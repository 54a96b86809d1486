//! CASTs of the SP 800-56C / SP 800-108 / SP 800-132 / SP 800-135 KDF services ("KAT_KDF"): SSKDF, X963KDF,
//! KBKDF, PBKDF2 and SSHKDF, each on every digest backend the module uses for its hash.
//!
//! Every expected value comes from a published source cited at its constant and was cross-checked with
//! OpenSSL 3.0's default provider (`openssl kdf ...`) on this machine.

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::HmacHash;
use ferrofips_crypto::kdf::kbkdf::{KbkdfMode, KbkdfParams, KbkdfPrf, kbkdf};
use ferrofips_crypto::kdf::pbkdf2::pbkdf2;
use ferrofips_crypto::kdf::sshkdf::sshkdf;
use ferrofips_crypto::kdf::sskdf::{sskdf_hash, x963kdf};

use crate::SelfTestError;
use crate::cast::backends_in_use;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// `OSSL_SELF_TEST_DESC_KDF_SSKDF`.
const SSKDF: &str = "SSKDF";
/// `OSSL_SELF_TEST_DESC_KDF_X963KDF`.
const X963KDF: &str = "X963KDF";
/// `OSSL_SELF_TEST_DESC_KDF_KBKDF`.
const KBKDF: &str = "KBKDF";
/// `OSSL_SELF_TEST_DESC_KDF_PBKDF2`.
const PBKDF2: &str = "PBKDF2";
/// `OSSL_SELF_TEST_DESC_KDF_SSHKDF`.
const SSHKDF: &str = "SSHKDF";

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

fn bad() -> ferrofips_crypto::Error {
    ferrofips_crypto::Error::InvalidLength
}

/// SP 800-56C one-step KDF with SHA-256: the "non-official" SP 800-56C vectors of `patrickfav/singlestep-kdf`
/// (also in OpenSSL's `evpkdf_ss.txt`).
mod sskdf_case {
    pub(super) const ID: &str = "SP 800-56C one-step, H = SHA-256 (singlestep-kdf vector)";
    pub(super) const Z: &str = "afc4e154498d4770aa8365f6903dc83b";
    pub(super) const INFO: &str = "662af20379b29d5ef813e655";
    pub(super) const DKM: &str = "f0b80d6ae4c1e19e2105a37024e35dc6";
}

/// NIST CAVP SP 800-135 ANSI X9.63 KDF (`ansx963_2001.rsp`), `[SHA-256]`, shared secret 192 bits, 1024-bit key.
mod x963_case {
    pub(super) const ID: &str = "CAVP ANSI X9.63 KDF [SHA-256] COUNT = 0";
    pub(super) const Z: &str = "22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d";
    pub(super) const INFO: &str = "75eef81aa3041e33b80971203d2c0c52";
    pub(super) const KEY: &str = "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e\
                                  52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf92f30d0097111485\
                                  500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269\
                                  142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21";
}

/// RFC 8009 §A (aes128-cts-hmac-sha256-128): `Kc = KDF-HMAC-SHA2(base-key, 0x0000000299, 128)`, which is
/// SP 800-108 counter mode with HMAC-SHA-256, r = 32, the separator and `[L]_32`, and an empty context.
mod kbkdf_case {
    pub(super) const ID: &str = "RFC 8009 A (KDF-HMAC-SHA2, counter mode, HMAC-SHA-256) Kc for usage 2";
    pub(super) const KEY: &str = "3705d96080c17728a0e800eab6e0d23c";
    pub(super) const LABEL: &str = "0000000299";
    pub(super) const KC: &str = "b31a018a48f54776f403e9a396325dc3";
}

/// RFC 6070 §2, second case: PBKDF2-HMAC-SHA1("password", "salt", c = 2, dkLen = 20).
mod pbkdf2_case {
    pub(super) const ID: &str = "RFC 6070 (PBKDF2-HMAC-SHA1, c = 2)";
    pub(super) const PASSWORD: &[u8] = b"password";
    pub(super) const SALT: &[u8] = b"salt";
    pub(super) const ITERATIONS: u64 = 2;
    pub(super) const DK: &str = "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957";
}

/// NIST CAVS 14.1 SP 800-135 SSH KDF, `[SHA-256]`, 2048-bit shared secret, initial IV client to server (`A`).
mod sshkdf_case {
    pub(super) const ID: &str = "CAVS 14.1 SSH KDF [SHA-256] initial IV (A)";
    pub(super) const K: &str = "0000010044708c76616f700bd31b0c155ef74e36390eeb39bc5c32cdc90e21922b0ed930b5b519c8\
                                afebef0f4e4fb5b41b81d649d2127506620b594e9899f7f0d442ecddd68308307b82f00065e9d752\
                                20a5a6f5641795772132215a236064ea965c6493c21f89879730ebbc3c20a22d8f5bfd07b525b194\
                                323b22d8a49944d1aa58502e756101ef1e8a91c9310e71f6db65a3ad0a542cfa751f83721a99e89f\
                                1dbe54971a3620ecffc967aa55eed1a42d6e7a138b853557ac84689889f6d0c8553575fb89b4e13e\
                                ab5537da72ef16f0d72f5e8505d97f110745193d550fa315fe88f672db90d73843e97ba1f3d087ba\
                                8eb39025bbffad37589a6199227303d9d8e7f1e3";
    pub(super) const H: &str = "fe3727fd99a5ac7987c2cfbe062129e3027bf5e10310c6bccde9c916c8329dc2";
    pub(super) const SESSION_ID: &str = "fffa598bc0ad2ae84dc8dc05b1f72c5b0134025ae7edf8a2e8db11472e18e1fc";
    pub(super) const IV: &str = "36730bae8de5cb98898d6b4a00b37058";
}

/// Runs the SHA-256 based CASTs (SSKDF, X963KDF, KBKDF, SSHKDF) on every SHA-256 backend in use, then the
/// PBKDF2 CAST on every SHA-1 backend in use.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let expected = |s: &str| hex(s).unwrap_or_default();
    for backend in backends_in_use(Algorithm::Sha256) {
        let hash = HmacHash::with_backend(Algorithm::Sha256, backend);
        let b = backend.name();

        check(sink, (ty::KAT_KDF, SSKDF), (sskdf_case::ID, b), &expected(sskdf_case::DKM), || {
            let (z, info) = (hex(sskdf_case::Z).ok_or_else(bad)?, hex(sskdf_case::INFO).ok_or_else(bad)?);
            let mut out = vec![0u8; sskdf_case::DKM.len() / 2];
            sskdf_hash(hash?, &z, &info, &mut out)?;
            Ok(out)
        })?;

        check(sink, (ty::KAT_KDF, X963KDF), (x963_case::ID, b), &expected(x963_case::KEY), || {
            let (z, info) = (hex(x963_case::Z).ok_or_else(bad)?, hex(x963_case::INFO).ok_or_else(bad)?);
            let mut out = vec![0u8; x963_case::KEY.len() / 2];
            x963kdf(hash?, &z, &info, &mut out)?;
            Ok(out)
        })?;

        check(sink, (ty::KAT_KDF, KBKDF), (kbkdf_case::ID, b), &expected(kbkdf_case::KC), || {
            let label = hex(kbkdf_case::LABEL).ok_or_else(bad)?;
            let mut prf = KbkdfPrf::hmac(hash?, &hex(kbkdf_case::KEY).ok_or_else(bad)?)?;
            let p = KbkdfParams {
                mode: KbkdfMode::Counter,
                counter_bits: 32,
                label: &label,
                context: &[],
                iv: &[],
                use_l: true,
                use_separator: true,
            };
            let mut out = vec![0u8; kbkdf_case::KC.len() / 2];
            kbkdf(&mut prf, &p, &mut out)?;
            Ok(out)
        })?;

        check(sink, (ty::KAT_KDF, SSHKDF), (sshkdf_case::ID, b), &expected(sshkdf_case::IV), || {
            let k = hex(sshkdf_case::K).ok_or_else(bad)?;
            let h = hex(sshkdf_case::H).ok_or_else(bad)?;
            let sid = hex(sshkdf_case::SESSION_ID).ok_or_else(bad)?;
            let mut out = vec![0u8; sshkdf_case::IV.len() / 2];
            sshkdf(hash?, &k, &h, &sid, b'A', &mut out)?;
            Ok(out)
        })?;
    }
    for backend in backends_in_use(Algorithm::Sha1) {
        let hash = HmacHash::with_backend(Algorithm::Sha1, backend);
        check(sink, (ty::KAT_KDF, PBKDF2), (pbkdf2_case::ID, backend.name()), &expected(pbkdf2_case::DK), || {
            let mut out = vec![0u8; pbkdf2_case::DK.len() / 2];
            pbkdf2(hash?, pbkdf2_case::PASSWORD, pbkdf2_case::SALT, pbkdf2_case::ITERATIONS, &mut out)?;
            Ok(out)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    const ALL: [&str; 5] = [SSKDF, X963KDF, KBKDF, SSHKDF, PBKDF2];

    #[test]
    fn all_pass_and_report_openssl_names() {
        let mut r = Recorder::new();
        run(&mut r).unwrap();
        let per_sha256 = backends_in_use(Algorithm::Sha256).len();
        let per_sha1 = backends_in_use(Algorithm::Sha1).len();
        assert_eq!(r.events.len(), 4 * per_sha256 + per_sha1);
        for desc in ALL {
            assert!(r.events.iter().any(|e| (e.ty, e.desc, e.passed) == (ty::KAT_KDF, desc, Some(true))), "{desc}");
        }
        assert!(r.events.iter().all(|e| e.passed == Some(true)));
    }

    #[test]
    fn each_cast_detects_corruption() {
        for desc in ALL {
            let mut r = Recorder::corrupting(Some(ty::KAT_KDF), Some(desc));
            assert!(matches!(run(&mut r), Err(SelfTestError::Failed { desc: d, .. }) if d == desc));
            assert_eq!(r.events.last().map(|e| (e.desc, e.passed)), Some((desc, Some(false))));
        }
    }

    #[test]
    fn constants_decode() {
        for s in [
            sskdf_case::Z,
            sskdf_case::INFO,
            sskdf_case::DKM,
            x963_case::Z,
            x963_case::INFO,
            x963_case::KEY,
            kbkdf_case::KEY,
            kbkdf_case::LABEL,
            kbkdf_case::KC,
            pbkdf2_case::DK,
            sshkdf_case::K,
            sshkdf_case::H,
            sshkdf_case::SESSION_ID,
            sshkdf_case::IV,
        ] {
            assert_eq!(hex(s).map(|v| v.len() * 2), Some(s.len()), "{s}");
        }
    }
}
