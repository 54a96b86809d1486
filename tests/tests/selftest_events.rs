//! The self-test callback protocol: the power-on event sequence of the contract, fault injection through the
//! Corrupt phase (each test, when corrupted, makes the load fail), on-demand self-tests, and the sticky error
//! state after an on-demand failure (in a child process).

use std::collections::BTreeSet;

use ferrofips_evp::{Corruption, LibCtx, Mac, MacCtx, Md, MdCtx, Params, SelfTestEvent};
use ferrofips_tests::{InstallOptions, Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// One self-test: (type, description, phases seen).
type TestRun = (String, String, Vec<String>);

/// Groups a flat event list into tests (Start ... Pass/Fail), checking the phase grammar as it goes.
fn group(events: &[SelfTestEvent]) -> Result<Vec<TestRun>, String> {
    let mut out: Vec<TestRun> = Vec::new();
    let mut open = false;
    for e in events {
        if !e.utf8_string_typed {
            return Err(format!("event params are not three OSSL_PARAM_UTF8_STRINGs: {e:?}"));
        }
        match e.phase.as_str() {
            "Start" => {
                if open {
                    return Err(format!("Start inside an unfinished test: {e:?}"));
                }
                out.push((e.ty.clone(), e.desc.clone(), vec![e.phase.clone()]));
                open = true;
            }
            "Corrupt" | "Pass" | "Fail" => {
                let last = out.last_mut().filter(|_| open).ok_or(format!("{} outside a test: {e:?}", e.phase))?;
                if (last.0.as_str(), last.1.as_str()) != (e.ty.as_str(), e.desc.as_str()) {
                    return Err(format!("{e:?} does not match the open test {last:?}"));
                }
                last.2.push(e.phase.clone());
                if e.phase != "Corrupt" {
                    open = false;
                }
            }
            other => return Err(format!("unknown phase {other:?}")),
        }
    }
    if open {
        return Err("the last test never ended".to_owned());
    }
    Ok(out)
}

fn print_tests(tests: &[TestRun]) {
    for (ty, desc, phases) in tests {
        println!("  {ty:18} {desc:5} {}", phases.join(" -> "));
    }
}

/// Self-test families that may follow the digest/HMAC CASTs: (type, descriptions), OpenSSL's strings from
/// `include/openssl/self_test.h`.
const LATER_FAMILIES: [(&str, &[&str]); 9] = [
    ("KAT_Integrity", &["HMAC"]),
    (
        "KAT_Cipher",
        &["AES_GCM", "AES_ECB_Decrypt", "TDES", "AES_CTR", "AES_CFB", "AES_CCM", "AES_XTS", "AES_CBC_CTS", "AES_KW"],
    ),
    (
        "KAT_KDF",
        &[
            "HKDF",
            "SSKDF",
            "X963KDF",
            "X942KDF",
            "PBKDF2",
            "SSHKDF",
            "TLS12_PRF",
            "KBKDF",
            "TLS13_KDF_EXTRACT",
            "TLS13_KDF_EXPAND",
        ],
    ),
    ("DRBG", &["CTR", "HASH", "HMAC"]),
    ("KAT_KA", &["DH", "ECDH"]),
    ("KAT_Signature", &["DSA", "RSA", "ECDSA", "EDDSA"]),
    ("PCT_Signature", &["DSA", "RSA", "ECDSA"]),
    ("Continuous_RNG_Test", &["RNG"]),
    // ferrofips's own MAC CASTs (OpenSSL's self_test.h has no MAC type): AES-CMAC, AES-GMAC and KMAC.
    ("KAT_Mac", &["CMAC", "GMAC", "KMAC"]),
];

fn check_sequence(tests: &[TestRun], with_install: bool) -> TestResult {
    let pos = |ty: &str| tests.iter().position(|t| t.0 == ty);
    let kat_integrity = pos("KAT_Integrity").ok_or("no (KAT_Integrity, HMAC) test")?;
    let module = pos("Module_Integrity").ok_or("no (Module_Integrity, HMAC) test")?;
    assert_eq!(kat_integrity, 0, "the HMAC KAT must run first");
    assert!(tests[..module].iter().all(|t| t.0 == "KAT_Integrity" && t.1 == "HMAC"), "before integrity: {tests:?}");
    assert_eq!(tests[module].1, "HMAC");
    assert_eq!(tests.iter().filter(|t| t.0 == "Module_Integrity").count(), 1);
    let mut next = module + 1;
    match pos("Install_Integrity") {
        Some(i) => {
            assert!(with_install, "Install_Integrity ran without install-status configured");
            assert_eq!(i, next, "Install_Integrity must follow Module_Integrity");
            assert_eq!(tests[i].1, "HMAC");
            next += 1;
        }
        None => assert!(!with_install, "install-status configured but no Install_Integrity test"),
    }
    // Then the algorithm CASTs, first the digest/HMAC prefix: a digest CAST per algorithm, and the module's
    // further HMAC CASTs, which it reports with OpenSSL's only HMAC test type, ("KAT_Integrity", "HMAC").
    let casts = &tests[next..];
    let is_digest_or_hmac = |t: &TestRun| t.0 == "KAT_Digest" || (t.0 == "KAT_Integrity" && t.1 == "HMAC");
    let prefix_len = casts.iter().position(|t| !is_digest_or_hmac(t)).unwrap_or(casts.len());
    let (prefix, later) = casts.split_at(prefix_len);
    let descs: BTreeSet<&str> = prefix.iter().filter(|t| t.0 == "KAT_Digest").map(|t| t.1.as_str()).collect();
    assert_eq!(descs, BTreeSet::from(["SHA1", "SHA2", "SHA3"]), "digest CASTs right after integrity: {casts:?}");
    assert!(prefix.iter().any(|t| t.0 == "KAT_Integrity"), "no HMAC CAST in the digest/HMAC prefix: {casts:?}");
    // Every later test belongs to a known family (OpenSSL's self_test.h type and description strings); how
    // many there are depends on the families and backends the module has, so counts are not fixed here.
    for (ty, desc, _) in later {
        assert!(ty != "KAT_Digest", "a digest CAST after other families: {casts:?}");
        let family = LATER_FAMILIES.iter().find(|(t, _)| t == ty).ok_or(format!("unknown self-test type {ty:?}"))?;
        assert!(family.1.contains(&desc.as_str()), "unknown description {desc:?} for {ty:?}");
    }
    for (ty, desc, phases) in tests {
        assert_eq!(phases.first().map(String::as_str), Some("Start"), "{ty}/{desc}");
        assert_eq!(phases.last().map(String::as_str), Some("Pass"), "{ty}/{desc} did not pass");
        assert!(phases.len() <= 3, "{ty}/{desc}: {phases:?}");
    }
    Ok(())
}

#[test]
fn power_on_event_sequence() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let tests = group(&log.events())?;
    println!("power-on self-tests:");
    print_tests(&tests);
    check_sequence(&tests, false)?;
    assert!(ctx.provider_available(PROVIDER_NAME));
    Ok(())
}

#[test]
fn power_on_event_sequence_with_install_status() -> TestResult {
    let inst = Installation::with(&InstallOptions { install_status: Some(true), ..InstallOptions::default() })?;
    let (_ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let tests = group(&log.events())?;
    print_tests(&tests);
    check_sequence(&tests, true)
}

/// Corrupting any one self-test fails the load, reports that test as failed, and leaves an error.
#[test]
fn corrupting_each_test_fails_the_load() -> TestResult {
    let opts = InstallOptions { install_status: Some(true), ..InstallOptions::default() };
    let good = Installation::with(&opts)?;
    let (_ctx, log, loaded) = good.libctx_recording(None)?;
    loaded?;
    let pairs: BTreeSet<(String, String)> = log.events().into_iter().map(|e| (e.ty, e.desc)).collect();
    assert!(pairs.len() >= 6, "expected at least 6 distinct self-tests, saw {pairs:?}");
    for (ty, desc) in &pairs {
        // A fresh copy of the module per case: a failed power-on leaves that copy in the error state.
        let inst = Installation::with(&opts)?;
        let (ctx, log, loaded) = inst.libctx_recording(Some(Corruption::exact(ty, desc)))?;
        assert!(loaded.is_err(), "config load activated ferrofips although ({ty}, {desc}) was corrupted");
        let tests = group(&log.events())?;
        let failed: Vec<&TestRun> = tests.iter().filter(|t| t.2.last().is_some_and(|p| p == "Fail")).collect();
        assert_eq!(failed.len(), 1, "({ty}, {desc}): {tests:?}");
        assert_eq!((&failed[0].0, &failed[0].1), (ty, desc));
        assert!(failed[0].2.contains(&"Corrupt".to_owned()));
        assert_eq!(tests.last().map(|t| (&t.0, &t.1)), Some((ty, desc)), "tests ran after the failure");
        assert!(!ctx.provider_available(PROVIDER_NAME), "({ty}, {desc}): provider active after failure");
        assert!(Md::fetch(&ctx, "SHA2-256", None).is_err(), "({ty}, {desc}): SHA2-256 still fetchable");
        // The explicit load path shows the module's error on the stack.
        let inst = Installation::with(&opts)?;
        let (_, _, loaded) = inst.load_explicitly(Some(Corruption::exact(ty, desc)))?;
        let err = loaded.err().ok_or(format!("OSSL_PROVIDER_load succeeded although ({ty}, {desc}) was corrupted"))?;
        let module_error = err.errors.iter().any(|e| {
            e.func.as_deref() != Some("provider_init")
                && [&e.data, &e.reason_text].into_iter().flatten().any(|t| t.contains(desc.as_str()))
        });
        assert!(module_error, "({ty}, {desc}): no module error naming {desc} on the stack: {err}");
        println!("corrupt ({ty}, {desc}): load refused: {err}");
    }
    Ok(())
}

#[test]
fn on_demand_self_test_reruns_and_passes() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    log.clear();
    let prov = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?;
    prov.self_test()?;
    let tests = group(&log.events())?;
    print_tests(&tests);
    let descs: BTreeSet<&str> = tests.iter().filter(|t| t.0 == "KAT_Digest").map(|t| t.1.as_str()).collect();
    assert_eq!(descs, BTreeSet::from(["SHA1", "SHA2", "SHA3"]));
    assert!(tests.iter().all(|t| t.2.last().is_some_and(|p| p == "Pass")));
    assert_eq!(prov.info()?.status, Some(1));
    assert_eq!(Md::fetch(&ctx, "SHA2-256", Some(PROPQ))?.digest(b"abc")?.len(), 32);
    Ok(())
}

/// Everything a service call can do, expected to fail in the error state.
fn assert_services_refused(ctx: &LibCtx, md: &Md<'_>, live: &mut MdCtx<'_>, mac: &mut MacCtx<'_>) -> TestResult {
    assert!(Md::fetch(ctx, "SHA2-256", None).is_err(), "fetch works in the error state");
    assert!(Mac::fetch(ctx, "HMAC", None).is_err(), "HMAC fetch works in the error state");
    assert!(MdCtx::new(md).is_err(), "new digest context from an earlier fetch works in the error state");
    let r = live.update(b"more");
    assert!(r.as_ref().is_err_and(|e| !e.is_empty()), "update on a live context: {r:?}");
    assert!(live.finish().is_err(), "final on a live context works in the error state");
    assert!(mac.update(b"more").is_err(), "HMAC update works in the error state");
    assert!(mac.finish().is_err(), "HMAC final works in the error state");
    assert!(live.try_clone().is_err(), "dupctx works in the error state");
    Ok(())
}

#[test]
fn failed_on_demand_self_test_enters_sticky_error_state() -> TestResult {
    if !child::isolate("failed_on_demand_self_test_enters_sticky_error_state", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let prov = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?;
    assert_eq!(prov.info()?.status, Some(1));
    let md = Md::fetch(&ctx, "SHA2-256", Some(PROPQ))?;
    let mut live = MdCtx::new(&md)?;
    live.update(b"abc")?;
    let hmac = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let mut mac = MacCtx::new(&hmac)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA2-256");
    mac.init(Some(b"0123456789abcdef"), Some(&p))?;

    log.set_corruption(Some(Corruption::exact("KAT_Digest", "SHA2")));
    log.clear();
    let err = prov.self_test().err().ok_or("self-test passed despite the corrupted SHA2 CAST")?;
    println!("on-demand self-test failed as expected: {err}");
    assert!(log.events().iter().any(|e| e.desc == "SHA2" && e.phase == "Fail"), "{:?}", log.events());
    assert_eq!(prov.info()?.status, Some(0), "status must read 0 in the error state");
    assert_services_refused(&ctx, &md, &mut live, &mut mac)?;

    // Sticky: a clean rerun does not leave the error state, nor does loading the module again.
    log.set_corruption(None);
    assert!(prov.self_test().is_err(), "self-test passed in the error state");
    assert_eq!(prov.info()?.status, Some(0));
    let again = inst.libctx();
    assert!(again.is_err(), "the module loaded again in a process where it is in the error state");
    println!("reload refused: {}", again.err().map(|e| e.to_string()).unwrap_or_default());
    Ok(())
}
