//! HKDF (RFC 5869; the HMAC-based two-step key derivation of SP 800-56C r2 §5).

use core::fmt;

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;
use crate::hmac::Hmac;

/// Most blocks HKDF-Expand may produce: `L <= 255 * HashLen`.
const MAX_BLOCKS: usize = 255;

/// `HKDF-Extract(salt, IKM)`: `PRK = HMAC-Hash(salt, IKM)` into `prk`, which must be exactly `HashLen` bytes
/// ([`Error::InvalidLength`] otherwise). An empty salt is the RFC's "not provided" (`HashLen` zeros).
pub fn extract(hash: HmacHash, salt: &[u8], ikm: &[u8], prk: &mut [u8]) -> Result<(), Error> {
    if prk.len() != hash.output_len() {
        return Err(Error::InvalidLength);
    }
    let mut mac = hash.hmac(salt)?;
    mac.update(ikm);
    mac.finalize_into(prk)
}

/// `HKDF-Expand(PRK, info, L)` with `L = out.len()`; `info` is the concatenation of `info` parts.
/// [`Error::InvalidLength`] if `L > 255 * HashLen`.
pub fn expand(hash: HmacHash, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    Expander::new(hash, prk)?.expand(info, out)
}

/// Extract then expand: `HKDF(salt, IKM, info, L)`.
pub fn extract_and_expand(
    hash: HmacHash,
    salt: &[u8],
    ikm: &[u8],
    info: &[&[u8]],
    out: &mut [u8],
) -> Result<(), Error> {
    let n = hash.output_len();
    if out.len() > MAX_BLOCKS * n {
        return Err(Error::InvalidLength);
    }
    let mut prk = Zeroizing::new([0u8; MAX_HASH_LEN]);
    extract(hash, salt, ikm, &mut prk[..n])?;
    expand(hash, &prk[..n], info, out)
}

/// HKDF-Expand with the PRK absorbed once: the PRK-keyed HMAC state is kept and reused for every block and
/// every later expansion under the same PRK.
#[derive(Clone)]
pub struct Expander {
    mac: Hmac,
}

impl fmt::Debug for Expander {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expander").field("hmac", &self.mac).finish()
    }
}

impl Expander {
    /// Keys HMAC with `prk` (any length is accepted, as OpenSSL does; RFC 5869 expects at least `HashLen`).
    pub fn new(hash: HmacHash, prk: &[u8]) -> Result<Expander, Error> {
        Ok(Expander { mac: hash.hmac(prk)? })
    }

    /// `HashLen`.
    pub fn hash_len(&self) -> usize {
        self.mac.mac_len()
    }

    /// The longest output one expansion may produce (`255 * HashLen`).
    pub fn max_output_len(&self) -> usize {
        MAX_BLOCKS * self.hash_len()
    }

    /// Fills `out` with `HKDF-Expand(PRK, info, out.len())`, `info` being the concatenation of the parts.
    /// `T(i) = HMAC(PRK, T(i-1) | info | i)`. [`Error::InvalidLength`] if `out` is longer than
    /// [`max_output_len`](Self::max_output_len). The keyed state is left ready for the next expansion.
    pub fn expand(&mut self, info: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
        let n = self.hash_len();
        if out.len() > self.max_output_len() {
            return Err(Error::InvalidLength);
        }
        let mut t = Zeroizing::new([0u8; MAX_HASH_LEN]);
        for (i, chunk) in out.chunks_mut(n).enumerate() {
            if i > 0 {
                self.mac.update(&t[..n]);
            }
            for part in info {
                self.mac.update(part);
            }
            // `i < 255` because of the length check above.
            self.mac.update(&[(i + 1) as u8]);
            if chunk.len() == n {
                self.mac.finalize_into(chunk)?;
                t[..n].copy_from_slice(chunk);
            } else {
                self.mac.finalize_into(&mut t[..n])?;
                chunk.copy_from_slice(&t[..chunk.len()]);
            }
        }
        Ok(())
    }
}
