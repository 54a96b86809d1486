//! Project Wycheproof signature verification (ECDSA P-256/P-384/P-521 with DER signatures and SHA-2/SHA-3
//! digests; Ed25519) through the built module with real OpenSSL EVP calls, all with `provider=ferrofips`: each
//! group's public key is imported with `EVP_PKEY_fromdata` (EC: `group` + `pub` octets; Ed25519: the raw `pub`
//! octets), then every (message, signature) goes through `EVP_DigestVerifyInit_ex` (the file's digest for ECDSA,
//! none for Ed25519) and one-shot `EVP_DigestVerify`.
//!
//! * `valid`: the key imports and verification returns 1.
//! * `invalid`: never 1: verification returns 0, or fails with an entry on OpenSSL's error stack (so does a
//!   refused key import). The queue is cleared after every case.
//! * `acceptable`: either; counted (none of these files has one).
//!
//! Every case ends in a tally and the tallies must add up to the file's counts, so nothing passes by being
//! skipped. The same cases also run through the system's default provider, and any case where it disagrees with
//! the module is printed (information only: the module answers to Wycheproof's verdicts). Afterwards the module
//! must still be operational (status 1, a fresh sign + verify round trip, a known answer). The whole run happens
//! again in a child process with `FERROFIPS_CPU=portable`.

use std::collections::BTreeMap;
use std::env;

use ferrofips_evp::{ErrorStack, KeySelection, LibCtx, Params, Pkey, system_default};
use ferrofips_kat::wycheproof_sig::{self, Expect, SigCase, SigFile, SigGroup};
use ferrofips_tests::ec::public_key;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// What became of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// `EVP_DigestVerify` returned 1.
    Verified,
    /// `EVP_DigestVerify` returned 0.
    Rejected,
    /// `EVP_DigestVerifyInit_ex` or `EVP_DigestVerify` failed with an error on the stack.
    VerifyError,
    /// The group's public key was refused by `EVP_PKEY_fromdata`.
    KeyRefused,
}

/// Outcome counts of one file.
#[derive(Debug, Default)]
struct Tally {
    valid_verified: usize,
    invalid_refused: BTreeMap<Outcome, usize>,
    acceptable: BTreeMap<Outcome, usize>,
    /// Valid cases that did not verify (labels and outcomes): wrong verdicts.
    valid_refused: Vec<String>,
    /// Invalid cases that verified (labels): wrong verdicts.
    invalid_verified: Vec<String>,
    /// Cases where the system's default provider gave a different verdict (verified or not) than the module.
    system_disagrees: usize,
}

/// The group's public key, imported into `ctx` (`propq` selects the provider).
fn import<'a>(ctx: &'a LibCtx, propq: Option<&str>, g: &SigGroup) -> Result<Pkey<'a>, ErrorStack> {
    match g.file.curve() {
        Some(curve) => public_key(ctx, propq, curve.nist_name(), &g.public),
        None => {
            let mut p = Params::new();
            p.octets("pub", &g.public);
            Pkey::fromdata(ctx, "ED25519", propq, KeySelection::PublicKey, &p)
        }
    }
}

/// A failure must carry a real entry (not one synthesised by the wrapper) on OpenSSL's error stack.
fn with_error(c: &SigCase, outcome: Outcome, e: &ErrorStack) -> Outcome {
    assert!(e.errors.iter().any(|x| x.code != 0), "{}: {outcome:?} without an OpenSSL error: {e}", c.label());
    outcome
}

/// Verifies one case through the module with `key` (`Err`: the group's key import failed with that error).
fn verify(ctx: &LibCtx, key: Result<&Pkey<'_>, &ErrorStack>, c: &SigCase) -> Outcome {
    let key = match key {
        Ok(k) => k,
        Err(e) => return with_error(c, Outcome::KeyRefused, e),
    };
    let md = c.file.digest().map(|h| h.name());
    let outcome = match key.digest_verify(ctx, md, &c.msg, &c.sig, Some(PROPQ)) {
        Ok(true) => Outcome::Verified,
        Ok(false) => Outcome::Rejected,
        Err(e) => with_error(c, Outcome::VerifyError, &e),
    };
    ErrorStack::clear();
    outcome
}

/// The system's default provider's verdict on a case (no error checks: it is only compared with the module's).
fn system_verifies(sys: &LibCtx, key: Result<&Pkey<'_>, &ErrorStack>, c: &SigCase) -> bool {
    let md = c.file.digest().map(|h| h.name());
    let ok = key.is_ok_and(|k| k.digest_verify(sys, md, &c.msg, &c.sig, None).unwrap_or(false));
    ErrorStack::clear();
    ok
}

/// The module is still operational: status 1, a fresh key signs and verifies (and a changed message does not),
/// and a known valid case still verifies while its signature with one bit flipped does not.
fn still_operational(ctx: &LibCtx, file: SigFile, group: &SigGroup, known: &SigCase) -> TestResult {
    let status = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.int_param("status")?;
    assert_eq!(status, Some(1), "{}: module not operational after the vectors", file.label());
    let md = file.digest().map(|h| h.name());
    let fresh = match file.curve() {
        Some(curve) => Pkey::generate_ec(ctx, curve.nist_name(), Some(PROPQ))?,
        None => Pkey::generate(ctx, "ED25519", Some(PROPQ), &Params::new(), false)?,
    };
    let msg = b"Wycheproof round trip";
    let sig = fresh.digest_sign(ctx, md, msg, Some(PROPQ))?;
    assert!(fresh.digest_verify(ctx, md, msg, &sig, Some(PROPQ))?, "{}: fresh signature refused", file.label());
    assert!(!fresh.digest_verify(ctx, md, b"another message", &sig, Some(PROPQ))?, "{}", file.label());
    let key = import(ctx, Some(PROPQ), group)?;
    assert!(key.digest_verify(ctx, md, &known.msg, &known.sig, Some(PROPQ))?, "{}", known.label());
    let mut flipped = known.sig.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_ne!(verify(ctx, Ok(&key), &SigCase { sig: flipped, ..known.clone() }), Outcome::Verified);
    Ok(())
}

fn run(ctx: &LibCtx, sys: &LibCtx, file: SigFile) -> Result<Tally, Box<dyn std::error::Error>> {
    let groups = wycheproof_sig::load(file)?;
    let mut t = Tally::default();
    let mut n = 0;
    for g in &groups {
        let key = import(ctx, Some(PROPQ), g);
        ErrorStack::clear();
        let sys_key = import(sys, None, g);
        ErrorStack::clear();
        for c in &g.cases {
            n += 1;
            let got = verify(ctx, key.as_ref(), c);
            let theirs = system_verifies(sys, sys_key.as_ref(), c);
            if (got == Outcome::Verified) != theirs {
                println!(
                    "{}: module {got:?}, system OpenSSL verified={theirs} (Wycheproof: {:?})",
                    c.label(),
                    c.result
                );
                t.system_disagrees += 1;
            }
            match (c.result, got) {
                (Expect::Valid, Outcome::Verified) => t.valid_verified += 1,
                (Expect::Valid, other) => {
                    t.valid_refused.push(format!("{}: valid signature not verified: {other:?}", c.label()))
                }
                (Expect::Invalid, Outcome::Verified) => {
                    t.invalid_verified.push(format!("{}: invalid signature verified", c.label()))
                }
                (Expect::Invalid, other) => *t.invalid_refused.entry(other).or_default() += 1,
                (Expect::Acceptable, other) => *t.acceptable.entry(other).or_default() += 1,
            }
        }
    }
    let cases: Vec<&SigCase> = groups.iter().flat_map(|g| &g.cases).collect();
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    // Nothing skipped: every case ended in one of the tallies (`run_files` requires the wrong ones empty).
    assert_eq!(n, cases.len());
    let refused: usize = t.invalid_refused.values().sum();
    assert_eq!(t.valid_verified + t.valid_refused.len(), count(Expect::Valid), "{}", file.label());
    assert_eq!(refused + t.invalid_verified.len(), count(Expect::Invalid), "{}", file.label());
    assert_eq!(t.acceptable.values().sum::<usize>(), count(Expect::Acceptable), "{}", file.label());
    let (group, known) = groups
        .iter()
        .find_map(|g| g.cases.iter().find(|c| c.result == Expect::Valid).map(|c| (g, c)))
        .ok_or("no valid case")?;
    still_operational(ctx, file, group, known)?;
    println!(
        "Wycheproof {} through the module: {} groups, {n} cases: {} valid verified, invalid refused {:?}, \
         acceptable {:?}, wrong: {} valid refused + {} invalid verified, system OpenSSL disagrees on {}",
        file.label(),
        groups.len(),
        t.valid_verified,
        t.invalid_refused,
        t.acceptable,
        t.valid_refused.len(),
        t.invalid_verified.len(),
        t.system_disagrees
    );
    Ok(t)
}

/// Runs `files` and requires every verdict right; the minimum counts guard against a file that silently shrank.
fn run_files(files: &[SigFile]) -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    child::check_portable_backends(&ctx)?;
    let tallies = files.iter().map(|&f| run(&ctx, &sys, f)).collect::<Result<Vec<Tally>, _>>()?;
    // Every valid case verified and every invalid one was refused, in every file.
    let wrong: Vec<&String> = tallies.iter().flat_map(|t| t.valid_refused.iter().chain(&t.invalid_verified)).collect();
    assert!(
        wrong.is_empty(),
        "{} wrong verdicts:\n{}",
        wrong.len(),
        wrong.iter().map(|w| w.as_str()).collect::<Vec<_>>().join("\n")
    );
    for (file, t) in files.iter().zip(&tallies) {
        let min_valid = if *file == SigFile::Ed25519 { 88 } else { 170 };
        assert!(t.valid_verified >= min_valid, "{}: {t:?}", file.label());
        assert!(t.invalid_refused.values().sum::<usize>() >= 63, "{}: {t:?}", file.label());
    }
    Ok(())
}

#[test]
fn ecdsa_p256_wycheproof() -> TestResult {
    run_files(&[SigFile::EcdsaP256Sha256, SigFile::EcdsaP256Sha512, SigFile::EcdsaP256Sha3_256])
}

#[test]
fn ecdsa_p384_wycheproof() -> TestResult {
    run_files(&[SigFile::EcdsaP384Sha384, SigFile::EcdsaP384Sha3_384])
}

#[test]
fn ecdsa_p521_wycheproof() -> TestResult {
    run_files(&[SigFile::EcdsaP521Sha512])
}

#[test]
fn ed25519_wycheproof() -> TestResult {
    run_files(&[SigFile::Ed25519])
}

#[test]
fn all_files_portable_backends() -> TestResult {
    const NAME: &str = "all_files_portable_backends";
    if !child::is_child(NAME) {
        let out = child::run_in_child(NAME, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("backends: all soft (portable)"), "the child did not run on the portable backends");
        return Ok(());
    }
    assert_eq!(env::var("FERROFIPS_CPU").as_deref(), Ok("portable"));
    run_files(&SigFile::ALL)
}
