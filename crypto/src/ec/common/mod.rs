//! Curve-independent elliptic-curve code shared by P-384 and P-521: the traits a curve implements (field,
//! scalars, constants), generic Montgomery arithmetic, the complete point formulas, constant-time and
//! verification-only scalar multiplication, ECDSA (with RFC 6979 hedged or deterministic nonces), strict DER,
//! keys and ECDH. Each curve module instantiates the public API with [`curve_api!`].

mod api;
pub(crate) mod der;
pub(crate) mod ecdsa;
pub(crate) mod jacobian;
pub(crate) mod keys;
pub(crate) mod limbs;
pub(crate) mod mont;
pub(crate) mod mul;
pub(crate) mod nonce;
pub(crate) mod point;
pub(crate) mod table;
#[cfg(test)]
pub(crate) mod testing;

use core::fmt::Debug;
use core::ops::{Add, Mul, Neg, Sub};

use zeroize::Zeroize;

pub(crate) use api::curve_api;

/// Hex digits to bytes at compile time (curve constants); panics (a compile error) on bad input.
pub(crate) const fn hex<const N: usize>(s: &[u8]) -> [u8; N] {
    const fn nib(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit"),
        }
    }
    assert!(s.len() == 2 * N, "hex length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nib(s[2 * i]) << 4) | nib(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// A fixed-size byte array (`[u8; N]`), the encoding of field elements and scalars.
pub(crate) trait ByteArray: Copy + AsRef<[u8]> + AsMut<[u8]> + Zeroize + Debug + 'static {
    /// Its length.
    const LEN: usize;
    /// All zero.
    fn zeroed() -> Self;
}

impl<const N: usize> ByteArray for [u8; N] {
    const LEN: usize = N;
    fn zeroed() -> Self {
        [0; N]
    }
}

/// An element of the base field GF(p). Every operation is constant-time; exponentiations use public exponents.
pub(crate) trait FieldElement:
    Copy + Debug + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Neg<Output = Self>
{
    /// Big-endian encoding of a canonical value.
    type Bytes: ByteArray;
    /// Zero (all limbs zero, so masked ORs of table entries start from it).
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// Decodes big-endian bytes; the second value is 1 if the integer is `< p` (else the element is garbage).
    fn from_bytes(b: &Self::Bytes) -> (Self, u64);
    /// The canonical big-endian encoding.
    fn to_bytes(&self) -> Self::Bytes;
    /// `self^2`.
    fn square(&self) -> Self;
    /// `2 * self`.
    #[inline(always)]
    fn double(&self) -> Self {
        *self + *self
    }
    /// `self^-1` (zero maps to zero).
    fn invert(&self) -> Self;
    /// A square root if one exists: `(root, 1)`, else `(garbage, 0)`.
    fn sqrt(&self) -> (Self, u64);
    /// 1 if zero, else 0.
    fn is_zero(&self) -> u64;
    /// 1 if equal, else 0.
    fn ct_eq(&self, other: &Self) -> u64;
    /// 1 if the canonical value is odd, else 0.
    fn is_odd(&self) -> u64;
    /// `a` where `m` is zero, `b` where `m` is all-ones.
    fn select(a: &Self, b: &Self, m: u64) -> Self;
    /// `self |= e & m` limb-wise (table scans accumulate the one selected entry into [`FieldElement::ZERO`]).
    fn or_masked(&mut self, e: &Self, m: u64);
    /// Jacobian doubling `2 (x : y : z)` ("dbl-2001-b", a = -3, 3M + 5S), constant-time. A field may override
    /// it with a lazily reduced version of the same formula.
    #[inline(always)]
    fn jacobian_double(x: &Self, y: &Self, z: &Self) -> (Self, Self, Self) {
        let delta = z.square();
        let gamma = y.square();
        let beta = *x * gamma;
        let t = (*x - delta) * (*x + delta);
        let alpha = t.double() + t;
        let beta4 = beta.double().double();
        let x3 = alpha.square() - beta4.double();
        let z3 = (*y + *z).square() - gamma - delta;
        let gamma2 = gamma.square();
        let y3 = alpha * (beta4 - x3) - gamma2.double().double().double();
        (x3, y3, z3)
    }
}

/// An integer modulo the group order n, fully reduced, constant-time.
pub(crate) trait ScalarOps: Copy + Debug + Zeroize {
    /// Big-endian encoding (the private-key and signature-component length).
    type Bytes: ByteArray;
    /// Bits of n.
    const BITS: usize;
    /// One.
    const ONE: Self;
    /// Decodes big-endian bytes; the second value is 1 if the integer is `< n` (else the scalar is garbage).
    fn from_bytes(b: &Self::Bytes) -> (Self, u64);
    /// Decodes big-endian bytes holding a value `< 2n` and reduces it modulo n.
    fn from_bytes_reduced(b: &Self::Bytes) -> Self;
    /// The big-endian encoding.
    fn to_bytes(&self) -> Self::Bytes;
    /// 1 if zero, else 0.
    fn is_zero(&self) -> u64;
    /// `self + rhs mod n`.
    fn add(&self, rhs: &Self) -> Self;
    /// `self * rhs mod n`.
    fn mul(&self, rhs: &Self) -> Self;
    /// `self^-1 mod n` (zero maps to zero), constant-time.
    fn invert(&self) -> Self;
    /// `self^-1 mod n` (zero maps to zero) by the binary extended Euclidean algorithm. Variable-time: public
    /// values only (verification).
    fn invert_vartime(&self) -> Self;
    /// Bit `i` (0 = least significant, `i < BITS`).
    fn bit(&self, i: usize) -> u64;
    /// `self + n` as bytes when it fits in [`ScalarOps::Bytes`], for the verification shortcut. Variable-time.
    fn plus_n_vartime(&self) -> Option<Self::Bytes>;
}

/// A short-Weierstrass curve `y^2 = x^3 - 3x + b` of prime order over GF(p), with `p` and `n` of the same
/// byte length.
pub(crate) trait Curve: 'static + Sized {
    /// The base field.
    type F: FieldElement;
    /// Scalars modulo n.
    type S: ScalarOps<Bytes = <Self::F as FieldElement>::Bytes>;
    /// The curve coefficient b.
    const B: Self::F;
    /// The base point G, uncompressed (`04 || Gx || Gy`).
    const G_UNCOMPRESSED: &'static [u8];
    /// The precomputed multiples of G, built once.
    fn tables() -> &'static table::Tables<Self>;
}
