//! Differential tests of the KDFs against OpenSSL's default provider (in a second library context): random
//! keys, salts, infos, labels, seeds, modes (int and string forms), digests (every non-XOF digest; the
//! TLS1-PRF only offers SHA-256/384/512) and output lengths. Both providers must agree on the output, or
//! both refuse. Each case derives twice on the same context (cached keyed state, accumulating seeds).

use std::cell::Cell;

use ferrofips_evp::{Kdf, KdfCtx, ParamType, Params, system_default};
use ferrofips_tests::checks::runner;
use ferrofips_tests::digests::hmac_digests;
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![Just(Vec::new()), vec(any::<u8>(), 1..40), vec(any::<u8>(), 0..max)]
}

/// Derives twice on one fresh context with `params` each time; `Err` carries no detail (only refusal matters).
fn derive_twice(kdf: &Kdf<'_>, len: usize, params: &Params) -> Result<(Vec<u8>, Vec<u8>), ()> {
    let mut c = KdfCtx::new(kdf).map_err(|_| ())?;
    let a = c.derive(len, Some(params)).map_err(|_| ())?;
    let b = c.derive(len, Some(params)).map_err(|_| ())?;
    Ok((a, b))
}

fn compare(
    ours: &Kdf<'_>,
    theirs: &Kdf<'_>,
    len: usize,
    params: &Params,
    what: impl Fn() -> String,
) -> Result<bool, TestCaseError> {
    let expected = derive_twice(theirs, len, params);
    let got = derive_twice(ours, len, params);
    prop_assert_eq!(got.is_ok(), expected.is_ok(), "acceptance differs: {}", what());
    prop_assert_eq!(&got, &expected, "{}", what());
    Ok(got.is_ok())
}

fn digest_names() -> Vec<&'static str> {
    hmac_digests().map(|d| d.name).collect()
}

fn digest_size(name: &str) -> usize {
    hmac_digests().find(|d| d.name == name).map_or(0, |d| d.size)
}

#[test]
fn hkdf_matches_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Kdf::fetch(&ctx, "HKDF", Some(PROPQ))?;
    let theirs = Kdf::fetch(&sys, "HKDF", None)?;
    let digests = digest_names();
    let strategy = (
        (0..digests.len(), 0..3i32, any::<bool>()),
        (bytes(200), proptest::option::of(bytes(200)), vec(bytes(300), 0..4)),
        (1..3000usize, any::<bool>()),
    );
    let accepted = Cell::new(0u32);
    runner(500).run(&strategy, |((d, mode, mode_str), (key, salt, infos), (len, exact))| {
        let md = digests[d];
        let n = digest_size(md);
        // Extract-only must ask for exactly the digest size; sometimes do, sometimes not.
        let len = if mode == 1 && exact { n } else { len.min(255 * n + 2) };
        let mut p = Params::new();
        if mode_str {
            p.utf8("mode", ["EXTRACT_AND_EXPAND", "extract_only", "Expand_Only"][mode as usize]);
        } else {
            p.int("mode", mode);
        }
        p.utf8("digest", md).octets("key", &key);
        if let Some(s) = &salt {
            p.octets("salt", s);
        }
        for i in &infos {
            p.octets("info", i);
        }
        let what = || {
            format!(
                "HKDF {md} mode {mode} key {} salt {:?} infos {} len {len}",
                key.len(),
                salt.as_ref().map(Vec::len),
                infos.len()
            )
        };
        if compare(&ours, &theirs, len, &p, what)? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    })?;
    println!("HKDF: {} of 500 cases derived, the rest refused by both", accepted.get());
    // Not vacuous: at least a third of the random cases must derive (typically 60-85% do; the count varies
    // from run to run, so the bound sits many standard deviations below it).
    assert!(accepted.get() > 500 / 3);
    Ok(())
}

#[test]
fn tls13_kdf_matches_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Kdf::fetch(&ctx, "TLS13-KDF", Some(PROPQ))?;
    let theirs = Kdf::fetch(&sys, "TLS13-KDF", None)?;
    let digests = digest_names();
    let label = prop_oneof![
        Just(b"derived".to_vec()),
        Just(b"c hs traffic".to_vec()),
        vec(any::<u8>(), 0..20),
        vec(any::<u8>(), 240..260)
    ];
    let accepted = Cell::new(0u32);
    let strategy = (
        (0..digests.len(), 1..3i32, any::<bool>()),
        (proptest::option::of(bytes(100)), proptest::option::of(bytes(100))),
        (prop_oneof![Just(b"tls13 ".to_vec()), vec(any::<u8>(), 0..12)], label, proptest::option::of(bytes(260))),
        (1..2000usize, any::<bool>()),
    );
    runner(500).run(&strategy, |((d, mode, named_digest), (key, salt), (prefix, label, data), (len, exact))| {
        let md = if named_digest { digests[d] } else { ["SHA256", "SHA384", "SHA512"][d % 3] };
        let n = digest_size(md).max(if named_digest { 0 } else { [32, 48, 64][d % 3] });
        let len = if mode == 1 || exact { n } else { len.min(255 * n + 2) };
        let mut p = Params::new();
        p.int("mode", mode).utf8("digest", md);
        if let Some(k) = &key {
            p.octets("key", k);
        }
        if let Some(s) = &salt {
            p.octets("salt", s);
        }
        p.octets("prefix", &prefix).octets("label", &label);
        if let Some(x) = &data {
            p.octets("data", x);
        }
        let what = || {
            format!(
                "TLS13-KDF {md} mode {mode} key {:?} salt {:?} prefix {} label {} data {:?} len {len}",
                key.as_ref().map(Vec::len),
                salt.as_ref().map(Vec::len),
                prefix.len(),
                label.len(),
                data.as_ref().map(Vec::len)
            )
        };
        if compare(&ours, &theirs, len, &p, what)? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    })?;
    println!("TLS13-KDF: {} of 500 cases derived, the rest refused by both", accepted.get());
    // Not vacuous: at least a third of the random cases must derive (typically 60-85% do; the count varies
    // from run to run, so the bound sits many standard deviations below it).
    assert!(accepted.get() > 500 / 3);
    Ok(())
}

#[test]
fn tls1_prf_matches_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Kdf::fetch(&ctx, "TLS1-PRF", Some(PROPQ))?;
    let theirs = Kdf::fetch(&sys, "TLS1-PRF", None)?;
    let digests = ["SHA2-256", "SHA256", "SHA2-384", "SHA384", "SHA2-512", "SHA-512"];
    let seed = prop_oneof![Just(None), bytes(60).prop_map(Some)];
    let accepted = Cell::new(0u32);
    let strategy = ((0..digests.len(), bytes(200)), vec(seed, 1..6), 1..3000usize);
    runner(500).run(&strategy, |((d, secret), seeds, len)| {
        let md = digests[d];
        let mut p = Params::new();
        p.utf8("digest", md).octets("secret", &secret);
        for s in &seeds {
            match s {
                Some(s) => p.octets("seed", s),
                None => p.null_data("seed", ParamType::OctetString, 0),
            };
        }
        let total: usize = seeds.iter().flatten().map(Vec::len).sum();
        let what = || format!("TLS1-PRF {md} secret {} seeds {} ({total} bytes) len {len}", secret.len(), seeds.len());
        if compare(&ours, &theirs, len, &p, what)? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    })?;
    println!("TLS1-PRF: {} of 500 cases derived, the rest refused by both", accepted.get());
    // Not vacuous: at least a third of the random cases must derive (typically 60-85% do; the count varies
    // from run to run, so the bound sits many standard deviations below it).
    assert!(accepted.get() > 500 / 3);
    Ok(())
}

/// The one deliberate difference: the TLS 1.0/1.1 PRF (MD5-SHA1) and non-SP 800-135 digests are not offered.
#[test]
fn tls1_prf_refuses_what_default_accepts() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Kdf::fetch(&ctx, "TLS1-PRF", Some(PROPQ))?;
    let theirs = Kdf::fetch(&sys, "TLS1-PRF", None)?;
    for md in ["MD5-SHA1", "SHA1", "SHA2-224", "SHA3-256", "SHA2-512/256"] {
        let mut p = Params::new();
        p.utf8("digest", md).octets("secret", &[7; 48]).octets("seed", b"key expansion");
        assert!(theirs.derive(32, &p).is_ok(), "default provider refused {md}");
        let err = ours.derive(32, &p).expect_err(md);
        assert!(err.mentions("digest not allowed"), "{md}: {err}");
    }
    Ok(())
}
