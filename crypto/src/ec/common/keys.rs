//! Key pairs and ECDH (SP 800-56A r3 shared secret computation) for any [`Curve`]: the logic behind each
//! curve's `SecretKey`, `PublicKey` and `ecdh`.

use zeroize::Zeroize;

use super::mul;
use super::point::{AffinePoint, ProjectivePoint, curve_rhs};
use super::{ByteArray, Curve, FieldElement, ScalarOps};
use crate::Error;

/// Attempts at drawing a private key before giving up (each fails with probability below 1/2).
const GENERATE_ATTEMPTS: usize = 64;

/// Decodes a big-endian private key of exactly `BYTES` bytes with `1 <= d < n`, else [`Error::InvalidKey`].
pub(crate) fn secret_from_bytes<C: Curve>(b: &[u8]) -> Result<C::S, Error> {
    let mut buf = <C::S as ScalarOps>::Bytes::zeroed();
    if b.len() != buf.as_ref().len() {
        return Err(Error::InvalidKey);
    }
    buf.as_mut().copy_from_slice(b);
    let (mut d, in_range) = C::S::from_bytes(&buf);
    buf.zeroize();
    // Only the validity bit is revealed.
    if in_range & (1 ^ d.is_zero()) == 1 {
        Ok(d)
    } else {
        d.zeroize();
        Err(Error::InvalidKey)
    }
}

/// FIPS 186-5 A.4.2 (rejection sampling): draw `BITS` bits `c` until `c <= n - 2`, then `d = c + 1`.
pub(crate) fn generate<C: Curve>(rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>) -> Result<C::S, Error> {
    let mut buf = <C::S as ScalarOps>::Bytes::zeroed();
    let excess = 8 * buf.as_ref().len() - C::S::BITS;
    for _ in 0..GENERATE_ATTEMPTS {
        rng(buf.as_mut())?;
        buf.as_mut()[0] &= 0xff >> excess;
        let (mut c, in_range) = C::S::from_bytes(&buf);
        let d = c.add(&C::S::ONE);
        c.zeroize();
        // c <= n - 2  <=>  c < n and c + 1 != n.
        if in_range & (1 ^ d.is_zero()) == 1 {
            buf.zeroize();
            return Ok(d);
        }
    }
    buf.zeroize();
    Err(Error::InvalidKey)
}

/// `Q = d * G` (constant-time fixed-base multiplication); `d` in `[1, n-1]` makes Q finite.
pub(crate) fn public_key<C: Curve>(d: &C::S) -> AffinePoint<C> {
    mul::mul_base::<C>(d).to_affine().0
}

/// Decodes and fully validates (SP 800-56A r3 5.6.2.3.3) a SEC 1 encoding: `04 || X || Y` or `02/03 || X`.
/// Coordinates must be `< p` and the point on the curve; the identity and every other length or prefix are
/// refused with [`Error::InvalidKey`].
pub(crate) fn public_from_sec1<C: Curve>(b: &[u8]) -> Result<AffinePoint<C>, Error> {
    let n = <C::F as FieldElement>::Bytes::LEN;
    match b.first() {
        Some(4) if b.len() == 1 + 2 * n => {
            AffinePoint::from_uncompressed(&b[1..1 + n], &b[1 + n..]).ok_or(Error::InvalidKey)
        }
        Some(&tag @ (2 | 3)) if b.len() == 1 + n => {
            let mut xb = <C::F as FieldElement>::Bytes::zeroed();
            xb.as_mut().copy_from_slice(&b[1..]);
            let (x, x_ok) = C::F::from_bytes(&xb);
            if x_ok == 0 {
                return Err(Error::InvalidKey);
            }
            let (y, is_square) = curve_rhs::<C>(&x).sqrt();
            if is_square == 0 {
                return Err(Error::InvalidKey);
            }
            let want_odd = u64::from(tag & 1);
            let y = if y.is_odd() == want_odd { y } else { -y };
            // y = 0 has no odd twin (no such point on a prime-order curve): refuse a parity that cannot be met.
            if y.is_odd() != want_odd {
                return Err(Error::InvalidKey);
            }
            Ok(AffinePoint { x, y })
        }
        _ => Err(Error::InvalidKey),
    }
}

/// Writes `04 || X || Y` into `out` (`1 + 2 * BYTES` bytes).
pub(crate) fn encode_uncompressed<C: Curve>(p: &AffinePoint<C>, out: &mut [u8]) {
    let n = <C::F as FieldElement>::Bytes::LEN;
    out[0] = 4;
    out[1..1 + n].copy_from_slice(p.x.to_bytes().as_ref());
    out[1 + n..].copy_from_slice(p.y.to_bytes().as_ref());
}

/// Writes `02/03 || X` into `out` (`1 + BYTES` bytes; 03 when y is odd).
pub(crate) fn encode_compressed<C: Curve>(p: &AffinePoint<C>, out: &mut [u8]) {
    out[0] = 2 | p.y.is_odd() as u8;
    out[1..].copy_from_slice(p.x.to_bytes().as_ref());
}

/// Whether two affine points are equal.
pub(crate) fn points_eq<C: Curve>(a: &AffinePoint<C>, b: &AffinePoint<C>) -> bool {
    a.x.ct_eq(&b.x) & a.y.ct_eq(&b.y) == 1
}

/// ECDH (SP 800-56A r3 5.7.1.2, cofactor 1): the x-coordinate of `d * Q`. [`Error::InvalidKey`] if the
/// product is the identity (impossible for validated inputs; checked as the standard requires).
pub(crate) fn ecdh<C: Curve>(d: &C::S, peer: &AffinePoint<C>) -> Result<<C::F as FieldElement>::Bytes, Error> {
    let p = mul::mul_ct::<C>(&ProjectivePoint::from(peer), d);
    let (a, is_identity) = p.to_affine();
    if is_identity == 1 {
        return Err(Error::InvalidKey);
    }
    Ok(a.x.to_bytes())
}
