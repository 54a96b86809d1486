//! The module loads through the contract's configuration, reports its params, links no libcrypto, exports
//! only `OSSL_provider_init`, and serves the digests and HMAC itself.

use std::collections::BTreeSet;

use ferrofips_crypto::digest::{Algorithm, default_backend};
use ferrofips_evp::{Mac, Md, Params, system_default};
use ferrofips_tests::digests::DIGESTS;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, module, tools};

#[test]
fn provider_loads_with_contract_config() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    assert!(ctx.provider_available(PROVIDER_NAME), "ferrofips not active: {:?}", ctx.provider_names());
    assert!(ctx.provider_available("base"), "base not active: {:?}", ctx.provider_names());
    assert!(!ctx.provider_available("default"), "the default provider must not be active");
    assert!(ctx.default_fips(), "default_properties = fips=yes was not applied");
    Ok(())
}

#[test]
fn provider_params() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let prov = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not found")?;
    let info = prov.info()?;
    println!("{info:#?}");
    assert_eq!(info.name.as_deref(), Some("ferrofips"));
    assert_eq!(info.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(info.status, Some(1));
    let buildinfo = info.buildinfo.ok_or("no buildinfo")?;
    assert!(buildinfo.starts_with(&format!("ferrofips {} (git ", env!("CARGO_PKG_VERSION"))), "{buildinfo}");
    assert!(buildinfo.contains("rustc"), "{buildinfo}");
    let mode = if ferrofips_selftest::mode::strict() { "mode=strict" } else { "mode=standard" };
    assert!(buildinfo.contains(mode), "expected {mode}: {buildinfo}");
    assert_eq!(prov.int_param("security-checks")?, Some(1));
    let gettable: BTreeSet<String> = prov.gettable_params().into_iter().map(|d| d.key).collect();
    for k in ["name", "version", "buildinfo", "status"] {
        assert!(gettable.contains(k), "{k} not gettable: {gettable:?}");
    }
    // An unknown provider param is left alone, as OpenSSL's providers do.
    let mut p = Params::new();
    p.request_int("no-such-provider-param").request_int("status");
    prov.get_params(&mut p)?;
    assert_eq!(p.returned_size("no-such-provider-param"), None);
    assert_eq!(p.get_int("status"), Some(1));
    Ok(())
}

/// The `backends:` list of buildinfo is what ferrofips-crypto picks on this CPU (same code, same env).
#[test]
fn buildinfo_backends_match_crypto_defaults() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let info = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not found")?.info()?;
    let buildinfo = info.buildinfo.ok_or("no buildinfo")?;
    let list = buildinfo.split("backends:").nth(1).ok_or("no backends: list")?.trim();
    let got: BTreeSet<String> = list.split(',').map(|s| s.trim().to_owned()).collect();
    let mut want: BTreeSet<String> =
        Algorithm::ALL.iter().map(|&a| format!("{}={}", a.name(), default_backend(a).name())).collect();
    want.insert(format!("AES={}", ferrofips_crypto::aes::default_backend().name()));
    want.insert(format!("GCM={}", ferrofips_crypto::gcm::default_backend().name()));
    {
        use ferrofips_crypto::ec::{ed25519, p256, p384, p521, x25519};
        want.insert(format!("P-256={}", p256::backend_name()));
        want.insert(format!("P-384={}", p384::backend_name()));
        want.insert(format!("P-521={}", p521::backend_name()));
        want.insert(format!("X25519={}", x25519::backend_name()));
        want.insert(format!("Ed25519={}", ed25519::backend_name()));
    }
    assert_eq!(got, want, "{buildinfo}");
    Ok(())
}

#[test]
fn module_links_no_libcrypto() -> TestResult {
    let ldd = tools::require("ldd", "to list the module's shared-library dependencies")?;
    let built = module::built_module()?;
    let run = tools::run(&ldd, &[built.as_os_str()], &[], None)?.ok()?;
    println!("{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(!line.contains("libcrypto") && !line.contains("libssl"), "module links OpenSSL: {line}");
    }
    assert!(run.stdout.contains("libc.so"), "unexpected ldd output: {}", run.stdout);
    Ok(())
}

#[test]
fn module_exports_only_provider_init() -> TestResult {
    let nm = tools::require("nm", "to list the module's exported symbols")?;
    let built = module::built_module()?;
    let run = tools::run(&nm, &["-D".as_ref(), "--defined-only".as_ref(), built.as_os_str()], &[], None)?.ok()?;
    let symbols: Vec<&str> = run.stdout.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    assert_eq!(symbols, ["OSSL_provider_init"], "exported: {}", run.stdout);
    let kind = run.stdout.lines().find_map(|l| l.split_whitespace().nth(1)).unwrap_or("");
    assert_eq!(kind, "T", "OSSL_provider_init must be a text symbol: {}", run.stdout);
    Ok(())
}

#[test]
fn digests_come_from_ferrofips() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for d in DIGESTS {
        for alias in d.aliases {
            let md = Md::fetch(&ctx, alias, None).map_err(|e| format!("fetch {alias}: {e}"))?;
            assert_eq!(md.provider_name(), PROVIDER_NAME, "{alias}");
            assert!(md.is_a(d.name), "{alias} is not {}", d.name);
            assert_eq!(md.size(), d.size, "{alias} size");
            assert_eq!(md.block_size(), d.block, "{alias} block size");
            assert_eq!(md.is_xof(), d.xof, "{alias} xof flag");
        }
        let ours: BTreeSet<String> = Md::fetch(&ctx, d.name, Some(PROPQ))?.names().into_iter().collect();
        let theirs: BTreeSet<String> = Md::fetch(&sys, d.name, None)?.names().into_iter().collect();
        assert_eq!(ours, theirs, "{}: names differ from OpenSSL's default provider", d.name);
    }
    let listed = ctx.digests();
    for d in DIGESTS {
        assert!(
            listed.iter().any(|a| a.provider == PROVIDER_NAME && a.names.iter().any(|n| n == d.name)),
            "{} not listed by EVP_MD_do_all_provided",
            d.name
        );
    }
    assert!(listed.iter().all(|a| a.provider == PROVIDER_NAME), "digests from other providers: {listed:?}");
    Ok(())
}

/// The algorithm params libcrypto caches (blocksize, size, xof, algid-absent) equal the default provider's.
/// (OpenSSL marks SHAKE as algid-absent too: `SHAKE_FLAGS` in `providers/implementations/digests/sha3_prov.c`.)
#[test]
fn digest_params_match_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for d in DIGESTS {
        let read = |md: &Md<'_>| -> Result<Vec<Option<i64>>, Box<dyn std::error::Error>> {
            let mut p = Params::new();
            p.request_size_t("blocksize").request_size_t("size").request_int("xof").request_int("algid-absent");
            md.get_params(&mut p)?;
            Ok(vec![
                p.get_uint("blocksize").map(|v| v as i64),
                p.get_uint("size").map(|v| v as i64),
                p.get_int("xof"),
                p.get_int("algid-absent"),
            ])
        };
        let ours = read(&Md::fetch(&ctx, d.name, None)?)?;
        let theirs = read(&Md::fetch(&sys, d.name, None)?)?;
        assert_eq!(ours, theirs, "{}: [blocksize, size, xof, algid-absent]", d.name);
    }
    Ok(())
}

#[test]
fn hmac_comes_from_ferrofips() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mac = Mac::fetch(&ctx, "HMAC", None)?;
    assert_eq!(mac.provider_name(), PROVIDER_NAME);
    let settable: BTreeSet<String> = mac.settable_ctx_params().into_iter().map(|d| d.key).collect();
    for k in ["digest", "properties", "key"] {
        assert!(settable.contains(k), "HMAC ctx param {k} not settable: {settable:?}");
    }
    let gettable: BTreeSet<String> = mac.gettable_ctx_params().into_iter().map(|d| d.key).collect();
    for k in ["size", "block-size"] {
        assert!(gettable.contains(k), "HMAC ctx param {k} not gettable: {gettable:?}");
    }
    assert!(ctx.macs().iter().all(|a| a.provider == PROVIDER_NAME), "{:?}", ctx.macs());
    Ok(())
}

/// Under `fips=yes` with only ferrofips and base active, algorithms ferrofips does not offer are not found.
#[test]
fn other_algorithms_are_not_available() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in ["MD5", "SHA512-224-NOPE", "BLAKE2S-256"] {
        let err = Md::fetch(&ctx, name, None).err().ok_or(format!("{name} was fetched"))?;
        assert!(!err.is_empty(), "{name}: no error on the stack");
    }
    // CMAC and GMAC are offered now; these MACs are not approved and never will be.
    for name in ["SIPHASH", "POLY1305", "BLAKE2BMAC"] {
        assert!(Mac::fetch(&ctx, name, None).is_err(), "MAC {name} was fetched");
    }
    Ok(())
}
