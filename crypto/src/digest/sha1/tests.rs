//! Every SHA-1 backend usable here against the FIPS 180-4 examples and against the portable backend.

use super::{CANDIDATES, Engine, IV};
use crate::digest::{Backend, engine_tests};

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

#[test]
fn backends_agree_with_soft() {
    let soft = Engine::new(Backend::Soft).unwrap();
    engine_tests::assert_backends_agree(soft, &engines(), Engine::backend, engine_tests::words32::<5>, [64, 100, 257]);
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
