//! ECDSA over P-256 (FIPS 186-5 section 6.4) on pre-hashed messages.
//!
//! The hash is converted with `bits2int` (leftmost 256 bits) and reduced modulo n; any hash length is
//! accepted. Signatures are not normalised to low-s (as OpenSSL).

use zeroize::{Zeroize, Zeroizing};

use super::super::common::nonce::NonceGen;
use super::der::Signature;
use super::field::{Fe, P};
use super::jacobian::JacobianPoint;
use super::keys::{PublicKey, SecretKey};
use super::limbs;
use super::mul;
use super::scalar::{N, Scalar};
use crate::Error;
use crate::digest::Algorithm;

/// Nonce candidates tried before giving up (each fails with probability about 2^-255).
const SIGN_ATTEMPTS: usize = 8;

/// `x mod n` for a field element's canonical value `x < p` (p < 2n).
fn x_mod_n(x: &limbs::Limbs) -> Scalar {
    debug_assert!(limbs::lt(x, &P.m) == 1);
    Scalar(limbs::reduce_once(x, 0, &N.m))
}

/// One signing attempt with nonce `k` (secret, `1 <= k < n`): `None` if r or s is zero.
fn sign_with_scalar(d: &Scalar, e: &Scalar, k: &Scalar) -> Option<Signature> {
    let (big_r, _) = mul::mul_base(k).to_affine();
    let r = x_mod_n(&big_r.x.to_canonical());
    let mut kinv = k.invert();
    let mut rd = r.mul(d);
    let s = kinv.mul(&e.add(&rd));
    kinv.zeroize();
    rd.zeroize();
    // Only the (negligible-probability) zero outcomes are revealed.
    if r.is_zero() | s.is_zero() == 1 {
        return None;
    }
    Some(Signature { r: r.to_bytes(), s: s.to_bytes() })
}

/// Signs with nonces drawn from `gen` until one gives a valid signature.
fn sign_with_gen(sk: &SecretKey, e: &Scalar, generator: &mut NonceGen) -> Result<Signature, Error> {
    for _ in 0..SIGN_ATTEMPTS {
        let mut k = generator.next::<Scalar>()?;
        let sig = sign_with_scalar(&sk.d, e, &k);
        k.zeroize();
        if let Some(sig) = sig {
            return Ok(sig);
        }
    }
    Err(Error::InvalidKey)
}

/// Hedged ECDSA signature of a message hash: the nonce comes from RFC 6979's HMAC_DRBG (HMAC-SHA-256) seeded
/// with `d`, `bits2octets(hash)` and 32 fresh bytes from `rng` (RFC 6979 section 3.6 extra data), so it stays
/// safe if either the random source or the determinism fails.
pub fn sign_prehash(
    sk: &SecretKey,
    hash: &[u8],
    rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>,
) -> Result<Signature, Error> {
    let mut extra = Zeroizing::new([0u8; 32]);
    rng(&mut extra[..])?;
    let e = Scalar::from_hash(hash);
    let mut generator = NonceGen::new(Algorithm::Sha256, &sk.d, hash, &extra[..])?;
    sign_with_gen(sk, &e, &mut generator)
}

/// Deterministic ECDSA (RFC 6979, FIPS 186-5 section 6.3.2): the nonce comes from HMAC_DRBG with `alg`, which
/// must be the digest that produced `hash`. [`Error::Unsupported`] for the XOFs.
pub fn sign_prehash_deterministic(sk: &SecretKey, hash: &[u8], alg: Algorithm) -> Result<Signature, Error> {
    let e = Scalar::from_hash(hash);
    let mut generator = NonceGen::new(alg, &sk.d, hash, &[])?;
    sign_with_gen(sk, &e, &mut generator)
}

/// Signs with a caller-supplied nonce `k` (32 bytes, `1 <= k < n`): for known-answer tests and self-tests
/// only. [`Error::InvalidLength`] for a wrong length, [`Error::InvalidKey`] for an out-of-range `k` or a
/// zero r or s.
pub fn sign_prehash_with_k(sk: &SecretKey, hash: &[u8], k: &[u8]) -> Result<Signature, Error> {
    let k: &[u8; 32] = k.try_into().map_err(|_| Error::InvalidLength)?;
    let (mut k, k_ok) = Scalar::from_bytes(k);
    let result = if k_ok & (1 ^ k.is_zero()) == 1 {
        sign_with_scalar(&sk.d, &Scalar::from_hash(hash), &k).ok_or(Error::InvalidKey)
    } else {
        Err(Error::InvalidKey)
    };
    k.zeroize();
    result
}

/// Verifies an ECDSA signature of a message hash (FIPS 186-5 section 6.4.2). `Ok(())` if valid;
/// [`Error::InvalidKey`] if r or s is out of `[1, n-1]` or the signature does not match. Variable-time (all
/// inputs are public).
pub fn verify_prehash(pk: &PublicKey, hash: &[u8], sig: &Signature) -> Result<(), Error> {
    let (r, s) = sig.scalars()?;
    let e = Scalar::from_hash(hash);
    let w = s.invert();
    let u1 = e.mul(&w);
    let u2 = r.mul(&w);
    let big_r = mul::double_mul_vartime(&u1, &u2, &pk.projective());
    if x_matches_vartime(&big_r, &r) { Ok(()) } else { Err(Error::InvalidKey) }
}

/// Whether `x(R) mod n == r` for a Jacobian R, without an inversion: x(R) = X/Z^2, and the candidates for
/// x(R) in [0, p) congruent to r mod n are r and, when r + n < p, r + n. False for the identity.
pub(super) fn x_matches_vartime(big_r: &JacobianPoint, r: &Scalar) -> bool {
    if big_r.is_identity() == 1 {
        return false;
    }
    let zz = big_r.z.square();
    // r < n < p, so r is a valid field element.
    let r_fe = Fe::from_canonical(r.0);
    if (r_fe * zz).ct_eq(&big_r.x) == 1 {
        return true;
    }
    let (r_plus_n, carry) = limbs::add(&r.0, &N.m);
    carry == 0 && limbs::lt(&r_plus_n, &P.m) == 1 && (Fe::from_canonical(r_plus_n) * zz).ct_eq(&big_r.x) == 1
}
