//! Project Wycheproof symmetric vectors (AES-GCM, -CCM, -CBC-PKCS5, -KW, -KWP, -CMAC, -XTS, -GMAC) through the
//! built module with real OpenSSL EVP calls (`EVP_Cipher*`, `EVP_MAC_*`, all with `provider=ferrofips`).
//!
//! * AEAD (GCM, CCM): `valid` cases encrypt to `ct || tag` and decrypt to `msg`; `invalid` ones must fail to
//!   decrypt (and, when the parameters themselves are forbidden, e.g. an empty GCM IV or a CCM nonce or tag size
//!   outside SP 800-38C, must fail to encrypt too).
//! * CBC-PKCS5: `valid` encrypts to `ct` and decrypts to `msg`; `invalid` (bad or missing padding) fails to decrypt.
//! * KW / KWP: `valid` wraps to `ct` and unwraps to `msg`; `invalid` fails to unwrap and, when `msg` has a length
//!   the mode cannot wrap, fails to wrap; `acceptable` (KW of 8 bytes) may fail, a success must agree.
//! * CMAC / GMAC: `valid` gives `tag`; `invalid` gives a different tag (modified tags) or refuses the key size.
//! * XTS: `valid` encrypts and decrypts (the tweak is `iv` padded with zeros to 16 bytes).
//!
//! Every refusal must leave a real entry on OpenSSL's error stack (cleared afterwards). The one exception: an
//! empty input to a key-wrap cipher, which EVP itself turns into a no-op without calling the provider (counted
//! apart, and it must produce nothing). A `valid` case the module refuses is run against OpenSSL's own default
//! provider in a second library context: if that refuses it too it is listed as "refused by both" (decided at
//! run time, never hard-coded); otherwise it is a failure. Afterwards the module must still be operational. The
//! whole run repeats in a child process with `FERROFIPS_CPU=portable`.

use std::collections::BTreeMap;
use std::env;

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, LibCtx, Mac, MacCtx, Params, system_default};
use ferrofips_kat::wycheproof_sym::{self, Expect, SymCase, SymFile};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// One provider to run a case through: a library context and the property query selecting it.
#[derive(Clone, Copy)]
struct Prov<'a> {
    ctx: &'a LibCtx,
    propq: Option<&'a str>,
}

/// An operation that produced nothing: where, and OpenSSL's error stack.
#[derive(Debug)]
struct Refusal {
    stage: &'static str,
    err: ErrorStack,
}

fn at(stage: &'static str) -> impl FnOnce(ErrorStack) -> Refusal {
    move |err| Refusal { stage, err }
}

/// How a case ended when nothing contradicted the vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Every operation ran and agreed with the vector.
    Matched,
    /// An operation was refused (with an OpenSSL error) at this stage.
    Refused(&'static str),
}

/// A refusal as an outcome: it must carry a real OpenSSL error (not only one synthesised by the EVP wrapper).
fn refused(c: &SymCase, r: Refusal) -> Result<Outcome, String> {
    if r.err.errors.iter().any(|e| e.code != 0) {
        Ok(Outcome::Refused(r.stage))
    } else {
        Err(format!("{}: refused at {} without an OpenSSL error: {}", c.label(), r.stage, r.err))
    }
}

fn same(c: &SymCase, what: &str, want: &[u8], got: &[u8]) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!("{}: wrong {what}: want {} got {}", c.label(), hex::encode(want), hex::encode(got)))
    }
}

fn bits(c: &SymCase) -> usize {
    c.key.len() * 8
}

fn cipher_name(c: &SymCase) -> String {
    match c.file {
        SymFile::AesGcm => format!("AES-{}-GCM", bits(c)),
        SymFile::AesCcm => format!("AES-{}-CCM", bits(c)),
        SymFile::AesCbcPkcs5 => format!("AES-{}-CBC", bits(c)),
        SymFile::AesKw => format!("AES-{}-WRAP", bits(c)),
        SymFile::AesKwp => format!("AES-{}-WRAP-PAD", bits(c)),
        SymFile::AesXts => format!("AES-{}-XTS", bits(c) / 2),
        SymFile::AesCmac | SymFile::AesGmac => String::new(),
    }
}

fn fetch<'a>(p: Prov<'a>, c: &SymCase) -> Result<Cipher<'a>, Refusal> {
    Cipher::fetch(p.ctx, &cipher_name(c), p.propq).map_err(at("fetch"))
}

/// Update then final; the concatenated output.
fn update_final(x: &mut CipherCtx<'_>, input: &[u8], stage: &'static str) -> Result<Vec<u8>, Refusal> {
    let mut out = x.update(input).map_err(at(stage))?;
    out.extend(x.finish().map_err(at("final"))?);
    Ok(out)
}

/// AEAD encryption: (ciphertext, tag of the vector's length).
fn aead_encrypt(p: Prov<'_>, c: &SymCase) -> Result<(Vec<u8>, Vec<u8>), Refusal> {
    let cipher = fetch(p, c)?;
    let mut x = CipherCtx::new(&cipher, true).map_err(at("init"))?;
    x.set_iv_length(c.iv.len()).map_err(at("iv length"))?;
    let ccm = c.file == SymFile::AesCcm;
    if ccm {
        x.set_tag_length(c.tag.len()).map_err(at("tag length"))?;
    }
    x.init(Some(&c.key), Some(&c.iv)).map_err(at("key/iv"))?;
    if ccm {
        x.declare_length(c.msg.len()).map_err(at("length"))?;
    }
    x.update_aad(&c.aad).map_err(at("aad"))?;
    let ct = update_final(&mut x, &c.msg, "update")?;
    let tag = x.get_tag(c.tag.len()).map_err(at("get tag"))?;
    Ok((ct, tag))
}

/// AEAD decryption with the vector's tag.
fn aead_decrypt(p: Prov<'_>, c: &SymCase) -> Result<Vec<u8>, Refusal> {
    let cipher = fetch(p, c)?;
    let mut x = CipherCtx::new(&cipher, false).map_err(at("init"))?;
    x.set_iv_length(c.iv.len()).map_err(at("iv length"))?;
    let ccm = c.file == SymFile::AesCcm;
    if ccm {
        x.set_tag(&c.tag).map_err(at("set tag"))?;
    }
    x.init(Some(&c.key), Some(&c.iv)).map_err(at("key/iv"))?;
    if ccm {
        x.declare_length(c.ct.len()).map_err(at("length"))?;
    }
    x.update_aad(&c.aad).map_err(at("aad"))?;
    let mut pt = x.update(&c.ct).map_err(at("update"))?;
    if !ccm {
        x.set_tag(&c.tag).map_err(at("set tag"))?;
    }
    pt.extend(x.finish().map_err(at("final"))?);
    Ok(pt)
}

fn aead(p: Prov<'_>, c: &SymCase) -> Result<Outcome, String> {
    if c.result == Expect::Valid {
        let (ct, tag) = match aead_encrypt(p, c) {
            Ok(v) => v,
            Err(r) => return refused(c, r),
        };
        same(c, "ciphertext", &c.ct, &ct)?;
        same(c, "tag", &c.tag, &tag)?;
        let pt = match aead_decrypt(p, c) {
            Ok(v) => v,
            Err(r) => return refused(c, r),
        };
        same(c, "plaintext", &c.msg, &pt)?;
        return Ok(Outcome::Matched);
    }
    // Forbidden parameters (not only a modified tag): encrypting with them must be refused as well.
    if !c.has_flag("ModifiedTag") {
        if let Ok((ct, tag)) = aead_encrypt(p, c) {
            return Err(format!(
                "{}: encrypted with forbidden parameters: {} {}",
                c.label(),
                hex::encode(ct),
                hex::encode(tag)
            ));
        }
        ErrorStack::clear();
    }
    match aead_decrypt(p, c) {
        Ok(pt) => Err(format!("{}: invalid case decrypted to {}", c.label(), hex::encode(pt))),
        Err(r) => refused(c, r),
    }
}

/// CBC or XTS, one direction.
fn block(p: Prov<'_>, c: &SymCase, encrypt: bool) -> Result<Vec<u8>, Refusal> {
    let cipher = fetch(p, c)?;
    let mut x = CipherCtx::new(&cipher, encrypt).map_err(at("init"))?;
    let iv = if c.file == SymFile::AesXts { c.xts_tweak().map(|t| t.to_vec()) } else { Some(c.iv.clone()) };
    let iv = iv.ok_or_else(|| Refusal { stage: "tweak", err: ErrorStack::synthetic("IV longer than a block") })?;
    x.init(Some(&c.key), Some(&iv)).map_err(at("key/iv"))?;
    update_final(&mut x, if encrypt { &c.msg } else { &c.ct }, "update")
}

fn cbc_or_xts(p: Prov<'_>, c: &SymCase) -> Result<Outcome, String> {
    if c.result == Expect::Valid {
        match block(p, c, true) {
            Ok(ct) => same(c, "ciphertext", &c.ct, &ct)?,
            Err(r) => return refused(c, r),
        }
        return match block(p, c, false) {
            Ok(pt) => same(c, "plaintext", &c.msg, &pt).map(|()| Outcome::Matched),
            Err(r) => refused(c, r),
        };
    }
    match block(p, c, false) {
        Ok(pt) => Err(format!("{}: invalid case decrypted to {}", c.label(), hex::encode(pt))),
        Err(r) => refused(c, r),
    }
}

/// Wrap (`encrypt`) or unwrap `input`.
fn wrap(p: Prov<'_>, c: &SymCase, encrypt: bool, input: &[u8]) -> Result<Vec<u8>, Refusal> {
    let cipher = fetch(p, c)?;
    let mut x = CipherCtx::new(&cipher, encrypt).map_err(at("init"))?;
    x.init(Some(&c.key), None).map_err(at("key"))?;
    update_final(&mut x, input, if encrypt { "wrap" } else { "unwrap" })
}

/// Where EVP answers an empty key-wrap input itself (`EVP_CipherUpdate` returns before reaching the provider).
const EMPTY_NOOP: &str = "empty input (EVP no-op)";

fn keywrap(p: Prov<'_>, c: &SymCase) -> Result<Outcome, String> {
    if c.result != Expect::Invalid {
        let ct = match wrap(p, c, true, &c.msg) {
            Ok(ct) => ct,
            Err(r) => return refused(c, r),
        };
        same(c, "wrapping", &c.ct, &ct)?;
        return match wrap(p, c, false, &c.ct) {
            Ok(pt) => same(c, "unwrapped key", &c.msg, &pt).map(|()| Outcome::Matched),
            Err(r) => refused(c, r),
        };
    }
    let n = c.msg.len();
    let wrappable = if c.file == SymFile::AesKwp { n > 0 } else { n >= 16 && n.is_multiple_of(8) };
    let mut outcome = None;
    if !wrappable && n > 0 {
        match wrap(p, c, true, &c.msg) {
            Ok(ct) => return Err(format!("{}: wrapped {n} bytes to {}", c.label(), hex::encode(ct))),
            Err(r) => outcome = Some(refused(c, r)?),
        }
        ErrorStack::clear();
    }
    if !c.ct.is_empty() {
        match wrap(p, c, false, &c.ct) {
            Ok(pt) => return Err(format!("{}: invalid wrapping unwrapped to {}", c.label(), hex::encode(pt))),
            Err(r) => outcome = Some(refused(c, r)?),
        }
    }
    match outcome {
        Some(o) => Ok(o),
        None => {
            // Nothing to wrap or unwrap: EVP must still produce nothing either way.
            let produced = [wrap(p, c, true, &c.msg), wrap(p, c, false, &c.ct)];
            if produced.iter().all(|r| r.as_ref().is_ok_and(Vec::is_empty)) {
                Ok(Outcome::Refused(EMPTY_NOOP))
            } else {
                Err(format!("{}: empty input gave {produced:?}", c.label()))
            }
        }
    }
}

fn mac(p: Prov<'_>, c: &SymCase, cipher: &str) -> Result<Vec<u8>, Refusal> {
    let (name, mut params) = (if c.file == SymFile::AesGmac { "GMAC" } else { "CMAC" }, Params::new());
    params.utf8("cipher", cipher);
    if c.file == SymFile::AesGmac {
        params.octets("iv", &c.iv);
    }
    let m = Mac::fetch(p.ctx, name, p.propq).map_err(at("fetch"))?;
    let mut x = MacCtx::new(&m).map_err(at("init"))?;
    x.init(Some(&c.key), Some(&params)).map_err(at("key"))?;
    x.update(&c.msg).map_err(at("update"))?;
    x.finish().map_err(at("final"))
}

fn mac_case(p: Prov<'_>, c: &SymCase) -> Result<Outcome, String> {
    let mode = if c.file == SymFile::AesGmac { "GCM" } else { "CBC" };
    if c.has_flag("InvalidKeySize") {
        // No AES variant may take this key.
        for k in [128, 192, 256] {
            match mac(p, c, &format!("AES-{k}-{mode}")) {
                Ok(t) => {
                    return Err(format!("{}: AES-{k} MAC with a {}-bit key: {}", c.label(), bits(c), hex::encode(t)));
                }
                Err(r) => refused(c, r)?,
            };
            ErrorStack::clear();
        }
        return Ok(Outcome::Refused("key size"));
    }
    let tag = match mac(p, c, &format!("AES-{}-{mode}", bits(c))) {
        Ok(t) => t,
        Err(r) => return refused(c, r),
    };
    let truncated = tag.get(..c.tag.len()).ok_or_else(|| format!("{}: MAC of {} bytes", c.label(), tag.len()))?;
    match (c.result, truncated == c.tag.as_slice()) {
        (Expect::Invalid, false) => Ok(Outcome::Refused("tag differs")),
        (Expect::Invalid, true) => Err(format!("{}: the modified tag verifies", c.label())),
        _ => same(c, "tag", &c.tag, truncated).map(|()| Outcome::Matched),
    }
}

/// Runs one case through one provider.
fn run_case(p: Prov<'_>, c: &SymCase) -> Result<Outcome, String> {
    let r = match c.file {
        SymFile::AesGcm | SymFile::AesCcm => aead(p, c),
        SymFile::AesCbcPkcs5 | SymFile::AesXts => cbc_or_xts(p, c),
        SymFile::AesKw | SymFile::AesKwp => keywrap(p, c),
        SymFile::AesCmac | SymFile::AesGmac => mac_case(p, c),
    };
    ErrorStack::clear();
    r
}

/// Outcome counts of one file.
#[derive(Debug, Default)]
struct Tally {
    valid_matched: usize,
    /// Valid cases refused by the module and by OpenSSL's default provider: (tcId, our stage, its stage).
    refused_by_both: Vec<(u64, &'static str, &'static str)>,
    invalid_refused: BTreeMap<&'static str, usize>,
    acceptable_matched: usize,
    acceptable_refused: usize,
}

/// Runs a file; every contradiction of the vectors is collected and reported together.
fn run_file(ours: Prov<'_>, theirs: Prov<'_>, file: SymFile) -> Result<Tally, Box<dyn std::error::Error>> {
    let cases = wycheproof_sym::load(file)?;
    let mut t = Tally::default();
    let mut bugs = Vec::new();
    for c in &cases {
        match (c.result, run_case(ours, c)) {
            (_, Err(e)) => bugs.push(e),
            (Expect::Valid, Ok(Outcome::Matched)) => t.valid_matched += 1,
            (Expect::Valid, Ok(Outcome::Refused(stage))) => match run_case(theirs, c) {
                Ok(Outcome::Refused(s)) => t.refused_by_both.push((c.tc_id, stage, s)),
                other => {
                    bugs.push(format!("{}: refused by ferrofips at {stage}; default provider: {other:?}", c.label()))
                }
            },
            (Expect::Invalid, Ok(Outcome::Refused(stage))) => *t.invalid_refused.entry(stage).or_default() += 1,
            (Expect::Invalid, Ok(Outcome::Matched)) => bugs.push(format!("{}: invalid case accepted", c.label())),
            (Expect::Acceptable, Ok(Outcome::Matched)) => t.acceptable_matched += 1,
            (Expect::Acceptable, Ok(Outcome::Refused(_))) => t.acceptable_refused += 1,
        }
    }
    assert!(bugs.is_empty(), "{file:?}: {} cases contradict the vectors:\n{}", bugs.len(), bugs.join("\n"));
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    assert_eq!(t.valid_matched + t.refused_by_both.len(), count(Expect::Valid), "{file:?}");
    assert_eq!(t.invalid_refused.values().sum::<usize>(), count(Expect::Invalid), "{file:?}");
    assert_eq!(t.acceptable_matched + t.acceptable_refused, count(Expect::Acceptable), "{file:?}");
    println!("Wycheproof {} through the module: {} cases, {t:?}", file.algorithm(), cases.len());
    Ok(t)
}

/// The module is still operational: status 1 and the first valid GCM case still encrypts to its answer.
fn still_operational(ctx: &LibCtx) -> TestResult {
    let status = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.int_param("status")?;
    assert_eq!(status, Some(1), "module not operational after the vectors");
    let gcm = wycheproof_sym::load(SymFile::AesGcm)?;
    let c = gcm.iter().find(|c| c.result == Expect::Valid && c.iv.len() == 12).ok_or("no 96-bit-IV GCM case")?;
    let (ct, tag) = aead_encrypt(Prov { ctx, propq: Some(PROPQ) }, c).map_err(|r| format!("{r:?}"))?;
    assert_eq!((ct, tag), (c.ct.clone(), c.tag.clone()), "{}", c.label());
    Ok(())
}

fn run_files(files: &[SymFile]) -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    child::check_portable_backends(&ctx)?;
    let (ours, theirs) = (Prov { ctx: &ctx, propq: Some(PROPQ) }, Prov { ctx: &sys, propq: None });
    for &f in files {
        let t = run_file(ours, theirs, f)?;
        if !t.refused_by_both.is_empty() {
            println!("{f:?}: valid cases refused by ferrofips and the default provider: {:?}", t.refused_by_both);
        }
        // Most valid cases must run (the refused-by-both list is a small exception, never the rule).
        assert!(t.valid_matched > 0 && t.refused_by_both.len() < t.valid_matched, "{f:?}: {t:?}");
    }
    still_operational(&ctx)
}

#[test]
fn wycheproof_aes_gcm() -> TestResult {
    run_files(&[SymFile::AesGcm])
}

#[test]
fn wycheproof_aes_ccm() -> TestResult {
    run_files(&[SymFile::AesCcm])
}

#[test]
fn wycheproof_aes_cbc_pkcs5() -> TestResult {
    run_files(&[SymFile::AesCbcPkcs5])
}

#[test]
fn wycheproof_aes_kw_kwp() -> TestResult {
    run_files(&[SymFile::AesKw, SymFile::AesKwp])
}

#[test]
fn wycheproof_aes_cmac_gmac() -> TestResult {
    run_files(&[SymFile::AesCmac, SymFile::AesGmac])
}

#[test]
fn wycheproof_aes_xts() -> TestResult {
    run_files(&[SymFile::AesXts])
}

#[test]
fn wycheproof_all_portable_backends() -> TestResult {
    const NAME: &str = "wycheproof_all_portable_backends";
    if !child::is_child(NAME) {
        let out = child::run_in_child(NAME, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("backends: all soft (portable)"), "the child did not run on the portable backends");
        return Ok(());
    }
    assert_eq!(env::var("FERROFIPS_CPU").as_deref(), Ok("portable"));
    run_files(&SymFile::ALL)
}
