//! CASTs of the MACs other than HMAC: AES-CMAC ("KAT_Mac", "CMAC") on every AES backend, AES-GMAC ("KAT_Mac",
//! "GMAC") on every AES-GCM backend and KMAC128 ("KAT_Mac", "KMAC") on every Keccak backend usable on this CPU.
//!
//! OpenSSL's `self_test.h` has no MAC type (its FIPS provider relies on the AES CASTs for CMAC and GMAC), so the
//! type string `"KAT_Mac"` and the descriptions are this module's own; fault injection matches them like any
//! other (`corrupt_type KAT_Mac`, `corrupt_desc CMAC`). Expected values are published examples cited at their
//! constants and were cross-checked with `openssl mac` (OpenSSL 3.0 default provider).

use ferrofips_crypto::digest::{self, Algorithm};
use ferrofips_crypto::mac::cmac::Cmac;
use ferrofips_crypto::mac::gmac::Gmac;
use ferrofips_crypto::mac::kmac::{Kmac, Variant};
use ferrofips_crypto::{aes, gcm};

use crate::SelfTestError;
use crate::events::EventSink;
use crate::kat::check;

/// The self-test type of MAC known-answer tests (no OpenSSL counterpart).
pub(crate) const KAT_MAC: &str = "KAT_Mac";
/// AES-CMAC.
pub(crate) const CMAC: &str = "CMAC";
/// AES-GMAC.
pub(crate) const GMAC: &str = "GMAC";
/// KMAC (KMAC128 stands for both variants: they share the cSHAKE sponge code).
pub(crate) const KMAC: &str = "KMAC";

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// NIST SP 800-38B Appendix D, CMAC-AES256 Example 11 (NIST's CMAC examples): a 40-byte message, so a padded
/// last block (subkey K2) after two whole blocks.
mod cmac_case {
    pub(super) const ID: &str = "SP 800-38B D.3 Example 11 (AES-256)";
    pub(super) const KEY: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    pub(super) const MSG: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411";
    pub(super) const TAG: &str = "aaf3d8f1de5640c232f5b169b9c911e6";
}

/// IEEE 802.1AE-2006 Annex C.1.1, "54-byte packet authentication using GCM-AES-128" (GMAC: the frame is all
/// additional data; the ICV is the tag).
mod gmac_case {
    pub(super) const ID: &str = "IEEE 802.1AE C.1.1 (GCM-AES-128 authentication)";
    pub(super) const KEY: &str = "ad7a2bd03eac835a6f620fdcb506b345";
    pub(super) const IV: &str = "12153524c0895e81b2c28465";
    pub(super) const MSG: &str = "d609b1f056637a0d46df998d88e5222ab2c2846512153524c0895e8108000f101112131415161718\
                                  191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233340001";
    pub(super) const TAG: &str = "f09478a9b09007d06f46e9b6a1da25dd";
}

/// NIST "KMAC_samples.pdf" (SP 800-185 example values), Sample #2: KMAC128 with a customisation string.
mod kmac_case {
    pub(super) const ID: &str = "SP 800-185 KMAC_samples Sample #2 (KMAC128)";
    pub(super) const KEY: &str = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
    pub(super) const MSG: &str = "00010203";
    pub(super) const CUSTOM: &[u8] = b"My Tagged Application";
    pub(super) const TAG: &str = "3b1fba963cd8b0b59e8c1a6d71888b7143651af8ba0a7070c0979e2811324aa5";
}

fn bad() -> ferrofips_crypto::Error {
    ferrofips_crypto::Error::InvalidLength
}

/// Runs the CMAC CAST on every AES backend and the GMAC CAST on every AES-GCM backend.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let (key, msg, tag) = (hex(cmac_case::KEY), hex(cmac_case::MSG), hex(cmac_case::TAG));
    for b in aes::backends() {
        check(sink, (KAT_MAC, CMAC), (cmac_case::ID, b.name()), tag.as_deref().unwrap_or_default(), || {
            let (Some(key), Some(msg)) = (&key, &msg) else { return Err(bad()) };
            let mut c = Cmac::with_backend(key, b)?;
            c.update(msg);
            Ok(c.finalize().to_vec())
        })?;
    }

    let (key, iv, msg, tag) = (hex(gmac_case::KEY), hex(gmac_case::IV), hex(gmac_case::MSG), hex(gmac_case::TAG));
    for b in gcm::backends() {
        check(sink, (KAT_MAC, GMAC), (gmac_case::ID, b.name()), tag.as_deref().unwrap_or_default(), || {
            let (Some(key), Some(iv), Some(msg)) = (&key, &iv, &msg) else { return Err(bad()) };
            let mut g = Gmac::with_backend(key, b)?;
            g.start(iv)?;
            g.update(msg)?;
            Ok(g.finalize()?.to_vec())
        })?;
    }

    let (key, msg, tag) = (hex(kmac_case::KEY), hex(kmac_case::MSG), hex(kmac_case::TAG));
    let tag = tag.unwrap_or_default();
    for b in digest::backends(Algorithm::Shake128) {
        check(sink, (KAT_MAC, KMAC), (kmac_case::ID, b.name()), &tag, || {
            let (Some(key), Some(msg)) = (&key, &msg) else { return Err(bad()) };
            let mut k = Kmac::with_backend(Variant::Kmac128, b, key, kmac_case::CUSTOM)?;
            k.update(msg);
            let mut out = vec![0u8; tag.len()];
            k.finalize_into(&mut out)?;
            Ok(out)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn passes_on_every_backend() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        let got: Vec<(&str, &str, Option<bool>)> = rec.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        let mut want = vec![(KAT_MAC, CMAC, Some(true)); aes::backends().len()];
        want.extend(vec![(KAT_MAC, GMAC, Some(true)); gcm::backends().len()]);
        want.extend(vec![(KAT_MAC, KMAC, Some(true)); digest::backends(Algorithm::Shake128).len()]);
        assert_eq!(got, want);
    }

    #[test]
    fn corruption_fails_each_test() {
        for desc in [CMAC, GMAC, KMAC] {
            let mut rec = Recorder::corrupting(Some(KAT_MAC), Some(desc));
            assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: d, .. }) if d == desc));
        }
    }
}
