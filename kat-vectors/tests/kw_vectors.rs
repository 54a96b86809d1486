//! The AES key wrap vector sets load completely and have the shapes SP 800-38F gives them.

use ferrofips_kat::kw;

#[test]
fn kw_and_kwp_counts_and_shapes() {
    for (padded, rejects) in [(false, 132), (true, 139)] {
        let v = kw::load(padded).unwrap();
        assert_eq!(v.len(), 1440, "padded {padded}");
        assert_eq!(v.iter().filter(|c| !c.passed).count(), rejects, "padded {padded}");
        assert_eq!(v.iter().filter(|c| c.encrypt).count(), 720);
        assert_eq!(v.iter().filter(|c| c.inverse).count(), 720);
        for c in &v {
            assert!(c.padded == padded && matches!(c.key.len(), 16 | 24 | 32), "tcId {}", c.tc_id);
            assert!(c.encrypt || !c.passed || !c.pt.is_empty(), "tcId {}", c.tc_id);
            assert!(c.passed || (!c.encrypt && c.pt.is_empty()), "tcId {}", c.tc_id);
            if !padded {
                assert!(c.ct.len() >= 24 && c.ct.len().is_multiple_of(8), "tcId {}", c.tc_id);
            }
        }
        if padded {
            assert!(v.iter().any(|c| c.ct.len() == 16 && c.passed), "one-block KWP cases");
        }
    }
}
