//! `HASH-DRBG` and `HMAC-DRBG` through a real libcrypto: parameters and every digest; the ACVP `hashDRBG-1.0` /
//! `hmacDRBG-1.0` vectors with the default provider's `TEST-RAND` as parent; a differential against the default
//! provider's DRBGs fed the same entropy (the two DRBG families are deterministic given their inputs); the CAST
//! vectors cross-checked by the default provider; bad input; strict mode; and use as the library context's
//! primary/public/private DRBGs from `openssl.cnf` (`[random] random = ...`), through EVP and the CLI.

use std::collections::HashSet;
use std::ffi::OsStr;

use ferrofips_evp::{LibCtx, Params, Rand, RandCtx, fork_capture};
use ferrofips_kat::drbg::{DigestDrbgCase, Use, load_hash, load_hmac};
use ferrofips_tests::{HarnessError, InstallOptions, Installation, PROPQ, PROVIDER_NAME, TestResult, child, tools};

fn check(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(HarnessError::new(msg).into()) }
}

const MECHS: [&str; 2] = ["HASH-DRBG", "HMAC-DRBG"];

/// (OpenSSL name, strength, approved per FIPS 140-3 IG D.R) of every digest a Hash/HMAC DRBG takes.
const DIGESTS: [(&str, u64, bool); 11] = [
    ("SHA1", 128, true),
    ("SHA2-224", 192, false),
    ("SHA2-256", 256, true),
    ("SHA2-384", 256, false),
    ("SHA2-512", 256, true),
    ("SHA2-512/224", 192, false),
    ("SHA2-512/256", 256, false),
    ("SHA3-224", 192, false),
    ("SHA3-256", 256, true),
    ("SHA3-384", 256, false),
    ("SHA3-512", 256, true),
];

/// The OpenSSL name of an ACVP vector's digest.
fn openssl_digest(c: &DigestDrbgCase) -> String {
    match c.digest.name() {
        "SHA-1" => "SHA1".to_owned(),
        n => n.replacen("SHA-", "SHA2-", 1),
    }
}

fn digest_params(digest: &str) -> Params {
    let mut p = Params::new();
    // `mac` is only HMAC-DRBG's; HASH-DRBG ignores it (as OpenSSL's does, and libcrypto passes it to both).
    p.utf8("digest", digest).utf8("mac", "HMAC");
    p
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

fn blocks_distinct(data: &[u8]) -> bool {
    let mut seen = HashSet::new();
    data.chunks_exact(16).all(|b| seen.insert(b.to_vec()))
}

#[test]
fn parameters_and_every_digest() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for mech in MECHS {
        let rand = Rand::fetch(&ctx, mech, None)?;
        check(rand.provider_name() == PROVIDER_NAME, format!("{mech} provider"))?;
        let settable: Vec<String> = rand.settable_ctx_params().into_iter().map(|d| d.key).collect();
        let gettable: Vec<String> = rand.gettable_ctx_params().into_iter().map(|d| d.key).collect();
        let mut want_set = vec!["digest", "properties", "reseed_requests", "reseed_time_interval"];
        let mut want_get = vec![
            "digest",
            "state",
            "strength",
            "max_request",
            "min_entropylen",
            "max_entropylen",
            "min_noncelen",
            "max_noncelen",
            "max_perslen",
            "max_adinlen",
            "reseed_counter",
            "reseed_time",
            "reseed_requests",
            "reseed_time_interval",
            "fips-indicator",
        ];
        if mech == "HMAC-DRBG" {
            want_set.push("mac");
            want_get.push("mac");
        }
        for k in want_set {
            check(settable.iter().any(|s| s == k), format!("{mech}: {k} not settable"))?;
        }
        for k in want_get {
            check(gettable.iter().any(|s| s == k), format!("{mech}: {k} not gettable"))?;
        }
        // Default digest: SHA2-512.
        let d = RandCtx::new(&rand, None)?;
        d.instantiate(0, false, None, None)?;
        let p = get(&d, &[("digest", true), ("strength", false)])?;
        check(p.get_utf8("digest").as_deref() == Some("SHA2-512") && p.get_uint("strength") == Some(256), "default")?;

        for (digest, strength, approved) in DIGESTS {
            let d = RandCtx::new(&rand, None)?;
            let mut p = digest_params(digest);
            p.uint("reseed_requests", 500);
            d.instantiate(strength as u32, false, Some(b"ferrofips test"), Some(&p))?;
            let got = get(
                &d,
                &[
                    ("digest", true),
                    ("state", false),
                    ("strength", false),
                    ("max_request", false),
                    ("min_entropylen", false),
                    ("min_noncelen", false),
                    ("max_perslen", false),
                    ("reseed_requests", false),
                    ("reseed_time_interval", false),
                    ("fips-indicator", false),
                ],
            )?;
            let what = format!("{mech} {digest}: {got:?}");
            check(got.get_utf8("digest").as_deref() == Some(digest), format!("digest {what}"))?;
            check(got.get_int("state") == Some(1) && got.get_uint("strength") == Some(strength), what.clone())?;
            check(got.get_uint("max_request") == Some(65536), what.clone())?;
            check(got.get_uint("min_entropylen") == Some(strength / 8), what.clone())?;
            check(got.get_uint("min_noncelen") == Some(strength / 16), what.clone())?;
            check(got.get_uint("max_perslen") == Some(i32::MAX as u64), what.clone())?;
            check(got.get_uint("reseed_requests") == Some(500), what.clone())?;
            check(got.get_int("reseed_time_interval") == Some(3600), what.clone())?;
            check(got.get_int("fips-indicator") == Some(i64::from(approved)), format!("indicator {what}"))?;
            if mech == "HMAC-DRBG" {
                let m = get(&d, &[("mac", true)])?;
                check(m.get_utf8("mac").as_deref() == Some("HMAC"), "mac")?;
            }
            let mut out = vec![0u8; 150_000];
            d.generate(&mut out, strength as u32, false, b"adin")?;
            check(blocks_distinct(&out), format!("{what}: repeated block"))?;
            check(d.generate(&mut [0u8; 16], strength as u32 + 1, false, &[]).is_err(), "strength above")?;
            d.reseed(true, b"application data", b"more")?;
            d.generate(&mut out[..64], 0, true, &[])?;
            check(!d.verify_zeroization(), "live state reads as zeroized")?;
            d.uninstantiate()?;
            check(d.state() == 0 && d.verify_zeroization(), format!("{what}: not zeroized"))?;
        }
        // Aliases resolve to the primary name.
        let d = RandCtx::new(&rand, None)?;
        d.instantiate(0, false, None, Some(&digest_params("sha256")))?;
        check(get(&d, &[("digest", true)])?.get_utf8("digest").as_deref() == Some("SHA2-256"), "alias")?;
    }
    Ok(())
}

/// Runs one ACVP case through our DRBG `mech` with the default provider's `TEST-RAND` as parent: the parent's
/// `get_seed` returns exactly the test entropy. Our DRBG takes the nonce with the entropy input (SP 800-90A
/// §8.6.7), which for Hash_df / HMAC_DRBG_Update, whose inputs are concatenated, is the same as a separate nonce.
fn run_acvp_via_evp(ours: &Rand<'_>, test: &Rand<'_>, c: &DigestDrbgCase) -> TestResult {
    let set_entropy = |t: &RandCtx<'_>, e: &[u8]| -> TestResult {
        let mut p = Params::new();
        p.octets("test_entropy", e);
        Ok(t.set_params(&p)?)
    };
    let t = RandCtx::new(test, None)?;
    let mut tp = Params::new();
    tp.uint("strength", 1024);
    t.instantiate(0, false, None, Some(&tp))?;
    set_entropy(&t, &[c.entropy.as_slice(), c.nonce.as_slice()].concat())?;
    let d = RandCtx::new(ours, Some(&t))?;
    d.instantiate(0, false, Some(&c.pers), Some(&digest_params(&openssl_digest(c))))?;
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
    check(out == c.returned_bits, format!("tcId {} ({}): output differs", c.tc_id, c.digest.name()))
}

fn default_and_ours() -> Result<(Installation, LibCtx), Box<dyn std::error::Error>> {
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let mut ctx = inst.libctx()?;
    ctx.retain_provider("default")?;
    Ok((inst, ctx))
}

#[test]
fn acvp_hash_and_hmac_drbg_through_evp() -> TestResult {
    let (_inst, ctx) = default_and_ours()?;
    let test = Rand::fetch(&ctx, "TEST-RAND", Some("provider=default"))?;
    for (mech, cases) in [("HASH-DRBG", load_hash()?), ("HMAC-DRBG", load_hmac()?)] {
        let ours = Rand::fetch(&ctx, mech, Some(PROPQ))?;
        for c in &cases {
            run_acvp_via_evp(&ours, &test, c)?;
        }
        println!("{mech}: {} ACVP cases passed through EVP_RAND", cases.len());
        check(cases.len() == 330, "case count")?;
    }
    Ok(())
}

/// A small deterministic generator for the differential inputs (xorshift64*).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn upto(&mut self, n: u64) -> usize {
        (self.next() % (n + 1)) as usize
    }
    /// `min` to `min + extra` bytes.
    fn some(&mut self, min: usize, extra: u64) -> Vec<u8> {
        let n = min + self.upto(extra);
        self.bytes(n)
    }
}

/// A DRBG of `rand` under its own `TEST-RAND`, seeded with `entropy` (and `nonce`, if given separately).
fn fed<'a>(
    rand: &Rand<'a>,
    test: &Rand<'a>,
    digest: &str,
    entropy: &[u8],
    nonce: Option<&[u8]>,
    pers: &[u8],
) -> Result<(RandCtx<'a>, RandCtx<'a>), Box<dyn std::error::Error>> {
    let t = RandCtx::new(test, None)?;
    let mut tp = Params::new();
    tp.uint("strength", 1024).octets("test_entropy", entropy);
    if let Some(n) = nonce {
        tp.octets("test_nonce", n);
    }
    t.instantiate(0, false, None, Some(&tp))?;
    let d = RandCtx::new(rand, Some(&t))?;
    d.instantiate(0, false, Some(pers), Some(&digest_params(digest)))?;
    Ok((t, d))
}

#[test]
fn differential_against_the_default_provider() -> TestResult {
    let (_inst, ctx) = default_and_ours()?;
    let test = Rand::fetch(&ctx, "TEST-RAND", Some("provider=default"))?;
    let mut g = Gen(0x0123_4567_89AB_CDEF);
    let mut compared = 0usize;
    for mech in MECHS {
        let ours = Rand::fetch(&ctx, mech, Some(PROPQ))?;
        let theirs = Rand::fetch(&ctx, mech, Some("provider=default"))?;
        for (digest, strength, _) in DIGESTS {
            for round in 0..3 {
                let min = strength as usize / 8;
                let entropy = g.some(min, 48);
                let nonce = g.some(min / 2, 16);
                let pers = g.some(0, 80);
                let (t1, a) = fed(&theirs, &test, digest, &entropy, Some(&nonce), &pers)?;
                let (t2, b) = fed(&ours, &test, digest, &[entropy.as_slice(), nonce.as_slice()].concat(), None, &pers)?;
                for step in 0..8 {
                    let adin = if g.upto(2) == 0 { Vec::new() } else { g.some(1, 100) };
                    let len = 1 + g.upto(if step == 0 { 5000 } else { 300 });
                    let (mut x, mut y) = (vec![0u8; len], vec![0u8; len]);
                    match g.upto(3) {
                        0 => {
                            let e = g.some(min, 32);
                            for t in [&t1, &t2] {
                                let mut p = Params::new();
                                p.octets("test_entropy", &e);
                                t.set_params(&p)?;
                            }
                            a.reseed(false, &[], &adin)?;
                            b.reseed(false, &[], &adin)?;
                            a.generate(&mut x, 0, false, &[])?;
                            b.generate(&mut y, 0, false, &[])?;
                        }
                        1 => {
                            let e = g.some(min, 32);
                            for t in [&t1, &t2] {
                                let mut p = Params::new();
                                p.octets("test_entropy", &e);
                                t.set_params(&p)?;
                            }
                            a.generate(&mut x, 0, true, &adin)?;
                            b.generate(&mut y, 0, true, &adin)?;
                        }
                        _ => {
                            a.generate(&mut x, 0, false, &adin)?;
                            b.generate(&mut y, 0, false, &adin)?;
                        }
                    }
                    check(x == y, format!("{mech} {digest} round {round} step {step}: outputs differ"))?;
                    compared += 1;
                }
            }
        }
    }
    println!("{compared} generate calls agreed with the default provider");
    Ok(())
}

/// The ACVP cases compiled into the Hash_DRBG and HMAC_DRBG CASTs (`selftest/src/kat/drbg.rs`, tcId 196 of
/// each file) through the *default provider's* DRBGs: an independent check of those expected values.
#[test]
fn cast_vectors_agree_with_the_default_provider() -> TestResult {
    let (_inst, ctx) = default_and_ours()?;
    let test = Rand::fetch(&ctx, "TEST-RAND", Some("provider=default"))?;
    for (mech, cases) in [("HASH-DRBG", load_hash()?), ("HMAC-DRBG", load_hmac()?)] {
        let c = cases.iter().find(|c| c.tc_id == 196).ok_or("tcId 196 missing")?;
        check(openssl_digest(c) == "SHA2-256" && !c.pred_resistance, "tcId 196 is SHA2-256 with a reseed")?;
        let theirs = Rand::fetch(&ctx, mech, Some("provider=default"))?;
        let (t, d) = fed(&theirs, &test, "SHA2-256", &c.entropy, Some(&c.nonce), &c.pers)?;
        let (reseed, g1, g2) = (&c.steps[0], &c.steps[1], &c.steps[2]);
        let mut tp = Params::new();
        tp.octets("test_entropy", &reseed.entropy);
        t.set_params(&tp)?;
        d.reseed(false, &[], &reseed.additional)?;
        let mut out = vec![0u8; c.returned_bits.len()];
        d.generate(&mut out, 0, false, &g1.additional)?;
        d.generate(&mut out, 0, false, &g2.additional)?;
        check(out == c.returned_bits, format!("OpenSSL's default {mech} disagrees with ACVP tcId 196"))?;
    }
    Ok(())
}

#[test]
fn bad_input_gives_clean_errors() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for mech in MECHS {
        let rand = Rand::fetch(&ctx, mech, None)?;
        let set = |d: &RandCtx<'_>, k: &str, v: &str| {
            let mut p = Params::new();
            p.utf8(k, v);
            d.set_params(&p)
        };
        let d = RandCtx::new(&rand, None)?;
        for bad in ["MD5", "NO-SUCH-DIGEST", "", "AES-256-CTR"] {
            let e = set(&d, "digest", bad).err().ok_or(format!("{mech}: digest {bad:?} accepted"))?;
            check(!e.is_empty(), "no error on the queue")?;
        }
        for xof in ["SHAKE-128", "SHAKE256"] {
            check(set(&d, "digest", xof).is_err(), format!("{mech}: XOF {xof} accepted"))?;
        }
        let mut wrong_type = Params::new();
        wrong_type.int("digest", 5);
        check(d.set_params(&wrong_type).is_err(), "integer digest accepted")?;
        if mech == "HMAC-DRBG" {
            for bad in ["CMAC", "KMAC-128", "GMAC"] {
                check(set(&d, "mac", bad).is_err(), format!("mac {bad} accepted"))?;
            }
            set(&d, "mac", "hmac")?;
        } else {
            // Another DRBG type's parameters (libcrypto 3.0 passes `cipher` to every DRBG) are ignored.
            set(&d, "cipher", "AES-256-CTR")?;
        }
        let mut big = Params::new();
        big.uint("reseed_requests", (1 << 24) + 1);
        check(d.set_params(&big).is_err(), "reseed_requests above 2^24 accepted")?;
        let mut neg = Params::new();
        neg.int_sized("reseed_time_interval", -1, 8);
        check(d.set_params(&neg).is_err(), "negative reseed_time_interval accepted")?;

        // Strength above the DRBG's: at instantiation and per request.
        set(&d, "digest", "SHA1")?;
        check(d.instantiate(129, false, None, None).is_err(), "SHA-1 DRBG instantiated at strength 129")?;
        check(d.state() == 0, "a refused instantiate left the DRBG instantiated")?;
        d.instantiate(128, false, None, None)?;
        check(d.generate(&mut [0u8; 8], 192, false, &[]).is_err(), "192-bit request from a 128-bit DRBG")?;
        check(set(&d, "digest", "SHA2-512").is_err(), "digest changed while instantiated")?;
        set(&d, "digest", "SHA1")?;
        check(d.instantiate(0, false, None, None).is_err(), "instantiated twice")?;

        // Huge requests: libcrypto splits EVP_RAND_generate into max_request pieces; the DRBG serves each.
        let mut huge = vec![0u8; 1 << 20];
        d.generate(&mut huge, 0, false, &[])?;
        check(blocks_distinct(&huge), "repeated block in a 1 MiB request")?;

        // Generate before instantiate (or after uninstantiate): the DRBG instantiates itself first, as
        // OpenSSL's drbg.c does (rand_drbg_restart).
        let fresh = RandCtx::new(&rand, None)?;
        fresh.generate(&mut [0u8; 32], 0, false, &[])?;
        check(fresh.state() == 1, "generate did not instantiate")?;
        fresh.uninstantiate()?;
        fresh.generate(&mut [0u8; 32], 0, false, &[])?;
        check(fresh.state() == 1, "generate after uninstantiate did not re-instantiate")?;

        // A parent weaker than the child: refused when the child seeds, cleanly.
        let weak = RandCtx::new(&rand, None)?;
        weak.enable_locking()?;
        weak.instantiate(0, false, None, Some(&digest_params("SHA1")))?;
        let child = RandCtx::new(&rand, Some(&weak))?;
        check(child.instantiate(256, false, None, Some(&digest_params("SHA2-256"))).is_err(), "weak parent")?;
        check(child.state() != 1, "child of a weak parent is ready")?;
        // A SEED-SRC parent (ours) seeds any DRBG.
        let seed = Rand::fetch(&ctx, "SEED-SRC", None)?;
        let s = RandCtx::new(&seed, None)?;
        s.enable_locking()?;
        s.instantiate(0, false, None, None)?;
        let c2 = RandCtx::new(&rand, Some(&s))?;
        c2.instantiate(256, false, None, None)?;
        c2.generate(&mut [0u8; 64], 256, true, &[])?;
    }
    Ok(())
}

/// Strict mode: the truncated digests IG D.R does not approve are refused; the approved ones work.
#[test]
fn strict_mode_refuses_unapproved_digests() -> TestResult {
    if !child::isolate("strict_mode_refuses_unapproved_digests", &[("FERROFIPS_FORCE_FIPS", "1")])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for mech in MECHS {
        let rand = Rand::fetch(&ctx, mech, None)?;
        for (digest, _, approved) in DIGESTS {
            let d = RandCtx::new(&rand, None)?;
            let r = d.instantiate(0, false, None, Some(&digest_params(digest)));
            check(r.is_ok() == approved, format!("strict {mech} {digest}: {r:?}"))?;
            if approved {
                d.generate(&mut [0u8; 32], 0, false, &[])?;
                check(get(&d, &[("fips-indicator", false)])?.get_int("fips-indicator") == Some(1), "indicator")?;
            }
        }
    }
    Ok(())
}

/// `openssl.cnf` with `[random]` settings for the library context's DRBGs.
fn random_cnf(inst: &Installation, tag: &str, lines: &str) -> Result<std::path::PathBuf, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(inst.openssl_cnf())?;
    let text = text.replace(
        "alg_section = algorithm_sect\n",
        &format!("alg_section = algorithm_sect\nrandom = random_sect\n\n[random_sect]\n{lines}"),
    );
    let cnf = inst.prefix().join("ssl").join(format!("openssl-{tag}.cnf"));
    std::fs::write(&cnf, text)?;
    Ok(cnf)
}

/// (tag, `[random]` lines, DRBG name, parameter to read back, its value, strength).
const CONFIGS: [(&str, &str, &str, &str, &str, u32); 4] = [
    ("hash", "random = HASH-DRBG\ndigest = SHA2-256\n", "HASH-DRBG", "digest", "SHA2-256", 256),
    ("hmac", "random = HMAC-DRBG\ndigest = SHA1\n", "HMAC-DRBG", "digest", "SHA1", 128),
    ("hmac-default", "random = HMAC-DRBG\n", "HMAC-DRBG", "digest", "SHA2-512", 256),
    ("ctr128", "random = CTR-DRBG\ncipher = AES-128-CTR\n", "CTR-DRBG", "cipher", "AES-128-CTR", 128),
];

#[test]
fn configured_as_the_library_context_drbgs() -> TestResult {
    let inst = Installation::new()?;
    for (tag, lines, name, key, value, strength) in CONFIGS {
        let cnf = random_cnf(&inst, tag, lines)?;
        let ctx = LibCtx::new()?;
        ferrofips_tests::load_into(&ctx, &cnf)?;
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        ctx.rand_bytes(&mut a)?;
        ctx.rand_priv_bytes(&mut b)?;
        check(a != b, "RAND_bytes and RAND_priv_bytes agree")?;
        for (who, d) in
            [("primary", ctx.primary_drbg()?), ("public", ctx.public_drbg()?), ("private", ctx.private_drbg()?)]
        {
            let p = get(&d, &[(key, true)])?;
            let what = format!("{tag} {who}: {} @ {} {p:?}", d.rand_name(), d.provider_name());
            println!("{what}");
            check(d.rand_name() == name && d.provider_name() == PROVIDER_NAME, what.clone())?;
            check(p.get_utf8(key).as_deref() == Some(value) && d.strength() == strength, what.clone())?;
            check(d.state() == 1, what)?;
        }
        let mut big = vec![0u8; 200_000];
        ctx.rand_bytes(&mut big)?;
        check(blocks_distinct(&big), "repeated block")?;
    }
    Ok(())
}

#[test]
fn configured_drbgs_with_the_openssl_cli() -> TestResult {
    let inst = Installation::new()?;
    let bins: Vec<std::path::PathBuf> =
        [Some(tools::require("openssl", "for the openssl CLI checks")?), tools::openssl35()]
            .into_iter()
            .flatten()
            .collect();
    for (tag, lines, name, _, _, _) in CONFIGS {
        let cnf = random_cnf(&inst, tag, lines)?;
        for bin in &bins {
            let env = [("OPENSSL_CONF", OsStr::new(&cnf))];
            let r = tools::run(bin, &["rand", "-hex", "32"], &env, None)?.ok()?;
            check(r.stdout.trim().len() == 64, format!("{tag}: `rand -hex 32` printed {:?}", r.stdout))?;
            let list = tools::run(bin, &["list", "-random-instances"], &env, None)?.ok()?.stdout;
            let primary: Vec<&str> = list.lines().skip_while(|l| l.trim() != "primary:").skip(1).take(3).collect();
            let ok = primary.first().is_some_and(|l| l.contains(&format!("{name} @ ferrofips")))
                && primary.iter().any(|l| l.contains("state = ready"));
            check(ok, format!("{tag} with {}: primary is not a ready {name}:\n{list}", bin.display()))?;
        }
    }
    Ok(())
}

#[test]
fn configured_hash_drbg_fork_and_threads() -> TestResult {
    if !child::isolate("configured_hash_drbg_fork_and_threads", &[])? {
        return Ok(());
    }
    let inst = Installation::new()?;
    let cnf = random_cnf(&inst, "fork", "random = HASH-DRBG\ndigest = SHA2-512\n")?;
    let ctx = LibCtx::new()?;
    ferrofips_tests::load_into(&ctx, &cnf)?;
    let mut warm = [0u8; 16];
    ctx.rand_bytes(&mut warm)?;
    ctx.rand_priv_bytes(&mut warm)?;
    let draw = |ctx: &LibCtx| -> Vec<u8> {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        if ctx.rand_bytes(&mut a).is_ok() && ctx.rand_priv_bytes(&mut b).is_ok() { [a, b].concat() } else { Vec::new() }
    };
    let from_child = fork_capture(|| draw(&ctx))?;
    let from_parent = draw(&ctx);
    check(from_child.len() == 64 && from_parent.len() == 64, "draws failed")?;
    check(from_child[..32] != from_parent[..32], "RAND_bytes: child repeated the parent's output")?;
    check(from_child[32..] != from_parent[32..], "RAND_priv_bytes: child repeated the parent's output")?;

    let handle = ctx.rand_handle();
    let outputs: Vec<Vec<u8>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..6)
            .map(|i| {
                s.spawn(move || {
                    (0..200)
                        .map_while(|_| {
                            let mut x = [0u8; 16];
                            let r = if i % 2 == 0 { handle.bytes(&mut x) } else { handle.priv_bytes(&mut x) };
                            r.ok().map(|()| x.to_vec())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    check(outputs.len() == 1200, format!("only {} outputs", outputs.len()))?;
    let unique: HashSet<&Vec<u8>> = outputs.iter().collect();
    check(unique.len() == outputs.len(), "threads received repeated output")
}
