//! Misuse and malformed input for the provider's AES ciphers through EVP: wrong key, IV and tag lengths, tag
//! mismatch (final fails, no plaintext from final), decrypt without a tag, final twice, update after final,
//! AAD after data, CBC bad padding and wrong final block length, partially overlapping buffers. Each is a clean
//! error with an entry on the error stack, never a crash; the default provider's answer is printed alongside.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, Params, system_default};
use ferrofips_tests::checks::{describe, expect_error};
use ferrofips_tests::{Installation, PROPQ, TestResult};

/// A GCM context with key and IV set.
fn gcm<'a>(c: &Cipher<'a>, enc: bool) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    x.init(Some(&[0x11; 16]), Some(&[0x22; 12]))?;
    Ok(x)
}

/// Encrypts `pt` (with AAD "aad") and returns ciphertext and tag.
fn seal(c: &Cipher<'_>, pt: &[u8]) -> Result<(Vec<u8>, Vec<u8>), ErrorStack> {
    let mut x = gcm(c, true)?;
    x.update_aad(b"aad")?;
    let ct = x.update(pt)?;
    x.finish()?;
    Ok((ct, x.get_tag(16)?))
}

#[test]
fn gcm_wrong_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-GCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-128-GCM", None)?;
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        // Key length: the cipher has a fixed one.
        let mut x = CipherCtx::new(c, true)?;
        let mut p = Params::new();
        p.size_t("keylen", 17);
        let r = x.set_params(&p);
        println!("{label}: keylen 17 -> {}", describe(&r));
        if label == "ferrofips" {
            expect_error("keylen 17", r)?;
        }
        // IV lengths: 0 and above the 1024-bit maximum are refused.
        for n in [0usize, 129, 4096] {
            let mut x = CipherCtx::new(c, true)?;
            expect_error(&format!("{label}: ivlen {n}"), x.set_iv_length(n))?;
        }
        // Tag lengths.
        let mut x = gcm(c, false)?;
        expect_error(&format!("{label}: empty tag"), x.set_tag(&[]))?;
        expect_error(&format!("{label}: 17-byte tag"), x.set_tag(&[0; 17]))?;
        let mut x = gcm(c, true)?;
        expect_error(&format!("{label}: tag set when encrypting"), x.set_tag(&[0; 16]))?;
        x.update(b"data")?;
        expect_error(&format!("{label}: tag read before final"), x.get_tag(16))?;
        x.finish()?;
        expect_error(&format!("{label}: 17-byte tag read"), x.get_tag(17))?;
        expect_error(&format!("{label}: 0-byte tag read"), x.get_tag(0))?;
        assert_eq!(x.get_tag(4)?.len(), 4);
    }
    Ok(())
}

#[test]
fn gcm_tag_mismatch_and_state_misuse() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let ours = Cipher::fetch(&ctx, "AES-128-GCM", Some(PROPQ))?;
    let (ct, tag) = seal(&ours, b"attack at dawn")?;

    // Tag mismatch: final fails and releases nothing.
    let mut bad = tag.clone();
    bad[15] ^= 1;
    let mut x = gcm(&ours, false)?;
    x.set_tag(&bad)?;
    x.update_aad(b"aad")?;
    x.update(&ct)?;
    expect_error("tag mismatch", x.finish())?;
    // ... and the context refuses to go on with that IV.
    expect_error("final after a failed final", x.finish())?;
    expect_error("update after a failed final", x.update(&ct))?;

    // A truncated correct tag verifies; a truncated wrong one does not.
    let mut x = gcm(&ours, false)?;
    x.set_tag(&tag[..12])?;
    x.update_aad(b"aad")?;
    x.update(&ct)?;
    assert!(x.finish()?.is_empty());

    // Decrypt without a tag.
    let mut x = gcm(&ours, false)?;
    x.update_aad(b"aad")?;
    x.update(&ct)?;
    expect_error("decrypt final without a tag", x.finish())?;

    // Final twice, update after final, AAD after data.
    let mut x = gcm(&ours, true)?;
    x.update(b"abc")?;
    expect_error("AAD after data", x.update_aad(b"late"))?;
    x.finish()?;
    expect_error("final twice", x.finish())?;
    expect_error("update after final", x.update(b"more"))?;
    // A new IV makes the context usable again.
    x.init(None, Some(&[0x33; 12]))?;
    x.update(b"more")?;
    x.finish()?;

    // Decrypting without any IV.
    let mut x = CipherCtx::new(&ours, false)?;
    x.init(Some(&[0x11; 16]), None)?;
    expect_error("decrypt without an IV", x.update(&ct))?;
    // Using the context without a key.
    let mut x = CipherCtx::new(&ours, true)?;
    expect_error("encrypt without a key", x.update(b"x"))?;
    // An encryption without an IV gets one generated inside the module (and reports it).
    let mut x = CipherCtx::new(&ours, true)?;
    x.init(Some(&[0x11; 16]), None)?;
    let iv1 = x.updated_iv(12)?;
    x.update(b"x")?;
    x.finish()?;
    let mut y = CipherCtx::new(&ours, true)?;
    y.init(Some(&[0x11; 16]), None)?;
    assert_ne!(iv1, y.updated_iv(12)?, "generated IVs repeat");
    // Changing the IV length after the IV was set invalidates it.
    let mut x = gcm(&ours, true)?;
    x.set_iv_length(16)?;
    expect_error("IV invalidated by an IV length change", x.update(b"x"))?;
    Ok(())
}

#[test]
fn cbc_padding_and_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-256-CBC", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-256-CBC", None)?;
    let (key, iv) = ([0x44u8; 32], [0x55u8; 16]);
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        // Bad padding: encrypt a block with padding off whose last byte is not valid PKCS#7.
        for last in [0u8, 17, 0xff] {
            let mut e = CipherCtx::new(c, true)?;
            e.set_padding(false)?;
            e.init(Some(&key), Some(&iv))?;
            let mut block = [0x61u8; 16];
            block[15] = last;
            let ct = e.update(&block)?;
            e.finish()?;
            let mut d = CipherCtx::new(c, false)?;
            d.init(Some(&key), Some(&iv))?;
            let out = d.update(&ct)?;
            assert!(out.is_empty(), "{label}: the last block must be held back");
            expect_error(&format!("{label}: bad padding byte {last:#x}"), d.finish())?;
        }
        // Inconsistent padding bytes.
        let mut e = CipherCtx::new(c, true)?;
        e.set_padding(false)?;
        e.init(Some(&key), Some(&iv))?;
        let mut block = [0x03u8; 16];
        block[13] = 0x02;
        let ct = e.update(&block)?;
        let mut d = CipherCtx::new(c, false)?;
        d.init(Some(&key), Some(&iv))?;
        d.update(&ct)?;
        expect_error(&format!("{label}: inconsistent padding"), d.finish())?;
        // Ciphertext not a whole number of blocks.
        let mut d = CipherCtx::new(c, false)?;
        d.init(Some(&key), Some(&iv))?;
        d.update(&[0u8; 20])?;
        expect_error(&format!("{label}: partial final block"), d.finish())?;
        // Padding off: plaintext not a whole number of blocks.
        let mut e = CipherCtx::new(c, true)?;
        e.set_padding(false)?;
        e.init(Some(&key), Some(&iv))?;
        e.update(&[1u8; 17])?;
        expect_error(&format!("{label}: unpadded partial block"), e.finish())?;
        // IV of the wrong length (through the "ivlen" of a fixed-IV cipher).
        let mut x = CipherCtx::new(c, true)?;
        let r = x.set_iv_length(12);
        println!("{label}: CBC ivlen 12 -> {}", describe(&r));
    }
    // No key: update and final fail cleanly.
    let mut x = CipherCtx::new(&ours, true)?;
    expect_error("CBC update without a key", x.update(b"0123456789abcdef"))?;
    expect_error("CBC final without a key", x.finish())?;
    // MAC-then-encrypt TLS record mode is refused rather than half supported.
    let mut x = CipherCtx::new(&ours, true)?;
    x.init(Some(&key), Some(&iv))?;
    let mut p = Params::new();
    p.uint("tls-version", 0x0303);
    expect_error("CBC tls-version", x.set_params(&p))?;
    Ok(())
}

#[test]
fn params_and_constants_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for name in
        ["AES-128-GCM", "AES-192-GCM", "AES-256-GCM", "AES-128-CBC", "AES-256-CBC", "AES-128-ECB", "AES-256-ECB"]
    {
        let ours = Cipher::fetch(&ctx, name, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, name, None)?;
        assert_eq!(ours.provider_name(), "ferrofips");
        assert_eq!(
            (ours.key_length(), ours.iv_length(), ours.block_size()),
            (theirs.key_length(), theirs.iv_length(), theirs.block_size())
        );
        assert_eq!(ours.mode(), theirs.mode(), "{name} mode");
        let keys = ["mode", "keylen", "ivlen", "blocksize", "aead", "custom-iv", "cts", "tls-multi", "has-randkey"];
        let (mut a, mut b) = (Params::new(), Params::new());
        for k in keys {
            a.request_int(k);
            b.request_int(k);
        }
        ours.get_params(&mut a)?;
        theirs.get_params(&mut b)?;
        for k in keys {
            assert_eq!(a.get_int(k), b.get_int(k), "{name} {k}");
        }
        let names = |d: Vec<ferrofips_evp::ParamDescriptor>| d.into_iter().map(|p| p.key).collect::<Vec<_>>();
        println!("{name}: gettable ctx {:?}", names(ours.gettable_ctx_params()));
        println!("{name}: settable ctx {:?}", names(ours.settable_ctx_params()));
        // Context queries libssl makes.
        let mut x = CipherCtx::new(&ours, true)?;
        let mut y = CipherCtx::new(&theirs, true)?;
        assert_eq!((x.key_length(), x.iv_length()), (y.key_length(), y.iv_length()), "{name}");
        if name.ends_with("GCM") {
            assert_eq!(x.tag_length(), y.tag_length(), "{name} taglen");
            x.set_iv_length(16)?;
            assert_eq!(x.iv_length(), 16);
        }
        // tls-version / tls-mac-size (set by libssl on every cipher at TLS <= 1.2) are accepted by GCM.
        if name.ends_with("GCM") {
            let mut p = Params::new();
            p.int("tls-version", 0x0303).size_t("tls-mac-size", 0);
            x.set_params(&p)?;
            y.set_params(&p)?;
        }
    }
    Ok(())
}

#[test]
fn overlapping_buffers_are_refused() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let ours = Cipher::fetch(&ctx, "AES-128-GCM", Some(PROPQ))?;
    let mut x = gcm(&ours, true)?;
    let r = x.update_overlapping(64, 1);
    expect_error("partially overlapping in/out", r)?;
    Ok(())
}
