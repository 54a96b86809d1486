//! NIST ACVP vectors through the provider's EVP ciphers: every AES-GCM case (ACVP 1.0 + Geomys supplement, with
//! the expected tag failures) one-shot, streamed and in place; every AES-CBC AFT case and the CBC Monte-Carlo
//! tests (chaining through the context's updated IV). With the default backends and, in a child process,
//! `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, LibCtx};
use ferrofips_kat::{cbc, check::check, gcm};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn gcm_name(key_len: usize) -> String {
    format!("AES-{}-GCM", key_len * 8)
}

/// A GCM context for `c`'s direction with `c`'s IV length.
fn gcm_ctx<'a>(cipher: &Cipher<'a>, c: &gcm::GcmCase) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(cipher, c.encrypt)?;
    x.set_iv_length(c.iv.len())?;
    x.init(Some(&c.key), Some(&c.iv))?;
    Ok(x)
}

/// One case; `step` = 0 means one update, otherwise updates of `step` bytes; `in_place` uses one buffer.
fn run_gcm(cipher: &Cipher<'_>, c: &gcm::GcmCase, step: usize, in_place: bool) -> TestResult {
    let what = format!("{} tcId {} (step {step}, in place {in_place})", c.source, c.tc_id);
    let mut x = gcm_ctx(cipher, c)?;
    if !c.encrypt {
        x.set_tag(&c.tag)?;
    }
    for part in c.aad.chunks(if step == 0 { c.aad.len().max(1) } else { step }) {
        x.update_aad(part)?;
    }
    let input = if c.encrypt { &c.pt } else { &c.ct };
    let mut out = Vec::with_capacity(input.len());
    for part in input.chunks(if step == 0 { input.len().max(1) } else { step }) {
        if in_place {
            let mut buf = part.to_vec();
            buf.resize(part.len() + 32, 0);
            let n = x.update_in_place(&mut buf, part.len())?;
            out.extend_from_slice(&buf[..n]);
        } else {
            out.extend(x.update(part)?);
        }
    }
    let fin = x.finish();
    if c.encrypt {
        let tail = fin.map_err(|e| format!("{what}: final: {e}"))?;
        assert!(tail.is_empty(), "{what}: GCM final wrote data");
        check(c.tc_id, &c.ct, &out).map_err(|e| format!("{what}: {e}"))?;
        let tag = x.get_tag(c.tag.len())?;
        check(c.tc_id, &c.tag, &tag).map_err(|e| format!("{what}: tag: {e}"))?;
    } else if c.passed {
        fin.map_err(|e| format!("{what}: final: {e}"))?;
        check(c.tc_id, &c.pt, &out).map_err(|e| format!("{what}: {e}"))?;
    } else {
        let e = fin.err().ok_or_else(|| format!("{what}: a wrong tag was accepted"))?;
        assert!(!e.is_empty(), "{what}: tag failure left no error");
    }
    Ok(())
}

fn module_backends(ctx: &LibCtx) -> Result<String, Box<dyn std::error::Error>> {
    let info = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.info()?;
    Ok(info.buildinfo.unwrap_or_default())
}

#[test]
fn acvp_gcm_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    println!("module: {}", module_backends(&ctx)?);
    let cases = gcm::load()?;
    assert_eq!(cases.len(), 96);
    for c in &cases {
        let cipher = Cipher::fetch(&ctx, &gcm_name(c.key.len()), Some(PROPQ))?;
        assert_eq!(cipher.provider_name(), PROVIDER_NAME);
        for (step, in_place) in [(0, false), (0, true), (7, false), (16, true), (100, false)] {
            run_gcm(&cipher, c, step, in_place)?;
        }
    }
    println!("AES-GCM: {} ACVP cases x 5 ways through EVP", cases.len());
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn acvp_gcm_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_gcm_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with FERROFIPS_CPU=portable"));
    Ok(())
}

fn cbc_name(key_len: usize) -> String {
    format!("AES-{}-CBC", key_len * 8)
}

#[test]
fn acvp_cbc_aft_and_mct() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let v = cbc::load()?;
    for c in &v.aft {
        let cipher = Cipher::fetch(&ctx, &cbc_name(c.key.len()), Some(PROPQ))?;
        let mut x = CipherCtx::new(&cipher, c.encrypt)?;
        x.set_padding(false)?;
        x.init(Some(&c.key), Some(&c.iv))?;
        let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
        let mut out = x.update(input)?;
        out.extend(x.finish()?);
        check(c.tc_id, want, &out).map_err(|e| format!("CBC {} tcId {}: {e}", c.kind, c.tc_id))?;
    }
    println!("AES-CBC: {} AFT cases through EVP", v.aft.len());
    for m in &v.mct {
        let key_len = m.results.first().map_or(16, |r| r.key.len());
        let cipher = Cipher::fetch(&ctx, &cbc_name(key_len), Some(PROPQ))?;
        let mut x = CipherCtx::new(&cipher, m.encrypt)?;
        x.set_padding(false)?;
        let mut failure = None;
        m.run(|key, chain, block| {
            let r = x.init(Some(key), Some(chain)).and_then(|()| x.update(block));
            r.unwrap_or_else(|e| {
                failure.get_or_insert(e.to_string());
                vec![0; 16]
            })
        })
        .map_err(|e| format!("CBC MCT encrypt={}: {e} {failure:?}", m.encrypt))?;
    }
    println!("AES-CBC: {} Monte-Carlo tests through EVP", v.mct.len());
    Ok(())
}
