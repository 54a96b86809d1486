//! Every AES backend usable here against the FIPS 197 examples and against the portable backend.

use super::{Aes, Backend, backends, expand_key, soft};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// FIPS 197 Appendix C: (key, plaintext, ciphertext).
const APPENDIX_C: [(&str, &str, &str); 3] = [
    ("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a"),
    (
        "000102030405060708090a0b0c0d0e0f1011121314151617",
        "00112233445566778899aabbccddeeff",
        "dda97ca4864cdfe06eaf70a0ec0d7191",
    ),
    (
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "00112233445566778899aabbccddeeff",
        "8ea2b7ca516745bfeafc49904b496089",
    ),
];

#[test]
fn soft_is_always_last() {
    assert_eq!(backends().last(), Some(&Backend::Soft));
    assert_eq!(super::default_backend(), backends()[0]);
}

#[test]
fn fips_197_key_expansion() {
    // Appendix A.1 (AES-128): w[40..44]; A.3 (AES-256): w[56..60].
    let (w, r) = expand_key(&unhex("2b7e151628aed2a6abf7158809cf4f3c"), soft::sub_word).unwrap();
    assert_eq!(r, 10);
    assert_eq!(
        w[40..44].iter().map(|w| w.swap_bytes()).collect::<Vec<_>>(),
        [0xd014_f9a8, 0xc9ee_2589, 0xe13f_0cc8, 0xb663_0ca6]
    );
    let key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    let (w, r) = expand_key(&key, soft::sub_word).unwrap();
    assert_eq!(r, 14);
    assert_eq!(
        w[56..60].iter().map(|w| w.swap_bytes()).collect::<Vec<_>>(),
        [0xfe48_90d1, 0xe618_8d0b, 0x046d_f344, 0x706c_631e]
    );
}

#[test]
fn fips_197_appendix_c() {
    for b in backends() {
        for (key, pt, ct) in APPENDIX_C {
            let aes = Aes::with_backend(&unhex(key), b).unwrap();
            assert_eq!(aes.backend(), b);
            assert_eq!(aes.key_len(), key.len() / 2);
            let mut block: [u8; 16] = unhex(pt).try_into().unwrap();
            aes.encrypt_block(&mut block);
            assert_eq!(hex::encode(block), ct, "{b} encrypt {key}");
            aes.decrypt_block(&mut block);
            assert_eq!(hex::encode(block), pt, "{b} decrypt {key}");
        }
    }
}

#[test]
fn bad_key_lengths() {
    for b in backends() {
        for len in [0, 1, 15, 17, 20, 23, 25, 31, 33, 64] {
            assert_eq!(Aes::with_backend(&vec![0u8; len], b).unwrap_err(), crate::Error::InvalidKey);
        }
    }
}

/// xorshift64: reproducible filler for the cross-backend comparison.
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

#[test]
fn backends_agree_with_soft() {
    for (i, key_len) in [16, 24, 32].into_iter().enumerate() {
        let key = filler(i as u64 + 7, key_len);
        let soft = Aes::with_backend(&key, Backend::Soft).unwrap();
        for b in backends() {
            let aes = Aes::with_backend(&key, b).unwrap();
            for blocks in (0..=20).chain([33, 64, 129]) {
                let pt = filler(100 + blocks as u64, blocks * 16);
                let (mut want, mut got) = (pt.clone(), pt.clone());
                soft.encrypt_blocks(&mut want);
                aes.encrypt_blocks(&mut got);
                assert_eq!(got, want, "{b} encrypt_blocks({blocks}) key_len {key_len}");
                for (j, block) in got.chunks_exact(16).enumerate() {
                    let mut one: [u8; 16] = pt[16 * j..16 * j + 16].try_into().unwrap();
                    aes.encrypt_block(&mut one);
                    assert_eq!(one, block, "{b} encrypt_block #{j}");
                }
                aes.decrypt_blocks(&mut got);
                assert_eq!(got, pt, "{b} decrypt_blocks({blocks}) key_len {key_len}");
                // An encryption-only schedule derives its decryption keys when it has to.
                let enc_only = Aes::encrypt_only(&key, b).unwrap();
                let mut again = want.clone();
                enc_only.decrypt_blocks(&mut again);
                assert_eq!(again, pt, "{b} encrypt-only schedule decrypting");
            }
        }
    }
}

#[test]
fn debug_is_redacted() {
    let aes = Aes::new(&[0x42; 16]).unwrap();
    let s = format!("{aes:?}");
    assert!(s.contains("key_len: 16") && !s.contains("42") && !s.contains("66"), "{s}");
}

/// The bulk CTR and CBC entry points against a block-at-a-time reference, on every backend, at every length up
/// to three batches (and across a 128-bit counter wrap).
#[test]
fn bulk_ctr_and_cbc_match_block_at_a_time() {
    let key: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(29) ^ 0x5a).collect();
    for b in super::backends() {
        for &kl in &[16, 24, 32] {
            let aes = Aes::with_backend(&key[..kl], b).unwrap();
            for blocks in [0usize, 1, 2, 7, 8, 15, 16, 17, 33, 48] {
                let data: Vec<u8> = (0..blocks * 16).map(|i| (i * 7 + kl) as u8).collect();
                for start in [[0x11u8; 16], [0xffu8; 16]] {
                    // CTR
                    let mut ctr = start;
                    let mut got = data.clone();
                    aes.ctr128_xor(&mut ctr, &mut got);
                    let mut refc = u128::from_be_bytes(start);
                    let mut want = data.clone();
                    for blk in want.chunks_exact_mut(16) {
                        let mut k = refc.to_be_bytes();
                        aes.encrypt_block(&mut k);
                        blk.iter_mut().zip(k).for_each(|(d, k)| *d ^= k);
                        refc = refc.wrapping_add(1);
                    }
                    assert_eq!(got, want, "ctr {b} {kl} {blocks}");
                    assert_eq!(ctr, refc.to_be_bytes());
                    // CBC round trip and chaining value
                    let mut iv = start;
                    let mut ct = data.clone();
                    aes.cbc_encrypt(&mut iv, &mut ct);
                    let mut prev = start;
                    for (c, p) in ct.chunks_exact(16).zip(data.chunks_exact(16)) {
                        let mut x = [0u8; 16];
                        x.copy_from_slice(c);
                        aes.decrypt_block(&mut x);
                        x.iter_mut().zip(prev).for_each(|(x, v)| *x ^= v);
                        assert_eq!(&x[..], p);
                        prev.copy_from_slice(c);
                    }
                    assert_eq!(iv, prev);
                    let mut iv2 = start;
                    let mut pt = ct.clone();
                    aes.cbc_decrypt(&mut iv2, &mut pt);
                    assert_eq!(pt, data, "cbc {b} {kl} {blocks}");
                    assert_eq!(iv2, prev);
                }
            }
        }
    }
}

/// `xts_blocks` against a block-at-a-time reference on every backend, both directions, and `xts_mul_alpha` on
/// the carry case.
#[test]
fn bulk_xts_matches_block_at_a_time() {
    let mut t = [0u8; 16];
    t[15] = 0x80;
    super::xts_mul_alpha(&mut t);
    let mut want = [0u8; 16];
    want[0] = 0x87;
    assert_eq!(t, want);
    let key: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(13) ^ 0xa5).collect();
    for b in super::backends() {
        let aes = Aes::with_backend(&key, b).unwrap();
        for blocks in [0usize, 1, 3, 16, 17, 40] {
            let data: Vec<u8> = (0..blocks * 16).map(|i| (i * 5 + 1) as u8).collect();
            for decrypt in [false, true] {
                let t0 = [0x3cu8; 16];
                let mut tw = t0;
                let mut got = data.clone();
                aes.xts_blocks(&mut tw, &mut got, decrypt);
                let mut rt = t0;
                let mut want = data.clone();
                for blk in want.chunks_exact_mut(16) {
                    let mut x = [0u8; 16];
                    x.iter_mut().zip(blk.iter()).zip(rt).for_each(|((x, d), t)| *x = d ^ t);
                    if decrypt {
                        aes.decrypt_block(&mut x)
                    } else {
                        aes.encrypt_block(&mut x)
                    }
                    blk.iter_mut().zip(x).zip(rt).for_each(|((d, x), t)| *d = x ^ t);
                    super::xts_mul_alpha(&mut rt);
                }
                assert_eq!(got, want, "{b} {blocks} {decrypt}");
                assert_eq!(tw, rt);
            }
        }
    }
}
