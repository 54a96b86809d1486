//! Every cipher the module offers, both directions, through a sequence of out-of-order calls and hostile
//! parameters (no key, no IV, absurd lengths, wrong parameter sizes, tiny output buffers, dup mid-stream, double
//! final). Whatever each call returns, a failure carries an entry on the OpenSSL error stack, nothing crashes, and
//! no call panics inside the module: a contained panic would put the module into its error state, so the module
//! must still be operational (a known-answer encryption still works) at the end.

use std::sync::atomic::{AtomicUsize, Ordering};

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, ParamType, Params};
use ferrofips_tests::{Installation, PROPQ, TestResult};

/// Every cipher name the module registers.
fn names() -> Vec<String> {
    let mut v = Vec::new();
    for bits in [128, 192, 256] {
        for mode in [
            "ECB",
            "CBC",
            "CBC-CTS",
            "CTR",
            "CFB",
            "CFB1",
            "CFB8",
            "OFB",
            "GCM",
            "CCM",
            "WRAP",
            "WRAP-PAD",
            "WRAP-INV",
            "WRAP-PAD-INV",
        ] {
            v.push(format!("AES-{bits}-{mode}"));
        }
    }
    v.push("AES-128-XTS".into());
    v.push("AES-256-XTS".into());
    v
}

/// Calls that failed (the sweep must exercise the error paths, not only succeed).
static FAILURES: AtomicUsize = AtomicUsize::new(0);

/// A failure must say why on the error stack.
fn clean<T>(what: &str, name: &str, r: Result<T, ErrorStack>) {
    if let Err(e) = r {
        FAILURES.fetch_add(1, Ordering::Relaxed);
        assert!(!e.errors.is_empty(), "{name}: {what} failed without an error on the stack");
    }
}

fn hostile(c: &Cipher<'_>, name: &str, enc: bool) -> TestResult {
    let key: Vec<u8> = (0..c.key_length()).map(|i| (i * 7 + 1) as u8).collect();
    let iv = vec![0x5au8; c.iv_length().max(1)];
    let mut x = CipherCtx::new(c, enc)?;
    // Data and final before any key.
    clean("update without key", name, x.update(&[0u8; 32]));
    clean("aad without key", name, x.update_aad(&[1u8; 13]));
    clean("final without key", name, x.finish());
    // Absurd parameters, before and after the key.
    for round in 0..2 {
        if round == 1 {
            clean("init with key", name, x.init(Some(&key), None));
        }
        for (k, v) in [("ivlen", usize::MAX), ("ivlen", 0), ("ivlen", 1 << 20), ("keylen", 0), ("keylen", 1 << 40)] {
            let mut p = Params::new();
            p.size_t(k, v);
            clean(k, name, x.set_params(&p));
        }
        for (k, v) in [("num", u32::MAX), ("padding", 7), ("use-bits", u32::MAX), ("tls-version", 0x303)] {
            let mut p = Params::new();
            p.uint(k, v);
            clean(k, name, x.set_params(&p));
        }
        let mut p = Params::new();
        p.octets("tag", &[0u8; 1000]);
        clean("tag 1000", name, x.set_params(&p));
        let mut p = Params::new();
        p.octets("tlsaad", &[0u8; 3]);
        clean("tlsaad 3", name, x.set_params(&p));
        let mut p = Params::new();
        p.utf8("cts_mode", "CS9");
        clean("cts_mode", name, x.set_params(&p));
        // Wrongly typed and wrongly sized parameters.
        let mut p = Params::new();
        p.utf8("ivlen", "twelve");
        clean("ivlen as string", name, x.set_params(&p));
        let mut p = Params::new();
        p.raw("keylen", ParamType::UnsignedInteger, &[1, 2, 3]);
        clean("3-byte keylen", name, x.set_params(&p));
        // Tiny output buffers for every gettable.
        for k in ["iv", "updated-iv", "tag", "tlsivgen"] {
            for size in [0usize, 1, 1000] {
                let mut p = Params::new();
                p.request(k, ParamType::OctetString, size);
                clean(k, name, x.get_params(&mut p));
            }
        }
        let mut p = Params::new();
        p.request("keylen", ParamType::UnsignedInteger, 1);
        clean("1-byte keylen get", name, x.get_params(&mut p));
    }
    // A message with and without an IV, odd lengths, AAD in the middle, dup mid-stream, double final.
    clean("init iv", name, x.init(Some(&key), Some(&iv[..c.iv_length()])));
    for len in [0usize, 1, 15, 16, 17, 4096] {
        clean("update", name, x.update(&vec![0xa5u8; len]));
    }
    clean("aad after data", name, x.update_aad(&[2u8; 5]));
    if let Ok(mut y) = x.try_clone() {
        clean("dup update", name, y.update(&[1u8; 33]));
        clean("dup final", name, y.finish());
    }
    clean("final", name, x.finish());
    clean("second final", name, x.finish());
    clean("update after final", name, x.update(&[0u8; 16]));
    clean("re-init without iv", name, x.init(None, None));
    clean("update after re-init", name, x.update(&[0u8; 48]));
    clean("final after re-init", name, x.finish());
    Ok(())
}

#[test]
fn every_cipher_survives_hostile_call_sequences() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mut fetched = 0;
    for name in names() {
        let c = Cipher::fetch(&ctx, &name, Some(PROPQ)).map_err(|e| format!("{name}: not offered: {e:?}"))?;
        fetched += 1;
        for enc in [true, false] {
            hostile(&c, &name, enc)?;
        }
    }
    assert_eq!(fetched, 44);
    // Each sequence has calls no cipher can accept (data before a key, a 1000-byte tag, ivlen 0, ...).
    let failures = FAILURES.load(Ordering::Relaxed);
    eprintln!("{failures} hostile calls failed cleanly");
    assert!(failures > 88 * 5, "only {failures} calls failed: the hostile calls did not reach the module");
    // Still operational: no call panicked inside the module (FIPS 197 C.1 through ECB).
    let c = Cipher::fetch(&ctx, "AES-128-ECB", Some(PROPQ))?;
    let mut x = CipherCtx::new(&c, true)?;
    x.init(Some(&hex::decode("000102030405060708090a0b0c0d0e0f")?), None)?;
    x.set_padding(false)?;
    let mut ct = x.update(&hex::decode("00112233445566778899aabbccddeeff")?)?;
    ct.extend(x.finish()?);
    assert_eq!(hex::encode(ct), "69c4e0d86a7b0430d8cdb78070b4c55a");
    Ok(())
}
