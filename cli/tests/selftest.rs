//! `ferrofips selftest`: CASTs only, power-on over a module file (MAC from `openssl dgst -mac HMAC`) and
//! from a config, fault injection, usage errors.

mod common;

use common::*;

fn lines_with(o: &std::process::Output, word: &str) -> Vec<String> {
    stdout(o).lines().filter(|l| l.contains(word)).map(str::to_string).collect()
}

#[test]
fn casts_only_pass() {
    let o = ferrofips(&["selftest"], None);
    assert_code(&o, 0);
    let out = stdout(&o);
    for desc in ["SHA1", "SHA2", "SHA3"] {
        assert!(out.lines().any(|l| l.contains("KAT_Digest") && l.contains(desc) && l.contains("PASS")), "{out}");
    }
    assert!(!out.contains("Module_Integrity"), "no module given: {out}");
    assert!(lines_with(&o, "FAIL").is_empty(), "{out}");
    assert!(out.contains("PASSED"), "{out}");
}

#[test]
fn corruption_fails_the_selected_test_only() {
    let o = ferrofips(&["selftest", "--corrupt-type", "KAT_Digest", "--corrupt-desc", "SHA2"], None);
    assert_code(&o, 1);
    let fails = lines_with(&o, "FAIL");
    // The failing event, then the summary line.
    assert!(fails[0].contains("KAT_Digest") && fails[0].contains("SHA2"), "{fails:?}");
    assert_eq!(fails.len(), 2, "{fails:?}");
    assert!(stdout(&o).contains("module state: Error"), "{}", stdout(&o));
}

#[test]
fn power_on_over_a_module_file() {
    let module = module();
    let mac = openssl_mac(&module);
    let o = ferrofips(&["selftest", "--module", module.to_str().unwrap(), "--mac", &mac], None);
    assert_code(&o, 0);
    let out = stdout(&o);
    let kat = out.find("KAT_Integrity").expect("HMAC KAT");
    let integrity = out.find("Module_Integrity").expect("integrity test");
    assert!(kat < integrity, "the HMAC KAT must run before the integrity test:\n{out}");
    // Plain lower-case hex works too.
    let plain = mac.replace(':', "").to_lowercase();
    assert_code(&ferrofips(&["selftest", "--module", module.to_str().unwrap(), "--mac", &plain], None), 0);
}

#[test]
fn wrong_mac_or_corrupted_integrity_fails() {
    let module = module();
    let mac = openssl_mac(&module);
    let wrong = format!("{}{}", if mac.starts_with('0') { "1" } else { "0" }, &mac[1..]);
    let o = ferrofips(&["selftest", "--module", module.to_str().unwrap(), "--mac", &wrong], None);
    assert_code(&o, 1);
    assert!(lines_with(&o, "Module_Integrity").iter().any(|l| l.contains("FAIL")), "{}", stdout(&o));
    let o = ferrofips(
        &["selftest", "--module", module.to_str().unwrap(), "--mac", &mac, "--corrupt-type", "Module_Integrity"],
        None,
    );
    assert_code(&o, 1);
}

#[test]
fn power_on_from_an_installed_config() {
    let dir = installed("stcfg");
    let conf = dir.path().join("ssl/openssl.cnf");
    let o = ferrofips(&["selftest", "--config", conf.to_str().unwrap()], None);
    assert_code(&o, 0);
    assert!(stdout(&o).contains(&dir.path().join("lib/ossl-modules/ferrofips.so").display().to_string()));
    let o = ferrofips(&["selftest", "--config", conf.to_str().unwrap(), "--corrupt-desc", "SHA3"], None);
    assert_code(&o, 1);
}

#[test]
fn usage_errors() {
    for args in [
        &["selftest", "--module", "/x"][..],
        &["selftest", "--mac", "00"],
        &["selftest", "--module", "/x", "--mac", "zz"],
        &["selftest", "--config", "/x", "--module", "/y", "--mac", "00"],
        &["selftest", "extra"],
        &["nonsense"],
        &[],
    ] {
        assert_code(&ferrofips(args, None), 2);
    }
}
