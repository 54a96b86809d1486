//! Misuse and malformed input for the provider's AES key wrap and CBC-CTS ciphers through EVP, each compared with
//! OpenSSL's default provider (whose answer is printed alongside): KW input that is not whole semiblocks or too
//! short, unwraps with the wrong integrity check value or with a KWP length indicator or padding that does not
//! check out (a clean error, nothing released), wrong key and IV lengths; CTS input shorter than a block, a second
//! update, unknown `cts_mode` values, a missing IV, overlapping buffers. Every failure of ours leaves an entry on
//! the error stack.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, LibCtx, ParamType, Params, system_default};
use ferrofips_tests::checks::{describe, expect_error};
use ferrofips_tests::{Installation, PROPQ, TestResult};

/// Both providers' ciphers for `name`.
fn both<'a>(ours: &'a LibCtx, sys: &'a LibCtx, name: &str) -> Result<[(&'static str, Cipher<'a>); 2], ErrorStack> {
    Ok([("ferrofips", Cipher::fetch(ours, name, Some(PROPQ))?), ("default", Cipher::fetch(sys, name, None)?)])
}

/// A context with a 16-byte key and the given IV.
fn ctx<'a>(c: &Cipher<'a>, enc: bool, iv: Option<&[u8]>) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    x.init(Some(&[0x4B; 16]), iv)?;
    Ok(x)
}

/// Runs `f` on both providers; the default provider's result is printed, ours must fail with an error entry, and
/// (when `same`) the default provider must fail too.
fn both_fail<T: std::fmt::Debug>(
    ciphers: &[(&'static str, Cipher<'_>); 2],
    what: &str,
    same: bool,
    mut f: impl FnMut(&Cipher<'_>) -> Result<T, ErrorStack>,
) -> TestResult {
    let theirs = f(&ciphers[1].1);
    println!("default: {what} -> {}", describe(&theirs));
    if same {
        assert!(theirs.is_err(), "{what}: the default provider accepted it");
    }
    expect_error(&format!("ferrofips: {what}"), f(&ciphers[0].1))
}

#[test]
fn key_wrap_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    let kw = both(&ours, &sys, "AES-128-WRAP")?;
    let kwp = both(&ours, &sys, "AES-128-WRAP-PAD")?;
    for len in [8usize, 12, 15, 17, 20] {
        both_fail(&kw, &format!("KW wrap of {len} bytes"), true, |c| ctx(c, true, None)?.update(&vec![1; len]))?;
    }
    for len in [1usize, 8, 15, 16, 17, 23, 25] {
        both_fail(&kw, &format!("KW unwrap of {len} bytes"), true, |c| ctx(c, false, None)?.update(&vec![1; len]))?;
    }
    for len in [1usize, 8, 15, 17, 20] {
        both_fail(&kwp, &format!("KWP unwrap of {len} bytes"), true, |c| ctx(c, false, None)?.update(&vec![1; len]))?;
    }
    // Empty updates are no-ops; a length query (no output buffer) reports the output length.
    for (label, c) in kw.iter().chain(&kwp) {
        assert!(ctx(c, true, None)?.update(&[])?.is_empty(), "{label}");
        assert!(ctx(c, true, None)?.finish()?.is_empty(), "{label}");
    }
    for (label, c) in &kwp {
        assert_eq!(ctx(c, true, None)?.update_aad(&[0; 5])?, 16, "{label}: KWP wrap length of 5 bytes");
        assert_eq!(ctx(c, false, None)?.update_aad(&[0; 24])?, 16, "{label}: KWP unwrap length bound");
    }
    for (label, c) in &kw {
        assert_eq!(ctx(c, true, None)?.update_aad(&[0; 24])?, 32, "{label}: KW wrap length");
    }
    Ok(())
}

/// A KWP wrap writes past the `inl + 8` libcrypto passes as the output size (up to the wrapped length), and not a
/// byte further: the buffer beyond the ciphertext keeps its content.
#[test]
fn kwp_writes_exactly_the_wrapped_length() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    for (label, c) in both(&ours, &sys, "AES-256-WRAP-PAD")? {
        for len in 1..=40usize {
            let mut x = CipherCtx::new(&c, true)?;
            x.init(Some(&[9; 32]), None)?;
            let mut buf = vec![0x77u8; len + 40];
            buf[..len].fill(0x10);
            let n = x.update_in_place(&mut buf, len)?;
            assert_eq!(n, len.next_multiple_of(8) + 8, "{label} len {len}");
            assert!(buf[n..].iter().all(|&b| b == 0x77), "{label} len {len}: wrote past the ciphertext");
        }
    }
    Ok(())
}

#[test]
fn unwrap_failures_release_nothing() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    for name in ["AES-128-WRAP", "AES-128-WRAP-INV", "AES-128-WRAP-PAD", "AES-128-WRAP-PAD-INV"] {
        let ciphers = both(&ours, &sys, name)?;
        let padded = name.contains("PAD");
        let icv: &[u8] = if padded { &[1, 2, 3, 4] } else { &[1, 2, 3, 4, 5, 6, 7, 8] };
        let ct = ctx(&ciphers[0].1, true, Some(icv))?.update(&[0x33; 24])?;
        // The matching ICV unwraps; the default one does not, and no byte of the candidate is left in place.
        assert_eq!(ctx(&ciphers[0].1, false, Some(icv))?.update(&ct)?, vec![0x33; 24], "{name}");
        both_fail(&ciphers, &format!("{name}: unwrap with the wrong ICV"), true, |c| ctx(c, false, None)?.update(&ct))?;
        let mut x = ctx(&ciphers[0].1, false, None)?;
        let mut buf = ct.clone();
        buf.resize(ct.len() + 32, 0xEE);
        expect_error(&format!("{name}: in-place unwrap with the wrong ICV"), x.update_in_place(&mut buf, ct.len()))?;
        assert!(buf[..ct.len()].iter().all(|&b| b == 0), "{name}: failed unwrap left data");
    }
    Ok(())
}

/// KWP ciphertexts whose ICV matches but whose length indicator or padding is wrong, built with KW (`W` is the
/// same function) and the alternative IV as its 8-byte ICV.
#[test]
fn kwp_length_indicator_and_padding_are_checked() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    let kw = Cipher::fetch(&sys, "AES-192-WRAP", None)?;
    let kwp = both(&ours, &sys, "AES-192-WRAP-PAD")?;
    let key = [0x5A; 24];
    let build = |plen: u32, padded: &[u8]| -> Result<Vec<u8>, ErrorStack> {
        let mut aiv = vec![0xA6, 0x59, 0x59, 0xA6];
        aiv.extend_from_slice(&plen.to_be_bytes());
        let mut x = CipherCtx::new(&kw, true)?;
        x.init(Some(&key), Some(&aiv))?;
        x.update(padded)
    };
    let unwrap = |c: &Cipher<'_>, ct: &[u8]| -> Result<Vec<u8>, ErrorStack> {
        let mut x = CipherCtx::new(c, false)?;
        x.init(Some(&key), None)?;
        x.update(ct)
    };
    let mut good = vec![0xC1u8; 9];
    good.resize(16, 0);
    for (label, c) in &kwp {
        assert_eq!(unwrap(c, &build(9, &good)?)?, vec![0xC1u8; 9], "{label}: the construction itself");
    }
    for plen in [0u32, 8, 17, 1 << 20] {
        let ct = build(plen, &good)?;
        both_fail(&kwp, &format!("KWP length indicator {plen} for 16 padded bytes"), true, |c| unwrap(c, &ct))?;
    }
    let mut bad_pad = good.clone();
    bad_pad[12] = 0x01;
    let ct = build(9, &bad_pad)?;
    both_fail(&kwp, "KWP non-zero padding", true, |c| unwrap(c, &ct))?;
    Ok(())
}

#[test]
fn key_wrap_wrong_key_and_iv_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    for name in ["AES-256-WRAP", "AES-256-WRAP-PAD-INV"] {
        let ciphers = both(&ours, &sys, name)?;
        both_fail(&ciphers, &format!("{name}: keylen 16"), true, |c| {
            let mut x = CipherCtx::new(c, true)?;
            let mut p = Params::new();
            p.size_t("keylen", 16);
            x.set_params(&p)
        })?;
        let n = if name.contains("PAD") { 8 } else { 4 };
        both_fail(&ciphers, &format!("{name}: IV of {n} bytes"), true, |c| {
            let mut x = CipherCtx::new(c, true)?;
            x.set_iv_length(n)?;
            x.init(Some(&[1; 32]), Some(&vec![2; n]))
        })?;
    }
    Ok(())
}

#[test]
fn cts_misuse() -> TestResult {
    let inst = Installation::new()?;
    let ours = inst.libctx()?;
    let sys = system_default()?;
    let ciphers = both(&ours, &sys, "AES-128-CBC-CTS")?;
    let iv = [0x1F; 16];
    for len in [0usize, 1, 15] {
        both_fail(&ciphers, &format!("CTS update of {len} bytes"), true, |c| {
            ctx(c, true, Some(&iv))?.update(&vec![0; len])
        })?;
    }
    both_fail(&ciphers, "CTS second update", true, |c| {
        let mut x = ctx(c, true, Some(&iv))?;
        x.update(&[0; 20])?;
        x.update(&[0; 20])
    })?;
    both_fail(&ciphers, "CTS update after final", true, |c| {
        let mut x = ctx(c, false, Some(&iv))?;
        x.update(&[0; 33])?;
        x.finish()?;
        x.update(&[0; 33])
    })?;
    // A new init allows the next message.
    for (label, c) in &ciphers {
        let mut x = ctx(c, true, Some(&iv))?;
        let first = x.update(&[0; 20])?;
        x.init(None, None)?;
        assert_eq!(x.update(&[0; 20])?, first, "{label}: re-init restarts from the IV");
    }
    for bad in ["CS4", "CS", "", "cs1 "] {
        both_fail(&ciphers, &format!("cts_mode {bad:?}"), true, |c| {
            let mut x = CipherCtx::new(c, true)?;
            let mut p = Params::new();
            p.utf8("cts_mode", bad);
            x.set_params(&p)
        })?;
    }
    both_fail(&ciphers, "cts_mode as an octet string", true, |c| {
        let mut x = CipherCtx::new(c, true)?;
        let mut p = Params::new();
        p.raw("cts_mode", ParamType::OctetString, b"CS1");
        x.set_params(&p)
    })?;
    // OpenSSL 3.0's generic cipher parameters ignore a wrong "keylen" here; the module refuses it, as for AES-CBC.
    both_fail(&ciphers, "CTS keylen 32", false, |c| {
        let mut x = CipherCtx::new(c, true)?;
        let mut p = Params::new();
        p.size_t("keylen", 32);
        x.set_params(&p)
    })?;
    both_fail(&ciphers, "CTS IV of 12 bytes", true, |c| {
        let mut x = CipherCtx::new(c, true)?;
        x.set_iv_length(12)?;
        x.init(Some(&[1; 16]), Some(&[2; 12]))
    })?;
    // OpenSSL runs with an all-zero IV when none was set; the module refuses, as it does for AES-CBC.
    both_fail(&ciphers, "CTS without an IV", false, |c| ctx(c, true, None)?.update(&[0; 20]))?;
    let mut x = ctx(&ciphers[0].1, true, Some(&iv))?;
    expect_error("ferrofips: CTS with overlapping buffers", x.update_overlapping(40, 3))?;
    Ok(())
}
