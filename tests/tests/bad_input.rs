//! Misuse and malformed input through EVP: unknown and wrongly typed params, oversized xoflen, final twice,
//! update after final, HMAC without key or with an unknown digest, NULL/empty data. Each gives an error (with
//! an entry on the error stack where OpenSSL puts one) or is ignored exactly where OpenSSL's default provider
//! ignores it, and nothing crashes. The default provider's behaviour is printed next to ours.

use ferrofips_evp::{ErrorStack, LibCtx, Mac, MacCtx, Md, MdCtx, ParamType, Params, system_default};
use ferrofips_tests::checks::{describe, expect_error};
use ferrofips_tests::digests::{DIGESTS, hmac_digests};
use ferrofips_tests::{Installation, PROPQ, TestResult, child};

fn shake_ctx<'a>(md: &Md<'a>) -> Result<MdCtx<'a>, ErrorStack> {
    let mut c = MdCtx::new(md)?;
    c.update(b"abc")?;
    Ok(c)
}

fn set_on<'a>(md: &Md<'a>, p: &Params) -> Result<(), ErrorStack> {
    shake_ctx(md)?.set_params(p)
}

#[test]
fn unknown_digest_ctx_params_are_ignored_like_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let mut p = Params::new();
    p.int("no-such-param", 1).utf8("another-unknown", "x");
    for d in DIGESTS {
        let ours = Md::fetch(&ctx, d.name, Some(PROPQ))?;
        let theirs = Md::fetch(&sys, d.name, None)?;
        let mut c = MdCtx::new(&ours)?;
        c.update(b"abc")?;
        let r = c.set_params(&p);
        let default = set_on(&theirs, &p);
        println!("{:13} ferrofips {:40} default {}", d.name, describe(&r), describe(&default));
        if d.xof {
            // Both providers have settable ctx params for SHAKE and skip keys they do not know.
            assert!(r.is_ok(), "{}: unknown ctx param rejected: {}", d.name, describe(&r));
        }
        // Whatever the answer, the context still produces the right digest.
        assert_eq!(c.finish()?, theirs.digest(b"abc")?, "{}", d.name);
    }
    Ok(())
}

#[test]
fn unknown_mac_and_algorithm_params_are_ignored_like_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let mut unknown = Params::new();
    unknown.int("no-such-param", 1);
    let ours = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let theirs = Mac::fetch(&sys, "HMAC", None)?;
    let mut p = Params::new();
    p.utf8("digest", "SHA2-256");
    let mut a = MacCtx::new(&ours)?;
    a.init(Some(b"0123456789abcdef"), Some(&p))?;
    let r = a.set_params(&unknown);
    let mut b = MacCtx::new(&theirs)?;
    b.init(Some(b"0123456789abcdef"), Some(&p))?;
    let default = b.set_params(&unknown);
    println!("HMAC unknown ctx param: ferrofips {} default {}", describe(&r), describe(&default));
    assert_eq!(r.is_ok(), default.is_ok());
    a.update(b"data")?;
    b.update(b"data")?;
    assert_eq!(a.finish()?, b.finish()?);
    // Unknown keys in EVP_MD_get_params are left untouched.
    let md = Md::fetch(&ctx, "SHA2-256", None)?;
    let mut g = Params::new();
    g.request_int("no-such-param").request_size_t("size");
    md.get_params(&mut g)?;
    assert_eq!(g.returned_size("no-such-param"), None);
    assert_eq!(g.get_uint("size"), Some(32));
    Ok(())
}

#[test]
fn wrongly_typed_xoflen_is_rejected() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for name in ["SHAKE-128", "SHAKE-256"] {
        let ours = Md::fetch(&ctx, name, Some(PROPQ))?;
        let theirs = Md::fetch(&sys, name, None)?;
        let cases: Vec<(&str, Params)> = vec![
            ("utf8 string", {
                let mut p = Params::new();
                p.utf8("xoflen", "64");
                p
            }),
            ("octet string", {
                let mut p = Params::new();
                p.octets("xoflen", &64u64.to_ne_bytes());
                p
            }),
            ("negative integer", {
                let mut p = Params::new();
                p.int_sized("xoflen", -1, 8);
                p
            }),
            ("undefined type 99", {
                let mut p = Params::new();
                p.raw_type("xoflen", 99, &64u64.to_ne_bytes());
                p
            }),
            ("utf8 pointer", {
                let mut p = Params::new();
                p.utf8_ptr("xoflen", "64");
                p
            }),
        ];
        for (what, p) in &cases {
            let default = set_on(&theirs, p);
            println!("{name} xoflen as {what}: default {}", describe(&default));
            assert!(default.is_err(), "the default provider accepted xoflen as {what}");
            expect_error(&format!("{name} xoflen as {what}"), set_on(&ours, p))?;
        }
        // Well-formed integers of other widths (signed, 4 or 3 bytes) are accepted like the default provider.
        for (what, p) in [
            ("int32 40", {
                let mut p = Params::new();
                p.int("xoflen", 40);
                p
            }),
            ("3-byte unsigned 40", {
                let mut p = Params::new();
                p.uint_wide("xoflen", 40, 3);
                p
            }),
        ] {
            let default = set_on(&theirs, &p);
            let r = set_on(&ours, &p);
            println!("{name} xoflen as {what}: ferrofips {} default {}", describe(&r), describe(&default));
            assert_eq!(r.is_ok(), default.is_ok(), "{name} xoflen as {what}");
        }
    }
    Ok(())
}

#[test]
fn wrongly_typed_hmac_params_are_rejected() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let theirs = Mac::fetch(&sys, "HMAC", None)?;
    let cases: Vec<(&str, Params)> = vec![
        ("digest as integer", {
            let mut p = Params::new();
            p.int("digest", 7);
            p
        }),
        ("digest as octet string", {
            let mut p = Params::new();
            p.octets("digest", b"SHA2-256");
            p
        }),
        ("key as utf8 string", {
            let mut p = Params::new();
            p.utf8("digest", "SHA2-256").utf8("key", "0123456789abcdef");
            p
        }),
        ("key as integer", {
            let mut p = Params::new();
            p.utf8("digest", "SHA2-256").int("key", 5);
            p
        }),
    ];
    for (what, p) in &cases {
        let default = MacCtx::new(&theirs)?.set_params(p);
        println!("HMAC {what}: default {}", describe(&default));
        assert!(default.is_err(), "the default provider accepted {what}");
        let r = MacCtx::new(&ours)?.set_params(p);
        assert!(r.is_err(), "HMAC {what} accepted");
        println!("HMAC {what}: ferrofips {}", describe(&r));
    }
    // The digest name as an integer must also fail at init (the params path of EVP_MAC_init).
    expect_error(
        "HMAC init with integer digest",
        MacCtx::new(&ours)?.init(Some(b"0123456789abcdef"), Some(&cases[0].1)),
    )?;
    Ok(())
}

#[test]
fn wrongly_typed_get_requests_are_not_filled() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Md::fetch(&ctx, "SHA2-256", None)?;
    let theirs = Md::fetch(&sys, "SHA2-256", None)?;
    let request = || {
        let mut p = Params::new();
        p.request_utf8("size", 16);
        p
    };
    let mut a = request();
    let r = ours.get_params(&mut a);
    let mut b = request();
    let default = theirs.get_params(&mut b);
    println!("md size as utf8: ferrofips {} default {}", describe(&r), describe(&default));
    assert_eq!(r.is_ok(), default.is_ok());
    assert!(r.is_err() || a.returned_size("size").is_none(), "size written into a UTF8 buffer: {a:?}");
    // A too-small integer slot (1 byte) cannot hold the block size of SHA-512 (128 fits) or of SHA3-224 (144
    // does not fit a signed byte; fits unsigned): OpenSSL's rules for unsigned targets accept 144 in 1 byte.
    let md = Md::fetch(&ctx, "SHA2-512", None)?;
    let mut p = Params::new();
    p.request("blocksize", ParamType::UnsignedInteger, 1);
    let r = md.get_params(&mut p);
    let sysmd = Md::fetch(&sys, "SHA2-512", None)?;
    let mut q = Params::new();
    q.request("blocksize", ParamType::UnsignedInteger, 1);
    let default = sysmd.get_params(&mut q);
    println!(
        "blocksize into 1 byte: ferrofips {} {:?} default {} {:?}",
        describe(&r),
        p.get_uint("blocksize"),
        describe(&default),
        q.get_uint("blocksize")
    );
    assert_eq!(r.is_ok(), default.is_ok());
    if r.is_ok() {
        assert_eq!(p.get_uint("blocksize"), q.get_uint("blocksize"));
    }
    // Provider status requested as a string: refused or left unmodified, never a bogus value.
    let prov = ctx.provider("ferrofips").ok_or("ferrofips not active")?;
    let mut s = Params::new();
    s.request_utf8("status", 8);
    let r = prov.get_params(&mut s);
    println!("provider status as utf8: {}", describe(&r));
    assert!(r.is_err() || s.returned_size("status").is_none(), "status written into a UTF8 buffer: {s:?}");
    Ok(())
}

#[test]
fn oversized_xoflen() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for name in ["SHAKE-128", "SHAKE-256"] {
        let ours = Md::fetch(&ctx, name, Some(PROPQ))?;
        let theirs = Md::fetch(&sys, name, None)?;
        // A value that does not fit size_t is rejected by both.
        let mut p = Params::new();
        p.uint_wide("xoflen", (1u128 << 64) + 1, 16);
        let default = set_on(&theirs, &p);
        assert!(default.is_err());
        expect_error(&format!("{name} xoflen 2^64+1"), set_on(&ours, &p))?;
        // SIZE_MAX fits size_t: the module may refuse it (with an error) or accept it; either way a following
        // EVP_DigestFinalXOF, which sets its own length, produces the right 64 bytes.
        let mut c = shake_ctx(&ours)?;
        let r = c.set_xoflen(usize::MAX);
        println!("{name} xoflen SIZE_MAX: ferrofips {}", describe(&r));
        if let Err(e) = &r {
            assert!(!e.is_empty(), "refused SIZE_MAX without an error");
        }
        assert_eq!(c.finish_xof(64)?, theirs.digest_xof(b"abc", 64)?);
        // A long but reasonable output (1 MiB) matches.
        assert_eq!(ours.digest_xof(b"abc", 1 << 20)?, theirs.digest_xof(b"abc", 1 << 20)?);
    }
    // EVP_DigestFinalXOF on a fixed-length digest must fail: a caller asking for 100 bytes must not get 32 and
    // believe it got 100. (OpenSSL 3.0's default provider fails for SHA-2 and SHA-3, whose contexts have no
    // settable params, but returns 20 bytes with success for SHA-1.)
    for d in DIGESTS.iter().filter(|d| !d.xof) {
        let theirs = Md::fetch(&sys, d.name, None)?;
        let default = MdCtx::new(&theirs)?.finish_xof(100);
        println!("{:13} EVP_DigestFinalXOF(100): default {}", d.name, describe(&default.map(|v| v.len())));
        let ours = Md::fetch(&ctx, d.name, Some(PROPQ))?;
        let r = MdCtx::new(&ours)?.finish_xof(100);
        assert!(r.is_err(), "{}: EVP_DigestFinalXOF(100) succeeded on a fixed-length digest", d.name);
    }
    Ok(())
}

/// Checks final twice and update after final on every digest.
fn misuse_after_final(ctx: &LibCtx, sys: &LibCtx) -> TestResult {
    for d in DIGESTS {
        let ours = Md::fetch(ctx, d.name, Some(PROPQ))?;
        let theirs = Md::fetch(sys, d.name, None)?;
        let mut c = MdCtx::new(&ours)?;
        c.update(b"abc")?;
        assert_eq!(c.finish()?, theirs.digest(b"abc")?, "{}", d.name);
        let mut t = MdCtx::new(&theirs)?;
        t.update(b"abc")?;
        t.finish()?;
        println!("{:13} final twice: default {}", d.name, describe(&t.finish()));
        expect_error(&format!("{} final twice", d.name), c.finish())?;
        expect_error(&format!("{} update after final", d.name), c.update(b"more"))?;
        expect_error(&format!("{} XOF final after final", d.name), c.finish_xof(16))?;
        // A dup of a finalised context is finalised too.
        if let Ok(mut copy) = c.try_clone() {
            expect_error(&format!("{} final on a dup of a finalised ctx", d.name), copy.finish())?;
        }
    }
    Ok(())
}

#[test]
fn digest_final_twice_and_update_after_final_fail() -> TestResult {
    let inst = Installation::new()?;
    misuse_after_final(&inst.libctx()?, &system_default()?)
}

#[test]
fn hmac_misuse_fails() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let theirs = Mac::fetch(&sys, "HMAC", None)?;
    let mut digest = Params::new();
    digest.utf8("digest", "SHA2-256");

    // No key at all (digest set, key NULL): init must fail.
    let default = MacCtx::new(&theirs)?.init(None, Some(&digest));
    println!("HMAC init without key: default {}", describe(&default));
    expect_error("HMAC init without key", MacCtx::new(&ours)?.init(None, Some(&digest)))?;
    // Never initialised: update and final fail.
    let mut fresh = MacCtx::new(&ours)?;
    expect_error("HMAC update before init", fresh.update(b"x"))?;
    assert!(fresh.finish().is_err(), "HMAC final before init succeeded");
    // No digest.
    let r = MacCtx::new(&ours)?.init(Some(b"0123456789abcdef"), None);
    println!(
        "HMAC init without digest: ferrofips {} default {}",
        describe(&r),
        describe(&MacCtx::new(&theirs)?.init(Some(b"0123456789abcdef"), None))
    );
    assert!(r.is_err(), "HMAC init without a digest succeeded");
    // Unknown digest, and XOFs (not usable with HMAC).
    for name in ["NO-SUCH-DIGEST", "MD5", "SHAKE-128", "SHAKE256", ""] {
        let mut p = Params::new();
        p.utf8("digest", name);
        let default = MacCtx::new(&theirs)?.set_params(&p);
        println!("HMAC digest {name:?}: default {}", describe(&default));
        expect_error(&format!("HMAC digest {name:?}"), MacCtx::new(&ours)?.set_params(&p))?;
    }
    // Final twice and update after final: after final, the context needs init again.
    let mut m = MacCtx::new(&ours)?;
    m.init(Some(b"0123456789abcdef"), Some(&digest))?;
    m.update(b"data")?;
    assert_eq!(m.finish()?, theirs.mac("SHA2-256", b"0123456789abcdef", b"data")?);
    let twice = m.finish();
    let after = m.update(b"more");
    println!("HMAC final twice: {}  update after final: {}", describe(&twice), describe(&after));
    expect_error("HMAC final twice", twice)?;
    expect_error("HMAC update after final", after)?;
    // A too-small output buffer is refused (EVP checks it against the "size" the provider reports).
    let mut m = MacCtx::new(&ours)?;
    m.init(Some(b"0123456789abcdef"), Some(&digest))?;
    let mut small = [0u8; 31];
    assert!(m.finish_into(&mut small).is_err(), "HMAC-SHA2-256 wrote into a 31-byte buffer");
    assert_eq!(m.final_size_query()?, 32);
    Ok(())
}

#[test]
fn null_and_empty_data_are_handled() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for d in DIGESTS {
        let ours = Md::fetch(&ctx, d.name, Some(PROPQ))?;
        let theirs = Md::fetch(&sys, d.name, None)?;
        let mut c = MdCtx::new(&ours)?;
        c.update_null()?;
        c.update(&[])?;
        assert_eq!(c.finish()?, theirs.digest(b"")?, "{} of nothing", d.name);
        if d.xof {
            let mut c = MdCtx::new(&ours)?;
            let r = c.finish_xof_null();
            let default = MdCtx::new(&theirs)?.finish_xof_null();
            println!("{} XOF final (NULL, 0): ferrofips {} default {}", d.name, describe(&r), describe(&default));
            // A NULL output may be refused (the default provider accepts it as "0 bytes"), but not silently.
            if let Err(e) = r {
                assert!(!e.is_empty(), "{}: NULL output refused without an error", d.name);
            }
            assert_eq!(ours.digest_xof(b"abc", 0)?, Vec::<u8>::new());
        }
    }
    let mac = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    for d in hmac_digests() {
        let mut p = Params::new();
        p.utf8("digest", d.name);
        let mut m = MacCtx::new(&mac)?;
        m.init(Some(&[]), Some(&p))?;
        m.update_null()?;
        m.update(&[])?;
        assert_eq!(m.finish()?, ferrofips_evp::system_hmac(d.name, &[], &[])?, "HMAC-{} empty key and data", d.name);
    }
    Ok(())
}

/// Params with a NULL data pointer (and a claimed size) or a zero size. OpenSSL 3.0's own param getters
/// would dereference the NULL, so this runs in a child process: a crash fails this test without taking the
/// other tests down.
#[test]
fn null_param_data_is_rejected() -> TestResult {
    if !child::isolate("null_param_data_is_rejected", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let shake = Md::fetch(&ctx, "SHAKE-256", Some(PROPQ))?;
    let mut p = Params::new();
    p.null_data("xoflen", ParamType::UnsignedInteger, 8);
    expect_error("xoflen with NULL data", set_on(&shake, &p))?;
    let mut p = Params::new();
    p.null_data("xoflen", ParamType::UnsignedInteger, 0);
    let r = set_on(&shake, &p);
    println!("xoflen with NULL data and size 0: {}", describe(&r));
    assert!(r.is_err(), "xoflen with NULL data accepted");
    let mac = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    for (key, ty) in
        [("digest", ParamType::Utf8String), ("key", ParamType::OctetString), ("properties", ParamType::Utf8String)]
    {
        let mut p = Params::new();
        p.null_data(key, ty, 16);
        expect_error(&format!("HMAC {key} with NULL data"), MacCtx::new(&mac)?.set_params(&p))?;
    }
    let prov = ctx.provider("ferrofips").ok_or("ferrofips not active")?;
    let mut g = Params::new();
    g.null_data("status", ParamType::Integer, 4);
    let r = prov.get_params(&mut g);
    println!("provider status into NULL data: {} return_size {:?}", describe(&r), g.returned_size("status"));
    // OSSL_PARAM semantics: NULL data on a get is a size query (return_size set, nothing written), or an error.
    assert!(r.is_err() || g.returned_size("status").is_some_and(|n| n > 0 && n <= 8), "{g:?}");
    // Zero-sized integer data (non-NULL pointer): OpenSSL would read it as 0; the module must not crash, and
    // if it accepts, the output is 0 bytes long.
    let mut p = Params::new();
    p.sized("xoflen", ParamType::UnsignedInteger, &[0u8; 8], 0);
    let mut c = shake_ctx(&shake)?;
    let r = c.set_params(&p);
    println!("xoflen with data_size 0: {}", describe(&r));
    if r.is_ok() {
        assert_eq!(c.finish()?.len(), 0);
    }
    Ok(())
}
