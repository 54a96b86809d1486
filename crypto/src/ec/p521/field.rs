//! The P-521 base field GF(p), p = 2^521 - 1 (a Mersenne prime), as nine unsaturated 58-bit limbs
//! (`sum a_i 2^(58 i)`; 9 * 58 = 522 bits, and 2^522 = 2 mod p).
//!
//! Products are 81 (squares 45) 64 x 64 -> 128-bit multiplications accumulated per output limb, the limbs
//! above 2^522 folded back with a factor 2; reduction is two parallel carry steps, no serial chain. Elements
//! are kept "loose": limbs 0-7 below 2^58 + 2^7, limb 8 below 2^57 + 2^7 (every operation accepts and
//! returns that form); [`Fe521::canonical`] fully reduces for encoding and comparison. A product `a b`
//! also accepts limb bounds `A B < 2^117.7` (column sums below 2^121.9, column 8 below 2^121), a square
//! limbs below 2^58.9, which the lazily reduced Jacobian doubling ([`FieldElement::jacobian_double`]) uses
//! to skip half of the carries. Constant-time throughout; exponentiations use fixed public exponents.

use core::ops::{Add, Mul, Neg, Sub};

use super::super::common::FieldElement;
use super::super::common::limbs::{self, mask};

/// 58 bits.
const M58: u64 = (1 << 58) - 1;
/// 57 bits (the top limb of a canonical value).
const M57: u64 = (1 << 57) - 1;
/// 4p in limb form: added before subtracting a loose element so that no limb underflows.
const FOUR_P: [u64; 9] = kp(4);

/// An element of GF(2^521 - 1), loosely reduced (see the module docs).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe521(pub(crate) [u64; 9]);

/// One parallel carry step for limbs below 2^64: every limb keeps its low 58 bits (the top limb 57) and
/// passes the rest up; the top limb's excess (weight 2^521 = 1) wraps to limb 0. The result is loose.
#[inline(always)]
fn carry(t: [u64; 9]) -> [u64; 9] {
    [
        (t[0] & M58) + (t[8] >> 57),
        (t[1] & M58) + (t[0] >> 58),
        (t[2] & M58) + (t[1] >> 58),
        (t[3] & M58) + (t[2] >> 58),
        (t[4] & M58) + (t[3] >> 58),
        (t[5] & M58) + (t[4] >> 58),
        (t[6] & M58) + (t[5] >> 58),
        (t[7] & M58) + (t[6] >> 58),
        (t[8] & M57) + (t[7] >> 58),
    ]
}

/// Reduces nine 128-bit column sums to a loose element: split every column at bit 58, add each high part to
/// the next column (the top one, of weight 2^522 = 2, doubled into column 0), then one more parallel carry.
/// Needs column 8 below 2^121 and the others below 2^121.9 (every high part plus 58 bits fits 64 bits).
#[inline(always)]
fn reduce_wide(c: [u128; 9]) -> [u64; 9] {
    let lo = |x: u128| (x as u64) & M58;
    let hi = |x: u128| (x >> 58) as u64;
    carry([
        lo(c[0]) + 2 * hi(c[8]),
        lo(c[1]) + hi(c[0]),
        lo(c[2]) + hi(c[1]),
        lo(c[3]) + hi(c[2]),
        lo(c[4]) + hi(c[3]),
        lo(c[5]) + hi(c[4]),
        lo(c[6]) + hi(c[5]),
        lo(c[7]) + hi(c[6]),
        lo(c[8]) + hi(c[7]),
    ])
}

/// `k p` in limb form (`k` a power of two from 2 to 16): every limb `k (2^58 - 1)`, the top one
/// `k (2^57 - 1)`. Added before subtracting an element whose limbs are at most `k (2^57 - 1)`.
const fn kp(k: u64) -> [u64; 9] {
    let mut r = [k * M58; 9];
    r[8] = k * M57;
    r
}

/// Limb-wise `a + b`, no carry (lazy; the caller tracks the bounds).
#[inline(always)]
fn add_nc(a: &[u64; 9], b: &[u64; 9]) -> [u64; 9] {
    core::array::from_fn(|i| a[i] + b[i])
}

/// Limb-wise `a + kp - b`, no carry (lazy): `b`'s limbs must not exceed those of `kp`.
#[inline(always)]
fn sub_nc(a: &[u64; 9], b: &[u64; 9], kp: &[u64; 9]) -> [u64; 9] {
    core::array::from_fn(|i| a[i] + kp[i] - b[i])
}

/// Limb-wise `s a` for a small `s`, no carry (lazy).
#[inline(always)]
fn scale_nc(a: &[u64; 9], s: u64) -> [u64; 9] {
    a.map(|l| l * s)
}

/// 64 x 64 -> 128-bit product.
#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    (a as u128) * (b as u128)
}

impl Fe521 {
    /// Decodes 66 big-endian bytes of a value `< 2^521` (const-evaluable; the caller checks the range).
    pub(crate) const fn from_canonical_bytes(b: &[u8; 66]) -> Fe521 {
        let s = limbs::from_be_bytes::<9>(b);
        let mut r = [0u64; 9];
        let mut i = 0;
        while i < 9 {
            // Bits 58 i .. 58 i + 58 of the saturated value.
            let bit = 58 * i;
            let (w, o) = (bit / 64, bit % 64);
            let mut v = s[w] >> o;
            if o > 6 && w + 1 < 9 {
                v |= s[w + 1] << (64 - o);
            }
            r[i] = v & M58;
            i += 1;
        }
        Fe521(r)
    }

    /// The canonical limbs (value `< p`, limbs 0-7 below 2^58, limb 8 below 2^57).
    pub(crate) fn canonical(&self) -> [u64; 9] {
        let mut t = self.0;
        for _ in 0..2 {
            for i in 0..8 {
                t[i + 1] += t[i] >> 58;
                t[i] &= M58;
            }
            let top = t[8] >> 57;
            t[8] &= M57;
            t[0] += top;
        }
        // Now t < 2^521 + 2 with only limb 0 possibly above 58 bits when everything else was zero; one more
        // step settles it.
        let c = t[0] >> 58;
        t[0] &= M58;
        t[1] += c;
        // t < 2^521: map p (all ones) to zero.
        let all_ones = t[..8].iter().fold(1u64, |acc, &l| acc & limbs::eq_small(l, M58)) & limbs::eq_small(t[8], M57);
        let keep = !mask(all_ones);
        t.map(|l| l & keep)
    }

    /// `self^(2^k)`.
    #[inline]
    fn sqn(&self, k: u32) -> Fe521 {
        let mut r = *self;
        for _ in 0..k {
            r = r.square();
        }
        r
    }
}

impl FieldElement for Fe521 {
    type Bytes = [u8; 66];
    const ZERO: Fe521 = Fe521([0; 9]);
    const ONE: Fe521 = Fe521([1, 0, 0, 0, 0, 0, 0, 0, 0]);

    fn from_bytes(b: &[u8; 66]) -> (Fe521, u64) {
        let s = limbs::from_be_bytes::<9>(b);
        // Below p: no bit at or above 521, and not all 521 bits set.
        let high_clear = limbs::eq_small(s[8] >> 9, 0);
        let low_ones = s[..8].iter().fold(1u64, |acc, &l| acc & limbs::eq_small(l, u64::MAX));
        let all_ones = low_ones & limbs::eq_small(s[8], (1 << 9) - 1);
        (Fe521::from_canonical_bytes(b), high_clear & (1 ^ all_ones))
    }

    fn to_bytes(&self) -> [u8; 66] {
        let t = self.canonical();
        let mut s = [0u64; 9];
        for (i, &l) in t.iter().enumerate() {
            let bit = 58 * i;
            let (w, o) = (bit / 64, bit % 64);
            s[w] |= l << o;
            if o > 6 && w + 1 < 9 {
                s[w + 1] |= l >> (64 - o);
            }
        }
        let mut out = [0u8; 66];
        limbs::to_be_bytes(&s, &mut out);
        out
    }

    // Not inlined either (measured: ECDH 4.1k -> 4.6k/s).
    #[inline(never)]
    fn square(&self) -> Fe521 {
        let a = &self.0;
        let a2: [u64; 9] = core::array::from_fn(|i| a[i] << 1);
        let a4: [u64; 9] = core::array::from_fn(|i| a[i] << 2);
        let c0 = m(a[0], a[0]) + m(a4[1], a[8]) + m(a4[2], a[7]) + m(a4[3], a[6]) + m(a4[4], a[5]);
        let c1 = m(a2[0], a[1]) + m(a4[2], a[8]) + m(a4[3], a[7]) + m(a4[4], a[6]) + m(a2[5], a[5]);
        let c2 = m(a2[0], a[2]) + m(a[1], a[1]) + m(a4[3], a[8]) + m(a4[4], a[7]) + m(a4[5], a[6]);
        let c3 = m(a2[0], a[3]) + m(a2[1], a[2]) + m(a4[4], a[8]) + m(a4[5], a[7]) + m(a2[6], a[6]);
        let c4 = m(a2[0], a[4]) + m(a2[1], a[3]) + m(a[2], a[2]) + m(a4[5], a[8]) + m(a4[6], a[7]);
        let c5 = m(a2[0], a[5]) + m(a2[1], a[4]) + m(a2[2], a[3]) + m(a4[6], a[8]) + m(a2[7], a[7]);
        let c6 = m(a2[0], a[6]) + m(a2[1], a[5]) + m(a2[2], a[4]) + m(a[3], a[3]) + m(a4[7], a[8]);
        let c7 = m(a2[0], a[7]) + m(a2[1], a[6]) + m(a2[2], a[5]) + m(a2[3], a[4]) + m(a2[8], a[8]);
        let c8 = m(a2[0], a[8]) + m(a2[1], a[7]) + m(a2[2], a[6]) + m(a2[3], a[5]) + m(a[4], a[4]);
        Fe521(reduce_wide([c0, c1, c2, c3, c4, c5, c6, c7, c8]))
    }

    /// `self^-1 = self^(p - 2)`, p - 2 = 2^521 - 3: 519 one bits, then the bits 0 and 1.
    fn invert(&self) -> Fe521 {
        // x_k = self^(2^k - 1).
        let x1 = *self;
        let x2 = x1.square() * x1;
        let x3 = x2.square() * x1;
        let x6 = x3.sqn(3) * x3;
        let x7 = x6.square() * x1;
        let x8 = x7.square() * x1;
        let x16 = x8.sqn(8) * x8;
        let x32 = x16.sqn(16) * x16;
        let x64 = x32.sqn(32) * x32;
        let x128 = x64.sqn(64) * x64;
        let x256 = x128.sqn(128) * x128;
        let x512 = x256.sqn(256) * x256;
        let x519 = x512.sqn(7) * x7;
        x519.sqn(2) * x1
    }

    /// p = 3 mod 4, so the candidate root is `self^((p + 1) / 4) = self^(2^519)`.
    fn sqrt(&self) -> (Fe521, u64) {
        let r = self.sqn(519);
        let ok = r.square().ct_eq(self);
        (r, ok)
    }

    fn is_zero(&self) -> u64 {
        limbs::is_zero(&self.canonical())
    }

    fn ct_eq(&self, other: &Fe521) -> u64 {
        (*self - *other).is_zero()
    }

    fn is_odd(&self) -> u64 {
        self.canonical()[0] & 1
    }

    #[inline(always)]
    fn select(a: &Fe521, b: &Fe521, m: u64) -> Fe521 {
        Fe521(limbs::select(&a.0, &b.0, m))
    }

    #[inline(always)]
    fn or_masked(&mut self, e: &Fe521, m: u64) {
        for (a, x) in self.0.iter_mut().zip(e.0.iter()) {
            *a |= x & m;
        }
    }

    /// dbl-2001-b with lazy reduction. Limb bounds ("loose" is below 2^58.01): x + delta < 2^59.01 times the
    /// carried x - delta gives A B < 2^117.02; 8 beta and 8 gamma^2 (below 2^61.01) are subtracted from 16p,
    /// gamma + delta (below 2^59.01) from 4p; every other operand of a product or square is carried first.
    #[inline(always)]
    fn jacobian_double(x: &Fe521, y: &Fe521, z: &Fe521) -> (Fe521, Fe521, Fe521) {
        const P4: [u64; 9] = kp(4);
        const P16: [u64; 9] = kp(16);
        let delta = z.square();
        let gamma = y.square();
        let beta = *x * gamma;
        let t = (*x - delta) * Fe521(add_nc(&x.0, &delta.0));
        let alpha = Fe521(carry(scale_nc(&t.0, 3)));
        // alpha^2 - 8 beta.
        let x3 = Fe521(carry(sub_nc(&alpha.square().0, &scale_nc(&beta.0, 8), &P16)));
        // (y + z)^2 - gamma - delta.
        let z3 = Fe521(carry(sub_nc(&(*y + *z).square().0, &add_nc(&gamma.0, &delta.0), &P4)));
        // alpha (4 beta - x3) - 8 gamma^2.
        let prod = alpha * Fe521(carry(sub_nc(&scale_nc(&beta.0, 4), &x3.0, &P4)));
        let y3 = Fe521(carry(sub_nc(&prod.0, &scale_nc(&gamma.square().0, 8), &P16)));
        (x3, y3, z3)
    }
}

impl Add for Fe521 {
    type Output = Fe521;
    #[inline(always)]
    fn add(self, rhs: Fe521) -> Fe521 {
        Fe521(carry(core::array::from_fn(|i| self.0[i] + rhs.0[i])))
    }
}

impl Sub for Fe521 {
    type Output = Fe521;
    #[inline(always)]
    fn sub(self, rhs: Fe521) -> Fe521 {
        Fe521(carry(core::array::from_fn(|i| self.0[i] + FOUR_P[i] - rhs.0[i])))
    }
}

impl Neg for Fe521 {
    type Output = Fe521;
    #[inline(always)]
    fn neg(self) -> Fe521 {
        Fe521(carry(core::array::from_fn(|i| FOUR_P[i] - self.0[i])))
    }
}

impl Mul for Fe521 {
    type Output = Fe521;
    // Not inlined: the point formulas hold many products at once, and inlining all of them costs more in
    // register spills than the call (measured: a complete addition 0.92 -> 0.54 us).
    #[inline(never)]
    fn mul(self, rhs: Fe521) -> Fe521 {
        let (a, b) = (&self.0, &rhs.0);
        let b2: [u64; 9] = core::array::from_fn(|i| b[i] << 1);
        let c0 = m(a[0], b[0])
            + m(a[1], b2[8])
            + m(a[2], b2[7])
            + m(a[3], b2[6])
            + m(a[4], b2[5])
            + m(a[5], b2[4])
            + m(a[6], b2[3])
            + m(a[7], b2[2])
            + m(a[8], b2[1]);
        let c1 = m(a[0], b[1])
            + m(a[1], b[0])
            + m(a[2], b2[8])
            + m(a[3], b2[7])
            + m(a[4], b2[6])
            + m(a[5], b2[5])
            + m(a[6], b2[4])
            + m(a[7], b2[3])
            + m(a[8], b2[2]);
        let c2 = m(a[0], b[2])
            + m(a[1], b[1])
            + m(a[2], b[0])
            + m(a[3], b2[8])
            + m(a[4], b2[7])
            + m(a[5], b2[6])
            + m(a[6], b2[5])
            + m(a[7], b2[4])
            + m(a[8], b2[3]);
        let c3 = m(a[0], b[3])
            + m(a[1], b[2])
            + m(a[2], b[1])
            + m(a[3], b[0])
            + m(a[4], b2[8])
            + m(a[5], b2[7])
            + m(a[6], b2[6])
            + m(a[7], b2[5])
            + m(a[8], b2[4]);
        let c4 = m(a[0], b[4])
            + m(a[1], b[3])
            + m(a[2], b[2])
            + m(a[3], b[1])
            + m(a[4], b[0])
            + m(a[5], b2[8])
            + m(a[6], b2[7])
            + m(a[7], b2[6])
            + m(a[8], b2[5]);
        let c5 = m(a[0], b[5])
            + m(a[1], b[4])
            + m(a[2], b[3])
            + m(a[3], b[2])
            + m(a[4], b[1])
            + m(a[5], b[0])
            + m(a[6], b2[8])
            + m(a[7], b2[7])
            + m(a[8], b2[6]);
        let c6 = m(a[0], b[6])
            + m(a[1], b[5])
            + m(a[2], b[4])
            + m(a[3], b[3])
            + m(a[4], b[2])
            + m(a[5], b[1])
            + m(a[6], b[0])
            + m(a[7], b2[8])
            + m(a[8], b2[7]);
        let c7 = m(a[0], b[7])
            + m(a[1], b[6])
            + m(a[2], b[5])
            + m(a[3], b[4])
            + m(a[4], b[3])
            + m(a[5], b[2])
            + m(a[6], b[1])
            + m(a[7], b[0])
            + m(a[8], b2[8]);
        let c8 = m(a[0], b[8])
            + m(a[1], b[7])
            + m(a[2], b[6])
            + m(a[3], b[5])
            + m(a[4], b[4])
            + m(a[5], b[3])
            + m(a[6], b[2])
            + m(a[7], b[1])
            + m(a[8], b[0]);
        Fe521(reduce_wide([c0, c1, c2, c3, c4, c5, c6, c7, c8]))
    }
}
