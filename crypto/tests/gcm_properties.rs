//! Property tests for AES-GCM: every backend, streamed with random cuts, in place or not, against the portable
//! backend's one-shot answer; decryption round trips; any single-bit change is rejected.

use ferrofips_crypto::Error;
use ferrofips_crypto::gcm::{self, AesGcm, Backend};
use proptest::prelude::*;

fn seal(b: Backend, key: &[u8], iv: &[u8], aad: &[u8], pt: &[u8]) -> (Vec<u8>, [u8; 16]) {
    let mut g = AesGcm::with_backend(key, b).unwrap();
    let mut data = pt.to_vec();
    let tag = g.encrypt_detached(iv, aad, &mut data).unwrap();
    (data, tag)
}

/// Sorted cut points of `len` from raw proptest values.
fn cuts(raw: &[usize], len: usize) -> Vec<usize> {
    let mut c: Vec<usize> = raw.iter().map(|&x| x % (len + 1)).chain([len]).collect();
    c.sort_unstable();
    c
}

fn key_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 16),
        proptest::collection::vec(any::<u8>(), 24),
        proptest::collection::vec(any::<u8>(), 32)
    ]
}

fn iv_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![3 => proptest::collection::vec(any::<u8>(), 12), 1 => proptest::collection::vec(any::<u8>(), 1..80)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn streamed_backends_match_soft(
        key in key_strategy(),
        iv in iv_strategy(),
        aad in proptest::collection::vec(any::<u8>(), 0..300),
        pt in proptest::collection::vec(any::<u8>(), 0..1200),
        aad_cuts in proptest::collection::vec(any::<usize>(), 0..4),
        pt_cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let (want_ct, want_tag) = seal(Backend::Soft, &key, &iv, &aad, &pt);
        for b in gcm::backends() {
            let mut g = AesGcm::with_backend(&key, b).unwrap();
            g.start(&iv).unwrap();
            let mut at = 0;
            for c in cuts(&aad_cuts, aad.len()) {
                g.aad(&aad[at..c]).unwrap();
                at = c;
            }
            let mut ct = vec![0u8; pt.len()];
            let mut at = 0;
            for (i, c) in cuts(&pt_cuts, pt.len()).into_iter().enumerate() {
                if i % 2 == 0 {
                    g.encrypt_to(&pt[at..c], &mut ct[at..c]).unwrap();
                } else {
                    ct[at..c].copy_from_slice(&pt[at..c]);
                    g.encrypt(&mut ct[at..c]).unwrap();
                }
                at = c;
            }
            prop_assert_eq!(&ct, &want_ct, "{}", b);
            prop_assert_eq!(g.tag().unwrap(), want_tag, "{}", b);

            g.start(&iv).unwrap();
            g.aad(&aad).unwrap();
            let mut back = ct.clone();
            let mut at = 0;
            for c in cuts(&pt_cuts, back.len()) {
                g.decrypt(&mut back[at..c]).unwrap();
                at = c;
            }
            prop_assert_eq!(&back, &pt, "{}", b);
            prop_assert_eq!(g.verify(&want_tag), Ok(()));
        }
    }

    #[test]
    fn any_bit_flip_is_rejected(
        key in key_strategy(),
        iv in iv_strategy(),
        aad in proptest::collection::vec(any::<u8>(), 0..64),
        pt in proptest::collection::vec(any::<u8>(), 0..200),
        which in 0usize..4,
        pos in any::<usize>(),
        bit in 0u8..8,
    ) {
        let (ct, tag) = seal(gcm::default_backend(), &key, &iv, &aad, &pt);
        let (mut iv2, mut aad2, mut ct2, mut tag2) = (iv.clone(), aad.clone(), ct.clone(), tag.to_vec());
        let target: &mut Vec<u8> = match which {
            0 => &mut iv2,
            1 => &mut aad2,
            2 => &mut ct2,
            _ => &mut tag2,
        };
        prop_assume!(!target.is_empty());
        let n = target.len();
        target[pos % n] ^= 1 << bit;
        for b in gcm::backends() {
            let mut g = AesGcm::with_backend(&key, b).unwrap();
            let mut data = ct2.clone();
            prop_assert_eq!(g.decrypt_detached(&iv2, &aad2, &mut data, &tag2), Err(Error::AuthenticationFailed), "{}", b);
            prop_assert!(data.iter().all(|&x| x == 0));
        }
    }
}
