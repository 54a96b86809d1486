//! The AES-XTS and AES-CCM loaders: counts (cross-checked with a Python count over the JSON) and field shapes.
//! The answers themselves are exercised by ferrofips-crypto's and ferrofips-tests' ACVP tests.

use ferrofips_kat::{ccm, xts};

#[test]
fn xts_counts_and_shapes() {
    let v = xts::load().unwrap();
    assert_eq!((v.cases.len(), v.skipped_bit_oriented), (104, 56));
    assert_eq!(v.cases.iter().filter(|c| c.encrypt).count(), 56);
    assert_eq!(v.cases.iter().filter(|c| c.key.len() == 64).count(), 52);
    assert_eq!(v.cases.iter().filter(|c| c.sequence_number.is_some()).count(), 56);
    // Data units with a partial last block (ciphertext stealing) and whole-block ones.
    assert!(v.cases.iter().any(|c| c.pt.len() % 16 != 0));
    assert!(v.cases.iter().any(|c| c.pt.len() % 16 == 0));
    for c in &v.cases {
        assert!(matches!(c.key.len(), 32 | 64), "tcId {}", c.tc_id);
        assert_eq!(c.pt.len(), c.ct.len(), "tcId {}", c.tc_id);
        assert!(c.pt.len() >= 16, "tcId {}", c.tc_id);
    }
}

#[test]
fn ccm_counts_and_shapes() {
    let cases = ccm::load().unwrap();
    assert_eq!(cases.len(), 8310);
    assert_eq!(cases.iter().filter(|c| !c.encrypt).count(), 5880);
    assert_eq!(cases.iter().filter(|c| !c.passed).count(), 1451);
    assert!(cases.iter().all(|c| c.passed || !c.encrypt));
    assert!(cases.iter().any(|c| c.aad.len() == 8192), "the long AAD (0xfffe length form)");
    for c in &cases {
        assert!(matches!(c.key.len(), 16 | 24 | 32), "tcId {}", c.tc_id);
        assert!((7..=13).contains(&c.nonce.len()), "tcId {}", c.tc_id);
        assert!((4..=16).contains(&c.tag.len()) && c.tag.len() % 2 == 0, "tcId {}", c.tc_id);
        if c.passed {
            assert_eq!(c.pt.len(), c.ct.len(), "tcId {}", c.tc_id);
        } else {
            assert!(c.pt.is_empty(), "tcId {}", c.tc_id);
        }
    }
}
