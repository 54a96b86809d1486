//! Every ACVP HMAC vector (HMAC-SHA-1/256/384/512, revisions 1.0 and 2.0) through the provider's EVP_MAC
//! "HMAC", with the module's default backends and, in a child process, FERROFIPS_CPU=portable.

use std::env;

use ferrofips_evp::{Mac, MacCtx, Params};
use ferrofips_kat::hmac;
use ferrofips_tests::digests::by_nist;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

#[test]
fn acvp_hmac_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let buildinfo = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.info()?.buildinfo.unwrap_or_default();
    let backends = buildinfo.split("backends:").nth(1).unwrap_or("").trim().to_owned();
    println!("module backends: {backends}");
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        assert!(backends.split(',').all(|b| b.trim().ends_with("=soft")), "not portable: {backends}");
        println!("backends: all soft (portable)");
    }
    let mac = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let mut total = 0usize;
    for alg in hmac::ALGORITHMS {
        let digest = by_nist(alg.name()).ok_or(format!("{} has no OpenSSL name", alg.name()))?.name;
        let cases = hmac::load(alg)?;
        let mut params = Params::new();
        params.utf8("digest", digest);
        for c in &cases {
            let mut m = MacCtx::new(&mac)?;
            m.init(Some(&c.key), Some(&params)).map_err(|e| format!("{digest} tcId {} init: {e}", c.tc_id))?;
            m.update(&c.msg)?;
            let full = m.finish().map_err(|e| format!("{digest} tcId {} final: {e}", c.tc_id))?;
            c.check(&full).map_err(|e| format!("HMAC-{digest} ({}): {e}", c.source))?;
        }
        println!("HMAC-{digest:9} {:4} cases", cases.len());
        assert!(!cases.is_empty(), "no HMAC vectors for {digest}");
        total += cases.len();
    }
    println!("total HMAC vectors passed through the provider: {total}");
    Ok(())
}

#[test]
fn acvp_hmac_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_hmac_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("backends: all soft (portable)"), "the child did not run on portable backends");
    Ok(())
}
