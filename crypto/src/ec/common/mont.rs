//! Generic Montgomery arithmetic modulo a fixed odd prime: [`MontFe`], a field element kept in Montgomery
//! form (P-384's field), and [`Scalar`], an integer modulo the group order kept canonical (every curve's
//! scalars; products go through Montgomery multiplication and a correction by `R^2`).

use core::fmt;
use core::marker::PhantomData;
use core::ops::{Add, Mul, Neg, Sub};

use zeroize::Zeroize;

use super::limbs::{self, Modulus};
use super::{ByteArray, FieldElement, ScalarOps};

/// A prime modulus of `L` limbs: its Montgomery constants, bit length and byte encoding.
pub(crate) trait MontParams<const L: usize>: 'static {
    /// The modulus and its constants.
    const M: Modulus<L>;
    /// Bits of the modulus.
    const BITS: usize;
    /// Big-endian encoding of residues.
    type Bytes: ByteArray;
}

/// `x + k` for a small `k` (const-evaluable; no overflow for the moduli used here).
const fn add_small<const L: usize>(x: &[u64; L], k: u64) -> [u64; L] {
    let mut b = [0u64; L];
    b[0] = k;
    limbs::add(x, &b).0
}

/// `x - k` for a small `k <= x` (const-evaluable).
const fn sub_small<const L: usize>(x: &[u64; L], k: u64) -> [u64; L] {
    let mut b = [0u64; L];
    b[0] = k;
    limbs::sub(x, &b).0
}

/// `x >> 2` (const-evaluable).
const fn shr2<const L: usize>(x: &[u64; L]) -> [u64; L] {
    let mut r = [0u64; L];
    let mut i = 0;
    while i < L {
        r[i] = x[i] >> 2;
        if i + 1 < L {
            r[i] |= x[i + 1] << 62;
        }
        i += 1;
    }
    r
}

/// An element of GF(p) in Montgomery form (`a * R mod p`), fully reduced (equal elements have equal limbs).
pub(crate) struct MontFe<P, const L: usize>(pub(crate) [u64; L], PhantomData<P>);

impl<P, const L: usize> Clone for MontFe<P, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, const L: usize> Copy for MontFe<P, L> {}

impl<P, const L: usize> fmt::Debug for MontFe<P, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MontFe({:x?})", self.0)
    }
}

impl<P: MontParams<L>, const L: usize> MontFe<P, L> {
    /// Converts a canonical integer `x < p` into Montgomery form (const-evaluable).
    pub(crate) const fn from_canonical(x: [u64; L]) -> Self {
        MontFe(limbs::mont_mul(&x, &P::M.r2, &P::M), PhantomData)
    }

    /// The canonical integer value (`< p`).
    pub(crate) fn to_canonical(self) -> [u64; L] {
        let mut one = [0u64; L];
        one[0] = 1;
        limbs::mont_mul(&self.0, &one, &P::M)
    }

    /// `p - 2`, the inversion exponent.
    const INV_EXP: [u64; L] = sub_small(&P::M.m, 2);
    /// `(p + 1) / 4`, the square-root exponent (p = 3 mod 4).
    const SQRT_EXP: [u64; L] = shr2(&add_small(&P::M.m, 1));
}

impl<P: MontParams<L>, const L: usize> FieldElement for MontFe<P, L> {
    type Bytes = P::Bytes;
    const ZERO: Self = MontFe([0; L], PhantomData);
    const ONE: Self = MontFe(P::M.r, PhantomData);

    fn from_bytes(b: &Self::Bytes) -> (Self, u64) {
        let x = limbs::from_be_bytes::<L>(b.as_ref());
        let valid = limbs::lt(&x, &P::M.m);
        (MontFe(limbs::mont_mul(&x, &P::M.r2, &P::M), PhantomData), valid)
    }

    fn to_bytes(&self) -> Self::Bytes {
        let mut out = P::Bytes::zeroed();
        limbs::to_be_bytes(&self.to_canonical(), out.as_mut());
        out
    }

    #[inline(always)]
    fn square(&self) -> Self {
        *self * *self
    }

    fn invert(&self) -> Self {
        MontFe(limbs::mont_pow_public(&self.0, &Self::INV_EXP, &P::M), PhantomData)
    }

    fn sqrt(&self) -> (Self, u64) {
        debug_assert!(P::M.m[0] & 3 == 3);
        let r = MontFe(limbs::mont_pow_public(&self.0, &Self::SQRT_EXP, &P::M), PhantomData);
        let ok = r.square().ct_eq(self);
        (r, ok)
    }

    #[inline(always)]
    fn is_zero(&self) -> u64 {
        limbs::is_zero(&self.0)
    }

    #[inline(always)]
    fn ct_eq(&self, other: &Self) -> u64 {
        limbs::eq(&self.0, &other.0)
    }

    fn is_odd(&self) -> u64 {
        self.to_canonical()[0] & 1
    }

    #[inline(always)]
    fn select(a: &Self, b: &Self, m: u64) -> Self {
        MontFe(limbs::select(&a.0, &b.0, m), PhantomData)
    }

    #[inline(always)]
    fn or_masked(&mut self, e: &Self, m: u64) {
        for (a, x) in self.0.iter_mut().zip(e.0.iter()) {
            *a |= x & m;
        }
    }
}

impl<P: MontParams<L>, const L: usize> Add for MontFe<P, L> {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        MontFe(limbs::add_mod_const(&self.0, &rhs.0, &P::M.m), PhantomData)
    }
}

impl<P: MontParams<L>, const L: usize> Sub for MontFe<P, L> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        MontFe(limbs::sub_mod(&self.0, &rhs.0, &P::M.m), PhantomData)
    }
}

impl<P: MontParams<L>, const L: usize> Neg for MontFe<P, L> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl<P: MontParams<L>, const L: usize> Mul for MontFe<P, L> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        MontFe(limbs::mont_mul(&self.0, &rhs.0, &P::M), PhantomData)
    }
}

/// An integer modulo n, canonical (`< n`): scalar multiplication reads its bits.
pub(crate) struct Scalar<P, const L: usize>(pub(crate) [u64; L], PhantomData<P>);

impl<P, const L: usize> Scalar<P, L> {
    /// From canonical limbs.
    pub(crate) const fn new(x: [u64; L]) -> Self {
        Scalar(x, PhantomData)
    }
}

impl<P, const L: usize> Clone for Scalar<P, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, const L: usize> Copy for Scalar<P, L> {}

impl<P, const L: usize> fmt::Debug for Scalar<P, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Scalar(..)")
    }
}

impl<P, const L: usize> Zeroize for Scalar<P, L> {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl<P: MontParams<L>, const L: usize> ScalarOps for Scalar<P, L> {
    type Bytes = P::Bytes;
    const BITS: usize = P::BITS;
    const ONE: Self = {
        let mut one = [0u64; L];
        one[0] = 1;
        Scalar(one, PhantomData)
    };

    fn from_bytes(b: &Self::Bytes) -> (Self, u64) {
        let x = limbs::from_be_bytes::<L>(b.as_ref());
        (Scalar::new(x), limbs::lt(&x, &P::M.m))
    }

    fn from_bytes_reduced(b: &Self::Bytes) -> Self {
        Scalar::new(limbs::reduce_once(&limbs::from_be_bytes::<L>(b.as_ref()), 0, &P::M.m))
    }

    fn to_bytes(&self) -> Self::Bytes {
        let mut out = P::Bytes::zeroed();
        limbs::to_be_bytes(&self.0, out.as_mut());
        out
    }

    fn is_zero(&self) -> u64 {
        limbs::is_zero(&self.0)
    }

    fn add(&self, rhs: &Self) -> Self {
        Scalar::new(limbs::add_mod_const(&self.0, &rhs.0, &P::M.m))
    }

    fn mul(&self, rhs: &Self) -> Self {
        // (a * b / R) * R^2 / R = a * b.
        let t = limbs::mont_mul(&self.0, &rhs.0, &P::M);
        Scalar::new(limbs::mont_mul(&t, &P::M.r2, &P::M))
    }

    fn invert(&self) -> Self {
        let xm = limbs::mont_mul(&self.0, &P::M.r2, &P::M);
        let e = sub_small(&P::M.m, 2);
        let mut r = limbs::mont_pow_public(&xm, &e, &P::M);
        let mut one = [0u64; L];
        one[0] = 1;
        let out = Scalar::new(limbs::mont_mul(&r, &one, &P::M));
        r.zeroize();
        out
    }

    fn invert_vartime(&self) -> Self {
        let n = &P::M.m;
        let mut one = [0u64; L];
        one[0] = 1;
        if limbs::is_zero(&self.0) == 1 {
            return *self;
        }
        // Invariants: x1 * a = u, x2 * a = v (mod n); u, v odd-reduced by halving.
        let (mut u, mut v) = (self.0, *n);
        let (mut x1, mut x2) = (one, [0u64; L]);
        // `x / 2 mod n` for x < n: add n first when x is odd (the carry becomes the top bit).
        let half = |x: &mut [u64; L]| {
            let (s, carry) = if x[0] & 1 == 1 { limbs::add(x, n) } else { (*x, 0) };
            for i in 0..L {
                let hi = if i + 1 < L { s[i + 1] << 63 } else { carry << 63 };
                x[i] = (s[i] >> 1) | hi;
            }
        };
        let shr1 = |x: &mut [u64; L]| {
            for i in 0..L {
                let hi = if i + 1 < L { x[i + 1] << 63 } else { 0 };
                x[i] = (x[i] >> 1) | hi;
            }
        };
        while u != one && v != one {
            while u[0] & 1 == 0 {
                shr1(&mut u);
                half(&mut x1);
            }
            while v[0] & 1 == 0 {
                shr1(&mut v);
                half(&mut x2);
            }
            if limbs::lt(&u, &v) == 0 {
                u = limbs::sub(&u, &v).0;
                x1 = limbs::sub_mod(&x1, &x2, n);
            } else {
                v = limbs::sub(&v, &u).0;
                x2 = limbs::sub_mod(&x2, &x1, n);
            }
        }
        Scalar::new(if u == one { x1 } else { x2 })
    }

    #[inline(always)]
    fn bit(&self, i: usize) -> u64 {
        (self.0[i / 64] >> (i % 64)) & 1
    }

    fn plus_n_vartime(&self) -> Option<Self::Bytes> {
        let (s, carry) = limbs::add(&self.0, &P::M.m);
        let bits = 8 * P::Bytes::LEN;
        let fits = carry == 0 && (bits..64 * L).all(|b| (s[b / 64] >> (b % 64)) & 1 == 0);
        fits.then(|| {
            let mut out = P::Bytes::zeroed();
            limbs::to_be_bytes(&s, out.as_mut());
            out
        })
    }
}
