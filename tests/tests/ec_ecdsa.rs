//! ECDSA through EVP: cross-provider signing and verification with OpenSSL's default provider (random
//! messages, every approved digest, one-shot and streaming), ACVP SigVer/KeyVer/SigGen/DetECDSA vectors via
//! `fromdata`, the RFC 6979 P-256 example, `algorithm-id` for certificate signing, SHA-1 and XOF rules, buffer
//! sizes, and clean rejection of malformed signatures.

use ferrofips_evp::{ErrorStack, KeyCheck, LibCtx, ParamType, Params, Pkey, system_default};
use ferrofips_kat::{HashAlg, ecdsa};
use ferrofips_tests::ec::{self, ECDSA_DIGESTS as DIGESTS, der_int, der_sig, parse_sig};
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex constant")
}

fn public<'a>(ctx: &'a LibCtx, propq: Option<&str>, point: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    ec::public_key(ctx, propq, "prime256v1", point)
}

fn private<'a>(ctx: &'a LibCtx, propq: Option<&str>, d: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    ec::private_key(ctx, propq, "prime256v1", d)
}

/// OpenSSL's name for an ACVP hash (None for the XOFs, which ECDSA through EVP does not take).
fn md_name(hash: HashAlg) -> Option<&'static str> {
    if hash.is_xof() { None } else { Some(hash.name()) }
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

#[test]
fn sign_here_verify_there_and_back_for_every_digest() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let ours_there = public(&sys, None, &ours.encoded_public_key()?)?;
    let theirs = Pkey::generate_ec(&sys, "P-256", None)?;
    let theirs_here = public(&ctx, Some(PROPQ), &theirs.encoded_public_key()?)?;
    let strategy = (0..DIGESTS.len(), vec(any::<u8>(), 0..2000), any::<usize>(), any::<bool>());
    let mut runner = TestRunner::new(Config { cases: 120, failure_persistence: None, ..Config::default() });
    runner.run(&strategy, |(i, msg, cut, streaming)| {
        let md = Some(DIGESTS[i]);
        let cut = cut % (msg.len() + 1);
        let chunks: [&[u8]; 2] = [&msg[..cut], &msg[cut..]];
        // Ours signs, the default provider verifies.
        let sig = if streaming {
            ours.digest_sign_chunks(&ctx, md, &chunks, Some(PROPQ))
        } else {
            ours.digest_sign(&ctx, md, &msg, Some(PROPQ))
        }
        .map_err(fail)?;
        prop_assert!(sig.len() <= 72 && sig[0] == 0x30);
        prop_assert!(ours_there.digest_verify(&sys, md, &msg, &sig, None).map_err(fail)?, "{}", DIGESTS[i]);
        // The default provider signs, ours verifies (one shot and streaming).
        let sig2 = theirs.digest_sign(&sys, md, &msg, None).map_err(fail)?;
        prop_assert!(theirs_here.digest_verify(&ctx, md, &msg, &sig2, Some(PROPQ)).map_err(fail)?);
        prop_assert!(theirs_here.digest_verify_chunks(&ctx, md, &chunks, &sig2, Some(PROPQ)).map_err(fail)?);
        // A different message does not verify, on either side.
        let mut other = msg.clone();
        other.push(1);
        prop_assert!(!theirs_here.digest_verify(&ctx, md, &other, &sig2, Some(PROPQ)).map_err(fail)?);
        prop_assert!(!ours_there.digest_verify(&sys, md, &other, &sig, None).map_err(fail)?);
        Ok(())
    })?;
    Ok(())
}

#[test]
fn prehash_sign_and_verify_interoperate() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let there = public(&sys, None, &ours.encoded_public_key()?)?;
    for len in [20usize, 28, 32, 48, 64, 1, 100] {
        let hash: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
        let sig = ours.sign_prehash(&ctx, &hash, None, Some(PROPQ), None)?;
        assert!(there.verify_prehash(&sys, &hash, &sig, None, None)?, "hash length {len}");
        assert!(ours.verify_prehash(&ctx, &hash, &sig, None, Some(PROPQ))?);
        let mut wrong = hash.clone();
        wrong[0] ^= 1;
        assert!(!ours.verify_prehash(&ctx, &wrong, &sig, None, Some(PROPQ))?);
    }
    // With a digest set, the hash must have its length.
    let mut p = Params::new();
    p.utf8("digest", "SHA2-384");
    assert!(ours.sign_prehash(&ctx, &[7u8; 48], Some(&p), Some(PROPQ), None).is_ok());
    assert!(ours.sign_prehash(&ctx, &[7u8; 32], Some(&p), Some(PROPQ), None).is_err());
    // The output buffer must hold the largest signature (72 bytes).
    assert!(ours.sign_prehash(&ctx, &[7u8; 32], None, Some(PROPQ), Some(71)).is_err());
    assert!(ours.sign_prehash(&ctx, &[7u8; 32], None, Some(PROPQ), Some(72)).is_ok());
    // Signing needs the private key.
    let pub_only = public(&ctx, Some(PROPQ), &ours.encoded_public_key()?)?;
    assert!(pub_only.sign_prehash(&ctx, &[7u8; 32], None, Some(PROPQ), None).is_err());
    Ok(())
}

#[test]
fn acvp_sigver_keyver_and_siggen_through_evp() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let (mut run, mut skipped) = (0, 0);
    for c in ecdsa::load_sigver("P-256")? {
        let Some(md) = md_name(c.hash) else {
            skipped += 1;
            continue;
        };
        let q = [&[4u8][..], &c.qx, &c.qy].concat();
        let k = public(&ctx, Some(PROPQ), &q)?;
        let ok = k.digest_verify(&ctx, Some(md), &c.msg, &der_sig(&c.r, &c.s), Some(PROPQ))?;
        assert_eq!(ok, c.passed, "SigVer tcId {} {md} ({})", c.tc_id, c.reason);
        run += 1;
    }
    println!("SigVer P-256: {run} cases, {skipped} SHAKE cases skipped (no XOF digests with ECDSA)");
    assert!(run > 0);
    for c in ecdsa::load_keyver("P-256")? {
        let q = [&[4u8][..], &c.qx, &c.qy].concat();
        // ferrofips validates on import; an accepted key must also pass the public check.
        let ok = match public(&ctx, Some(PROPQ), &q) {
            Ok(k) => k.check(&ctx, KeyCheck::Public, Some(PROPQ))?,
            Err(_) => false,
        };
        assert_eq!(ok, c.passed, "KeyVer tcId {} ({})", c.tc_id, c.reason);
    }
    // SigGen: nonces cannot be injected through EVP, so check the expected signatures verify and ours for the
    // same message and key verify too.
    let set = ecdsa::load_siggen(ecdsa::SIGGEN_DIR, "P-256")?;
    for c in set.cases.iter().take(40) {
        let Some(md) = md_name(c.hash) else { continue };
        let k = private(&ctx, Some(PROPQ), &c.d)?;
        assert_eq!(k.encoded_public_key()?, [&[4u8][..], &c.qx, &c.qy].concat(), "SigGen tcId {}", c.tc_id);
        assert!(k.digest_verify(&ctx, Some(md), &c.msg, &der_sig(&c.r, &c.s), Some(PROPQ))?, "tcId {}", c.tc_id);
        let sig = k.digest_sign(&ctx, Some(md), &c.msg, Some(PROPQ))?;
        assert!(k.digest_verify(&ctx, Some(md), &c.msg, &sig, Some(PROPQ))?, "tcId {}", c.tc_id);
    }
    Ok(())
}

#[test]
fn deterministic_nonces_match_rfc6979_and_acvp_detecdsa() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let det = |md: &str| {
        let mut p = Params::new();
        p.uint("nonce-type", 1).utf8("digest", md);
        p
    };
    // RFC 6979 A.2.5, P-256, SHA-256, message "sample".
    let k = private(&ctx, Some(PROPQ), &h("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"))?;
    let hash = ferrofips_crypto::digest::digest(ferrofips_crypto::digest::Algorithm::Sha256, b"sample");
    let sig = k.sign_prehash(&ctx, &hash, Some(&det("SHA256")), Some(PROPQ), None)?;
    let (r, s) = parse_sig(&sig);
    assert_eq!(hex::encode(r), "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716");
    assert_eq!(hex::encode(s), "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    let set = ecdsa::load_siggen(ecdsa::DET_SIGGEN_DIR, "P-256")?;
    let mut n = 0;
    for c in &set.cases {
        let Some(md) = md_name(c.hash) else { continue };
        let key = private(&ctx, Some(PROPQ), &c.d)?;
        let digest = ferrofips_evp::Md::fetch(&ctx, md, Some(PROPQ))?.digest(&c.msg)?;
        let sig = key.sign_prehash(&ctx, &digest, Some(&det(md)), Some(PROPQ), None)?;
        let (r, s) = parse_sig(&sig);
        let trim = |v: &[u8]| v.iter().copied().skip_while(|&b| b == 0).collect::<Vec<u8>>();
        assert_eq!((r, s), (trim(&c.r), trim(&c.s)), "DetECDSA tcId {} {md}", c.tc_id);
        n += 1;
    }
    println!("DetECDSA P-256: {n} cases match");
    assert!(n > 0);
    Ok(())
}

#[test]
fn algorithm_ids_and_digest_rules() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let expected = [
        ("SHA2-224", "300a06082a8648ce3d040301"),
        ("SHA256", "300a06082a8648ce3d040302"),
        ("SHA2-384", "300a06082a8648ce3d040303"),
        ("SHA-512", "300a06082a8648ce3d040304"),
        ("SHA3-224", "300b0609608648016503040309"),
        ("SHA3-256", "300b060960864801650304030a"),
        ("SHA3-384", "300b060960864801650304030b"),
        ("SHA3-512", "300b060960864801650304030c"),
    ];
    for (md, aid) in expected {
        let mut p = Params::new();
        p.request("algorithm-id", ParamType::OctetString, 128).request_utf8("digest", 32).request_size_t("digest-size");
        k.signature_ctx_params(&ctx, Some(md), true, &mut p, Some(PROPQ))?;
        assert_eq!(hex::encode(p.get_octets("algorithm-id").ok_or("no algorithm-id")?), aid, "{md}");
        assert!(p.get_uint("digest-size").is_some_and(|n| n >= 28));
        // The same AlgorithmIdentifier as OpenSSL's default provider gives.
        let theirs = Pkey::generate_ec(&sys, "P-256", None)?;
        let mut q = Params::new();
        q.request("algorithm-id", ParamType::OctetString, 128);
        theirs.signature_ctx_params(&sys, Some(md), true, &mut q, None)?;
        assert_eq!(q.get_octets("algorithm-id"), p.get_octets("algorithm-id"), "{md}");
    }
    assert_eq!(k.signature_provider(&ctx, Some("SHA256"), Some(PROPQ))?, "ferrofips");
    // SHA-1: not for signing; verification of existing signatures still works.
    assert!(k.digest_sign(&ctx, Some("SHA1"), b"legacy", Some(PROPQ)).is_err());
    let old = Pkey::generate_ec(&sys, "P-256", None)?;
    let sig = old.digest_sign(&sys, Some("SHA1"), b"legacy", None)?;
    let old_here = public(&ctx, Some(PROPQ), &old.encoded_public_key()?)?;
    assert!(old_here.digest_verify(&ctx, Some("SHA1"), b"legacy", &sig, Some(PROPQ))?);
    // XOFs and unknown digests are refused.
    for md in ["SHAKE256", "SHAKE-128", "MD5", "nonsense"] {
        assert!(k.digest_sign(&ctx, Some(md), b"x", Some(PROPQ)).is_err(), "{md}");
    }
    // No digest given: the key's default digest (SHA256) is used.
    let sig = k.digest_sign(&ctx, None, b"default", Some(PROPQ))?;
    assert!(k.digest_verify(&ctx, Some("SHA2-256"), b"default", &sig, Some(PROPQ))?);
    Ok(())
}

#[test]
fn malformed_signatures_are_rejected_cleanly() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let msg = b"the message";
    let md = Some("SHA2-256");
    let good = k.digest_sign(&ctx, md, msg, Some(PROPQ))?;
    assert!(k.digest_verify(&ctx, md, msg, &good, Some(PROPQ))?);
    let (r, s) = parse_sig(&good);
    let n = h(N);
    let mut n_plus_1 = n.clone();
    n_plus_1[31] += 1;
    let s_neg = [&[2u8, 32][..], &[0x80u8; 32]].concat(); // INTEGER with the sign bit set: negative
    let mut bad: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), vec![]),
        ("r = 0".into(), der_sig(&[0], &s)),
        ("s = 0".into(), der_sig(&r, &[0])),
        ("s = n".into(), der_sig(&r, &n)),
        ("s = n + 1".into(), der_sig(&r, &n_plus_1)),
        ("r = n".into(), der_sig(&n, &s)),
        ("trailing byte".into(), [&good[..], &[0]].concat()),
        ("wrong tag".into(), [&[0x31u8][..], &good[1..]].concat()),
        ("non-minimal r".into(), {
            // One more leading zero than the minimal encoding (which itself may start with 0x00 when r's top
            // bit is set), so the INTEGER is non-minimal whatever r is.
            let minimal = der_int(&r);
            let content = &minimal[2..];
            let padded = [&[2u8, content.len() as u8 + 1, 0][..], content].concat();
            let body = [padded, der_int(&s)].concat();
            [&[0x30u8, body.len() as u8][..], &body].concat()
        }),
        ("negative s".into(), {
            let body = [der_int(&r), s_neg].concat();
            [&[0x30u8, body.len() as u8][..], &body].concat()
        }),
        ("long-form length".into(), [&[0x30u8, 0x81, good[1]][..], &good[2..]].concat()),
        ("raw r || s".into(), [vec![0u8; 32 - r.len()], r.clone(), vec![0u8; 32 - s.len()], s.clone()].concat()),
    ];
    for cut in 1..good.len() {
        bad.push((format!("truncated to {cut}"), good[..cut].to_vec()));
    }
    for (what, sig) in &bad {
        let v = k.digest_verify(&ctx, md, msg, sig, Some(PROPQ));
        assert!(matches!(v, Ok(false) | Err(_)), "{what}: {v:?}");
        let v = k.digest_verify_chunks(&ctx, md, &[&msg[..3], &msg[3..]], sig, Some(PROPQ));
        assert!(matches!(v, Ok(false) | Err(_)), "{what} (streaming): {v:?}");
    }
    // Still fully working afterwards.
    assert!(k.digest_verify(&ctx, md, msg, &good, Some(PROPQ))?);
    Ok(())
}
