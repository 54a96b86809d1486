//! Project Wycheproof ECDH vectors (P-256, P-384, P-521; raw SEC 1 peer points) through the built module with
//! real OpenSSL EVP calls: our key from the private scalar (`EVP_PKEY_fromdata`, public key computed by the
//! module), the peer from the `public` octets (`EVP_PKEY_fromdata`, `pub` + `group`), then
//! `EVP_PKEY_derive_set_peer_ex` (with EVP's peer check) and `EVP_PKEY_derive`, all with `provider=ferrofips`.
//!
//! * `valid`: every step succeeds and the secret equals `shared`.
//! * `invalid`: some step fails with an entry on OpenSSL's error stack, and no secret comes out. (All of
//!   Wycheproof's invalid cases here are bad points; OpenSSL's default provider refuses to import them too, so
//!   they cannot be smuggled in as a foreign peer key.)
//! * `acceptable` (compressed points): a success must give `shared`.
//!
//! Afterwards the module must still be operational (status 1, a fresh agreement works). The same run happens
//! in a child process with `FERROFIPS_CPU=portable`.

use std::collections::BTreeMap;
use std::env;

use ferrofips_evp::{ErrorStack, LibCtx, Pkey};
use ferrofips_kat::wycheproof_ecdh::{self, Curve, EcdhCase, Expect};
use ferrofips_tests::ec::{private_key, public_key};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// The step that refused a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// `EVP_PKEY_fromdata` of the peer's point.
    PeerImport,
    /// `EVP_PKEY_fromdata` of our private key.
    PrivateImport,
    /// `EVP_PKEY_derive_set_peer_ex` or `EVP_PKEY_derive`.
    Derive,
}

/// Outcome counts of one curve.
#[derive(Debug, Default)]
struct Tally {
    valid_matched: usize,
    /// Valid cases whose private key, printed longer or shorter than the field, was also imported as printed.
    valid_raw_private: usize,
    invalid_refused: BTreeMap<Stage, usize>,
    acceptable_matched: usize,
    acceptable_refused: usize,
}

/// A failure must carry a real entry (not one synthesised by the wrapper) on OpenSSL's error stack; taking the
/// stack has emptied the thread's queue.
fn refused(c: &EcdhCase, stage: Stage, e: ErrorStack) -> Stage {
    assert!(e.errors.iter().any(|x| x.code != 0), "{}: refused at {stage:?} without an OpenSSL error: {e}", c.label());
    stage
}

/// Runs one case: the secret, or the step that refused it.
fn derive(ctx: &LibCtx, c: &EcdhCase) -> Result<Vec<u8>, Stage> {
    let group = c.curve.nist_name();
    let peer = public_key(ctx, Some(PROPQ), group, &c.public).map_err(|e| refused(c, Stage::PeerImport, e))?;
    // A key too long for the curve is passed as it is: the module must refuse it (it is >= n).
    let d = c.private_fixed().unwrap_or_else(|| c.private.clone());
    let ours = private_key(ctx, Some(PROPQ), group, &d).map_err(|e| refused(c, Stage::PrivateImport, e))?;
    ours.derive(ctx, &peer, Some(PROPQ), false, None, None).map_err(|e| refused(c, Stage::Derive, e))
}

/// The module is still operational: status 1, a fresh key pair agrees both ways, and a known answer still holds.
fn still_operational(ctx: &LibCtx, curve: Curve, known: &EcdhCase) -> TestResult {
    let status = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.int_param("status")?;
    assert_eq!(status, Some(1), "{curve:?}: module not operational after the vectors");
    let a = Pkey::generate_ec(ctx, curve.nist_name(), Some(PROPQ))?;
    let b = Pkey::generate_ec(ctx, curve.nist_name(), Some(PROPQ))?;
    let z = a.derive(ctx, &b, Some(PROPQ), false, None, None)?;
    assert_eq!(z.len(), curve.scalar_len());
    assert_eq!(z, b.derive(ctx, &a, Some(PROPQ), false, None, None)?);
    assert_eq!(derive(ctx, known).ok(), Some(known.shared.clone()), "{}", known.label());
    Ok(())
}

fn run(ctx: &LibCtx, curve: Curve, min_cases: usize) -> Result<Tally, Box<dyn std::error::Error>> {
    let cases = wycheproof_ecdh::load(curve)?;
    assert!(cases.len() >= min_cases, "{curve:?}: only {} cases", cases.len());
    let mut t = Tally::default();
    for c in &cases {
        let got = derive(ctx, c);
        ErrorStack::clear();
        match (c.result, got) {
            (Expect::Valid, Ok(z)) => {
                assert_eq!(hex::encode(&z), hex::encode(&c.shared), "{}: wrong shared secret", c.label());
                t.valid_matched += 1;
                if c.private.len() != curve.scalar_len() {
                    // The key as printed (a leading zero byte, or shorter than the field) is the same integer as an
                    // OSSL_PARAM: same key, same secret.
                    let peer = public_key(ctx, Some(PROPQ), curve.nist_name(), &c.public)?;
                    let ours = private_key(ctx, Some(PROPQ), curve.nist_name(), &c.private)?;
                    assert_eq!(ours.derive(ctx, &peer, Some(PROPQ), false, None, None)?, z, "{}", c.label());
                    t.valid_raw_private += 1;
                }
            }
            (Expect::Valid, Err(stage)) => panic!("{}: valid case refused at {stage:?}", c.label()),
            (Expect::Invalid, Ok(z)) => panic!("{}: invalid case produced a secret {}", c.label(), hex::encode(z)),
            (Expect::Invalid, Err(stage)) => *t.invalid_refused.entry(stage).or_default() += 1,
            (Expect::Acceptable, Ok(z)) => {
                assert_eq!(hex::encode(&z), hex::encode(&c.shared), "{}: wrong shared secret", c.label());
                t.acceptable_matched += 1;
            }
            (Expect::Acceptable, Err(_)) => t.acceptable_refused += 1,
        }
    }
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    // Nothing skipped: every case ended in one of the tallies, every valid one with the right secret.
    assert_eq!(t.valid_matched, count(Expect::Valid), "{curve:?}");
    assert_eq!(t.invalid_refused.values().sum::<usize>(), count(Expect::Invalid), "{curve:?}");
    assert_eq!(t.acceptable_matched + t.acceptable_refused, count(Expect::Acceptable), "{curve:?}");
    let known = cases.iter().find(|c| c.result == Expect::Valid).ok_or("no valid case")?;
    still_operational(ctx, curve, known)?;
    println!("Wycheproof ECDH {} through the module: {} cases, {t:?}", curve.nist_name(), cases.len());
    Ok(t)
}

fn run_one(curve: Curve, min_cases: usize, min_valid: usize) -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    child::check_portable_backends(&ctx)?;
    let t = run(&ctx, curve, min_cases)?;
    assert!(t.valid_matched >= min_valid, "{curve:?}: {t:?}");
    Ok(())
}

#[test]
fn p256_wycheproof_ecdh() -> TestResult {
    run_one(Curve::P256, 355, 330)
}

#[test]
fn p384_wycheproof_ecdh() -> TestResult {
    run_one(Curve::P384, 790, 771)
}

#[test]
fn p521_wycheproof_ecdh() -> TestResult {
    run_one(Curve::P521, 661, 632)
}

#[test]
fn all_curves_portable_backends() -> TestResult {
    const NAME: &str = "all_curves_portable_backends";
    if !child::is_child(NAME) {
        let out = child::run_in_child(NAME, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("backends: all soft (portable)"), "the child did not run on the portable backend");
        return Ok(());
    }
    assert_eq!(env::var("FERROFIPS_CPU").as_deref(), Ok("portable"));
    for (curve, n, valid) in [(Curve::P256, 355, 330), (Curve::P384, 790, 771), (Curve::P521, 661, 632)] {
        run_one(curve, n, valid)?;
    }
    Ok(())
}
