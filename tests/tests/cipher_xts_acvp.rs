//! NIST ACVP AES-XTS vectors through the provider's EVP ciphers (AES-128-XTS, AES-256-XTS): every byte-oriented
//! data unit with `EVP_CipherUpdate` (separate buffers and in place) and `EVP_Cipher`, a second data unit on the
//! same context (the IV is the tweak of every update), with the default backends and, in a child process,
//! `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx};
use ferrofips_kat::{check::check, xts};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn xts_name(key_len: usize) -> String {
    format!("AES-{}-XTS", key_len * 4)
}

#[test]
fn acvp_xts_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let v = xts::load()?;
    assert_eq!(v.cases.len(), 104);
    for c in &v.cases {
        let cipher = Cipher::fetch(&ctx, &xts_name(c.key.len()), Some(PROPQ))?;
        assert_eq!(cipher.provider_name(), PROVIDER_NAME);
        let what = format!("XTS tcId {}", c.tc_id);
        let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
        let mut x = CipherCtx::new(&cipher, c.encrypt)?;
        x.init(Some(&c.key), Some(&c.tweak))?;
        let out = x.update(input)?;
        check(c.tc_id, want, &out).map_err(|e| format!("{what}: {e}"))?;
        // The same context, the same tweak: the next update is the same data unit again, here in place.
        let mut buf = input.clone();
        buf.resize(input.len() + 32, 0);
        assert_eq!(x.update_in_place(&mut buf, input.len())?, input.len());
        check(c.tc_id, want, &buf[..input.len()]).map_err(|e| format!("{what} (in place): {e}"))?;
        assert!(x.finish()?.is_empty(), "{what}: final wrote data");
        assert_eq!(x.updated_iv(16)?, c.tweak, "{what}: the tweak must not advance");
        let mut one = CipherCtx::new(&cipher, c.encrypt)?;
        one.init(Some(&c.key), Some(&c.tweak))?;
        check(c.tc_id, want, &one.cipher(input)?).map_err(|e| format!("{what} (EVP_Cipher): {e}"))?;
    }
    println!("AES-XTS: {} ACVP data units x 3 ways through EVP ({} bit-oriented skipped)", v.cases.len(), {
        v.skipped_bit_oriented
    });
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn acvp_xts_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_xts_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with FERROFIPS_CPU=portable"));
    Ok(())
}
