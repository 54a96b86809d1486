//! CTR_DRBG against the ACVP `ctrDRBG-1.0` vectors on every AES backend, plus the mechanism's rules.

use ferrofips_kat::drbg::{CtrDrbgCase, Use, load_ctr};

use super::*;
use crate::aes::{self, Backend};

fn run_case(c: &CtrDrbgCase, backend: Backend) -> Vec<u8> {
    let cipher = Cipher::from_key_len(c.key_len).unwrap();
    let mut d = CtrDrbg::with_backend(cipher, c.der_func, backend).unwrap();
    d.instantiate(&c.entropy, &c.nonce, &c.pers).unwrap();
    let mut out = vec![0u8; c.returned_bits.len()];
    for s in &c.steps {
        match (s.use_, c.pred_resistance) {
            (Use::Reseed, _) => d.reseed(&s.entropy, &s.additional).unwrap(),
            (Use::Generate, true) => d.generate_with_reseed(&mut out, &s.entropy, &s.additional).unwrap(),
            (Use::Generate, false) => d.generate(&mut out, &s.additional).unwrap(),
        }
    }
    out
}

#[test]
fn acvp_ctr_drbg_every_backend() {
    let cases = load_ctr().unwrap();
    assert_eq!(cases.len(), 180);
    for backend in aes::backends() {
        for c in &cases {
            let got = run_case(c, backend);
            assert_eq!(hex::encode(&got), hex::encode(&c.returned_bits), "tcId {} on {backend}", c.tc_id);
        }
    }
}

#[test]
fn default_backend_matches_soft_on_odd_lengths() {
    for cipher in [Cipher::Aes128, Cipher::Aes192, Cipher::Aes256] {
        for df in [true, false] {
            let ent = vec![0x5Au8; cipher.seed_len()];
            let nonce: &[u8] = if df { b"nonce-nonce" } else { b"" };
            let mut a = CtrDrbg::new(cipher, df);
            let mut b = CtrDrbg::with_backend(cipher, df, Backend::Soft).unwrap();
            a.instantiate(&ent, nonce, b"p").unwrap();
            b.instantiate(&ent, nonce, b"p").unwrap();
            for len in [0usize, 1, 15, 16, 17, 33, 1000, MAX_REQUEST] {
                let (mut x, mut y) = (vec![0u8; len], vec![0u8; len]);
                a.generate(&mut x, b"ad").unwrap();
                b.generate(&mut y, b"ad").unwrap();
                assert_eq!(x, y, "{cipher:?} df={df} len={len}");
            }
        }
    }
}

#[test]
fn output_splits_do_not_matter_within_one_request_only() {
    // Two requests differ from one request of the same total length (the state updates between requests).
    let mut a = CtrDrbg::new(Cipher::Aes256, true);
    let mut b = CtrDrbg::new(Cipher::Aes256, true);
    a.instantiate(&[1u8; 32], &[2u8; 16], b"").unwrap();
    b.instantiate(&[1u8; 32], &[2u8; 16], b"").unwrap();
    let mut one = [0u8; 64];
    a.generate(&mut one, b"").unwrap();
    let mut two = [0u8; 64];
    b.generate(&mut two[..32], b"").unwrap();
    assert_eq!(one[..32], two[..32]);
    b.generate(&mut two[32..], b"").unwrap();
    assert_ne!(one[32..], two[32..]);
}

#[test]
fn length_rules() {
    let mut d = CtrDrbg::new(Cipher::Aes256, true);
    assert_eq!(d.generate(&mut [0u8; 4], b""), Err(DrbgError::NotInstantiated));
    assert_eq!(d.reseed(&[0u8; 32], b""), Err(DrbgError::NotInstantiated));
    assert_eq!(d.instantiate(&[0u8; 31], b"", b""), Err(DrbgError::InvalidLength), "below strength");
    d.instantiate(&[0u8; 32], b"", b"").unwrap();
    assert_eq!(d.generate(&mut vec![0u8; MAX_REQUEST + 1], b""), Err(DrbgError::RequestTooLarge));
    assert_eq!(d.reseed(&[0u8; 31], b""), Err(DrbgError::InvalidLength));

    let mut n = CtrDrbg::new(Cipher::Aes128, false);
    assert_eq!(n.instantiate(&[0u8; 31], b"", b""), Err(DrbgError::InvalidLength), "no-df needs seedlen");
    assert_eq!(n.instantiate(&[0u8; 33], b"", b""), Err(DrbgError::InvalidLength));
    assert_eq!(n.instantiate(&[0u8; 32], b"x", b""), Err(DrbgError::InvalidLength), "no nonce without df");
    assert_eq!(n.instantiate(&[0u8; 32], b"", &[0u8; 33]), Err(DrbgError::InvalidLength));
    n.instantiate(&[0u8; 32], b"", &[0u8; 32]).unwrap();
    assert_eq!(n.generate(&mut [0u8; 4], &[0u8; 33]), Err(DrbgError::InvalidLength));
    n.generate(&mut [0u8; 4], &[0u8; 32]).unwrap();
}

#[test]
fn reseed_interval_is_enforced() {
    let mut d = CtrDrbg::new(Cipher::Aes128, true);
    assert_eq!(d.set_reseed_interval(0), Err(DrbgError::InvalidLength));
    assert_eq!(d.set_reseed_interval(MAX_RESEED_INTERVAL + 1), Err(DrbgError::InvalidLength));
    d.set_reseed_interval(3).unwrap();
    d.instantiate(&[7u8; 16], &[8u8; 8], b"").unwrap();
    assert_eq!(d.reseed_counter(), 1);
    for _ in 0..3 {
        d.generate(&mut [0u8; 16], b"").unwrap();
    }
    assert_eq!(d.reseed_counter(), 4);
    assert_eq!(d.generate(&mut [0u8; 16], b""), Err(DrbgError::ReseedRequired));
    d.reseed(&[9u8; 16], b"").unwrap();
    assert_eq!(d.reseed_counter(), 1);
    d.generate(&mut [0u8; 16], b"").unwrap();
}

#[test]
fn uninstantiate_zeroizes() {
    let mut d = CtrDrbg::new(Cipher::Aes192, true);
    assert!(d.is_zeroized());
    d.instantiate(&[3u8; 24], &[4u8; 12], b"pers").unwrap();
    d.generate(&mut [0u8; 40], b"").unwrap();
    assert!(!d.is_zeroized());
    d.uninstantiate();
    assert!(d.is_zeroized());
    assert!(!d.is_instantiated());
    assert_eq!(d.generate(&mut [0u8; 4], b""), Err(DrbgError::NotInstantiated));
}

#[test]
fn engines_agree_with_the_block_cipher_and_wrap_the_counter() {
    let key = [0x2Bu8; 32];
    for key_len in [16, 24, 32] {
        let key = &key[..key_len];
        let aes = crate::aes::Aes::with_backend(key, Backend::Soft).unwrap();
        for backend in aes::backends() {
            let e = super::engine::Engine::new(backend, key).unwrap();
            for (start, out_len, extra_len) in
                [(u128::MAX - 1, 40, 48), (5, 0, 32), (7, 16, 0), (9, 300, 48), (1, 129, 16)]
            {
                let (mut out, mut extra) = (vec![0u8; out_len], vec![0u8; extra_len]);
                let last = e.keystream(start, &mut out, &mut extra);
                let blocks = out_len.div_ceil(16) + extra_len / 16;
                let mut expect: Vec<u8> =
                    (1..=blocks as u128).flat_map(|i| start.wrapping_add(i).to_be_bytes()).collect();
                aes.encrypt_blocks(&mut expect);
                assert_eq!(last, start.wrapping_add(blocks as u128), "{backend} {key_len}");
                assert_eq!(out[..], expect[..out_len], "{backend} {key_len} {out_len}");
                let e0 = out_len.div_ceil(16) * 16;
                assert_eq!(extra[..], expect[e0..e0 + extra_len], "{backend} {key_len} extra");
            }
        }
    }
}
