//! CASTs of AES-CBC with ciphertext stealing ("KAT_Cipher", "AES_CBC_CTS"): CS3 encryption and decryption of a
//! message with a partial last block on every AES backend the module can use (CS1 and CS2 differ from CS3 only in
//! the order of the last two blocks, which the module's unit tests cover).
//!
//! OpenSSL's `self_test.h` names no description for CBC-CTS (its FIPS provider has no CTS CAST); "AES_CBC_CTS"
//! follows its "AES_GCM" pattern. Expected values: RFC 3962 Appendix B, the 47-byte example (AES-128, IV 0), which
//! OpenSSL 3.0's `AES-128-CBC-CTS` with `cts_mode` CS3 reproduces.

use ferrofips_crypto::aes::{self, Aes};
use ferrofips_crypto::modes::cts::{self, CtsMode};

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// Description of the CBC-CTS CASTs.
const AES_CBC_CTS: &str = "AES_CBC_CTS";

/// RFC 3962 Appendix B, 47 bytes.
mod case {
    pub(super) const ENC_ID: &str = "RFC 3962 B (AES-128 CBC-CS3, 47 bytes) encrypt";
    pub(super) const DEC_ID: &str = "RFC 3962 B (AES-128 CBC-CS3, 47 bytes) decrypt";
    pub(super) const KEY: &str = "636869636b656e207465726979616b69";
    pub(super) const PT: &str = "4920776f756c64206c696b65207468652047656e6572616c20476175277320\
                                 436869636b656e2c20706c656173652c";
    pub(super) const CT: &str = "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e\
                                 39312523a78662d5be7fcbcc98ebf5";
}

/// Decodes a hex constant (compile-time literals, which may be wrapped; an error only if one were malformed).
fn bytes(s: &str) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or(ferrofips_crypto::Error::InvalidLength)
}

/// Runs the CBC-CS3 encrypt and decrypt CASTs on every AES backend usable here.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let ct = bytes(case::CT).unwrap_or_default();
    let pt = bytes(case::PT).unwrap_or_default();
    for b in aes::backends() {
        check(sink, (ty::KAT_CIPHER, AES_CBC_CTS), (case::ENC_ID, b.name()), &ct, || {
            let aes = Aes::with_backend(&bytes(case::KEY)?, b)?;
            let mut data = bytes(case::PT)?;
            cts::encrypt(&aes, CtsMode::Cs3, &mut [0u8; 16], &mut data)?;
            Ok(data)
        })?;
        check(sink, (ty::KAT_CIPHER, AES_CBC_CTS), (case::DEC_ID, b.name()), &pt, || {
            let aes = Aes::with_backend(&bytes(case::KEY)?, b)?;
            let mut data = bytes(case::CT)?;
            cts::decrypt(&aes, CtsMode::Cs3, &mut [0u8; 16], &mut data)?;
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
    fn passes_on_every_backend_with_its_name() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        assert_eq!(rec.events.len(), 2 * aes::backends().len());
        for e in &rec.events {
            assert_eq!((e.ty, e.desc, e.passed), ("KAT_Cipher", AES_CBC_CTS, Some(true)));
        }
    }

    #[test]
    fn corruption_fails_the_test() {
        let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(AES_CBC_CTS));
        assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: AES_CBC_CTS, .. })));
    }
}
