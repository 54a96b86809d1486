//! The AES-GCM and AES-CBC loaders: counts (cross-checked with a Python count over the JSON) and field shapes.
//! The answers themselves are exercised by ferrofips-crypto's and ferrofips-tests' ACVP tests.

use ferrofips_kat::{cbc, gcm};

#[test]
fn gcm_counts_and_shapes() {
    let cases = gcm::load().unwrap();
    let acvp: Vec<_> = cases.iter().filter(|c| c.source == gcm::SOURCES[0]).collect();
    let geomys: Vec<_> = cases.iter().filter(|c| c.source == gcm::SOURCES[1]).collect();
    assert_eq!((acvp.len(), geomys.len()), (60, 36));
    // Wrong tags to reject: 10 in the ACVP set, 4 of the 18 Geomys decrypt cases.
    assert_eq!(acvp.iter().filter(|c| !c.passed).count(), 10);
    assert_eq!(geomys.iter().filter(|c| !c.passed).count(), 4);
    assert_eq!(geomys.iter().filter(|c| !c.encrypt).count(), 18);
    assert!(cases.iter().all(|c| c.passed || !c.encrypt));
    assert!(cases.iter().any(|c| c.iv.len() == 15), "120-bit IVs");
    assert!(cases.iter().any(|c| c.aad.len() == 8192 && c.pt.len() == 8192));
    for c in &cases {
        assert!(matches!(c.key.len(), 16 | 24 | 32), "tcId {}", c.tc_id);
        assert!((4..=16).contains(&c.tag.len()), "tcId {}", c.tc_id);
        if c.passed {
            assert_eq!(c.pt.len(), c.ct.len(), "tcId {}", c.tc_id);
        } else {
            assert!(c.pt.is_empty(), "tcId {}", c.tc_id);
        }
    }
}

#[test]
fn cbc_counts_and_shapes() {
    let v = cbc::load().unwrap();
    assert_eq!((v.aft.len(), v.mct.len()), (2150, 6));
    for c in &v.aft {
        assert_eq!(c.pt.len(), c.ct.len(), "tcId {}", c.tc_id);
        assert_eq!(c.iv.len(), 16);
    }
    for m in &v.mct {
        assert_eq!(m.results.len(), 100, "tcId {}", m.tc_id);
    }
    assert_eq!(v.mct.iter().filter(|m| m.encrypt).count(), 3);
}
