//! The TLS 1.2 PRF (RFC 5246 §5; SP 800-135 r1 §4.2): `PRF(secret, label, seed) = P_hash(secret, label || seed)`.
//!
//! Only SHA-256, SHA-384 and SHA-512 are offered: the TLS 1.0/1.1 PRF (MD5 xor SHA-1 over split secrets) is
//! not approved and the module has no MD5, and SP 800-135 allows the TLS 1.2 PRF with these hashes only.

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;
use crate::digest::Algorithm;

/// The digests the TLS 1.2 PRF accepts.
pub const TLS12_PRF_DIGESTS: [Algorithm; 3] = [Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512];

/// `P_hash(secret, seed)` into `out`, `seed` being the concatenation of `seed` parts (for TLS: the label, then
/// the randoms or session hash). [`Error::Unsupported`] for digests other than [`TLS12_PRF_DIGESTS`].
///
/// ```text
/// A(0) = seed, A(i) = HMAC(secret, A(i-1)); output = HMAC(secret, A(1) || seed) || HMAC(secret, A(2) || seed) ...
/// ```
pub fn tls12_prf(hash: HmacHash, secret: &[u8], seed: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    if !TLS12_PRF_DIGESTS.contains(&hash.algorithm()) {
        return Err(Error::Unsupported);
    }
    let n = hash.output_len();
    // One keyed state for everything: `finalize_into` returns it to the keyed initial state.
    let mut mac = hash.hmac(secret)?;
    let mut a = Zeroizing::new([0u8; MAX_HASH_LEN]);
    let mut block = Zeroizing::new([0u8; MAX_HASH_LEN]);
    for part in seed {
        mac.update(part);
    }
    mac.finalize_into(&mut a[..n])?;
    let mut chunks = out.chunks_mut(n).peekable();
    while let Some(chunk) = chunks.next() {
        mac.update(&a[..n]);
        for part in seed {
            mac.update(part);
        }
        if chunk.len() == n {
            mac.finalize_into(chunk)?;
        } else {
            mac.finalize_into(&mut block[..n])?;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        if chunks.peek().is_some() {
            mac.update(&a[..n]);
            mac.finalize_into(&mut a[..n])?;
        }
    }
    Ok(())
}
