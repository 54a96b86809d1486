//! ECDH through EVP: agreement with OpenSSL's default provider in both directions (random keys), the ACVP
//! KAS-ECC-SSC `VAL` known answers, the size query and output-buffer rules, the context parameters, and
//! refusal of invalid peer keys coming from another provider.

use ferrofips_evp::{ErrorStack, KeyCheck, KeySelection, LibCtx, ParamType, Params, Pkey, system_default};
use ferrofips_kat::kas_ecc;
use ferrofips_tests::ec::{self, ne};
use ferrofips_tests::{Installation, PROPQ, TestResult};

fn public<'a>(ctx: &'a LibCtx, propq: Option<&str>, point: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    ec::public_key(ctx, propq, "prime256v1", point)
}

#[test]
fn ecdh_agrees_with_the_default_provider_both_ways() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for i in 0..40 {
        let ours = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
        let theirs = Pkey::generate_ec(&sys, "P-256", None)?;
        let their_pub_here = public(&ctx, Some(PROPQ), &theirs.encoded_public_key()?)?;
        let our_pub_there = public(&sys, None, &ours.encoded_public_key()?)?;
        let z1 = ours.derive(&ctx, &their_pub_here, Some(PROPQ), false, None, None)?;
        let z2 = theirs.derive(&sys, &our_pub_there, None, false, None, None)?;
        assert_eq!(z1.len(), 32, "round {i}");
        assert_eq!(z1, z2, "round {i}");
        // The default provider's key object itself as the peer (exported into ferrofips by EVP).
        let z3 = ours.derive(&ctx, &theirs, Some(PROPQ), false, None, None)?;
        assert_eq!(z3, z1, "round {i}");
    }
    Ok(())
}

#[test]
fn kas_ecc_ssc_val_known_answers() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let cases = kas_ecc::load_ssc_val("P-256")?;
    let (mut pass, mut fail) = (0, 0);
    for c in &cases {
        let iut_q = [&[4u8][..], &c.qx_iut, &c.qy_iut].concat();
        let server_q = [&[4u8][..], &c.qx_server, &c.qy_server].concat();
        let mut p = Params::new();
        p.utf8("group", "P-256").raw("priv", ParamType::UnsignedInteger, &ne(&c.d_iut)).octets("pub", &iut_q);
        // VAL: the IUT's key pair and the server's key are validated, then Z is compared.
        let ok = match Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::KeyPair, &p) {
            Err(_) => false,
            Ok(iut) => match public(&ctx, Some(PROPQ), &server_q) {
                Err(_) => false,
                Ok(server) => {
                    iut.check(&ctx, KeyCheck::Full, Some(PROPQ))?
                        && iut.derive(&ctx, &server, Some(PROPQ), false, None, None).is_ok_and(|z| z == c.z)
                }
            },
        };
        assert_eq!(ok, c.passed, "tcId {} ({})", c.tc_id, c.scheme);
        if ok { pass += 1 } else { fail += 1 }
    }
    println!("KAS-ECC-SSC VAL P-256: {} cases ({pass} valid, {fail} invalid) agree", cases.len());
    assert!(!cases.is_empty());
    Ok(())
}

#[test]
fn derive_size_query_buffers_and_context_params() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let a = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let b = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let z = a.derive(&ctx, &b, Some(PROPQ), false, None, None)?;
    assert_eq!(z, b.derive(&ctx, &a, Some(PROPQ), false, None, None)?);
    // A larger buffer gets the 32 bytes; a shorter one the leading bytes, as from the default provider.
    assert_eq!(a.derive(&ctx, &b, Some(PROPQ), false, None, Some(100))?, z);
    assert_eq!(a.derive(&ctx, &b, Some(PROPQ), false, None, Some(31))?, z[..31]);
    let sys = system_default()?;
    let (sa, sb) = (Pkey::generate_ec(&sys, "P-256", None)?, Pkey::generate_ec(&sys, "P-256", None)?);
    let sz = sa.derive(&sys, &sb, None, false, None, None)?;
    assert_eq!(sa.derive(&sys, &sb, None, false, None, Some(31))?, sz[..31], "the default provider truncates too");
    // An empty buffer is an error for both.
    assert!(a.derive(&ctx, &b, Some(PROPQ), false, None, Some(0)).is_err());
    assert!(sa.derive(&sys, &sb, None, false, None, Some(0)).is_err());
    // Cofactor mode -1/0/1 accepted (no effect with cofactor 1); the empty KDF type accepted.
    for mode in [-1, 0, 1] {
        let mut p = Params::new();
        p.int("ecdh-cofactor-mode", mode).utf8("kdf-type", "");
        assert_eq!(a.derive(&ctx, &b, Some(PROPQ), false, Some(&p), None)?, z, "mode {mode}");
    }
    for (what, p) in [
        ("cofactor mode 2", {
            let mut p = Params::new();
            p.int("ecdh-cofactor-mode", 2);
            p
        }),
        ("an unknown KDF type", {
            let mut p = Params::new();
            p.utf8("kdf-type", "HKDF");
            p
        }),
        ("an unknown KDF digest", {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", "MD17");
            p
        }),
        ("an XOF as KDF digest", {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", "SHAKE256");
            p
        }),
        ("X9.63 KDF without a digest", {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").size_t("kdf-outlen", 32);
            p
        }),
        ("X9.63 KDF without an output length", {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", "SHA256");
            p
        }),
        ("an oversized kdf-outlen", {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", "SHA256").size_t("kdf-outlen", usize::MAX);
            p
        }),
    ] {
        assert!(a.derive(&ctx, &b, Some(PROPQ), false, Some(&p), None).is_err(), "{what} accepted");
    }
    // A public-only key cannot derive.
    let pub_only = public(&ctx, Some(PROPQ), &a.encoded_public_key()?)?;
    assert!(pub_only.derive(&ctx, &b, Some(PROPQ), false, None, None).is_err());
    Ok(())
}

#[test]
fn invalid_peer_keys_from_another_provider_are_refused() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let mut q = Pkey::generate_ec(&sys, "P-256", None)?.encoded_public_key()?;
    q[64] ^= 1; // off the curve
    // OpenSSL's default provider imports the point without checking it ...
    let Ok(bad) = public(&sys, None, &q) else {
        println!("the default provider refused the off-curve point itself; nothing to hand over");
        return Ok(());
    };
    // ... but ferrofips refuses it, with or without EVP's own peer check.
    for skip in [false, true] {
        let r = ours.derive(&ctx, &bad, Some(PROPQ), skip, None, None);
        let err = r.err().ok_or("an off-curve peer was accepted")?;
        assert!(!err.is_empty());
    }
    Ok(())
}

#[test]
fn x963_kdf_output_matches_the_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let theirs = Pkey::generate_ec(&sys, "P-256", None)?;
    let their_pub_here = public(&ctx, Some(PROPQ), &theirs.encoded_public_key()?)?;
    let our_pub_there = public(&sys, None, &ours.encoded_public_key()?)?;
    let mut n = 0;
    for digest in ["SHA1", "SHA2-224", "SHA256", "SHA2-384", "SHA512", "SHA2-512/256", "SHA3-256", "SHA3-512"] {
        for (outlen, ukm) in [(16usize, &b""[..]), (32, b"ukm"), (77, &[0xa5u8; 100][..]), (1, b"x")] {
            let mut p = Params::new();
            p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", digest).size_t("kdf-outlen", outlen);
            if !ukm.is_empty() {
                p.octets("kdf-ukm", ukm);
            }
            let k1 = ours.derive(&ctx, &their_pub_here, Some(PROPQ), false, Some(&p), None)?;
            let k2 = theirs.derive(&sys, &our_pub_there, None, false, Some(&p), None)?;
            assert_eq!(k1.len(), outlen, "{digest} {outlen}");
            assert_eq!(k1, k2, "{digest} outlen {outlen} ukm {} bytes", ukm.len());
            // A buffer shorter than kdf-outlen is refused (both providers).
            if outlen > 1 {
                assert!(ours.derive(&ctx, &their_pub_here, Some(PROPQ), false, Some(&p), Some(outlen - 1)).is_err());
            }
            n += 1;
        }
    }
    println!("X9.63 KDF: {n} digest/length/ukm combinations agree with the default provider");
    Ok(())
}
