//! Precomputed multiples of the base point B, computed once per field backend on first use (about 320 point
//! additions and one batched inversion): the signed radix-16 table for constant-time fixed-base
//! multiplication and the odd multiples for variable-time verification.

use super::edwards::{Niels, P3};
use super::field::{self, Field};

/// B's x-coordinate, little-endian.
pub(super) const B_X: [u8; 32] = field::le_hex("216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a");
/// B's y-coordinate (4/5), little-endian.
pub(super) const B_Y: [u8; 32] = field::le_hex("6666666666666666666666666666666666666666666666666666666666666658");

/// Width of the non-adjacent form of the B scalar in verification.
pub(super) const ODD_WIDTH: usize = 8;
/// Number of odd multiples of B (`B, 3B, ..., (2^(ODD_WIDTH-1) - 1) B`).
const ODD_LEN: usize = 1 << (ODD_WIDTH - 2);

/// The base-point tables of one field backend.
pub(super) struct Tables<F> {
    /// `base[i][j] = (j + 1) * 256^i * B`.
    pub(super) base: [[Niels<F>; 8]; 32],
    /// `odd[j] = (2j + 1) * B`.
    pub(super) odd: [Niels<F>; ODD_LEN],
}

/// The base point.
pub(super) fn base_point<F: Field>() -> P3<F> {
    P3::from_affine(F::from_bytes(&B_X), F::from_bytes(&B_Y))
}

impl<F: Field> Tables<F> {
    /// Computes the tables (public data; the code is constant-time anyway).
    pub(super) fn generate() -> Tables<F> {
        let mut points: Vec<P3<F>> = Vec::with_capacity(32 * 8 + ODD_LEN);
        let mut row_base = base_point::<F>();
        for _ in 0..32 {
            let cached = row_base.to_cached();
            let mut p = row_base;
            for _ in 0..8 {
                points.push(p);
                p = p.add_cached(&cached).to_p3();
            }
            // p = 9 * row_base; the next row starts at 256 * row_base.
            let mut q = row_base;
            for _ in 0..8 {
                q = q.double().to_p3();
            }
            row_base = q;
        }
        let b = base_point::<F>();
        let b2 = b.double().to_p3().to_cached();
        let mut p = b;
        for _ in 0..ODD_LEN {
            points.push(p);
            p = p.add_cached(&b2).to_p3();
        }
        // Batch inversion of the Z coordinates (Montgomery's trick).
        let mut prefix = Vec::with_capacity(points.len());
        let mut acc = F::ONE;
        for p in &points {
            prefix.push(acc);
            acc = acc * p.z;
        }
        let mut inv = field::invert(&acc);
        let mut zinv = vec![F::ZERO; points.len()];
        for i in (0..points.len()).rev() {
            zinv[i] = inv * prefix[i];
            inv = inv * points[i].z;
        }
        let mut affine = points.iter().zip(&zinv).map(|(p, zi)| Niels::from_affine(p.x * *zi, p.y * *zi));
        let mut base = [[Niels::identity(); 8]; 32];
        for row in base.iter_mut() {
            for e in row.iter_mut() {
                *e = affine.next().unwrap_or_else(Niels::identity);
            }
        }
        let mut odd = [Niels::identity(); ODD_LEN];
        for e in odd.iter_mut() {
            *e = affine.next().unwrap_or_else(Niels::identity);
        }
        Tables { base, odd }
    }

    /// `b * 256^i * B` for a digit `-8 <= b <= 8`, by scanning the whole row (constant-time).
    #[inline(always)]
    pub(super) fn select(&self, i: usize, b: i8) -> Niels<F> {
        let b = i64::from(b);
        let neg = (b >> 63) as u64 & 1;
        let babs = ((b ^ -(neg as i64)) + neg as i64) as u64;
        let mut t = Niels::identity();
        for (j, e) in self.base[i].iter().enumerate() {
            let eq = ((babs ^ (j as u64 + 1)).wrapping_sub(1) >> 63) & 1;
            t.cmov(e, eq);
        }
        t.cneg(neg);
        t
    }
}
