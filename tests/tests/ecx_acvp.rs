//! ACVP EdDSA (FIPS 186-5) vectors for Ed25519 through EVP: KeyGen (public key from the seed), KeyVer (import
//! plus `EVP_PKEY_public_check`), SigGen (deterministic signatures: pure Ed25519 through `EVP_DigestSign`,
//! HashEdDSA through `EVP_PKEY_sign` with the Ed25519ph instance and context string) and SigVer.

use ferrofips_crypto::digest::{Algorithm, digest};
use ferrofips_evp::{KeyCheck, KeySelection, LibCtx, Params, Pkey};
use ferrofips_kat::eddsa;
use ferrofips_tests::{Installation, PROPQ, TestResult};

const CURVE: &str = "ED-25519";

fn key<'a>(ctx: &'a LibCtx, field: &str, raw: &[u8]) -> Result<Pkey<'a>, ferrofips_evp::ErrorStack> {
    let mut p = Params::new();
    p.octets(field, raw);
    let sel = if field == "priv" { KeySelection::KeyPair } else { KeySelection::PublicKey };
    Pkey::fromdata(ctx, "ED25519", Some(PROPQ), sel, &p)
}

/// The `instance` = Ed25519ph parameters (with the context string, if any).
fn ph_params(context: &[u8]) -> Params {
    let mut p = Params::new();
    p.utf8("instance", "Ed25519ph").octets("context-string", context);
    p
}

#[test]
fn acvp_eddsa_keygen_and_keyver() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let keygen = eddsa::load_keygen(CURVE)?;
    for c in &keygen.cases {
        let k = key(&ctx, "priv", &c.d)?;
        let q = k.todata(KeySelection::PublicKey)?.into_iter().find(|v| v.key == "pub").ok_or("no pub")?.data;
        assert_eq!(q, c.q, "KeyGen tcId {}", c.tc_id);
        assert!(k.check(&ctx, KeyCheck::Pairwise, Some(PROPQ))?, "KeyGen tcId {}", c.tc_id);
    }
    let ver = eddsa::load_keyver(CURVE)?;
    let (mut valid, mut invalid) = (0, 0);
    for c in &ver.cases {
        let ok = match key(&ctx, "pub", &c.q) {
            Err(_) => false,
            Ok(k) => k.check(&ctx, KeyCheck::Public, Some(PROPQ))?,
        };
        assert_eq!(ok, c.passed, "KeyVer tcId {} ({})", c.tc_id, c.reason);
        if ok { valid += 1 } else { invalid += 1 }
    }
    println!("EdDSA KeyGen: {} cases; KeyVer: {valid} valid, {invalid} invalid", keygen.cases.len());
    assert!(!keygen.cases.is_empty() && valid > 0 && invalid > 0);
    Ok(())
}

#[test]
fn acvp_eddsa_siggen() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let set = eddsa::load_siggen(CURVE)?;
    let (mut pure, mut ph, mut ctx_only) = (0, 0, 0);
    for c in &set.cases {
        let k = key(&ctx, "priv", &c.d)?;
        let sig = if c.pre_hash {
            ph += 1;
            let hash = digest(Algorithm::Sha512, &c.msg);
            k.sign_prehash(&ctx, &hash, Some(&ph_params(&c.context)), Some(PROPQ), None)?
        } else if c.context.is_empty() {
            pure += 1;
            k.digest_sign(&ctx, None, &c.msg, Some(PROPQ))?
        } else {
            // Ed25519ctx needs a context string on a message-signing context, which libcrypto 3.0's
            // EVP_DigestSignInit_ex (the harness) cannot pass; tests/tests/ecx_cli.rs covers it through pkeyutl.
            ctx_only += 1;
            continue;
        };
        assert_eq!(sig, c.signature, "SigGen tcId {} ({})", c.tc_id, c.test_type);
    }
    println!("EdDSA SigGen: {pure} pure, {ph} HashEdDSA, {ctx_only} Ed25519ctx cases not run here");
    assert!(pure > 0 && ph > 0);
    Ok(())
}

#[test]
fn acvp_eddsa_sigver() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let set = eddsa::load_sigver(CURVE)?;
    let (mut valid, mut invalid) = (0, 0);
    for c in &set.cases {
        let ok = match key(&ctx, "pub", &c.q) {
            Err(_) => false,
            Ok(k) if c.pre_hash => {
                let hash = digest(Algorithm::Sha512, &c.msg);
                k.verify_prehash(&ctx, &hash, &c.signature, Some(&ph_params(&[])), Some(PROPQ))?
            }
            Ok(k) => k.digest_verify(&ctx, None, &c.msg, &c.signature, Some(PROPQ))?,
        };
        assert_eq!(ok, c.passed, "SigVer tcId {} ({})", c.tc_id, c.reason);
        if ok { valid += 1 } else { invalid += 1 }
    }
    println!("EdDSA SigVer: {valid} valid, {invalid} invalid");
    assert!(valid > 0 && invalid > 0);
    Ok(())
}
