//! CASTs of the AES services ("KAT_Cipher"): AES-GCM authenticated encryption and decryption ("AES_GCM") and
//! AES-ECB decryption ("AES_ECB_Decrypt", which covers the inverse cipher used by CBC decryption), on the AES-GCM
//! and AES backends the module uses.
//!
//! Every expected value comes from a published source cited at its constant and was cross-checked with
//! OpenSSL 3.0.19's default provider on this machine (`EVP_EncryptInit_ex`/`EVP_EncryptUpdate`/`EVP_CTRL_GCM_GET_TAG`
//! through `libcrypto.so.3`, and `openssl enc -d -aes-128-ecb -nopad`).

use ferrofips_crypto::aes::{self, Aes};
use ferrofips_crypto::gcm::{self, AesGcm};

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// `OSSL_SELF_TEST_DESC_CIPHER_AES_GCM`.
const AES_GCM: &str = "AES_GCM";
/// `OSSL_SELF_TEST_DESC_CIPHER_AES_ECB`.
const AES_ECB_DECRYPT: &str = "AES_ECB_Decrypt";

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)" (the GCM submission to NIST), Test Case 16:
/// AES-256, 96-bit IV, 20 bytes of AAD, 60 bytes of plaintext (a partial last block).
mod gcm_case {
    pub(super) const ID: &str = "GCM spec test case 16 (AES-256-GCM)";
    pub(super) const KEY: &str = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    pub(super) const IV: &str = "cafebabefacedbaddecaf888";
    pub(super) const AAD: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    pub(super) const PT: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                                 1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    pub(super) const CT: &str = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
                                 8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
    pub(super) const TAG: &str = "76fc6ece0f4e1768cddf8853bb2d551b";
}

/// FIPS 197 Appendix C.1 (AES-128), run backwards.
mod ecb_case {
    pub(super) const ID: &str = "FIPS 197 C.1 (AES-128) decrypt";
    pub(super) const KEY: &str = "000102030405060708090a0b0c0d0e0f";
    pub(super) const CT: &str = "69c4e0d86a7b0430d8cdb78070b4c55a";
    pub(super) const PT: &str = "00112233445566778899aabbccddeeff";
}

fn bad() -> ferrofips_crypto::Error {
    ferrofips_crypto::Error::InvalidLength
}

/// Runs the AES-GCM encrypt and decrypt CASTs and the AES-ECB decrypt CAST on the backends in use.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let g = gcm::default_backend();
    let (key, iv, aad) = (hex(gcm_case::KEY), hex(gcm_case::IV), hex(gcm_case::AAD));
    let (pt, ct, tag) = (hex(gcm_case::PT), hex(gcm_case::CT), hex(gcm_case::TAG));
    let mut ct_tag = ct.clone().unwrap_or_default();
    ct_tag.extend(tag.as_deref().unwrap_or_default());

    check(sink, (ty::KAT_CIPHER, AES_GCM), (gcm_case::ID, g.name()), &ct_tag, || {
        let (Some(key), Some(iv), Some(aad), Some(pt)) = (&key, &iv, &aad, &pt) else { return Err(bad()) };
        let mut g = AesGcm::with_backend(key, g)?;
        let mut data = pt.clone();
        let tag = g.encrypt_detached(iv, aad, &mut data)?;
        data.extend_from_slice(&tag);
        Ok(data)
    })?;

    check(sink, (ty::KAT_CIPHER, AES_GCM), (gcm_case::ID, g.name()), pt.as_deref().unwrap_or_default(), || {
        let (Some(key), Some(iv), Some(aad), Some(ct), Some(tag)) = (&key, &iv, &aad, &ct, &tag) else {
            return Err(bad());
        };
        let mut g = AesGcm::with_backend(key, g)?;
        let mut data = ct.clone();
        g.decrypt_detached(iv, aad, &mut data, tag)?;
        Ok(data)
    })?;

    let a = aes::default_backend();
    let (key, ct, pt) = (hex(ecb_case::KEY), hex(ecb_case::CT), hex(ecb_case::PT));
    check(sink, (ty::KAT_CIPHER, AES_ECB_DECRYPT), (ecb_case::ID, a.name()), pt.as_deref().unwrap_or_default(), || {
        let (Some(key), Some(ct)) = (&key, &ct) else { return Err(bad()) };
        let aes = Aes::with_backend(key, a)?;
        let mut block: [u8; 16] = ct.as_slice().try_into().map_err(|_| bad())?;
        aes.decrypt_block(&mut block);
        Ok(block.to_vec())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn passes_and_reports_openssl_names() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        let names: Vec<(&str, &str, Option<bool>)> = rec.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(
            names,
            [
                ("KAT_Cipher", "AES_GCM", Some(true)),
                ("KAT_Cipher", "AES_GCM", Some(true)),
                ("KAT_Cipher", "AES_ECB_Decrypt", Some(true)),
            ]
        );
    }

    #[test]
    fn corruption_fails_each_test() {
        for desc in [AES_GCM, AES_ECB_DECRYPT] {
            let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(desc));
            assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: d, .. }) if d == desc));
        }
    }
}
