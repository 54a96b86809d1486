//! PBKDF2 (PKCS #5 v2.1 / RFC 8018 §5.2; SP 800-132 §5.3) with HMAC over a fixed-length digest:
//!
//! ```text
//! T(i) = U(1) xor U(2) xor ... xor U(c),   U(1) = HMAC(P, S || [i]_32),   U(j) = HMAC(P, U(j-1))
//! DK = leftmost dkLen bytes of T(1) || T(2) || ...
//! ```
//!
//! This function enforces only what the construction needs (at least one iteration, fewer than `2^32 - 1`
//! blocks); SP 800-132's lower bounds on key, salt and iteration count are the caller's policy (the provider
//! applies them as OpenSSL does).

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;

/// OpenSSL's `KDF_PBKDF2_MAX_KEY_LEN_DIGEST_RATIO`: `dkLen / hLen` must stay below this.
const MAX_BLOCKS: usize = 0xFFFF_FFFF;

/// Fills `out` with PBKDF2-HMAC-`hash`(`password`, `salt`, `iterations`, `out.len()`).
///
/// An empty `out` is allowed (nothing is computed), as in OpenSSL. [`Error::InvalidLength`] if `iterations` is 0
/// or `out.len() / hLen >= 2^32 - 1`.
pub fn pbkdf2(hash: HmacHash, password: &[u8], salt: &[u8], iterations: u64, out: &mut [u8]) -> Result<(), Error> {
    let n = hash.output_len();
    if iterations == 0 || out.len() / n >= MAX_BLOCKS {
        return Err(Error::InvalidLength);
    }
    // One password-keyed state; `finalize_into` returns it to the keyed initial state after every U(j).
    let mut mac = hash.hmac(password)?;
    let mut u = Zeroizing::new([0u8; MAX_HASH_LEN]);
    let mut t = Zeroizing::new([0u8; MAX_HASH_LEN]);
    for (i, chunk) in out.chunks_mut(n).enumerate() {
        // Fewer than 2^32 - 1 blocks (checked above), so the block index fits.
        let index = u32::try_from(i + 1).map_err(|_| Error::InvalidLength)?;
        mac.update(salt);
        mac.update(&index.to_be_bytes());
        mac.finalize_into(&mut u[..n])?;
        t[..n].copy_from_slice(&u[..n]);
        for _ in 1..iterations {
            mac.update(&u[..n]);
            mac.finalize_into(&mut u[..n])?;
            for (a, b) in t[..n].iter_mut().zip(&u[..n]) {
                *a ^= b;
            }
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Algorithm, backends};

    fn derive(alg: Algorithm, p: &[u8], s: &[u8], c: u64, len: usize) -> Vec<Vec<u8>> {
        backends(alg)
            .into_iter()
            .map(|b| {
                let mut out = vec![0u8; len];
                pbkdf2(HmacHash::with_backend(alg, b).unwrap(), p, s, c, &mut out).unwrap();
                out
            })
            .collect()
    }

    fn check(alg: Algorithm, p: &[u8], s: &[u8], c: u64, expected: &str) {
        for out in derive(alg, p, s, c, expected.len() / 2) {
            assert_eq!(hex::encode(out), expected, "{alg:?} c = {c}");
        }
    }

    /// RFC 6070 §2 (PBKDF2-HMAC-SHA1; the 16777216-iteration case is left out for time).
    #[test]
    fn rfc6070() {
        check(Algorithm::Sha1, b"password", b"salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6");
        check(Algorithm::Sha1, b"password", b"salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        check(Algorithm::Sha1, b"password", b"salt", 4096, "4b007901b765489abead49d926f721d065a429c1");
        check(
            Algorithm::Sha1,
            b"passwordPASSWORDpassword",
            b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
            4096,
            "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
        );
        check(Algorithm::Sha1, b"pass\0word", b"sa\0lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3");
    }

    /// RFC 7914 §11 (PBKDF2-HMAC-SHA256).
    #[test]
    fn rfc7914() {
        check(
            Algorithm::Sha256,
            b"passwd",
            b"salt",
            1,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
        );
        check(
            Algorithm::Sha256,
            b"Password",
            b"NaCl",
            80000,
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
        );
    }

    #[test]
    fn edge_cases() {
        let hash = HmacHash::new(Algorithm::Sha512).unwrap();
        let mut out = [0u8; 16];
        assert_eq!(pbkdf2(hash, b"p", b"s", 0, &mut out), Err(Error::InvalidLength));
        assert_eq!(pbkdf2(hash, b"p", b"s", 1, &mut []), Ok(()));
        // Empty password and salt are valid inputs of the construction.
        pbkdf2(hash, b"", b"", 3, &mut out).unwrap();
        assert_ne!(out, [0u8; 16]);
        // Longer outputs extend shorter ones (block i only depends on i).
        let short = derive(Algorithm::Sha224, b"pw", b"salt", 5, 28);
        let long = derive(Algorithm::Sha224, b"pw", b"salt", 5, 100);
        assert_eq!(long[0][..28], short[0][..]);
    }
}
