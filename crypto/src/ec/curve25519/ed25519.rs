//! Ed25519 signatures (RFC 8032 section 5.1; FIPS 186-5 section 7): pure Ed25519, Ed25519ctx and Ed25519ph.

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::edwards::P3;
use super::field::Field;
use super::mul;
use super::scalar::{L, Scalar};
use super::{Backend, backend, with_field};
use crate::Error;
use crate::digest::{Algorithm, Hasher};

/// An Ed25519 private key: the 32-byte seed, with its expanded scalar, prefix and public key cached. Zeroized
/// on drop; `Debug` does not print it.
#[derive(Clone)]
pub struct SecretKey {
    seed: [u8; 32],
    /// The clamped secret scalar, reduced modulo L.
    s: Scalar,
    /// The second half of SHA-512(seed), hashed into every nonce.
    prefix: [u8; 32],
    public: PublicKey,
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.seed.zeroize();
        self.s.zeroize();
        self.prefix.zeroize();
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([REDACTED])")
    }
}

impl SecretKey {
    /// The key from its 32-byte seed (RFC 8032 5.1.5); [`Error::InvalidKey`] for any other length.
    pub fn from_bytes(seed: &[u8]) -> Result<SecretKey, Error> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| Error::InvalidKey)?;
        expand(backend(), seed)
    }

    /// The seed.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.seed)
    }

    /// A key from a 32-byte seed drawn from `rng` (FIPS 186-5 A.2.3 with 256 random bits); errors from `rng`
    /// are passed on.
    pub fn generate(rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>) -> Result<SecretKey, Error> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng(&mut seed[..])?;
        expand(backend(), &seed)
    }

    /// The public key `A = s * B`.
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }
}

/// An Ed25519 public key: the encoding of A and its decoded affine coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// The encoding (y with the sign of x in bit 255).
    bytes: [u8; 32],
    /// The canonical encoding of x.
    x: [u8; 32],
}

impl PublicKey {
    /// Decodes and validates the encoding (RFC 8032 5.1.3 with canonical `y < p`; the point must be on the
    /// curve; `x = 0` with the sign bit set is rejected): [`Error::InvalidKey`] otherwise, or for a length other
    /// than 32. For FIPS 186-5 / SP 800-186 full validation also call [`PublicKey::validate_full`].
    pub fn from_bytes(b: &[u8]) -> Result<PublicKey, Error> {
        let b: &[u8; 32] = b.try_into().map_err(|_| Error::InvalidKey)?;
        decode_with(backend(), b)
    }

    /// The 32-byte encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// Full public-key validation (SP 800-186 D.1.3.2 / FIPS 186-5 7.4): the point does not have small order
    /// (`8 A` is not the neutral element) and lies in the subgroup of order L (`L A` is the neutral element).
    /// [`Error::InvalidKey`] otherwise.
    pub fn validate_full(&self) -> Result<(), Error> {
        validate_full_with(backend(), self)
    }

    /// The point in extended coordinates.
    fn point<F: Field>(&self) -> P3<F> {
        P3::from_affine(F::from_bytes(&self.x), F::from_bytes(&self.bytes))
    }
}

/// The Ed25519 variants (RFC 8032 5.1).
#[derive(Clone, Copy, Debug)]
pub enum Variant<'a> {
    /// Ed25519: no domain separation.
    Pure,
    /// Ed25519ctx with a context of 1 to 255 bytes.
    Ctx(&'a [u8]),
    /// Ed25519ph: the message is the 64-byte SHA-512 digest of the actual message; context of 0 to 255 bytes.
    Ph(&'a [u8]),
}

/// Signs `msg` (RFC 8032 5.1.6). [`Error::InvalidLength`] for a context outside the variant's range or an
/// Ed25519ph message that is not 64 bytes.
pub fn sign(sk: &SecretKey, msg: &[u8], v: Variant<'_>) -> Result<[u8; 64], Error> {
    sign_with(backend(), sk, msg, v)
}

/// Verifies `sig` over `msg` (RFC 8032 5.1.7, cofactorless, as FIPS 186-5 7.7): `S < L` is enforced and R
/// must be the canonical encoding of `[S]B - [k]A` (so non-canonical or undecodable R never verifies; A was
/// validated when decoded). [`Error::InvalidKey`] for any invalid signature (including a length other than
/// 64); [`Error::InvalidLength`] for a bad context or Ed25519ph message length, as in [`sign`].
pub fn verify(pk: &PublicKey, msg: &[u8], sig: &[u8], v: Variant<'_>) -> Result<(), Error> {
    verify_with(backend(), pk, msg, sig, v)
}

/// The field arithmetic this process uses: `"x86-bmi2-adx"` or `"soft"` (see [`super::x25519::backend_name`]).
pub fn backend_name() -> &'static str {
    backend().name()
}

/// The `dom2(phflag, ctx)` prefix of the variant, after checking its lengths.
fn dom2<'a>(v: Variant<'a>, msg: &[u8]) -> Result<Option<(u8, &'a [u8])>, Error> {
    match v {
        Variant::Pure => Ok(None),
        Variant::Ctx(c) if (1..=255).contains(&c.len()) => Ok(Some((0, c))),
        Variant::Ph(c) if c.len() <= 255 && msg.len() == 64 => Ok(Some((1, c))),
        _ => Err(Error::InvalidLength),
    }
}

/// SHA-512 of `dom2 || parts...`, reduced modulo L.
fn hash_mod_l(dom: Option<(u8, &[u8])>, parts: &[&[u8]]) -> Result<Scalar, Error> {
    let mut h = Hasher::new(Algorithm::Sha512);
    if let Some((phflag, ctx)) = dom {
        h.update(b"SigEd25519 no Ed25519 collisions");
        // ctx.len() <= 255 was checked by `dom2`.
        h.update(&[phflag, ctx.len() as u8]);
        h.update(ctx);
    }
    for p in parts {
        h.update(p);
    }
    let mut out = Zeroizing::new([0u8; 64]);
    h.finalize_into(&mut out[..])?;
    Ok(Scalar::from_wide(&out))
}

/// Key expansion (RFC 8032 5.1.5) on the given backend.
pub(super) fn expand(b: Backend, seed: &[u8; 32]) -> Result<SecretKey, Error> {
    let mut h = Hasher::new(Algorithm::Sha512);
    h.update(seed);
    let mut digest = Zeroizing::new([0u8; 64]);
    h.finalize_into(&mut digest[..])?;
    let mut a = Zeroizing::new([0u8; 32]);
    a.copy_from_slice(&digest[..32]);
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    let s = Scalar::from_bytes_mod_order(&a);
    let mut prefix = [0u8; 32];
    prefix.copy_from_slice(&digest[32..]);
    let public = with_field!(b, F => {
        let p: P3<F> = mul::mul_base(&s);
        let (x, y) = p.to_affine();
        let mut bytes = y.to_bytes();
        let x = x.to_bytes();
        bytes[31] |= (x[0] & 1) << 7;
        PublicKey { bytes, x }
    });
    Ok(SecretKey { seed: *seed, s, prefix, public })
}

/// [`PublicKey::from_bytes`] on the given backend.
pub(super) fn decode_with(b: Backend, bytes: &[u8; 32]) -> Result<PublicKey, Error> {
    with_field!(b, F => {
        let (p, ok): (P3<F>, u64) = P3::decode(bytes);
        if ok == 1 { Ok(PublicKey { bytes: *bytes, x: p.x.to_bytes() }) } else { Err(Error::InvalidKey) }
    })
}

/// [`PublicKey::validate_full`] on the given backend.
pub(super) fn validate_full_with(b: Backend, pk: &PublicKey) -> Result<(), Error> {
    with_field!(b, F => {
        let a: P3<F> = pk.point();
        let a8 = a.double().to_p3().double().to_p3().double().to_p3();
        if a8.is_identity() == 1 || mul::mul_vartime(&a, &L).is_identity() == 0 {
            Err(Error::InvalidKey)
        } else {
            Ok(())
        }
    })
}

/// [`sign`] on the given backend.
pub(super) fn sign_with(b: Backend, sk: &SecretKey, msg: &[u8], v: Variant<'_>) -> Result<[u8; 64], Error> {
    let dom = dom2(v, msg)?;
    let mut r = hash_mod_l(dom, &[&sk.prefix, msg])?;
    let big_r = with_field!(b, F => mul::mul_base::<F>(&r).encode());
    let k = hash_mod_l(dom, &[&big_r, &sk.public.bytes, msg])?;
    let s = Scalar::mul_add(&k, &sk.s, &r);
    r.zeroize();
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&big_r);
    sig[32..].copy_from_slice(&s.to_bytes());
    Ok(sig)
}

/// [`verify`] on the given backend.
pub(super) fn verify_with(b: Backend, pk: &PublicKey, msg: &[u8], sig: &[u8], v: Variant<'_>) -> Result<(), Error> {
    let dom = dom2(v, msg)?;
    let sig: &[u8; 64] = sig.try_into().map_err(|_| Error::InvalidKey)?;
    let mut s_bytes = [0u8; 32];
    s_bytes.copy_from_slice(&sig[32..]);
    let s = Scalar::from_canonical_bytes(&s_bytes).ok_or(Error::InvalidKey)?;
    let k = hash_mod_l(dom, &[&sig[..32], &pk.bytes, msg])?;
    let r = with_field!(b, F => {
        let minus_a: P3<F> = pk.point::<F>().neg();
        mul::double_mul_base_vartime(&k, &minus_a, &s).encode()
    });
    if r[..] == sig[..32] { Ok(()) } else { Err(Error::InvalidKey) }
}
