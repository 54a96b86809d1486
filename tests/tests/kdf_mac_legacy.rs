//! The "mac-legacy" HMAC key type + signature, as libssl uses them for TLS 1.3 PSK binders:
//! `EVP_PKEY_new_raw_private_key_ex(libctx, "HMAC", propq, key)` then `EVP_DigestSignInit_ex(.., mdname, ..)`,
//! update, final. The result must equal EVP_MAC HMAC (ours and OpenSSL's default provider).

use ferrofips_evp::{LibCtx, Mac, MacPkey, Params, system_hmac};
use ferrofips_tests::digests::hmac_digests;
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn hmac_pkey<'a>(ctx: &'a LibCtx, key: &[u8]) -> Result<MacPkey<'a>, ferrofips_evp::ErrorStack> {
    MacPkey::new_raw(ctx, "HMAC", Some(PROPQ), key)
}

#[test]
fn psk_binder_style_sign_matches_evp_mac() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mac = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    // A TLS 1.3 binder: HMAC(finished_key, Transcript-Hash(truncated ClientHello)), both hash-length.
    for (md, n) in [("SHA256", 32usize), ("SHA384", 48)] {
        let finished_key: Vec<u8> = (0..n as u8).collect();
        let transcript_hash = vec![0x5a; n];
        let key = hmac_pkey(&ctx, &finished_key)?;
        assert_eq!(key.provider_name(), "ferrofips");
        let mut sign = key.sign_init(Some(md), Some(PROPQ), None)?;
        assert_eq!(sign.size()?, n);
        sign.update(&transcript_hash)?;
        let binder = sign.finish()?;
        assert_eq!(binder.len(), n);
        assert_eq!(binder, mac.mac(md, &finished_key, &transcript_hash)?);
        assert_eq!(binder, system_hmac(md, &finished_key, &transcript_hash)?);
        // The raw key comes back out through the keymgmt's export.
        assert_eq!(key.raw_private_key()?, finished_key);
    }
    Ok(())
}

#[test]
fn random_keys_digests_and_splits_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let digests: Vec<&str> = hmac_digests().map(|d| d.name).collect();
    let strategy = (0..digests.len(), vec(any::<u8>(), 0..200), vec(vec(any::<u8>(), 0..300), 0..4));
    let mut runner = TestRunner::new(Config { cases: 200, failure_persistence: None, ..Config::default() });
    runner.run(&strategy, |(i, key, parts)| {
        let md = digests[i];
        let whole = parts.concat();
        let expected = system_hmac(md, &key, &whole).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let pkey = hmac_pkey(&ctx, &key).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let got = pkey.digest_sign(md, &parts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(got, expected, "{} key {} bytes, {} parts", md, key.len(), parts.len());
        Ok(())
    })?;
    Ok(())
}

#[test]
fn misuse_is_refused() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let key = hmac_pkey(&ctx, &[7; 32])?;
    for bad in ["SHAKE-128", "MD5", "NO-SUCH-DIGEST"] {
        assert!(key.sign_init(Some(bad), Some(PROPQ), None).is_err(), "{bad} accepted");
    }
    // Changing the digest on the signature context (forwarded to the HMAC) is honoured.
    let mut s = key.sign_init(Some("SHA256"), Some(PROPQ), None)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA2-512");
    s.set_params(&p)?;
    s.update(b"abc")?;
    assert_eq!(s.finish()?, system_hmac("SHA512", &[7; 32], b"abc")?);
    // The TLS CBC record MAC mode (tls-data-size) is not offered.
    let mut s = key.sign_init(Some("SHA256"), Some(PROPQ), None)?;
    let mut p = Params::new();
    p.size_t("tls-data-size", 100);
    let err = s.set_params(&p).expect_err("tls-data-size accepted");
    assert!(err.mentions("tls-data-size"), "{err}");
    // Empty keys are valid HMAC keys (and in standard mode allowed).
    if !ferrofips_selftest::mode::strict() {
        let empty = hmac_pkey(&ctx, b"")?;
        assert_eq!(empty.digest_sign("SHA256", &[b"m"])?, system_hmac("SHA256", b"", b"m")?);
    }
    Ok(())
}
