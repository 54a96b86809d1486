//! Every SHA-1 backend usable here against the FIPS 180-4 examples and against the portable backend.

use super::{CANDIDATES, Engine, IV};
use crate::digest::Backend;

/// The engines of every candidate backend this CPU supports (at least the portable one).
fn engines() -> Vec<Engine> {
    let engines: Vec<Engine> = CANDIDATES.iter().filter_map(|&b| Engine::new(b).ok()).collect();
    assert_eq!(engines.last().map(|e| e.backend()), Some(Backend::Soft));
    engines
}

/// Pads `msg` (§5.1.1) and hashes it, returning the digest in hex.
fn sha1(engine: Engine, msg: &[u8]) -> String {
    let mut data = msg.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&(msg.len() as u64 * 8).to_be_bytes());
    let mut state = IV;
    engine.compress(&mut state, &data);
    state.iter().map(|w| format!("{w:08x}")).collect()
}

const MSG_448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const MSG_896: &[u8] =
    b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

#[test]
fn fips_180_4_examples() {
    for e in engines() {
        let b = e.backend();
        assert_eq!(sha1(e, b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d", "{b:?}");
        assert_eq!(sha1(e, MSG_448), "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "{b:?}");
        assert_eq!(sha1(e, MSG_896), "a49b2446a02c645bf419f995b67091253a04a259", "{b:?}");
        assert_eq!(sha1(e, b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709", "{b:?}");
        assert_eq!(sha1(e, &[b'a'; 1_000_000]), "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "{b:?}");
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
    let soft = Engine::new(Backend::Soft).unwrap();
    for e in engines() {
        for (i, blocks) in (0..=33).chain([64, 100, 257]).enumerate() {
            // One byte in, so that the blocks are misaligned.
            let storage = filler(i as u64 + 1, blocks * 64 + 1);
            let data = &storage[1..];
            let seed = filler(1000 + i as u64, 20);
            let mut iv = [0u32; 5];
            for (w, c) in iv.iter_mut().zip(seed.chunks_exact(4)) {
                *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            let (mut want, mut got) = (iv, iv);
            soft.compress(&mut want, data);
            e.compress(&mut got, data);
            assert_eq!(got, want, "{:?}, {blocks} blocks", e.backend());
            if blocks <= 8 {
                for split in 0..=blocks {
                    let mut split_state = iv;
                    e.compress(&mut split_state, &data[..split * 64]);
                    e.compress(&mut split_state, &data[split * 64..]);
                    assert_eq!(split_state, want, "{:?}, split {split}/{blocks}", e.backend());
                }
            }
        }
    }
}

#[test]
fn backend_selection() {
    for b in [Backend::X86Avx2, Backend::Aarch64Sha512, Backend::Aarch64Sha3] {
        assert!(Engine::new(b).is_err(), "{b:?}");
    }
    let f = crate::cpu::features();
    for &b in CANDIDATES {
        let expected = match b {
            Backend::Soft => true,
            Backend::X86ShaNi => f.sha_ni && f.ssse3 && f.sse41,
            Backend::Aarch64Sha2 => f.sha2,
            _ => false,
        };
        assert_eq!(Engine::new(b).map(|e| e.backend()).ok(), expected.then_some(b), "{b:?}");
    }
}
