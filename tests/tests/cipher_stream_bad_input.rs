//! Misuse and malformed input for the provider's AES stream modes (CTR, CFB, CFB8, CFB1, OFB) through EVP:
//! wrong key and IV lengths, updates without a key or IV, a NULL output buffer, partially overlapping buffers,
//! `num` out of range, the TLS record mode, `use-bits` on the modes that ignore it. Each is a clean error with
//! an entry on the error stack (never a crash) or, where OpenSSL accepts the call, the default provider's
//! answer; the default provider's outcome is printed alongside where it can be run safely.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, Params, system_default};
use ferrofips_tests::checks::{describe, expect_error};
use ferrofips_tests::{Installation, PROPQ, TestResult};

const NAMES: [&str; 5] = ["AES-128-CTR", "AES-192-CFB", "AES-256-CFB8", "AES-128-CFB1", "AES-256-OFB"];

fn keyed<'a>(c: &Cipher<'a>, enc: bool) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    let key = vec![0x11; c.key_length()];
    x.init(Some(&key), Some(&[0x22; 16]))?;
    Ok(x)
}

#[test]
fn wrong_key_and_iv_lengths() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for n in NAMES {
        let ours = Cipher::fetch(&ctx, n, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, n, None)?;
        let other = if ours.key_length() == 16 { 32 } else { 16 };
        for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
            // EVP_CIPHER_CTX_set_key_length: the key length is fixed.
            let mut x = CipherCtx::new(c, true)?;
            expect_error(&format!("{label} {n}: set_key_length({other})"), x.set_key_length(other))?;
            assert_eq!(x.key_length(), c.key_length());
            x.set_key_length(i32::try_from(c.key_length())?)?;
        }
        // A "keylen" parameter naming another length is refused (the default provider ignores it).
        let mut x = CipherCtx::new(&ours, true)?;
        let mut p = Params::new();
        p.size_t("keylen", 17);
        expect_error(&format!("{n}: keylen 17"), x.set_params(&p))?;
        // "ivlen" is not a parameter of these ciphers: whatever EVP then passes, the outcome matches the default
        // provider's (an IV of a length other than 16 is refused).
        let mut outcomes = Vec::new();
        for c in [&ours, &theirs] {
            let mut x = CipherCtx::new(c, true)?;
            let mut p = Params::new();
            p.size_t("ivlen", 12);
            let set = x.set_params(&p).is_ok();
            let key = vec![0x11; c.key_length()];
            let iv = vec![0x22; x.iv_length()];
            let r = x.init(Some(&key), Some(&iv)).and_then(|()| x.update(b"0123456789abcdefXYZ"));
            println!("{n}: ivlen 12 -> set {set}, {}", describe(&r));
            outcomes.push((set, r.ok()));
        }
        assert_eq!(outcomes[0], outcomes[1], "{n}: ivlen 12 differs from the default provider");
    }
    Ok(())
}

#[test]
fn missing_key_iv_and_buffers() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for n in NAMES {
        let ours = Cipher::fetch(&ctx, n, Some(PROPQ))?;
        let mut x = CipherCtx::new(&ours, true)?;
        expect_error(&format!("{n}: update without a key"), x.update(b"data"))?;
        expect_error(&format!("{n}: EVP_Cipher without a key"), x.cipher(b"data"))?;
        expect_error(&format!("{n}: final without a key"), x.finish())?;
        // A key but never an IV: refused (OpenSSL would silently use an all-zero IV).
        let key = vec![0x11; ours.key_length()];
        x.init(Some(&key), None)?;
        expect_error(&format!("{n}: update without an IV"), x.update(b"data"))?;
        // NULL output with input (the default provider crashes on this for CTR, so it is not run there).
        let mut x = keyed(&ours, true)?;
        expect_error(&format!("{n}: NULL output"), x.update_aad(b"data"))?;
        // Output partially overlapping the input, both directions of the shift.
        for (len, shift) in [(40, 1), (40, 16), (17, 16)] {
            expect_error(&format!("{n}: overlap len {len} shift {shift}"), x.update_overlapping(len, shift))?;
        }
        // The context still works afterwards, and a zero-length update writes nothing.
        assert_eq!(x.update(b"")?.len(), 0);
        assert_eq!(x.update(b"abc")?.len(), 3);
        assert!(x.finish()?.is_empty());
    }
    Ok(())
}

#[test]
fn num_tls_and_use_bits() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for n in NAMES {
        let ours = Cipher::fetch(&ctx, n, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, n, None)?;
        for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
            let mut x = keyed(c, true)?;
            x.update(b"12345")?;
            // OpenSSL refuses any num at or above the block size, which is 1 here: only 0 may be set.
            for bad in [1, 15, 16, 1000, -1] {
                expect_error(&format!("{label} {n}: num {bad}"), x.set_num(bad))?;
            }
            x.set_num(0)?;
            assert_eq!(x.num(), 0, "{label} {n}");
        }
        // The MAC-then-encrypt TLS record mode is not offered (the default provider accepts the parameter).
        let mut x = keyed(&ours, false)?;
        let mut p = Params::new();
        p.uint("tls-version", 0x0303);
        expect_error(&format!("{n}: tls-version"), x.set_params(&p))?;
        let mut p = Params::new();
        p.uint("tls-version", 0).size_t("tls-mac-size", 20).uint("padding", 0);
        x.set_params(&p)?;
        // Wrong parameter types.
        let mut p = Params::new();
        p.utf8("num", "0");
        expect_error(&format!("{n}: num as a string"), x.set_params(&p))?;
        let mut p = Params::new();
        p.octets("use-bits", &[1]);
        expect_error(&format!("{n}: use-bits as octets"), x.set_params(&p))?;
    }
    Ok(())
}

#[test]
fn use_bits_only_changes_cfb1() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let data: Vec<u8> = (0..37u8).collect();
    for n in NAMES {
        let ours = Cipher::fetch(&ctx, n, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, n, None)?;
        if n.ends_with("CFB1") {
            // Bit lengths: 0 bits writes nothing, 1 and 13 bits leave the rest of the last byte alone.
            let mut outs = Vec::new();
            for c in [&ours, &theirs] {
                let mut x = keyed(c, true)?;
                x.set_length_bits(true);
                let a = x.update_bits(&data, 1, &[0xff; 2])?;
                let b = x.update_bits(&data, 13, &[0x0f; 2])?;
                x.set_length_bits(false);
                let c2 = x.update(&data[..3])?;
                outs.push((a, b, c2, x.updated_iv(16)?));
            }
            println!("{n}: {:?}", outs[0]);
            assert_eq!(outs[0], outs[1], "{n}: bit lengths differ from the default provider");
        } else {
            // Other modes accept the flag and keep counting bytes.
            let mut outs = Vec::new();
            for c in [&ours, &theirs] {
                let mut x = keyed(c, true)?;
                x.set_length_bits(true);
                outs.push(x.update(&data)?);
            }
            assert_eq!(outs[0], outs[1], "{n}: use-bits changed a byte-oriented mode");
        }
    }
    Ok(())
}
