//! X25519 key agreement (RFC 7748 section 5).

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::edwards::P3;
use super::field::{self, Field};
use super::mul;
use super::scalar::Scalar;
use super::{Backend, backend, with_field};
use crate::Error;

/// An X25519 private key: 32 bytes as given (clamped inside the scalar multiplication). Zeroized on drop;
/// `Debug` does not print it.
#[derive(Clone)]
pub struct SecretKey {
    k: [u8; 32],
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.k.zeroize();
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([REDACTED])")
    }
}

impl SecretKey {
    /// The key from its 32 bytes; [`Error::InvalidKey`] for any other length.
    pub fn from_bytes(b: &[u8]) -> Result<SecretKey, Error> {
        let k: [u8; 32] = b.try_into().map_err(|_| Error::InvalidKey)?;
        Ok(SecretKey { k })
    }

    /// The 32 bytes as given.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.k)
    }

    /// 32 bytes from `rng` (every string is a valid key); errors from `rng` are passed on.
    pub fn generate(rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>) -> Result<SecretKey, Error> {
        let mut k = [0u8; 32];
        rng(&mut k)?;
        Ok(SecretKey { k })
    }

    /// The public key `X25519(k, 9)`.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(public_key_with(backend(), &self.k))
    }
}

/// An X25519 public key: the 32-byte u-coordinate as given (bit 255 is ignored when used, RFC 7748 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// The key from its 32 bytes; [`Error::InvalidKey`] for any other length.
    pub fn from_bytes(b: &[u8]) -> Result<PublicKey, Error> {
        Ok(PublicKey(b.try_into().map_err(|_| Error::InvalidKey)?))
    }

    /// The 32 bytes as given.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }
}

/// `X25519(sk, peer)`, the shared secret. [`Error::InvalidKey`] when the result is all zero (the peer's point
/// has small order), checked in constant time.
pub fn x25519(sk: &SecretKey, peer: &PublicKey) -> Result<Zeroizing<[u8; 32]>, Error> {
    x25519_with(ladder(), &sk.k, &peer.0)
}

/// The X25519 implementation this process uses: `"x86-avx512ifma"` (four-lane ladder, when the CPU has
/// AVX-512 F, VL and IFMA), else the field arithmetic: `"x86-bmi2-adx"` (assembly, with BMI2 and ADX) or
/// `"soft"` (portable Rust). Chosen once (`FERROFIPS_CPU=portable` forces `"soft"`, `no-avx512` rules out
/// IFMA); every operation uses it.
pub fn backend_name() -> &'static str {
    ladder().name()
}

/// An implementation of the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ladder {
    /// The generic ladder on a field backend.
    Field(Backend),
    /// The four-lane AVX-512 IFMA ladder.
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Ifma(super::x86_ifma::Ifma),
}

impl Ladder {
    /// The name [`backend_name`] reports.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Ladder::Field(b) => b.name(),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Ladder::Ifma(_) => "x86-avx512ifma",
        }
    }
}

/// The ladder this process uses.
fn ladder() -> Ladder {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(w) = super::x86_ifma::ifma() {
        return Ladder::Ifma(w);
    }
    Ladder::Field(backend())
}

/// Every ladder usable here, best first (tests).
#[cfg(test)]
pub(super) fn ladders() -> Vec<Ladder> {
    let mut v = Vec::new();
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(w) = super::x86_ifma::ifma() {
        v.push(Ladder::Ifma(w));
    }
    v.extend(super::backends().into_iter().map(Ladder::Field));
    v
}

/// RFC 7748 `decodeScalar25519`.
fn clamp(k: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut c = Zeroizing::new(*k);
    c[0] &= 248;
    c[31] &= 127;
    c[31] |= 64;
    c
}

/// [`x25519`] with the given ladder.
pub(super) fn x25519_with(l: Ladder, k: &[u8; 32], u: &[u8; 32]) -> Result<Zeroizing<[u8; 32]>, Error> {
    let k = clamp(k);
    let out = Zeroizing::new(match l {
        Ladder::Field(b) => with_field!(b, F => montgomery_ladder::<F>(&k, u)),
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        Ladder::Ifma(w) => w.ladder(&k, u),
    });
    let mut acc = 0u8;
    for &x in out.iter() {
        acc |= x;
    }
    // Only the all-zero bit is revealed.
    if (u64::from(acc).wrapping_sub(1) >> 63) & 1 == 1 { Err(Error::InvalidKey) } else { Ok(out) }
}

/// `X25519(k, 9)` on the given backend, computed as `k * B` on edwards25519 (the birational image of u = 9)
/// mapped back: `u = (Z + Y) / (Z - Y)`.
pub(super) fn public_key_with(b: Backend, k: &[u8; 32]) -> [u8; 32] {
    let c = clamp(k);
    let mut s = Scalar::from_bytes_mod_order(&c);
    let u = with_field!(b, F => {
        let p: P3<F> = mul::mul_base(&s);
        (( p.z + p.y) * field::invert(&(p.z - p.y))).to_bytes()
    });
    s.zeroize();
    u
}

/// The Montgomery ladder (RFC 7748 5) for a clamped scalar `k`: 255 constant-time steps of one differential
/// addition and one doubling, with conditional swaps driven by the scalar bits.
pub(super) fn montgomery_ladder<F: Field>(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    let x1 = F::from_bytes(u);
    let (mut x2, mut z2, mut x3, mut z3) = (F::ONE, F::ZERO, x1, F::ONE);
    let mut swap = 0u64;
    for t in (0..255).rev() {
        let kt = u64::from((k[t / 8] >> (t % 8)) & 1);
        swap ^= kt;
        F::cswap(&mut x2, &mut x3, swap);
        F::cswap(&mut z2, &mut z3, swap);
        swap = kt;
        let a = x2 + z2;
        let aa = a.square();
        let b = x2 - z2;
        let bb = b.square();
        let e = aa - bb;
        let c = x3 + z3;
        let d = x3 - z3;
        let da = d * a;
        let cb = c * b;
        x3 = (da + cb).square();
        z3 = x1 * (da - cb).square();
        x2 = aa * bb;
        z2 = e * (bb + e.mul_121666());
    }
    F::cswap(&mut x2, &mut x3, swap);
    F::cswap(&mut z2, &mut z3, swap);
    (x2 * field::invert(&z2)).to_bytes()
}
