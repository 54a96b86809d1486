//! Every SHA-512 backend usable here against the FIPS 180-4 examples and against the portable backend.

use super::{CANDIDATES, Engine, IV_384, IV_512, IV_512_224, IV_512_256};
use crate::digest::{Backend, engine_tests};

/// The engines of every candidate backend this CPU supports (at least the portable one).
fn engines() -> Vec<Engine> {
    let engines: Vec<Engine> = CANDIDATES.iter().filter_map(|&b| Engine::new(b).ok()).collect();
    assert_eq!(engines.last().map(|e| e.backend()), Some(Backend::Soft));
    engines
}

/// Pads `msg` (§5.1.2) and hashes it from `iv`, returning the first `out_len` bytes of the state in hex.
fn hash(engine: Engine, iv: [u64; 8], msg: &[u8], out_len: usize) -> String {
    let mut data = msg.to_vec();
    data.push(0x80);
    while data.len() % 128 != 112 {
        data.push(0);
    }
    data.extend_from_slice(&(msg.len() as u128 * 8).to_be_bytes());
    let mut state = iv;
    engine.compress(&mut state, &data);
    let bytes: Vec<u8> = state.iter().flat_map(|w| w.to_be_bytes()).collect();
    bytes[..out_len].iter().map(|b| format!("{b:02x}")).collect()
}

const MSG_448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const MSG_896: &[u8] =
    b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

#[test]
fn fips_180_4_examples() {
    for e in engines() {
        let b = e.backend();
        let sha512 = |m| hash(e, IV_512, m, 64);
        assert_eq!(
            sha512(b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "{b:?}"
        );
        assert_eq!(
            sha512(MSG_448),
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335\
             96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
            "{b:?}"
        );
        assert_eq!(
            sha512(MSG_896),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018\
             501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_384, b"abc", 48),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_384, MSG_896, 48),
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_512_224, b"abc", 28),
            "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_512_224, MSG_896, 28),
            "23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_512_256, b"abc", 32),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            "{b:?}"
        );
        assert_eq!(
            hash(e, IV_512_256, MSG_896, 32),
            "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a",
            "{b:?}"
        );
    }
}

#[test]
fn million_a() {
    for e in engines() {
        let d = hash(e, IV_512, &[b'a'; 1_000_000], 64);
        assert_eq!(
            d,
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb\
             de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
            "{:?}",
            e.backend()
        );
    }
}

#[test]
fn backends_agree_with_soft() {
    let soft = Engine::new(Backend::Soft).unwrap();
    engine_tests::assert_backends_agree(soft, &engines(), Engine::backend, engine_tests::words64::<8>, [64, 101, 256]);
}

#[test]
fn backend_selection() {
    for b in [Backend::X86ShaNi, Backend::Aarch64Sha2, Backend::Aarch64Sha3] {
        assert!(Engine::new(b).is_err(), "{b:?}");
    }
    let f = crate::cpu::features();
    for &b in CANDIDATES {
        let expected = match b {
            Backend::Soft => true,
            Backend::X86Avx2 => f.avx2 && f.bmi2,
            Backend::Aarch64Sha512 => f.sha512,
            _ => false,
        };
        assert_eq!(Engine::new(b).map(|e| e.backend()).ok(), expected.then_some(b), "{b:?}");
    }
}
