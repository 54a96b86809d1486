//! CAST of the Ed25519 service (`"KAT_Signature"`/`"EDDSA"`, as OpenSSL 3.5's FIPS provider reports it): sign
//! a fixed RFC 8032 vector, let the sink corrupt the signature, compare it with the known answer, then verify it
//! (a corrupted signature must then fail) and check that verification rejects a tampered known answer.
//!
//! No CAST for X25519: it is not an approved service.

use ferrofips_crypto::ec::ed25519::{self, PublicKey, SecretKey, Variant};

use crate::SelfTestError;
use crate::cast::corrupt_first_byte;
use crate::events::EventSink;

/// OpenSSL's self-test type for signature KATs (`OSSL_SELF_TEST_TYPE_KAT_SIGNATURE`).
const KAT_SIGNATURE: &str = "KAT_Signature";
/// `OSSL_SELF_TEST_DESC_SIGN_EDDSA`.
const EDDSA: &str = "EDDSA";

/// RFC 8032 section 7.1, TEST 2 (a one-byte message); `openssl pkeyutl -sign -rawin` (3.0.19) agrees.
mod vector {
    pub(super) const ID: &str = "RFC 8032 7.1 TEST 2 (Ed25519)";
    pub(super) const SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    pub(super) const PUBLIC: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    pub(super) const MSG: &[u8] = &[0x72];
    pub(super) const SIG: &str = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                                  085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
}

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// The decoded key pair and known answer.
struct Inputs {
    sk: SecretKey,
    pk: PublicKey,
    expected: Vec<u8>,
}

fn inputs() -> Option<Inputs> {
    Some(Inputs {
        sk: SecretKey::from_bytes(&hex(vector::SEED)?).ok()?,
        pk: PublicKey::from_bytes(&hex(vector::PUBLIC)?).ok()?,
        expected: hex(vector::SIG)?,
    })
}

/// Runs the Ed25519 CAST.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(KAT_SIGNATURE, EDDSA);
    sink.detail(vector::ID, ed25519::backend_name());
    let passed = inputs().is_some_and(|inp| {
        let Ok(sig) = ed25519::sign(&inp.sk, vector::MSG, Variant::Pure) else { return false };
        let mut sig = sig.to_vec();
        if sink.corrupt() {
            corrupt_first_byte(&mut sig);
        }
        let mut tampered = inp.expected.clone();
        corrupt_first_byte(&mut tampered);
        sig == inp.expected
            && ed25519::verify(&inp.pk, vector::MSG, &sig, Variant::Pure).is_ok()
            && ed25519::verify(&inp.pk, vector::MSG, &tampered, Variant::Pure).is_err()
    });
    sink.end(passed);
    if passed { Ok(()) } else { Err(SelfTestError::Failed { ty: KAT_SIGNATURE, desc: EDDSA }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn cast_passes_and_reports() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        let seen: Vec<_> = rec.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(seen, [(KAT_SIGNATURE, EDDSA, Some(true))]);
    }

    #[test]
    fn corruption_fails_the_cast() {
        let mut rec = Recorder::corrupting(Some(KAT_SIGNATURE), Some(EDDSA));
        let err = run(&mut rec).unwrap_err();
        assert!(matches!(err, SelfTestError::Failed { ty: KAT_SIGNATURE, desc: EDDSA }), "{err:?}");
    }

    #[test]
    fn constants_are_well_formed() {
        let inp = inputs().unwrap();
        assert_eq!(inp.sk.public_key(), inp.pk);
        assert_eq!(inp.expected.len(), 64);
    }
}
