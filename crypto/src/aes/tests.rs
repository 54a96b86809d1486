//! Every AES backend usable here against the FIPS 197 examples and against the portable backend.

use super::{Aes, Backend, Kernel, backends, expand_key, kernels, soft};

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
    for &kl in &[16, 24, 32] {
        for (b, aes) in variants(&key[..kl]) {
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
    for (b, aes) in variants(&key) {
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

/// Every (backend, kernel) pair usable on this CPU, keyed with `key`, named `backend/kernel`.
fn variants(key: &[u8]) -> Vec<(String, Aes)> {
    let mut v = Vec::new();
    for b in backends() {
        for k in kernels(b) {
            let mut aes = Aes::with_backend(key, b).unwrap();
            aes.set_kernel(k).unwrap();
            assert_eq!(aes.kernel(), k);
            v.push((format!("{b}/{k}"), aes));
            // Encryption-only schedules derive their decryption keys inside the kernels.
            let mut enc_only = Aes::encrypt_only(key, b).unwrap();
            enc_only.set_kernel(k).unwrap();
            v.push((format!("{b}/{k}/encrypt-only"), enc_only));
        }
    }
    v
}

#[test]
fn kernels_are_listed_best_first_and_settable() {
    for b in backends() {
        let ks = kernels(b);
        assert_eq!(ks.last(), Some(&Kernel::Generic), "{b}");
        let aes = Aes::with_backend(&[7; 16], b).unwrap();
        assert_eq!(aes.kernel(), ks[0], "{b}: default kernel");
        for k in [Kernel::Generic, Kernel::AesNi, Kernel::VaesAvx2, Kernel::VaesAvx512] {
            let mut aes = aes.clone();
            assert_eq!(aes.set_kernel(k).is_ok(), ks.contains(&k), "{b}/{k}");
        }
    }
    if let Ok(aes) = Aes::with_backend(&[7; 16], Backend::Soft) {
        assert_eq!(kernels(Backend::Soft), [Kernel::Generic]);
        assert_eq!(aes.kernel(), Kernel::Generic);
    }
}

/// The portable backend one block (or one batch of independent blocks) at a time: the reference the kernels are
/// compared with.
struct Reference(Aes);

impl Reference {
    fn new(key: &[u8]) -> Reference {
        let mut aes = Aes::with_backend(key, Backend::Soft).unwrap();
        aes.set_kernel(Kernel::Generic).unwrap();
        Reference(aes)
    }

    fn ecb(&self, data: &[u8], decrypt: bool) -> Vec<u8> {
        let mut out = data.to_vec();
        for block in out.chunks_exact_mut(16) {
            let b: &mut [u8; 16] = block.try_into().unwrap();
            if decrypt { self.0.decrypt_block(b) } else { self.0.encrypt_block(b) }
        }
        out
    }

    fn ctr(&self, start: u128, data: &[u8]) -> (Vec<u8>, u128) {
        let mut c = start;
        let mut stream = Vec::with_capacity(data.len());
        for _ in data.chunks_exact(16) {
            stream.extend_from_slice(&c.to_be_bytes());
            c = c.wrapping_add(1);
        }
        let stream = self.ecb(&stream, false);
        (data.iter().zip(stream).map(|(d, k)| d ^ k).collect(), c)
    }

    fn cbc(&self, iv: [u8; 16], data: &[u8], decrypt: bool) -> (Vec<u8>, [u8; 16]) {
        let mut prev = iv;
        let mut out = Vec::with_capacity(data.len());
        for block in data.chunks_exact(16) {
            let mut x: [u8; 16] = block.try_into().unwrap();
            if decrypt {
                self.0.decrypt_block(&mut x);
                x.iter_mut().zip(prev).for_each(|(x, p)| *x ^= p);
                prev.copy_from_slice(block);
            } else {
                x.iter_mut().zip(prev).for_each(|(x, p)| *x ^= p);
                self.0.encrypt_block(&mut x);
                prev = x;
            }
            out.extend_from_slice(&x);
        }
        (out, prev)
    }

    fn xts(&self, tweak: [u8; 16], data: &[u8], decrypt: bool) -> (Vec<u8>, [u8; 16]) {
        let mut t = tweak;
        let mut tweaks = Vec::with_capacity(data.len());
        for _ in data.chunks_exact(16) {
            tweaks.extend_from_slice(&t);
            super::xts_mul_alpha(&mut t);
        }
        let x: Vec<u8> = data.iter().zip(&tweaks).map(|(d, t)| d ^ t).collect();
        let y = self.ecb(&x, decrypt);
        (y.iter().zip(&tweaks).map(|(y, t)| y ^ t).collect(), t)
    }
}

/// Block counts that cover every tail of every kernel (0..=64: up to two 32-block iterations of the widest
/// kernel plus every remainder) and a few longer inputs with several main-loop iterations.
fn block_counts() -> impl Iterator<Item = usize> {
    (0..=64).chain([95, 96, 97, 127, 128, 129, 200, 257])
}

/// ECB, CBC and XTS on every kernel against the portable reference, for every block count up to 64 and beyond,
/// in place, with every key length; the chaining value / next tweak must match too.
#[test]
fn bulk_kernels_match_reference_ecb_cbc_xts() {
    for (seed, kl) in [16usize, 24, 32].into_iter().enumerate() {
        let key = filler(seed as u64 + 300, kl);
        let reference = Reference::new(&key);
        let vs = variants(&key);
        for blocks in block_counts() {
            let data = filler(blocks as u64 * 3 + kl as u64, blocks * 16);
            let iv: [u8; 16] = filler(blocks as u64 + 11, 16).try_into().unwrap();
            for decrypt in [false, true] {
                let want_ecb = reference.ecb(&data, decrypt);
                let (want_cbc, want_iv) = reference.cbc(iv, &data, decrypt);
                let (want_xts, want_tweak) = reference.xts(iv, &data, decrypt);
                for (name, aes) in &vs {
                    let ctx = format!("{name} key_len {kl} blocks {blocks} decrypt {decrypt}");
                    let mut got = data.clone();
                    if decrypt {
                        aes.decrypt_blocks(&mut got)
                    } else {
                        aes.encrypt_blocks(&mut got)
                    }
                    assert!(got == want_ecb, "ecb {ctx}");

                    let (mut got, mut v) = (data.clone(), iv);
                    if decrypt {
                        aes.cbc_decrypt(&mut v, &mut got)
                    } else {
                        aes.cbc_encrypt(&mut v, &mut got)
                    }
                    assert!(got == want_cbc, "cbc {ctx}");
                    assert_eq!(v, want_iv, "cbc chaining value {ctx}");

                    let (mut got, mut t) = (data.clone(), iv);
                    aes.xts_blocks(&mut t, &mut got, decrypt);
                    assert!(got == want_xts, "xts {ctx}");
                    assert_eq!(t, want_tweak, "xts next tweak {ctx}");
                }
            }
        }
    }
}

/// CTR on every kernel against the portable reference, with counters whose low 32 bits, low 64 bits or all 128
/// bits wrap inside the call (at every position relative to the kernels' register groups) and the final counter.
#[test]
fn bulk_kernels_match_reference_ctr_across_wraps() {
    let hi = 0x0123_4567_89ab_cdefu128 << 64;
    let mut starts = vec![0u128, 0x1111_2222_3333_4444_5555_6666_7777_8888];
    for back in [1u128, 2, 3, 4, 5, 17, 31, 32, 33, 40, 64] {
        starts.push(hi | ((1u128 << 32) - back)); // low 32 bits wrap (carry into bit 32)
        starts.push(hi | ((1u128 << 64) - back)); // low 64 bits wrap (carry into the high half)
        starts.push(0u128.wrapping_sub(back)); // the whole 128-bit counter wraps to zero
    }
    for (seed, kl) in [16usize, 24, 32].into_iter().enumerate() {
        let key = filler(seed as u64 + 900, kl);
        let reference = Reference::new(&key);
        let vs = variants(&key);
        for blocks in block_counts() {
            let data = filler(blocks as u64 + 77, blocks * 16);
            // Every start for the short and long inputs, a rotating subset for the rest (keeps the test fast).
            for (i, &start) in starts.iter().enumerate() {
                if !(blocks <= 4 || blocks >= 64 || i % 7 == blocks % 7) {
                    continue;
                }
                let (want, want_ctr) = reference.ctr(start, &data);
                for (name, aes) in &vs {
                    let mut got = data.clone();
                    let mut ctr = start.to_be_bytes();
                    aes.ctr128_xor(&mut ctr, &mut got);
                    assert!(got == want, "ctr {name} key_len {kl} blocks {blocks} start {start:032x}");
                    assert_eq!(u128::from_be_bytes(ctr), want_ctr, "final counter {name} {blocks} {start:032x}");
                }
            }
        }
    }
}

/// A stream cut into calls of varying sizes gives the same result as one call (the chaining state carries).
#[test]
fn bulk_kernels_chain_across_calls() {
    let key = filler(5, 32);
    let data = filler(6, 300 * 16);
    let cuts = [0usize, 1, 5, 37, 38, 70, 102, 135, 199, 300];
    for (name, aes) in variants(&key) {
        let start = [0xffu8; 16];
        let (mut whole_ctr, mut whole_cbc, mut whole_xts) = (data.clone(), data.clone(), data.clone());
        let (mut c, mut iv, mut t) = (start, start, start);
        aes.ctr128_xor(&mut c, &mut whole_ctr);
        aes.cbc_encrypt(&mut iv, &mut whole_cbc);
        aes.xts_blocks(&mut t, &mut whole_xts, false);
        let (mut c2, mut iv2, mut iv3, mut t2) = (start, start, start, start);
        let (mut pieces_ctr, mut pieces_cbc, mut pieces_xts) = (data.clone(), data.clone(), data.clone());
        let mut back = whole_cbc.clone();
        for w in cuts.windows(2) {
            let r = w[0] * 16..w[1] * 16;
            aes.ctr128_xor(&mut c2, &mut pieces_ctr[r.clone()]);
            aes.cbc_encrypt(&mut iv2, &mut pieces_cbc[r.clone()]);
            aes.cbc_decrypt(&mut iv3, &mut back[r.clone()]);
            aes.xts_blocks(&mut t2, &mut pieces_xts[r], false);
        }
        assert!(pieces_ctr == whole_ctr && c2 == c, "ctr {name}");
        assert!(pieces_cbc == whole_cbc && iv2 == iv, "cbc {name}");
        assert!(back == data && iv3 == iv, "cbc decrypt {name}");
        assert!(pieces_xts == whole_xts && t2 == t, "xts {name}");
    }
}

/// `rekey` in place gives the schedule a fresh expansion would (both directions, every key size, switching key
/// size and dropping or adding the decryption keys), on every backend; a bad length leaves the key unchanged.
#[test]
fn rekey_in_place_matches_a_fresh_schedule() {
    let k1: Vec<u8> = (0u8..32).collect();
    let k2: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37) ^ 0xc3).collect();
    for b in super::backends() {
        for (l1, l2, dec) in [(16, 32, true), (32, 16, false), (24, 24, true), (16, 24, false)] {
            let mut a = Aes::with_backend(&k1[..l1], b).unwrap();
            a.rekey(&k2[..l2], dec).unwrap();
            let fresh = Aes::with_backend(&k2[..l2], b).unwrap();
            let mut x = [0x42u8; 16];
            let mut y = x;
            a.encrypt_block(&mut x);
            fresh.encrypt_block(&mut y);
            assert_eq!(x, y, "{b} {l1}->{l2}");
            a.decrypt_block(&mut x);
            assert_eq!(x, [0x42u8; 16], "{b} {l1}->{l2} decrypt");
            assert_eq!(a.key_len(), l2);
            assert!(a.rekey(&k1[..15], dec).is_err());
            let mut z = [0x42u8; 16];
            a.encrypt_block(&mut z);
            assert_eq!(z, y, "{b}: a refused rekey keeps the key");
        }
    }
}
