//! Every hash vector file parses and, run through the shared runners with a reference
//! implementation, reproduces its known answers.

mod common;

use common::reference;
use ferrofips_kat::hash::{self, HashSuite, MctKind, MctVersion, Source};
use ferrofips_kat::{HashAlg, check, mct};

fn run_suite(s: &HashSuite) {
    let alg = s.alg;
    for t in &s.aft {
        let got = reference(alg, &t.msg, t.md.len());
        check::check(t.tc_id, &t.md, &got).unwrap_or_else(|e| panic!("{alg:?} AFT {e}"));
    }
    for t in &s.vot {
        let got = reference(alg, &t.msg, t.out_len());
        t.check(&got).unwrap_or_else(|e| panic!("{alg:?} VOT ({} bits) {e}", t.out_len_bits));
    }
    for m in &s.mct {
        assert_eq!(m.results.len(), 100, "{alg:?} MCT {}", m.tc_id);
        mct::run_mct(m, |msg, n| reference(alg, msg, n)).unwrap_or_else(|e| panic!("{alg:?} MCT {e}"));
    }
}

fn test_alg(alg: HashAlg) {
    let suites = hash::load(alg).expect("load");
    assert!(!suites.is_empty());
    let mut aft = 0;
    let mut mct = 0;
    for s in &suites {
        assert_eq!(s.alg, alg);
        assert!(!s.is_empty(), "{:?} is empty", s.source);
        aft += s.aft.len();
        mct += s.mct.len();
        if let Source::Acvp { .. } = s.source {
            let ldt = if alg.is_xof() { 0 } else { 4 };
            assert_eq!(s.ldt.len(), ldt, "{alg:?} LDT count");
            assert_eq!(s.vot.is_empty(), !alg.is_xof(), "{alg:?} VOT");
        }
        run_suite(s);
    }
    assert!(aft > 0, "{alg:?}: no AFT");
    assert!(mct > 0, "{alg:?}: no MCT");
}

#[test]
fn sha1() {
    test_alg(HashAlg::Sha1);
}
#[test]
fn sha224() {
    test_alg(HashAlg::Sha224);
}
#[test]
fn sha256() {
    test_alg(HashAlg::Sha256);
}
#[test]
fn sha384() {
    test_alg(HashAlg::Sha384);
}
#[test]
fn sha512() {
    test_alg(HashAlg::Sha512);
}
#[test]
fn sha512_224() {
    test_alg(HashAlg::Sha512_224);
}
#[test]
fn sha512_256() {
    test_alg(HashAlg::Sha512_256);
}
#[test]
fn sha3_224() {
    test_alg(HashAlg::Sha3_224);
}
#[test]
fn sha3_256() {
    test_alg(HashAlg::Sha3_256);
}
#[test]
fn sha3_384() {
    test_alg(HashAlg::Sha3_384);
}
#[test]
fn sha3_512() {
    test_alg(HashAlg::Sha3_512);
}
#[test]
fn shake128() {
    test_alg(HashAlg::Shake128);
}
#[test]
fn shake256() {
    test_alg(HashAlg::Shake256);
}

/// The expected counts, so that a loader silently dropping cases fails.
#[test]
fn counts() {
    // (alg, AFT, MCT, LDT, VOT, skipped) summed over all suites of the algorithm.
    let want: [(HashAlg, usize, usize, usize, usize, usize); 13] = [
        (HashAlg::Sha1, 129, 1, 0, 0, 0),
        (HashAlg::Sha224, 79, 1, 4, 0, 433),
        (HashAlg::Sha256, 512, 1, 4, 0, 0),
        (HashAlg::Sha384, 67, 1, 4, 0, 445),
        (HashAlg::Sha512, 1024, 1, 4, 0, 0),
        (HashAlg::Sha512_224, 257, 1, 0, 0, 0),
        (HashAlg::Sha512_256, 1024, 1, 4, 0, 0),
        (HashAlg::Sha3_224, 245, 1, 0, 0, 0),
        (HashAlg::Sha3_256, 151, 1, 4, 0, 1043),
        (HashAlg::Sha3_384, 118, 1, 4, 0, 820),
        (HashAlg::Sha3_512, 86, 1, 4, 0, 596),
        (HashAlg::Shake128, 174, 1, 0, 512, 1218),
        (HashAlg::Shake256, 143, 1, 0, 512, 1005),
    ];
    for (alg, aft, mct, ldt, vot, skipped) in want {
        let suites = hash::load(alg).unwrap();
        let sum = |f: fn(&HashSuite) -> usize| suites.iter().map(f).sum::<usize>();
        let got = (
            sum(|s| s.aft.len()),
            sum(|s| s.mct.len()),
            sum(|s| s.ldt.len()),
            sum(|s| s.vot.len()),
            sum(|s| s.skipped_bit_oriented),
        );
        assert_eq!(got, (aft, mct, ldt, vot, skipped), "{alg:?}");
    }
}

#[test]
fn mct_kinds() {
    let kind = |alg| hash::load(alg).unwrap()[0].mct[0].kind;
    assert_eq!(kind(HashAlg::Sha224), MctKind::Sha2(MctVersion::Standard));
    assert_eq!(kind(HashAlg::Sha256), MctKind::Sha2(MctVersion::Alternate));
    assert_eq!(kind(HashAlg::Sha3_256), MctKind::Sha3(MctVersion::Standard));
    assert_eq!(kind(HashAlg::Shake128), MctKind::Shake { min_out_len: 16, max_out_len: 512 });
    let sha1 = hash::load(HashAlg::Sha1).unwrap();
    let monte = sha1.iter().find(|s| !s.mct.is_empty()).unwrap();
    assert_eq!(monte.source, Source::Cavp { file: "SHA1/SHA1Monte.rsp" });
    assert_eq!(monte.mct[0].kind, MctKind::Sha2(MctVersion::Standard));
}

/// The runners must report a wrong implementation, and at the right step.
#[test]
fn runners_detect_errors() {
    for alg in [HashAlg::Sha256, HashAlg::Sha3_256, HashAlg::Shake128] {
        let m = hash::load(alg).unwrap()[0].mct[0].clone();
        let mut calls = 0usize;
        let err = mct::run_mct(&m, |msg, n| {
            calls += 1;
            let mut d = reference(alg, msg, n);
            if calls == 1500 {
                d[0] ^= 1;
            }
            d
        })
        .unwrap_err();
        assert_eq!((err.tc_id, err.step), (m.tc_id, Some(1)), "{alg:?}");
        assert_eq!(err.expected, m.results[1]);
        // Wrong expected value at the last step.
        let mut bad = m.clone();
        bad.results[99][0] ^= 0x80;
        let err = mct::run_mct(&bad, |msg, n| reference(alg, msg, n)).unwrap_err();
        assert_eq!(err.step, Some(99));
    }
    // The alternate SHA-2 iteration differs from the standard one.
    let mut m = hash::load(HashAlg::Sha256).unwrap()[0].mct[0].clone();
    m.kind = MctKind::Sha2(MctVersion::Standard);
    assert!(mct::run_mct(&m, |msg, n| reference(HashAlg::Sha256, msg, n)).is_err());
}

#[test]
fn vot_check_masks_only_unused_bits() {
    let suites = hash::load(HashAlg::Shake256).unwrap();
    let t = suites[0].vot.iter().find(|t| t.out_len_bits % 8 != 0).unwrap();
    let good = reference(HashAlg::Shake256, &t.msg, t.out_len());
    t.check(&good).unwrap();
    let used = t.out_len_bits % 8;
    let mut flipped = good.clone();
    *flipped.last_mut().unwrap() ^= 1 << (used - 1);
    assert!(t.check(&flipped).is_err(), "a used bit must count");
    let mut unused = good.clone();
    *unused.last_mut().unwrap() ^= 0x80;
    t.check(&unused).unwrap();
    assert!(t.check(&good[..good.len() - 1]).is_err());
}
