//! CASTs of the P-256 services: ECDSA signature generation with a fixed nonce plus verification
//! (`"KAT_Signature"`/`"ECDSA"`) and the ECDH shared secret (`"KAT_KA"`/`"ECDH"`).
//!
//! Expected values are NIST vectors (sources cited at each constant) and were cross-checked with
//! OpenSSL 3.0.19 (`openssl pkeyutl -derive`, `openssl dgst -sha256 -verify`) on the same keys. They run on
//! the P-256 arithmetic backend the process uses ([`p256::backend_name`], fixed for the process).

use ferrofips_crypto::digest::{self, Algorithm};
use ferrofips_crypto::ec::p256::{self, PublicKey, SecretKey, Signature};

use crate::SelfTestError;
use crate::cast::corrupt_first_byte;
use crate::events::EventSink;
use crate::kat::check;

/// OpenSSL's self-test type for signature KATs (`OSSL_SELF_TEST_TYPE_KAT_SIGNATURE`).
const KAT_SIGNATURE: &str = "KAT_Signature";
/// OpenSSL's self-test type for key agreement KATs (`OSSL_SELF_TEST_TYPE_KAT_KA`).
const KAT_KA: &str = "KAT_KA";
/// `OSSL_SELF_TEST_DESC_SIGN_ECDSA`.
const ECDSA: &str = "ECDSA";
/// `OSSL_SELF_TEST_DESC_KA_ECDH`.
const ECDH: &str = "ECDH";

/// Decodes a hex constant (compile-time literals; `None` only if one were malformed).
fn hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// ACVP-Server v1.1.0.43 sample `ECDSA-SigGen-FIPS186-5`, tgId 14 (P-256, SHA2-256), tcId 131.
mod sig {
    pub(super) const ID: &str = "ACVP ECDSA-SigGen-FIPS186-5 tcId 131 (P-256, SHA2-256)";
    pub(super) const D: &str = "A88C7A12E6CD3EC1467E96DFD230D654F786FA72EFA43CA9632B8DE5BD245CC3";
    pub(super) const Q: &str = "046EA294CF3990EE50AAD0B49475F4E09ADD8DB1595485891176347514A712FE06\
                                FB1AB27C16FA33E7CB7960D6EBC575742649431E9AC35EE9130BEC3DACD391F2";
    pub(super) const MSG: &str = "4F1B2ABA5D952E434D26B9015CB17FB4FFEBD0CC7A9420F1915DB0A298FD925092CD66C3D6556B30DC\
                                  A4C1559247DCB22DBFD78FC9FFB4B5DF0110C8C50BE70F7B4C483964AD74D67B99CC2F4A00F2A12575\
                                  AE800C0E9CDA06CB714A2CE6CAA9D30B5585E80228DC3FE39D66DABB80504B3CAF90B4BB1BD1D2303B\
                                  8D89B3BA18";
    pub(super) const K: &str = "48FA4B5E8BB917973C25A0ADA41F33821F68B650568EB144BE5960DA1C756ABA";
    /// r || s.
    pub(super) const RS: &str = "642A2FEA3FE1EA23AB699E5ED5568D0833B4CEF596764628AF9C47E23C0B400B\
                                 3BE682F265AE3DB0D595128F35AF41BC63CB0FC4D067CEFDEC95687AC2B3B5AF";
}

/// NIST CAVP `KAS_ECC_CDH_PrimitiveTest.txt` (SP 800-56A ECC CDH primitive), [P-256] COUNT = 0.
mod ka {
    pub(super) const ID: &str = "CAVP KAS_ECC_CDH_PrimitiveTest P-256 COUNT 0";
    pub(super) const D_IUT: &str = "7D7DC5F71EB29DDAF80D6214632EEAE03D9058AF1FB6D22ED80BADB62BC1A534";
    pub(super) const Q_CAVS: &str = "04700C48F77F56584C5CC632CA65640DB91B6BACCE3A4DF6B42CE7CC838833D287\
                                     DB71E509E3FD9B060DDB20BA5C51DCC5948D46FBF640DFE0441782CAB85FA4AC";
    pub(super) const Z: &str = "46FC62106420FF012E54A434FBDD2D25CCC5852060561E68040DD7778997BD7B";
}

/// Runs both CASTs.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    ecdsa(sink)?;
    ecdh(sink)
}

/// Inputs of the signature CAST, decoded.
struct SigInputs {
    sk: SecretKey,
    pk: PublicKey,
    hash: Vec<u8>,
    k: Vec<u8>,
    expected: Vec<u8>,
}

fn sig_inputs() -> Option<SigInputs> {
    Some(SigInputs {
        sk: SecretKey::from_bytes(&hex(sig::D)?).ok()?,
        pk: PublicKey::from_sec1(&hex(sig::Q)?).ok()?,
        hash: digest::digest(Algorithm::Sha256, &hex(sig::MSG)?),
        k: hex(sig::K)?,
        expected: hex(sig::RS)?,
    })
}

/// Splits `r || s`.
fn signature(rs: &[u8]) -> Option<Signature> {
    Some(Signature { r: rs.get(..32)?.try_into().ok()?, s: rs.get(32..64)?.try_into().ok()? })
}

/// Sign with the fixed nonce, let the sink corrupt the signature, compare it with the known answer, then verify
/// it (as OpenSSL's signature self-test does, a corrupted signature must then fail). Verification must also
/// reject the known answer with a flipped bit, so a verifier that accepts everything fails the CAST.
fn ecdsa(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(KAT_SIGNATURE, ECDSA);
    sink.detail(sig::ID, p256::backend_name());
    let passed = sig_inputs().is_some_and(|inp| {
        let Ok(sig) = p256::sign_prehash_with_k(&inp.sk, &inp.hash, &inp.k) else { return false };
        let mut rs = [sig.r, sig.s].concat();
        if sink.corrupt() {
            corrupt_first_byte(&mut rs);
        }
        let mut tampered = inp.expected.clone();
        corrupt_first_byte(&mut tampered);
        match (signature(&rs), signature(&tampered)) {
            (Some(sig), Some(bad)) => {
                rs == inp.expected
                    && p256::verify_prehash(&inp.pk, &inp.hash, &sig).is_ok()
                    && p256::verify_prehash(&inp.pk, &inp.hash, &bad).is_err()
            }
            _ => false,
        }
    });
    sink.end(passed);
    if passed { Ok(()) } else { Err(SelfTestError::Failed { ty: KAT_SIGNATURE, desc: ECDSA }) }
}

/// `Z = x(d_IUT * Q_CAVS)`.
fn ecdh(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    let expected = hex(ka::Z).unwrap_or_default();
    check(sink, (KAT_KA, ECDH), (ka::ID, p256::backend_name()), &expected, || {
        let bad = ferrofips_crypto::Error::InvalidKey;
        let sk = SecretKey::from_bytes(&hex(ka::D_IUT).ok_or(bad)?)?;
        let peer = PublicKey::from_sec1(&hex(ka::Q_CAVS).ok_or(bad)?)?;
        Ok(p256::ecdh(&sk, &peer)?.to_vec())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn casts_pass_and_report() {
        let mut rec = Recorder::new();
        run(&mut rec).unwrap();
        let seen: Vec<_> = rec.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(seen, [(KAT_SIGNATURE, ECDSA, Some(true)), (KAT_KA, ECDH, Some(true))]);
    }

    #[test]
    fn corruption_fails_each_cast() {
        for (ty, desc) in [(KAT_SIGNATURE, ECDSA), (KAT_KA, ECDH)] {
            let mut rec = Recorder::corrupting(Some(ty), Some(desc));
            let err = run(&mut rec).unwrap_err();
            assert!(matches!(err, SelfTestError::Failed { ty: t, desc: d } if t == ty && d == desc), "{err:?}");
        }
    }

    #[test]
    fn constants_are_well_formed() {
        let inp = sig_inputs().unwrap();
        assert_eq!(inp.sk.public_key(), inp.pk);
        assert_eq!(inp.expected.len(), 64);
        assert_eq!(hex(ka::Z).unwrap().len(), 32);
        assert!(hex("0g").is_none());
    }
}
