//! The KDA OneStepNoCounter vector set parses and reproduces its answers with a reference HMAC (RustCrypto),
//! which proves the loader and the recipe documented in `kda_onestep`.

use ::hmac::{Mac, SimpleHmac};
use ferrofips_kat::HashAlg;
use ferrofips_kat::kda_onestep;

fn hmac_ref(alg: HashAlg, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<D>(key: &[u8], parts: &[&[u8]]) -> Vec<u8>
    where
        D: sha2::Digest + sha2::digest::core_api::BlockSizeUser + Clone,
    {
        let mut m = <SimpleHmac<D> as Mac>::new_from_slice(key).unwrap();
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes().to_vec()
    }
    match alg {
        HashAlg::Sha224 => run::<sha2::Sha224>(key, parts),
        HashAlg::Sha256 => run::<sha2::Sha256>(key, parts),
        HashAlg::Sha384 => run::<sha2::Sha384>(key, parts),
        HashAlg::Sha512 => run::<sha2::Sha512>(key, parts),
        HashAlg::Sha512_224 => run::<sha2::Sha512_224>(key, parts),
        HashAlg::Sha512_256 => run::<sha2::Sha512_256>(key, parts),
        HashAlg::Sha3_224 => run::<sha3::Sha3_224>(key, parts),
        HashAlg::Sha3_256 => run::<sha3::Sha3_256>(key, parts),
        HashAlg::Sha3_384 => run::<sha3::Sha3_384>(key, parts),
        HashAlg::Sha3_512 => run::<sha3::Sha3_512>(key, parts),
        other => panic!("no reference for {other:?}"),
    }
}

#[test]
fn one_step_no_counter_cases_match_reference() {
    let cases = kda_onestep::load_one_step_no_counter().unwrap();
    assert_eq!(cases.len(), 200);
    assert_eq!(cases.iter().filter(|c| c.aft).count(), 100);
    let rejected = cases.iter().filter(|c| !c.dkm_correct).count();
    assert!(rejected > 0 && rejected < 100, "{rejected} VAL cases expect rejection");
    for c in &cases {
        let mac = hmac_ref(c.hash, &c.salt, &[&c.z, &c.fixed_info]);
        assert_eq!(mac[..c.dkm.len()] == c.dkm[..], c.dkm_correct, "tcId {}", c.tc_id);
    }
}
