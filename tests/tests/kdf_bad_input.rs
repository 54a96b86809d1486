//! The KDFs under misuse: missing parameters, wrong parameter types, unknown and XOF digests, bad modes,
//! lengths out of range, zero-length output; plus the parameter lists, `size`, reset/dup, the approved-service
//! indicator and (in a child process) the strict-mode refusals.

use ferrofips_evp::{ErrorStack, Kdf, KdfCtx, ParamType, Params};
use ferrofips_tests::kdf_params::{List, V, fetch, refused};
use ferrofips_tests::{Installation, TestResult, child};

fn hkdf_list(md: &str) -> List<'_> {
    List(vec![
        ("digest", V::Utf8(md)),
        ("key", V::Oct(&[0x0b; 22])),
        ("salt", V::Oct(b"salt")),
        ("info", V::Oct(b"info")),
    ])
}

fn tls13_list(md: &str) -> List<'_> {
    List(vec![
        ("mode", V::Int(2)),
        ("digest", V::Utf8(md)),
        ("key", V::Oct(&[1; 32])),
        ("prefix", V::Oct(b"tls13 ")),
        ("label", V::Oct(b"key")),
    ])
}

fn prf_list(md: &str) -> List<'_> {
    List(vec![
        ("digest", V::Utf8(md)),
        ("secret", V::Oct(&[3; 48])),
        ("seed", V::Oct(b"key expansion")),
        ("seed", V::Oct(&[9; 64])),
    ])
}

fn hkdf_params(md: &str) -> Params {
    hkdf_list(md).build()
}

fn tls13_expand_params(md: &str) -> Params {
    tls13_list(md).build()
}

#[test]
fn missing_parameters() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let hkdf = fetch(&ctx, "HKDF")?;
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    let prf = fetch(&ctx, "TLS1-PRF")?;
    // No digest.
    let mut p = Params::new();
    p.octets("key", b"k");
    refused(&hkdf, 32, &p, "no digest");
    let mut p = Params::new();
    p.int("mode", 2).octets("key", &[1; 32]);
    refused(&tls13, 32, &p, "no digest");
    let mut p = Params::new();
    p.octets("secret", b"s").octets("seed", b"x");
    refused(&prf, 32, &p, "no digest");
    // No key / secret / seed.
    let mut p = Params::new();
    p.utf8("digest", "SHA256");
    refused(&hkdf, 32, &p, "no key");
    let mut p = Params::new();
    p.int("mode", 2).utf8("digest", "SHA256");
    refused(&tls13, 32, &p, "no key");
    let mut p = Params::new();
    p.utf8("digest", "SHA256").octets("seed", b"x");
    refused(&prf, 32, &p, "no secret");
    let mut p = Params::new();
    p.utf8("digest", "SHA256").octets("secret", b"s");
    refused(&prf, 32, &p, "no seed");
    // TLS13-KDF without a mode: a set call leaving the default mode fails, and so does derive.
    let mut c = KdfCtx::new(&tls13)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA256");
    assert!(c.set_params(&p).expect_err("mode 0 accepted").mentions("mode"));
    assert!(c.derive(32, None).expect_err("derive in mode 0").mentions("mode"));
    // A NULL parameter array on a fresh context: nothing set.
    assert!(KdfCtx::new(&hkdf)?.derive(32, None).is_err());
    Ok(())
}

#[test]
fn wrong_types_modes_and_digests() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in ["HKDF", "TLS13-KDF", "TLS1-PRF"] {
        let kdf = fetch(&ctx, name)?;
        let base = |md| match name {
            "HKDF" => hkdf_list(md),
            "TLS13-KDF" => tls13_list(md),
            _ => prf_list(md),
        };
        // Sanity: the base parameters work.
        kdf.derive(32, &base("SHA256").build())?;
        refused(&kdf, 32, &base("MD5").build(), "unknown or unsupported digest");
        refused(&kdf, 32, &base("NO-SUCH-DIGEST").build(), "unknown or unsupported digest");
        refused(&kdf, 32, &base("SHAKE-128").build(), "XOF");
        refused(&kdf, 32, &base("SHAKE256").build(), "XOF");
        refused(&kdf, 32, &base("SHA256").set("digest", V::Oct(b"SHA256")).build(), "wrong parameter type");
        refused(&kdf, 32, &base("SHA256").add("properties", V::Int(1)).build(), "wrong parameter type");
        let key = if name == "TLS1-PRF" { "secret" } else { "key" };
        refused(&kdf, 32, &base("SHA256").set(key, V::Utf8("a string key")).build(), "wrong parameter type");
        refused(&kdf, 32, &base("SHA256").set(key, V::Int(7)).build(), "wrong parameter type");
        // Zero-length output.
        refused(&kdf, 0, &base("SHA256").build(), "zero-length");
    }
    let hkdf = fetch(&ctx, "HKDF")?;
    for bad in [V::Int(3), V::Int(-1), V::Utf8("EXPAND_AND_EXTRACT"), V::Oct(&[1])] {
        refused(&hkdf, 32, &hkdf_list("SHA256").set("mode", bad).build(), "mode");
    }
    // Every info entry must be an octet string.
    refused(&hkdf, 32, &hkdf_list("SHA256").add("info", V::Utf8("text")).build(), "wrong parameter type");
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    refused(&tls13, 32, &tls13_list("SHA256").set("mode", V::Int(0)).build(), "mode");
    refused(&tls13, 32, &tls13_list("SHA256").set("label", V::Utf8("label")).build(), "wrong parameter type");
    let prf = fetch(&ctx, "TLS1-PRF")?;
    refused(&prf, 32, &prf_list("SHA256").add("seed", V::Utf8("text")).build(), "wrong parameter type");
    Ok(())
}

#[test]
fn lengths_out_of_range() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let hkdf = fetch(&ctx, "HKDF")?;
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    for (md, n) in [("SHA1", 20), ("SHA256", 32), ("SHA384", 48), ("SHA512", 64), ("SHA3-224", 28)] {
        for mode in [0, 2] {
            let mut p = hkdf_params(md);
            p.int("mode", mode);
            assert_eq!(hkdf.derive(255 * n, &p)?.len(), 255 * n);
            refused(&hkdf, 255 * n + 1, &p, "longer than 255");
            refused(&hkdf, 1 << 20, &p, "longer than 255");
        }
        // Extract-only gives exactly the digest size.
        let mut p = hkdf_params(md);
        p.utf8("mode", "EXTRACT_ONLY");
        assert_eq!(hkdf.derive(n, &p)?.len(), n);
        refused(&hkdf, n + 1, &p, "extract output");
        refused(&hkdf, n - 1, &p, "extract output");
        let p = tls13_expand_params(md);
        assert_eq!(tls13.derive(255 * n, &p)?.len(), 255 * n);
        refused(&tls13, 255 * n + 1, &p, "longer than 255");
        let mut p = Params::new();
        p.int("mode", 1).utf8("digest", md);
        refused(&tls13, n + 1, &p, "extract output");
    }
    // HkdfLabel vectors: prefix + label and data are at most 255 bytes.
    refused(&tls13, 32, &tls13_list("SHA256").set("label", V::Oct(&[b'a'; 250])).build(), "prefix + label");
    let ok = tls13_list("SHA256").set("label", V::Oct(&[b'a'; 249])).set("data", V::Oct(&[0; 255]));
    tls13.derive(32, &ok.build())?;
    refused(&tls13, 32, &tls13_list("SHA256").set("data", V::Oct(&[0; 256])).build(), "data longer");
    // HKDF info concatenation is capped at 32 KiB.
    let long = hkdf_list("SHA256").set("info", V::Oct(&[1; 20000])).add("info", V::Oct(&[2; 20000]));
    refused(&hkdf, 32, &long.build(), "info longer");
    Ok(())
}

#[test]
fn parameter_lists_size_reset_and_dup() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let keys = |k: &Kdf<'_>, settable: bool| {
        let list = if settable { k.settable_ctx_params() } else { k.gettable_ctx_params() };
        list.into_iter().map(|d| d.key).collect::<Vec<_>>()
    };
    let hkdf = fetch(&ctx, "HKDF")?;
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    let prf = fetch(&ctx, "TLS1-PRF")?;
    assert_eq!(keys(&hkdf, true), ["mode", "mode", "properties", "digest", "key", "salt", "info"]);
    assert_eq!(keys(&tls13, true), ["mode", "mode", "properties", "digest", "key", "salt", "prefix", "label", "data"]);
    assert_eq!(keys(&prf, true), ["properties", "digest", "secret", "seed"]);
    assert_eq!(keys(&hkdf, false), ["size", "info", "fips-indicator"]);
    assert_eq!(keys(&prf, false), ["size", "fips-indicator"]);
    // "size": SIZE_MAX unless extract-only, where it is the digest size.
    let mut c = KdfCtx::new(&hkdf)?;
    assert_eq!(c.kdf_size(), usize::MAX);
    let mut p = Params::new();
    p.int("mode", 1);
    c.set_params(&p)?;
    assert_eq!(c.kdf_size(), 0, "extract-only without a digest has no size");
    c.set_params(&hkdf_params("SHA384"))?;
    assert_eq!(c.kdf_size(), 48);
    assert_eq!(KdfCtx::new(&prf)?.kdf_size(), usize::MAX);
    // "info" reads back the concatenation.
    let mut c = KdfCtx::new(&hkdf)?;
    c.set_params(&hkdf_list("SHA256").add("info", V::Oct(b"-more")).build())?;
    let mut q = Params::new();
    q.request("info", ParamType::OctetString, 64);
    c.get_params(&mut q)?;
    assert_eq!(q.get_octets("info").as_deref(), Some(&b"info-more"[..]));
    // dup keeps everything, reset forgets everything.
    let a = c.derive(40, None)?;
    let mut d = c.try_clone()?;
    assert_eq!(d.derive(40, None)?, a);
    c.reset();
    assert!(c.derive(40, None).is_err());
    assert_eq!(d.derive(40, None)?, a);
    // TLS1-PRF seeds accumulate across calls until reset (OpenSSL semantics).
    let mut c = KdfCtx::new(&prf)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA256").octets("secret", &[5; 48]).octets("seed", b"ab");
    let once = c.derive(32, Some(&p))?;
    let twice = c.derive(32, Some(&p))?;
    let mut whole = Params::new();
    whole.utf8("digest", "SHA256").octets("secret", &[5; 48]).octets("seed", b"abab");
    assert_eq!(prf.derive(32, &whole)?, twice);
    assert_ne!(once, twice);
    c.reset();
    assert_eq!(c.derive(32, Some(&p))?, once);
    // TLS13-KDF "data" lives for one call only.
    let mut c = KdfCtx::new(&tls13)?;
    let with = c.derive(32, Some(&tls13_list("SHA256").set("data", V::Oct(b"context")).build()))?;
    let mut no_data = Params::new();
    no_data.octets("label", b"key");
    let without = c.derive(32, Some(&no_data))?;
    assert_ne!(with, without);
    assert_eq!(tls13.derive(32, &tls13_expand_params("SHA256"))?, without);
    Ok(())
}

fn indicator(c: &mut KdfCtx<'_>) -> Result<i64, ErrorStack> {
    let mut q = Params::new();
    q.request_int("fips-indicator");
    c.get_params(&mut q)?;
    Ok(q.get_int("fips-indicator").unwrap_or(-1))
}

/// The approved-service indicator (standard mode: unapproved uses are served and flagged).
#[test]
fn fips_indicator() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let prf = fetch(&ctx, "TLS1-PRF")?;
    let mut c = KdfCtx::new(&prf)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA256")
        .octets("secret", &[1; 48])
        .octets("seed", b"extended master secret")
        .octets("seed", &[2; 32]);
    c.derive(48, Some(&p))?;
    assert_eq!(indicator(&mut c)?, 1);
    let mut c = KdfCtx::new(&prf)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA256").octets("secret", &[1; 48]).octets("seed", b"master secret").octets("seed", &[2; 64]);
    if !ferrofips_selftest::mode::strict() {
        c.derive(48, Some(&p))?;
        assert_eq!(indicator(&mut c)?, 0, "non-EMS master secret must not be reported approved");
    }
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    let mut c = KdfCtx::new(&tls13)?;
    c.derive(32, Some(&tls13_expand_params("SHA256")))?;
    assert_eq!(indicator(&mut c)?, 1);
    if !ferrofips_selftest::mode::strict() {
        let mut c = KdfCtx::new(&tls13)?;
        c.derive(64, Some(&tls13_expand_params("SHA512")))?;
        assert_eq!(indicator(&mut c)?, 0, "TLS 1.3 KDF with SHA-512 is not approved");
        let hkdf = fetch(&ctx, "HKDF")?;
        let mut c = KdfCtx::new(&hkdf)?;
        c.derive(32, Some(&hkdf_list("SHA256").set("key", V::Oct(&[1; 13])).build()))?;
        assert_eq!(indicator(&mut c)?, 0, "a 104-bit key is not approved");
    }
    Ok(())
}

/// Strict mode (FERROFIPS_FORCE_FIPS=1): the unapproved uses are refused outright.
#[test]
fn strict_mode_refusals() -> TestResult {
    if !child::isolate("strict_mode_refusals", &[("FERROFIPS_FORCE_FIPS", "1")])? {
        return Ok(());
    }
    assert!(ferrofips_selftest::mode::strict());
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let prf = fetch(&ctx, "TLS1-PRF")?;
    let mut p = Params::new();
    p.utf8("digest", "SHA384").octets("secret", &[1; 48]).octets("seed", b"master secret").octets("seed", &[2; 64]);
    refused(&prf, 48, &p, "extended master secret");
    let mut p = Params::new();
    p.utf8("digest", "SHA384")
        .octets("secret", &[1; 48])
        .octets("seed", b"extended master secret")
        .octets("seed", &[2; 48]);
    assert_eq!(prf.derive(48, &p)?.len(), 48);
    let mut p = Params::new();
    p.utf8("digest", "SHA256").octets("secret", &[1; 13]).octets("seed", b"key expansion");
    refused(&prf, 48, &p, "key too short");
    let tls13 = fetch(&ctx, "TLS13-KDF")?;
    refused(&tls13, 64, &tls13_expand_params("SHA512"), "digest not allowed");
    assert_eq!(tls13.derive(48, &tls13_expand_params("SHA384"))?.len(), 48);
    let hkdf = fetch(&ctx, "HKDF")?;
    refused(&hkdf, 32, &hkdf_list("SHA256").set("key", V::Oct(&[1; 13])).build(), "key too short");
    assert_eq!(hkdf.derive(32, &hkdf_params("SHA3-256"))?.len(), 32);
    println!("strict mode refusals verified");
    Ok(())
}
