//! Every SHA-256 backend usable here against the FIPS 180-4 examples and against the portable backend.

use super::{CANDIDATES, Engine, IV_224, IV_256};
use crate::digest::{Backend, engine_tests};

/// The engines of every candidate backend this CPU supports (at least the portable one).
fn engines() -> Vec<Engine> {
    let engines: Vec<Engine> = CANDIDATES.iter().filter_map(|&b| Engine::new(b).ok()).collect();
    assert_eq!(engines.last().map(|e| e.backend()), Some(Backend::Soft));
    engines
}

/// Pads `msg` (§5.1.1) and hashes it from `iv`, returning the first `out_words` state words big-endian.
fn hash(engine: Engine, iv: [u32; 8], msg: &[u8], out_words: usize) -> String {
    let mut data = msg.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&(msg.len() as u64 * 8).to_be_bytes());
    let mut state = iv;
    engine.compress(&mut state, &data);
    state[..out_words].iter().map(|w| format!("{w:08x}")).collect()
}

const MSG_448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const MSG_896: &[u8] =
    b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

#[test]
fn fips_180_4_examples() {
    for e in engines() {
        let b = e.backend();
        let sha256 = |m| hash(e, IV_256, m, 8);
        let sha224 = |m| hash(e, IV_224, m, 7);
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "{b:?}");
        assert_eq!(sha256(MSG_448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "{b:?}");
        assert_eq!(sha256(MSG_896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1", "{b:?}");
        assert_eq!(sha256(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "{b:?}");
        assert_eq!(sha224(b"abc"), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", "{b:?}");
        assert_eq!(sha224(MSG_448), "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525", "{b:?}");
    }
}

#[test]
fn million_a() {
    for e in engines() {
        let msg = vec![b'a'; 1_000_000];
        let d = hash(e, IV_256, &msg, 8);
        assert_eq!(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "{:?}", e.backend());
    }
}

#[test]
fn backends_agree_with_soft() {
    let soft = Engine::new(Backend::Soft).unwrap();
    engine_tests::assert_backends_agree(soft, &engines(), Engine::backend, engine_tests::words32::<8>, [64, 100, 257]);
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
