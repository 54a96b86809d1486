//! Known answers for SSKDF and the X9.63 KDF, and the ACVP KDA OneStepNoCounter vectors.
//!
//! * SSKDF: there are no official NIST vectors; these are the "non-official" SP 800-56C vectors published by
//!   Patrick Favre-Bulle (`patrickfav/singlestep-kdf` wiki), which OpenSSL's `evpkdf_ss.txt` also carries.
//! * X9.63: NIST CAVP SP 800-135 component vectors (`ansx963_2001.rsp`).

use ferrofips_kat::kda_onestep;

use super::*;
use crate::digest::{Algorithm, backends};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// Every usable (algorithm, backend) pair for `alg`.
fn hashes(alg: Algorithm) -> Vec<HmacHash> {
    backends(alg).into_iter().map(|b| HmacHash::with_backend(alg, b).unwrap()).collect()
}

fn check(alg: Algorithm, f: impl Fn(HmacHash, &mut [u8]) -> Result<(), Error>, expected: &str) {
    let expected = h(expected);
    for hash in hashes(alg) {
        let mut out = vec![0u8; expected.len()];
        f(hash, &mut out).unwrap();
        assert_eq!(hex::encode(&out), hex::encode(&expected), "{alg:?} on {:?}", hash.backend());
    }
}

#[test]
fn sskdf_hash_known_answers() {
    // (digest, Z, FixedInfo, DKM)
    let cases = [
        (
            Algorithm::Sha1,
            "d09a6b1a472f930db4f5e6b967900744",
            "b117255ab5f1b6b96fc434b0",
            "b5a3c52e97ae6e8c5069954354eab3c7",
        ),
        (Algorithm::Sha1, "d7e6", "0bbe1fa8722023d7c3da4fff", "31e798e9931b612a3ad1b9b1008faa8c"),
        (Algorithm::Sha1, "da69f1dbbebc837480af692e7e9ee6b9", "9949", "33c83f54ed00fb1bccd2113e88550941"),
        (Algorithm::Sha1, "8d7a4e7d5cf34b3f74873b862aeb33b7", "", "6a5594f402f74f69"),
        (
            Algorithm::Sha1,
            "e340d87e2d7adbc1b95ec2dbdc3b82be",
            "",
            "a660c0037a53f76f1e7667043f5869348ad07ac0e272e615ce31f16d4ab90d4b35fe5c370c0010ce79aff45682c6fb8b97f9a05b7d40b5af3c62999a10df9c6d",
        ),
        (
            Algorithm::Sha256,
            "afc4e154498d4770aa8365f6903dc83b",
            "662af20379b29d5ef813e655",
            "f0b80d6ae4c1e19e2105a37024e35dc6",
        ),
        (
            Algorithm::Sha512,
            "108cf63318555c787fa578731dd4f037",
            "53191b1dd3f94d83084d61d6",
            "0ad475c1826da3007637970c8b92b993",
        ),
    ];
    for (alg, z, info, dkm) in cases {
        check(alg, |hash, out| sskdf_hash(hash, &h(z), &h(info), out), dkm);
    }
}

#[test]
fn sskdf_hash_outputs_are_prefixes() {
    // The vector set derives 2..=68 bytes from one input; every shorter answer is a prefix of the longest.
    let long = "b4a23963e07f485382cb358a493daec1759ac7043dbeac37152c6ddf105031f0f239f270b7f30616166f10e5d2b4cb11\
                ba8bf4ba3f2276885abfbc3e811a568d480d9192";
    let (z, info) = (h("ebe28edbae5a410b87a479243db3f690"), h("e60dd8b28228ce5b9be74d3b"));
    check(Algorithm::Sha1, |hash, out| sskdf_hash(hash, &z, &info, out), long);
    let hash = HmacHash::new(Algorithm::Sha1).unwrap();
    for len in [2, 4, 20, 21, 40, 41] {
        let mut out = vec![0u8; len];
        sskdf_hash(hash, &z, &info, &mut out).unwrap();
        assert_eq!(hex::encode(out), long[..2 * len]);
    }
}

#[test]
fn sskdf_hmac_known_answers() {
    // (Z, salt, FixedInfo, DKM), HMAC-SHA-256.
    let cases = [
        (
            "6ee6c00d70a6cd14bd5a4e8fcfec8386",
            "532f5131e0a2fecc722f87e5aa2062cb",
            "861aa2886798231259bd0314",
            "13479e9a91dd20fdd757d68ffe8869fb",
        ),
        ("f4e1", "3638271ccd68a25dc24ecddd39ef3f89", "348a37a27ef1282f5f020dcc", "3f661ec46fcc1e110b88f33ee7dbc308"),
        (
            "a678236b6ac82077b23f73a510c1d0e2",
            "46ee4f36a4167a09cde5a33b130c6e1c",
            "d851",
            "5dbe10ead8f81a81a29072eca4501658",
        ),
        (
            "02b40d33e3f685aeae677ac344eeaf77",
            "0ad52c9357c85e4781296a36ca72039c",
            "c67c389580128f18f6cf8592",
            "be32e7d306d891028be088f213f9f947c50420d9b5a12ca69818dd9995dedd8e6137c7104d67f2ca90915dda0ab68af2\
             f355b904f9eb0388b5b7fe193c9546d45849133d",
        ),
    ];
    for (z, salt, info, dkm) in cases {
        check(Algorithm::Sha256, |hash, out| sskdf_hmac(hash, &h(salt), &h(z), &h(info), out), dkm);
    }
}

#[test]
fn sskdf_hmac_default_salt_is_zeros() {
    // OpenSSL substitutes a digest-size zero salt; HMAC pads any shorter key with zeros, so all agree.
    let hash = HmacHash::new(Algorithm::Sha384).unwrap();
    let (z, info) = (b"shared secret Z", b"fixed info");
    let mut a = [0u8; 100];
    let mut b = [0u8; 100];
    sskdf_hmac(hash, &[], z, info, &mut a).unwrap();
    sskdf_hmac(hash, &[0u8; 48], z, info, &mut b).unwrap();
    assert_eq!(a, b);
    sskdf_hmac(hash, &[0u8; 128], z, info, &mut b).unwrap();
    assert_eq!(a, b);
    sskdf_hmac(hash, &[1u8], z, info, &mut b).unwrap();
    assert_ne!(a, b);
}

#[test]
fn x963kdf_known_answers() {
    let cases = [
        (
            Algorithm::Sha1,
            "fd17198b89ab39c4ab5d7cca363b82f9fd7e23c3984dc8a2",
            "856a53f3e36a26bbc5792879f307cce2",
            "6e5fad865cb4a51c95209b16df0cc490bc2c9064405c5bccd4ee4832a531fbe7f10cb79e2eab6ab1149fbd5a23cfdabc41242269c9df22f6\
             28c4424333855b64e95e2d4fb8469c669f17176c07d103376b10b384ec5763d8b8c610409f19aca8eb31f9d85cc61a8d6d4a03d03e5a506b\
             78d6847e93d295ee548c65afedd2efec",
        ),
        (
            Algorithm::Sha256,
            "22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d",
            "75eef81aa3041e33b80971203d2c0c52",
            "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf\
             92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269142d43525a78e5bc79a17f59676a5706\
             dc54d54d4d1f0bd7e386128ec26afc21",
        ),
        (Algorithm::Sha384, "d8554db1b392cd55c3fe957bed76af09c13ac2a9392f88f6", "", "671a46aada145162f8ddf1ca586a1cda"),
        (Algorithm::Sha512, "87fc0d8c4477485bb574f5fcea264b30885dc8d90ad82782", "", "947665fbb9152153ef460238506a0245"),
    ];
    for (alg, z, info, dkm) in cases {
        check(alg, |hash, out| x963kdf(hash, &h(z), &h(info), out), dkm);
    }
}

#[test]
fn acvp_kda_one_step_no_counter() {
    let cases = kda_onestep::load_one_step_no_counter().unwrap();
    assert_eq!(cases.len(), 200);
    for c in &cases {
        let alg = Algorithm::ALL.into_iter().find(|a| a.name() == c.hash.name()).unwrap();
        for hash in hashes(alg) {
            let mut dkm = vec![0u8; c.dkm.len()];
            sskdf_hmac_no_counter(hash, &c.salt, &c.z, &c.fixed_info, &mut dkm).unwrap();
            assert_eq!(dkm == c.dkm, c.dkm_correct, "tcId {} on {:?}", c.tc_id, hash.backend());
        }
    }
}

#[test]
fn lengths_are_checked() {
    let hash = HmacHash::new(Algorithm::Sha256).unwrap();
    let mut empty = [0u8; 0];
    assert_eq!(sskdf_hash(hash, b"z", b"", &mut empty), Err(Error::InvalidLength));
    assert_eq!(x963kdf(hash, b"z", b"", &mut empty), Err(Error::InvalidLength));
    assert_eq!(sskdf_hmac(hash, b"", b"z", b"", &mut empty), Err(Error::InvalidLength));
    let mut one_too_many = [0u8; 33];
    assert_eq!(sskdf_hmac_no_counter(hash, b"", b"z", b"", &mut one_too_many), Err(Error::InvalidLength));
    let mut exact = [0u8; 32];
    sskdf_hmac_no_counter(hash, b"", b"z", b"", &mut exact).unwrap();
    // Counter starts at 1 and moves: the first 32 bytes of a long output equal a 32-byte output, the next
    // 32 differ.
    let mut long = [0u8; 64];
    sskdf_hash(hash, b"z", b"i", &mut long).unwrap();
    let mut short = [0u8; 32];
    sskdf_hash(hash, b"z", b"i", &mut short).unwrap();
    assert_eq!(long[..32], short);
    assert_ne!(long[32..], short);
}
