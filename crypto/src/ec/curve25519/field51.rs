//! The portable field backend: five 51-bit limbs in `u64`, products in `u128`.
//!
//! Limbs of a reduced element are `< 2^51 + 2^15`; multiplication accepts limbs up to `2^54`, so one level of
//! lazy (carry-free) addition is allowed before a multiplication (see [`super::field::Field`]).

use core::ops::{Add, Mul, Neg, Sub};
use std::sync::OnceLock;

use super::field::{self, D_BYTES, D2_BYTES, Field, SQRT_M1_BYTES};
use super::table::Tables;

const MASK51: u64 = (1 << 51) - 1;

/// An element of GF(2^255 - 19) as `sum(l[i] * 2^(51 i))`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fe51(pub(super) [u64; 5]);

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

impl Fe51 {
    /// `from_bytes`, usable in constants.
    pub(super) const fn from_bytes_const(b: &[u8; 32]) -> Fe51 {
        let mut w = [0u64; 4];
        let mut i = 0;
        while i < 4 {
            let mut j = 0;
            while j < 8 {
                w[i] |= (b[8 * i + j] as u64) << (8 * j);
                j += 1;
            }
            i += 1;
        }
        Fe51([
            w[0] & MASK51,
            ((w[0] >> 51) | (w[1] << 13)) & MASK51,
            ((w[1] >> 38) | (w[2] << 26)) & MASK51,
            ((w[2] >> 25) | (w[3] << 39)) & MASK51,
            (w[3] >> 12) & MASK51,
        ])
    }

    /// Carries limbs up to `2^64` down to `< 2^51 + 2^15`.
    #[inline(always)]
    fn reduce(mut l: [u64; 5]) -> Fe51 {
        let c0 = l[0] >> 51;
        let c1 = l[1] >> 51;
        let c2 = l[2] >> 51;
        let c3 = l[3] >> 51;
        let c4 = l[4] >> 51;
        l[0] &= MASK51;
        l[1] &= MASK51;
        l[2] &= MASK51;
        l[3] &= MASK51;
        l[4] &= MASK51;
        l[0] += c4 * 19;
        l[1] += c0;
        l[2] += c1;
        l[3] += c2;
        l[4] += c3;
        Fe51(l)
    }

    /// Carries the 128-bit column sums `c` into limbs.
    #[inline(always)]
    fn carry_wide(c: [u128; 5]) -> Fe51 {
        let mut c = c;
        let mut out = [0u64; 5];
        c[1] += c[0] >> 51;
        out[0] = (c[0] as u64) & MASK51;
        c[2] += c[1] >> 51;
        out[1] = (c[1] as u64) & MASK51;
        c[3] += c[2] >> 51;
        out[2] = (c[2] as u64) & MASK51;
        c[4] += c[3] >> 51;
        out[3] = (c[3] as u64) & MASK51;
        // Inputs below 2^54 give c[4] < 2^110.4: the carry is < 2^59.4 and 19 times it fits a u64.
        let carry = (c[4] >> 51) as u64;
        out[4] = (c[4] as u64) & MASK51;
        out[0] += carry * 19;
        out[1] += out[0] >> 51;
        out[0] &= MASK51;
        Fe51(out)
    }
}

impl Field for Fe51 {
    const ZERO: Fe51 = Fe51([0; 5]);
    const ONE: Fe51 = Fe51([1, 0, 0, 0, 0]);
    const D: Fe51 = Fe51::from_bytes_const(&D_BYTES);
    const D2: Fe51 = Fe51::from_bytes_const(&D2_BYTES);
    const SQRT_M1: Fe51 = Fe51::from_bytes_const(&SQRT_M1_BYTES);

    fn from_bytes(b: &[u8; 32]) -> Fe51 {
        Fe51::from_bytes_const(b)
    }

    fn to_bytes(&self) -> [u8; 32] {
        let mut l = Fe51::reduce(self.0).0;
        // Now l < 2^255 + small; q = 1 iff l >= p (computed from l + 19).
        let mut q = (l[0] + 19) >> 51;
        q = (l[1] + q) >> 51;
        q = (l[2] + q) >> 51;
        q = (l[3] + q) >> 51;
        q = (l[4] + q) >> 51;
        l[0] += 19 * q;
        l[1] += l[0] >> 51;
        l[0] &= MASK51;
        l[2] += l[1] >> 51;
        l[1] &= MASK51;
        l[3] += l[2] >> 51;
        l[2] &= MASK51;
        l[4] += l[3] >> 51;
        l[3] &= MASK51;
        l[4] &= MASK51;
        let w = [
            l[0] | (l[1] << 51),
            (l[1] >> 13) | (l[2] << 38),
            (l[2] >> 26) | (l[3] << 25),
            (l[3] >> 39) | (l[4] << 12),
        ];
        let mut out = [0u8; 32];
        for (o, x) in out.chunks_exact_mut(8).zip(w) {
            o.copy_from_slice(&x.to_le_bytes());
        }
        out
    }

    #[inline(always)]
    fn square(&self) -> Fe51 {
        let a = &self.0;
        let a3_19 = 19 * a[3];
        let a4_19 = 19 * a[4];
        let c0 = m(a[0], a[0]) + 2 * (m(a[1], a4_19) + m(a[2], a3_19));
        let c1 = m(a[3], a3_19) + 2 * (m(a[0], a[1]) + m(a[2], a4_19));
        let c2 = m(a[1], a[1]) + 2 * (m(a[0], a[2]) + m(a[4], a3_19));
        let c3 = m(a[4], a4_19) + 2 * (m(a[0], a[3]) + m(a[1], a[2]));
        let c4 = m(a[2], a[2]) + 2 * (m(a[0], a[4]) + m(a[1], a[3]));
        Fe51::carry_wide([c0, c1, c2, c3, c4])
    }

    #[inline(always)]
    fn mul_121666(&self) -> Fe51 {
        let a = &self.0;
        Fe51::carry_wide([m(a[0], 121666), m(a[1], 121666), m(a[2], 121666), m(a[3], 121666), m(a[4], 121666)])
    }

    #[inline(always)]
    fn cswap(a: &mut Fe51, b: &mut Fe51, choice: u64) {
        let mask = field::mask(choice);
        for i in 0..5 {
            let t = mask & (a.0[i] ^ b.0[i]);
            a.0[i] ^= t;
            b.0[i] ^= t;
        }
    }

    #[inline(always)]
    fn cmov(&mut self, other: &Fe51, choice: u64) {
        let mask = field::mask(choice);
        for i in 0..5 {
            self.0[i] ^= mask & (self.0[i] ^ other.0[i]);
        }
    }

    fn tables() -> &'static Tables<Fe51> {
        static TABLES: OnceLock<Tables<Fe51>> = OnceLock::new();
        TABLES.get_or_init(Tables::generate)
    }
}

impl Add for Fe51 {
    type Output = Fe51;
    #[inline(always)]
    fn add(self, rhs: Fe51) -> Fe51 {
        let (a, b) = (self.0, rhs.0);
        Fe51([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]])
    }
}

/// 16 p, limb by limb: large enough to subtract any lazily added value.
const P16: [u64; 5] = [16 * (MASK51 - 18), 16 * MASK51, 16 * MASK51, 16 * MASK51, 16 * MASK51];

impl Sub for Fe51 {
    type Output = Fe51;
    #[inline(always)]
    fn sub(self, rhs: Fe51) -> Fe51 {
        let (a, b) = (self.0, rhs.0);
        Fe51::reduce([
            (a[0] + P16[0]) - b[0],
            (a[1] + P16[1]) - b[1],
            (a[2] + P16[2]) - b[2],
            (a[3] + P16[3]) - b[3],
            (a[4] + P16[4]) - b[4],
        ])
    }
}

impl Neg for Fe51 {
    type Output = Fe51;
    #[inline(always)]
    fn neg(self) -> Fe51 {
        Fe51::ZERO - self
    }
}

impl Mul for Fe51 {
    type Output = Fe51;
    #[inline(always)]
    fn mul(self, rhs: Fe51) -> Fe51 {
        let (a, b) = (&self.0, &rhs.0);
        let b1_19 = 19 * b[1];
        let b2_19 = 19 * b[2];
        let b3_19 = 19 * b[3];
        let b4_19 = 19 * b[4];
        let c0 = m(a[0], b[0]) + m(a[4], b1_19) + m(a[3], b2_19) + m(a[2], b3_19) + m(a[1], b4_19);
        let c1 = m(a[1], b[0]) + m(a[0], b[1]) + m(a[4], b2_19) + m(a[3], b3_19) + m(a[2], b4_19);
        let c2 = m(a[2], b[0]) + m(a[1], b[1]) + m(a[0], b[2]) + m(a[4], b3_19) + m(a[3], b4_19);
        let c3 = m(a[3], b[0]) + m(a[2], b[1]) + m(a[1], b[2]) + m(a[0], b[3]) + m(a[4], b4_19);
        let c4 = m(a[4], b[0]) + m(a[3], b[1]) + m(a[2], b[2]) + m(a[1], b[3]) + m(a[0], b[4]);
        Fe51::carry_wide([c0, c1, c2, c3, c4])
    }
}
