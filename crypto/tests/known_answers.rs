//! Spot known-answer tests for SHA3-224 and SHA-512/224, which have no ACVP sample set here, on every backend.
//!
//! Sources: NIST CSRC "Examples with Intermediate Values" (SHA3-224_Msg0 and _1600, i.e. 200 bytes of 0xA3;
//! SHA512_224 "abc" and the 896-bit two-block message), the FIPS 180-4 example messages, and the
//! one-million-'a' message. Every value was cross-checked when the test was written against OpenSSL 3.0.19,
//! e.g. `printf abc | openssl dgst -sha3-224` and `openssl dgst -sha512-224`.

use ferrofips_crypto::digest::{self, Algorithm, Hasher};

const MSG_448: &str = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const MSG_896: &str =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

fn cases() -> Vec<(Algorithm, Vec<u8>, &'static str)> {
    use Algorithm::{Sha3_224, Sha512_224};
    let a3 = vec![0xA3u8; 200];
    let million_a = vec![b'a'; 1_000_000];
    vec![
        (Sha3_224, b"".to_vec(), "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7"),
        (Sha3_224, b"abc".to_vec(), "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"),
        (Sha3_224, MSG_448.into(), "8a24108b154ada21c9fd5574494479ba5c7e7ab76ef264ead0fcce33"),
        (Sha3_224, MSG_896.into(), "543e6868e1666c1a643630df77367ae5a62a85070a51c14cbf665cbc"),
        (Sha3_224, a3.clone(), "9376816aba503f72f96ce7eb65ac095deee3be4bf9bbc2a1cb7e11e0"),
        (Sha3_224, million_a.clone(), "d69335b93325192e516a912e6d19a15cb51c6ed5c15243e7a7fd653c"),
        (Sha512_224, b"".to_vec(), "6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4"),
        (Sha512_224, b"abc".to_vec(), "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa"),
        (Sha512_224, MSG_448.into(), "e5302d6d54bb242275d1e7622d68df6eb02dedd13f564c13dbda2174"),
        (Sha512_224, MSG_896.into(), "23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9"),
        (Sha512_224, a3, "61e242f2913cf4240736b028825165d362b24ccabdbdd8cec092e9c1"),
        (Sha512_224, million_a, "37ab331d76f0d36de422bd0edeb22a28accd487b7a8453ae965dd287"),
    ]
}

#[test]
fn sha3_224_and_sha512_224_spot_checks() {
    let mut ran = 0;
    for (alg, msg, expected) in cases() {
        assert_eq!(hex::encode(digest::digest(alg, &msg)), expected, "{alg} one-shot, {} bytes", msg.len());
        for b in digest::backends(alg) {
            let mut h = Hasher::with_backend(alg, b).unwrap();
            // Feed in uneven pieces so that block boundaries fall mid-update.
            for piece in msg.chunks(61) {
                h.update(piece);
            }
            let mut out = vec![0u8; alg.output_len()];
            h.finalize_into(&mut out).unwrap();
            assert_eq!(hex::encode(&out), expected, "{alg} on {b}, {} bytes", msg.len());
            ran += 1;
        }
    }
    println!("{ran} spot checks");
    assert!(ran >= 12);
}
