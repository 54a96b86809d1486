//! Precomputed multiples of a curve's base point G, built once per process on first use (`OnceLock` in the
//! curve module): the fixed-base table of [`super::mul::mul_base`] and the odd multiples of G that
//! verification's interleaved wNAF reads.
//!
//! Memory: `(BITS / WINDOW + 1) * ENTRIES` affine points plus [`G_ODD_ENTRIES`]: P-384 (96-byte points)
//! 78 * 16 + 32 points = 123 KB; P-521 (144-byte points) 105 * 16 + 32 points = 247 KB.

use super::point::{AffinePoint, ProjectivePoint};
use super::{Curve, FieldElement, ScalarOps};

/// Signed window width of the fixed-base table.
pub(crate) const WINDOW: usize = 5;
/// Entries per position: multiples `1..=2^(WINDOW-1)`.
pub(crate) const ENTRIES: usize = 1 << (WINDOW - 1);
/// wNAF width of the G part of verification.
pub(crate) const G_WNAF_WINDOW: u32 = 7;
/// Odd multiples of G for that wNAF: `G, 3G, ..., (2^(w-1) - 1) G`.
pub(crate) const G_ODD_ENTRIES: usize = 1 << (G_WNAF_WINDOW - 2);

/// The precomputed multiples of G.
pub(crate) struct Tables<C: Curve> {
    /// `base[i][j] = (j + 1) * 2^(WINDOW * i) * G`, one position per signed digit.
    pub(crate) base: Vec<[AffinePoint<C>; ENTRIES]>,
    /// `g_odd[j] = (2j + 1) * G`.
    pub(crate) g_odd: [AffinePoint<C>; G_ODD_ENTRIES],
}

/// The base point G.
pub(crate) fn generator<C: Curve>() -> AffinePoint<C> {
    let g = C::G_UNCOMPRESSED;
    let n = (g.len() - 1) / 2;
    let p = AffinePoint::from_uncompressed(&g[1..1 + n], &g[1 + n..]);
    debug_assert!(p.is_some(), "G decodes");
    p.unwrap_or(AffinePoint::ZERO)
}

/// Converts finite points to affine with one inversion (Montgomery's trick).
pub(crate) fn batch_to_affine<C: Curve>(points: &[ProjectivePoint<C>]) -> Vec<AffinePoint<C>> {
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = C::F::ONE;
    for p in points {
        prefix.push(acc);
        acc = acc * p.z;
    }
    let mut inv = acc.invert();
    let mut out = vec![AffinePoint::ZERO; points.len()];
    for (i, p) in points.iter().enumerate().rev() {
        // inv = (z_0 ... z_i)^-1; prefix[i] = z_0 ... z_{i-1}.
        let zinv = inv * prefix[i];
        inv = inv * p.z;
        out[i] = AffinePoint { x: p.x * zinv, y: p.y * zinv };
    }
    out
}

impl<C: Curve> Tables<C> {
    /// Computes the tables (public data; a few milliseconds).
    pub(crate) fn build() -> Self {
        let positions = super::mul::digit_count(C::S::BITS, WINDOW);
        let g = ProjectivePoint::from(&generator::<C>());
        let mut all = Vec::with_capacity(positions * ENTRIES + G_ODD_ENTRIES);
        let mut base = g;
        for _ in 0..positions {
            let mut acc = base;
            for _ in 0..ENTRIES {
                all.push(acc);
                acc = acc.add(&base);
            }
            for _ in 0..WINDOW {
                base = base.double();
            }
        }
        let g2 = g.double();
        let mut acc = g;
        for _ in 0..G_ODD_ENTRIES {
            all.push(acc);
            acc = acc.add(&g2);
        }
        let affine = batch_to_affine(&all);
        let (rows, odd) = affine.split_at(positions * ENTRIES);
        Tables {
            base: rows.chunks_exact(ENTRIES).map(|r| core::array::from_fn(|j| r[j])).collect(),
            g_odd: core::array::from_fn(|j| odd[j]),
        }
    }
}
