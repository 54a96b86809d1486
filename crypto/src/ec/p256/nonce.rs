//! ECDSA nonce generation per RFC 6979 section 3.2 (HMAC_DRBG), with the section 3.6 variant that appends
//! extra data `k'` to the seed: deterministic when `k'` is empty, hedged when it holds fresh random bytes.

use zeroize::{Zeroize, Zeroizing};

use super::scalar::Scalar;
use crate::Error;
use crate::digest::Algorithm;
use crate::hmac::Hmac;

/// Largest HMAC output (SHA-512).
const MAX_H: usize = 64;

/// The RFC 6979 HMAC_DRBG state (K, V), zeroized on drop.
pub(super) struct NonceGen {
    alg: Algorithm,
    k: Zeroizing<[u8; MAX_H]>,
    v: Zeroizing<[u8; MAX_H]>,
    /// Whether a candidate was already produced (the next call first updates K and V, step h.3).
    started: bool,
}

impl NonceGen {
    /// Steps a-g of RFC 6979 3.2 for private key `d`, message hash `h1` and extra data `extra` (`k'` of 3.6).
    pub(super) fn new(alg: Algorithm, d: &Scalar, h1: &[u8], extra: &[u8]) -> Result<NonceGen, Error> {
        if alg.is_xof() {
            return Err(Error::Unsupported);
        }
        let hlen = alg.output_len();
        let mut g = NonceGen { alg, k: Zeroizing::new([0; MAX_H]), v: Zeroizing::new([1; MAX_H]), started: false };
        let mut x = Zeroizing::new(d.to_bytes());
        // bits2octets(h1) = int2octets(bits2int(h1) mod n)
        let h = Scalar::from_hash(h1).to_bytes();
        for sep in [0u8, 1u8] {
            let mut mac = Hmac::new(alg, &g.k[..hlen])?;
            mac.update(&g.v[..hlen]);
            mac.update(&[sep]);
            mac.update(&x[..]);
            mac.update(&h);
            mac.update(extra);
            mac.finalize_into(&mut g.k[..hlen])?;
            g.step_v()?;
        }
        x.zeroize();
        Ok(g)
    }

    /// V = HMAC_K(V).
    fn step_v(&mut self) -> Result<(), Error> {
        let hlen = self.alg.output_len();
        let mut mac = Hmac::new(self.alg, &self.k[..hlen])?;
        mac.update(&self.v[..hlen]);
        mac.finalize_into(&mut self.v[..hlen])
    }

    /// Step h: the next candidate `k` in `[1, n-1]`.
    pub(super) fn next(&mut self) -> Result<Scalar, Error> {
        let hlen = self.alg.output_len();
        loop {
            if self.started {
                // h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V)
                let mut mac = Hmac::new(self.alg, &self.k[..hlen])?;
                mac.update(&self.v[..hlen]);
                mac.update(&[0]);
                mac.finalize_into(&mut self.k[..hlen])?;
                self.step_v()?;
            }
            self.started = true;
            // h.2: T = V1 || V2 || ... until 256 bits; bits2int(T) takes the leftmost 256 bits.
            let mut t = Zeroizing::new([0u8; 32]);
            let mut filled = 0;
            while filled < 32 {
                self.step_v()?;
                let take = hlen.min(32 - filled);
                t[filled..filled + take].copy_from_slice(&self.v[..take]);
                filled += take;
            }
            let (k, in_range) = Scalar::from_bytes(&t);
            if in_range & (1 ^ k.is_zero()) == 1 {
                return Ok(k);
            }
        }
    }
}
