//! HMAC (FIPS 198-1) over any fixed-length [`digest`](crate::digest) algorithm.
//!
//! The key is absorbed once at construction: the hasher states after `K0 ^ ipad` and `K0 ^ opad` are kept, so
//! [`Hmac::reset`] and the reset after [`Hmac::finalize_into`] are just state copies. Those keyed states are
//! zeroized on drop (by [`Hasher`]'s own drop), as are the temporary padded key and inner digest.

use core::fmt;

use zeroize::Zeroizing;

use crate::Error;
use crate::digest::{Algorithm, Backend, Hasher, default_backend};

/// Largest block length of the HMAC-capable digests (SHA3-224's rate).
const MAX_BLOCK: usize = 144;
/// Largest digest length.
const MAX_OUT: usize = 64;

/// A keyed HMAC computation.
#[derive(Clone)]
pub struct Hmac {
    /// State after absorbing `K0 ^ ipad`: the keyed initial state.
    inner_init: Hasher,
    /// State after absorbing `K0 ^ opad`.
    outer_init: Hasher,
    /// The running inner hash.
    inner: Hasher,
}

impl Hmac {
    /// HMAC with `alg` on its default backend; any key length. [`Error::Unsupported`] for the XOFs.
    pub fn new(alg: Algorithm, key: &[u8]) -> Result<Hmac, Error> {
        Self::with_backend(alg, default_backend(alg), key)
    }

    /// HMAC with `alg` on digest backend `b` ([`Error::BackendUnavailable`] if not usable here).
    pub fn with_backend(alg: Algorithm, b: Backend, key: &[u8]) -> Result<Hmac, Error> {
        if alg.is_xof() {
            return Err(Error::Unsupported);
        }
        let mut inner_init = Hasher::with_backend(alg, b)?;
        let mut outer_init = inner_init.clone();
        let block_len = alg.block_len();

        // K0: the key, hashed first if longer than a block, zero-padded to the block length.
        let mut k0 = Zeroizing::new([0u8; MAX_BLOCK]);
        if key.len() > block_len {
            inner_init.update(key);
            inner_init.finalize_into(&mut k0[..alg.output_len()])?;
        } else {
            k0[..key.len()].copy_from_slice(key);
        }
        let k0 = &mut k0[..block_len];

        k0.iter_mut().for_each(|b| *b ^= 0x36);
        inner_init.update(k0);
        k0.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
        outer_init.update(k0);

        let inner = inner_init.clone();
        Ok(Hmac { inner_init, outer_init, inner })
    }

    /// The digest algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.inner.algorithm()
    }

    /// The digest backend.
    pub fn backend(&self) -> Backend {
        self.inner.backend()
    }

    /// The MAC length in bytes (the digest's output length).
    pub fn mac_len(&self) -> usize {
        self.algorithm().output_len()
    }

    /// Absorbs message bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// Writes the MAC into `out` (its length must be [`Hmac::mac_len`], else [`Error::InvalidLength`] and
    /// nothing changes), then resets to the keyed initial state.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        let n = self.mac_len();
        if out.len() != n {
            return Err(Error::InvalidLength);
        }
        let mut inner_digest = Zeroizing::new([0u8; MAX_OUT]);
        self.inner.finalize_into(&mut inner_digest[..n])?;
        let mut outer = self.outer_init.clone();
        outer.update(&inner_digest[..n]);
        outer.finalize_into(out)?;
        self.reset();
        Ok(())
    }

    /// Forgets the message: back to the keyed initial state.
    pub fn reset(&mut self) {
        self.inner.clone_from(&self.inner_init);
    }
}

impl fmt::Debug for Hmac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hmac")
            .field("algorithm", &self.algorithm())
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}
