//! The mac-legacy "CMAC" pair through real OpenSSL: a "CMAC" `EVP_PKEY` (`EVP_PKEY_fromdata` with `priv` and
//! `cipher`, what `EVP_PKEY_new_CMAC_key` does) and `EVP_DigestSign*` over it compute AES-CMAC: the RFC 4493 /
//! SP 800-38B examples, agreement with OpenSSL's default provider (one-shot and chunked), the key's export, and
//! clean failures for keys without or with a wrong cipher.

use ferrofips_evp::{KeySelection, LibCtx, Params, Pkey, system_default};
use ferrofips_tests::checks::{expect_error, pieces, runner};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn cmac_key<'a>(
    ctx: &'a LibCtx,
    propq: Option<&str>,
    cipher: Option<&str>,
    key: &[u8],
) -> Result<Pkey<'a>, ferrofips_evp::ErrorStack> {
    let mut p = Params::new();
    p.octets("priv", key);
    if let Some(c) = cipher {
        p.utf8("cipher", c);
    }
    Pkey::fromdata(ctx, "CMAC", propq, KeySelection::KeyPair, &p)
}

#[test]
fn digest_sign_published_examples() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let msg = hex::decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411")?;
    // RFC 4493 Example 3 (AES-128) and SP 800-38B Appendix D Examples 7 and 11 (AES-192/256), 40-byte message.
    let cases = [
        ("AES-128-CBC", "2b7e151628aed2a6abf7158809cf4f3c", "dfa66747de9ae63030ca32611497c827"),
        ("AES-192-CBC", "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "8a1de5be2eb31aad089a82e6ee908b0e"),
        (
            "AES-256-CBC",
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "aaf3d8f1de5640c232f5b169b9c911e6",
        ),
    ];
    for (cipher, key, tag) in cases {
        let key = hex::decode(key)?;
        let pkey = cmac_key(&ctx, Some(PROPQ), Some(cipher), &key)?;
        assert_eq!(pkey.signature_provider(&ctx, None, Some(PROPQ))?, PROVIDER_NAME);
        assert_eq!(hex::encode(pkey.digest_sign(&ctx, None, &msg, Some(PROPQ))?), tag, "{cipher} one-shot");
        let parts = [&msg[..7], &msg[7..23], &msg[23..]];
        assert_eq!(hex::encode(pkey.digest_sign_chunks(&ctx, None, &parts, Some(PROPQ))?), tag, "{cipher} chunked");
        // The key exports its bytes and its cipher, like OpenSSL's.
        let data = pkey.todata(KeySelection::KeyPair)?;
        let get = |k: &str| data.iter().find(|p| p.key == k).map(|p| p.data.clone());
        assert_eq!(get("priv"), Some(key.clone()));
        assert_eq!(get("cipher"), Some(cipher.as_bytes().to_vec()));
    }
    Ok(())
}

#[test]
fn digest_sign_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    let strategy = (0usize..3, vec(any::<u8>(), 32), vec(any::<u8>(), 0..400), vec(0usize..400, 0..4));
    runner(100).run(&strategy, |(i, key, msg, cuts)| {
        let cipher = ["AES-128-CBC", "AES-192-CBC", "AES-256-CBC"][i];
        let key = &key[..16 + 8 * i];
        let fail = |e: ferrofips_evp::ErrorStack| TestCaseError::fail(e.to_string());
        let ours = cmac_key(&ctx, Some(PROPQ), Some(cipher), key).map_err(fail)?;
        let theirs = cmac_key(&sys, None, Some(cipher), key).map_err(fail)?;
        let parts = pieces(&msg, &cuts);
        let a = ours.digest_sign_chunks(&ctx, None, &parts, Some(PROPQ)).map_err(fail)?;
        let b = theirs.digest_sign_chunks(&sys, None, &parts, None).map_err(fail)?;
        prop_assert_eq!(a, b, "{} message {} bytes", cipher, msg.len());
        Ok(())
    })?;
    Ok(())
}

#[test]
fn bad_cmac_keys_fail_cleanly() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let msg = b"message";
    // No cipher: the key imports (OpenSSL's does too) but cannot sign.
    let no_cipher = cmac_key(&ctx, Some(PROPQ), None, &[1u8; 16])?;
    expect_error("CMAC key without a cipher", no_cipher.digest_sign(&ctx, None, msg, Some(PROPQ)))?;
    // Ciphers CMAC does not take here.
    for cipher in ["DES-EDE3-CBC", "AES-128-ECB", "AES-128-GCM", "NOPE"] {
        expect_error(&format!("CMAC key with cipher {cipher}"), cmac_key(&ctx, Some(PROPQ), Some(cipher), &[1u8; 24]))?;
    }
    // A key length that does not match the cipher.
    let wrong = cmac_key(&ctx, Some(PROPQ), Some("AES-256-CBC"), &[1u8; 16])?;
    expect_error("AES-256-CBC CMAC key of 16 bytes", wrong.digest_sign(&ctx, None, msg, Some(PROPQ)))?;
    // The "HMAC" key type keeps working next to "CMAC" (its keys never reach the CMAC signature).
    let mut p = Params::new();
    p.octets("priv", &[2u8; 32]);
    let hmac = Pkey::fromdata(&ctx, "HMAC", Some(PROPQ), KeySelection::KeyPair, &p)?;
    assert_eq!(hmac.digest_sign(&ctx, Some("SHA256"), msg, Some(PROPQ))?.len(), 32);
    Ok(())
}
