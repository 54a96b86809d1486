//! ECDSA nonce generation per RFC 6979 section 3.2 (HMAC_DRBG), with the section 3.6 variant that appends
//! extra data `k'` to the seed: deterministic when `k'` is empty, hedged when it holds fresh random bytes.

use zeroize::{Zeroize, Zeroizing};

use super::{ByteArray, ScalarOps};
use crate::Error;
use crate::digest::Algorithm;
use crate::hmac::Hmac;

/// Largest HMAC output (SHA-512).
const MAX_H: usize = 64;

/// What RFC 6979 nonce generation needs of a scalar type: every [`ScalarOps`] type, and P-256's own scalars
/// (`ec::p256::scalar`), so that all curves share this one implementation.
pub(crate) trait NonceScalar: Sized {
    /// Big-endian encoding.
    type Bytes: ByteArray;
    /// Bits of n.
    const BITS: usize;
    /// Decodes big-endian bytes; the second value is 1 if the integer is `< n`.
    fn from_bytes(b: &Self::Bytes) -> (Self, u64);
    /// Decodes big-endian bytes holding a value `< 2n` and reduces it modulo n.
    fn from_bytes_reduced(b: &Self::Bytes) -> Self;
    /// The big-endian encoding.
    fn to_bytes(&self) -> Self::Bytes;
    /// 1 if zero, else 0.
    fn is_zero(&self) -> u64;
}

impl<S: ScalarOps> NonceScalar for S {
    type Bytes = <S as ScalarOps>::Bytes;
    const BITS: usize = <S as ScalarOps>::BITS;
    fn from_bytes(b: &Self::Bytes) -> (Self, u64) {
        <S as ScalarOps>::from_bytes(b)
    }
    fn from_bytes_reduced(b: &Self::Bytes) -> Self {
        <S as ScalarOps>::from_bytes_reduced(b)
    }
    fn to_bytes(&self) -> Self::Bytes {
        <S as ScalarOps>::to_bytes(self)
    }
    fn is_zero(&self) -> u64 {
        <S as ScalarOps>::is_zero(self)
    }
}

/// `bits2int(h)` of RFC 6979 2.3.2 / FIPS 186-5: the leftmost `S::BITS` bits of `h` as an integer (shorter
/// inputs are taken whole), big-endian in `S::Bytes`, not reduced (`< 2^BITS < 2n`).
pub(crate) fn bits2int<S: NonceScalar>(h: &[u8]) -> S::Bytes {
    let mut out = S::Bytes::zeroed();
    let len = S::Bytes::LEN;
    let take = h.len().min(len);
    out.as_mut()[len - take..].copy_from_slice(&h[..take]);
    if 8 * h.len() > S::BITS {
        // `out` holds the leftmost 8 * take bits; drop the excess (fewer than 8, as len = ceil(BITS / 8)).
        let shift = 8 * take - S::BITS;
        if shift > 0 {
            let b = out.as_mut();
            for i in (0..len).rev() {
                let hi = if i > 0 { b[i - 1] << (8 - shift) } else { 0 };
                b[i] = (b[i] >> shift) | hi;
            }
        }
    }
    out
}

/// The RFC 6979 HMAC_DRBG state (K, V), zeroized on drop.
pub(crate) struct NonceGen {
    alg: Algorithm,
    k: Zeroizing<[u8; MAX_H]>,
    v: Zeroizing<[u8; MAX_H]>,
    /// Whether a candidate was already produced (the next call first updates K and V, step h.3).
    started: bool,
}

impl NonceGen {
    /// Steps a-g of RFC 6979 3.2 for private key `d`, message hash `h1` and extra data `extra` (`k'` of 3.6).
    pub(crate) fn new<S: NonceScalar>(alg: Algorithm, d: &S, h1: &[u8], extra: &[u8]) -> Result<NonceGen, Error> {
        if alg.is_xof() {
            return Err(Error::Unsupported);
        }
        let hlen = alg.output_len();
        let mut g = NonceGen { alg, k: Zeroizing::new([0; MAX_H]), v: Zeroizing::new([1; MAX_H]), started: false };
        let mut x = d.to_bytes();
        // bits2octets(h1) = int2octets(bits2int(h1) mod n)
        let h = S::from_bytes_reduced(&bits2int::<S>(h1)).to_bytes();
        for sep in [0u8, 1u8] {
            let mut mac = Hmac::new(alg, &g.k[..hlen])?;
            mac.update(&g.v[..hlen]);
            mac.update(&[sep]);
            mac.update(x.as_ref());
            mac.update(h.as_ref());
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
    pub(crate) fn next<S: NonceScalar>(&mut self) -> Result<S, Error> {
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
            // h.2: T = V1 || V2 || ... until at least BITS bits; k = bits2int(T).
            let len = S::Bytes::LEN;
            let mut t = Zeroizing::new([0u8; 2 * MAX_H]);
            let mut filled = 0;
            while filled < len {
                self.step_v()?;
                let take = hlen.min(len - filled);
                t[filled..filled + take].copy_from_slice(&self.v[..take]);
                filled += take;
            }
            let mut kb = bits2int::<S>(&t[..len]);
            let (k, in_range) = S::from_bytes(&kb);
            kb.zeroize();
            if in_range & (1 ^ k.is_zero()) == 1 {
                return Ok(k);
            }
        }
    }
}
