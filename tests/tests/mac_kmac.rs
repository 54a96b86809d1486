//! The provider's EVP_MACs "KMAC-128" / "KMAC-256" (SP 800-185) through real OpenSSL: NIST's KMAC samples, a
//! differential test against OpenSSL's default provider (random keys, customisation strings, sizes, XOF mode,
//! chunked updates, `EVP_MAC_CTX_dup` mid-stream), parameters, misuse (each a clean error) and, in a child
//! process, strict mode's refusal of keys under 112 bits.

use ferrofips_evp::{ErrorStack, LibCtx, Mac, MacCtx, Params, system_default};
use ferrofips_tests::checks::{expect_error, pieces, runner};
use ferrofips_tests::{Installation, PROPQ, TestResult, child};
use proptest::collection::vec;
use proptest::prelude::*;

const KEY: &str = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
const TAG: &[u8] = b"My Tagged Application";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn fetch<'a>(ctx: &'a LibCtx, name: &str) -> Result<Mac<'a>, ErrorStack> {
    Mac::fetch(ctx, name, Some(PROPQ))
}

/// One MAC: `params` at init with `key`, the message in `parts`; the context is duplicated after `dup_at`
/// pieces and both copies must agree.
fn run(mac: &Mac<'_>, key: &[u8], params: &Params, parts: &[&[u8]], dup_at: usize) -> Result<Vec<u8>, ErrorStack> {
    let mut c = MacCtx::new(mac)?;
    c.init(Some(key), Some(params))?;
    let mut dup = None;
    for (i, p) in parts.iter().enumerate() {
        if i == dup_at {
            dup = Some(c.try_clone()?);
        }
        c.update(p)?;
        if let Some(d) = dup.as_mut() {
            d.update(p)?;
        }
    }
    let out = c.finish()?;
    if let Some(mut d) = dup
        && d.finish()? != out
    {
        return Err(ErrorStack::synthetic("EVP_MAC_CTX_dup copy produced a different MAC"));
    }
    Ok(out)
}

/// NIST "KMAC_samples.pdf" (SP 800-185 example values), all six samples, under every name of each algorithm;
/// plus sample #1 of "KMACXOF_samples.pdf" (the "xof" parameter).
#[test]
fn nist_samples() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let short = vec![0u8, 1, 2, 3];
    let long: Vec<u8> = (0u8..200).collect();
    let samples: [(&str, &[u8], &[u8], &str); 6] = [
        ("KMAC-128", &short, b"", "e5780b0d3ea6f7d3a429c5706aa43a00fadbd7d49628839e3187243f456ee14e"),
        ("KMAC128", &short, TAG, "3b1fba963cd8b0b59e8c1a6d71888b7143651af8ba0a7070c0979e2811324aa5"),
        ("2.16.840.1.101.3.4.2.19", &long, TAG, "1f5b4e6cca02209e0dcb5ca635b89a15e271ecc760071dfd805faa38f9729230"),
        (
            "KMAC-256",
            &short,
            TAG,
            "20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7\
             f69d4cc3de9d104a351689f27cf6f5951f0103f33f4f24871024d9c27773a8dd",
        ),
        (
            "KMAC256",
            &long,
            b"",
            "75358cf39e41494e949707927cee0af20a3ff553904c86b08f21cc414bcfd691\
             589d27cf5e15369cbbff8b9a4c2eb17800855d0235ff635da82533ec6b759b69",
        ),
        (
            "2.16.840.1.101.3.4.2.20",
            &long,
            TAG,
            "b58618f71f92e1d56c1b8c55ddd7cd188b97b4ca4d99831eb2699a837da2e4d9\
             70fbacfde50033aea585f1a2708510c32d07880801bd182898fe476876fc8965",
        ),
    ];
    for (name, msg, custom, want) in samples {
        let mac = fetch(&ctx, name)?;
        assert_eq!(mac.provider_name(), "ferrofips");
        let mut p = Params::new();
        p.octets("custom", custom);
        let got = run(&mac, &hex(KEY), &p, &[msg], usize::MAX)?;
        assert_eq!(got, hex(want), "{name}, {} byte message, custom {:?}", msg.len(), custom);
    }
    let mut p = Params::new();
    p.int("xof", 1);
    let got = run(&fetch(&ctx, "KMAC-128")?, &hex(KEY), &p, &[&short], usize::MAX)?;
    assert_eq!(got, hex("cd83740bbd92ccc8cf032b1481a0f4460e7ca9dd12b08a0c4031178bacd6ec35"));
    Ok(())
}

#[test]
fn matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    let pairs = [
        (fetch(&ctx, "KMAC-128")?, Mac::fetch(&sys, "KMAC-128", None)?),
        (fetch(&ctx, "KMAC-256")?, Mac::fetch(&sys, "KMAC-256", None)?),
    ];
    let strategy = (
        0usize..2,
        vec(any::<u8>(), 4..64),
        vec(any::<u8>(), 0..40),
        vec(any::<u8>(), 0..600),
        vec(0usize..600, 0..5),
        (1usize..=64, any::<bool>(), 0usize..6),
    );
    runner(200).run(&strategy, |(which, key, custom, msg, cuts, (size, xof, dup_at))| {
        let (ours, theirs) = &pairs[which];
        let mut p = Params::new();
        p.octets("custom", &custom).size_t("size", size).int("xof", i32::from(xof));
        let parts = pieces(&msg, &cuts);
        let a = run(ours, &key, &p, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("ours: {e}")))?;
        let b = run(theirs, &key, &p, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("default: {e}")))?;
        prop_assert_eq!(a.len(), size);
        prop_assert_eq!(
            a,
            b,
            "KMAC{} key {} custom {} msg {} size {} xof {}",
            if which == 0 { 128 } else { 256 },
            key.len(),
            custom.len(),
            msg.len(),
            size,
            xof
        );
        Ok(())
    })?;
    Ok(())
}

/// `init` with a NULL key reuses the key for a second message; parameters read back as OpenSSL's.
#[test]
fn reinit_and_params() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    for (name, size, block) in [("KMAC-128", 32u64, 168u64), ("KMAC-256", 64, 136)] {
        let mut outs = Vec::new();
        for mac in [fetch(&ctx, name)?, Mac::fetch(&sys, name, None)?] {
            let mut c = MacCtx::new(&mac)?;
            c.init(Some(&[9u8; 20]), None)?;
            let mut q = Params::new();
            q.request_size_t("size").request_size_t("block-size");
            c.get_params(&mut q)?;
            assert_eq!((q.get_uint("size"), q.get_uint("block-size")), (Some(size), Some(block)), "{name}");
            c.update(b"first")?;
            let t1 = c.finish()?;
            let mut p = Params::new();
            p.octets("custom", b"second").size_t("size", 17);
            c.init(None, Some(&p))?;
            c.update(b"second message")?;
            outs.push((t1, c.finish()?));
        }
        assert_eq!(outs[0], outs[1], "{name}");
        assert_eq!(outs[0].1.len(), 17);
    }
    // The FIPS indicator: keys of at least 112 bits are approved.
    let mac = fetch(&ctx, "KMAC-128")?;
    for (len, approved) in [(13usize, 0i64), (14, 1)] {
        let mut c = MacCtx::new(&mac)?;
        c.init(Some(&vec![1u8; len]), None)?;
        let mut q = Params::new();
        q.request_int("fips-indicator");
        c.get_params(&mut q)?;
        assert_eq!(q.get_int("fips-indicator"), Some(approved), "{len}-byte key");
    }
    Ok(())
}

#[test]
fn bad_input() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in ["KMAC-128", "KMAC-256"] {
        let mac = fetch(&ctx, name)?;
        for len in [0usize, 1, 3, 513] {
            let mut c = MacCtx::new(&mac)?;
            expect_error(&format!("{name} with a {len}-byte key"), c.init(Some(&vec![1u8; len]), None))?;
            expect_error("update after the failed init", c.update(b"x"))?;
            let mut p = Params::new();
            p.octets("key", &vec![1u8; len]);
            expect_error(&format!("{name} \"key\" of {len} bytes"), c.set_params(&p))?;
        }
        let mut c = MacCtx::new(&mac)?;
        expect_error(&format!("{name} update before init"), c.update(b"x"))?;
        expect_error(&format!("{name} final before init"), c.finish())?;
        expect_error(&format!("{name} init without a key"), c.init(None, None))?;
        let mut p = Params::new();
        p.octets("custom", &[0x41; 513]);
        expect_error(&format!("{name} custom of 513 bytes"), c.init(Some(&[1u8; 16]), Some(&p)))?;
        for size in [0usize, 0xFF_FFFF / 8 + 1, usize::MAX] {
            let mut p = Params::new();
            p.size_t("size", size);
            expect_error(&format!("{name} size {size}"), c.set_params(&p))?;
        }
        let mut p = Params::new();
        p.utf8("xof", "yes");
        expect_error(&format!("{name} xof as a string"), c.set_params(&p))?;
        // Still usable: 512-byte custom string and key are the limits.
        let mut p = Params::new();
        p.octets("custom", &[0x41; 512]);
        c.init(Some(&[1u8; 512]), Some(&p))?;
        c.update(b"fine")?;
        let out = c.finish()?;
        assert_eq!(out.len(), if name == "KMAC-128" { 32 } else { 64 });
        expect_error(&format!("{name} update after final"), c.update(b"x"))?;
    }
    Ok(())
}

/// Strict mode (FERROFIPS_FORCE_FIPS=1): keys under 112 bits are refused, by `init` and by `"key"`.
#[test]
fn strict_mode_refuses_short_keys() -> TestResult {
    if !child::isolate("strict_mode_refuses_short_keys", &[("FERROFIPS_FORCE_FIPS", "1")])? {
        return Ok(());
    }
    assert!(ferrofips_selftest::mode::strict());
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in ["KMAC-128", "KMAC-256"] {
        let mac = fetch(&ctx, name)?;
        let mut c = MacCtx::new(&mac)?;
        expect_error(&format!("{name} strict, 13-byte key"), c.init(Some(&[1u8; 13]), None))?;
        let mut p = Params::new();
        p.octets("key", &[1u8; 4]);
        expect_error(&format!("{name} strict, 4-byte \"key\""), c.set_params(&p))?;
        c.init(Some(&[1u8; 14]), None)?;
        c.update(b"approved")?;
        assert!(!c.finish()?.is_empty());
    }
    Ok(())
}
