//! CBC-CTS on every AES backend: the RFC 3962 Appendix B examples (CS3, with the "next IV"), the same messages
//! under CS1 and CS2 by the SP 800-38A Addendum's definitions of the three orderings, round trips of every
//! length against plain CBC, and the short-input rejection.

use super::*;
use crate::aes::{self, Backend};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

/// RFC 3962 Appendix B: AES-128 key "chicken teriyaki", IV 0; (plaintext, CS3 ciphertext, next IV).
const KEY: &str = "636869636b656e207465726979616b69";
const RFC3962: &[(&str, &str, &str)] = &[
    ("4920776f756c64206c696b652074686520", "c6353568f2bf8cb4d8a580362da7ff7f 97", "c6353568f2bf8cb4d8a580362da7ff7f"),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320",
        "fc00783e0efdb2c1d445d4c8eff7ed22 97687268d6ecccc0c07b25e25ecfe5",
        "fc00783e0efdb2c1d445d4c8eff7ed22",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
        "39312523a78662d5be7fcbcc98ebf5a8 97687268d6ecccc0c07b25e25ecfe584",
        "39312523a78662d5be7fcbcc98ebf5a8",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c",
        "97687268d6ecccc0c07b25e25ecfe584 b3fffd940c16a18c1b5549d2f838029e 39312523a78662d5be7fcbcc98ebf5",
        "b3fffd940c16a18c1b5549d2f838029e",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20",
        "97687268d6ecccc0c07b25e25ecfe584 9dad8bbb96c4cdc03bc103e1a194bbd8 39312523a78662d5be7fcbcc98ebf5a8",
        "9dad8bbb96c4cdc03bc103e1a194bbd8",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20\
         616e6420776f6e746f6e20736f75702e",
        "97687268d6ecccc0c07b25e25ecfe584 39312523a78662d5be7fcbcc98ebf5a8 4807efe836ee89a526730dbc2f7bc840 \
         9dad8bbb96c4cdc03bc103e1a194bbd8",
        "4807efe836ee89a526730dbc2f7bc840",
    ),
];

/// The CS1 / CS2 ciphertext for a message whose CS3 ciphertext is `cs3` (SP 800-38A Addendum): CS3 ends in
/// `C_n || C*_{n-1}`; CS1 ends in `C*_{n-1} || C_n` unless the length is whole blocks (then plain CBC:
/// `C_{n-1} || C_n`); CS2 is CS3 unless the length is whole blocks (then plain CBC).
fn reorder(cs3: &[u8], mode: CtsMode) -> Vec<u8> {
    let len = cs3.len();
    if len == 16 || mode == CtsMode::Cs3 || (mode == CtsMode::Cs2 && !len.is_multiple_of(16)) {
        return cs3.to_vec();
    }
    let r = if len.is_multiple_of(16) { 16 } else { len % 16 };
    let head = len - 16 - r;
    let (cn, stolen) = (&cs3[head..head + 16], &cs3[head + 16..]);
    [&cs3[..head], stolen, cn].concat()
}

#[test]
fn rfc3962_all_modes_every_backend() {
    for b in aes::backends() {
        let aes = Aes::with_backend(&h(KEY), b).unwrap();
        for (pt, ct3, next_iv) in RFC3962 {
            let (pt, ct3, next_iv) = (h(pt), h(ct3), h(next_iv));
            for mode in [CtsMode::Cs1, CtsMode::Cs2, CtsMode::Cs3] {
                let want = reorder(&ct3, mode);
                let mut iv = [0u8; 16];
                let mut data = pt.clone();
                encrypt(&aes, mode, &mut iv, &mut data).unwrap();
                assert_eq!(data, want, "{b} {mode:?} len {}", pt.len());
                assert_eq!(iv.as_slice(), next_iv.as_slice(), "{b} {mode:?} next IV");
                let mut iv = [0u8; 16];
                decrypt(&aes, mode, &mut iv, &mut data).unwrap();
                assert_eq!(data, pt, "{b} {mode:?} decrypt len {}", pt.len());
                assert_eq!(iv.as_slice(), next_iv.as_slice(), "{b} {mode:?} decrypt next IV");
            }
        }
    }
}

/// Every length from one block to 8 blocks + 15: the round trip holds, the whole-block prefix equals plain CBC,
/// and the output is a rearrangement of the CS1 output as the Addendum defines.
#[test]
fn every_length_round_trips_and_agrees_with_cbc() {
    let key: Vec<u8> = (0u8..32).collect();
    let iv0: [u8; 16] = core::array::from_fn(|i| 0xF0 ^ i as u8);
    for b in aes::backends() {
        let aes = Aes::with_backend(&key, b).unwrap();
        for len in 16..=143usize {
            let pt: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            let mut cs = Vec::new();
            for mode in [CtsMode::Cs1, CtsMode::Cs2, CtsMode::Cs3] {
                let mut iv = iv0;
                let mut data = pt.clone();
                encrypt(&aes, mode, &mut iv, &mut data).unwrap();
                let mut div = iv0;
                let mut back = data.clone();
                decrypt(&aes, mode, &mut div, &mut back).unwrap();
                assert_eq!(back, pt, "{b} {mode:?} len {len}");
                assert_eq!(div, iv, "{b} {mode:?} len {len}: both directions end on C_n");
                cs.push(data);
            }
            // Plain CBC of the whole blocks before the last two agrees with every variant.
            let r = if len.is_multiple_of(16) { 16 } else { len % 16 };
            let head = (len - r).saturating_sub(16);
            let mut cbc = pt[..head].to_vec();
            let mut iv = iv0;
            aes.cbc_encrypt(&mut iv, &mut cbc);
            for c in &cs {
                assert_eq!(&c[..head], &cbc[..], "{b} len {len}");
            }
            assert_eq!(reorder(&cs[2], CtsMode::Cs1), cs[0], "{b} len {len}: CS1 vs CS3");
            assert_eq!(reorder(&cs[2], CtsMode::Cs2), cs[1], "{b} len {len}: CS2 vs CS3");
        }
    }
}

#[test]
fn short_input_is_refused_and_names_parse() {
    let aes = Aes::with_backend(&[0u8; 16], Backend::Soft).unwrap();
    for mode in [CtsMode::Cs1, CtsMode::Cs2, CtsMode::Cs3] {
        for len in [0usize, 1, 15] {
            let mut iv = [0u8; 16];
            assert_eq!(encrypt(&aes, mode, &mut iv, &mut vec![0; len]), Err(Error::InvalidLength));
            assert_eq!(decrypt(&aes, mode, &mut iv, &mut vec![0; len]), Err(Error::InvalidLength));
        }
        assert_eq!(CtsMode::from_name(&mode.name().to_ascii_lowercase()), Some(mode));
    }
    assert_eq!(CtsMode::from_name("CS4"), None);
    assert_eq!(CtsMode::default(), CtsMode::Cs1);
}
