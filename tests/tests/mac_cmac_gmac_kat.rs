//! Known answers for the provider's EVP_MACs "CMAC" and "GMAC" through real OpenSSL (`EVP_MAC_*`):
//! the RFC 4493 / SP 800-38B Appendix D examples for AES-128/192/256 CMAC (whole, chunked and byte-wise
//! updates), IEEE 802.1AE and GCM-spec GMAC examples, and every ACVP-AES-GCM case with an empty plaintext
//! (GMAC = GCM authenticating only), with the default backends and, in a child process, FERROFIPS_CPU=portable.

use std::env;

use ferrofips_evp::{LibCtx, Mac, MacCtx, Params};
use ferrofips_kat::gcm;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// The message of the SP 800-38B / RFC 4493 examples (the SP 800-38A plaintext); examples use 0, 16, 40, 64 bytes.
const MSG: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                   30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

/// (cipher, key, [(message length, tag)]).
type CmacExample = (&'static str, &'static str, [(usize, &'static str); 4]);

/// RFC 4493 §4 Examples 1-4 (AES-128) and NIST's SP 800-38B Appendix D
/// CMAC examples 5-12 (AES-192, AES-256).
const CMAC_EXAMPLES: &[CmacExample] = &[
    (
        "AES-128-CBC",
        "2b7e151628aed2a6abf7158809cf4f3c",
        [
            (0, "bb1d6929e95937287fa37d129b756746"),
            (16, "070a16b46b4d4144f79bdd9dd04a287c"),
            (40, "dfa66747de9ae63030ca32611497c827"),
            (64, "51f0bebf7e3b9d92fc49741779363cfe"),
        ],
    ),
    (
        "AES-192-CBC",
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        [
            (0, "d17ddf46adaacde531cac483de7a9367"),
            (16, "9e99a7bf31e710900662f65e617c5184"),
            (40, "8a1de5be2eb31aad089a82e6ee908b0e"),
            (64, "a1d5df0eed790f794d77589659f39a11"),
        ],
    ),
    (
        "AES-256-CBC",
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        [
            (0, "028962f61b7bf89efc6b551f4667d983"),
            (16, "28a7023f452e8f82bd4bf28d8c37c35c"),
            (40, "aaf3d8f1de5640c232f5b169b9c911e6"),
            (64, "e1992190549f6ed5696a2c056c315410"),
        ],
    ),
];

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex constant")
}

fn ours<'a>(ctx: &'a LibCtx, name: &str) -> Result<Mac<'a>, Box<dyn std::error::Error>> {
    let mac = Mac::fetch(ctx, name, Some(PROPQ))?;
    assert_eq!(mac.provider_name(), PROVIDER_NAME, "{name} not from ferrofips");
    Ok(mac)
}

/// Prints the module's backends; in the portable child, checks they are all soft.
fn report_backends(ctx: &LibCtx) -> TestResult {
    let info = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.info()?;
    let backends = info.buildinfo.unwrap_or_default().split("backends:").nth(1).unwrap_or("").trim().to_owned();
    println!("module backends: {backends}");
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        assert!(backends.split(',').all(|b| b.trim().ends_with("=soft")), "not portable: {backends}");
        println!("backends: all soft (portable)");
    }
    Ok(())
}

#[test]
fn cmac_published_examples() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    report_backends(&ctx)?;
    let mac = ours(&ctx, "CMAC")?;
    let msg = unhex(MSG);
    let mut n = 0;
    for (cipher, key, cases) in CMAC_EXAMPLES {
        let key = unhex(key);
        let mut params = Params::new();
        params.utf8("cipher", cipher);
        for (len, tag) in cases {
            let m = &msg[..*len];
            let want = unhex(tag);
            let mut c = MacCtx::new(&mac)?;
            c.init(Some(&key), Some(&params))?;
            assert_eq!((c.mac_size(), c.block_size()), (16, 16), "{cipher} sizes");
            c.update(m)?;
            assert_eq!(c.finish()?, want, "{cipher} len {len} one-shot");
            // The same context again (init with a NULL key restarts the keyed MAC), byte by byte.
            c.init(None, None)?;
            for b in m {
                c.update(std::slice::from_ref(b))?;
            }
            assert_eq!(c.finish()?, want, "{cipher} len {len} byte-wise");
            // Key and cipher as parameters, then every two-piece split.
            for cut in 0..=m.len() {
                let mut p = Params::new();
                p.utf8("cipher", cipher).octets("key", &key);
                let mut c = MacCtx::new(&mac)?;
                c.set_params(&p)?;
                c.init(None, None)?;
                c.update(&m[..cut])?;
                c.update(&m[cut..])?;
                assert_eq!(c.finish()?, want, "{cipher} len {len} cut {cut}");
            }
            n += 1;
        }
    }
    println!("CMAC: {n} published examples through EVP_MAC");
    Ok(())
}

#[test]
fn cmac_portable_backends() -> TestResult {
    let out = child::run_in_child("cmac_published_examples", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("backends: all soft (portable)"), "the child did not run on portable backends");
    Ok(())
}

fn gmac_params(key_len: usize, iv: &[u8]) -> Params {
    let mut p = Params::new();
    p.utf8("cipher", &format!("AES-{}-GCM", key_len * 8)).octets("iv", iv);
    p
}

#[test]
fn gmac_published_examples() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mac = ours(&ctx, "GMAC")?;
    // McGrew & Viega GCM spec Test Case 1, and IEEE 802.1AE Annex C.1.1 (54-byte packet, GCM-AES-128 integrity).
    let cases = [
        ("00000000000000000000000000000000", "000000000000000000000000", "", "58e2fccefa7e3061367f1d57a4e7455a"),
        (
            "ad7a2bd03eac835a6f620fdcb506b345",
            "12153524c0895e81b2c28465",
            "d609b1f056637a0d46df998d88e5222ab2c2846512153524c0895e8108000f101112131415161718191a1b1c1d1e1f\
             202122232425262728292a2b2c2d2e2f30313233340001",
            "f09478a9b09007d06f46e9b6a1da25dd",
        ),
    ];
    for (key, iv, m, tag) in cases {
        let (key, iv, m) = (unhex(key), unhex(iv), unhex(m));
        let mut c = MacCtx::new(&mac)?;
        c.init(Some(&key), Some(&gmac_params(key.len(), &iv)))?;
        assert_eq!(c.mac_size(), 16);
        for piece in m.chunks(5) {
            c.update(piece)?;
        }
        assert_eq!(c.finish()?, unhex(tag));
    }
    Ok(())
}

#[test]
fn gmac_acvp_gcm_empty_plaintext() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    report_backends(&ctx)?;
    let mac = ours(&ctx, "GMAC")?;
    let cases: Vec<_> = gcm::load()?.into_iter().filter(|c| c.pt.is_empty() && c.ct.is_empty()).collect();
    assert!(cases.len() >= 30, "only {} empty-plaintext GCM cases", cases.len());
    let (mut pass, mut fail) = (0, 0);
    for c in &cases {
        let mut m = MacCtx::new(&mac)?;
        m.init(Some(&c.key), Some(&gmac_params(c.key.len(), &c.iv)))
            .map_err(|e| format!("{} tcId {} init: {e}", c.source, c.tc_id))?;
        m.update(&c.aad)?;
        let full = m.finish()?;
        assert_eq!(full.len(), 16);
        assert_eq!(full[..c.tag.len()] == c.tag[..], c.passed, "{} tcId {}", c.source, c.tc_id);
        if c.passed { pass += 1 } else { fail += 1 }
    }
    println!("GMAC: {} ACVP-AES-GCM empty-plaintext cases ({pass} tags match, {fail} must not)", cases.len());
    assert!(fail > 0, "no negative cases");
    Ok(())
}

#[test]
fn gmac_portable_backends() -> TestResult {
    let out = child::run_in_child("gmac_acvp_gcm_empty_plaintext", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("backends: all soft (portable)"), "the child did not run on portable backends");
    Ok(())
}

#[test]
fn names_and_params_as_openssl() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let cmac = ours(&ctx, "CMAC")?;
    assert_eq!(cmac.name(), "CMAC");
    let gmac = ours(&ctx, "GMAC")?;
    let by_oid = ours(&ctx, "1.0.9797.3.4")?;
    assert_eq!(by_oid.name(), gmac.name());
    let keys = |d: Vec<ferrofips_evp::ParamDescriptor>| -> Vec<String> { d.into_iter().map(|p| p.key).collect() };
    assert_eq!(keys(cmac.settable_ctx_params()), ["cipher", "properties", "key", "encrypt-check"]);
    assert_eq!(keys(cmac.gettable_ctx_params()), ["size", "block-size", "fips-indicator"]);
    assert_eq!(keys(gmac.settable_ctx_params()), ["cipher", "properties", "key", "iv"]);
    assert!(gmac.gettable_ctx_params().is_empty(), "GMAC has no gettable context params in OpenSSL");
    // CMAC reports its sizes (0 until keyed, like OpenSSL) and the approved indicator.
    let mut c = MacCtx::new(&cmac)?;
    assert_eq!(c.mac_size(), 0);
    let mut p = Params::new();
    p.utf8("cipher", "AES-256-CBC").octets("key", &[1u8; 32]);
    c.set_params(&p)?;
    assert_eq!((c.mac_size(), c.block_size()), (16, 16));
    let mut q = Params::new();
    q.request_int("fips-indicator");
    c.get_params(&mut q)?;
    assert_eq!(q.get_int("fips-indicator"), Some(1));
    Ok(())
}
