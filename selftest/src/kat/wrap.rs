//! CASTs of AES key wrap ("KAT_Cipher", "AES_KW"): KW wrapping and unwrapping (SP 800-38F KW-AE / KW-AD with the
//! forward cipher) on every AES backend the module can use. Wrapping exercises the AES encryption and
//! unwrapping the AES decryption of each backend, the two functions the KW/KWP and inverse-cipher variants use.
//!
//! OpenSSL's `self_test.h` names no description for key wrap (its FIPS provider has no wrap CAST); "AES_KW"
//! follows its "AES_GCM" pattern. Expected values: RFC 3394 §4.1 (128 bits of key data, 128-bit KEK), which
//! OpenSSL 3.0's `AES-128-WRAP` reproduces.

use ferrofips_crypto::aes::{self, Aes};
use ferrofips_crypto::modes::kw::{self, KwCipher};

use crate::SelfTestError;
use crate::events::{EventSink, ty};
use crate::kat::check;

/// Description of the key-wrap CASTs.
const AES_KW: &str = "AES_KW";

/// RFC 3394 §4.1.
mod case {
    pub(super) const WRAP_ID: &str = "RFC 3394 4.1 (AES-128 KW) wrap";
    pub(super) const UNWRAP_ID: &str = "RFC 3394 4.1 (AES-128 KW) unwrap";
    pub(super) const KEK: &str = "000102030405060708090a0b0c0d0e0f";
    pub(super) const KEY_DATA: &str = "00112233445566778899aabbccddeeff";
    pub(super) const WRAPPED: &str = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";
}

/// Decodes a hex constant (compile-time literals; an error only if one were malformed).
fn bytes(s: &str) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or(ferrofips_crypto::Error::InvalidLength)
}

/// Runs the KW wrap and unwrap CASTs on every AES backend usable here.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let wrapped = bytes(case::WRAPPED).unwrap_or_default();
    let key_data = bytes(case::KEY_DATA).unwrap_or_default();
    for b in aes::backends() {
        check(sink, (ty::KAT_CIPHER, AES_KW), (case::WRAP_ID, b.name()), &wrapped, || {
            let aes = Aes::with_backend(&bytes(case::KEK)?, b)?;
            let input = bytes(case::KEY_DATA)?;
            let mut out = vec![0u8; input.len() + kw::SEMIBLOCK];
            let n = kw::wrap(&aes, KwCipher::Forward, &kw::ICV1, &input, &mut out)?;
            out.truncate(n);
            Ok(out)
        })?;
        check(sink, (ty::KAT_CIPHER, AES_KW), (case::UNWRAP_ID, b.name()), &key_data, || {
            let aes = Aes::with_backend(&bytes(case::KEK)?, b)?;
            let input = bytes(case::WRAPPED)?;
            let mut out = vec![0u8; input.len()];
            let n = kw::unwrap(&aes, KwCipher::Forward, &kw::ICV1, &input, &mut out)?;
            out.truncate(n);
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
    fn passes_on_every_backend_with_its_name() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        assert_eq!(rec.events.len(), 2 * aes::backends().len());
        for e in &rec.events {
            assert_eq!((e.ty, e.desc, e.passed), ("KAT_Cipher", AES_KW, Some(true)));
        }
    }

    #[test]
    fn corruption_fails_the_test() {
        let mut rec = Recorder::corrupting(Some(ty::KAT_CIPHER), Some(AES_KW));
        assert!(matches!(run(&mut rec), Err(SelfTestError::Failed { desc: AES_KW, .. })));
    }
}
