//! The field GF(p), p = 2^255 - 19, as a trait over the backends' element types, and the operations that are
//! generic over it (inversion, square roots, comparisons).
//!
//! Every backend element is constant-time: no branch or memory access depends on a value. Exponentiations use
//! fixed addition chains.

use core::ops::{Add, Mul, Neg, Sub};

use super::table::Tables;

/// `d = -121665 / 121666`, the Edwards curve constant, little-endian.
pub(super) const D_BYTES: [u8; 32] = le_hex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3");
/// `2d`, little-endian.
pub(super) const D2_BYTES: [u8; 32] = le_hex("2406d9dc56dffce7198e80f2eef3d13000e0149a8283b156ebd69b9426b2f159");
/// A square root of -1 (`2^((p-1)/4)`), little-endian.
pub(super) const SQRT_M1_BYTES: [u8; 32] = le_hex("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");

/// Parses 64 big-endian hex digits into little-endian bytes (for the constants above).
pub(super) const fn le_hex(s: &str) -> [u8; 32] {
    const fn nib(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("bad hex constant"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 64);
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[31 - i] = (nib(s[2 * i]) << 4) | nib(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// An element of GF(2^255 - 19) in some backend representation.
///
/// Bounds: the results of `*`, [`Field::square`], `-` and [`Field::mul_121666`] are reduced enough to be any
/// operation's input; a `+` result may feed one more `+`, `-`, `*` or square (the 51-bit backend adds limbs
/// lazily).
pub(super) trait Field:
    'static + Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Neg<Output = Self>
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// The curve constant d.
    const D: Self;
    /// 2d.
    const D2: Self;
    /// sqrt(-1).
    const SQRT_M1: Self;

    /// The integer of `b` (little-endian) with bit 255 ignored, modulo p (non-canonical values are accepted).
    fn from_bytes(b: &[u8; 32]) -> Self;
    /// The canonical little-endian encoding (`< p`).
    fn to_bytes(&self) -> [u8; 32];
    /// `self^2`.
    fn square(&self) -> Self;
    /// `self * 121666` (`(A + 2) / 4` of Curve25519).
    fn mul_121666(&self) -> Self;
    /// Swaps `a` and `b` when `choice` is 1 (0 leaves them), in constant time.
    fn cswap(a: &mut Self, b: &mut Self, choice: u64);
    /// Replaces `self` by `other` when `choice` is 1, in constant time.
    fn cmov(&mut self, other: &Self, choice: u64);
    /// The base-point tables in this representation, computed on first use.
    fn tables() -> &'static Tables<Self>;
}

/// An all-ones mask if `choice` is 1, else zero; opaque to the optimiser so that it cannot branch on it.
#[inline(always)]
pub(super) fn mask(choice: u64) -> u64 {
    core::hint::black_box(0u64.wrapping_sub(choice & 1))
}

/// `x^(2^k)`.
#[inline]
pub(super) fn sqn<F: Field>(x: &F, k: u32) -> F {
    let mut r = *x;
    for _ in 0..k {
        r = r.square();
    }
    r
}

/// `(x^(2^250 - 1), x^11)`, the common start of [`invert`] and [`pow_p58`] (ref10's chain).
fn pow_2_250_1<F: Field>(z: &F) -> (F, F) {
    let t0 = z.square(); // 2
    let t1 = sqn(&t0, 2) * *z; // 9
    let t0 = t0 * t1; // 11
    let t2 = t0.square() * t1; // 2^5 - 1
    let t3 = sqn(&t2, 5) * t2; // 2^10 - 1
    let t4 = sqn(&t3, 10) * t3; // 2^20 - 1
    let t5 = sqn(&t4, 20) * t4; // 2^40 - 1
    let t6 = sqn(&t5, 10) * t3; // 2^50 - 1
    let t7 = sqn(&t6, 50) * t6; // 2^100 - 1
    let t8 = sqn(&t7, 100) * t7; // 2^200 - 1
    let t9 = sqn(&t8, 50) * t6; // 2^250 - 1
    (t9, t0)
}

/// `z^-1 = z^(p - 2)` (0 maps to 0).
pub(super) fn invert<F: Field>(z: &F) -> F {
    let (t, z11) = pow_2_250_1(z);
    sqn(&t, 5) * z11 // 2^255 - 32 + 11 = p - 2
}

/// `z^((p - 5) / 8) = z^(2^252 - 3)`.
fn pow_p58<F: Field>(z: &F) -> F {
    let (t, _) = pow_2_250_1(z);
    sqn(&t, 2) * *z
}

/// 1 if `a == b` (as field elements), else 0.
pub(super) fn ct_eq<F: Field>(a: &F, b: &F) -> u64 {
    let (x, y) = (a.to_bytes(), b.to_bytes());
    let mut d = 0u8;
    for i in 0..32 {
        d |= x[i] ^ y[i];
    }
    // 1 iff d == 0.
    (u64::from(d).wrapping_sub(1) >> 63) & 1
}

/// 1 if `a == 0`, else 0.
pub(super) fn is_zero<F: Field>(a: &F) -> u64 {
    ct_eq(a, &F::ZERO)
}

/// 1 if the canonical value is odd ("negative" in RFC 8032), else 0.
pub(super) fn is_negative<F: Field>(a: &F) -> u64 {
    u64::from(a.to_bytes()[0] & 1)
}

/// `sqrt(u / v)` if it exists: `(x, 1)` with `v x^2 = u`, else `(garbage, 0)` (RFC 8032 5.1.3 step 3). `u = 0`
/// gives `(0, 1)`.
pub(super) fn sqrt_ratio<F: Field>(u: &F, v: &F) -> (F, u64) {
    let v3 = v.square() * *v;
    let v7 = v3.square() * *v;
    let mut x = *u * v3 * pow_p58(&(*u * v7));
    let vxx = *v * x.square();
    let ok_pos = ct_eq(&vxx, u);
    let ok_neg = ct_eq(&vxx, &-*u);
    let x_i = x * F::SQRT_M1;
    x.cmov(&x_i, ok_neg);
    (x, ok_pos | ok_neg)
}

/// 1 if the 32 bytes, bit 255 ignored, encode an integer `< p` (a canonical encoding), else 0.
pub(super) fn is_canonical(b: &[u8; 32]) -> u64 {
    // Non-canonical: 2^255 - 19 <= y < 2^255, i.e. bytes 1..31 all 0xff (byte 31 as 0x7f) and byte 0 >= 0xed.
    let mut all_ones = u64::from(b[31] & 0x7f) ^ 0x7f;
    for &x in &b[1..31] {
        all_ones |= u64::from(x ^ 0xff);
    }
    let high_max = (all_ones.wrapping_sub(1) >> 63) & 1;
    let low_big = ((0xecu64).wrapping_sub(u64::from(b[0])) >> 63) & 1; // b[0] > 0xec
    1 ^ (high_max & low_big)
}
