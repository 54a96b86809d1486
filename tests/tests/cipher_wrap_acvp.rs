//! NIST ACVP AES key wrap vectors through the provider's EVP ciphers: every KW and KWP case (`ACVP-AES-KW-1.0`,
//! `ACVP-AES-KWP-1.0`), forward-cipher groups under `AES-*-WRAP` / `AES-*-WRAP-PAD` and inverse-cipher groups under
//! `AES-*-WRAP-INV` / `AES-*-WRAP-PAD-INV`, wrapping and unwrapping with separate buffers and in place; the cases
//! that must fail to unwrap fail cleanly and leave nothing of the candidate plaintext in the buffer. With the
//! default backends and, in a child process, `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx, LibCtx};
use ferrofips_kat::check::check;
use ferrofips_kat::kw::{self, KwCase};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// OpenSSL's name for the algorithm a case needs.
fn name(c: &KwCase) -> String {
    let pad = if c.padded { "-PAD" } else { "" };
    let inv = if c.inverse { "-INV" } else { "" };
    format!("AES-{}-WRAP{pad}{inv}", c.key.len() * 8)
}

/// Runs one case; returns whether it was an expected rejection.
fn run_case(ctx: &LibCtx, c: &KwCase, in_place: bool) -> Result<bool, Box<dyn std::error::Error>> {
    let what = format!("{} tcId {} (in place {in_place})", name(c), c.tc_id);
    let cipher = Cipher::fetch(ctx, &name(c), Some(PROPQ))?;
    assert_eq!(cipher.provider_name(), PROVIDER_NAME);
    let mut x = CipherCtx::new(&cipher, c.encrypt)?;
    x.init(Some(&c.key), None)?;
    let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
    let r = if in_place {
        let mut buf = input.clone();
        buf.resize(input.len() + 32, 0xA5);
        let r = x.update_in_place(&mut buf, input.len());
        if r.is_err() {
            // Nothing of the unwrapped candidate may remain where the output would have gone.
            assert!(buf[..input.len()].iter().all(|&b| b == 0), "{what}: failed unwrap left data behind");
        }
        r.map(|n| buf[..n].to_vec())
    } else {
        x.update(input)
    };
    if !c.passed {
        let e = r.err().ok_or_else(|| format!("{what}: an unwrap that must fail succeeded"))?;
        assert!(!e.is_empty(), "{what}: rejection left no error");
        return Ok(true);
    }
    let out = r.map_err(|e| format!("{what}: {e}"))?;
    check(c.tc_id, want, &out).map_err(|e| format!("{what}: {e}"))?;
    assert!(x.finish()?.is_empty(), "{what}: final wrote data");
    Ok(false)
}

#[test]
fn acvp_kw_kwp_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for padded in [false, true] {
        let cases = kw::load(padded)?;
        assert_eq!(cases.len(), 1440);
        let mut rejected = 0;
        for c in &cases {
            for in_place in [false, true] {
                rejected += usize::from(run_case(&ctx, c, in_place)?);
            }
        }
        assert_eq!(rejected, 2 * cases.iter().filter(|c| !c.passed).count());
        println!("AES-KW{}: {} ACVP cases x 2 ways through EVP", if padded { "P" } else { "" }, cases.len());
    }
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn acvp_kw_kwp_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_kw_kwp_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with FERROFIPS_CPU=portable"));
    Ok(())
}
