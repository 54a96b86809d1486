//! ACVP HMAC-SHA-1/256/384/512 known answers (revisions 1.0 and 2.0: keys shorter and longer than the block,
//! truncated MACs) on every digest backend this CPU offers.

use std::collections::BTreeMap;

use ferrofips_crypto::digest::{self, Algorithm};
use ferrofips_crypto::hmac::Hmac;
use ferrofips_kat::{HashAlg, hmac};

fn check_alg(alg: Algorithm) {
    let kat_alg = HashAlg::from_name(alg.name()).unwrap();
    let cases = hmac::load(kat_alg).unwrap_or_else(|e| panic!("loading HMAC-{alg} vectors: {e}"));
    for b in digest::backends(alg) {
        let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &cases {
            let mut mac = Hmac::with_backend(alg, b, &c.key).unwrap();
            mac.update(&c.msg);
            let mut full = vec![0u8; mac.mac_len()];
            mac.finalize_into(&mut full).unwrap();
            c.check(&full).unwrap_or_else(|e| panic!("HMAC-{alg} on {b} ({}): {e}", c.source));
            *per_source.entry(c.source).or_default() += 1;
        }
        println!("HMAC-{alg} on {b}: {per_source:?}");
        assert_eq!(per_source.len(), 2, "HMAC-{alg} on {b}: expected revisions 1.0 and 2.0: {per_source:?}");
        assert!(per_source.values().all(|&n| n > 0));
    }
}

#[test]
fn hmac_sha1() {
    check_alg(Algorithm::Sha1);
}

#[test]
fn hmac_sha256() {
    check_alg(Algorithm::Sha256);
}

#[test]
fn hmac_sha384() {
    check_alg(Algorithm::Sha384);
}

#[test]
fn hmac_sha512() {
    check_alg(Algorithm::Sha512);
}
