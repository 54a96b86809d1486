//! The CAST catalog: every cryptographic algorithm self-test the module runs, with the published source of
//! its expected value.
//!
//! Every expected value below was also recomputed independently with the system OpenSSL 3.0.19 on the
//! development machine (`openssl dgst` / `openssl mac`, command in each `source`) when the table was written.

use ferrofips_crypto::digest::Algorithm;

use crate::events::{desc, ty};

/// What a CAST computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// The digest of the input; for an XOF, `expected.len()` bytes of output.
    Digest(Algorithm),
    /// HMAC of the input with this digest and key.
    Hmac {
        /// The underlying digest.
        digest: Algorithm,
        /// The HMAC key.
        key: &'static [u8],
    },
}

impl Primitive {
    /// The digest algorithm whose backend the test exercises.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            Self::Digest(a) | Self::Hmac { digest: a, .. } => a,
        }
    }
}

/// One known-answer test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cast {
    /// Short unique name, e.g. `"SHA-256"` or `"HMAC-SHA-256"`.
    pub id: &'static str,
    /// Event type reported to the [`EventSink`](crate::events::EventSink).
    pub ty: &'static str,
    /// Event description reported to the [`EventSink`](crate::events::EventSink).
    pub desc: &'static str,
    /// What is computed.
    pub primitive: Primitive,
    /// The message.
    pub input: &'static [u8],
    /// The published answer.
    pub expected: &'static [u8],
    /// Where the answer is published, and how it was cross-checked.
    pub source: &'static str,
}

/// Decodes a hex string at compile time. Only used to initialise constants, so a malformed literal is a
/// build error, never a run-time panic.
const fn unhex<const N: usize>(s: &str) -> [u8; N] {
    const fn val(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit in CAST table"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 2 * N, "hex length does not match");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (val(b[2 * i]) << 4) | val(b[2 * i + 1]);
        i += 1;
    }
    out
}

/// FIPS 180-4 example "two-block" message for the 512-bit-block hashes (448 bits).
const MSG_448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
/// FIPS 180-4 example "two-block" message for the 1024-bit-block hashes (896 bits).
const MSG_896: &[u8] =
    b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
/// FIPS 202 example 1600-bit message: 200 bytes of 0xA3 (longer than every Keccak rate, so it absorbs
/// two blocks).
const MSG_1600: &[u8] = &[0xa3; 200];
/// RFC 2202 / RFC 4231 test case 2.
const JEFE_KEY: &[u8] = b"Jefe";
const JEFE_MSG: &[u8] = b"what do ya want for nothing?";
/// NIST CSRC HMAC example "keylen<blocklen": key 00 01 .. 1F.
const HMAC_SHA3_KEY: [u8; 32] = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

const fn digest(
    id: &'static str,
    desc: &'static str,
    alg: Algorithm,
    input: &'static [u8],
    expected: &'static [u8],
    source: &'static str,
) -> Cast {
    Cast { id, ty: ty::KAT_DIGEST, desc, primitive: Primitive::Digest(alg), input, expected, source }
}

const fn hmac(
    id: &'static str,
    alg: Algorithm,
    key: &'static [u8],
    input: &'static [u8],
    expected: &'static [u8],
    source: &'static str,
) -> Cast {
    Cast {
        id,
        ty: ty::KAT_INTEGRITY,
        desc: desc::HMAC,
        primitive: Primitive::Hmac { digest: alg, key },
        input,
        expected,
        source,
    }
}

/// The KAT of the integrity algorithm, HMAC-SHA-256. IG 10.3.A: it runs before the integrity test.
pub const INTEGRITY_KAT: Cast = hmac(
    "HMAC-SHA-256",
    Algorithm::Sha256,
    JEFE_KEY,
    JEFE_MSG,
    &unhex::<32>("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    "RFC 4231 section 4.3 (test case 2); \
     `openssl mac -digest SHA256 -macopt key:Jefe HMAC` agrees",
);

/// Every CAST, in the order [`run_casts`](crate::run_casts) runs them; [`INTEGRITY_KAT`] is first.
pub const CASTS: &[Cast] = &[
    INTEGRITY_KAT,
    digest(
        "SHA-1",
        desc::SHA1,
        Algorithm::Sha1,
        MSG_448,
        &unhex::<20>("84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        "FIPS 180-4 example values, NIST CSRC 'SHA1.pdf' two-block message; `openssl dgst -sha1` agrees",
    ),
    digest(
        "SHA-224",
        desc::SHA2,
        Algorithm::Sha224,
        MSG_448,
        &unhex::<28>("75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"),
        "FIPS 180-4 example values, NIST CSRC 'SHA224.pdf' two-block message; `openssl dgst -sha224` agrees",
    ),
    digest(
        "SHA-256",
        desc::SHA2,
        Algorithm::Sha256,
        MSG_448,
        &unhex::<32>("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        "FIPS 180-4 example values, NIST CSRC 'SHA256.pdf' two-block message; `openssl dgst -sha256` agrees",
    ),
    digest(
        "SHA-384",
        desc::SHA2,
        Algorithm::Sha384,
        MSG_896,
        &unhex::<48>(
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
        ),
        "FIPS 180-4 example values, NIST CSRC 'SHA384.pdf' two-block message; `openssl dgst -sha384` agrees",
    ),
    digest(
        "SHA-512",
        desc::SHA2,
        Algorithm::Sha512,
        MSG_896,
        &unhex::<64>(
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018\
             501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
        ),
        "FIPS 180-4 example values, NIST CSRC 'SHA512.pdf' two-block message; `openssl dgst -sha512` agrees",
    ),
    digest(
        "SHA-512/224",
        desc::SHA2,
        Algorithm::Sha512_224,
        MSG_896,
        &unhex::<28>("23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9"),
        "FIPS 180-4 example values, NIST CSRC 'SHA512_224.pdf' two-block message; \
         `openssl dgst -sha512-224` agrees",
    ),
    digest(
        "SHA-512/256",
        desc::SHA2,
        Algorithm::Sha512_256,
        MSG_896,
        &unhex::<32>("3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a"),
        "FIPS 180-4 example values, NIST CSRC 'SHA512_256.pdf' two-block message; \
         `openssl dgst -sha512-256` agrees",
    ),
    digest(
        "SHA3-224",
        desc::SHA3,
        Algorithm::Sha3_224,
        MSG_1600,
        &unhex::<28>("9376816aba503f72f96ce7eb65ac095deee3be4bf9bbc2a1cb7e11e0"),
        "FIPS 202 example values, NIST CSRC 'SHA3-224_1600.pdf'; `openssl dgst -sha3-224` agrees",
    ),
    digest(
        "SHA3-256",
        desc::SHA3,
        Algorithm::Sha3_256,
        MSG_1600,
        &unhex::<32>("79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787"),
        "FIPS 202 example values, NIST CSRC 'SHA3-256_1600.pdf'; `openssl dgst -sha3-256` agrees",
    ),
    digest(
        "SHA3-384",
        desc::SHA3,
        Algorithm::Sha3_384,
        MSG_1600,
        &unhex::<48>(
            "1881de2ca7e41ef95dc4732b8f5f002b189cc1e42b74168ed1732649ce1dbcdd76197a31fd55ee989f2d7050dd473e8f",
        ),
        "FIPS 202 example values, NIST CSRC 'SHA3-384_1600.pdf'; `openssl dgst -sha3-384` agrees",
    ),
    digest(
        "SHA3-512",
        desc::SHA3,
        Algorithm::Sha3_512,
        MSG_1600,
        &unhex::<64>(
            "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca8\
             1b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00",
        ),
        "FIPS 202 example values, NIST CSRC 'SHA3-512_1600.pdf'; `openssl dgst -sha3-512` agrees",
    ),
    digest(
        "SHAKE-128",
        desc::SHA3,
        Algorithm::Shake128,
        MSG_1600,
        &unhex::<16>("131ab8d2b594946b9c81333f9bb6e0ce"),
        "FIPS 202 example values, NIST CSRC 'SHAKE128_Msg1600.pdf' (first 16 output bytes); \
         `openssl dgst -shake128` (16-byte default) agrees",
    ),
    digest(
        "SHAKE-256",
        desc::SHA3,
        Algorithm::Shake256,
        MSG_1600,
        &unhex::<32>("cd8a920ed141aa0407a22d59288652e9d9f1a7ee0c1e7c1ca699424da84a904d"),
        "FIPS 202 example values, NIST CSRC 'SHAKE256_Msg1600.pdf' (first 32 output bytes); \
         `openssl dgst -shake256` (32-byte default) agrees",
    ),
    hmac(
        "HMAC-SHA-1",
        Algorithm::Sha1,
        JEFE_KEY,
        JEFE_MSG,
        &unhex::<20>("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        "RFC 2202 section 3 (test case 2); `openssl mac -digest SHA1 -macopt key:Jefe HMAC` agrees",
    ),
    hmac(
        "HMAC-SHA-384",
        Algorithm::Sha384,
        JEFE_KEY,
        JEFE_MSG,
        &unhex::<48>(
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        ),
        "RFC 4231 section 4.3 (test case 2); `openssl mac -digest SHA384 -macopt key:Jefe HMAC` agrees",
    ),
    hmac(
        "HMAC-SHA-512",
        Algorithm::Sha512,
        JEFE_KEY,
        JEFE_MSG,
        &unhex::<64>(
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
             9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        ),
        "RFC 4231 section 4.3 (test case 2); `openssl mac -digest SHA512 -macopt key:Jefe HMAC` agrees",
    ),
    hmac(
        "HMAC-SHA3-256",
        Algorithm::Sha3_256,
        &HMAC_SHA3_KEY,
        b"Sample message for keylen<blocklen",
        &unhex::<32>("4fe8e202c4f058e8dddc23d8c34e467343e23555e24fc2f025d598f558f67205"),
        "NIST CSRC 'HMAC_SHA3-256.pdf' example (keylen<blocklen); \
         `openssl mac -digest SHA3-256 -macopt hexkey:00..1f HMAC` agrees",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn integrity_kat_is_first_and_ids_unique() {
        assert_eq!(CASTS[0], INTEGRITY_KAT);
        let ids: HashSet<_> = CASTS.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), CASTS.len());
    }

    #[test]
    fn every_digest_has_a_cast_with_the_right_length() {
        for alg in Algorithm::ALL {
            let c = CASTS
                .iter()
                .find(|c| c.primitive == Primitive::Digest(alg))
                .unwrap_or_else(|| panic!("no CAST for {alg:?}"));
            assert_eq!(c.expected.len(), alg.output_len(), "{}", c.id);
            assert_eq!(c.ty, ty::KAT_DIGEST);
            let want = match alg {
                Algorithm::Sha1 => desc::SHA1,
                Algorithm::Sha3_224
                | Algorithm::Sha3_256
                | Algorithm::Sha3_384
                | Algorithm::Sha3_512
                | Algorithm::Shake128
                | Algorithm::Shake256 => desc::SHA3,
                _ => desc::SHA2,
            };
            assert_eq!(c.desc, want, "{}", c.id);
            assert!(!c.source.is_empty());
        }
    }

    #[test]
    fn hmac_casts_cover_each_family() {
        let hmacs: Vec<Algorithm> = CASTS
            .iter()
            .filter_map(|c| match c.primitive {
                Primitive::Hmac { digest, .. } => Some(digest),
                Primitive::Digest(_) => None,
            })
            .collect();
        for a in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512, Algorithm::Sha3_256] {
            assert!(hmacs.contains(&a), "{a:?}");
        }
        for c in CASTS.iter().filter(|c| matches!(c.primitive, Primitive::Hmac { .. })) {
            assert_eq!((c.ty, c.desc), (ty::KAT_INTEGRITY, desc::HMAC));
            assert_eq!(c.expected.len(), c.primitive.algorithm().output_len());
        }
    }

    #[test]
    fn messages_are_the_published_ones() {
        assert_eq!(MSG_448.len() * 8, 448);
        assert_eq!(MSG_896.len() * 8, 896);
        assert_eq!(MSG_1600.len() * 8, 1600);
        assert_eq!(unhex::<2>("0aFf"), [0x0a, 0xff]);
    }
}
