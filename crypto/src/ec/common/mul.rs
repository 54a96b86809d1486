//! Scalar multiplication.
//!
//! * [`mul_ct`]: `k * P` for a secret `k` and any point: signed 5-bit windows, a 16-entry table scanned in full
//!   for every lookup, one addition per window whatever the digit, in Jacobian coordinates (special cases
//!   excluded by the argument at [`mul_ct`] or selected around; the last addition is the complete formula).
//! * [`mul_base`]: `k * G` for a secret `k`, from the precomputed table (one mixed Jacobian addition per
//!   signed digit, each row scanned in full, no doublings).
//! * [`double_mul_vartime`]: `a * G + b * P` for PUBLIC `a`, `b`, `P` (signature verification only).

use zeroize::Zeroize;

use super::jacobian::JacobianPoint;
use super::limbs::{self, eq_small, mask};
use super::point::{AffinePoint, ProjectivePoint};
use super::table::{self, ENTRIES};
use super::{Curve, FieldElement, ScalarOps};

/// Window width of the variable-base multiplication.
const W: usize = 5;
/// Room for the signed digits of any supported scalar ([`digit_count`]` <= MAX_DIGITS`).
const MAX_DIGITS: usize = 136;
/// Room for the wNAF digits of any supported scalar (`BITS + 1`).
const MAX_NAF: usize = 530;

/// Digits of a signed radix-2^w recoding of a `bits`-bit scalar: the top digit needs two spare bits (its
/// window plus the incoming carry must stay below `2^(w-1)`).
pub(crate) const fn digit_count(bits: usize, w: usize) -> usize {
    (bits + 2).div_ceil(w)
}

/// Signed radix-2^w recoding of `k`: [`digit_count`] digits in `[-2^(w-1), 2^(w-1) - 1]`,
/// `k = sum d_i 2^(w i)`. Constant-time: the digits are computed with arithmetic only.
pub(crate) fn recode_signed<S: ScalarOps>(k: &S, w: usize) -> ([i8; MAX_DIGITS], usize) {
    let count = digit_count(S::BITS, w);
    debug_assert!(count <= MAX_DIGITS);
    let mut digits = [0i8; MAX_DIGITS];
    let mut carry = 0u64;
    let half = 1u64 << (w - 1);
    for (i, d) in digits.iter_mut().enumerate().take(count) {
        let mut v = 0u64;
        for b in 0..w {
            let bit = i * w + b;
            if bit < S::BITS {
                v |= k.bit(bit) << b;
            }
        }
        let v = v + carry;
        // carry = 1 iff v >= 2^(w-1); then the digit is v - 2^w.
        carry = (v + half) >> w;
        *d = (v as i64 - ((carry << w) as i64)) as i8;
    }
    (digits, count)
}

/// Splits a signed digit into (|d|, all-ones if d < 0); the mask passes the optimisation barrier.
#[inline(always)]
fn abs_sign(d: i8) -> (u64, u64) {
    let d = d as i64;
    let neg = ((d >> 63) as u64) & 1;
    let abs = ((d as u64) ^ 0u64.wrapping_sub(neg)).wrapping_add(neg);
    (abs, mask(neg))
}

/// The coordinates of `table[|d| - 1]` negated if `d < 0` (Y negated), or `(0, 1, 0)` if `d == 0` (the identity
/// in both projective and Jacobian coordinates), scanning every entry.
fn lookup_xyz<C: Curve>(table: &[[C::F; 3]; 16], d: i8) -> [C::F; 3] {
    let (abs, neg) = abs_sign(d);
    let mut r = [C::F::ZERO; 3];
    for (j, t) in table.iter().enumerate() {
        let m = mask(eq_small(abs, j as u64 + 1));
        for (a, e) in r.iter_mut().zip(t) {
            a.or_masked(e, m);
        }
    }
    r[1] = C::F::select(&r[1], &C::F::ONE, mask(eq_small(abs, 0)));
    r[1] = C::F::select(&r[1], &-r[1], neg);
    r
}

/// `row[|d| - 1]` negated if `d < 0`, scanning every entry; garbage (zero) if `d == 0`.
#[inline(always)]
fn lookup_affine<C: Curve>(row: &[AffinePoint<C>; ENTRIES], d: i8) -> AffinePoint<C> {
    let (abs, neg) = abs_sign(d);
    let mut r = AffinePoint::<C>::ZERO;
    for (j, e) in row.iter().enumerate() {
        let m = mask(eq_small(abs, j as u64 + 1));
        r.x.or_masked(&e.x, m);
        r.y.or_masked(&e.y, m);
    }
    AffinePoint { x: r.x, y: C::F::select(&r.y, &-r.y, neg) }
}

/// `k * p`, constant-time in `k` and `p`.
///
/// Windows from the top: `acc = 2^w acc + d_i P`. With `K_i` the value of the digits from `i` up, `acc`
/// holds `2^w K_{i+1} P` when digit `i` is added, and `|2^w K_{i+1}| < k / 2^(w i) + 2^w`. For `i >= 1` that is
/// far below `n`, so `acc = +-d_i P` only when both are the identity (`K_{i+1} = d_i = 0`), which two
/// selections handle: these windows use the cheaper Jacobian addition. Only the last addition can meet
/// `acc = d_0 P` (for `k = n - 2|d_0|`), so it uses the complete projective formula.
pub(crate) fn mul_ct<C: Curve>(p: &ProjectivePoint<C>, k: &C::S) -> ProjectivePoint<C> {
    let mut proj = [*p; 16];
    for i in 1..16 {
        proj[i] = if i % 2 == 1 { proj[i / 2].double() } else { proj[i - 1].add(p) };
    }
    let ptable: [[C::F; 3]; 16] = core::array::from_fn(|i| [proj[i].x, proj[i].y, proj[i].z]);
    let jtable: [[C::F; 3]; 16] = core::array::from_fn(|i| {
        let j = JacobianPoint::from_projective(&proj[i]);
        [j.x, j.y, j.z]
    });
    let jac = |c: [C::F; 3]| JacobianPoint::<C> { x: c[0], y: c[1], z: c[2] };
    let (mut digits, count) = recode_signed(k, W);
    let mut acc = jac(lookup_xyz::<C>(&jtable, digits[count - 1]));
    for i in (1..count - 1).rev() {
        for _ in 0..W {
            acc = acc.double();
        }
        let d = digits[i];
        let t = jac(lookup_xyz::<C>(&jtable, d));
        let sum = acc.add_generic(&t);
        let sum = JacobianPoint::select(&sum, &t, mask(acc.is_identity()));
        acc = JacobianPoint::select(&sum, &acc, mask(eq_small(d as u64, 0)));
    }
    for _ in 0..W {
        acc = acc.double();
    }
    let [x, y, z] = lookup_xyz::<C>(&ptable, digits[0]);
    digits.zeroize();
    acc.to_projective().add(&ProjectivePoint { x, y, z })
}

/// `k * G`, constant-time in `k`: one mixed Jacobian addition per signed digit, from that position's row of
/// the fixed-base table (no doublings).
///
/// Before position `i`, `acc = L_i G` with `L_i` the value of the lower digits, `|L_i| < 2^(w i)`, while the
/// row holds `d 2^(w i) G`, `|d| >= 1`: they can only be equal or opposite modulo n when both sides are
/// zero (`acc` the identity, handled by selection) or at the top position when `k = 2^(w i + 1) d mod n`,
/// which for P-384 and P-521 is a small number whose top digit is zero (then the addition is skipped).
pub(crate) fn mul_base<C: Curve>(k: &C::S) -> ProjectivePoint<C> {
    let (mut digits, count) = recode_signed(k, table::WINDOW);
    let mut acc = JacobianPoint::IDENTITY;
    for (row, &d) in C::tables().base.iter().zip(digits.iter().take(count)) {
        let t = lookup_affine(row, d);
        let sum = acc.add_affine_generic(&t);
        let sum = JacobianPoint::select(&sum, &JacobianPoint { x: t.x, y: t.y, z: C::F::ONE }, mask(acc.is_identity()));
        // A zero digit adds nothing (the affine table has no identity): keep `acc`.
        acc = JacobianPoint::select(&sum, &acc, mask(eq_small(d as u64, 0)));
    }
    digits.zeroize();
    acc.to_projective()
}

/// Width-w NAF of a public scalar: digits odd or zero, |d| < 2^(w-1). Variable-time.
fn wnaf_vartime<S: ScalarOps>(k: &S, w: u32) -> [i8; MAX_NAF] {
    let mut naf = [0i8; MAX_NAF];
    // 10 limbs hold any supported scalar plus the carry of negative digits.
    let mut x = limbs::from_be_bytes::<10>(k.to_bytes().as_ref());
    let full = 1i64 << w;
    let half = 1i64 << (w - 1);
    let mut i = 0;
    while x.iter().any(|&l| l != 0) && i < MAX_NAF {
        if x[0] & 1 == 1 {
            let mut d = (x[0] & (full as u64 - 1)) as i64;
            if d >= half {
                d -= full;
            }
            naf[i] = d as i8;
            let (r, _) = if d > 0 {
                limbs::sub(&x, &core::array::from_fn(|j| if j == 0 { d as u64 } else { 0 }))
            } else {
                limbs::add(&x, &core::array::from_fn(|j| if j == 0 { (-d) as u64 } else { 0 }))
            };
            x = r;
        }
        for j in 0..9 {
            x[j] = (x[j] >> 1) | (x[j + 1] << 63);
        }
        x[9] >>= 1;
        i += 1;
    }
    naf
}

/// `a * G + b * p` for public scalars and point, in Jacobian coordinates: interleaved width-w NAFs, the G part
/// from the precomputed affine odd multiples. Variable-time: verification only.
pub(crate) fn double_mul_vartime<C: Curve>(a: &C::S, b: &C::S, p: &ProjectivePoint<C>) -> JacobianPoint<C> {
    const WP: u32 = 5;
    let pj = JacobianPoint::from_projective(p);
    let p2 = pj.double();
    let mut tp = [pj; 1 << (WP - 2)];
    for i in 1..tp.len() {
        tp[i] = tp[i - 1].add_vartime(&p2);
    }
    let g_odd = &C::tables().g_odd;
    let naf_a = wnaf_vartime(a, table::G_WNAF_WINDOW);
    let naf_b = wnaf_vartime(b, WP);
    let top = naf_a.iter().zip(naf_b.iter()).rposition(|(x, y)| *x != 0 || *y != 0).unwrap_or(0);
    let mut acc = JacobianPoint::IDENTITY;
    for i in (0..=top).rev() {
        if acc.is_identity() == 0 {
            acc = acc.double();
        }
        let da = naf_a[i];
        if da != 0 {
            let e = &g_odd[(da.unsigned_abs() / 2) as usize];
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
