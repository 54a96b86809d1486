//! `ferrofips check` against installed prefixes: a good posture, tampered module, missing fips=yes, a config
//! without ferrofips, OPENSSL_CONF discovery, JSON keys, usage errors.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn check_json(args: &[&str], conf: Option<&Path>) -> (i32, Value) {
    let mut all = vec!["check", "--json"];
    all.extend_from_slice(args);
    let o = ferrofips(&all, conf);
    let code = o.status.code().expect("exit code");
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", stdout(&o), stderr(&o)));
    (code, v)
}

#[test]
fn installed_prefix_is_a_consistent_posture() {
    let dir = installed("good");
    let conf = dir.path().join("ssl/openssl.cnf");
    let o = ferrofips(&["check", "--config", conf.to_str().unwrap()], None);
    assert_code(&o, 0);
    assert!(stdout(&o).contains("RESULT: consistent FIPS posture"), "{}", stdout(&o));

    let (code, v) = check_json(&["--config", conf.to_str().unwrap()], None);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["consistent"], true);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    assert_eq!(v["config"]["source"], "--config");
    assert_eq!(v["config"]["loaded"], true);
    assert_eq!(v["config"]["files"].as_array().unwrap().len(), 2);
    assert_eq!(v["config"]["activated_providers"], serde_json::json!(["ferrofips", "base"]));
    assert_eq!(v["config"]["ferrofips_section"], "ferrofips_sect");
    assert_eq!(v["config"]["fips_required"], true);
    let installed = dir.path().join("lib/ossl-modules/ferrofips.so");
    assert_eq!(v["module"]["path"], installed.display().to_string());
    assert_eq!(v["module"]["integrity"], "ok");
    assert_eq!(v["module"]["mac"], openssl_mac(&installed));
    assert_eq!(v["selftest"]["passed"], true);
    assert!(v["selftest"]["events"].as_array().unwrap().iter().any(|e| e["type"] == "Module_Integrity"));
    assert_eq!(v["openssl"]["ran"], true);
    assert_eq!(v["openssl"]["exit_code"], 0);
    assert_eq!(v["openssl"]["ferrofips"]["status"], "active");
    assert!(v["kernel"]["fips_enabled"].is_boolean() || v["kernel"]["fips_enabled"].is_null());
}

#[test]
fn openssl_conf_is_used_when_no_config_is_given() {
    let dir = installed("env");
    let conf = dir.path().join("ssl/openssl.cnf");
    let (code, v) = check_json(&[], Some(&conf));
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["config"]["source"], "OPENSSL_CONF");
    assert_eq!(v["config"]["path"], conf.display().to_string());
}

#[test]
fn tampered_module_is_reported() {
    let dir = installed("tamper");
    let module = dir.path().join("lib/ossl-modules/ferrofips.so");
    let mut bytes = std::fs::read(&module).unwrap();
    bytes.push(0);
    std::fs::write(&module, bytes).unwrap();
    let conf = dir.path().join("ssl/openssl.cnf");
    let (code, v) = check_json(&["--config", conf.to_str().unwrap()], None);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["consistent"], false);
    assert_eq!(v["module"]["integrity"], "mismatch");
    assert_eq!(v["selftest"]["passed"], false);
    // The provider refuses to load, so openssl cannot show it active.
    assert_ne!(v["openssl"]["ferrofips"]["status"], "active", "{v:#}");
}

#[test]
fn missing_fips_default_properties_is_reported() {
    let dir = installed("nofips");
    let conf = dir.path().join("ssl/openssl.cnf");
    let text = std::fs::read_to_string(&conf)
        .unwrap()
        .replace("default_properties = fips=yes", "default_properties = ?fips=yes");
    std::fs::write(&conf, text).unwrap();
    let o = ferrofips(&["check", "--config", conf.to_str().unwrap()], None);
    assert_code(&o, 1);
    assert!(stdout(&o).contains("do not require fips=yes"), "{}", stdout(&o));
    let (_, v) = check_json(&["--config", conf.to_str().unwrap()], None);
    assert_eq!(v["config"]["fips_required"], false);
    assert_eq!(v["module"]["integrity"], "ok");
}

#[test]
fn config_without_ferrofips_is_reported() {
    let dir = TempDir::new("plain");
    let conf = dir.path().join("plain.cnf");
    std::fs::write(&conf, "openssl_conf = init\n[init]\nproviders = p\n[p]\ndefault = d\n[d]\nactivate = 1\n").unwrap();
    let (code, v) = check_json(&["--config", conf.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert_eq!(v["config"]["activated_providers"], serde_json::json!(["default"]));
    assert_eq!(v["config"]["ferrofips_active"], false);
    assert_eq!(v["selftest"]["ran"], false);
    assert_eq!(v["openssl"]["providers"][0]["id"], "default");
    // A file that does not parse, or does not exist, is a problem too.
    std::fs::write(&conf, "[broken\n").unwrap();
    let (code, v) = check_json(&["--config", conf.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert_eq!(v["config"]["loaded"], false);
    let (code, _) = check_json(&["--config", dir.path().join("missing.cnf").to_str().unwrap()], None);
    assert_eq!(code, 1);
}

#[test]
fn usage_errors() {
    assert_code(&ferrofips(&["check", "--config"], None), 2);
    assert_code(&ferrofips(&["check", "--bogus"], None), 2);
    assert_code(&ferrofips(&["check", "--json", "--json"], None), 2);
}
