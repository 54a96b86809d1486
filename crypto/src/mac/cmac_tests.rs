use super::*;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

/// Deterministic non-trivial bytes.
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// The message of every SP 800-38B Appendix D / RFC 4493 §4 example: the first 0, 16, 40 or 64 bytes of this
/// (the SP 800-38A plaintext).
const MSG: &str = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51\
                   30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

/// (key, [(message length, tag)]): RFC 4493 §4 Examples 1-4 (AES-128), and NIST's CMAC examples for
/// SP 800-38B Appendix D (AES-192 Examples 5-8, AES-256 Examples 9-12). Cross-checked with
/// `openssl mac -cipher AES-<n>-CBC CMAC` (OpenSSL 3.0 default provider).
const EXAMPLES: &[(&str, [(usize, &str); 4])] = &[
    (
        "2b7e151628aed2a6abf7158809cf4f3c",
        [
            (0, "bb1d6929e95937287fa37d129b756746"),
            (16, "070a16b46b4d4144f79bdd9dd04a287c"),
            (40, "dfa66747de9ae63030ca32611497c827"),
            (64, "51f0bebf7e3b9d92fc49741779363cfe"),
        ],
    ),
    (
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        [
            (0, "d17ddf46adaacde531cac483de7a9367"),
            (16, "9e99a7bf31e710900662f65e617c5184"),
            (40, "8a1de5be2eb31aad089a82e6ee908b0e"),
            (64, "a1d5df0eed790f794d77589659f39a11"),
        ],
    ),
    (
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        [
            (0, "028962f61b7bf89efc6b551f4667d983"),
            (16, "28a7023f452e8f82bd4bf28d8c37c35c"),
            (40, "aaf3d8f1de5640c232f5b169b9c911e6"),
            (64, "e1992190549f6ed5696a2c056c315410"),
        ],
    ),
];

#[test]
fn subkeys_rfc4493() {
    // RFC 4493 §4 "Subkey Generation": K1 and K2 from L = AES-128(K, 0).
    let key = unhex(EXAMPLES[0].0);
    for b in aes::backends() {
        let c = Cmac::with_backend(&key, b).unwrap();
        assert_eq!(c.k1.to_vec(), unhex("fbeed618357133667c85e08f7236a8de"), "{b}");
        assert_eq!(c.k2.to_vec(), unhex("f7ddac306ae266ccf90bc11ee46d513b"), "{b}");
    }
}

#[test]
fn dbl_carries_into_r128() {
    let mut top = [0u8; 16];
    top[0] = 0x80;
    let mut expect = [0u8; 16];
    expect[15] = 0x87;
    assert_eq!(dbl(&top), expect);
    let mut one = [0u8; 16];
    one[15] = 1;
    let mut two = [0u8; 16];
    two[15] = 2;
    assert_eq!(dbl(&one), two);
}

#[test]
fn published_examples_every_backend_and_split() {
    let msg = unhex(MSG);
    for (key, cases) in EXAMPLES {
        let key = unhex(key);
        for b in aes::backends() {
            let mut c = Cmac::with_backend(&key, b).unwrap();
            for (len, tag) in cases {
                let m = &msg[..*len];
                c.update(m);
                assert_eq!(c.finalize().to_vec(), unhex(tag), "{b} AES-{} len {len}", key.len() * 8);
                // Every two-piece split, plus empty updates in between.
                for cut in 0..=m.len() {
                    c.update(&m[..cut]);
                    c.update(&[]);
                    c.update(&m[cut..]);
                    let mut out = [0u8; MAC_LEN];
                    c.finalize_into(&mut out).unwrap();
                    assert_eq!(out.to_vec(), unhex(tag), "{b} len {len} cut {cut}");
                }
                // Byte at a time.
                for byte in m {
                    c.update(core::slice::from_ref(byte));
                }
                assert_eq!(c.finalize().to_vec(), unhex(tag), "{b} len {len} bytewise");
            }
        }
    }
}

/// A straightforward SP 800-38B §6.2 reference on top of the block function (no streaming).
fn reference(key: &[u8], m: &[u8]) -> [u8; 16] {
    let aes = Aes::with_backend(key, aes::Backend::Soft).unwrap();
    let mut l = [0u8; 16];
    aes.encrypt_block(&mut l);
    let k1 = dbl(&l);
    let k2 = dbl(&k1);
    let n = m.len().div_ceil(16).max(1);
    let mut x = [0u8; 16];
    for i in 0..n {
        let mut block = [0u8; 16];
        let chunk = &m[(16 * i).min(m.len())..(16 * i + 16).min(m.len())];
        block[..chunk.len()].copy_from_slice(chunk);
        if i == n - 1 {
            if chunk.len() == 16 {
                xor_into(&mut block, &k1);
            } else {
                block[chunk.len()] = 0x80;
                xor_into(&mut block, &k2);
            }
        }
        xor_into(&mut x, &block);
        aes.encrypt_block(&mut x);
    }
    x
}

#[test]
fn backends_match_reference_across_sizes_and_chunkings() {
    for (seed, key_len) in [(1u64, 16usize), (2, 24), (3, 32)] {
        let key = filler(seed, key_len);
        for len in [0usize, 1, 15, 16, 17, 31, 32, 33, 255, 256, 257, 511, 512, 1000, 4096 + 5] {
            let m = filler(seed * 1000 + len as u64, len);
            let want = reference(&key, &m);
            for b in aes::backends() {
                let mut c = Cmac::with_backend(&key, b).unwrap();
                c.update(&m);
                assert_eq!(c.finalize(), want, "{b} key {key_len} len {len}");
                for step in [1usize, 3, 16, 17, 100, 300] {
                    for chunk in m.chunks(step) {
                        c.update(chunk);
                    }
                    assert_eq!(c.finalize(), want, "{b} key {key_len} len {len} step {step}");
                }
            }
        }
    }
}

#[test]
fn clone_mid_stream_and_reset() {
    let key = filler(9, 16);
    let m = filler(10, 100);
    let mut a = Cmac::new(&key).unwrap();
    a.update(&m[..37]);
    let mut b = a.clone();
    a.update(&m[37..]);
    b.update(&m[37..]);
    let (ta, tb) = (a.finalize(), b.finalize());
    assert_eq!(ta, tb);
    assert_eq!(ta, reference(&key, &m));
    // After a finalize (and after an explicit reset) the state is the keyed initial one.
    a.update(&m);
    assert_eq!(a.finalize(), ta);
    a.update(b"discarded");
    a.reset();
    a.update(&m);
    assert_eq!(a.finalize(), ta);
}

#[test]
fn bad_inputs_are_errors() {
    for len in [0usize, 1, 15, 17, 20, 31, 33, 64] {
        assert_eq!(Cmac::new(&vec![0u8; len]).unwrap_err(), Error::InvalidKey, "key of {len} bytes");
    }
    let mut c = Cmac::new(&[0u8; 16]).unwrap();
    c.update(b"abc");
    for len in [0usize, 15, 17, 32] {
        assert_eq!(c.finalize_into(&mut vec![0u8; len]), Err(Error::InvalidLength));
    }
    // A refused finalize leaves the message intact.
    assert_eq!(c.finalize(), reference(&[0u8; 16], b"abc"));
}

#[test]
fn debug_is_redacted() {
    let c = Cmac::new(&[0x5a; 32]).unwrap();
    let s = format!("{c:?}");
    assert!(s.contains("key_len: 32") && !s.contains("5a") && !s.contains("90"), "{s}");
}
