//! CASTs of the AES stream modes ("KAT_Cipher"): AES-CTR ("AES_CTR", the counter-mode kernel) and AES-CFB128
//! encryption and decryption ("AES_CFB", the serial block path and the batched multi-block path that CFB8, CFB1
//! and OFB share), on every AES backend the module can use.
//!
//! OpenSSL's `self_test.h` names no description for these modes (its FIPS provider tests AES through GCM and
//! ECB only); "AES_CTR" and "AES_CFB" follow its "AES_GCM" pattern. Expected values: NIST SP 800-38A
//! Appendix F, cited at each constant, cross-checked with OpenSSL 3.0's default provider
//! (`openssl enc -aes-128-ctr` / `-aes-256-cfb -nopad`).

use ferrofips_crypto::aes::{self, Aes};
use ferrofips_crypto::modes::cfb::Cfb128;
use ferrofips_crypto::modes::ctr::Ctr;

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// Description of the AES-CTR CAST.
const AES_CTR: &str = "AES_CTR";
/// Description of the AES-CFB CASTs.
const AES_CFB: &str = "AES_CFB";

/// The four plaintext blocks of SP 800-38A Appendix F.
const PT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                  30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

/// SP 800-38A F.5.1 CTR-AES128.Encrypt.
mod ctr_case {
    pub(super) const ID: &str = "SP 800-38A F.5.1 (CTR-AES128.Encrypt)";
    pub(super) const KEY: &str = "2b7e151628aed2a6abf7158809cf4f3c";
    pub(super) const COUNTER: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    pub(super) const CT: &str = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
                                 5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
}

/// SP 800-38A F.3.17 CFB128-AES256.Encrypt and F.3.18 CFB128-AES256.Decrypt.
mod cfb_case {
    pub(super) const ID_ENC: &str = "SP 800-38A F.3.17 (CFB128-AES256.Encrypt)";
    pub(super) const ID_DEC: &str = "SP 800-38A F.3.18 (CFB128-AES256.Decrypt)";
    pub(super) const KEY: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    pub(super) const IV: &str = "000102030405060708090a0b0c0d0e0f";
    pub(super) const CT: &str = "dc7e84bfda79164b7ecd8486985d386039ffed143b28b1c832113c6331e5407b\
                                 df10132415e54b92a13ed0a8267ae2f975a385741ab9cef82031623d55b1e471";
}

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

fn block(s: &str) -> Result<[u8; 16], ferrofips_crypto::Error> {
    hex(s).and_then(|v| v.try_into().ok()).ok_or(ferrofips_crypto::Error::InvalidLength)
}

fn bytes(s: &str) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    hex(s).ok_or(ferrofips_crypto::Error::InvalidLength)
}

/// Runs the AES-CTR and AES-CFB CASTs on every AES backend usable here.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let (pt, ctr_ct, cfb_ct) = (hex(PT).unwrap_or_default(), hex(ctr_case::CT), hex(cfb_case::CT));
    for b in aes::backends() {
        check(
            sink,
            (ty::KAT_CIPHER, AES_CTR),
            (ctr_case::ID, b.name()),
            ctr_ct.as_deref().unwrap_or_default(),
            || {
                let aes = Aes::with_backend(&bytes(ctr_case::KEY)?, b)?;
                let mut data = bytes(PT)?;
                Ctr::new(&block(ctr_case::COUNTER)?).apply(&aes, &mut data);
                Ok(data)
            },
        )?;
        check(
            sink,
            (ty::KAT_CIPHER, AES_CFB),
            (cfb_case::ID_ENC, b.name()),
            cfb_ct.as_deref().unwrap_or_default(),
            || {
                let aes = Aes::with_backend(&bytes(cfb_case::KEY)?, b)?;
                let mut data = bytes(PT)?;
                Cfb128::new(&block(cfb_case::IV)?).encrypt(&aes, &mut data);
                Ok(data)
            },
        )?;
        check(sink, (ty::KAT_CIPHER, AES_CFB), (cfb_case::ID_DEC, b.name()), &pt, || {
            let aes = Aes::with_backend(&bytes(cfb_case::KEY)?, b)?;
            let mut data = bytes(cfb_case::CT)?;
            Cfb128::new(&block(cfb_case::IV)?).decrypt(&aes, &mut data);
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
    fn passes_on_every_backend_with_consistent_names() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        let per_backend = [("KAT_Cipher", AES_CTR), ("KAT_Cipher", AES_CFB), ("KAT_Cipher", AES_CFB)];
        let want: Vec<(&str, &str, Option<bool>)> =
            aes::backends().iter().flat_map(|_| per_backend.iter().map(|&(t, d)| (t, d, Some(true)))).collect();
        let got: Vec<(&str, &str, Option<bool>)> = rec.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn corruption_fails_each_test() {
        for desc in [AES_CTR, AES_CFB] {
            let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(desc));
            assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: d, .. }) if d == desc));
        }
    }
}
