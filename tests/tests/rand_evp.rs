//! The RAND operation through a real libcrypto: the library context's DRBGs (`RAND_bytes_ex`,
//! `RAND_priv_bytes_ex`), `EVP_RAND` `CTR-DRBG` with each cipher and parameters, parent chains (our `SEED-SRC`,
//! our own DRBGs, and the default provider's `TEST-RAND` as a foreign parent, which also lets the ACVP
//! `ctrDRBG-1.0` vectors run through the EVP interface), large requests, fork safety and threads.

use std::collections::HashSet;

use ferrofips_evp::{LibCtx, Params, Rand, RandCtx, fork_capture};
use ferrofips_kat::drbg::{CtrDrbgCase, Use, load_ctr};
use ferrofips_tests::{HarnessError, InstallOptions, Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// Fails with `msg` unless `cond` holds.
fn check(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(HarnessError::new(msg).into()) }
}

/// The contract's configuration: ferrofips + base, `default_properties = fips=yes`.
fn fips_ctx() -> Result<(Installation, LibCtx), Box<dyn std::error::Error>> {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    Ok((inst, ctx))
}

fn get(ctx: &RandCtx<'_>, keys: &[(&str, bool)]) -> Result<Params, Box<dyn std::error::Error>> {
    let mut p = Params::new();
    for (k, is_str) in keys {
        if *is_str {
            p.request_utf8(k, 64);
        } else {
            p.request_size_t(k);
        }
    }
    ctx.get_params(&mut p)?;
    Ok(p)
}

/// All 16-byte blocks of `data` are distinct (a repeated block from a DRBG means a broken counter or reuse).
fn blocks_distinct(data: &[u8]) -> bool {
    let mut seen = HashSet::new();
    data.chunks_exact(16).all(|b| seen.insert(b.to_vec()))
}

#[test]
fn library_context_drbgs_come_from_ferrofips() -> TestResult {
    let (_inst, ctx) = fips_ctx()?;
    let (mut a, mut b, mut c) = ([0u8; 32], [0u8; 32], [0u8; 32]);
    ctx.rand_bytes(&mut a)?;
    ctx.rand_bytes(&mut b)?;
    ctx.rand_priv_bytes(&mut c)?;
    check(a != b && a != c && b != c, "RAND_bytes outputs repeat")?;
    for (what, d) in
        [("primary", ctx.primary_drbg()?), ("public", ctx.public_drbg()?), ("private", ctx.private_drbg()?)]
    {
        println!("{what}: {} from {}", d.rand_name(), d.provider_name());
        check(d.provider_name() == PROVIDER_NAME && d.rand_name() == "CTR-DRBG", format!("{what} DRBG"))?;
        check(d.state() == 1, format!("{what} state {}", d.state()))?;
        check(d.strength() == 256, format!("{what} strength {}", d.strength()))?;
    }
    // Large requests are split by libcrypto into max_request (65536-byte) chunks.
    let mut big = vec![0u8; 300_001];
    ctx.rand_bytes(&mut big)?;
    check(blocks_distinct(&big), "repeated block in a large RAND_bytes request")?;
    Ok(())
}

#[test]
fn seed_src_is_offered_with_fips_yes() -> TestResult {
    let (_inst, ctx) = fips_ctx()?;
    let seed = Rand::fetch(&ctx, "SEED-SRC", None)?;
    check(seed.provider_name() == PROVIDER_NAME, "SEED-SRC provider")?;
    let s = RandCtx::new(&seed, None)?;
    s.instantiate(0, false, None, None)?;
    let p = get(&s, &[("state", false), ("strength", false), ("max_request", false)])?;
    check(p.get_int("state") == Some(1) && p.get_uint("strength") == Some(1024), format!("{p:?}"))?;
    let (mut x, mut y) = ([0u8; 48], [0u8; 48]);
    s.generate(&mut x, 0, false, &[])?;
    s.generate(&mut y, 0, false, &[])?;
    check(x != y, "seed source repeats")?;
    // A seed source takes no parent.
    check(RandCtx::new(&seed, Some(&s)).is_err(), "SEED-SRC accepted a parent")?;
    Ok(())
}

#[test]
fn ctr_drbg_every_cipher_and_df_setting() -> TestResult {
    let (_inst, ctx) = fips_ctx()?;
    let rand = Rand::fetch(&ctx, "CTR-DRBG", None)?;
    let settable: Vec<String> = rand.settable_ctx_params().into_iter().map(|d| d.key).collect();
    let gettable: Vec<String> = rand.gettable_ctx_params().into_iter().map(|d| d.key).collect();
    for k in ["cipher", "use_derivation_function", "reseed_requests", "reseed_time_interval"] {
        check(settable.iter().any(|s| s == k), format!("{k} not settable"))?;
    }
    for k in ["state", "strength", "max_request", "reseed_counter", "reseed_time", "cipher"] {
        check(gettable.iter().any(|s| s == k), format!("{k} not gettable"))?;
    }
    for (cipher, strength) in [("AES-128-CTR", 128), ("AES-192-CTR", 192), ("AES-256-CTR", 256)] {
        for df in [1, 0] {
            let d = RandCtx::new(&rand, None)?;
            let mut p = Params::new();
            p.utf8("cipher", cipher).int("use_derivation_function", df).uint("reseed_requests", 1000);
            d.instantiate(strength, false, Some(b"ferrofips test"), Some(&p))?;
            let got = get(
                &d,
                &[
                    ("state", false),
                    ("strength", false),
                    ("max_request", false),
                    ("reseed_requests", false),
                    ("reseed_time_interval", false),
                    ("reseed_counter", false),
                    ("use_derivation_function", false),
                    ("cipher", true),
                ],
            )?;
            println!("{cipher} df={df}: {got:?}");
            check(got.get_int("state") == Some(1), "state")?;
            check(got.get_uint("strength") == Some(strength.into()), "strength")?;
            check(got.get_uint("max_request") == Some(65536), "max_request")?;
            check(got.get_uint("reseed_requests") == Some(1000), "reseed_requests")?;
            check(got.get_int("reseed_time_interval") == Some(3600), "reseed_time_interval")?;
            check(got.get_int("use_derivation_function") == Some(df.into()), "use_derivation_function")?;
            check(got.get_utf8("cipher").as_deref() == Some(cipher), "cipher")?;
            let mut out = vec![0u8; 200_000];
            d.generate(&mut out, strength, false, b"adin")?;
            check(blocks_distinct(&out), "repeated block")?;
            // Too strong a request is refused.
            check(d.generate(&mut [0u8; 16], strength + 1, false, &[]).is_err(), "strength above the DRBG's")?;
            d.reseed(true, b"application data", b"more")?;
            d.generate(&mut out[..64], 0, true, &[])?;
            check(!d.verify_zeroization(), "instantiated state reads as zeroized")?;
            d.uninstantiate()?;
            check(d.state() == 0, "state after uninstantiate")?;
            check(d.verify_zeroization(), "state not zeroized after uninstantiate")?;
        }
    }
    // Unknown or non-CTR ciphers are refused; changing the cipher of an instantiated DRBG too.
    let d = RandCtx::new(&rand, None)?;
    let mut bad = Params::new();
    bad.utf8("cipher", "AES-256-ECB");
    check(d.set_params(&bad).is_err(), "AES-256-ECB accepted")?;
    d.instantiate(0, false, None, None)?;
    let mut other = Params::new();
    other.utf8("cipher", "AES-128-CTR");
    check(d.set_params(&other).is_err(), "cipher changed while instantiated")?;
    let mut same = Params::new();
    same.utf8("cipher", "AES-256-CTR").utf8("properties", "").uint("reseed_requests", 7);
    d.set_params(&same)?;
    Ok(())
}

#[test]
fn drbg_chains_seed_from_their_parents() -> TestResult {
    let (_inst, ctx) = fips_ctx()?;
    let seed = Rand::fetch(&ctx, "SEED-SRC", None)?;
    let ctr = Rand::fetch(&ctx, "CTR-DRBG", None)?;
    let s = RandCtx::new(&seed, None)?;
    s.enable_locking()?;
    s.instantiate(0, false, None, None)?;
    let primary = RandCtx::new(&ctr, Some(&s))?;
    primary.enable_locking()?;
    primary.instantiate(256, false, None, None)?;
    let (c1, c2) = (RandCtx::new(&ctr, Some(&primary))?, RandCtx::new(&ctr, Some(&primary))?);
    c1.instantiate(256, false, None, None)?;
    c2.instantiate(256, false, None, None)?;
    let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
    c1.generate(&mut a, 256, false, &[])?;
    c2.generate(&mut b, 256, false, &[])?;
    check(a != b, "sibling DRBGs produce the same output")?;
    let counter = |d: &RandCtx<'_>| get(d, &[("reseed_counter", false)]).map(|p| p.get_uint("reseed_counter"));
    let before = counter(&primary)?;
    primary.reseed(false, &[], &[])?;
    check(counter(&primary)? != before, "primary reseed_counter unchanged by a reseed")?;
    // Children notice the parent's reseed and reseed themselves before their next output.
    let c1_before = counter(&c1)?;
    c1.generate(&mut a, 0, false, &[])?;
    check(counter(&c1)? != c1_before, "child did not follow its parent's reseed")?;
    // A child stronger than its parent is refused when it seeds.
    let mut weak = Params::new();
    weak.utf8("cipher", "AES-128-CTR");
    let p128 = RandCtx::new(&ctr, None)?;
    p128.instantiate(0, false, None, Some(&weak))?;
    let strong = RandCtx::new(&ctr, Some(&p128))?;
    check(strong.instantiate(256, false, None, None).is_err(), "AES-256 child seeded from an AES-128 parent")?;
    Ok(())
}

/// Runs one ACVP case through our `CTR-DRBG` with the default provider's `TEST-RAND` as parent: the parent's
/// `get_seed` returns exactly the test entropy, so the DRBG's output is the known answer.
fn run_acvp_via_evp(ctx: &LibCtx, ctr: &Rand<'_>, test: &Rand<'_>, c: &CtrDrbgCase) -> TestResult {
    let set_entropy = |t: &RandCtx<'_>, e: &[u8]| -> TestResult {
        let mut p = Params::new();
        p.octets("test_entropy", e).uint("strength", 1024);
        Ok(t.set_params(&p)?)
    };
    let _ = ctx;
    let t = RandCtx::new(test, None)?;
    let mut tp = Params::new();
    tp.uint("strength", 1024);
    t.instantiate(0, false, None, Some(&tp))?;
    // Our DRBG takes the nonce together with the entropy input (SP 800-90A §8.6.7); with the derivation
    // function that is the same as separate inputs, since Block_Cipher_df hashes their concatenation.
    set_entropy(&t, &[c.entropy.as_slice(), c.nonce.as_slice()].concat())?;
    let d = RandCtx::new(ctr, Some(&t))?;
    let cipher = format!("AES-{}-CTR", c.key_len * 8);
    let mut p = Params::new();
    p.utf8("cipher", &cipher).int("use_derivation_function", i32::from(c.der_func));
    d.instantiate(0, false, Some(&c.pers), Some(&p))?;
    let mut out = vec![0u8; c.returned_bits.len()];
    for s in &c.steps {
        match (s.use_, c.pred_resistance) {
            (Use::Reseed, _) => {
                set_entropy(&t, &s.entropy)?;
                d.reseed(false, &[], &s.additional)?;
            }
            (Use::Generate, true) => {
                set_entropy(&t, &s.entropy)?;
                d.generate(&mut out, 0, true, &s.additional)?;
            }
            (Use::Generate, false) => d.generate(&mut out, 0, false, &s.additional)?,
        }
    }
    check(out == c.returned_bits, format!("tcId {}: output differs", c.tc_id))
}

#[test]
fn acvp_ctr_drbg_through_evp_with_a_foreign_parent() -> TestResult {
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let mut ctx = inst.libctx()?;
    ctx.retain_provider("default")?;
    let ctr = Rand::fetch(&ctx, "CTR-DRBG", Some(PROPQ))?;
    let test = Rand::fetch(&ctx, "TEST-RAND", Some("provider=default"))?;
    let cases = load_ctr()?;
    for c in &cases {
        run_acvp_via_evp(&ctx, &ctr, &test, c)?;
    }
    println!("{} ACVP ctrDRBG cases passed through EVP_RAND", cases.len());

    // The CAST's vector (tcId 151) through the *default provider's* CTR-DRBG: an independent check of the
    // expected value compiled into selftest/src/kat/drbg.rs.
    let c = cases.iter().find(|c| c.tc_id == 151).ok_or("tcId 151 missing")?;
    let theirs = Rand::fetch(&ctx, "CTR-DRBG", Some("provider=default"))?;
    let t = RandCtx::new(&test, None)?;
    let mut tp = Params::new();
    tp.uint("strength", 1024).octets("test_entropy", &c.entropy).octets("test_nonce", &c.nonce);
    t.instantiate(0, false, None, Some(&tp))?;
    let d = RandCtx::new(&theirs, Some(&t))?;
    let mut p = Params::new();
    p.utf8("cipher", "AES-256-CTR");
    d.instantiate(0, false, Some(&c.pers), Some(&p))?;
    let mut out = vec![0u8; 512];
    let (reseed, g1, g2) = (&c.steps[0], &c.steps[1], &c.steps[2]);
    let mut tp = Params::new();
    tp.octets("test_entropy", &reseed.entropy);
    t.set_params(&tp)?;
    d.reseed(false, &[], &reseed.additional)?;
    d.generate(&mut out, 0, false, &g1.additional)?;
    d.generate(&mut out, 0, false, &g2.additional)?;
    check(out == c.returned_bits, "OpenSSL's default provider disagrees with ACVP tcId 151")
}

#[test]
fn fork_child_and_parent_streams_differ() -> TestResult {
    if !child::isolate("fork_child_and_parent_streams_differ", &[])? {
        return Ok(());
    }
    let (_inst, ctx) = fips_ctx()?;
    let mut warm = [0u8; 16];
    ctx.rand_bytes(&mut warm)?;
    ctx.rand_priv_bytes(&mut warm)?;
    // An explicit DRBG too, used before the fork.
    let rand = Rand::fetch(&ctx, "CTR-DRBG", None)?;
    let d = RandCtx::new(&rand, None)?;
    d.instantiate(0, false, None, None)?;
    d.generate(&mut warm, 0, false, &[])?;

    let draw = |ctx: &LibCtx, d: &RandCtx<'_>| -> Vec<u8> {
        let (mut a, mut b, mut c) = ([0u8; 32], [0u8; 32], [0u8; 32]);
        let ok = ctx.rand_bytes(&mut a).is_ok() && ctx.rand_priv_bytes(&mut b).is_ok();
        let ok = ok && d.generate(&mut c, 0, false, &[]).is_ok();
        if ok { [a, b, c].concat() } else { Vec::new() }
    };
    let from_child = fork_capture(|| draw(&ctx, &d))?;
    let from_parent = draw(&ctx, &d);
    check(from_child.len() == 96 && from_parent.len() == 96, "draws failed")?;
    for (i, what) in ["RAND_bytes", "RAND_priv_bytes", "EVP_RAND_generate"].iter().enumerate() {
        let r = i * 32..(i + 1) * 32;
        check(from_child[r.clone()] != from_parent[r], format!("{what}: child repeated the parent's output"))?;
    }
    Ok(())
}

/// The module detects forks with a `pthread_atfork` handler; once libcrypto unloads the module (`dlclose`),
/// glibc must have dropped that handler, or the next fork would jump into unmapped code.
#[test]
fn fork_after_the_module_is_unloaded() -> TestResult {
    if !child::isolate("fork_after_the_module_is_unloaded", &[])? {
        return Ok(());
    }
    let module = {
        let (inst, ctx) = fips_ctx()?;
        let mut x = [0u8; 16];
        ctx.rand_bytes(&mut x)?;
        let module = inst.module().to_path_buf();
        let maps = std::fs::read_to_string("/proc/self/maps")?;
        check(maps.contains(&*module.to_string_lossy()), "module not mapped while loaded")?;
        drop(ctx);
        module
    };
    let maps = std::fs::read_to_string("/proc/self/maps")?;
    check(!maps.contains(&*module.to_string_lossy()), "module still mapped after its library context was freed")?;
    let out = fork_capture(|| b"alive".to_vec())?;
    check(out == b"alive", "forked child did not run")
}

#[test]
fn threads_get_distinct_output() -> TestResult {
    let (_inst, ctx) = fips_ctx()?;
    let ctx = ctx.rand_handle();
    let outputs: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                s.spawn(move || {
                    let mut v = Vec::new();
                    for _ in 0..300 {
                        let mut x = [0u8; 16];
                        let r = if i % 2 == 0 { ctx.bytes(&mut x) } else { ctx.priv_bytes(&mut x) };
                        if r.is_err() {
                            return Vec::new();
                        }
                        v.push(x.to_vec());
                    }
                    v
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    check(outputs.len() == 8 * 300, format!("only {} outputs", outputs.len()))?;
    let unique: HashSet<&Vec<u8>> = outputs.iter().collect();
    check(unique.len() == outputs.len(), "threads received repeated output")
}
