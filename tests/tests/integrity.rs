//! The software integrity test through the real loader: a tampered module, a wrong or missing `module-mac`
//! and a wrong `install-mac` are refused with an error on the stack; `install-mac`/`install-status` (as
//! `openssl fipsinstall` 3.0 writes them) are accepted; and the MAC is HMAC-SHA-256 with OpenSSL's FIPS key.

use std::fs;

use ferrofips_evp::{ErrorStack, SelfTestEvent, system_hmac};
use ferrofips_selftest::integrity::{INSTALL_KEY, format_mac, module_mac};
use ferrofips_tests::{InstallOptions, Installation, MacChoice, PROVIDER_NAME, Tamper, TestResult, tools};

#[test]
fn module_mac_is_hmac_sha256_with_openssl_fips_key() -> TestResult {
    let inst = Installation::new()?;
    let bytes = fs::read(inst.module())?;
    let ours = module_mac(&bytes[..])?;
    assert_eq!(ours.to_vec(), system_hmac("SHA2-256", &INSTALL_KEY, &bytes)?);
    assert_eq!(ours, inst.mac());
    let cnf = fs::read_to_string(inst.ferrofips_cnf())?;
    assert!(cnf.contains(&format!("module-mac = {}", format_mac(&ours))), "{cnf}");
    Ok(())
}

/// Expects `opts` to be refused on both load paths: activation by the configuration (ferrofips stays inactive)
/// and an explicit `OSSL_PROVIDER_load` (fails with the module's own error and libcrypto's "init fail" on the
/// stack). Each path gets its own copy of the module, since a refused copy stays in the error state. Returns the
/// self-test events of the configuration path.
fn expect_refused(opts: &InstallOptions, what: &str, hint: &str) -> Result<Vec<SelfTestEvent>, String> {
    let e = |e: &dyn std::fmt::Display| format!("{what}: {e}");
    let inst = Installation::with(opts).map_err(|x| e(&x))?;
    let (ctx, log, loaded) = inst.libctx_recording(None).map_err(|x| e(&x))?;
    if loaded.is_ok() {
        let status = ctx.provider(PROVIDER_NAME).map(|p| p.info().map(|i| i.status));
        return Err(format!("{what}: ferrofips activated (status {status:?}); self-tests: {:?}", log.events()));
    }
    let events = log.events();
    let inst = Installation::with(opts).map_err(|x| e(&x))?;
    let (ctx, _, loaded) = inst.load_explicitly(None).map_err(|x| e(&x))?;
    let err = check_refusal(what, hint, loaded)?;
    if ctx.provider_available(PROVIDER_NAME) {
        return Err(format!("{what}: provider active after a failed load"));
    }
    println!("{what}: refused: {err}");
    Ok(events)
}

/// The explicit load failed, with libcrypto's provider_init error and, before it, the module's own error whose
/// text names the failure (`hint`, case-insensitive) on the stack.
fn check_refusal(what: &str, hint: &str, loaded: Result<(), ErrorStack>) -> Result<ErrorStack, String> {
    let err = loaded.err().ok_or(format!("{what}: OSSL_PROVIDER_load succeeded"))?;
    if !err.errors.iter().any(|x| x.func.as_deref() == Some("provider_init")) {
        return Err(format!("{what}: libcrypto did not report the init failure: {err}"));
    }
    let module_errors = ErrorStack {
        errors: err.errors.iter().filter(|x| x.func.as_deref() != Some("provider_init")).cloned().collect(),
    };
    if module_errors.is_empty() || !module_errors.mentions(hint) {
        return Err(format!("{what}: no error from the module mentioning {hint:?} on the stack: {err}"));
    }
    Ok(err)
}

fn integrity_failed(events: &[SelfTestEvent]) -> bool {
    events.iter().any(|e| e.ty == "Module_Integrity" && e.phase == "Fail")
}

#[test]
fn tampered_module_is_refused() -> TestResult {
    for tamper in [Tamper::FlipUnmappedByte, Tamper::AppendByte] {
        let events = expect_refused(
            &InstallOptions { tamper, ..InstallOptions::default() },
            &format!("{tamper:?}"),
            "integrity",
        )?;
        assert!(integrity_failed(&events), "{tamper:?}: Module_Integrity did not fail: {events:?}");
    }
    Ok(())
}

#[test]
fn wrong_module_mac_is_refused() -> TestResult {
    let events = expect_refused(
        &InstallOptions { mac: MacChoice::Wrong, ..InstallOptions::default() },
        "wrong module-mac",
        "integrity",
    )?;
    assert!(integrity_failed(&events), "Module_Integrity did not fail: {events:?}");
    Ok(())
}

#[test]
fn missing_or_malformed_module_mac_is_refused() -> TestResult {
    let cases = [
        (MacChoice::Missing, "no module-mac"),
        (MacChoice::Literal("not hex at all".to_owned()), "non-hex module-mac"),
        (MacChoice::Literal("AB:CD".to_owned()), "short module-mac"),
        (MacChoice::Literal(String::new()), "empty module-mac"),
    ];
    for (mac, what) in cases {
        let events = expect_refused(&InstallOptions { mac, ..InstallOptions::default() }, what, "module-mac")?;
        // Refused before any integrity check can pass.
        assert!(!events.iter().any(|e| e.ty == "Module_Integrity" && e.phase == "Pass"), "{what}: {events:?}");
    }
    Ok(())
}

#[test]
fn install_mac_and_status_are_accepted() -> TestResult {
    let inst = Installation::with(&InstallOptions { install_status: Some(true), ..InstallOptions::default() })?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    assert!(ctx.provider_available(PROVIDER_NAME));
    assert!(log.events().iter().any(|e| e.ty == "Install_Integrity" && e.phase == "Pass"));
    Ok(())
}

#[test]
fn wrong_install_mac_is_refused() -> TestResult {
    let opts = InstallOptions { install_status: Some(false), ..InstallOptions::default() };
    let events = expect_refused(&opts, "wrong install-mac", "install")?;
    assert!(events.iter().any(|e| e.ty == "Install_Integrity" && e.phase == "Fail"), "{events:?}");
    Ok(())
}

/// The section `openssl fipsinstall` writes (3.0: with install-mac and install-status) loads the module when
/// the `module =` line is added.
#[test]
fn fipsinstall_section_is_accepted() -> TestResult {
    let openssl = tools::require("openssl", "to run `openssl fipsinstall`")?;
    let inst = Installation::new()?;
    let out = inst.prefix().join("ssl").join("fipsinstall.cnf");
    let args = [
        "fipsinstall".as_ref(),
        "-module".as_ref(),
        inst.module().as_os_str(),
        "-provider_name".as_ref(),
        PROVIDER_NAME.as_ref(),
        "-section_name".as_ref(),
        "ferrofips_sect".as_ref(),
        "-out".as_ref(),
        out.as_os_str(),
    ];
    let run = tools::run(&openssl, &args, &[], None)?.ok()?;
    assert!(run.all().contains("INSTALL PASSED"), "{}", run.all());
    let section = fs::read_to_string(&out)?;
    println!("{section}");
    assert!(section.contains(&format!("module-mac = {}", format_mac(&inst.mac()))), "MAC differs:\n{section}");
    let lines: Vec<String> = section
        .lines()
        .filter(|l| !l.trim_start().starts_with('[') && !l.trim().is_empty())
        .map(str::to_owned)
        .chain([format!("module = {}", inst.module().display())])
        .collect();
    inst.write_provider_section(&lines)?;
    let (ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    assert!(ctx.provider_available(PROVIDER_NAME));
    if section.contains("install-status") {
        assert!(log.events().iter().any(|e| e.ty == "Install_Integrity" && e.phase == "Pass"), "{:?}", log.events());
    }
    Ok(())
}
