//! Misuse of the provider's EVP_MACs "CMAC" and "GMAC" through real OpenSSL: every case must fail cleanly (an
//! error on the stack, no crash, no MAC), and the context must stay usable afterwards where that makes sense.

use ferrofips_evp::{LibCtx, Mac, MacCtx, ParamType, Params};
use ferrofips_tests::checks::expect_error;
use ferrofips_tests::{Installation, PROPQ, TestResult};

fn fetch<'a>(ctx: &'a LibCtx, name: &str) -> Result<Mac<'a>, Box<dyn std::error::Error>> {
    Ok(Mac::fetch(ctx, name, Some(PROPQ))?)
}

fn cipher(name: &str) -> Params {
    let mut p = Params::new();
    p.utf8("cipher", name);
    p
}

#[test]
fn cmac_bad_keys_and_ciphers() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mac = fetch(&ctx, "CMAC")?;
    // Wrong key length for the cipher (including the other AES sizes, and empty).
    for (name, len) in [("AES-128-CBC", 0usize), ("AES-128-CBC", 15), ("AES-128-CBC", 24), ("AES-192-CBC", 16)] {
        let mut c = MacCtx::new(&mac)?;
        expect_error(
            &format!("CMAC {name} with a {len}-byte key"),
            c.init(Some(&vec![1u8; len]), Some(&cipher(name))),
        )?;
        expect_error("update after the failed init", c.update(b"x"))?;
    }
    expect_error("CMAC AES-256-CBC with a 33-byte key", {
        let mut c = MacCtx::new(&mac)?;
        c.init(Some(&[1u8; 33]), Some(&cipher("AES-256-CBC")))
    })?;
    // Unknown, non-AES, and non-CBC ciphers.
    for name in ["NOPE", "DES-EDE3-CBC", "AES-128-ECB", "AES-128-GCM", "AES-128-CBC-CTS", "ChaCha20", ""] {
        let mut c = MacCtx::new(&mac)?;
        expect_error(&format!("CMAC cipher {name:?}"), c.set_params(&cipher(name)))?;
        expect_error(&format!("CMAC init with cipher {name:?}"), c.init(Some(&[1u8; 16]), Some(&cipher(name))))?;
    }
    // A key but no cipher, and a NULL key on a context that was never keyed.
    let mut c = MacCtx::new(&mac)?;
    expect_error("CMAC without a cipher", c.init(Some(&[1u8; 16]), None))?;
    expect_error("CMAC init with a NULL key, never keyed", c.init(None, Some(&cipher("AES-128-CBC"))))?;
    // Parameters of the wrong type.
    let mut p = Params::new();
    p.octets("cipher", b"AES-128-CBC");
    expect_error("cipher as an octet string", MacCtx::new(&mac)?.set_params(&p))?;
    let mut p = cipher("AES-128-CBC");
    p.utf8("key", "0123456789abcdef");
    expect_error("key as a UTF-8 string", MacCtx::new(&mac)?.set_params(&p))?;
    // The context still works after all that.
    c.init(Some(&[1u8; 16]), Some(&cipher("AES-128-CBC")))?;
    c.update(b"still fine")?;
    assert_eq!(c.finish()?.len(), 16);
    Ok(())
}

#[test]
fn gmac_bad_ivs_keys_and_ciphers() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mac = fetch(&ctx, "GMAC")?;
    let with_iv = |name: &str, iv: &[u8]| {
        let mut p = cipher(name);
        p.octets("iv", iv);
        p
    };
    // Missing IV, zero-length IV, over-long IV (OpenSSL's GCM_IV_MAX_SIZE is 128 bytes).
    let mut c = MacCtx::new(&mac)?;
    expect_error("GMAC without an IV", c.init(Some(&[1u8; 16]), Some(&cipher("AES-128-GCM"))))?;
    expect_error("GMAC with a zero-length IV", c.init(Some(&[1u8; 16]), Some(&with_iv("AES-128-GCM", &[]))))?;
    expect_error("GMAC with a 129-byte IV", c.init(Some(&[1u8; 16]), Some(&with_iv("AES-128-GCM", &[0; 129]))))?;
    let mut p = Params::new();
    p.null_data("iv", ParamType::OctetString, 12);
    expect_error("GMAC IV parameter without data", c.set_params(&p))?;
    // Wrong key lengths; missing cipher; non-GCM ciphers.
    for (name, len) in [("AES-128-GCM", 0usize), ("AES-128-GCM", 32), ("AES-256-GCM", 16), ("AES-192-GCM", 23)] {
        let mut c = MacCtx::new(&mac)?;
        expect_error(
            &format!("GMAC {name} with a {len}-byte key"),
            c.init(Some(&vec![1u8; len]), Some(&with_iv(name, &[0; 12]))),
        )?;
    }
    let mut p = Params::new();
    p.octets("iv", &[0; 12]);
    expect_error("GMAC without a cipher", MacCtx::new(&mac)?.init(Some(&[1u8; 16]), Some(&p)))?;
    for name in ["AES-128-CBC", "AES-128-CCM", "NOPE", ""] {
        expect_error(&format!("GMAC cipher {name:?}"), MacCtx::new(&mac)?.set_params(&cipher(name)))?;
    }
    // A second MAC without a new IV is refused (a repeated GMAC IV is forgeable); a new IV works.
    let mut c = MacCtx::new(&mac)?;
    c.init(Some(&[1u8; 16]), Some(&with_iv("AES-128-GCM", &[9; 12])))?;
    c.update(b"first")?;
    c.finish()?;
    let second = c.init(None, None).and_then(|()| c.update(b"second")).and_then(|()| c.finish());
    expect_error("GMAC again without a new IV", second)?;
    let mut p = Params::new();
    p.octets("iv", &[10; 12]);
    c.init(None, Some(&p))?;
    c.update(b"second")?;
    assert_eq!(c.finish()?.len(), 16);
    Ok(())
}

#[test]
fn order_and_buffer_misuse() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for (name, params) in [
        ("CMAC", cipher("AES-128-CBC")),
        ("GMAC", {
            let mut p = cipher("AES-128-GCM");
            p.octets("iv", &[3; 12]);
            p
        }),
    ] {
        let mac = fetch(&ctx, name)?;
        // Update and final before init.
        let mut c = MacCtx::new(&mac)?;
        expect_error(&format!("{name} update before init"), c.update(b"x"))?;
        expect_error(&format!("{name} final before init"), c.finish())?;
        // A NULL key before any key was set.
        expect_error(&format!("{name} init with a NULL key"), MacCtx::new(&mac)?.init(None, Some(&params)))?;
        // Final into a buffer one byte too small, then the right size still works.
        let mut c = MacCtx::new(&mac)?;
        c.init(Some(&[5u8; 16]), Some(&params))?;
        c.update(b"data")?;
        let mut small = [0u8; 15];
        expect_error(&format!("{name} final into 15 bytes"), c.finish_into(&mut small))?;
        assert_eq!(small, [0u8; 15], "{name}: nothing written to a too-small buffer");
        let mut out = [0u8; 16];
        assert_eq!(c.finish_into(&mut out)?, 16);
        // Update and final after final.
        expect_error(&format!("{name} update after final"), c.update(b"more"))?;
        expect_error(&format!("{name} final after final"), c.finish())?;
        // EVP_MAC_update with NULL and length 0 is fine mid-stream.
        if name == "CMAC" {
            c.init(None, None)?;
            c.update_null()?;
            assert_eq!(c.finish()?.len(), 16);
        }
    }
    Ok(())
}
