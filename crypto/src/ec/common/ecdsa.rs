//! ECDSA (FIPS 186-5 section 6.4) on pre-hashed messages, for any [`Curve`].
//!
//! The hash is converted with `bits2int` (leftmost `BITS` bits) and reduced modulo n; any hash length is
//! accepted. Signatures are not normalised to low-s (as OpenSSL).

use zeroize::{Zeroize, Zeroizing};

use super::jacobian::JacobianPoint;
use super::mul;
use super::nonce::{NonceGen, bits2int};
use super::point::{AffinePoint, ProjectivePoint};
use super::{ByteArray, Curve, FieldElement, ScalarOps};
use crate::Error;
use crate::digest::Algorithm;

/// Nonce candidates tried before giving up (each fails with negligible probability).
const SIGN_ATTEMPTS: usize = 8;

/// A signature's components, big-endian.
pub(crate) type Components<C> = (<<C as Curve>::S as ScalarOps>::Bytes, <<C as Curve>::S as ScalarOps>::Bytes);

/// `bits2int(hash) mod n`.
fn hash_scalar<C: Curve>(hash: &[u8]) -> C::S {
    C::S::from_bytes_reduced(&bits2int::<C::S>(hash))
}

/// One signing attempt with nonce `k` (secret, `1 <= k < n`): `None` if r or s is zero.
fn sign_with_scalar<C: Curve>(d: &C::S, e: &C::S, k: &C::S) -> Option<Components<C>> {
    let (big_r, _) = mul::mul_base::<C>(k).to_affine();
    // x < p < 2n.
    let r = C::S::from_bytes_reduced(&big_r.x.to_bytes());
    let mut kinv = k.invert();
    let mut rd = r.mul(d);
    let s = kinv.mul(&e.add(&rd));
    kinv.zeroize();
    rd.zeroize();
    // Only the (negligible-probability) zero outcomes are revealed.
    if r.is_zero() | s.is_zero() == 1 {
        return None;
    }
    Some((r.to_bytes(), s.to_bytes()))
}

/// Signs with nonces drawn from `generator` until one gives a valid signature.
fn sign_with_gen<C: Curve>(d: &C::S, e: &C::S, generator: &mut NonceGen) -> Result<Components<C>, Error> {
    for _ in 0..SIGN_ATTEMPTS {
        let mut k: C::S = generator.next()?;
        let sig = sign_with_scalar::<C>(d, e, &k);
        k.zeroize();
        if let Some(sig) = sig {
            return Ok(sig);
        }
    }
    Err(Error::InvalidKey)
}

/// Hedged signature: RFC 6979's HMAC_DRBG with `hedge` seeded with `d`, `bits2octets(hash)` and `BYTES`
/// fresh bytes from `rng` (RFC 6979 section 3.6 extra data).
pub(crate) fn sign_prehash<C: Curve>(
    d: &C::S,
    hash: &[u8],
    hedge: Algorithm,
    rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>,
) -> Result<Components<C>, Error> {
    let mut extra = Zeroizing::new(<C::S as ScalarOps>::Bytes::zeroed());
    rng(extra.as_mut())?;
    let e = hash_scalar::<C>(hash);
    let mut generator = NonceGen::new(hedge, d, hash, extra.as_ref())?;
    sign_with_gen::<C>(d, &e, &mut generator)
}

/// Deterministic ECDSA (RFC 6979, FIPS 186-5 6.3.2) with HMAC over `alg`. [`Error::Unsupported`] for XOFs.
pub(crate) fn sign_prehash_deterministic<C: Curve>(
    d: &C::S,
    hash: &[u8],
    alg: Algorithm,
) -> Result<Components<C>, Error> {
    let e = hash_scalar::<C>(hash);
    let mut generator = NonceGen::new(alg, d, hash, &[])?;
    sign_with_gen::<C>(d, &e, &mut generator)
}

/// Signs with a caller-supplied nonce `k` (`BYTES` bytes, `1 <= k < n`): [`Error::InvalidLength`] for a
/// wrong length, [`Error::InvalidKey`] for an out-of-range `k` or a zero r or s.
pub(crate) fn sign_prehash_with_k<C: Curve>(d: &C::S, hash: &[u8], k: &[u8]) -> Result<Components<C>, Error> {
    let mut kb = <C::S as ScalarOps>::Bytes::zeroed();
    if k.len() != kb.as_ref().len() {
        return Err(Error::InvalidLength);
    }
    kb.as_mut().copy_from_slice(k);
    let (mut k, k_ok) = C::S::from_bytes(&kb);
    kb.zeroize();
    let result = if k_ok & (1 ^ k.is_zero()) == 1 {
        sign_with_scalar::<C>(d, &hash_scalar::<C>(hash), &k).ok_or(Error::InvalidKey)
    } else {
        Err(Error::InvalidKey)
    };
    k.zeroize();
    result
}

/// `(r, s)` as scalars if both are in `[1, n-1]`, else [`Error::InvalidKey`].
pub(crate) fn scalars<C: Curve>(
    r: &<C::S as ScalarOps>::Bytes,
    s: &<C::S as ScalarOps>::Bytes,
) -> Result<(C::S, C::S), Error> {
    let (r, r_ok) = C::S::from_bytes(r);
    let (s, s_ok) = C::S::from_bytes(s);
    if r_ok & s_ok & (1 ^ r.is_zero()) & (1 ^ s.is_zero()) == 1 { Ok((r, s)) } else { Err(Error::InvalidKey) }
}

/// Verifies `(r, s)` for a message hash (FIPS 186-5 6.4.2): `Ok(())` if valid, else [`Error::InvalidKey`].
/// Variable-time (all inputs are public).
pub(crate) fn verify_prehash<C: Curve>(
    q: &AffinePoint<C>,
    hash: &[u8],
    r: &<C::S as ScalarOps>::Bytes,
    s: &<C::S as ScalarOps>::Bytes,
) -> Result<(), Error> {
    let (r, s) = scalars::<C>(r, s)?;
    let e = hash_scalar::<C>(hash);
    let w = s.invert_vartime();
    let u1 = e.mul(&w);
    let u2 = r.mul(&w);
    let big_r = mul::double_mul_vartime::<C>(&u1, &u2, &ProjectivePoint::from(q));
    if x_matches_vartime(&big_r, &r) { Ok(()) } else { Err(Error::InvalidKey) }
}

/// Whether `x(R) mod n == r` for a Jacobian R, without an inversion: x(R) = X/Z^2, and the candidates for
/// x(R) in [0, p) congruent to r mod n are r and, when r + n < p, r + n. False for the identity.
fn x_matches_vartime<C: Curve>(big_r: &JacobianPoint<C>, r: &C::S) -> bool {
    if big_r.is_identity() == 1 {
        return false;
    }
    let zz = big_r.z.square();
    // r < n < p, so r is a valid field element.
    let (r_fe, _) = C::F::from_bytes(&r.to_bytes());
    if (r_fe * zz).ct_eq(&big_r.x) == 1 {
        return true;
    }
    match r.plus_n_vartime() {
        Some(b) => {
            let (fe, ok) = C::F::from_bytes(&b);
            ok == 1 && (fe * zz).ct_eq(&big_r.x) == 1
        }
        None => false,
    }
}
