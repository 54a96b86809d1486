//! CASTs of XTS-AES ("KAT_Cipher", "AES_XTS"): encryption and decryption of one data unit on every AES backend
//! the module can use, including the ciphertext-stealing path.
//!
//! OpenSSL's `self_test.h` names no description for XTS (its FIPS provider tests AES through GCM and ECB only);
//! "AES_XTS" follows its "AES_GCM" pattern. Expected values: IEEE Std 1619 Annex B test vectors 2 (two whole
//! blocks) and 15 (17 bytes: one block and a stolen byte), XTS-AES-128, cross-checked with pyca/cryptography 48
//! (OpenSSL's `AES-128-XTS`) on this machine.

use ferrofips_crypto::aes;
use ferrofips_crypto::modes::xts::AesXts;

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// Description of the XTS CASTs.
const AES_XTS: &str = "AES_XTS";

/// IEEE 1619 Annex B vector 2: encryption.
mod enc_case {
    pub(super) const ID: &str = "IEEE 1619 vector 2 (XTS-AES-128) encrypt";
    pub(super) const KEY: &str = "1111111111111111111111111111111122222222222222222222222222222222";
    pub(super) const TWEAK: &str = "33333333330000000000000000000000";
    pub(super) const PT: &str = "4444444444444444444444444444444444444444444444444444444444444444";
    pub(super) const CT: &str = "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0";
}

/// IEEE 1619 Annex B vector 15: decryption with ciphertext stealing.
mod dec_case {
    pub(super) const ID: &str = "IEEE 1619 vector 15 (XTS-AES-128, 17 bytes) decrypt";
    pub(super) const KEY: &str = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0";
    pub(super) const TWEAK: &str = "9a785634120000000000000000000000";
    pub(super) const CT: &str = "6c1625db4671522d3d7599601de7ca09ed";
    pub(super) const PT: &str = "000102030405060708090a0b0c0d0e0f10";
}

/// Decodes a hex constant (compile-time literals; an error only if one were malformed).
fn bytes(s: &str) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or(ferrofips_crypto::Error::InvalidLength)
}

fn block(s: &str) -> Result<[u8; 16], ferrofips_crypto::Error> {
    bytes(s)?.try_into().map_err(|_| ferrofips_crypto::Error::InvalidLength)
}

/// Runs the XTS encrypt and decrypt CASTs on every AES backend usable here.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let enc_ct = bytes(enc_case::CT).unwrap_or_default();
    let dec_pt = bytes(dec_case::PT).unwrap_or_default();
    for b in aes::backends() {
        check(sink, (ty::KAT_CIPHER, AES_XTS), (enc_case::ID, b.name()), &enc_ct, || {
            let x = AesXts::with_backend(&bytes(enc_case::KEY)?, b)?;
            let mut data = bytes(enc_case::PT)?;
            x.encrypt(&block(enc_case::TWEAK)?, &mut data)?;
            Ok(data)
        })?;
        check(sink, (ty::KAT_CIPHER, AES_XTS), (dec_case::ID, b.name()), &dec_pt, || {
            let x = AesXts::with_backend(&bytes(dec_case::KEY)?, b)?;
            let mut data = bytes(dec_case::CT)?;
            x.decrypt(&block(dec_case::TWEAK)?, &mut data)?;
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
        assert!(rec.events.iter().all(|e| (e.ty, e.desc, e.passed) == ("KAT_Cipher", "AES_XTS", Some(true))));
    }

    #[test]
    fn corruption_fails() {
        let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(AES_XTS));
        assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: AES_XTS, .. })));
    }
}
