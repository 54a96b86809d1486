//! The DRBG self-tests and the entropy source's health tests as OpenSSL applications see them: the power-on
//! events ("Continuous_RNG_Test"/"RNG", the SP 800-90B start-up test, then the "DRBG"/"CTR" CAST), fault injection
//! into each (the load fails), and the error state of the random-bit services afterwards. Every scenario that
//! fails the module runs in its own process (the error state is sticky per process).

use ferrofips_evp::{Corruption, Rand, SelfTestEvent};
use ferrofips_tests::{HarnessError, Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn check(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(HarnessError::new(msg).into()) }
}

/// (type, desc, final phase) of each test in the log.
fn outcomes(events: &[SelfTestEvent]) -> Vec<(String, String, String)> {
    events
        .iter()
        .filter(|e| e.phase == "Pass" || e.phase == "Fail")
        .map(|e| (e.ty.clone(), e.desc.clone(), e.phase.clone()))
        .collect()
}

#[test]
fn power_on_reports_entropy_startup_then_drbg_cast() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let got = outcomes(&log.events());
    let pos = |ty: &str, desc: &str| got.iter().position(|(t, d, _)| t == ty && d == desc);
    let crng = pos("Continuous_RNG_Test", "RNG").ok_or(format!("no entropy start-up event: {got:?}"))?;
    let drbg = pos("DRBG", "CTR").ok_or(format!("no DRBG CAST event: {got:?}"))?;
    check(crng < drbg, "the entropy start-up test must run before the DRBG CAST")?;
    check(got[crng].2 == "Pass" && got[drbg].2 == "Pass", format!("{got:?}"))?;
    // On-demand self-tests rerun both.
    log.clear();
    ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.self_test()?;
    let again = outcomes(&log.events());
    check(again.iter().any(|(t, _, p)| t == "Continuous_RNG_Test" && p == "Pass"), "no start-up test on demand")?;
    check(again.iter().any(|(t, _, p)| t == "DRBG" && p == "Pass"), "no DRBG CAST on demand")?;
    Ok(())
}

fn corrupted_load_fails(ty: &str, desc: &str) -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.load_explicitly(Some(Corruption::exact(ty, desc)))?;
    let got = outcomes(&log.events());
    println!("{got:?}\nload: {loaded:?}");
    check(loaded.is_err(), format!("the module loaded with a corrupted ({ty}, {desc}) test"))?;
    check(
        got.iter().any(|(t, d, p)| t == ty && d == desc && p == "Fail"),
        format!("no Fail event for ({ty}, {desc})"),
    )?;
    check(Rand::fetch(&ctx, "CTR-DRBG", Some(PROPQ)).is_err(), "CTR-DRBG still offered")?;
    Ok(())
}

#[test]
fn corrupted_entropy_startup_test_fails_the_load() -> TestResult {
    if !child::isolate("corrupted_entropy_startup_test_fails_the_load", &[])? {
        return Ok(());
    }
    corrupted_load_fails("Continuous_RNG_Test", "RNG")
}

#[test]
fn corrupted_drbg_cast_fails_the_load() -> TestResult {
    if !child::isolate("corrupted_drbg_cast_fails_the_load", &[])? {
        return Ok(());
    }
    corrupted_load_fails("DRBG", "CTR")
}

#[test]
fn random_services_fail_in_the_error_state() -> TestResult {
    if !child::isolate("random_services_fail_in_the_error_state", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let mut buf = [0u8; 32];
    ctx.rand_bytes(&mut buf)?;
    let primary = ctx.primary_drbg()?;
    // An on-demand self-test whose entropy start-up test is corrupted puts the module in its error state.
    log.set_corruption(Some(Corruption::exact("Continuous_RNG_Test", "RNG")));
    check(ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.self_test().is_err(), "self-test passed")?;
    log.set_corruption(None);
    let refused = ctx.rand_bytes(&mut buf);
    println!("RAND_bytes in the error state: {refused:?}");
    check(refused.is_err(), "RAND_bytes_ex succeeded in the error state")?;
    check(ctx.rand_priv_bytes(&mut buf).is_err(), "RAND_priv_bytes_ex succeeded in the error state")?;
    check(primary.generate(&mut buf, 0, false, &[]).is_err(), "the primary DRBG generated in the error state")?;
    check(Rand::fetch(&ctx, "SEED-SRC", Some(PROPQ)).is_err(), "SEED-SRC still offered in the error state")?;
    Ok(())
}
