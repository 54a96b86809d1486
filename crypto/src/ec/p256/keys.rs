//! P-256 key pairs and ECDH (SP 800-56A r3 shared secret computation).

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::field::Fe;
use super::mul;
use super::point::{AffinePoint, ProjectivePoint};
use super::scalar::{N, Scalar};
use crate::Error;

/// Attempts at drawing a private key before giving up (each fails with probability < 2^-32).
const GENERATE_ATTEMPTS: usize = 16;

/// A P-256 private key `d`, `1 <= d < n`. Zeroized on drop; `Debug` does not print it.
#[derive(Clone)]
pub struct SecretKey {
    /// The private scalar.
    pub(super) d: Scalar,
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.d.zeroize();
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([REDACTED])")
    }
}

impl SecretKey {
    /// Decodes a 32-byte big-endian private key. [`Error::InvalidKey`] unless the length is 32 and `1 <= d < n`.
    pub fn from_bytes(b: &[u8]) -> Result<SecretKey, Error> {
        let b: &[u8; 32] = b.try_into().map_err(|_| Error::InvalidKey)?;
        let (d, in_range) = Scalar::from_bytes(b);
        let key = SecretKey { d };
        // Only the validity bit is revealed.
        if in_range & (1 ^ key.d.is_zero()) == 1 { Ok(key) } else { Err(Error::InvalidKey) }
    }

    /// The 32-byte big-endian encoding of `d`.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.d.to_bytes())
    }

    /// Generates a key pair by rejection sampling (FIPS 186-5 A.4.2): draw 256 bits `c` from `rng` until
    /// `c <= n - 2`, then `d = c + 1`. Errors from `rng` are passed on; [`Error::InvalidKey`] if `rng` keeps
    /// producing out-of-range values (a broken source).
    pub fn generate(rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>) -> Result<SecretKey, Error> {
        let mut buf = Zeroizing::new([0u8; 32]);
        let (n_minus_1, _) = super::limbs::sub(&N.m, &[1, 0, 0, 0]);
        for _ in 0..GENERATE_ATTEMPTS {
            rng(&mut buf[..])?;
            let mut c = Scalar(super::limbs::from_be_bytes(&buf));
            // c <= n - 2  <=>  c < n - 1
            let ok = super::limbs::lt(&c.0, &n_minus_1);
            if ok == 1 {
                let d = c.add(&Scalar::ONE);
                c.zeroize();
                return Ok(SecretKey { d });
            }
            c.zeroize();
        }
        Err(Error::InvalidKey)
    }

    /// The public key `Q = d * G` (constant-time fixed-base multiplication).
    pub fn public_key(&self) -> PublicKey {
        let (q, _) = mul::mul_base(&self.d).to_affine();
        // 1 <= d < n and G has prime order n, so Q is never the identity.
        PublicKey { point: q }
    }
}

/// A validated P-256 public key: a finite point on the curve (the group has prime order, so every such point
/// is in the subgroup of order n).
#[derive(Clone, Copy)]
pub struct PublicKey {
    /// The point, in affine coordinates.
    pub(super) point: AffinePoint,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        // Field elements are fully reduced, so equal points have equal limbs.
        self.point.x.0 == other.point.x.0 && self.point.y.0 == other.point.y.0
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PublicKey(")?;
        for b in self.to_uncompressed() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl PublicKey {
    /// Decodes and fully validates (SP 800-56A r3 5.6.2.3.3) a SEC 1 encoding: `04 || X || Y` (65 bytes) or
    /// `02/03 || X` (33 bytes). Coordinates must be `< p` and the point on the curve; the identity (`00`) and
    /// every other length or prefix are refused. All failures are [`Error::InvalidKey`].
    pub fn from_sec1(b: &[u8]) -> Result<PublicKey, Error> {
        match (b.len(), b.first()) {
            (65, Some(4)) => {
                let (x, x_ok) = Fe::from_bytes(b[1..33].try_into().map_err(|_| Error::InvalidKey)?);
                let (y, y_ok) = Fe::from_bytes(b[33..65].try_into().map_err(|_| Error::InvalidKey)?);
                let point = AffinePoint { x, y };
                if x_ok & y_ok & point.is_on_curve() == 1 { Ok(PublicKey { point }) } else { Err(Error::InvalidKey) }
            }
            (33, Some(&tag @ (2 | 3))) => {
                let (x, x_ok) = Fe::from_bytes(b[1..33].try_into().map_err(|_| Error::InvalidKey)?);
                if x_ok == 0 {
                    return Err(Error::InvalidKey);
                }
                let (y, is_square) = super::point::curve_rhs(&x).sqrt();
                if is_square == 0 {
                    return Err(Error::InvalidKey);
                }
                let want_odd = u64::from(tag & 1);
                let y = if y.is_odd() == want_odd { y } else { -y };
                // y = 0 has no odd twin: refuse a parity that cannot be met (no such point exists on P-256).
                if y.is_odd() != want_odd {
                    return Err(Error::InvalidKey);
                }
                Ok(PublicKey { point: AffinePoint { x, y } })
            }
            _ => Err(Error::InvalidKey),
        }
    }

    /// `04 || X || Y`.
    pub fn to_uncompressed(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out[0] = 4;
        out[1..33].copy_from_slice(&self.point.x.to_bytes());
        out[33..].copy_from_slice(&self.point.y.to_bytes());
        out
    }

    /// `02/03 || X` (03 when y is odd).
    pub fn to_compressed(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[0] = 2 | self.point.y.is_odd() as u8;
        out[1..].copy_from_slice(&self.point.x.to_bytes());
        out
    }

    /// The point in projective form.
    pub(super) fn projective(&self) -> ProjectivePoint {
        ProjectivePoint::from(&self.point)
    }
}

/// ECDH (SP 800-56A r3 5.7.1.2, cofactor 1): the x-coordinate of `d * Q`, 32 bytes big-endian. The peer key is
/// already validated by [`PublicKey::from_sec1`]; [`Error::InvalidKey`] if the product is the identity (cannot
/// happen for valid inputs; checked as the standard requires).
pub fn ecdh(sk: &SecretKey, peer: &PublicKey) -> Result<Zeroizing<[u8; 32]>, Error> {
    let p = mul::mul_ct(&peer.projective(), &sk.d);
    let (a, is_identity) = p.to_affine();
    if is_identity == 1 {
        return Err(Error::InvalidKey);
    }
    Ok(Zeroizing::new(a.x.to_bytes()))
}
