//! Project Wycheproof HKDF (SHA-1/256/384/512) and HMAC (SHA-1, SHA-2, SHA-3) vectors through the built module
//! with real OpenSSL EVP calls, all with `provider=ferrofips`:
//!
//! * HKDF: `EVP_KDF` "HKDF" with `digest`, `key` (ikm), `salt`, `info` (both passed even when empty) and an
//!   output of `size` bytes. `valid`: the output equals `okm`; `invalid` (`SizeTooLarge`, more than
//!   `255 * HashLen` bytes): `EVP_KDF_derive` fails with an entry on OpenSSL's error stack.
//! * HMAC: `EVP_MAC` "HMAC" with `digest` and `key`; the full tag, truncated to the group's `tagSize`, is compared
//!   with `tag`. `valid`: equal; `invalid` (modified tags, the SHA-512 tag offered for SHA-512/t): different.
//!
//! A `valid` case the module refuses is run against OpenSSL's default provider in a second library context: if
//! that refuses it too it is listed as "refused by both" (decided at run time); otherwise it is a failure. In
//! strict mode (`FERROFIPS_FORCE_FIPS=1` or kernel FIPS mode) keys under 112 bits may be refused and are counted
//! apart. Afterwards the module must still be operational. The whole run repeats in a child process with
//! `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{ErrorStack, Kdf, LibCtx, Mac, Params, system_default};
use ferrofips_kat::HashAlg;
use ferrofips_kat::wycheproof_mac_kdf::{self, Expect, HKDF_HASHES, HMAC_HASHES, HkdfCase, HmacCase};
use ferrofips_tests::digests::by_nist;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// One provider to run a case through: a library context and the property query selecting it.
#[derive(Clone, Copy)]
struct Prov<'a> {
    ctx: &'a LibCtx,
    propq: Option<&'a str>,
}

/// OpenSSL's name for a digest (`SHA2-256`, ...).
fn md_name(h: HashAlg) -> Result<&'static str, String> {
    Ok(by_nist(h.name()).ok_or(format!("{} has no OpenSSL name", h.name()))?.name)
}

/// A refusal must carry a real entry on OpenSSL's error stack; the stack is empty afterwards.
fn real_error(e: &ErrorStack) -> bool {
    let real = e.errors.iter().any(|x| x.code != 0);
    ErrorStack::clear();
    real
}

fn hkdf(p: Prov<'_>, c: &HkdfCase) -> Result<Vec<u8>, ErrorStack> {
    let kdf = Kdf::fetch(p.ctx, "HKDF", p.propq)?;
    let mut params = Params::new();
    params.utf8("digest", md_name(c.hash).map_err(|e| ErrorStack::synthetic(&e))?);
    params.octets("key", &c.ikm).octets("salt", &c.salt).octets("info", &c.info);
    kdf.derive(c.size, &params)
}

fn hmac(p: Prov<'_>, c: &HmacCase) -> Result<Vec<u8>, ErrorStack> {
    let mac = Mac::fetch(p.ctx, "HMAC", p.propq)?;
    mac.mac(md_name(c.hash).map_err(|e| ErrorStack::synthetic(&e))?, &c.key, &c.msg)
}

/// Outcome counts of one file.
#[derive(Debug, Default)]
struct Tally {
    valid_matched: usize,
    /// Valid cases refused by the module and by OpenSSL's default provider (tcIds).
    refused_by_both: Vec<u64>,
    /// Valid cases with a key under 112 bits refused in strict mode (tcIds).
    refused_strict_short_key: Vec<u64>,
    invalid_refused: usize,
}

impl Tally {
    fn valid(&self) -> usize {
        self.valid_matched + self.refused_by_both.len() + self.refused_strict_short_key.len()
    }
}

/// A valid case the module refused: explained (default provider refuses too, or a strict-mode short key), or a
/// bug.
fn refused_valid(
    t: &mut Tally,
    bugs: &mut Vec<String>,
    label: String,
    tc_id: u64,
    key_len: usize,
    theirs: Result<Vec<u8>, ErrorStack>,
) {
    if ferrofips_selftest::mode::strict() && key_len * 8 < 112 {
        t.refused_strict_short_key.push(tc_id);
        return;
    }
    match theirs {
        Err(e) => {
            real_error(&e);
            t.refused_by_both.push(tc_id);
        }
        Ok(v) => {
            bugs.push(format!("{label}: valid case refused by ferrofips; default provider gives {}", hex::encode(v)))
        }
    }
}

fn run_hkdf(ours: Prov<'_>, theirs: Prov<'_>, h: HashAlg) -> Result<Tally, Box<dyn std::error::Error>> {
    let cases = wycheproof_mac_kdf::load_hkdf(h)?;
    let (mut t, mut bugs) = (Tally::default(), Vec::new());
    for c in &cases {
        match (c.result, hkdf(ours, c)) {
            (_, Err(e)) if !real_error(&e) => {
                bugs.push(format!("{}: refused without an OpenSSL error: {e}", c.label()))
            }
            (Expect::Invalid, Err(_)) => t.invalid_refused += 1,
            (Expect::Invalid | Expect::Acceptable, Ok(v)) => {
                bugs.push(format!("{}: {} bytes derived: {}", c.label(), c.size, hex::encode(v)));
            }
            (_, Ok(v)) if v != c.okm => {
                bugs.push(format!("{}: wrong okm: want {} got {}", c.label(), hex::encode(&c.okm), hex::encode(v)));
            }
            (_, Ok(_)) => t.valid_matched += 1,
            (_, Err(_)) => refused_valid(&mut t, &mut bugs, c.label(), c.tc_id, c.ikm.len(), hkdf(theirs, c)),
        }
    }
    assert!(bugs.is_empty(), "HKDF-{}: {} cases contradict the vectors:\n{}", h.name(), bugs.len(), bugs.join("\n"));
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    assert_eq!(t.valid(), count(Expect::Valid), "{h:?}");
    assert_eq!(t.invalid_refused, count(Expect::Invalid), "{h:?}");
    assert_eq!(count(Expect::Acceptable), 0, "{h:?}: acceptable cases need their own rule");
    println!("Wycheproof HKDF-{} through the module: {} cases, {t:?}", h.name(), cases.len());
    Ok(t)
}

fn run_hmac(ours: Prov<'_>, theirs: Prov<'_>, h: HashAlg) -> Result<Tally, Box<dyn std::error::Error>> {
    let cases = wycheproof_mac_kdf::load_hmac(h)?;
    let (mut t, mut bugs) = (Tally::default(), Vec::new());
    let md = by_nist(h.name()).ok_or("unknown digest")?;
    for c in &cases {
        let tag = match hmac(ours, c) {
            Ok(tag) => tag,
            Err(e) if !real_error(&e) => {
                bugs.push(format!("{}: refused without an OpenSSL error: {e}", c.label()));
                continue;
            }
            Err(_) if c.result == Expect::Valid => {
                refused_valid(&mut t, &mut bugs, c.label(), c.tc_id, c.key.len(), hmac(theirs, c));
                continue;
            }
            Err(_) => {
                bugs.push(format!("{}: refused (a MAC must be computed to compare)", c.label()));
                continue;
            }
        };
        let Some(truncated) = tag.get(..c.tag.len()) else {
            bugs.push(format!("{}: MAC of {} bytes ({})", c.label(), tag.len(), md.name));
            continue;
        };
        match (c.result, truncated == c.tag.as_slice()) {
            (Expect::Valid, true) => t.valid_matched += 1,
            (Expect::Invalid, false) => t.invalid_refused += 1,
            (Expect::Invalid, true) => bugs.push(format!("{}: the modified tag matches", c.label())),
            (_, _) => bugs.push(format!(
                "{}: wrong tag: want {} got {}",
                c.label(),
                hex::encode(&c.tag),
                hex::encode(truncated)
            )),
        }
    }
    assert!(bugs.is_empty(), "HMAC-{}: {} cases contradict the vectors:\n{}", h.name(), bugs.len(), bugs.join("\n"));
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    assert_eq!(t.valid(), count(Expect::Valid), "{h:?}");
    assert_eq!(t.invalid_refused, count(Expect::Invalid), "{h:?}");
    assert_eq!(count(Expect::Acceptable), 0, "{h:?}: acceptable cases need their own rule");
    println!("Wycheproof HMAC-{} through the module: {} cases, {t:?}", h.name(), cases.len());
    Ok(t)
}

/// The module is still operational: status 1 and the first HKDF-SHA-256 and HMAC-SHA-256 cases still hold.
fn still_operational(ctx: &LibCtx) -> TestResult {
    let status = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.int_param("status")?;
    assert_eq!(status, Some(1), "module not operational after the vectors");
    let p = Prov { ctx, propq: Some(PROPQ) };
    let k = &wycheproof_mac_kdf::load_hkdf(HashAlg::Sha256)?[0];
    assert_eq!(hkdf(p, k)?, k.okm, "{}", k.label());
    let m = &wycheproof_mac_kdf::load_hmac(HashAlg::Sha256)?[0];
    assert_eq!(hmac(p, m)?.get(..m.tag.len()), Some(m.tag.as_slice()), "{}", m.label());
    Ok(())
}

/// Runs the HKDF files for `hkdf_hashes` and the HMAC files for `hmac_hashes`.
fn run_files(hkdf_hashes: &[HashAlg], hmac_hashes: &[HashAlg]) -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    child::check_portable_backends(&ctx)?;
    let (ours, theirs) = (Prov { ctx: &ctx, propq: Some(PROPQ) }, Prov { ctx: &sys, propq: None });
    let hkdf = hkdf_hashes.iter().map(|&h| (format!("HKDF-{}", h.name()), run_hkdf(ours, theirs, h)));
    let hmac = hmac_hashes.iter().map(|&h| (format!("HMAC-{}", h.name()), run_hmac(ours, theirs, h)));
    for (what, t) in hkdf.chain(hmac) {
        let t = t?;
        if !t.refused_by_both.is_empty() || !t.refused_strict_short_key.is_empty() {
            println!("{what}: valid cases refused (by both providers / strict short key): {t:?}");
        }
        // Most valid cases must run (the refused lists are a small exception, never the rule).
        assert!(t.valid_matched > 0 && t.valid() - t.valid_matched < t.valid_matched, "{what}: {t:?}");
    }
    still_operational(&ctx)
}

#[test]
fn wycheproof_hkdf() -> TestResult {
    run_files(&HKDF_HASHES, &[])
}

#[test]
fn wycheproof_hmac_sha1_sha2() -> TestResult {
    run_files(&[], &HMAC_HASHES[..7])
}

#[test]
fn wycheproof_hmac_sha3() -> TestResult {
    run_files(&[], &HMAC_HASHES[7..])
}

#[test]
fn wycheproof_mac_kdf_portable_backends() -> TestResult {
    const NAME: &str = "wycheproof_mac_kdf_portable_backends";
    if !child::is_child(NAME) {
        let out = child::run_in_child(NAME, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("backends: all soft (portable)"), "the child did not run on the portable backends");
        return Ok(());
    }
    assert_eq!(env::var("FERROFIPS_CPU").as_deref(), Ok("portable"));
    run_files(&HKDF_HASHES, &HMAC_HASHES)
}
