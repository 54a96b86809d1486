//! Scalar multiplication.
//!
//! * [`mul_ct`]: `k * P` for a secret `k` and any point: signed 5-bit windows over a 16-entry Jacobian table
//!   scanned in full for every lookup, five Jacobian doublings and one constant-time Jacobian addition per
//!   window (zero digits add an identity, handled by selection); the last window uses the complete formulas.
//! * [`mul_base`]: `k * G` for a secret `k`, from the precomputed affine table of [`super::table`] (signed
//!   6-bit windows, each row scanned in full, constant-time mixed additions; complete formula for the top row).
//! * [`double_mul_vartime`]: `a * G + b * P` for PUBLIC `a`, `b`, `P` (signature verification only).
//!
//! Why the incomplete constant-time additions cannot meet equal points where they are used is argued at
//! [`mul_ct`] and [`mul_base`]; `tests.rs` runs the edge scalars (k = 1, 2, n - 1, n - 2, ..., long zero runs).

use zeroize::Zeroize;

use super::field::Fe;
use super::jacobian::JacobianPoint;
use super::limbs::mask;
use super::point::{AffinePoint, ProjectivePoint};
use super::scalar::Scalar;
use super::table;

/// Window width of the variable-base multiplication.
const W: usize = 5;
/// Number of signed windows covering 256 bits (the top one absorbs the final carry).
const WINDOWS: usize = 256 / W + 1;

/// Signed radix-2^w recoding of `k`: digits in `[-2^(w-1), 2^(w-1) - 1]`, `k = sum d_i 2^(w i)`.
/// Constant-time: the digits are computed with arithmetic only. `count * w` must exceed 256.
pub(super) fn recode_signed<const COUNT: usize>(k: &Scalar, w: usize) -> [i8; COUNT] {
    let mut digits = [0i8; COUNT];
    let mut carry = 0u64;
    let half = 1u64 << (w - 1);
    for (i, d) in digits.iter_mut().enumerate() {
        let mut v = 0u64;
        for b in 0..w {
            let bit = i * w + b;
            if bit < 256 {
                v |= k.bit(bit) << b;
            }
        }
        let v = v + carry;
        // carry = 1 iff v >= 2^(w-1); then the digit is v - 2^w.
        carry = (v + half) >> w;
        *d = (v as i64 - ((carry << w) as i64)) as i8;
    }
    digits
}

/// Splits a signed digit into (|d|, all-ones if d < 0); the mask passes the optimisation barrier.
#[inline(always)]
pub(super) fn abs_sign(d: i8) -> (u64, u64) {
    let d = d as i64;
    let neg = ((d >> 63) as u64) & 1; // 1 if negative
    let abs = ((d as u64) ^ 0u64.wrapping_sub(neg)).wrapping_add(neg);
    (abs, mask(neg))
}

/// 1 if `a == b` (small values), else 0, without branches.
#[inline(always)]
pub(super) fn eq_small(a: u64, b: u64) -> u64 {
    let t = a ^ b;
    1 ^ ((t | t.wrapping_neg()) >> 63)
}

/// `acc |= e & m`, limb-wise (vectorisable).
#[inline(always)]
fn or_masked<const L: usize>(acc: &mut [u64; L], e: &[u64; L], m: u64) {
    for (a, x) in acc.iter_mut().zip(e) {
        *a |= x & m;
    }
}

/// `table[|d| - 1]` negated if `d < 0`, or all zero (an identity: Z = 0) if `d == 0`, scanning every entry.
pub(super) fn lookup_jacobian(table: &[JacobianPoint; 16], d: i8) -> JacobianPoint {
    let (abs, neg) = abs_sign(d);
    let mut acc = [0u64; 12];
    for (j, t) in table.iter().enumerate() {
        let e: [u64; 12] = core::array::from_fn(|i| [t.x.0, t.y.0, t.z.0][i / 4][i % 4]);
        or_masked(&mut acc, &e, mask(eq_small(abs, j as u64 + 1)));
    }
    let limb4 = |i: usize| [acc[i], acc[i + 1], acc[i + 2], acc[i + 3]];
    let y = Fe(limb4(4));
    JacobianPoint { x: Fe(limb4(0)), y: Fe::select(&y, &-y, neg), z: Fe(limb4(8)) }
}

/// `row[|d| - 1]` negated if `d < 0`, scanning every entry; garbage (zero) if `d == 0`.
#[inline(always)]
fn lookup_affine<const N: usize>(row: &[AffinePoint; N], d: i8) -> AffinePoint {
    let (abs, neg) = abs_sign(d);
    let mut acc = [0u64; 8];
    for (j, e) in row.iter().enumerate() {
        let l: [u64; 8] = core::array::from_fn(|i| [e.x.0, e.y.0][i / 4][i % 4]);
        or_masked(&mut acc, &l, mask(eq_small(abs, j as u64 + 1)));
    }
    let y = Fe([acc[4], acc[5], acc[6], acc[7]]);
    AffinePoint { x: Fe([acc[0], acc[1], acc[2], acc[3]]), y: Fe::select(&y, &-y, neg) }
}

/// `k * p`, constant-time in `k` (and in `p`), for `0 <= k < n`: signed 5-bit windows over a 16-entry
/// Jacobian table (`table[j] = (j + 1) p`), five Jacobian doublings and one table addition per window.
///
/// Why the incomplete addition [`JacobianPoint::add_ct_distinct`] is safe in every window but the last: with
/// digits `d_i` (`|d_i| <= 16`, `k = sum d_i 32^i`), window `i` adds `D = d_i` (times p) to `A = 32 V`, where
/// `A + D = S_i = sum_{j >= i} d_j 32^(j-i)` and `0 <= S_i <= k / 32^i + 1/2`. For `i >= 1`,
/// `|A| + |D| <= n / 32 + 33 < n`, so `A = +-D (mod n)` forces `A = +-D` as integers; `A` is a multiple of
/// 32 and `|D| <= 16`, so only `A = D = 0` remains, i.e. both inputs are the identity, which the selection
/// handles (as it handles one identity input). A finite `p` has order n, so `A * p` is the identity only for
/// `A = 0`. In the last window (i = 0) `A` can reach `n + 16`, where the bound argument fails (a residue
/// argument on `n mod 32` would still exclude equal points, but it is fragile): that window uses the complete
/// projective formula instead, for about 100 cycles.
///
/// The point operations come from `ops`: [`FieldOps`] (the field-level formulas of [`JacobianPoint`]) or, on
/// BMI2 + ADX, the same formulas fused into one assembly block each (`x86_adx_point`).
pub(super) fn mul_ct(p: &ProjectivePoint, k: &Scalar) -> ProjectivePoint {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(cpu) = super::x86_adx::adx() {
        return mul_ct_with(&mut super::x86_adx_point::Fused::new(cpu), p, k);
    }
    mul_ct_with(&mut FieldOps(JacobianPoint::IDENTITY), p, k)
}

/// The point operations [`mul_ct`] is made of, on an accumulator point.
pub(super) trait PointOps {
    /// Sets the accumulator to `p`.
    fn load(&mut self, p: &JacobianPoint);
    /// The accumulator.
    fn point(&self) -> JacobianPoint;
    /// Doubles the accumulator `n` times ([`JacobianPoint::double`]).
    fn double_n(&mut self, n: usize);
    /// Adds `b` to the accumulator by [`JacobianPoint::add_ct_distinct`]: they must not be the same finite point.
    fn add_ct_distinct(&mut self, b: &JacobianPoint);
}

/// [`PointOps`] by the field-level formulas of [`JacobianPoint`] (any backend of [`Fe`]).
pub(super) struct FieldOps(pub(super) JacobianPoint);

impl PointOps for FieldOps {
    #[inline(always)]
    fn load(&mut self, p: &JacobianPoint) {
        self.0 = *p;
    }

    #[inline(always)]
    fn point(&self) -> JacobianPoint {
        self.0
    }

    #[inline(always)]
    fn double_n(&mut self, n: usize) {
        for _ in 0..n {
            self.0 = self.0.double();
        }
    }

    #[inline(always)]
    fn add_ct_distinct(&mut self, b: &JacobianPoint) {
        self.0 = self.0.add_ct_distinct(b);
    }
}

/// [`mul_ct`] with the point operations of `ops`.
pub(super) fn mul_ct_with<O: PointOps>(ops: &mut O, p: &ProjectivePoint, k: &Scalar) -> ProjectivePoint {
    let pj = JacobianPoint::from_projective(p);
    let mut table = [pj; 16];
    for i in 1..16 {
        // (i + 1) p: a double of an earlier entry, or i p + p with i p != p (2 <= i < n).
        if i % 2 == 1 {
            ops.load(&table[i / 2]);
            ops.double_n(1);
        } else {
            ops.load(&table[i - 1]);
            ops.add_ct_distinct(&pj);
        }
        table[i] = ops.point();
    }
    let mut digits = recode_signed::<WINDOWS>(k, W);
    ops.load(&lookup_jacobian(&table, digits[WINDOWS - 1]));
    for i in (1..WINDOWS - 1).rev() {
        ops.double_n(W);
        ops.add_ct_distinct(&lookup_jacobian(&table, digits[i]));
    }
    ops.double_n(W);
    let acc = ops.point();
    let last = lookup_jacobian(&table, digits[0]).to_projective();
    let r = acc.to_projective().add(&last);
    digits.zeroize();
    r
}

/// `k * G`, constant-time in `k`, for `0 <= k < n`: one mixed addition per signed `table::WINDOW`-bit digit,
/// from that position's row of the fixed-base table (no doublings).
///
/// Why the incomplete mixed addition [`JacobianPoint::add_affine_ct_distinct`] is safe at every position but
/// the last: position `i` adds `D = d_i 2^(w i)` (times G; `|d_i| <= 2^(w-1)`) to `A = sum_{j < i} d_j 2^(w j)`,
/// with `|A| <= 2^(w-1) (2^(w i) - 1) / (2^w - 1) < 2^(w i)`. If `d_i != 0`, `|D| >= 2^(w i) > |A|`, and for
/// `i < POSITIONS - 1`, `|A| + |D| < 2^(w i + w) <= 2^252 < n`, so `A != +-D (mod n)`: the points are neither
/// equal nor opposite. `d_i = 0` is skipped by selection, and `A = 0` (identity accumulator) is selected
/// away. The top position (whose digit may reach `2^256 / 2^(w i)`) uses the complete projective formula.
pub(super) fn mul_base(k: &Scalar) -> ProjectivePoint {
    let mut digits = recode_signed::<{ table::POSITIONS }>(k, table::WINDOW);
    let mut acc = JacobianPoint::IDENTITY;
    let last = table::POSITIONS - 1;
    for (row, &d) in table::BASE[..last].iter().zip(digits.iter()) {
        acc = acc.add_affine_ct_distinct(&lookup_affine(row, d), eq_small(d as u64, 0));
    }
    let d = digits[last];
    let acc = acc.to_projective();
    let sum = acc.add_affine(&lookup_affine(&table::BASE[last], d));
    // A zero digit adds nothing (the affine table has no identity): keep `acc`.
    let r = ProjectivePoint::select(&sum, &acc, mask(eq_small(d as u64, 0)));
    digits.zeroize();
    r
}

/// Width-w NAF of a public scalar: 257 digits, odd or zero, |d| < 2^(w-1). Variable-time.
fn wnaf_vartime(k: &Scalar, w: u32) -> [i8; 257] {
    let mut naf = [0i8; 257];
    // 5 limbs: k plus room for the carry of negative digits.
    let mut x = [k.0[0], k.0[1], k.0[2], k.0[3], 0u64];
    let full = 1i64 << w;
    let half = 1i64 << (w - 1);
    let mut i = 0;
    while x.iter().any(|&l| l != 0) && i < 257 {
        if x[0] & 1 == 1 {
            let mut d = (x[0] & (full as u64 - 1)) as i64;
            if d >= half {
                d -= full;
            }
            naf[i] = d as i8;
            // x -= d
            if d > 0 {
                let mut borrow = d as u64;
                for l in x.iter_mut() {
                    let (v, b) = l.overflowing_sub(borrow);
                    *l = v;
                    borrow = b as u64;
                }
            } else {
                let mut carry = (-d) as u64;
                for l in x.iter_mut() {
                    let (v, c) = l.overflowing_add(carry);
                    *l = v;
                    carry = c as u64;
                }
            }
        }
        // x >>= 1
        for j in 0..4 {
            x[j] = (x[j] >> 1) | (x[j + 1] << 63);
        }
        x[4] >>= 1;
        i += 1;
    }
    naf
}

/// Odd multiples `P, 3P, 5P, ..., (2m-1)P`. Variable-time.
fn odd_multiples_vartime<const M: usize>(p: &JacobianPoint) -> [JacobianPoint; M] {
    let mut t = [*p; M];
    let p2 = p.double();
    for i in 1..M {
        t[i] = t[i - 1].add_vartime(&p2);
    }
    t
}

/// `a * G + b * p` for public scalars and point, in Jacobian coordinates: interleaved width-w NAFs, the G part
/// from the precomputed affine odd multiples. Variable-time: verification only.
/// The doublings come from the [`PointOps`] of the backend (fused assembly on BMI2 + ADX), as in [`mul_ct`].
pub(super) fn double_mul_vartime(a: &Scalar, b: &Scalar, p: &ProjectivePoint) -> JacobianPoint {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(cpu) = super::x86_adx::adx() {
        return double_mul_vartime_with(&mut super::x86_adx_point::Fused::new(cpu), a, b, p);
    }
    double_mul_vartime_with(&mut FieldOps(JacobianPoint::IDENTITY), a, b, p)
}

/// [`double_mul_vartime`] with the doublings of `ops`.
fn double_mul_vartime_with<O: PointOps>(ops: &mut O, a: &Scalar, b: &Scalar, p: &ProjectivePoint) -> JacobianPoint {
    const WP: u32 = 5;
    let tp = odd_multiples_vartime::<{ 1 << (WP - 2) }>(&JacobianPoint::from_projective(p));
    let naf_a = wnaf_vartime(a, table::G_WNAF_WINDOW);
    let naf_b = wnaf_vartime(b, WP);
    // The accumulator lives in `ops` once a digit has been added (doubling an identity keeps it one).
    let mut started = false;
    for i in (0..257).rev() {
        if started {
            ops.double_n(1);
        }
        let (da, db) = (naf_a[i], naf_b[i]);
        if da == 0 && db == 0 {
            continue;
        }
        let mut acc = if started { ops.point() } else { JacobianPoint::IDENTITY };
        if da != 0 {
            let e = &table::G_ODD[(da.unsigned_abs() / 2) as usize];
            acc = if da > 0 { acc.add_affine_vartime(e) } else { acc.add_affine_vartime(&e.neg()) };
        }
        if db != 0 {
            let e = &tp[(db.unsigned_abs() / 2) as usize];
            acc = if db > 0 { acc.add_vartime(e) } else { acc.add_vartime(&e.neg()) };
        }
        ops.load(&acc);
        started = true;
    }
    if started { ops.point() } else { JacobianPoint::IDENTITY }
}

/// `k * G` by the generic constant-time ladder (used to cross-check the table-based [`mul_base`]).
#[cfg(test)]
pub(super) fn mul_base_generic(k: &Scalar) -> ProjectivePoint {
    mul_ct(&ProjectivePoint::from(&super::point::G), k)
}
