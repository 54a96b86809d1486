//! Key-generation pair-wise consistency tests (docs/KEYGEN-PCT.md): every generated EC key pair gets the
//! SP 800-56A r3 5.6.2.1.4 (b) check, a generated key's first signature is preceded by a sign/verify PCT, both
//! reported as ("Conditional_PCT", "ECDSA"), and a failing PCT (forced through the callback's Corrupt phase)
//! puts the module into its sticky error state. Failure scenarios run in child processes.

use ferrofips_evp::{Corruption, Md, Params, Pkey, SelfTestEvent, SelfTestLog};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

const TY: &str = "Conditional_PCT";
const DESC: &str = "ECDSA";

fn pct_events(log: &SelfTestLog) -> Vec<SelfTestEvent> {
    log.events().into_iter().filter(|e| e.ty == TY).collect()
}

/// The phases of the PCT events, in order.
fn phases(events: &[SelfTestEvent]) -> Vec<String> {
    events.iter().map(|e| e.phase.clone()).collect()
}

#[test]
fn generated_keys_get_one_pct_and_their_first_signature_another() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    log.clear();
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let ev = pct_events(&log);
    assert!(ev.iter().all(|e| e.desc == DESC && e.utf8_string_typed), "{ev:?}");
    assert_eq!(phases(&ev), ["Start", "Corrupt", "Pass"], "key generation: one PCT");

    // Key agreement with the generated key: no further test.
    log.clear();
    let peer = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    log.clear();
    k.derive(&ctx, &peer, Some(PROPQ), false, None, None)?;
    assert!(pct_events(&log).is_empty(), "ECDH does not trigger a signature PCT");

    // The first signature with it runs the sign/verify PCT once; later ones do not.
    k.digest_sign(&ctx, Some("SHA256"), b"one", Some(PROPQ))?;
    assert_eq!(phases(&pct_events(&log)), ["Start", "Corrupt", "Pass"], "first signature");
    log.clear();
    k.digest_sign(&ctx, Some("SHA384"), b"two", Some(PROPQ))?;
    k.sign_prehash(&ctx, &[1u8; 32], None, Some(PROPQ), None)?;
    assert!(pct_events(&log).is_empty(), "the signature PCT runs once per key");

    // Imported keys (and parameter-only generation) are not generated key pairs: no PCT.
    let pem = k.to_pem(&ctx, true)?;
    log.clear();
    let imported = Pkey::from_pem(&ctx, pem.as_bytes(), true, Some(PROPQ))?;
    imported.digest_sign(&ctx, Some("SHA256"), b"three", Some(PROPQ))?;
    let mut gp = Params::new();
    gp.utf8("group", "P-256");
    Pkey::generate(&ctx, "EC", Some(PROPQ), &gp, true)?;
    assert!(pct_events(&log).is_empty());
    // A copy made with EVP_PKEY_dup still owes its signature PCT.
    let fresh = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let copy = fresh.try_clone()?;
    log.clear();
    copy.digest_sign(&ctx, Some("SHA256"), b"four", Some(PROPQ))?;
    assert_eq!(phases(&pct_events(&log)), ["Start", "Corrupt", "Pass"], "dup of a generated key");
    Ok(())
}

/// Asserts the module is in its error state: no more key generation or digests, status 0.
fn assert_error_state(ctx: &ferrofips_evp::LibCtx) -> TestResult {
    assert!(Pkey::generate_ec(ctx, "P-256", Some(PROPQ)).is_err(), "keygen works in the error state");
    assert!(Md::fetch(ctx, "SHA2-256", Some(PROPQ)).and_then(|m| m.digest(b"x")).is_err());
    let prov = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not listed")?;
    assert_eq!(prov.info()?.status, Some(0));
    Ok(())
}

#[test]
fn failed_keygen_pct_enters_the_error_state() -> TestResult {
    if !child::isolate("failed_keygen_pct_enters_the_error_state", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    log.set_corruption(Some(Corruption::exact(TY, DESC)));
    log.clear();
    let err = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ)).err().ok_or("keygen succeeded with a corrupted PCT")?;
    println!("keygen failed as expected: {err}");
    assert!(err.mentions("pair-wise consistency"), "{err}");
    assert_eq!(phases(&pct_events(&log)), ["Start", "Corrupt", "Fail"]);
    log.set_corruption(None);
    assert_error_state(&ctx)
}

#[test]
fn failed_signature_pct_enters_the_error_state() -> TestResult {
    if !child::isolate("failed_signature_pct_enters_the_error_state", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    log.set_corruption(Some(Corruption::exact(TY, DESC)));
    log.clear();
    let err = k.digest_sign(&ctx, Some("SHA256"), b"m", Some(PROPQ)).err().ok_or("signed despite a failed PCT")?;
    println!("signing failed as expected: {err}");
    assert_eq!(phases(&pct_events(&log)), ["Start", "Corrupt", "Fail"]);
    log.set_corruption(None);
    assert_error_state(&ctx)
}
