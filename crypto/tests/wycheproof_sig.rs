//! Project Wycheproof signature-verification vectors against `ec::p256`, `ec::p384`, `ec::p521` (ECDSA: the
//! file's digest of the message via `digest::digest`, then `Signature::from_der` and `verify_prehash`) and
//! `ec::ed25519` (`verify` with `Variant::Pure`) directly: every `valid` case verifies, every `invalid` one
//! (modified or out-of-range integers, BER or otherwise malformed DER, wrong lengths, malleated Ed25519 `S`, ...)
//! is refused at some step. All wrong verdicts of a run are listed together.
//!
//! Runs on whatever backend is active (`FERROFIPS_CPU=portable` forces the portable one).

use std::collections::BTreeMap;

use ferrofips_crypto::Error;
use ferrofips_crypto::digest::{self, Algorithm};
use ferrofips_crypto::ec::{ed25519, p256, p384, p521};
use ferrofips_kat::wycheproof_ecdh::Curve;
use ferrofips_kat::wycheproof_sig::{self, Expect, SigFile, SigGroup};

/// Where a case stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// The signature verified.
    Verified,
    /// The group's public key was refused (`from_sec1` / `from_bytes`).
    KeyRefused,
    /// ECDSA: `Signature::from_der` refused the encoding (or the range of r, s).
    DerRefused,
    /// `verify_prehash` / `ed25519::verify` refused the signature.
    Rejected,
}

/// Verifies (message, signature) for one group's raw public key.
type VerifyFn = fn(&[u8], &[u8], &[u8], Algorithm) -> Outcome;

macro_rules! ecdsa {
    ($m:ident) => {
        |public: &[u8], msg: &[u8], sig: &[u8], alg: Algorithm| -> Outcome {
            let Ok(pk) = $m::PublicKey::from_sec1(public) else { return Outcome::KeyRefused };
            let Ok(sig) = $m::Signature::from_der(sig) else { return Outcome::DerRefused };
            let hash = digest::digest(alg, msg);
            match $m::verify_prehash(&pk, &hash, &sig) {
                Ok(()) => Outcome::Verified,
                Err(e) => {
                    assert_eq!(e, Error::InvalidKey, "verify_prehash error kind");
                    Outcome::Rejected
                }
            }
        }
    };
}

fn ed25519_verify(public: &[u8], msg: &[u8], sig: &[u8], _: Algorithm) -> Outcome {
    let Ok(pk) = ed25519::PublicKey::from_bytes(public) else { return Outcome::KeyRefused };
    match ed25519::verify(&pk, msg, sig, ed25519::Variant::Pure) {
        Ok(()) => Outcome::Verified,
        Err(e) => {
            assert_eq!(e, Error::InvalidKey, "ed25519::verify error kind");
            Outcome::Rejected
        }
    }
}

fn verifier(file: SigFile) -> VerifyFn {
    match file.curve() {
        Some(Curve::P256) => ecdsa!(p256),
        Some(Curve::P384) => ecdsa!(p384),
        Some(Curve::P521) => ecdsa!(p521),
        None => ed25519_verify,
    }
}

fn backend(file: SigFile) -> &'static str {
    match file.curve() {
        Some(Curve::P256) => p256::backend_name(),
        Some(Curve::P384) => p384::backend_name(),
        Some(Curve::P521) => p521::backend_name(),
        None => ed25519::backend_name(),
    }
}

/// The crate's algorithm for the file's digest (SHA-512 for Ed25519, unused there).
fn algorithm(file: SigFile) -> Algorithm {
    let name = file.digest().map_or("SHA-512", |h| h.name());
    Algorithm::ALL.into_iter().find(|a| a.name() == name).expect("every Wycheproof digest exists in the crate")
}

/// Runs `files`; returns the wrong verdicts (labels) after checking that every case was counted.
fn run(files: &[SigFile]) -> Vec<String> {
    let mut wrong = Vec::new();
    for &file in files {
        let groups: Vec<SigGroup> = wycheproof_sig::load(file).unwrap();
        let (verify, alg) = (verifier(file), algorithm(file));
        let (mut valid, mut acceptable) = (0usize, BTreeMap::<Outcome, usize>::new());
        let mut refused = BTreeMap::<Outcome, usize>::new();
        let (mut n, mut valid_wrong, mut invalid_wrong) = (0usize, 0usize, 0usize);
        for g in &groups {
            for c in &g.cases {
                n += 1;
                match (c.result, verify(&g.public, &c.msg, &c.sig, alg)) {
                    (Expect::Valid, Outcome::Verified) => valid += 1,
                    (Expect::Valid, o) => {
                        valid_wrong += 1;
                        wrong.push(format!("{}: valid signature not verified: {o:?}", c.label()));
                    }
                    (Expect::Invalid, Outcome::Verified) => {
                        invalid_wrong += 1;
                        wrong.push(format!("{}: invalid signature verified", c.label()));
                    }
                    (Expect::Invalid, o) => *refused.entry(o).or_default() += 1,
                    (Expect::Acceptable, o) => *acceptable.entry(o).or_default() += 1,
                }
            }
        }
        let count = |r| groups.iter().flat_map(|g| &g.cases).filter(|c| c.result == r).count();
        // Nothing skipped: every case ended in a tally.
        assert_eq!(valid + valid_wrong, count(Expect::Valid), "{}", file.label());
        assert_eq!(refused.values().sum::<usize>() + invalid_wrong, count(Expect::Invalid), "{}", file.label());
        assert_eq!(acceptable.values().sum::<usize>(), count(Expect::Acceptable), "{}", file.label());
        assert!(valid >= 88 && n >= 151, "{}: only {valid} valid of {n}", file.label());
        println!(
            "Wycheproof {} on {}: {n} cases: {valid} valid verified, invalid refused {refused:?}, acceptable \
             {acceptable:?}, wrong: {valid_wrong} valid refused + {invalid_wrong} invalid verified",
            file.label(),
            backend(file)
        );
    }
    wrong
}

fn check(files: &[SigFile]) {
    let wrong = run(files);
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn ecdsa_p256_wycheproof() {
    check(&[SigFile::EcdsaP256Sha256, SigFile::EcdsaP256Sha512, SigFile::EcdsaP256Sha3_256]);
}

#[test]
fn ecdsa_p384_wycheproof() {
    check(&[SigFile::EcdsaP384Sha384, SigFile::EcdsaP384Sha3_384]);
}

#[test]
fn ecdsa_p521_wycheproof() {
    check(&[SigFile::EcdsaP521Sha512]);
}

#[test]
fn ed25519_wycheproof() {
    check(&[SigFile::Ed25519]);
}
