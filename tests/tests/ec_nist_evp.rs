//! P-384 and P-521 through EVP against OpenSSL's default provider: cross-provider ECDSA (sign with one,
//! verify with the other, both ways, every SHA-2/SHA-3 digest) and ECDH, ACVP SigVer/KeyVer/SigGen/DetECDSA
//! via `fromdata`, key generation, import/export (compressed and hybrid points, PEM through the base
//! provider's encoders and decoders, both directions), and clean refusal of bad input (points off the curve
//! or at infinity, wrong lengths, r/s = 0 or >= n, malformed DER), each with something on the error stack.

use ferrofips_evp::{KeyCheck, Params, Pkey, system_default};
use ferrofips_kat::{HashAlg, ecdsa};
use ferrofips_tests::ec::{ECDSA_DIGESTS, der_int, der_seq, der_sig, parse_sig, private_key, public_key};
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// A curve under test.
struct Group {
    /// NIST / ACVP name (also accepted by both providers).
    nist: &'static str,
    /// OpenSSL's short name (what `group_name` reports).
    ossl: &'static str,
    /// Coordinate / scalar bytes.
    len: usize,
    /// (bits, security bits, max signature size), as `EVP_PKEY_get_{bits,security_bits,size}` report.
    sizes: (i32, i32, i32),
    /// The group order n.
    n: &'static str,
}

const GROUPS: [Group; 2] = [
    Group {
        nist: "P-384",
        ossl: "secp384r1",
        len: 48,
        sizes: (384, 192, 104),
        n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    },
    Group {
        nist: "P-521",
        ossl: "secp521r1",
        len: 66,
        sizes: (521, 256, 139),
        n: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    },
];

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex constant")
}

/// `a - b` for big-endian `a >= b`.
fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i16;
    for i in 0..out.len() {
        let j = out.len() - 1 - i;
        let bi = if i < b.len() { i16::from(b[b.len() - 1 - i]) } else { 0 };
        let v = i16::from(out[j]) - bi - borrow;
        borrow = i16::from(v < 0);
        out[j] = v.rem_euclid(256) as u8;
    }
    out
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// OpenSSL's name for an ACVP hash (None for the XOFs, which ECDSA through EVP does not take).
fn md_name(hash: HashAlg) -> Option<&'static str> {
    if hash.is_xof() { None } else { Some(hash.name()) }
}

#[test]
fn ecdsa_sign_here_verify_there_and_back_for_every_digest() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for g in &GROUPS {
        let ours = Pkey::generate_ec(&ctx, g.nist, Some(PROPQ))?;
        let ours_there = public_key(&sys, None, g.ossl, &ours.encoded_public_key()?)?;
        let theirs = Pkey::generate_ec(&sys, g.nist, None)?;
        let theirs_here = public_key(&ctx, Some(PROPQ), g.ossl, &theirs.encoded_public_key()?)?;
        let strategy = (0..ECDSA_DIGESTS.len(), vec(any::<u8>(), 0..600), any::<usize>());
        let mut runner = TestRunner::new(Config { cases: 60, failure_persistence: None, ..Config::default() });
        runner.run(&strategy, |(i, msg, cut)| {
            let md = Some(ECDSA_DIGESTS[i]);
            let cut = cut % (msg.len() + 1);
            let chunks: [&[u8]; 2] = [&msg[..cut], &msg[cut..]];
            let sig = ours.digest_sign_chunks(&ctx, md, &chunks, Some(PROPQ)).map_err(fail)?;
            prop_assert!(sig.len() <= g.sizes.2 as usize && sig[0] == 0x30);
            prop_assert!(ours_there.digest_verify(&sys, md, &msg, &sig, None).map_err(fail)?, "{}", g.nist);
            let sig2 = theirs.digest_sign(&sys, md, &msg, None).map_err(fail)?;
            prop_assert!(theirs_here.digest_verify(&ctx, md, &msg, &sig2, Some(PROPQ)).map_err(fail)?);
            prop_assert!(theirs_here.digest_verify_chunks(&ctx, md, &chunks, &sig2, Some(PROPQ)).map_err(fail)?);
            let mut other = msg.clone();
            other.push(1);
            prop_assert!(!theirs_here.digest_verify(&ctx, md, &other, &sig2, Some(PROPQ)).map_err(fail)?);
            prop_assert!(!ours_there.digest_verify(&sys, md, &other, &sig, None).map_err(fail)?);
            Ok(())
        })?;
    }
    Ok(())
}

#[test]
fn ecdh_agrees_with_the_default_provider_both_ways() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for g in &GROUPS {
        for i in 0..12 {
            let ours = Pkey::generate_ec(&ctx, g.nist, Some(PROPQ))?;
            let theirs = Pkey::generate_ec(&sys, g.nist, None)?;
            let their_pub_here = public_key(&ctx, Some(PROPQ), g.ossl, &theirs.encoded_public_key()?)?;
            let our_pub_there = public_key(&sys, None, g.ossl, &ours.encoded_public_key()?)?;
            let z1 = ours.derive(&ctx, &their_pub_here, Some(PROPQ), false, None, None)?;
            let z2 = theirs.derive(&sys, &our_pub_there, None, false, None, None)?;
            assert_eq!(z1.len(), g.len, "{} round {i}", g.nist);
            assert_eq!(z1, z2, "{} round {i}", g.nist);
            assert_eq!(ours.derive(&ctx, &theirs, Some(PROPQ), false, None, None)?, z1, "{} round {i}", g.nist);
        }
    }
    Ok(())
}

#[test]
fn acvp_sigver_keyver_siggen_and_detecdsa_through_evp() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let det = |md: &str| {
        let mut p = Params::new();
        p.uint("nonce-type", 1).utf8("digest", md);
        p
    };
    for g in &GROUPS {
        let (mut run, mut skipped) = (0, 0);
        for c in ecdsa::load_sigver(g.nist)? {
            let Some(md) = md_name(c.hash) else {
                skipped += 1;
                continue;
            };
            let k = public_key(&ctx, Some(PROPQ), g.ossl, &[&[4u8][..], &c.qx, &c.qy].concat())?;
            let ok = k.digest_verify(&ctx, Some(md), &c.msg, &der_sig(&c.r, &c.s), Some(PROPQ))?;
            assert_eq!(ok, c.passed, "{} SigVer tcId {} {md} ({})", g.nist, c.tc_id, c.reason);
            run += 1;
        }
        println!("SigVer {}: {run} cases, {skipped} SHAKE cases skipped (no XOF digests with ECDSA)", g.nist);
        assert!(run > 0);
        for c in ecdsa::load_keyver(g.nist)? {
            let q = [&[4u8][..], &c.qx, &c.qy].concat();
            let ok = match public_key(&ctx, Some(PROPQ), g.ossl, &q) {
                Ok(k) => k.check(&ctx, KeyCheck::Public, Some(PROPQ))?,
                Err(e) => {
                    assert!(!e.is_empty(), "refusal without an error");
                    false
                }
            };
            assert_eq!(ok, c.passed, "{} KeyVer tcId {} ({})", g.nist, c.tc_id, c.reason);
        }
        // SigGen: the expected signatures verify; ours for the same key and message verify too.
        let set = ecdsa::load_siggen(ecdsa::SIGGEN_DIR, g.nist)?;
        for c in set.cases.iter().take(40) {
            let Some(md) = md_name(c.hash) else { continue };
            let k = private_key(&ctx, Some(PROPQ), g.ossl, &c.d)?;
            assert_eq!(k.encoded_public_key()?, [&[4u8][..], &c.qx, &c.qy].concat(), "tcId {}", c.tc_id);
            assert!(k.digest_verify(&ctx, Some(md), &c.msg, &der_sig(&c.r, &c.s), Some(PROPQ))?, "tcId {}", c.tc_id);
            let sig = k.digest_sign(&ctx, Some(md), &c.msg, Some(PROPQ))?;
            assert!(k.digest_verify(&ctx, Some(md), &c.msg, &sig, Some(PROPQ))?, "tcId {}", c.tc_id);
        }
        // DetECDSA (RFC 6979): exactly the expected signatures.
        let mut n = 0;
        for c in &ecdsa::load_siggen(ecdsa::DET_SIGGEN_DIR, g.nist)?.cases {
            let Some(md) = md_name(c.hash) else { continue };
            let key = private_key(&ctx, Some(PROPQ), g.ossl, &c.d)?;
            let digest = ferrofips_evp::Md::fetch(&ctx, md, Some(PROPQ))?.digest(&c.msg)?;
            let sig = key.sign_prehash(&ctx, &digest, Some(&det(md)), Some(PROPQ), None)?;
            let trim = |v: &[u8]| v.iter().copied().skip_while(|&b| b == 0).collect::<Vec<u8>>();
            assert_eq!(parse_sig(&sig), (trim(&c.r), trim(&c.s)), "{} DetECDSA tcId {} {md}", g.nist, c.tc_id);
            n += 1;
        }
        println!("DetECDSA {}: {n} cases match", g.nist);
        assert!(n > 0);
    }
    Ok(())
}

#[test]
fn keys_generate_import_and_export_like_the_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for g in &GROUPS {
        let k = Pkey::generate_ec(&ctx, g.nist, Some(PROPQ))?;
        assert_eq!(k.group_name()?, g.ossl);
        assert_eq!(k.sizes(), g.sizes, "{}", g.nist);
        assert!(k.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
        let q = k.encoded_public_key()?;
        assert_eq!(q.len(), 1 + 2 * g.len);
        // Compressed and hybrid public keys decode to the same point.
        let odd = q[2 * g.len] & 1;
        let compressed = [&[2 | odd][..], &q[1..=g.len]].concat();
        let mut hybrid = q.clone();
        hybrid[0] = 6 | odd;
        for form in [&q, &compressed, &hybrid] {
            let pk = public_key(&ctx, Some(PROPQ), g.ossl, form)?;
            assert_eq!(pk.encoded_public_key()?, q);
            assert_eq!(pk.eq_raw(&k), 1);
        }
        // PEM (PKCS#8 / SubjectPublicKeyInfo through the base provider), both ways across providers.
        let pem = k.to_pem(&ctx, true)?;
        let pub_pem = k.to_pem(&ctx, false)?;
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
        let again = Pkey::from_pem(&ctx, pem.as_bytes(), true, Some(PROPQ))?;
        assert_eq!(again.eq_raw(&k), 1);
        assert_eq!(Pkey::from_pem(&ctx, pub_pem.as_bytes(), false, Some(PROPQ))?.encoded_public_key()?, q);
        let theirs = Pkey::from_pem(&sys, pem.as_bytes(), true, None)?;
        assert_eq!(theirs.encoded_public_key()?, q);
        assert_eq!(theirs.to_pem(&sys, true)?, pem);
        assert_eq!(theirs.to_pem(&sys, false)?, pub_pem);
        let native = Pkey::generate_ec(&sys, g.nist, None)?;
        let native_pem = native.to_pem(&sys, true)?;
        let imported = Pkey::from_pem(&ctx, native_pem.as_bytes(), true, Some(PROPQ))?;
        assert_eq!(imported.encoded_public_key()?, native.encoded_public_key()?);
        assert_eq!(imported.to_pem(&ctx, true)?, native_pem);
        assert!(imported.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
        // The imported key signs for the default provider's copy.
        let sig = imported.digest_sign(&ctx, Some("SHA2-512"), b"across", Some(PROPQ))?;
        assert!(native.digest_verify(&sys, Some("SHA2-512"), b"across", &sig, None)?);
    }
    Ok(())
}

#[test]
fn bad_points_and_signatures_fail_cleanly() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for g in &GROUPS {
        let k = Pkey::generate_ec(&ctx, g.nist, Some(PROPQ))?;
        let q = k.encoded_public_key()?;
        let mut off_curve = q.clone();
        off_curve[2 * g.len] ^= 1;
        let mut x_too_big = q.clone();
        x_too_big[1..=g.len].fill(0xff);
        let bad_points: [(&str, Vec<u8>); 6] = [
            ("off the curve", off_curve),
            ("infinity", vec![0]),
            ("truncated", q[..q.len() - 1].to_vec()),
            ("too long", [&q[..], &[0]].concat()),
            ("x >= p", x_too_big),
            ("bad prefix", [&[5u8][..], &q[1..]].concat()),
        ];
        for (what, point) in &bad_points {
            let err =
                public_key(&ctx, Some(PROPQ), g.ossl, point).err().ok_or(format!("{}: {what} accepted", g.nist))?;
            assert!(!err.is_empty(), "{}: {what}: nothing on the error stack", g.nist);
        }
        // A private key of the wrong length or out of range.
        assert!(private_key(&ctx, Some(PROPQ), g.ossl, &h(g.n)).is_err());
        assert!(private_key(&ctx, Some(PROPQ), g.ossl, &[0]).is_err());
        // Signatures.
        let msg = b"the message";
        let md = Some("SHA2-384");
        let good = k.digest_sign(&ctx, md, msg, Some(PROPQ))?;
        assert!(k.digest_verify(&ctx, md, msg, &good, Some(PROPQ))?);
        let (r, s) = parse_sig(&good);
        let n = h(g.n);
        let mut bad: Vec<(String, Vec<u8>)> = vec![
            ("empty".into(), vec![]),
            ("r = 0".into(), der_sig(&[0], &s)),
            ("s = 0".into(), der_sig(&r, &[0])),
            ("r = n".into(), der_sig(&n, &s)),
            ("s = n".into(), der_sig(&r, &n)),
            ("trailing byte".into(), [&good[..], &[0]].concat()),
            (
                "non-minimal s".into(),
                der_seq(&[der_int(&r), [&[2u8, s.len() as u8 + 2, 0, 0][..], &s].concat()].concat()),
            ),
            ("raw r || s".into(), [r.clone(), s.clone()].concat()),
        ];
        for cut in 1..good.len() {
            bad.push((format!("truncated to {cut}"), good[..cut].to_vec()));
        }
        for (what, sig) in &bad {
            let v = k.digest_verify(&ctx, md, msg, sig, Some(PROPQ));
            assert!(matches!(v, Ok(false) | Err(_)), "{} {what}: {v:?}", g.nist);
        }
        // High s (n - s) is a valid signature too: ECDSA has no low-s rule.
        let high = sub_be(&n, &s);
        assert!(k.digest_verify(&ctx, md, msg, &der_sig(&r, &high), Some(PROPQ))?);
        assert!(k.digest_verify(&ctx, md, msg, &good, Some(PROPQ))?);
    }
    Ok(())
}

#[test]
fn keys_of_different_curves_do_not_mix() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let a = Pkey::generate_ec(&ctx, "P-384", Some(PROPQ))?;
    let b = Pkey::generate_ec(&ctx, "P-521", Some(PROPQ))?;
    let err = a.derive(&ctx, &b, Some(PROPQ), true, None, None).err().ok_or("mixed-curve ECDH accepted")?;
    assert!(!err.is_empty());
    Ok(())
}
