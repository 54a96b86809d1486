//! Differential tests of SSKDF, X963KDF, KBKDF, PBKDF2 and SSHKDF against OpenSSL's default provider (in a
//! second library context): random secrets, salts, infos, labels, seeds, modes, flags, digests (every non-XOF
//! digest), MACs/ciphers and output lengths. Both providers must agree on the output, or both refuse. Each case
//! derives twice on the same context (the second derive reuses the keyed state).
//!
//! Kept within what OpenSSL 3.0 and 3.5 agree on: one `info` entry per call (3.0 keeps the first, 3.2+
//! concatenate them; kdf2_bad_input.rs checks the concatenation), and the KBKDF `r` parameter only when the
//! running libcrypto has it (3.1+; 3.0 ignores the key and always counts 32 bits).

use std::cell::Cell;

use ferrofips_evp::{Kdf, KdfCtx, Params, libcrypto_version, system_default};
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

/// Runs `cases` random cases of `kdf`; `build` turns one drawn value into (output length, params, description).
/// At least `min_accepted` of them must derive (not vacuous).
fn differential<S>(
    kdf: &str,
    cases: u32,
    min_accepted: u32,
    strategy: S,
    build: impl Fn(S::Value) -> (usize, Params, String),
) -> TestResult
where
    S: Strategy,
    S::Value: 'static,
{
    if ferrofips_selftest::mode::strict() {
        println!("{kdf}: strict mode refuses unapproved inputs the default provider serves; comparison skipped");
        return Ok(());
    }
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Kdf::fetch(&ctx, kdf, Some(PROPQ))?;
    let theirs = Kdf::fetch(&sys, kdf, None)?;
    let accepted = Cell::new(0u32);
    runner(cases).run(&strategy, |v| {
        let (len, p, what) = build(v);
        if compare(&ours, &theirs, len, &p, || what.clone())? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    })?;
    println!("{kdf}: {} of {cases} cases derived, the rest refused by both", accepted.get());
    assert!(accepted.get() >= min_accepted, "{kdf}: only {} cases derived", accepted.get());
    Ok(())
}

#[test]
fn sskdf_matches_default() -> TestResult {
    let digests = digest_names();
    let strategy = (
        (0..digests.len(), any::<bool>(), any::<bool>()),
        (bytes(200), proptest::option::of(bytes(200)), proptest::option::of(bytes(300))),
        (1..2000usize, proptest::option::of(1..100usize)),
    );
    differential("SSKDF", 400, 400 / 3, strategy, |((d, hmac, key_alias), (secret, salt, info), (len, maclen))| {
        let md = digests[d];
        let mut p = Params::new();
        if hmac {
            p.utf8("mac", "HMAC");
        }
        p.utf8("digest", md).octets(if key_alias { "key" } else { "secret" }, &secret);
        if let Some(s) = &salt {
            p.octets("salt", s);
        }
        if let Some(i) = &info {
            p.octets("info", i);
        }
        if let Some(m) = maclen {
            p.size_t("maclen", m);
        }
        let what = format!(
            "SSKDF {md} hmac {hmac} secret {} salt {:?} info {:?} maclen {maclen:?} len {len}",
            secret.len(),
            salt.as_ref().map(Vec::len),
            info.as_ref().map(Vec::len)
        );
        (len, p, what)
    })
}

#[test]
fn x963kdf_matches_default() -> TestResult {
    let digests = digest_names();
    let strategy = ((0..digests.len(), any::<bool>()), (bytes(200), proptest::option::of(bytes(300))), 1..2000usize);
    differential("X963KDF", 300, 300 / 3, strategy, |((d, key_alias), (secret, info), len)| {
        let md = digests[d];
        let mut p = Params::new();
        p.utf8("digest", md).octets(if key_alias { "key" } else { "secret" }, &secret);
        if let Some(i) = &info {
            p.octets("info", i);
        }
        let what = format!("X963KDF {md} secret {} info {:?} len {len}", secret.len(), info.as_ref().map(Vec::len));
        (len, p, what)
    })
}

#[test]
fn kbkdf_matches_default() -> TestResult {
    let digests = digest_names();
    let ciphers = ["AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "AES128", "aes256"];
    let has_r = libcrypto_version() >= (3, 1, 0);
    // OpenSSL compares the mode without case over the given length: prefixes (even "") select a mode.
    let modes = ["counter", "COUNTER", "Count", "c", "", "feedback", "FEEDBACK", "Feed", "f", "pipeline", "counterx"];
    let strategy = (
        (0..digests.len(), proptest::option::of(0..ciphers.len()), proptest::option::of(0..modes.len())),
        (vec(any::<u8>(), 1..64), proptest::option::of(bytes(60)), proptest::option::of(bytes(60))),
        (proptest::option::of(any::<bool>()), proptest::option::of(any::<bool>()), 0..4usize, any::<bool>()),
        1..1500usize,
    );
    differential(
        "KBKDF",
        500,
        500 / 3,
        strategy,
        |((d, cipher, mode), (key, label, context), (use_l, use_sep, r_index, with_seed), len)| {
            let mut p = Params::new();
            let mode = mode.map(|m| modes[m]);
            if let Some(m) = mode {
                p.utf8("mode", m);
            }
            let (prf, h, key) = match cipher {
                Some(c) => {
                    p.utf8("mac", "CMAC").utf8("cipher", ciphers[c]);
                    let key_len = [16, 24, 32, 16, 32][c];
                    // Mostly the right key length for the cipher, sometimes not (both must refuse).
                    let key =
                        if key.len() % 7 == 0 { key } else { key.iter().copied().cycle().take(key_len).collect() };
                    (ciphers[c].to_owned(), 16, key)
                }
                None => {
                    p.utf8("mac", "HMAC").utf8("digest", digests[d]);
                    let h = hmac_digests().nth(d).map_or(0, |x| x.size);
                    (format!("HMAC-{}", digests[d]), h, key)
                }
            };
            p.octets("key", &key);
            if let Some(l) = &label {
                p.octets("salt", l);
            }
            if let Some(c) = &context {
                p.octets("info", c);
            }
            if let Some(b) = use_l {
                p.int("use-l", i32::from(b));
            }
            if let Some(b) = use_sep {
                p.int("use-separator", i32::from(b));
            }
            let r = [8, 16, 24, 32][r_index];
            if has_r {
                p.int("r", r);
            }
            // A seed of the PRF's output length (or, rarely, a wrong one both must refuse).
            let seed: Vec<u8> = (0..if key.len() % 11 == 0 { h + 1 } else { h }).map(|i| i as u8).collect();
            if with_seed {
                p.octets("seed", &seed);
            }
            let what = format!(
                "KBKDF {prf} mode {mode:?} key {} label {:?} context {:?} use-l {use_l:?} use-sep {use_sep:?} \
                 r {r} (sent: {has_r}) seed {} len {len}",
                key.len(),
                label.as_ref().map(Vec::len),
                context.as_ref().map(Vec::len),
                if with_seed { seed.len() } else { 0 },
            );
            (len, p, what)
        },
    )
}

#[test]
fn pbkdf2_matches_default() -> TestResult {
    let digests = digest_names();
    let strategy = (
        (proptest::option::of(0..digests.len()), proptest::option::of(0..3i32)),
        (bytes(100), bytes(40), proptest::option::of(prop_oneof![1..40u64, 990..1010u64])),
        0..300usize,
    );
    differential("PBKDF2", 300, 300 / 3, strategy, |((d, pkcs5), (pass, salt, iter), len)| {
        let mut p = Params::new();
        if let Some(d) = d {
            p.utf8("digest", digests[d]);
        }
        if let Some(v) = pkcs5 {
            p.int("pkcs5", v);
        }
        p.octets("pass", &pass).octets("salt", &salt);
        if let Some(i) = iter {
            p.uint_wide("iter", u128::from(i), 8);
        }
        let what = format!(
            "PBKDF2 {:?} pkcs5 {pkcs5:?} pass {} salt {} iter {iter:?} len {len}",
            d.map(|d| digests[d]),
            pass.len(),
            salt.len()
        );
        (len, p, what)
    })
}

#[test]
fn sshkdf_matches_default() -> TestResult {
    let digests = digest_names();
    let strategy = (
        (0..digests.len(), prop_oneof![Just('A'), Just('C'), Just('F'), Just('G'), Just('a')]),
        (bytes(300), bytes(64), bytes(64)),
        0..300usize,
    );
    differential("SSHKDF", 400, 400 / 3, strategy, |((d, kind), (key, xcghash, session_id), len)| {
        let md = digests[d];
        let mut p = Params::new();
        p.utf8("digest", md)
            .octets("key", &key)
            .octets("xcghash", &xcghash)
            .octets("session_id", &session_id)
            .utf8("type", &kind.to_string());
        let what = format!(
            "SSHKDF {md} type {kind} key {} xcghash {} session_id {} len {len}",
            key.len(),
            xcghash.len(),
            session_id.len()
        );
        (len, p, what)
    })
}
