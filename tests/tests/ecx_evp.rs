//! X25519 and Ed25519 through EVP: the RFC 8032 and RFC 7748 known answers, key parameters and raw key
//! import/export as OpenSSL's default provider has them, PEM across providers, key checks, the
//! `algorithm-id` libcrypto's X.509 signing reads, the Ed25519ph instance through `EVP_PKEY_sign`, a proptest
//! differential against the default provider, and clean failures on bad input.
//!
//! X25519 is offered with `fips=no`, so its tests use an installation without `default_properties = fips=yes`
//! (and name the provider explicitly).

use ferrofips_evp::{Corruption, ErrorStack, KeyCheck, KeySelection, LibCtx, Params, Pkey, system_default, tls_groups};
use ferrofips_tests::checks::{expect_error, runner};
use ferrofips_tests::{InstallOptions, Installation, PROPQ, PROVIDER_NAME, TestResult, child};
use proptest::collection::vec;
use proptest::prelude::*;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex constant")
}

/// ferrofips + base without `fips=yes` default properties (X25519 is `fips=no`).
fn install() -> Result<Installation, Box<dyn std::error::Error>> {
    Ok(Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?)
}

fn key<'a>(ctx: &'a LibCtx, propq: Option<&str>, alg: &str, field: &str, raw: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    let mut p = Params::new();
    p.octets(field, raw);
    let sel = if field == "priv" { KeySelection::KeyPair } else { KeySelection::PublicKey };
    Pkey::fromdata(ctx, alg, propq, sel, &p)
}

fn generate<'a>(ctx: &'a LibCtx, propq: Option<&str>, alg: &str) -> Result<Pkey<'a>, ErrorStack> {
    Pkey::generate(ctx, alg, propq, &Params::new(), false)
}

/// The raw `pub` or `priv` octets a key exports.
fn raw(k: &Pkey<'_>, field: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let vals = k.todata(KeySelection::KeyPair)?;
    Ok(vals.into_iter().find(|v| v.key == field).ok_or(format!("no {field} exported"))?.data)
}

/// RFC 8032 section 7.1 TESTs 1-3: (seed, public key, message, signature); checked against
/// `openssl pkeyutl -sign -rawin` 3.0.
const ED25519_VECTORS: [(&str, &str, &str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

#[test]
fn rfc8032_ed25519_vectors_through_evp() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for (seed, public, msg, sig) in ED25519_VECTORS {
        let (seed, public, msg, sig) = (h(seed), h(public), h(msg), h(sig));
        let sk = key(&ctx, Some(PROPQ), "ED25519", "priv", &seed)?;
        assert_eq!(raw(&sk, "pub")?, public);
        assert_eq!(sk.signature_provider(&ctx, None, Some(PROPQ))?, "ferrofips");
        assert_eq!(sk.digest_sign(&ctx, None, &msg, Some(PROPQ))?, sig);
        let pk = key(&ctx, Some(PROPQ), "ED25519", "pub", &public)?;
        assert!(pk.digest_verify(&ctx, None, &msg, &sig, Some(PROPQ))?);
        let mut bad = sig.clone();
        bad[10] ^= 0x40;
        assert!(!pk.digest_verify(&ctx, None, &msg, &bad, Some(PROPQ))?);
    }
    Ok(())
}

#[test]
fn rfc8032_ed25519ph_vector_through_evp_pkey_sign() -> TestResult {
    // RFC 8032 section 7.3 (Ed25519ph, message "abc"); OpenSSL 3.5 `pkeyutl -pkeyopt instance:Ed25519ph` agrees.
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sk = key(
        &ctx,
        Some(PROPQ),
        "ED25519",
        "priv",
        &h("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"),
    )?;
    let want = h("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41\
                  31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
    let hash = ferrofips_crypto::digest::digest(ferrofips_crypto::digest::Algorithm::Sha512, b"abc");
    let mut ph = Params::new();
    ph.utf8("instance", "Ed25519ph");
    assert_eq!(sk.sign_prehash(&ctx, &hash, Some(&ph), Some(PROPQ), None)?, want);
    assert!(sk.verify_prehash(&ctx, &hash, &want, Some(&ph), Some(PROPQ))?);
    assert!(!sk.verify_prehash(&ctx, &hash[1..], &want, Some(&ph), Some(PROPQ)).unwrap_or(false));
    // EVP_PKEY_sign takes a pre-hash: the plain Ed25519 instance is refused there (as OpenSSL 3.2+).
    expect_error("EVP_PKEY_sign with instance Ed25519", sk.sign_prehash(&ctx, &hash, None, Some(PROPQ), None))?;
    let mut bogus = Params::new();
    bogus.utf8("instance", "Ed448");
    expect_error("instance Ed448", sk.sign_prehash(&ctx, &hash, Some(&bogus), Some(PROPQ), None))?;
    expect_error("63-byte signature buffer", sk.sign_prehash(&ctx, &hash, Some(&ph), Some(PROPQ), Some(63)))?;
    Ok(())
}

#[test]
fn rfc7748_x25519_vectors_through_evp() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    // Section 6.1: Alice and Bob.
    let alice = key(
        &ctx,
        Some(PROPQ),
        "X25519",
        "priv",
        &h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
    )?;
    let bob = key(
        &ctx,
        Some(PROPQ),
        "X25519",
        "priv",
        &h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"),
    )?;
    assert_eq!(raw(&alice, "pub")?, h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    assert_eq!(raw(&bob, "pub")?, h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
    let k = h("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(alice.derive(&ctx, &bob, Some(PROPQ), false, None, None)?, k);
    assert_eq!(bob.derive(&ctx, &alice, Some(PROPQ), false, None, None)?, k);
    // Section 5.2, first vector: any scalar and u-coordinate as given (clamping and top-bit masking inside).
    let s = key(
        &ctx,
        Some(PROPQ),
        "X25519",
        "priv",
        &h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
    )?;
    let u = key(
        &ctx,
        Some(PROPQ),
        "X25519",
        "pub",
        &h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"),
    )?;
    let want = h("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    assert_eq!(s.derive(&ctx, &u, Some(PROPQ), false, None, None)?, want);
    // A larger buffer still gets exactly 32 bytes; a shorter one is refused.
    assert_eq!(s.derive(&ctx, &u, Some(PROPQ), false, None, Some(64))?, want);
    expect_error("31-byte X25519 output", s.derive(&ctx, &u, Some(PROPQ), false, None, Some(31)))?;
    Ok(())
}

#[test]
fn key_parameters_match_the_default_provider() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for (alg, oid) in [("X25519", "1.3.101.110"), ("ED25519", "1.3.101.112")] {
        let ours = generate(&ctx, Some(PROPQ), alg)?;
        let theirs = generate(&sys, None, alg)?;
        assert_eq!(ours.sizes(), theirs.sizes(), "{alg}: (bits, security bits, size)");
        assert!(ours.is_a(alg) && ours.is_a(oid), "{alg}");
        assert_eq!(raw(&ours, "pub")?.len(), 32);
        assert_eq!(raw(&ours, "priv")?.len(), 32);
        // A raw key pair moves between the providers unchanged.
        let moved = key(&ctx, Some(PROPQ), alg, "priv", &raw(&theirs, "priv")?)?;
        assert_eq!(raw(&moved, "pub")?, raw(&theirs, "pub")?, "{alg}");
        assert_eq!(moved.eq_raw(&theirs), 1, "{alg}");
        assert_eq!(ours.eq_raw(&theirs), 0, "{alg}");
        assert_eq!(ours.try_clone()?.eq_raw(&ours), 1, "{alg}");
        for kind in [KeyCheck::Full, KeyCheck::Public, KeyCheck::Pairwise, KeyCheck::Private, KeyCheck::Params] {
            assert!(ours.check(&ctx, kind, Some(PROPQ))?, "{alg} {kind:?}");
        }
    }
    // Ed25519's mandatory digest is "" (no digest may be named), which makes X.509 signing use none.
    let ed = generate(&ctx, Some(PROPQ), "ED25519")?;
    let mut p = Params::new();
    p.request_utf8("mandatory-digest", 16);
    ed.get_params(&mut p)?;
    assert_eq!(p.get_utf8("mandatory-digest").as_deref(), Some(""));
    let mut aid = Params::new();
    aid.request("algorithm-id", ferrofips_evp::ParamType::OctetString, 128);
    ed.signature_ctx_params(&ctx, None, true, &mut aid, Some(PROPQ))?;
    assert_eq!(aid.get_octets("algorithm-id"), Some(h("300506032b6570")));
    Ok(())
}

#[test]
fn x25519_encoded_public_key_and_libssl_paths() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    let a = generate(&ctx, Some(PROPQ), "X25519")?;
    let b = generate(&ctx, Some(PROPQ), "X25519")?;
    assert_eq!(a.encoded_public_key()?, raw(&a, "pub")?);
    // The client's path: a parameters-only copy of its own key gets the server's share, then derives.
    let mut peer = a.copy_parameters()?;
    peer.set_encoded_public_key(&b.encoded_public_key()?)?;
    let z = a.derive(&ctx, &peer, Some(PROPQ), false, None, None)?;
    assert_eq!(z, b.derive(&ctx, &a, Some(PROPQ), false, None, None)?);
    // The server's path: a key generated from the client's key.
    let c = a.generate_like(&ctx, Some(PROPQ))?;
    assert_eq!(
        c.derive(&ctx, &a, Some(PROPQ), false, None, None)?,
        a.derive(&ctx, &c, Some(PROPQ), false, None, None)?
    );
    // libssl's group name.
    let mut g = Params::new();
    g.utf8("group", "x25519");
    Pkey::generate(&ctx, "X25519", Some(PROPQ), &g, false)?;
    g = Params::new();
    g.utf8("group", "prime256v1");
    expect_error("X25519 keygen with group prime256v1", Pkey::generate(&ctx, "X25519", Some(PROPQ), &g, false))?;
    let mut short = a.copy_parameters()?;
    expect_error("31-byte encoded public key", short.set_encoded_public_key(&[9u8; 31]))?;
    Ok(())
}

#[test]
fn pem_round_trips_across_providers() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let msg = b"PEM across providers";
    let ours = generate(&ctx, Some(PROPQ), "ED25519")?;
    let in_sys = Pkey::from_pem(&sys, ours.to_pem(&ctx, true)?.as_bytes(), true, None)?;
    let sig = in_sys.digest_sign(&sys, None, msg, None)?;
    assert!(ours.digest_verify(&ctx, None, msg, &sig, Some(PROPQ))?);
    let theirs = generate(&sys, None, "ED25519")?;
    let here = Pkey::from_pem(&ctx, theirs.to_pem(&sys, true)?.as_bytes(), true, Some(PROPQ))?;
    assert_eq!(raw(&here, "priv")?, raw(&theirs, "priv")?);
    let pub_here = Pkey::from_pem(&ctx, theirs.to_pem(&sys, false)?.as_bytes(), false, Some(PROPQ))?;
    let sig = here.digest_sign(&ctx, None, msg, Some(PROPQ))?;
    assert!(pub_here.digest_verify(&ctx, None, msg, &sig, Some(PROPQ))?);
    assert_eq!(
        ours.to_pem(&ctx, false)?,
        Pkey::from_pem(&sys, ours.to_pem(&ctx, false)?.as_bytes(), false, None)?.to_pem(&sys, false)?
    );
    let x = generate(&ctx, Some(PROPQ), "X25519")?;
    let x_sys = Pkey::from_pem(&sys, x.to_pem(&ctx, true)?.as_bytes(), true, None)?;
    assert_eq!(raw(&x_sys, "pub")?, raw(&x, "pub")?);
    Ok(())
}

#[test]
fn key_checks_catch_bad_pairs_and_small_order_points() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    for alg in ["ED25519", "X25519"] {
        let a = generate(&ctx, Some(PROPQ), alg)?;
        let b = generate(&ctx, Some(PROPQ), alg)?;
        let mut p = Params::new();
        p.octets("priv", &raw(&a, "priv")?).octets("pub", &raw(&b, "pub")?);
        let mixed = Pkey::fromdata(&ctx, alg, Some(PROPQ), KeySelection::KeyPair, &p)?;
        assert!(!mixed.check(&ctx, KeyCheck::Pairwise, Some(PROPQ))?, "{alg}");
        assert!(!mixed.check(&ctx, KeyCheck::Full, Some(PROPQ))?, "{alg}");
        assert!(mixed.check(&ctx, KeyCheck::Public, Some(PROPQ))?, "{alg}");
    }
    // The Ed25519 identity point and a point of order 8 decode, but fail full public-key validation.
    let identity = "0100000000000000000000000000000000000000000000000000000000000000";
    let order8 = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a";
    for p in [h(identity), h(order8)] {
        let k = key(&ctx, Some(PROPQ), "ED25519", "pub", &p)?;
        assert!(!k.check(&ctx, KeyCheck::Public, Some(PROPQ))?, "{}", hex::encode(&p));
    }
    Ok(())
}

#[test]
fn bad_input_fails_cleanly() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    for alg in ["ED25519", "X25519"] {
        for (field, len) in [("pub", 31), ("pub", 33), ("priv", 31), ("priv", 33), ("pub", 0)] {
            expect_error(
                &format!("{alg} {field} of {len} bytes"),
                key(&ctx, Some(PROPQ), alg, field, &vec![5u8; len]),
            )?;
        }
        expect_error(
            &format!("{alg} import of nothing"),
            Pkey::fromdata(&ctx, alg, Some(PROPQ), KeySelection::KeyPair, &Params::new()),
        )?;
    }
    // Non-canonical Ed25519 encodings: y = p, and y = p + 1 with the sign bit set.
    let mut y_p = vec![0xffu8; 32];
    (y_p[0], y_p[31]) = (0xed, 0x7f);
    let mut y_p1 = y_p.clone();
    (y_p1[0], y_p1[31]) = (0xee, 0xff);
    for p in [y_p, y_p1] {
        expect_error("non-canonical Ed25519 public key", key(&ctx, Some(PROPQ), "ED25519", "pub", &p))?;
    }
    // Small-order X25519 peers: the shared secret would be all zero.
    let x = generate(&ctx, Some(PROPQ), "X25519")?;
    let mut one = [0u8; 32];
    one[0] = 1;
    for u in [[0u8; 32], one] {
        let peer = key(&ctx, Some(PROPQ), "X25519", "pub", &u)?;
        for skip in [false, true] {
            expect_error("small-order X25519 peer", x.derive(&ctx, &peer, Some(PROPQ), skip, None, None))?;
        }
    }
    let x_pub = key(&ctx, Some(PROPQ), "X25519", "pub", &raw(&x, "pub")?)?;
    expect_error("X25519 derive with a public key only", x_pub.derive(&ctx, &x, Some(PROPQ), false, None, None))?;
    // Signatures: S >= L, wrong lengths, a named digest, signing with a public key.
    let ed = generate(&ctx, Some(PROPQ), "ED25519")?;
    let msg = b"bad input";
    let sig = ed.digest_sign(&ctx, None, msg, Some(PROPQ))?;
    let l = h("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut s_is_l = sig.clone();
    s_is_l[32..].copy_from_slice(&l);
    assert!(!ed.digest_verify(&ctx, None, msg, &s_is_l, Some(PROPQ))?);
    for n in [0, 63, 65] {
        let mut v = sig.clone();
        v.resize(n, 0);
        assert!(!ed.digest_verify(&ctx, None, msg, &v, Some(PROPQ))?, "{n}-byte signature");
    }
    for md in ["SHA256", "SHA512"] {
        expect_error(&format!("Ed25519 with {md}"), ed.digest_sign(&ctx, Some(md), msg, Some(PROPQ)))?;
    }
    let ed_pub = key(&ctx, Some(PROPQ), "ED25519", "pub", &raw(&ed, "pub")?)?;
    expect_error("Ed25519 signing with a public key", ed_pub.digest_sign(&ctx, None, msg, Some(PROPQ)))?;
    // The module keeps working afterwards.
    assert!(ed.digest_verify(&ctx, None, msg, &ed.digest_sign(&ctx, None, msg, Some(PROPQ))?, Some(PROPQ))?);
    Ok(())
}

#[test]
fn differential_against_the_default_provider() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let fail = |e: ErrorStack| TestCaseError::fail(e.to_string());
    let mut runner = runner(48);
    runner.run(&(vec(any::<u8>(), 0..600), any::<[u8; 32]>()), |(msg, seed)| {
        // Ed25519: the same seed gives the same (deterministic) signature in both; each verifies the other's.
        let ours = key(&ctx, Some(PROPQ), "ED25519", "priv", &seed).map_err(fail)?;
        let theirs = key(&sys, None, "ED25519", "priv", &seed).map_err(fail)?;
        let s1 = ours.digest_sign(&ctx, None, &msg, Some(PROPQ)).map_err(fail)?;
        let s2 = theirs.digest_sign(&sys, None, &msg, None).map_err(fail)?;
        prop_assert_eq!(&s1, &s2);
        prop_assert!(theirs.digest_verify(&sys, None, &msg, &s1, None).map_err(fail)?);
        prop_assert!(ours.digest_verify(&ctx, None, &msg, &s2, Some(PROPQ)).map_err(fail)?);
        let mut other = msg.clone();
        other.push(1);
        prop_assert!(!ours.digest_verify(&ctx, None, &other, &s2, Some(PROPQ)).map_err(fail)?);
        // X25519: a key from each side agrees both ways; raw keys export identically.
        let x_ours = generate(&ctx, Some(PROPQ), "X25519").map_err(fail)?;
        let x_theirs = key(&sys, None, "X25519", "priv", &seed).map_err(fail)?;
        let x_same = key(&ctx, Some(PROPQ), "X25519", "priv", &seed).map_err(fail)?;
        let pub_of = |k: &Pkey<'_>| raw(k, "pub").map_err(|e| TestCaseError::fail(e.to_string()));
        prop_assert_eq!(pub_of(&x_same)?, pub_of(&x_theirs)?);
        let ours_there = key(&sys, None, "X25519", "pub", &pub_of(&x_ours)?).map_err(fail)?;
        let theirs_here = key(&ctx, Some(PROPQ), "X25519", "pub", &pub_of(&x_theirs)?).map_err(fail)?;
        let z1 = x_ours.derive(&ctx, &theirs_here, Some(PROPQ), false, None, None).map_err(fail)?;
        let z2 = x_theirs.derive(&sys, &ours_there, None, false, None, None).map_err(fail)?;
        prop_assert_eq!(z1.len(), 32);
        prop_assert_eq!(z1, z2);
        Ok(())
    })?;
    Ok(())
}

#[test]
fn x25519_tls_group_is_offered_outside_strict_mode() -> TestResult {
    let inst = install()?;
    let ctx = inst.libctx()?;
    let (ok, groups) = tls_groups(&ctx, PROVIDER_NAME, None)?;
    assert!(ok);
    let g = groups.iter().find(|g| g.name == "x25519").ok_or("no x25519 group")?;
    assert!(g.well_typed, "{g:?}");
    assert_eq!((g.internal.as_str(), g.alg.as_str(), g.id, g.sec_bits), ("X25519", "X25519", 29, 128));
    assert_eq!(g.versions, [0x0301, 0, 0xFEFF, 0]);
    assert_eq!(g.is_kem, Some(0));
    // libssl keeps the group only if its key management comes from the same provider, with `group` = internal.
    let mut p = Params::new();
    p.utf8("group", &g.internal);
    Pkey::generate(&ctx, &g.alg, Some(PROPQ), &p, false)?;
    Ok(())
}

#[test]
fn strict_mode_offers_no_x25519() -> TestResult {
    if !child::isolate("strict_mode_offers_no_x25519", &[("FERROFIPS_FORCE_FIPS", "1")])? {
        return Ok(());
    }
    let inst = install()?;
    let ctx = inst.libctx()?;
    expect_error("X25519 keygen in strict mode", generate(&ctx, Some(PROPQ), "X25519"))?;
    expect_error("X25519 import in strict mode", key(&ctx, Some(PROPQ), "X25519", "pub", &[9u8; 32]))?;
    let (ok, groups) = tls_groups(&ctx, PROVIDER_NAME, None)?;
    assert!(ok);
    assert!(groups.iter().all(|g| g.alg != "X25519"), "{groups:?}");
    // Ed25519 (approved) is still there.
    let ed = generate(&ctx, Some(PROPQ), "ED25519")?;
    let sig = ed.digest_sign(&ctx, None, b"strict", Some(PROPQ))?;
    assert!(ed.digest_verify(&ctx, None, b"strict", &sig, Some(PROPQ))?);
    Ok(())
}

const PCT: (&str, &str) = ("Conditional_PCT", "EDDSA");

#[test]
fn ed25519_keygen_runs_a_pct() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    log.clear();
    generate(&ctx, Some(PROPQ), "ED25519")?;
    let phases: Vec<String> =
        log.events().into_iter().filter(|e| (e.ty.as_str(), e.desc.as_str()) == PCT).map(|e| e.phase).collect();
    assert_eq!(phases, ["Start", "Corrupt", "Pass"]);
    // Imported keys are not generated key pairs: no PCT.
    log.clear();
    key(&ctx, Some(PROPQ), "ED25519", "priv", &[7u8; 32])?.digest_sign(&ctx, None, b"m", Some(PROPQ))?;
    assert!(log.events().iter().all(|e| e.ty != PCT.0), "{:?}", log.events());
    Ok(())
}

#[test]
fn failed_ed25519_pct_enters_the_error_state() -> TestResult {
    if !child::isolate("failed_ed25519_pct_enters_the_error_state", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    log.set_corruption(Some(Corruption::exact(PCT.0, PCT.1)));
    let err = generate(&ctx, Some(PROPQ), "ED25519").err().ok_or("keygen succeeded with a corrupted PCT")?;
    println!("keygen failed as expected: {err}");
    assert!(err.mentions("pair-wise consistency"), "{err}");
    log.set_corruption(None);
    assert!(generate(&ctx, Some(PROPQ), "ED25519").is_err(), "keygen works in the error state");
    let prov = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not listed")?;
    assert_eq!(prov.info()?.status, Some(0));
    Ok(())
}
