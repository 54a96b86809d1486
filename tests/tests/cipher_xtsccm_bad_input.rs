//! Misuse and malformed input for the provider's AES-XTS and AES-CCM through EVP. XTS: equal key halves
//! (refused at init in both directions, as OpenSSL's FIPS provider does), data units shorter than a block or
//! longer than 2^20 blocks, no key or tweak, AAD, a wrong key length, overlapping buffers. CCM: wrong nonce and
//! tag lengths, a tag mismatch (the update fails and the output buffer holds no plaintext), payloads longer or
//! shorter than declared or than the length field allows, AAD without a declared length, AAD after the data,
//! a second AAD or data update, the tag read before the data or at the wrong length, a decryption without a
//! tag, a decryption final that skipped the payload, malformed TLS records. Each is a clean error with an entry
//! on the error stack; the default provider's answer is printed (and asserted where it is also an error).

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, Params, system_default};
use ferrofips_tests::checks::{describe, expect_error};
use ferrofips_tests::{Installation, PROPQ, TestResult};

/// ferrofips must fail with an error on the stack; the default provider must fail (some of its refusals, e.g.
/// in `EVP_Cipher`, leave the stack empty).
fn refused<T: std::fmt::Debug>(label: &str, what: &str, r: Result<T, ErrorStack>) -> TestResult {
    if label == "ferrofips" {
        return expect_error(what, r);
    }
    println!("{label}: {what} -> {}", describe(&r));
    if r.is_ok() { Err(format!("{label}: {what}: accepted").into()) } else { Ok(()) }
}

fn distinct_key(len: usize) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}

#[test]
fn xts_bad_input() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for name in ["AES-128-XTS", "AES-256-XTS"] {
        let ours = Cipher::fetch(&ctx, name, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, name, None)?;
        let key_len = ours.key_length();
        assert_eq!((key_len, ours.iv_length(), ours.block_size()), (theirs.key_length(), 16, 1));
        // Equal key halves: an error in both directions (the default provider refuses them for encryption only).
        let equal = [vec![0x5a; key_len / 2], vec![0x5a; key_len / 2]].concat();
        for enc in [true, false] {
            let mut x = CipherCtx::new(&ours, enc)?;
            expect_error(&format!("{name} equal halves (encrypt {enc})"), x.init(Some(&equal), Some(&[0; 16])))?;
            // No key was taken: data is refused too.
            expect_error(&format!("{name} data after refused key"), x.update(&[0; 32]))?;
            let mut y = CipherCtx::new(&theirs, enc)?;
            println!("default, equal halves, encrypt {enc}: {}", describe(&y.init(Some(&equal), Some(&[0; 16]))));
        }
        let key = distinct_key(key_len);
        for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
            let mut x = CipherCtx::new(c, true)?;
            x.init(Some(&key), Some(&[7; 16]))?;
            for n in [0usize, 1, 15] {
                expect_error(&format!("{label} {name}: data unit of {n} bytes"), x.update(&vec![0; n]))?;
            }
            refused(label, &format!("{name}: EVP_Cipher of 15 bytes"), x.cipher(&[0; 15]))?;
            let too_long = vec![0u8; (1 << 24) + 16];
            expect_error(&format!("{label} {name}: 2^20 + 1 blocks"), x.update(&too_long))?;
            assert_eq!(x.update(&too_long[..1 << 24])?.len(), 1 << 24, "{label}: 2^20 blocks is the limit");
            expect_error(&format!("{label} {name}: AAD"), x.update_aad(&[0; 16]))?;
            expect_error(&format!("{label} {name}: overlapping buffers"), x.update_overlapping(64, 3))
                .or_else(|e| if label == "default" { Ok(()) } else { Err(e) })?;
            let mut p = Params::new();
            p.size_t("keylen", key_len / 2);
            let r = x.set_params(&p);
            println!("{label} {name}: keylen {} -> {}", key_len / 2, describe(&r));
            if label == "ferrofips" {
                expect_error("XTS keylen change", r)?;
            }
        }
        // No key, no tweak.
        let mut x = CipherCtx::new(&ours, true)?;
        expect_error(&format!("{name}: data without a key"), x.update(&[0; 16]))?;
        x.init(Some(&key), None)?;
        expect_error(&format!("{name}: data without a tweak"), x.update(&[0; 16]))?;
    }
    Ok(())
}

/// A CCM context with a 12-byte nonce, tag length `t`, key and nonce set.
fn ccm<'a>(c: &Cipher<'a>, enc: bool, tag: Option<&[u8]>) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    x.set_iv_length(12)?;
    match tag {
        Some(t) => x.set_tag(t)?,
        None => x.set_tag_length(16)?,
    }
    x.init(Some(&[0x11; 16]), Some(&[0x22; 12]))?;
    Ok(x)
}

/// Ciphertext and 16-byte tag of `pt` under AAD "aad".
fn seal(c: &Cipher<'_>, pt: &[u8]) -> Result<(Vec<u8>, Vec<u8>), ErrorStack> {
    let mut x = ccm(c, true, None)?;
    x.declare_length(pt.len())?;
    x.update_aad(b"aad")?;
    let ct = x.update(pt)?;
    x.finish()?;
    Ok((ct, x.get_tag(16)?))
}

#[test]
fn ccm_wrong_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-CCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-128-CCM", None)?;
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        // OpenSSL's CCM context starts with L = 8: a 7-byte nonce, and a 12-byte IV for the algorithm.
        let mut x = CipherCtx::new(c, true)?;
        assert_eq!((c.iv_length(), x.iv_length(), x.tag_length()), (12, 7, 12), "{label}");
        for n in [0usize, 6, 14, 15, 16] {
            expect_error(&format!("{label}: ivlen {n}"), x.set_iv_length(n))?;
        }
        // EVP itself refuses L outside 2..8 (without an error entry); L = 2 is a 13-byte nonce.
        for l in [0usize, 1, 9] {
            assert!(x.set_ccm_l(l).is_err(), "{label}: L {l}");
        }
        x.set_ccm_l(2)?;
        assert_eq!(x.iv_length(), 13, "{label}");
        for t in [0usize, 2, 3, 5, 15, 17, 18] {
            expect_error(&format!("{label}: tag length {t}"), x.set_tag_length(t))?;
            let mut d = CipherCtx::new(c, false)?;
            expect_error(&format!("{label}: {t}-byte tag"), d.set_tag(&vec![0; t]))?;
        }
        expect_error(&format!("{label}: tag set when encrypting"), x.set_tag(&[0; 16]))?;
        // A 13-byte nonce leaves a 2-byte length field: 65535 bytes at most.
        let mut x = CipherCtx::new(c, true)?;
        x.set_iv_length(13)?;
        x.init(Some(&[1; 16]), Some(&[2; 13]))?;
        let r = x.declare_length(65536);
        println!("{label}: declare 65536 with L = 2 -> {}", describe(&r));
        let r = r.and_then(|_| x.update(&vec![0; 65536]));
        expect_error(&format!("{label}: 65536 bytes with L = 2"), r)?;
        let mut x = CipherCtx::new(c, true)?;
        x.set_iv_length(13)?;
        x.init(Some(&[1; 16]), Some(&[2; 13]))?;
        expect_error(&format!("{label}: undeclared 65536 bytes with L = 2"), x.update(&vec![0; 65536]))?;
        let mut x = CipherCtx::new(c, true)?;
        x.set_iv_length(13)?;
        x.init(Some(&[1; 16]), Some(&[2; 13]))?;
        assert_eq!(x.update(&vec![0; 65535])?.len(), 65535, "{label}: 65535 bytes fit");
        // Payload longer or shorter than declared.
        for n in [4usize, 6] {
            let mut x = ccm(c, true, None)?;
            x.declare_length(5)?;
            expect_error(&format!("{label}: {n} bytes after declaring 5"), x.update(&vec![0; n]))?;
        }
        // Tag reads.
        let mut x = ccm(c, true, None)?;
        expect_error(&format!("{label}: tag read before the data"), x.get_tag(16))?;
        x.update(b"data")?;
        refused(label, "tag read at the wrong length", x.get_tag(12))?;
    }
    Ok(())
}

#[test]
fn ccm_tag_mismatch_releases_no_plaintext() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-CCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-128-CCM", None)?;
    let pt = b"attack at dawn, bring snacks and a spare key".to_vec();
    let (ct, tag) = seal(&ours, &pt)?;
    assert_eq!((ct.clone(), tag.clone()), seal(&theirs, &pt)?);
    let mut bad = tag.clone();
    bad[15] ^= 1;
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        for in_place in [false, true] {
            let mut x = ccm(c, false, Some(&bad))?;
            x.declare_length(ct.len())?;
            x.update_aad(b"aad")?;
            let mut buf = vec![0xee; ct.len() + 32];
            let r = if in_place {
                buf[..ct.len()].copy_from_slice(&ct);
                x.update_in_place(&mut buf, ct.len())
            } else {
                x.update_into(&ct, &mut buf)
            };
            expect_error(&format!("{label}: wrong tag (in place {in_place})"), r)?;
            assert!(buf[..ct.len()].iter().all(|&b| b == 0), "{label}: output not wiped");
            assert!(!buf.windows(8).any(|w| pt.windows(8).any(|p| p == w)), "{label}: plaintext released");
            // The message is over: a retry with the right tag needs a new nonce.
            x.set_tag(&tag)?;
            let r = x.update(&ct);
            println!("{label}: retry after a failure -> {}", describe(&r));
            if label == "ferrofips" {
                expect_error("retry after a failure", r)?;
            }
        }
    }
    // A decryption final that never saw the payload verifies the (empty) message instead of succeeding.
    let mut x = ccm(&ours, false, Some(&bad))?;
    expect_error("decryption final without the payload, wrong tag", x.finish())?;
    let mut y = ccm(&theirs, false, Some(&bad))?;
    println!("default: decryption final without the payload, wrong tag -> {}", describe(&y.finish()));
    let mut x = ccm(&ours, true, None)?;
    x.update(b"")?;
    let empty_tag = x.get_tag(16)?;
    let mut x = ccm(&ours, false, Some(&empty_tag))?;
    assert!(x.finish()?.is_empty(), "the right tag of the empty message verifies at final");
    Ok(())
}

/// One misuse sequence on a fresh CCM encryption context.
type Step = fn(&mut CipherCtx<'_>) -> Result<usize, ErrorStack>;

#[test]
fn ccm_call_order() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-CCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-128-CCM", None)?;
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        let mut x = ccm(c, true, None)?;
        expect_error(&format!("{label}: AAD without a declared length"), x.update_aad(b"aad"))?;
        let mut x = CipherCtx::new(c, true)?;
        expect_error(&format!("{label}: data without a key"), x.update(b"data"))?;
        x.set_iv_length(12)?;
        x.init(Some(&[0x11; 16]), None)?;
        expect_error(&format!("{label}: data without a nonce"), x.update(b"data"))?;
        let mut x = ccm(c, false, None)?;
        expect_error(&format!("{label}: decryption without a tag"), x.update(b"data"))?;
        let mut x = ccm(c, true, None)?;
        x.update(b"data")?;
        expect_error(&format!("{label}: a second payload update"), x.update(b"more"))?;
        let mut x = ccm(c, true, None)?;
        x.update(b"data")?;
        x.get_tag(16)?;
        expect_error(&format!("{label}: data after the tag without a new nonce"), x.update(b"data"))?;
        // Deliberately stricter than OpenSSL (which silently mis-authenticates these):
        let cases: [(&str, Step); 3] = [
            ("AAD after the data", |x| x.update(b"data").and_then(|_| x.update_aad(b"aad"))),
            ("a second AAD update", |x| {
                x.declare_length(4).and_then(|_| x.update_aad(b"a")).and_then(|_| x.update_aad(b"b"))
            }),
            ("a length declared after the AAD", |x| {
                x.declare_length(4).and_then(|_| x.update_aad(b"a")).and_then(|_| x.declare_length(4))
            }),
        ];
        for (what, f) in cases {
            let mut x = ccm(c, true, None)?;
            let r = f(&mut x);
            println!("{label}: {what} -> {}", describe(&r));
            if label == "ferrofips" {
                expect_error(what, r)?;
            }
        }
        // TLS records: a 13-byte header only, and records long enough for the nonce and tag.
        let mut x = ccm(c, true, None)?;
        x.set_iv_fixed(&[1, 2, 3, 4])?;
        expect_error(&format!("{label}: 12-byte TLS AAD"), x.tls1_aad(&[0; 12]))?;
        expect_error(&format!("{label}: 3-byte fixed IV"), x.set_iv_fixed(&[1, 2, 3]))?;
        let mut hdr = [0u8; 13];
        hdr[11..].copy_from_slice(&20u16.to_be_bytes());
        assert_eq!(x.tls1_aad(&hdr)?, 16, "{label}: the pad is the tag length");
        refused(label, "TLS record shorter than nonce and tag", x.cipher_in_place(&mut [0; 20]))?;
    }
    Ok(())
}
