//! The wrappers against OpenSSL's own default provider (no ferrofips needed).

use ferrofips_evp::{LibCtx, Mac, MacCtx, Md, MdCtx, ParamType, Params, system_default, system_digest, system_hmac};

#[test]
fn sha256_abc_known_answer() {
    let out = system_digest("SHA2-256", b"abc", None).unwrap();
    assert_eq!(hex(&out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

#[test]
fn shake128_empty_known_answer_and_xof_len() {
    let out = system_digest("SHAKE-128", b"", Some(32)).unwrap();
    assert_eq!(hex(&out), "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
    let ctx = system_default().unwrap();
    let md = Md::fetch(&ctx, "SHAKE128", None).unwrap();
    assert!(md.is_xof());
    assert_eq!(md.size(), 16);
    let mut c = MdCtx::new(&md).unwrap();
    c.set_xoflen(40).unwrap();
    assert_eq!(c.finish().unwrap()[..32], out[..]);
}

#[test]
fn hmac_rfc4231_case1() {
    let out = system_hmac("SHA256", &[0x0b; 20], b"Hi There").unwrap();
    assert_eq!(hex(&out), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

#[test]
fn unknown_algorithm_fills_error_stack() {
    let ctx = system_default().unwrap();
    let err = Md::fetch(&ctx, "NO-SUCH-DIGEST", None).unwrap_err();
    assert!(!err.is_empty(), "{err}");
    assert!(err.to_string().contains("unsupported") || err.mentions("NO-SUCH-DIGEST"), "{err}");
}

#[test]
fn md_params_and_provider_name() {
    let ctx = system_default().unwrap();
    let md = Md::fetch(&ctx, "SHA256", None).unwrap();
    assert_eq!(md.provider_name(), "default");
    assert!(md.is_a("SHA2-256"));
    assert!(md.names().iter().any(|n| n == "2.16.840.1.101.3.4.2.1"));
    let mut p = Params::new();
    p.request_size_t("size").request_size_t("blocksize").request_int("xof");
    md.get_params(&mut p).unwrap();
    assert_eq!(p.get_uint("size"), Some(32));
    assert_eq!(p.get_uint("blocksize"), Some(64));
    assert_eq!(p.get_int("xof"), Some(0));
}

#[test]
fn provider_info_and_dup() {
    let ctx = system_default().unwrap();
    let prov = ctx.provider("default").unwrap();
    let info = prov.info().unwrap();
    assert_eq!(info.status, Some(1));
    assert!(info.name.unwrap().contains("OpenSSL"));
    let md = Md::fetch(&ctx, "SHA512", None).unwrap();
    let mut a = MdCtx::new(&md).unwrap();
    a.update(b"ab").unwrap();
    let mut b = a.try_clone().unwrap();
    a.update(b"c").unwrap();
    b.update(b"c").unwrap();
    assert_eq!(a.finish().unwrap(), b.finish().unwrap());
    assert_eq!(md.digest(b"abc").unwrap().len(), 64);
}

#[test]
fn mac_ctx_dup_and_wrong_param_type() {
    let ctx = system_default().unwrap();
    let mac = Mac::fetch(&ctx, "HMAC", None).unwrap();
    let mut c = MacCtx::new(&mac).unwrap();
    let mut p = Params::new();
    p.utf8("digest", "SHA256");
    c.init(Some(b"key"), Some(&p)).unwrap();
    assert_eq!(c.mac_size(), 32);
    c.update(b"The quick brown fox ").unwrap();
    let mut d = c.try_clone().unwrap();
    c.update(b"jumps over the lazy dog").unwrap();
    d.update(b"jumps over the lazy dog").unwrap();
    let m = c.finish().unwrap();
    assert_eq!(hex(&m), "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assert_eq!(d.finish().unwrap(), m);
    let mut bad = Params::new();
    bad.raw("digest", ParamType::Integer, &7i32.to_ne_bytes());
    assert!(c.set_params(&bad).is_err());
}

#[test]
fn self_test_callback_is_installed_without_events_for_default() {
    let mut ctx = LibCtx::new().unwrap();
    let log = ctx.record_self_tests(None);
    ctx.retain_provider("default").unwrap();
    // The default provider runs no self-tests.
    assert!(log.events().is_empty());
    assert!(ctx.provider_names().contains(&"default".to_owned()));
    assert!(ctx.digests().iter().any(|a| a.names.iter().any(|n| n == "SHA2-256") && a.provider == "default"));
    assert!(ctx.macs().iter().any(|a| a.names.iter().any(|n| n == "HMAC")));
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn libcrypto_version_is_3x() {
    let (major, minor, _) = ferrofips_evp::libcrypto_version();
    assert_eq!(major, 3, "minor {minor}");
}
