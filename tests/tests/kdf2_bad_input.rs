//! SSKDF, X963KDF, KBKDF, PBKDF2 and SSHKDF under misuse: missing parameters, wrong types, unknown, XOF and
//! unsupported digests/MACs/ciphers, bad modes, `r` and `type` values, lengths out of range, zero-length
//! output; plus parameter lists, `size`, reset/dup, `info` concatenation, the approved-service indicator and
//! (in a child process) the strict-mode refusals. Every refusal must be a clean error, never a crash.

use ferrofips_evp::{ErrorStack, Kdf, KdfCtx, Params};
use ferrofips_tests::kdf_params::{List, V, fetch, refused};
use ferrofips_tests::{Installation, TestResult, child};

fn sskdf_list(md: &str) -> List<'_> {
    List(vec![("digest", V::Utf8(md)), ("secret", V::Oct(&[0x11; 32])), ("info", V::Oct(b"fixed info"))])
}

fn x963_list(md: &str) -> List<'_> {
    sskdf_list(md)
}

fn kbkdf_list(md: &str) -> List<'_> {
    List(vec![
        ("mac", V::Utf8("HMAC")),
        ("digest", V::Utf8(md)),
        ("key", V::Oct(&[0x22; 32])),
        ("salt", V::Oct(b"label")),
        ("info", V::Oct(b"context")),
    ])
}

fn kbkdf_cmac_list(cipher: &str) -> List<'_> {
    List(vec![("mac", V::Utf8("CMAC")), ("cipher", V::Utf8(cipher)), ("key", V::Oct(&[0x33; 16]))])
}

fn pbkdf2_list(md: &str) -> List<'_> {
    List(vec![
        ("digest", V::Utf8(md)),
        ("pass", V::Oct(b"correct horse battery staple")),
        ("salt", V::Oct(&[0x44; 16])),
        ("iter", V::U64(1000)),
    ])
}

fn sshkdf_list(md: &str) -> List<'_> {
    List(vec![
        ("digest", V::Utf8(md)),
        ("key", V::Oct(&[0x55; 64])),
        ("xcghash", V::Oct(&[0x66; 32])),
        ("session_id", V::Oct(&[0x77; 32])),
        ("type", V::Utf8("A")),
    ])
}

/// The base list of `name` with digest `md`.
fn base<'a>(name: &str, md: &'a str) -> List<'a> {
    match name {
        "SSKDF" => sskdf_list(md),
        "X963KDF" => x963_list(md),
        "KBKDF" => kbkdf_list(md),
        "PBKDF2" => pbkdf2_list(md),
        _ => sshkdf_list(md),
    }
}

const NAMES: [&str; 5] = ["SSKDF", "X963KDF", "KBKDF", "PBKDF2", "SSHKDF"];

#[test]
fn missing_parameters() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in NAMES {
        let kdf = fetch(&ctx, name)?;
        kdf.derive(32, &base(name, "SHA256").build())?;
        // A NULL parameter array on a fresh context: nothing set.
        assert!(KdfCtx::new(&kdf)?.derive(32, None).is_err(), "{name}: fresh context derived");
    }
    let sskdf = fetch(&ctx, "SSKDF")?;
    refused(&sskdf, 32, &sskdf_list("SHA256").drop("digest").build(), "no digest");
    refused(&sskdf, 32, &sskdf_list("SHA256").drop("digest").add("mac", V::Utf8("HMAC")).build(), "no digest");
    refused(&sskdf, 32, &sskdf_list("SHA256").drop("secret").build(), "no secret");
    let x963 = fetch(&ctx, "X963KDF")?;
    refused(&x963, 32, &x963_list("SHA256").drop("digest").build(), "no digest");
    refused(&x963, 32, &x963_list("SHA256").drop("secret").build(), "no secret");
    let kbkdf = fetch(&ctx, "KBKDF")?;
    refused(&kbkdf, 32, &kbkdf_list("SHA256").drop("key").build(), "no key");
    refused(&kbkdf, 32, &kbkdf_list("SHA256").drop("mac").build(), "no MAC");
    refused(&kbkdf, 32, &kbkdf_list("SHA256").drop("digest").build(), "needs a digest");
    refused(&kbkdf, 32, &kbkdf_cmac_list("AES-128-CBC").drop("cipher").build(), "needs a cipher");
    // An empty key is no key (OpenSSL 3.5 clears the setting).
    refused(&kbkdf, 32, &kbkdf_list("SHA256").set("key", V::Oct(b"")).build(), "no key");
    let pbkdf2 = fetch(&ctx, "PBKDF2")?;
    refused(&pbkdf2, 32, &pbkdf2_list("SHA256").drop("pass").build(), "no password");
    refused(&pbkdf2, 32, &pbkdf2_list("SHA256").drop("salt").build(), "no salt");
    // Digest and iteration count have defaults (SHA-1, 2048), as in OpenSSL.
    let defaults = pbkdf2.derive(20, &pbkdf2_list("SHA1").drop("digest").drop("iter").build())?;
    assert_eq!(defaults, pbkdf2.derive(20, &pbkdf2_list("SHA1").set("iter", V::U64(2048)).build())?);
    let ssh = fetch(&ctx, "SSHKDF")?;
    refused(&ssh, 32, &sshkdf_list("SHA256").drop("digest").build(), "no digest");
    refused(&ssh, 32, &sshkdf_list("SHA256").drop("key").build(), "no key");
    refused(&ssh, 32, &sshkdf_list("SHA256").drop("xcghash").build(), "no xcghash");
    refused(&ssh, 32, &sshkdf_list("SHA256").drop("session_id").build(), "no session_id");
    refused(&ssh, 32, &sshkdf_list("SHA256").drop("type").build(), "no type");
    Ok(())
}

#[test]
fn wrong_types_digests_and_macs() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in NAMES {
        let kdf = fetch(&ctx, name)?;
        refused(&kdf, 32, &base(name, "MD5").build(), "unknown or unsupported digest");
        refused(&kdf, 32, &base(name, "NO-SUCH-DIGEST").build(), "unknown or unsupported digest");
        refused(&kdf, 32, &base(name, "SHAKE-128").build(), "XOF");
        refused(&kdf, 32, &base(name, "SHAKE256").build(), "XOF");
        refused(&kdf, 32, &base(name, "SHA256").set("digest", V::Oct(b"SHA256")).build(), "wrong parameter type");
        refused(&kdf, 32, &base(name, "SHA256").add("properties", V::Int(1)).build(), "wrong parameter type");
        let key = match name {
            "PBKDF2" => "pass",
            "SSKDF" | "X963KDF" => "secret",
            _ => "key",
        };
        refused(&kdf, 32, &base(name, "SHA256").set(key, V::Utf8("a string key")).build(), "wrong parameter type");
        refused(&kdf, 32, &base(name, "SHA256").set(key, V::Int(7)).build(), "wrong parameter type");
    }
    let sskdf = fetch(&ctx, "SSKDF")?;
    for mac in ["KMAC128", "KMAC-256"] {
        refused(&sskdf, 32, &sskdf_list("SHA256").add("mac", V::Utf8(mac)).build(), "KMAC is not offered");
    }
    for mac in ["CMAC", "GMAC", "POLY1305", ""] {
        refused(&sskdf, 32, &sskdf_list("SHA256").add("mac", V::Utf8(mac)).build(), "unsupported MAC");
    }
    refused(&sskdf, 32, &sskdf_list("SHA256").add("maclen", V::U64(0)).build(), "maclen");
    refused(&sskdf, 32, &sskdf_list("SHA256").add("info", V::Utf8("text")).build(), "wrong parameter type");
    let x963 = fetch(&ctx, "X963KDF")?;
    refused(&x963, 32, &x963_list("SHA256").add("mac", V::Utf8("HMAC")).build(), "takes no MAC");
    let kbkdf = fetch(&ctx, "KBKDF")?;
    refused(&kbkdf, 32, &kbkdf_list("SHA256").set("mac", V::Utf8("KMAC256")).build(), "KMAC is not offered");
    refused(&kbkdf, 32, &kbkdf_list("SHA256").set("mac", V::Utf8("GMAC")).build(), "unsupported MAC");
    refused(&kbkdf, 32, &kbkdf_list("SHA256").set("mac", V::Int(1)).build(), "wrong parameter type");
    for cipher in ["AES-128-ECB", "AES-128-GCM", "DES-EDE3-CBC", "CAMELLIA-128-CBC", "AES-512-CBC"] {
        refused(&kbkdf, 32, &kbkdf_cmac_list(cipher).build(), "CMAC needs AES");
    }
    // The CMAC key must match the cipher.
    refused(&kbkdf, 32, &kbkdf_cmac_list("AES-256-CBC").build(), "CMAC key of 16 bytes");
    refused(&kbkdf, 32, &kbkdf_cmac_list("AES-128-CBC").set("key", V::Oct(&[1; 15])).build(), "CMAC key");
    for cipher in ["AES-128-CBC", "aes128", "2.16.840.1.101.3.4.1.2"] {
        assert_eq!(kbkdf.derive(40, &kbkdf_cmac_list(cipher).build())?.len(), 40, "{cipher}");
    }
    let ssh = fetch(&ctx, "SSHKDF")?;
    for t in ["", "AB", "G", "a", "@", "1"] {
        refused(&ssh, 32, &sshkdf_list("SHA256").set("type", V::Utf8(t)).build(), "one of");
    }
    refused(&ssh, 32, &sshkdf_list("SHA256").set("type", V::Int(65)).build(), "wrong parameter type");
    refused(&ssh, 32, &sshkdf_list("SHA256").set("xcghash", V::Utf8("h")).build(), "wrong parameter type");
    Ok(())
}

#[test]
fn modes_r_seeds_and_iterations() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let kbkdf = fetch(&ctx, "KBKDF")?;
    for bad in ["pipeline", "counterx", "feedbackk", "double-pipeline", "ctr"] {
        refused(&kbkdf, 32, &kbkdf_list("SHA256").add("mode", V::Utf8(bad)).build(), "mode");
    }
    refused(&kbkdf, 32, &kbkdf_list("SHA256").add("mode", V::Int(0)).build(), "wrong parameter type");
    // OpenSSL's prefix match: "Count", "c" and "" are counter mode; "FEED" is feedback.
    let counter = kbkdf.derive(48, &kbkdf_list("SHA256").add("mode", V::Utf8("counter")).build())?;
    for same in ["Count", "c", "", "COUNTER"] {
        assert_eq!(kbkdf.derive(48, &kbkdf_list("SHA256").add("mode", V::Utf8(same)).build())?, counter, "{same:?}");
    }
    let feedback = kbkdf.derive(48, &kbkdf_list("SHA256").add("mode", V::Utf8("FEED")).build())?;
    assert_ne!(feedback, counter);
    for bad_r in [0, 1, 7, 12, 31, 33, 64, -8] {
        refused(&kbkdf, 32, &kbkdf_list("SHA256").add("r", V::Int(bad_r)).build(), "must be 8, 16, 24 or 32");
    }
    for r in [8, 16, 24, 32] {
        assert_eq!(kbkdf.derive(32, &kbkdf_list("SHA256").add("r", V::Int(r)).build())?.len(), 32);
    }
    // The seed (feedback IV) is empty or one PRF output long, in either mode.
    for mode in ["counter", "feedback"] {
        let with = |seed| kbkdf_list("SHA256").add("mode", V::Utf8(mode)).add("seed", V::Oct(seed));
        refused(&kbkdf, 32, &with(&[1; 31]).build(), "seed must be");
        refused(&kbkdf, 32, &with(&[1; 33]).build(), "seed must be");
        kbkdf.derive(32, &with(&[1; 32]).build())?;
    }
    let pbkdf2 = fetch(&ctx, "PBKDF2")?;
    refused(&pbkdf2, 32, &pbkdf2_list("SHA256").set("iter", V::U64(0)).build(), "iteration count 0");
    refused(&pbkdf2, 32, &pbkdf2_list("SHA256").set("iter", V::Int(-1)).build(), "out of range");
    // pkcs5 = 0 asks for the SP 800-132 lower bounds, as OpenSSL's default provider does.
    let checked = pbkdf2_list("SHA256").add("pkcs5", V::Int(0));
    assert_eq!(pbkdf2.derive(14, &checked.build())?.len(), 14);
    refused(&pbkdf2, 32, &checked.clone().set("iter", V::U64(999)).build(), "iteration count 999");
    refused(&pbkdf2, 32, &checked.clone().set("salt", V::Oct(&[1; 15])).build(), "salt of 120 bits");
    refused(&pbkdf2, 13, &checked.build(), "key too short");
    // Without the checks (the default in standard mode) the same inputs derive.
    if !ferrofips_selftest::mode::strict() {
        let plain = pbkdf2_list("SHA256").set("iter", V::U64(1)).set("salt", V::Oct(b""));
        assert_eq!(pbkdf2.derive(13, &plain.build())?.len(), 13);
    }
    Ok(())
}

#[test]
fn lengths_out_of_range() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    // Zero-length output: refused by the KDFs OpenSSL refuses it for; PBKDF2 (without the SP 800-132 checks)
    // and SSHKDF produce nothing successfully, as in OpenSSL.
    for name in ["SSKDF", "X963KDF"] {
        refused(&fetch(&ctx, name)?, 0, &base(name, "SHA256").build(), "zero-length");
    }
    refused(&fetch(&ctx, "KBKDF")?, 0, &kbkdf_list("SHA256").build(), "zero-length");
    assert!(fetch(&ctx, "SSHKDF")?.derive(0, &sshkdf_list("SHA256").build())?.is_empty());
    if !ferrofips_selftest::mode::strict() {
        assert!(fetch(&ctx, "PBKDF2")?.derive(0, &pbkdf2_list("SHA256").build())?.is_empty());
    }
    // SSKDF/X963KDF: at most 2^30 bytes (the buffers are never touched: the length is refused first).
    for name in ["SSKDF", "X963KDF"] {
        let kdf = fetch(&ctx, name)?;
        refused(&kdf, (1 << 30) + 1, &base(name, "SHA256").build(), "longer than 2^30");
    }
    refused(
        &fetch(&ctx, "SSKDF")?,
        (1 << 30) + 1,
        &sskdf_list("SHA256").add("mac", V::Utf8("HMAC")).build(),
        "longer than 2^30",
    );
    // KBKDF counter mode: fewer than 2^r whole blocks.
    let kbkdf = fetch(&ctx, "KBKDF")?;
    let r8 = kbkdf_list("SHA256").add("r", V::Int(8));
    assert_eq!(kbkdf.derive(255 * 32 + 31, &r8.build())?.len(), 255 * 32 + 31);
    refused(&kbkdf, 256 * 32, &r8.build(), "does not fit a 8-bit counter");
    let r16 = kbkdf_cmac_list("AES-128-CBC").add("r", V::Int(16));
    refused(&kbkdf, (1 << 16) * 16, &r16.build(), "does not fit a 16-bit counter");
    // Feedback mode lets the counter wrap, as OpenSSL does, but L must fit 32 bits.
    let fb = r8.clone().add("mode", V::Utf8("feedback"));
    assert_eq!(kbkdf.derive(300 * 32, &fb.build())?.len(), 300 * 32);
    refused(&kbkdf, (1 << 29) + 1, &fb.build(), "2^32 - 1 bits");
    Ok(())
}

#[test]
fn parameter_lists_size_reset_dup_and_info() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let keys = |k: &Kdf<'_>, settable: bool| {
        let list = if settable { k.settable_ctx_params() } else { k.gettable_ctx_params() };
        list.into_iter().map(|d| d.key).collect::<Vec<_>>()
    };
    let ss = ["secret", "key", "info", "properties", "digest", "mac", "salt", "maclen"];
    assert_eq!(keys(&fetch(&ctx, "SSKDF")?, true), ss);
    assert_eq!(keys(&fetch(&ctx, "X963KDF")?, true), ss);
    assert_eq!(
        keys(&fetch(&ctx, "KBKDF")?, true),
        ["info", "salt", "key", "seed", "digest", "cipher", "mac", "mode", "properties", "use-l", "use-separator", "r"]
    );
    assert_eq!(keys(&fetch(&ctx, "PBKDF2")?, true), ["properties", "digest", "pass", "salt", "iter", "pkcs5"]);
    assert_eq!(keys(&fetch(&ctx, "SSHKDF")?, true), ["properties", "digest", "key", "xcghash", "session_id", "type"]);
    for name in NAMES {
        assert_eq!(keys(&fetch(&ctx, name)?, false), ["size", "fips-indicator"], "{name}");
    }
    // Aliases.
    assert_eq!(fetch(&ctx, "X942KDF-CONCAT")?.name(), fetch(&ctx, "X963KDF")?.name());
    fetch(&ctx, "1.2.840.113549.1.5.12")?;
    // "size": the digest size for SSKDF/X963KDF (0 without one), SIZE_MAX for the others.
    let sskdf = fetch(&ctx, "SSKDF")?;
    let mut c = KdfCtx::new(&sskdf)?;
    assert_eq!(c.kdf_size(), 0);
    c.set_params(&sskdf_list("SHA384").build())?;
    assert_eq!(c.kdf_size(), 48);
    for name in ["KBKDF", "PBKDF2", "SSHKDF"] {
        assert_eq!(KdfCtx::new(&fetch(&ctx, name)?)?.kdf_size(), usize::MAX, "{name}");
    }
    // dup keeps everything (including the keyed KBKDF state), reset forgets everything.
    for name in NAMES {
        let kdf = fetch(&ctx, name)?;
        let mut c = KdfCtx::new(&kdf)?;
        c.set_params(&base(name, "SHA512").build())?;
        let a = c.derive(40, None)?;
        let mut d = c.try_clone()?;
        assert_eq!(d.derive(40, None)?, a, "{name}");
        c.reset();
        assert!(c.derive(40, None).is_err(), "{name}: derived after reset");
        assert_eq!(d.derive(40, None)?, a, "{name}");
    }
    // Several `info` entries in one call are concatenated (OpenSSL 3.2+).
    for (name, list) in
        [("SSKDF", sskdf_list("SHA256")), ("X963KDF", x963_list("SHA256")), ("KBKDF", kbkdf_list("SHA256"))]
    {
        let kdf = fetch(&ctx, name)?;
        let whole = kdf.derive(50, &list.clone().set("info", V::Oct(b"fixed info")).build())?;
        let split = list.set("info", V::Oct(b"fixed")).add("info", V::Oct(b" info"));
        assert_eq!(kdf.derive(50, &split.build())?, whole, "{name}");
    }
    // SSKDF's `key` is an alias of `secret`; `secret` wins when both are given.
    let by_key = sskdf.derive(32, &sskdf_list("SHA256").drop("secret").add("key", V::Oct(&[0x11; 32])).build())?;
    assert_eq!(by_key, sskdf.derive(32, &sskdf_list("SHA256").build())?);
    let both = sskdf_list("SHA256").add("key", V::Oct(&[0x99; 32]));
    assert_eq!(sskdf.derive(32, &both.build())?, by_key);
    Ok(())
}

fn indicator(c: &mut KdfCtx<'_>) -> Result<i64, ErrorStack> {
    let mut q = Params::new();
    q.request_int("fips-indicator");
    c.get_params(&mut q)?;
    Ok(q.get_int("fips-indicator").unwrap_or(-1))
}

/// Derives `len` bytes with `list` on a fresh context and reads the indicator.
fn approved(kdf: &Kdf<'_>, len: usize, list: &List<'_>) -> Result<i64, ErrorStack> {
    let mut c = KdfCtx::new(kdf)?;
    c.derive(len, Some(&list.build()))?;
    indicator(&mut c)
}

/// The approved-service indicator (standard mode: unapproved uses are served and flagged).
#[test]
fn fips_indicator() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for name in NAMES {
        assert_eq!(approved(&fetch(&ctx, name)?, 32, &base(name, "SHA256"))?, 1, "{name}");
    }
    if ferrofips_selftest::mode::strict() {
        return Ok(());
    }
    let short = V::Oct(&[1; 13]);
    let sskdf = fetch(&ctx, "SSKDF")?;
    assert_eq!(approved(&sskdf, 32, &sskdf_list("SHA256").set("secret", short))?, 0);
    assert_eq!(approved(&sskdf, 32, &sskdf_list("SHA1"))?, 1, "SSKDF with SHA-1 is approved");
    let x963 = fetch(&ctx, "X963KDF")?;
    assert_eq!(approved(&x963, 32, &x963_list("SHA1"))?, 0, "X9.63 with SHA-1 is not approved");
    assert_eq!(approved(&x963, 32, &x963_list("SHA3-256"))?, 1);
    assert_eq!(approved(&x963, 32, &x963_list("SHA256").set("secret", short))?, 0);
    let kbkdf = fetch(&ctx, "KBKDF")?;
    assert_eq!(approved(&kbkdf, 32, &kbkdf_list("SHA256").set("key", short))?, 0);
    assert_eq!(approved(&kbkdf, 32, &kbkdf_cmac_list("AES-128-CBC"))?, 1);
    let pbkdf2 = fetch(&ctx, "PBKDF2")?;
    assert_eq!(approved(&pbkdf2, 32, &pbkdf2_list("SHA256").set("iter", V::U64(999)))?, 0);
    assert_eq!(approved(&pbkdf2, 32, &pbkdf2_list("SHA256").set("salt", V::Oct(&[1; 15])))?, 0);
    assert_eq!(approved(&pbkdf2, 13, &pbkdf2_list("SHA256"))?, 0, "a 104-bit PBKDF2 key is not approved");
    assert_eq!(approved(&pbkdf2, 14, &pbkdf2_list("SHA256").set("pass", V::Oct(b"")))?, 1);
    let ssh = fetch(&ctx, "SSHKDF")?;
    for md in ["SHA3-256", "SHA2-512/256"] {
        assert_eq!(approved(&ssh, 32, &sshkdf_list(md))?, 0, "SSHKDF with {md}");
    }
    assert_eq!(approved(&ssh, 32, &sshkdf_list("SHA1"))?, 1);
    assert_eq!(approved(&ssh, 32, &sshkdf_list("SHA256").set("key", short))?, 0);
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
    let short = V::Oct(&[1; 13]);
    let sskdf = fetch(&ctx, "SSKDF")?;
    refused(&sskdf, 32, &sskdf_list("SHA256").set("secret", short).build(), "key too short");
    let x963 = fetch(&ctx, "X963KDF")?;
    refused(&x963, 32, &x963_list("SHA1").build(), "digest not allowed");
    assert_eq!(x963.derive(32, &x963_list("SHA384").build())?.len(), 32);
    let kbkdf = fetch(&ctx, "KBKDF")?;
    refused(&kbkdf, 32, &kbkdf_list("SHA256").set("key", short).build(), "key too short");
    let ssh = fetch(&ctx, "SSHKDF")?;
    refused(&ssh, 32, &sshkdf_list("SHA3-256").build(), "digest not allowed");
    refused(&ssh, 32, &sshkdf_list("SHA256").set("key", short).build(), "key too short");
    // PBKDF2: the SP 800-132 lower bounds hold whatever pkcs5 says.
    let pbkdf2 = fetch(&ctx, "PBKDF2")?;
    for pkcs5 in [None, Some(0), Some(1)] {
        let list = match pkcs5 {
            Some(v) => pbkdf2_list("SHA256").add("pkcs5", V::Int(v)),
            None => pbkdf2_list("SHA256"),
        };
        assert_eq!(pbkdf2.derive(14, &list.build())?.len(), 14);
        refused(&pbkdf2, 32, &list.clone().set("iter", V::U64(999)).build(), "iteration count 999");
        refused(&pbkdf2, 32, &list.clone().set("salt", V::Oct(&[1; 15])).build(), "salt of 120 bits");
        refused(&pbkdf2, 13, &list.build(), "key too short");
    }
    println!("strict mode refusals verified");
    Ok(())
}
