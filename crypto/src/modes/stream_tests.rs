//! CTR, CFB1/CFB8/CFB128 and OFB on every AES backend and bulk kernel: the SP 800-38A Appendix F examples (F.3,
//! F.4, F.5), the ACVP AES-CTR set, streaming in arbitrary pieces equal to one call (and to the portable backend),
//! and the counter wrap points.

use ferrofips_kat::sp800_38a::{StreamExample, StreamMode, examples};
use proptest::collection::vec;
use proptest::prelude::*;

use super::cfb::{Cfb1, Cfb8, Cfb128};
use super::ctr::Ctr;
use super::ofb::Ofb;
use crate::aes::{Aes, Backend, backends, kernels};

/// One streaming state of any of the five modes, for the tests.
enum State {
    Ctr(Ctr),
    Cfb128(Cfb128),
    Cfb8(Cfb8),
    Cfb1(Cfb1),
    Ofb(Ofb),
}

impl State {
    fn new(mode: StreamMode, iv: &[u8; 16]) -> State {
        match mode {
            StreamMode::Ctr => State::Ctr(Ctr::new(iv)),
            StreamMode::Cfb128 => State::Cfb128(Cfb128::new(iv)),
            StreamMode::Cfb8 => State::Cfb8(Cfb8::new(iv)),
            StreamMode::Cfb1 => State::Cfb1(Cfb1::new(iv)),
            StreamMode::Ofb => State::Ofb(Ofb::new(iv)),
        }
    }

    fn apply(&mut self, aes: &Aes, data: &mut [u8], encrypt: bool) {
        match self {
            State::Ctr(s) => s.apply(aes, data),
            State::Ofb(s) => s.apply(aes, data),
            State::Cfb128(s) if encrypt => s.encrypt(aes, data),
            State::Cfb128(s) => s.decrypt(aes, data),
            State::Cfb8(s) if encrypt => s.encrypt(aes, data),
            State::Cfb8(s) => s.decrypt(aes, data),
            State::Cfb1(s) => s.apply(aes, data, encrypt),
        }
    }

    /// (updated IV, num) as OpenSSL reports them (`num` is always 0 for CFB8 and CFB1).
    fn observe(&self) -> ([u8; 16], usize) {
        match self {
            State::Ctr(s) => (s.iv(), s.num()),
            State::Cfb128(s) => (s.iv(), s.num()),
            State::Ofb(s) => (s.iv(), s.num()),
            State::Cfb8(s) => (s.iv(), 0),
            State::Cfb1(s) => (s.iv(), 0),
        }
    }
}

/// `key` on every backend and bulk kernel usable here, labelled `backend/kernel`.
fn every_aes(key: &[u8]) -> Vec<(String, Aes)> {
    let mut v = Vec::new();
    for b in backends() {
        for k in kernels(b) {
            let mut aes = Aes::with_backend(key, b).unwrap();
            aes.set_kernel(k).unwrap();
            v.push((format!("{b}/{k}"), aes));
        }
    }
    v
}

/// Runs `data` through a fresh state in pieces cut at `cuts` (positions taken modulo the length).
fn run(aes: &Aes, e: &StreamExample, data: &[u8], cuts: &[usize], encrypt: bool) -> (Vec<u8>, State) {
    let mut st = State::new(e.mode, &e.iv());
    let mut out = data.to_vec();
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    points.push(0);
    points.push(data.len());
    points.sort_unstable();
    for w in points.windows(2) {
        st.apply(aes, &mut out[w[0]..w[1]], encrypt);
    }
    (out, st)
}

#[test]
fn sp800_38a_appendix_f_every_backend() {
    for mode in StreamMode::ALL {
        for e in examples(mode) {
            for (b, aes) in every_aes(&e.key()) {
                let aes = &aes;
                let (ct, _) = run(aes, e, &e.pt(), &[], true);
                assert_eq!(hex::encode(&ct), e.ct, "{b} {} encrypt", e.section);
                let (pt, _) = run(aes, e, &e.ct(), &[], false);
                assert_eq!(hex::encode(&pt), e.pt, "{b} {} decrypt", e.section);
                // Byte by byte.
                let every: Vec<usize> = (1..e.pt().len()).collect();
                assert_eq!(hex::encode(run(aes, e, &e.pt(), &every, true).0), e.ct, "{b} {} bytewise", e.section);
                assert_eq!(hex::encode(run(aes, e, &e.ct(), &every, false).0), e.pt, "{b} {} bytewise", e.section);
            }
        }
    }
}

#[test]
fn cfb1_bit_interface_matches_examples() {
    for e in examples(StreamMode::Cfb1) {
        for (b, aes) in every_aes(&e.key()) {
            // The 16 bits as 5 + 11 bits, in place; then separate buffers whose spare bits must be kept.
            let mut s = Cfb1::new(&e.iv());
            let mut d = e.pt();
            s.apply_bits(&aes, &mut d, 5, true).unwrap();
            let mut rest = [(d[0] << 5) | (d[1] >> 3), d[1] << 5];
            s.apply_bits(&aes, &mut rest, 11, true).unwrap();
            let joined = [(d[0] & 0xf8) | (rest[0] >> 5), (rest[0] << 3) | (rest[1] >> 5)];
            assert_eq!(hex::encode(joined), e.ct, "{b} {}", e.section);
            let mut s = Cfb1::new(&e.iv());
            let mut out = [0x55u8; 2];
            s.apply_bits_to(&aes, &e.ct(), &mut out, 13, false).unwrap();
            let pt = e.pt();
            assert_eq!(out[0], pt[0], "{b}");
            assert_eq!(out[1] & 0xf8, pt[1] & 0xf8, "{b}");
            assert_eq!(out[1] & 0x07, 0x55 & 0x07, "{b}: spare bits overwritten");
            assert!(s.apply_bits_to(&aes, &[0], &mut [0], 9, true).is_err());
            assert!(Cfb1::new(&e.iv()).apply_bits(&aes, &mut [0], 9, true).is_err());
        }
    }
}

#[test]
fn openssl_state_after_partial_updates() {
    // After 21 bytes (one block and 5 bytes) num is 5 and the updated IV follows OpenSSL's definitions.
    for mode in [StreamMode::Ctr, StreamMode::Cfb128, StreamMode::Ofb] {
        let e = examples(mode).next().unwrap();
        for (b, aes) in every_aes(&e.key()) {
            let pt = e.pt();
            let (ct, st) = run(&aes, e, &pt[..21], &[7], true);
            let (iv, num) = st.observe();
            assert_eq!(num, 5, "{b} {mode:?}");
            let want: [u8; 16] = match mode {
                // The next counter block: initial + 2.
                StreamMode::Ctr => (u128::from_be_bytes(e.iv()) + 2).to_be_bytes(),
                // Ciphertext bytes 16..21, then the rest of E(C_1).
                StreamMode::Cfb128 => {
                    let mut k: [u8; 16] = e.ct()[..16].try_into().unwrap();
                    aes.encrypt_block(&mut k);
                    k[..5].copy_from_slice(&ct[16..21]);
                    k
                }
                // The second output block: E(E(IV)).
                _ => {
                    let mut k = e.iv();
                    aes.encrypt_block(&mut k);
                    aes.encrypt_block(&mut k);
                    k
                }
            };
            assert_eq!(iv, want, "{b} {mode:?}");
        }
    }
}

#[test]
fn ctr_counter_wraps_like_openssl() {
    // The counter is the whole block: 2^32, 2^64 and 2^128 boundaries carry (or wrap to zero), in the short
    // paths and in the wide kernels (long runs of blocks across the boundary).
    for (b, aes) in every_aes(&[7u8; 16]) {
        for start in [(1u128 << 32) - 2, (1u128 << 64) - 2, (1u128 << 64) - 40, u128::MAX - 1, u128::MAX - 70] {
            let mut data = [0u8; 16 * 100 + 3];
            let mut ctr = Ctr::new(&start.to_be_bytes());
            ctr.apply(&aes, &mut data[..17]);
            ctr.apply(&aes, &mut data[17..]);
            for (i, block) in data.chunks(16).enumerate() {
                let mut k = start.wrapping_add(i as u128).to_be_bytes();
                aes.encrypt_block(&mut k);
                assert_eq!(block, &k[..block.len()], "{b} start {start:#x} block {i}");
            }
            assert_eq!(ctr.iv(), start.wrapping_add(101).to_be_bytes(), "{b} start {start:#x}");
            assert_eq!(ctr.num(), 3);
        }
    }
}

#[test]
fn acvp_ctr_every_backend() {
    let v = ferrofips_kat::ctr::load().unwrap();
    for c in &v.cases {
        for (b, aes) in every_aes(&c.key) {
            let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
            let mut out = input.clone();
            Ctr::new(&c.iv).apply(&aes, &mut out);
            c.mask_tail(&mut out);
            assert_eq!(&out, want, "{b} tcId {}", c.tc_id);
        }
    }
}

#[test]
fn set_num_bounds() {
    let iv = [0u8; 16];
    assert!(Ctr::new(&iv).set_num(16).is_err());
    assert!(Cfb128::new(&iv).set_num(16).is_err());
    assert!(Ofb::new(&iv).set_num(16).is_err());
    let mut c = Ctr::new(&iv);
    c.set_num(15).unwrap();
    assert_eq!(c.num(), 15);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any chunking of any message on any backend and kernel equals one call on the portable backend, for every
    /// mode and direction, with the same final state; the inverse direction restores the input.
    #[test]
    fn chunking_and_backends_are_invisible(
        mode in prop::sample::select(StreamMode::ALL.to_vec()),
        key in vec(any::<u8>(), 32),
        iv in any::<[u8; 16]>(),
        data in prop_oneof![vec(any::<u8>(), 0..600), vec(any::<u8>(), 0..6000)],
        cuts in vec(any::<usize>(), 0..8),
        encrypt in any::<bool>(),
        key_len in prop::sample::select(vec![16usize, 24, 32]),
    ) {
        let data = if mode == StreamMode::Cfb1 { &data[..data.len().min(700)] } else { &data[..] };
        let key = &key[..key_len];
        let soft = Aes::with_backend(key, Backend::Soft).unwrap();
        let mut one = State::new(mode, &iv);
        let mut want = data.to_vec();
        one.apply(&soft, &mut want, encrypt);
        for (b, aes) in every_aes(key) {
            let mut many = State::new(mode, &iv);
            let mut got = data.to_vec();
            let mut points: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
            points.extend([0, data.len()]);
            points.sort_unstable();
            for w in points.windows(2) {
                many.apply(&aes, &mut got[w[0]..w[1]], encrypt);
            }
            prop_assert_eq!(&got, &want, "{} {:?}", b, mode);
            prop_assert_eq!(many.observe(), one.observe());
            let mut back = State::new(mode, &iv);
            back.apply(&aes, &mut got, !encrypt);
            prop_assert_eq!(&got[..], data);
        }
    }
}
