//! The SSH key derivation (RFC 4253 §7.2; SP 800-135 r1 §5.2), as OpenSSL's `SSHKDF` computes it:
//!
//! ```text
//! K1 = HASH(K || H || X || session_id),   Kn = HASH(K || H || K1 || ... || K(n-1)),   key = leftmost bytes
//! ```
//!
//! `K` is the shared secret as the SSH wire encodes it (an `mpint`, length prefix included), `H` the exchange
//! hash and `X` one of the letters `'A'` to `'F'` naming the key.

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;
use crate::digest::Hasher;

/// The key letters of RFC 4253 §7.2: IVs (`A`, `B`), encryption keys (`C`, `D`), integrity keys (`E`, `F`).
pub const SSHKDF_TYPES: core::ops::RangeInclusive<u8> = b'A'..=b'F';

/// Fills `out` with the key of letter `kind` (one of [`SSHKDF_TYPES`], else [`Error::Unsupported`]). An empty
/// `out` is allowed, as in OpenSSL.
pub fn sshkdf(
    hash: HmacHash,
    key: &[u8],
    xcghash: &[u8],
    session_id: &[u8],
    kind: u8,
    out: &mut [u8],
) -> Result<(), Error> {
    if !SSHKDF_TYPES.contains(&kind) {
        return Err(Error::Unsupported);
    }
    let n = hash.output_len();
    let mut prefix = Hasher::with_backend(hash.algorithm(), hash.backend())?;
    prefix.update(key);
    prefix.update(xcghash);
    let mut block = Zeroizing::new([0u8; MAX_HASH_LEN]);
    let mut h = prefix.clone();
    h.update(&[kind]);
    h.update(session_id);
    h.finalize_into(&mut block[..n])?;
    let first = out.len().min(n);
    out[..first].copy_from_slice(&block[..first]);
    let mut done = first;
    while done < out.len() {
        // Kn hashes everything produced so far.
        let mut h = prefix.clone();
        h.update(&out[..done]);
        h.finalize_into(&mut block[..n])?;
        let take = (out.len() - done).min(n);
        out[done..done + take].copy_from_slice(&block[..take]);
        done += take;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Algorithm, backends};

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    fn check(alg: Algorithm, k: &str, xcg: &str, sid: &str, cases: &[(u8, &str)]) {
        let (k, xcg, sid) = (h(k), h(xcg), h(sid));
        for b in backends(alg) {
            let hash = HmacHash::with_backend(alg, b).unwrap();
            for &(kind, expected) in cases {
                let mut out = vec![0u8; expected.len() / 2];
                sshkdf(hash, &k, &xcg, &sid, kind, &mut out).unwrap();
                assert_eq!(hex::encode(out), expected, "{alg:?} {:?} type {}", b, kind as char);
            }
        }
    }

    /// NIST CAVS 14.1 SP 800-135 SSH KDF vectors (`[SHA-1]` COUNT = 0 with 64-bit IVs and 192-bit keys, so C
    /// and D need a second block; `[SHA-256]` with 128-bit IVs and 256-bit keys).
    #[test]
    fn cavs_vectors() {
        check(
            Algorithm::Sha1,
            "0000008055bae931c07fd824bf10add1902b6fbc7c665347383498a686929ff5a25f8e40cb6645ea814fb1a5e0a11f852f862556\
             41e5ed986e83a78bc8269480eac0b0dfd770cab92e7a28dd87ff452466d6ae867cead63b366b1c286e6c4811a9f14c27aea14c51\
             71d49b78c06e3735d36e6a3be321dd5fc82308f34ee1cb17fba94a59",
            "a4ebd45934f56792b5112dcd75a1075fdc889245",
            "a4ebd45934f56792b5112dcd75a1075fdc889245",
            &[
                (b'A', "e2f627c0b43f1ac1"),
                (b'B', "58471445f342b181"),
                (b'C', "1ca9d310f86d51f6cb8e7007cb2b220d55c5281ce680b533"),
                (b'D', "2c60df8603d34cc1dbb03c11f725a44b44008851c73d6844"),
                (b'E', "472eb8a26166ae6aa8e06868e45c3b26e6eeed06"),
                (b'F', "e3e2fdb9d7bc21165a3dbe47e1eceb7764390bab"),
            ],
        );
        check(
            Algorithm::Sha256,
            "0000010044708c76616f700bd31b0c155ef74e36390eeb39bc5c32cdc90e21922b0ed930b5b519c8afebef0f4e4fb5b41b81d649\
             d2127506620b594e9899f7f0d442ecddd68308307b82f00065e9d75220a5a6f5641795772132215a236064ea965c6493c21f8987\
             9730ebbc3c20a22d8f5bfd07b525b194323b22d8a49944d1aa58502e756101ef1e8a91c9310e71f6db65a3ad0a542cfa751f8372\
             1a99e89f1dbe54971a3620ecffc967aa55eed1a42d6e7a138b853557ac84689889f6d0c8553575fb89b4e13eab5537da72ef16f0\
             d72f5e8505d97f110745193d550fa315fe88f672db90d73843e97ba1f3d087ba8eb39025bbffad37589a6199227303d9d8e7f1e3",
            "fe3727fd99a5ac7987c2cfbe062129e3027bf5e10310c6bccde9c916c8329dc2",
            "fffa598bc0ad2ae84dc8dc05b1f72c5b0134025ae7edf8a2e8db11472e18e1fc",
            &[
                (b'A', "36730bae8de5cb98898d6b4a00b37058"),
                (b'D', "c1474b3925bec36f0b7f6cc698e949c8"),
                (b'E', "b730f8df6a0697645be261169486c32a11612229276cbac5d8b3669afb2e4262"),
                (b'F', "14a5ea98245fb058978b82a3cb092b1cca7ce0109a4f98c16e1529579d58b819"),
            ],
        );
    }

    #[test]
    fn type_letters_and_lengths() {
        let hash = HmacHash::new(Algorithm::Sha256).unwrap();
        let mut out = [0u8; 16];
        for bad in [b'@', b'G', b'a', 0] {
            assert_eq!(sshkdf(hash, b"k", b"h", b"s", bad, &mut out), Err(Error::Unsupported));
        }
        assert_eq!(sshkdf(hash, b"k", b"h", b"s", b'A', &mut []), Ok(()));
        // Longer keys extend shorter ones.
        let mut long = [0u8; 100];
        sshkdf(hash, b"k", b"h", b"s", b'C', &mut long).unwrap();
        sshkdf(hash, b"k", b"h", b"s", b'C', &mut out).unwrap();
        assert_eq!(long[..16], out);
    }
}
