//! HMAC vector files parse and reproduce their answers with a reference HMAC.

use ::hmac::{Mac, SimpleHmac};
use ferrofips_kat::hmac::{self, HmacCase};
use ferrofips_kat::{HashAlg, KatError};

fn reference(alg: HashAlg, c: &HmacCase) -> Vec<u8> {
    fn run<D>(c: &HmacCase) -> Vec<u8>
    where
        D: sha2::Digest + sha2::digest::core_api::BlockSizeUser + Clone,
    {
        let mut m = <SimpleHmac<D> as Mac>::new_from_slice(&c.key).unwrap();
        m.update(&c.msg);
        m.finalize().into_bytes().to_vec()
    }
    match alg {
        HashAlg::Sha1 => run::<sha1::Sha1>(c),
        HashAlg::Sha256 => run::<sha2::Sha256>(c),
        HashAlg::Sha384 => run::<sha2::Sha384>(c),
        HashAlg::Sha512 => run::<sha2::Sha512>(c),
        other => panic!("no reference for {other:?}"),
    }
}

#[test]
fn all_cases_match_reference() {
    for alg in hmac::ALGORITHMS {
        let cases = hmac::load(alg).unwrap();
        // 1.0: 975 cases, 2.0: 150 cases.
        assert_eq!(cases.len(), 975 + 150, "{alg:?}");
        let v2 = cases.iter().filter(|c| c.source.ends_with("-2.0")).count();
        assert_eq!(v2, 150);
        assert!(cases.iter().any(|c| c.key.len() > alg.block_len()));
        assert!(cases.iter().any(|c| c.mac.len() < alg.output_len()));
        for c in &cases {
            let full = reference(alg, c);
            assert_eq!(full.len(), alg.output_len());
            c.check(&full).unwrap_or_else(|e| panic!("{alg:?} {} {e}", c.source));
            let mut bad = full.clone();
            bad[c.mac.len() - 1] ^= 1;
            assert!(c.check(&bad).is_err());
            assert!(c.check(&full[..c.mac.len() - 1]).is_err());
        }
    }
}

#[test]
fn unsupported_algorithm_is_an_error() {
    assert!(matches!(hmac::load(HashAlg::Sha3_256), Err(KatError::NoVectors { .. })));
}
