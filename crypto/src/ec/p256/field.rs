//! The P-256 base field GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1, in Montgomery form (R = 2^256).
//!
//! Elements are always fully reduced (< p), so equal elements have equal limbs. All operations are
//! constant-time; exponentiations use public, fixed exponents only.

use core::ops::{Add, Mul, Neg, Sub};

use super::limbs::{self, Limbs, Modulus};
use super::safegcd::{self, ModInfo};

/// The field prime p and its Montgomery constants.
pub(super) const P: Modulus = Modulus::new([0xffff_ffff_ffff_ffff, 0x0000_0000_ffff_ffff, 0, 0xffff_ffff_0000_0001]);

/// p's constants for [`safegcd::invert`].
const P_INV: ModInfo = ModInfo::new(&P);

/// An element of GF(p) in Montgomery form (`a * 2^256 mod p`), fully reduced.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Fe(pub(super) Limbs);

impl Fe {
    /// Zero.
    pub(super) const ZERO: Fe = Fe([0; 4]);
    /// One.
    pub(super) const ONE: Fe = Fe(P.r);

    /// Converts a canonical integer `x < p` into Montgomery form (const-evaluable).
    pub(super) const fn from_canonical(x: Limbs) -> Fe {
        Fe(limbs::mont_mul(&x, &P.r2, &P))
    }

    /// The canonical integer value (`x < p`).
    pub(super) fn to_canonical(self) -> Limbs {
        limbs::mont_mul(&self.0, &[1, 0, 0, 0], &P)
    }

    /// Decodes 32 big-endian bytes; the second value is 1 if the integer is `< p` (else the element is garbage).
    pub(super) fn from_bytes(b: &[u8; 32]) -> (Fe, u64) {
        let x = limbs::from_be_bytes(b);
        let valid = limbs::lt(&x, &P.m);
        (Fe::from_canonical(x), valid)
    }

    /// Encodes as 32 big-endian bytes.
    pub(super) fn to_bytes(self) -> [u8; 32] {
        limbs::to_be_bytes(&self.to_canonical())
    }

    /// 1 if zero, else 0.
    pub(super) fn is_zero(&self) -> u64 {
        limbs::is_zero(&self.0)
    }

    /// 1 if equal, else 0.
    pub(super) fn ct_eq(&self, other: &Fe) -> u64 {
        limbs::eq(&self.0, &other.0)
    }

    /// 1 if the canonical value is odd, else 0.
    pub(super) fn is_odd(&self) -> u64 {
        self.to_canonical()[0] & 1
    }

    /// `a` where `m` is zero, `b` where `m` is all-ones.
    #[inline(always)]
    pub(super) fn select(a: &Fe, b: &Fe, m: u64) -> Fe {
        Fe(limbs::select(&a.0, &b.0, m))
    }

    /// `2 * self`.
    #[inline(always)]
    pub(super) fn double(&self) -> Fe {
        *self + *self
    }

    /// `self / 2`: `self >> 1` if even, else `(self + p) >> 1` (257 bits before the shift); constant-time.
    #[inline(always)]
    pub(super) fn half(&self) -> Fe {
        let m = limbs::mask(self.0[0] & 1);
        let (s, c) = limbs::add(&self.0, &[P.m[0] & m, P.m[1] & m, P.m[2] & m, P.m[3] & m]);
        Fe([
            (s[0] >> 1) | (s[1] << 63),
            (s[1] >> 1) | (s[2] << 63),
            (s[2] >> 1) | (s[3] << 63),
            (s[3] >> 1) | (c << 63),
        ])
    }

    /// `self^2`.
    #[inline(always)]
    pub(super) fn square(&self) -> Fe {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            return Fe(adx.sqr(&self.0));
        }
        self.square_portable()
    }

    /// `self * rhs` with the portable arithmetic (whatever the CPU offers).
    #[inline(always)]
    pub(super) fn mul_portable(&self, rhs: &Fe) -> Fe {
        Fe(mont_reduce(&limbs::mul_wide(&self.0, &rhs.0)))
    }

    /// `self^2` with the portable arithmetic.
    #[inline(always)]
    pub(super) fn square_portable(&self) -> Fe {
        Fe(mont_reduce(&limbs::sqr_wide(&self.0)))
    }

    /// `self^(2^k)`.
    #[cfg(test)]
    fn sqn(&self, k: u32) -> Fe {
        let mut r = *self;
        for _ in 0..k {
            r = r.square();
        }
        r
    }

    /// `self^e` for a public, fixed exponent `e`: the running time depends on `e` only.
    fn pow_fixed(&self, e: &Limbs) -> Fe {
        let mut r = Fe::ONE;
        for i in (0..256).rev() {
            r = r.square();
            if (e[i / 64] >> (i % 64)) & 1 == 1 {
                r = r * *self;
            }
        }
        r
    }

    /// `self^-1` (zero maps to zero), constant-time: safegcd ([`super::safegcd`]) on the Montgomery form
    /// `a R`, which gives `a^-1 R^-1`; one Montgomery multiplication by `R^3` brings it to `a^-1 R`.
    pub(super) fn invert(&self) -> Fe {
        const R3: Fe = Fe(limbs::mont_mul(&P.r2, &P.r2, &P));
        Fe(safegcd::invert(&self.0, &P_INV)) * R3
    }

    /// `self^-1` by Fermat: `self^(p-2)` with a fixed addition chain (the reference the tests hold
    /// [`Fe::invert`] to).
    #[cfg(test)]
    pub(super) fn invert_fermat(&self) -> Fe {
        // p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd (hex, 32-bit words).
        // x_k = x^(2^k - 1): k one bits.
        let x = *self;
        let x2 = x.square() * x;
        let x4 = x2.sqn(2) * x2;
        let x8 = x4.sqn(4) * x4;
        let x16 = x8.sqn(8) * x8;
        let x32 = x16.sqn(16) * x16;
        let mut r = x32.sqn(32) * x; // exponent so far: ffffffff 00000001
        r = r.sqn(128) * x32; // ... 00000000 00000000 00000000 ffffffff
        r = r.sqn(32) * x32; // ... ffffffff
        // The last word, fffffffd: thirty ones (16 + 8 + 4 + 2), then the bits 0 and 1.
        r = r.sqn(16) * x16;
        r = r.sqn(8) * x8;
        r = r.sqn(4) * x4;
        r = r.sqn(2) * x2;
        r.sqn(2) * x
    }

    /// A square root if one exists: `(root, 1)`, else `(garbage, 0)`. p = 3 mod 4, so the candidate is
    /// `self^((p+1)/4)`.
    pub(super) fn sqrt(&self) -> (Fe, u64) {
        const E: Limbs = {
            // (p + 1) / 4
            let (p1, _) = limbs::add(&P.m, &[1, 0, 0, 0]);
            [(p1[0] >> 2) | (p1[1] << 62), (p1[1] >> 2) | (p1[2] << 62), (p1[2] >> 2) | (p1[3] << 62), p1[3] >> 2]
        };
        let r = self.pow_fixed(&E);
        let ok = r.square().ct_eq(self);
        (r, ok)
    }
}

impl Add for Fe {
    type Output = Fe;
    #[inline(always)]
    fn add(self, rhs: Fe) -> Fe {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            return Fe(adx.add(&self.0, &rhs.0));
        }
        Fe(limbs::add_mod(&self.0, &rhs.0, &P.m))
    }
}

impl Sub for Fe {
    type Output = Fe;
    #[inline(always)]
    fn sub(self, rhs: Fe) -> Fe {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            return Fe(adx.sub(&self.0, &rhs.0));
        }
        Fe(limbs::sub_mod(&self.0, &rhs.0, &P.m))
    }
}

impl Neg for Fe {
    type Output = Fe;
    #[inline(always)]
    fn neg(self) -> Fe {
        Fe::ZERO - self
    }
}

impl Mul for Fe {
    type Output = Fe;
    #[inline(always)]
    fn mul(self, rhs: Fe) -> Fe {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            return Fe(adx.mul(&self.0, &rhs.0));
        }
        self.mul_portable(&rhs)
    }
}

/// Montgomery reduction `t * 2^-256 mod p` for `t < p * 2^256`, using the form of p: `-p^-1 mod 2^64 = 1`, so
/// each round's multiplier is the low word itself, and of p's limbs `[2^64 - 1, 2^32 - 1, 0, 2^64 - 2^32 + 1]`
/// the first turns into a carry and the third vanishes: two multiplications per round.
#[inline(always)]
fn mont_reduce(t: &[u64; 8]) -> Limbs {
    const P1: u64 = 0x0000_0000_ffff_ffff;
    const P3: u64 = 0xffff_ffff_0000_0001;
    let mut t = *t;
    let mut top = 0u64;
    for i in 0..4 {
        let m = t[i];
        // t[i] + m * (2^64 - 1) = m * 2^64: the word becomes zero and m carries into the next one.
        let (x1, c) = limbs::mac(t[i + 1], m, P1, m);
        let (x2, c) = limbs::adc(t[i + 2], c, 0);
        let (x3, c) = limbs::mac(t[i + 3], m, P3, c);
        let (x4, c) = limbs::adc(t[i + 4], c, top);
        (t[i + 1], t[i + 2], t[i + 3], t[i + 4], top) = (x1, x2, x3, x4, c);
    }
    // (top, t[4..8]) < 2p.
    limbs::reduce_once(&[t[4], t[5], t[6], t[7]], top, &P.m)
}
