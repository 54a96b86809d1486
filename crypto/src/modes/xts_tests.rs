//! XTS-AES on every AES backend: IEEE 1619 Annex B examples, a block-by-block reference, round trips at every
//! length around the stealing boundary, and the length and key checks.

use super::{AesXts, MAX_DATA_UNIT};
use crate::Error;
use crate::aes::{self, Aes, xts_mul_alpha};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// xorshift64: reproducible filler.
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

/// IEEE 1619 §5.3 one block at a time with the portable AES (encryption only; tests the bulk path).
fn reference_encrypt(key: &[u8], tweak: &[u8; 16], pt: &[u8]) -> Vec<u8> {
    let (k1, k2) = key.split_at(key.len() / 2);
    let (a1, a2) =
        (Aes::with_backend(k1, aes::Backend::Soft).unwrap(), Aes::with_backend(k2, aes::Backend::Soft).unwrap());
    let mut t = *tweak;
    a2.encrypt_block(&mut t);
    let one = |t: &[u8; 16], p: &[u8]| {
        let mut x = [0u8; 16];
        for i in 0..16 {
            x[i] = p[i] ^ t[i];
        }
        a1.encrypt_block(&mut x);
        for i in 0..16 {
            x[i] ^= t[i];
        }
        x
    };
    let m = pt.len() / 16;
    let b = pt.len() % 16;
    let mut out = Vec::new();
    let full = if b == 0 { m } else { m - 1 };
    for blk in pt[..16 * full].chunks(16) {
        out.extend_from_slice(&one(&t, blk));
        xts_mul_alpha(&mut t);
    }
    if b != 0 {
        let cc = one(&t, &pt[16 * full..16 * full + 16]);
        xts_mul_alpha(&mut t);
        let mut pp = cc;
        pp[..b].copy_from_slice(&pt[16 * m..]);
        out.extend_from_slice(&one(&t, &pp));
        out.extend_from_slice(&cc[..b]);
    }
    out
}

fn keys() -> Vec<AesXts> {
    let key = filler(7, 64);
    let mut out = Vec::new();
    for b in aes::backends() {
        out.push(AesXts::with_backend(&key[..32], b).unwrap());
        out.push(AesXts::with_backend(&key, b).unwrap());
    }
    out
}

#[test]
fn ieee1619_examples() {
    // Annex B vector 2 (whole blocks) and vector 15 (17 bytes: ciphertext stealing), XTS-AES-128.
    let cases = [
        (
            "1111111111111111111111111111111122222222222222222222222222222222",
            "33333333330000000000000000000000",
            "4444444444444444444444444444444444444444444444444444444444444444",
            "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
        ),
        (
            "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0",
            "9a785634120000000000000000000000",
            "000102030405060708090a0b0c0d0e0f10",
            "6c1625db4671522d3d7599601de7ca09ed",
        ),
    ];
    for b in aes::backends() {
        for (key, tweak, pt, ct) in cases {
            let x = AesXts::with_backend(&unhex(key), b).unwrap();
            let tweak: [u8; 16] = unhex(tweak).try_into().unwrap();
            let mut data = unhex(pt);
            x.encrypt(&tweak, &mut data).unwrap();
            assert_eq!(hex::encode(&data), ct, "{b}");
            x.decrypt(&tweak, &mut data).unwrap();
            assert_eq!(hex::encode(&data), pt, "{b}");
        }
    }
}

#[test]
fn matches_reference_and_round_trips_at_every_length() {
    let tweak: [u8; 16] = filler(3, 16).try_into().unwrap();
    for x in keys() {
        let key_len = x.key_len();
        let key = &filler(7, 64)[..key_len];
        for len in (16..80).chain([255, 256, 257, 1000, 4096 + 15]) {
            let pt = filler(len as u64, len);
            let mut data = pt.clone();
            x.encrypt(&tweak, &mut data).unwrap();
            assert_eq!(data, reference_encrypt(key, &tweak, &pt), "{:?} len {len}", x);
            x.decrypt(&tweak, &mut data).unwrap();
            assert_eq!(data, pt, "{:?} len {len}", x);
        }
    }
}

#[test]
fn lengths_are_checked() {
    let tweak = [0u8; 16];
    for x in keys() {
        for len in [0, 1, 15] {
            let mut data = vec![0xa5; len];
            assert_eq!(x.encrypt(&tweak, &mut data), Err(Error::InvalidLength));
            assert_eq!(x.decrypt(&tweak, &mut data), Err(Error::InvalidLength));
            assert!(data.iter().all(|&v| v == 0xa5), "nothing written");
        }
        let mut big = vec![0u8; MAX_DATA_UNIT + 1];
        assert_eq!(x.encrypt(&tweak, &mut big), Err(Error::InvalidLength));
        big.truncate(MAX_DATA_UNIT);
        assert_eq!(x.encrypt(&tweak, &mut big), Ok(()));
    }
}

#[test]
fn equal_halves_and_bad_lengths_are_refused() {
    for b in aes::backends() {
        for n in [16, 32] {
            let half = filler(n as u64, n);
            let key = [half.clone(), half.clone()].concat();
            assert_eq!(AesXts::with_backend(&key, b).unwrap_err(), Error::InvalidKey, "{b} {n}");
            let mut other = key.clone();
            *other.last_mut().unwrap() ^= 1;
            assert!(AesXts::with_backend(&other, b).is_ok());
        }
        for len in [0, 16, 24, 48, 65] {
            assert_eq!(AesXts::with_backend(&vec![1u8; len], b).unwrap_err(), Error::InvalidKey);
        }
    }
    // IEEE 1619 Annex B vector 1 uses Key1 = Key2 = 0, which an implementation of the 2018 standard refuses.
    assert_eq!(AesXts::new(&[0u8; 32]).unwrap_err(), Error::InvalidKey);
}
