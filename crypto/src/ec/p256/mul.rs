//! Scalar multiplication.
//!
//! * [`mul_ct`]: `k * P` for a secret `k` and any point: signed 5-bit windows, a 16-entry table scanned in full
//!   for every lookup, one addition per window whatever the digit (zero digits add the identity, which the
//!   complete formulas handle).
//! * [`mul_base`]: `k * G` for a secret `k`, from the precomputed table of [`super::table`] (signed 6-bit
//!   windows, each row scanned in full).
//! * [`double_mul_vartime`]: `a * G + b * P` for PUBLIC `a`, `b`, `P` (signature verification only).

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

/// `table[|d| - 1]` negated if `d < 0`, or the identity if `d == 0`, scanning every entry.
fn lookup_projective(table: &[ProjectivePoint; 16], d: i8) -> ProjectivePoint {
    let (abs, neg) = abs_sign(d);
    let mut acc = [0u64; 12];
    for (j, t) in table.iter().enumerate() {
        let e: [u64; 12] = core::array::from_fn(|i| [t.x.0, t.y.0, t.z.0][i / 4][i % 4]);
        or_masked(&mut acc, &e, mask(eq_small(abs, j as u64 + 1)));
    }
    let limb4 = |i: usize| [acc[i], acc[i + 1], acc[i + 2], acc[i + 3]];
    let mut r = ProjectivePoint { x: Fe(limb4(0)), y: Fe(limb4(4)), z: Fe(limb4(8)) };
    // No entry matched: the identity (0:1:0).
    r.y = Fe::select(&r.y, &Fe::ONE, mask(eq_small(abs, 0)));
    r.cond_neg(neg)
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

/// `k * p`, constant-time in `k` (and in `p`). The doublings run in Jacobian coordinates (cheaper, and
/// exception-free on P-256); each window's addition converts to projective form for the complete formula.
pub(super) fn mul_ct(p: &ProjectivePoint, k: &Scalar) -> ProjectivePoint {
    let mut table = [*p; 16];
    for i in 1..16 {
        table[i] = if i % 2 == 1 { table[i / 2].double() } else { table[i - 1].add(p) };
    }
    let mut digits = recode_signed::<WINDOWS>(k, W);
    let mut acc = lookup_projective(&table, digits[WINDOWS - 1]);
    for i in (0..WINDOWS - 1).rev() {
        let mut j = JacobianPoint::from_projective(&acc);
        for _ in 0..W {
            j = j.double();
        }
        acc = j.to_projective().add(&lookup_projective(&table, digits[i]));
    }
    digits.zeroize();
    acc
}

/// `k * G`, constant-time in `k`: one mixed addition per signed `table::WINDOW`-bit digit, from that
/// position's row of the fixed-base table (no doublings).
pub(super) fn mul_base(k: &Scalar) -> ProjectivePoint {
    let mut digits = recode_signed::<{ table::POSITIONS }>(k, table::WINDOW);
    let mut acc = ProjectivePoint::IDENTITY;
    for (row, &d) in table::BASE.iter().zip(digits.iter()) {
        let sum = acc.add_affine(&lookup_affine(row, d));
        // A zero digit adds nothing (the affine table has no identity): keep `acc`.
        acc = ProjectivePoint::select(&sum, &acc, mask(eq_small(d as u64, 0)));
    }
    digits.zeroize();
    acc
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
pub(super) fn double_mul_vartime(a: &Scalar, b: &Scalar, p: &ProjectivePoint) -> JacobianPoint {
    const WP: u32 = 5;
    let tp = odd_multiples_vartime::<{ 1 << (WP - 2) }>(&JacobianPoint::from_projective(p));
    let naf_a = wnaf_vartime(a, table::G_WNAF_WINDOW);
    let naf_b = wnaf_vartime(b, WP);
    let mut acc = JacobianPoint::IDENTITY;
    for i in (0..257).rev() {
        if acc.is_identity() == 0 {
            acc = acc.double();
        }
        let da = naf_a[i];
        if da != 0 {
            let e = &table::G_ODD[(da.unsigned_abs() / 2) as usize];
            acc = if da > 0 { acc.add_affine_vartime(e) } else { acc.add_affine_vartime(&e.neg()) };
        }
        let db = naf_b[i];
        if db != 0 {
            let e = &tp[(db.unsigned_abs() / 2) as usize];
            acc = if db > 0 { acc.add_vartime(e) } else { acc.add_vartime(&e.neg()) };
        }
    }
    acc
}

/// `k * G` by the generic constant-time ladder (used to cross-check the table-based [`mul_base`]).
#[cfg(test)]
pub(super) fn mul_base_generic(k: &Scalar) -> ProjectivePoint {
    mul_ct(&ProjectivePoint::from(&super::point::G), k)
}
