//! Large-data tests (1-8 GiB each): `cargo test --release -p ferrofips-kat -- --ignored`.
//! `KAT_LDT_MAX_GIB=<n>` skips larger messages (default: run all).

mod common;

use common::Streaming;
use ferrofips_kat::{HashAlg, hash, ldt};

#[test]
#[ignore = "hashes ~15 GiB per algorithm; run in release"]
fn ldt_reference() {
    let max_bytes =
        std::env::var("KAT_LDT_MAX_GIB").ok().and_then(|v| v.parse::<u64>().ok()).map_or(u64::MAX, |g| g << 30);
    let mut ran = 0;
    for alg in HashAlg::ALL {
        for suite in hash::load(alg).unwrap() {
            for l in suite.ldt.iter().filter(|l| l.full_len_bytes() <= max_bytes) {
                let out_len = l.md.len();
                ldt::run_ldt(l, Streaming::new(alg), |s, d| s.update(d), |s| s.finalize(out_len))
                    .unwrap_or_else(|e| panic!("{alg:?} LDT {e}"));
                ran += 1;
            }
        }
    }
    assert!(ran > 0);
}

#[test]
fn ldt_feed_lengths() {
    let suites = hash::load(HashAlg::Sha256).unwrap();
    let mut l = suites[0].ldt[0].clone();
    // Shrink to a cheap size that is not a multiple of the content or chunk length.
    l.full_length_bits = 8 * (3 * ldt::CHUNK_LEN as u64 + 13);
    let mut total = 0u64;
    let mut all = Vec::new();
    l.feed(|d| {
        total += d.len() as u64;
        all.extend_from_slice(d);
    });
    assert_eq!(total, l.full_len_bytes());
    for (i, b) in all.iter().enumerate() {
        assert_eq!(*b, l.content[i % l.content.len()]);
    }
    // run_ldt compares with md: the shrunk message has another digest.
    let r = ldt::run_ldt(&l, Streaming::new(HashAlg::Sha256), |s, d| s.update(d), |s| s.finalize(32));
    let e = r.unwrap_err();
    assert_eq!(e.actual, common::reference(HashAlg::Sha256, &all, 32));
}
