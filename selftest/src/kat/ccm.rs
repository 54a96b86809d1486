//! CASTs of AES-CCM ("KAT_Cipher", "AES_CCM"): authenticated encryption and decryption-verification on every
//! AES backend the module can use.
//!
//! OpenSSL's `self_test.h` names no description for CCM (its FIPS provider tests AES through GCM and ECB only);
//! "AES_CCM" follows its "AES_GCM" pattern. Expected values: NIST SP 800-38C Appendix C.3 (AES-128, 12-byte
//! nonce, 20 bytes of AAD, 24 bytes of payload, 8-byte tag), cross-checked with pyca/cryptography 48
//! (`AESCCM`, OpenSSL's `AES-128-CCM`) on this machine.

use ferrofips_crypto::aes;
use ferrofips_crypto::modes::ccm::AesCcm;

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// Description of the CCM CASTs.
const AES_CCM: &str = "AES_CCM";

/// SP 800-38C Example 3.
mod case {
    pub(super) const ID: &str = "SP 800-38C C.3 (AES-128-CCM)";
    pub(super) const KEY: &str = "404142434445464748494a4b4c4d4e4f";
    pub(super) const NONCE: &str = "101112131415161718191a1b";
    pub(super) const AAD: &str = "000102030405060708090a0b0c0d0e0f10111213";
    pub(super) const PT: &str = "202122232425262728292a2b2c2d2e2f3031323334353637";
    pub(super) const CT: &str = "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5";
    pub(super) const TAG: &str = "484392fbc1b09951";
}

/// Decodes a hex constant (compile-time literals; an error only if one were malformed).
fn bytes(s: &str) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or(ferrofips_crypto::Error::InvalidLength)
}

/// Runs the CCM encrypt and decrypt CASTs on every AES backend usable here.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let mut ct_tag = bytes(case::CT).unwrap_or_default();
    ct_tag.extend(bytes(case::TAG).unwrap_or_default());
    let pt = bytes(case::PT).unwrap_or_default();
    for b in aes::backends() {
        check(sink, (ty::KAT_CIPHER, AES_CCM), (case::ID, b.name()), &ct_tag, || {
            let k = AesCcm::with_backend(&bytes(case::KEY)?, b)?;
            let mut data = bytes(case::PT)?;
            let mut tag = [0u8; 8];
            k.encrypt(&bytes(case::NONCE)?, &bytes(case::AAD)?, &mut data, &mut tag)?;
            data.extend_from_slice(&tag);
            Ok(data)
        })?;
        check(sink, (ty::KAT_CIPHER, AES_CCM), (case::ID, b.name()), &pt, || {
            let k = AesCcm::with_backend(&bytes(case::KEY)?, b)?;
            let mut data = bytes(case::CT)?;
            k.decrypt(&bytes(case::NONCE)?, &bytes(case::AAD)?, &mut data, &bytes(case::TAG)?)?;
            Ok(data)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn passes_on_every_backend_with_openssl_style_names() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        assert_eq!(rec.events.len(), 2 * aes::backends().len());
        assert!(rec.events.iter().all(|e| (e.ty, e.desc, e.passed) == ("KAT_Cipher", "AES_CCM", Some(true))));
    }

    #[test]
    fn corruption_fails() {
        let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(AES_CCM));
        assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: AES_CCM, .. })));
    }
}
