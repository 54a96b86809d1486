//! Every NIST digest vector (ACVP AFT/MCT/VOT, CAVP ShortMsg/LongMsg/Monte; LDT with FERROFIPS_LDT=1|all) through
//! the provider via EVP, with the module's default backends and, in a child process, FERROFIPS_CPU=portable.

use std::env;

use ferrofips_evp::{LibCtx, Md, MdCtx};
use ferrofips_kat::{HashAlg, hash, ldt, mct};
use ferrofips_tests::digests::by_nist;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// One-shot through EVP: `out_len` bytes for XOFs (EVP_DigestFinalXOF), the digest otherwise.
fn evp_hash(md: &Md<'_>, msg: &[u8], out_len: usize) -> Vec<u8> {
    let r = if md.is_xof() { md.digest_xof(msg, out_len) } else { md.digest(msg) };
    r.unwrap_or_else(|e| panic!("{}: EVP digest failed: {e}", md.name()))
}

/// Asserts that buildinfo reports the portable backends when FERROFIPS_CPU=portable is in the environment.
fn check_backend_mode(ctx: &LibCtx) -> TestResult {
    let info = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.info()?;
    let buildinfo = info.buildinfo.unwrap_or_default();
    let backends = buildinfo.split("backends:").nth(1).unwrap_or("").trim().to_owned();
    println!("module backends: {backends}");
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        assert!(
            !backends.is_empty() && backends.split(',').all(|b| b.trim().ends_with("=soft")),
            "FERROFIPS_CPU=portable but backends are: {backends}"
        );
        println!("backends: all soft (portable)");
    }
    Ok(())
}

fn run_ldt(md: &Md<'_>, l: &hash::Ldt) -> TestResult {
    let c = MdCtx::new(md)?;
    ldt::run_ldt(
        l,
        c,
        |c, data| c.update(data).unwrap_or_else(|e| panic!("LDT update: {e}")),
        |mut c| c.finish().unwrap_or_else(|e| panic!("LDT final: {e}")),
    )?;
    Ok(())
}

#[test]
fn acvp_digests_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    check_backend_mode(&ctx)?;
    // FERROFIPS_LDT=1: the smallest large-data test per algorithm (1 GiB); FERROFIPS_LDT=all: every one
    // (1 to 8 GiB each, over 100 GiB in total).
    let ldt_mode = env::var("FERROFIPS_LDT").unwrap_or_default();
    let mut total = 0usize;
    for alg in HashAlg::ALL {
        let info = by_nist(alg.name()).ok_or(format!("{} has no OpenSSL name", alg.name()))?;
        let md = Md::fetch(&ctx, info.name, Some(PROPQ))?;
        let (mut aft, mut mcts, mut vot, mut ldts, mut ldt_skipped, mut bits) = (0, 0, 0, 0, 0, 0);
        for suite in hash::load(alg)? {
            for t in &suite.aft {
                ferrofips_kat::check::check(t.tc_id, &t.md, &evp_hash(&md, &t.msg, t.md.len()))
                    .map_err(|e| format!("{} {:?} AFT: {e}", alg.name(), suite.source))?;
                aft += 1;
            }
            for m in &suite.mct {
                mct::run_mct(m, |msg, out_len| evp_hash(&md, msg, out_len))
                    .map_err(|e| format!("{} {:?} MCT: {e}", alg.name(), suite.source))?;
                mcts += 1;
            }
            for v in &suite.vot {
                v.check(&evp_hash(&md, &v.msg, v.out_len()))
                    .map_err(|e| format!("{} {:?} VOT: {e}", alg.name(), suite.source))?;
                vot += 1;
            }
            let smallest = suite.ldt.iter().map(|l| l.full_length_bits).min();
            for l in &suite.ldt {
                if ldt_mode == "all" || (ldt_mode == "1" && Some(l.full_length_bits) == smallest) {
                    run_ldt(&md, l).map_err(|e| format!("{} LDT: {e}", alg.name()))?;
                    ldts += 1;
                } else {
                    ldt_skipped += 1;
                }
            }
            bits += suite.skipped_bit_oriented;
        }
        let n = aft + mcts + vot + ldts;
        println!(
            "{:12} via {:13} AFT {aft:4}  MCT {mcts:2}  VOT {vot:4}  LDT {ldts} (skipped {ldt_skipped}; \
             FERROFIPS_LDT=1|all runs them)  bit-oriented left out {bits}",
            alg.name(),
            info.name
        );
        assert!(n > 0, "{}: no vectors ran", alg.name());
        total += n;
    }
    println!("total digest vectors passed through the provider: {total}");
    assert!(total > 0);
    Ok(())
}

#[test]
fn acvp_digests_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_digests_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("backends: all soft (portable)"), "the child did not run on portable backends");
    Ok(())
}
