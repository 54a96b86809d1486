//! KMAC known answers: the six samples of NIST's "KMAC_samples.pdf" (SP 800-185 example values,
//! csrc.nist.gov/projects/cryptographic-standards-and-guidelines/example-values) and sample #1 of
//! "KMACXOF_samples.pdf", on every Keccak backend usable here.

use super::*;
use crate::digest::backends;

const KEY: &str = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
const TAG: &[u8] = b"My Tagged Application";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn data(long: bool) -> Vec<u8> {
    if long { (0u8..200).collect() } else { vec![0, 1, 2, 3] }
}

/// (variant, 200-byte data?, custom, expected output).
const SAMPLES: [(Variant, bool, &[u8], &str); 6] = [
    (Variant::Kmac128, false, b"", "e5780b0d3ea6f7d3a429c5706aa43a00fadbd7d49628839e3187243f456ee14e"),
    (Variant::Kmac128, false, TAG, "3b1fba963cd8b0b59e8c1a6d71888b7143651af8ba0a7070c0979e2811324aa5"),
    (Variant::Kmac128, true, TAG, "1f5b4e6cca02209e0dcb5ca635b89a15e271ecc760071dfd805faa38f9729230"),
    (
        Variant::Kmac256,
        false,
        TAG,
        "20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7\
         f69d4cc3de9d104a351689f27cf6f5951f0103f33f4f24871024d9c27773a8dd",
    ),
    (
        Variant::Kmac256,
        true,
        b"",
        "75358cf39e41494e949707927cee0af20a3ff553904c86b08f21cc414bcfd691\
         589d27cf5e15369cbbff8b9a4c2eb17800855d0235ff635da82533ec6b759b69",
    ),
    (
        Variant::Kmac256,
        true,
        TAG,
        "b58618f71f92e1d56c1b8c55ddd7cd188b97b4ca4d99831eb2699a837da2e4d9\
         70fbacfde50033aea585f1a2708510c32d07880801bd182898fe476876fc8965",
    ),
];

#[test]
fn nist_samples_every_backend() {
    for (variant, long, custom, want) in SAMPLES {
        let want = hex(want);
        let msg = data(long);
        for b in backends(variant.shake()) {
            let mut k = Kmac::with_backend(variant, b, &hex(KEY), custom).unwrap();
            assert_eq!(k.backend(), b);
            let mut out = vec![0u8; want.len()];
            k.update(&msg);
            k.finalize_into(&mut out).unwrap();
            assert_eq!(out, want, "{variant:?} long={long} on {b}");
            // Finalize resets to the keyed state; byte-at-a-time input gives the same MAC.
            for byte in &msg {
                k.update(core::slice::from_ref(byte));
            }
            k.finalize_into(&mut out).unwrap();
            assert_eq!(out, want, "{variant:?} long={long} on {b}, second use");
        }
    }
}

#[test]
fn nist_xof_sample() {
    let want = hex("cd83740bbd92ccc8cf032b1481a0f4460e7ca9dd12b08a0c4031178bacd6ec35");
    for b in backends(Algorithm::Shake128) {
        let mut k = Kmac::with_backend(Variant::Kmac128, b, &hex(KEY), b"").unwrap();
        k.update(&data(false));
        let mut out = [0u8; 32];
        k.finalize_xof_into(&mut out).unwrap();
        assert_eq!(out.to_vec(), want, "on {b}");
    }
}

#[test]
fn output_length_is_bound_into_the_mac() {
    let mut k = Kmac::new(Variant::Kmac256, b"key!", b"");
    let mut a = [0u8; 32];
    let mut b = [0u8; 33];
    k.finalize_into(&mut a).unwrap();
    k.finalize_into(&mut b).unwrap();
    assert_ne!(a[..], b[..32]);
    // The XOF variant does not bind L: a longer output extends a shorter one.
    k.finalize_xof_into(&mut a).unwrap();
    k.finalize_xof_into(&mut b).unwrap();
    assert_eq!(a[..], b[..32]);
}

#[test]
fn reset_and_long_keys() {
    // Keys and custom strings longer than a block exercise multi-block bytepad.
    let key: Vec<u8> = (0..=255u8).cycle().take(600).collect();
    let custom = vec![0x5a; 300];
    let mut k = Kmac::new(Variant::Kmac128, &key, &custom);
    let mut one = [0u8; 20];
    k.finalize_into(&mut one).unwrap();
    k.update(b"discarded");
    k.reset();
    let mut two = [0u8; 20];
    k.finalize_into(&mut two).unwrap();
    assert_eq!(one, two);
    let mut other = Kmac::new(Variant::Kmac128, &key[..599], &custom);
    other.finalize_into(&mut two).unwrap();
    assert_ne!(one, two);
}

#[test]
fn encodings() {
    let mut buf = [0u8; 17];
    assert_eq!(left_encode(0, &mut buf), &[1, 0]);
    assert_eq!(left_encode(168, &mut buf), &[1, 168]);
    assert_eq!(left_encode(256, &mut buf), &[2, 1, 0]);
    assert_eq!(right_encode(0, &mut buf), &[0, 1]);
    assert_eq!(right_encode(256, &mut buf), &[1, 0, 2]);
    assert_eq!(right_encode(u128::MAX, &mut buf).len(), 17);
}
