//! Every MAC and KDF the module offers through out-of-order calls and hostile parameters (unknown or XOF
//! digests, non-AES or AEAD ciphers, empty and huge keys, absurd sizes, wrongly typed values, tiny output
//! buffers, dup, double final, reset). A failure carries an entry on the OpenSSL error stack, nothing crashes, and
//! no call panics inside the module (which would leave it in its error state: it must still answer a KAT).

use std::sync::atomic::{AtomicUsize, Ordering};

use ferrofips_evp::{ErrorStack, Kdf, KdfCtx, Mac, MacCtx, ParamType, Params};
use ferrofips_tests::{Installation, PROPQ, TestResult};

static FAILURES: AtomicUsize = AtomicUsize::new(0);

fn clean<T>(what: &str, name: &str, r: Result<T, ErrorStack>) {
    if let Err(e) = r {
        FAILURES.fetch_add(1, Ordering::Relaxed);
        assert!(!e.errors.is_empty(), "{name}: {what} failed without an error on the stack");
    }
}

/// Hostile single parameters: (key, value).
fn hostile_params() -> Vec<Params> {
    let mut v = Vec::new();
    for (k, s) in [
        ("digest", "NOPE"),
        ("digest", "SHAKE-256"),
        ("digest", ""),
        ("cipher", "DES-EDE3-CBC"),
        ("cipher", "AES-128-GCM"),
        ("cipher", "AES-128-CBC"),
        ("mac", "KMAC-128"),
        ("mac", "NOPE"),
        ("mode", "bogus"),
        ("type", "Z"),
        ("properties", "provider=nowhere"),
    ] {
        let mut p = Params::new();
        p.utf8(k, s);
        v.push(p);
    }
    for (k, n) in [("key", 0usize), ("key", 100_000), ("iv", 0), ("custom", 1000), ("salt", 1 << 20), ("pass", 0)] {
        let mut p = Params::new();
        p.octets(k, &vec![0x33u8; n]);
        v.push(p);
    }
    for (k, n) in [("size", 0usize), ("size", usize::MAX), ("iter", 0), ("r", 7), ("mode", 99), ("xof", 7)] {
        let mut p = Params::new();
        p.size_t(k, n);
        v.push(p);
    }
    let mut p = Params::new();
    p.octets("digest", b"SHA256");
    v.push(p);
    let mut p = Params::new();
    p.raw("size", ParamType::UnsignedInteger, &[1, 2, 3]);
    v.push(p);
    v
}

fn hostile_mac(m: &Mac<'_>, name: &str) -> TestResult {
    let mut x = MacCtx::new(m)?;
    clean("update before init", name, x.update(b"abc"));
    clean("final before init", name, x.finish());
    clean("init without key", name, x.init(None, None));
    for p in hostile_params() {
        clean("set", name, x.set_params(&p));
        clean("init with param", name, x.init(Some(&[7u8; 32]), Some(&p)));
    }
    for k in ["size", "block-size", "fips-indicator"] {
        let mut p = Params::new();
        p.request(k, ParamType::UnsignedInteger, 1);
        clean(k, name, x.get_params(&mut p));
    }
    // A plausible keyed message, then misuse around the final.
    let mut p = Params::new();
    match name {
        "HMAC" => p.utf8("digest", "SHA2-256"),
        "CMAC" => p.utf8("cipher", "AES-256-CBC"),
        "GMAC" => p.utf8("cipher", "AES-256-GCM").octets("iv", &[1u8; 12]),
        _ => &mut p,
    };
    clean("valid init", name, x.init(Some(&[7u8; 32]), Some(&p)));
    clean("update", name, x.update(&[0u8; 1000]));
    clean("size query", name, x.final_size_query());
    if let Ok(mut y) = x.try_clone() {
        clean("dup final", name, y.finish());
    }
    clean("final into 1 byte", name, x.finish_into(&mut [0u8; 1]));
    clean("final", name, x.finish());
    clean("second final", name, x.finish());
    clean("update after final", name, x.update(b"more"));
    Ok(())
}

fn hostile_kdf(k: &Kdf<'_>, name: &str) -> TestResult {
    let mut x = KdfCtx::new(k)?;
    clean("derive without params", name, x.derive(32, None));
    clean("derive 0", name, x.derive(0, None));
    for p in hostile_params() {
        clean("set", name, x.set_params(&p));
        clean("derive with param", name, x.derive(16, Some(&p)));
    }
    let mut p = Params::new();
    p.request("size", ParamType::UnsignedInteger, 1);
    clean("1-byte size get", name, x.get_params(&mut p));
    if let Ok(mut y) = x.try_clone() {
        clean("dup derive", name, y.derive(16, None));
    }
    x.reset();
    clean("derive after reset", name, x.derive(16, None));
    clean("derive 1 MiB", name, x.derive(1 << 20, None));
    Ok(())
}

#[test]
fn every_mac_and_kdf_survives_hostile_call_sequences() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in ["HMAC", "CMAC", "GMAC", "KMAC-128", "KMAC-256"] {
        let m = Mac::fetch(&ctx, name, Some(PROPQ)).map_err(|e| format!("{name}: {e:?}"))?;
        hostile_mac(&m, name)?;
    }
    for name in ["HKDF", "TLS13-KDF", "TLS1-PRF", "SSKDF", "X963KDF", "KBKDF", "PBKDF2", "SSHKDF"] {
        let k = Kdf::fetch(&ctx, name, Some(PROPQ)).map_err(|e| format!("{name}: {e:?}"))?;
        hostile_kdf(&k, name)?;
    }
    let failures = FAILURES.load(Ordering::Relaxed);
    eprintln!("{failures} hostile calls failed cleanly");
    assert!(failures > 13 * 10, "only {failures} calls failed: the hostile calls did not reach the module");
    // Still operational: RFC 4231 test case 1 through HMAC-SHA-256 (a 160-bit key, so strict mode serves it too).
    let m = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let tag = m.mac("SHA2-256", &[0x0b; 20], b"Hi There")?;
    assert_eq!(hex::encode(tag), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    Ok(())
}
