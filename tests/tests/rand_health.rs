//! The DRBG self-tests and the entropy source's health tests as OpenSSL applications see them: the power-on
//! events ("Continuous_RNG_Test"/"RNG", the SP 800-90B start-up test, then the "DRBG" CASTs "CTR", "HASH" and
//! "HMAC"), fault injection into each (the load fails), the error state of the random-bit services afterwards,
//! and the seed source's fork safety. Every scenario that fails the module runs in its own process (the error
//! state is sticky per process).

use ferrofips_evp::{Corruption, Rand, RandCtx, SelfTestEvent, fork_capture};
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
    check(got[crng].2 == "Pass", format!("{got:?}"))?;
    for desc in ["CTR", "HASH", "HMAC"] {
        let drbg = pos("DRBG", desc).ok_or(format!("no DRBG/{desc} CAST event: {got:?}"))?;
        check(crng < drbg, "the entropy start-up test must run before the DRBG CASTs")?;
        check(got[drbg].2 == "Pass", format!("{got:?}"))?;
    }
    // On-demand self-tests rerun both.
    log.clear();
    ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.self_test()?;
    let again = outcomes(&log.events());
    check(again.iter().any(|(t, _, p)| t == "Continuous_RNG_Test" && p == "Pass"), "no start-up test on demand")?;
    for desc in ["CTR", "HASH", "HMAC"] {
        check(
            again.iter().any(|(t, d, p)| t == "DRBG" && d == desc && p == "Pass"),
            format!("no DRBG/{desc} on demand"),
        )?;
    }
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
    for name in ["CTR-DRBG", "HASH-DRBG", "HMAC-DRBG", "SEED-SRC"] {
        check(Rand::fetch(&ctx, name, Some(PROPQ)).is_err(), format!("{name} still offered"))?;
    }
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
fn corrupted_hash_drbg_cast_fails_the_load() -> TestResult {
    if !child::isolate("corrupted_hash_drbg_cast_fails_the_load", &[])? {
        return Ok(());
    }
    corrupted_load_fails("DRBG", "HASH")
}

#[test]
fn corrupted_hmac_drbg_cast_fails_the_load() -> TestResult {
    if !child::isolate("corrupted_hmac_drbg_cast_fails_the_load", &[])? {
        return Ok(());
    }
    corrupted_load_fails("DRBG", "HMAC")
}

/// An on-demand self-test with the DRBG CAST `desc` corrupted puts the loaded module into its error state: a live
/// DRBG and the library context's DRBGs stop serving.
fn on_demand_corruption(desc: &str) -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let hash = Rand::fetch(&ctx, "HASH-DRBG", Some(PROPQ))?;
    let d = RandCtx::new(&hash, None)?;
    d.instantiate(0, false, None, None)?;
    ctx.rand_bytes(&mut [0u8; 16])?;
    log.set_corruption(Some(Corruption::exact("DRBG", desc)));
    check(ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.self_test().is_err(), "self-test passed")?;
    let got = outcomes(&log.events());
    check(
        got.iter().any(|(t, d, p)| t == "DRBG" && d == desc && p == "Fail"),
        format!("no DRBG/{desc} Fail: {got:?}"),
    )?;
    check(d.generate(&mut [0u8; 16], 0, false, &[]).is_err(), "a HASH-DRBG generated in the error state")?;
    check(ctx.rand_bytes(&mut [0u8; 16]).is_err(), "RAND_bytes succeeded in the error state")?;
    Ok(())
}

#[test]
fn on_demand_ctr_cast_corruption_enters_the_error_state() -> TestResult {
    if !child::isolate("on_demand_ctr_cast_corruption_enters_the_error_state", &[])? {
        return Ok(());
    }
    on_demand_corruption("CTR")
}

#[test]
fn on_demand_hash_cast_corruption_enters_the_error_state() -> TestResult {
    if !child::isolate("on_demand_hash_cast_corruption_enters_the_error_state", &[])? {
        return Ok(());
    }
    on_demand_corruption("HASH")
}

#[test]
fn on_demand_hmac_cast_corruption_enters_the_error_state() -> TestResult {
    if !child::isolate("on_demand_hmac_cast_corruption_enters_the_error_state", &[])? {
        return Ok(());
    }
    on_demand_corruption("HMAC")
}

/// A child process never repeats the parent's seed-source output (the entropy source keeps no output state).
#[test]
fn seed_source_is_fork_safe() -> TestResult {
    if !child::isolate("seed_source_is_fork_safe", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let seed = Rand::fetch(&ctx, "SEED-SRC", Some(PROPQ))?;
    let s = RandCtx::new(&seed, None)?;
    s.instantiate(0, false, None, None)?;
    let mut warm = [0u8; 32];
    s.generate(&mut warm, 0, false, &[])?;
    let draw = || {
        let mut x = [0u8; 64];
        if s.generate(&mut x, 0, false, &[]).is_ok() { x.to_vec() } else { Vec::new() }
    };
    let from_child = fork_capture(draw)?;
    let from_parent = draw();
    check(from_child.len() == 64 && from_parent.len() == 64, "draws failed")?;
    check(from_child != from_parent, "the forked child repeated the parent's SEED-SRC output")
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
