//! NIST ACVP AES-CCM vectors through the provider's EVP ciphers (AES-128/192/256-CCM): every encrypt case and
//! every decryption-verification case, following OpenSSL's CCM flow (ivlen, tag or tag length, init, payload
//! length declaration, AAD, payload, final, tag get), in place or not; the expected tag failures must fail the
//! payload update and leave no plaintext in the output buffer. Cases without AAD also run one-shot through
//! `EVP_Cipher`. With the default backends and, in a child process, `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack};
use ferrofips_kat::ccm::{self, CcmCase};
use ferrofips_kat::check::check;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn ccm_name(key_len: usize) -> String {
    format!("AES-{}-CCM", key_len * 8)
}

/// A context for `c` up to and including the key and nonce (the tag for a decryption).
fn ccm_ctx<'a>(cipher: &Cipher<'a>, c: &CcmCase) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(cipher, c.encrypt)?;
    x.set_iv_length(c.nonce.len())?;
    if c.encrypt {
        x.set_tag_length(c.tag.len())?;
    } else {
        x.set_tag(&c.tag)?;
    }
    x.init(Some(&c.key), Some(&c.nonce))?;
    Ok(x)
}

fn run(cipher: &Cipher<'_>, c: &CcmCase, in_place: bool) -> TestResult {
    let what = format!("CCM {} tcId {} (in place {in_place})", c.kind, c.tc_id);
    let mut x = ccm_ctx(cipher, c)?;
    let input = if c.encrypt { &c.pt } else { &c.ct };
    assert_eq!(x.declare_length(input.len())?, input.len(), "{what}");
    assert_eq!(x.update_aad(&c.aad)?, c.aad.len(), "{what}");
    let mut buf = vec![0xee; input.len() + 32];
    let r = if in_place {
        buf[..input.len()].copy_from_slice(input);
        x.update_in_place(&mut buf, input.len())
    } else {
        x.update_into(input, &mut buf)
    };
    if !c.passed {
        let e = r.err().ok_or_else(|| format!("{what}: a wrong tag was accepted"))?;
        assert!(!e.is_empty(), "{what}: tag failure left no error");
        assert!(buf[..input.len()].iter().all(|&b| b == 0), "{what}: output not wiped after a tag failure");
        return Ok(());
    }
    assert_eq!(r.map_err(|e| format!("{what}: {e}"))?, input.len());
    assert!(x.finish()?.is_empty(), "{what}: final wrote data");
    if c.encrypt {
        check(c.tc_id, &c.ct, &buf[..input.len()]).map_err(|e| format!("{what}: {e}"))?;
        check(c.tc_id, &c.tag, &x.get_tag(c.tag.len())?).map_err(|e| format!("{what}: tag: {e}"))?;
    } else {
        check(c.tc_id, &c.pt, &buf[..input.len()]).map_err(|e| format!("{what}: {e}"))?;
    }
    Ok(())
}

/// `EVP_Cipher` one-shot (no AAD: the length is taken from the payload itself).
fn run_evp_cipher(cipher: &Cipher<'_>, c: &CcmCase) -> TestResult {
    let mut x = ccm_ctx(cipher, c)?;
    let input = if c.encrypt { &c.pt } else { &c.ct };
    let r = x.cipher(input);
    match (c.encrypt, c.passed) {
        (true, _) => {
            check(c.tc_id, &c.ct, &r?)?;
            check(c.tc_id, &c.tag, &x.get_tag(c.tag.len())?)?;
        }
        (false, true) => check(c.tc_id, &c.pt, &r?)?,
        (false, false) => assert!(r.is_err(), "tcId {}: EVP_Cipher accepted a wrong tag", c.tc_id),
    }
    Ok(())
}

#[test]
fn acvp_ccm_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let cases = ccm::load()?;
    assert_eq!(cases.len(), 8310);
    let ciphers: Vec<Cipher<'_>> =
        [16, 24, 32].iter().map(|&k| Cipher::fetch(&ctx, &ccm_name(k), Some(PROPQ))).collect::<Result<_, _>>()?;
    let mut one_shot = 0;
    for (i, c) in cases.iter().enumerate() {
        let cipher = &ciphers[(c.key.len() - 16) / 8];
        assert_eq!(cipher.provider_name(), PROVIDER_NAME);
        run(cipher, c, i % 2 == 0)?;
        if c.aad.is_empty() {
            run_evp_cipher(cipher, c)?;
            one_shot += 1;
        }
    }
    println!(
        "AES-CCM: {} ACVP cases through EVP ({} rejected as expected, {one_shot} also via EVP_Cipher)",
        cases.len(),
        cases.iter().filter(|c| !c.passed).count()
    );
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn acvp_ccm_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_ccm_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with FERROFIPS_CPU=portable"));
    Ok(())
}
