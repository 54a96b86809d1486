//! Constant-time arithmetic on integers held as `L` little-endian 64-bit limbs (any `L`), shared by the
//! Montgomery fields and the scalars of the generic curves: carry chains, selection, comparison, byte
//! conversion and Montgomery multiplication (CIOS). No branch or memory index depends on limb values.

use core::hint::black_box;

use zeroize::Zeroize;

/// `a + b + carry` (carry 0 or 1): the low word and the carry out (0 or 1).
#[inline(always)]
pub(crate) const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// `a - b - borrow` (borrow 0 or 1): the low word and the borrow out (0 or 1).
#[inline(always)]
pub(crate) const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (t as u64, (t >> 127) as u64)
}

/// `a + b * c + carry`: the low word and the high word.
#[inline(always)]
pub(crate) const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + (b as u128) * (c as u128) + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// All-ones if `bit` (0 or 1) is 1, else zero, behind an optimisation barrier so that masked selections
/// driven by secrets are not turned back into branches.
#[inline(always)]
pub(crate) fn mask(bit: u64) -> u64 {
    black_box(0u64.wrapping_sub(bit))
}

/// 1 if `a == b` (small values), else 0, without branches.
#[inline(always)]
pub(crate) fn eq_small(a: u64, b: u64) -> u64 {
    let t = a ^ b;
    1 ^ ((t | t.wrapping_neg()) >> 63)
}

/// `a` where `m` is zero, `b` where `m` is all-ones.
#[inline(always)]
pub(crate) fn select<const L: usize>(a: &[u64; L], b: &[u64; L], m: u64) -> [u64; L] {
    core::array::from_fn(|i| a[i] ^ (m & (a[i] ^ b[i])))
}

/// 1 if `x` is zero, else 0.
#[inline(always)]
pub(crate) fn is_zero<const L: usize>(x: &[u64; L]) -> u64 {
    let t = x.iter().fold(0, |acc, &l| acc | l);
    1 ^ ((t | t.wrapping_neg()) >> 63)
}

/// 1 if `a == b`, else 0.
#[inline(always)]
pub(crate) fn eq<const L: usize>(a: &[u64; L], b: &[u64; L]) -> u64 {
    is_zero(&core::array::from_fn::<u64, L, _>(|i| a[i] ^ b[i]))
}

/// `a - b` and the borrow out (1 if `a < b`).
#[inline(always)]
pub(crate) const fn sub<const L: usize>(a: &[u64; L], b: &[u64; L]) -> ([u64; L], u64) {
    let mut r = [0u64; L];
    let mut c = 0;
    let mut i = 0;
    while i < L {
        (r[i], c) = sbb(a[i], b[i], c);
        i += 1;
    }
    (r, c)
}

/// `a + b` and the carry out.
#[inline(always)]
pub(crate) const fn add<const L: usize>(a: &[u64; L], b: &[u64; L]) -> ([u64; L], u64) {
    let mut r = [0u64; L];
    let mut c = 0;
    let mut i = 0;
    while i < L {
        (r[i], c) = adc(a[i], b[i], c);
        i += 1;
    }
    (r, c)
}

/// 1 if `a < b`, else 0.
#[inline(always)]
pub(crate) const fn lt<const L: usize>(a: &[u64; L], b: &[u64; L]) -> u64 {
    sub(a, b).1
}

/// Big-endian bytes (at most `8 * L`) to limbs.
pub(crate) const fn from_be_bytes<const L: usize>(b: &[u8]) -> [u64; L] {
    let mut r = [0u64; L];
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Byte i from the end goes to limb i / 8, bits 8 * (i % 8).
        let byte = b[n - 1 - i] as u64;
        if i / 8 < L {
            r[i / 8] |= byte << (8 * (i % 8));
        }
        i += 1;
    }
    r
}

/// Limbs to big-endian bytes, filling all of `out` (the low `out.len()` bytes of the integer).
pub(crate) fn to_be_bytes<const L: usize>(x: &[u64; L], out: &mut [u8]) {
    let n = out.len();
    for (i, o) in out.iter_mut().rev().enumerate() {
        *o = if i / 8 < L { (x[i / 8] >> (8 * (i % 8))) as u8 } else { 0 };
    }
    debug_assert!(n <= 8 * L);
}

/// An odd modulus `m < 2^(64 L)` and its Montgomery constants (R = 2^(64 L)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Modulus<const L: usize> {
    /// The modulus.
    pub(crate) m: [u64; L],
    /// `-m^-1 mod 2^64`.
    pub(crate) m0inv: u64,
    /// `R mod m`: one in Montgomery form.
    pub(crate) r: [u64; L],
    /// `R^2 mod m`: converts into Montgomery form.
    pub(crate) r2: [u64; L],
}

impl<const L: usize> Modulus<L> {
    /// Derives the Montgomery constants of `m` (compile time).
    pub(crate) const fn new(m: [u64; L]) -> Modulus<L> {
        // m^-1 mod 2^64 by Newton iteration: each step doubles the number of correct low bits.
        let mut inv = 1u64;
        let mut i = 0;
        while i < 6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(inv)));
            i += 1;
        }
        // R mod m and R^2 mod m by doubling one, 64 L and 128 L times.
        let mut one = [0u64; L];
        one[0] = 1;
        let mut r = one;
        let mut i = 0;
        while i < 64 * L {
            r = add_mod_const(&r, &r, &m);
            i += 1;
        }
        let mut r2 = r;
        let mut i = 0;
        while i < 64 * L {
            r2 = add_mod_const(&r2, &r2, &m);
            i += 1;
        }
        Modulus { m, m0inv: inv.wrapping_neg(), r, r2 }
    }
}

/// `x - m` if `(carry, x) >= m`, else `x`, where `(carry, x) < 2m` (const-evaluable, constant-time).
#[inline(always)]
pub(crate) const fn reduce_once<const L: usize>(x: &[u64; L], carry: u64, m: &[u64; L]) -> [u64; L] {
    let (d, borrow) = sub(x, m);
    // Keep x iff there was no carry and the subtraction borrowed (carry = 1 implies borrow = 1).
    let keep = 0u64.wrapping_sub(borrow - carry);
    let mut r = [0u64; L];
    let mut i = 0;
    while i < L {
        r[i] = (x[i] & keep) | (d[i] & !keep);
        i += 1;
    }
    r
}

/// `a + b mod m` for `a, b < m` (const-evaluable).
#[inline(always)]
pub(crate) const fn add_mod_const<const L: usize>(a: &[u64; L], b: &[u64; L], m: &[u64; L]) -> [u64; L] {
    let (s, c) = add(a, b);
    reduce_once(&s, c, m)
}

/// `a - b mod m` for `a, b < m`.
#[inline(always)]
pub(crate) fn sub_mod<const L: usize>(a: &[u64; L], b: &[u64; L], m: &[u64; L]) -> [u64; L] {
    let (d, borrow) = sub(a, b);
    let k = 0u64.wrapping_sub(borrow);
    add(&d, &core::array::from_fn(|i| m[i] & k)).0
}

/// Montgomery multiplication `a * b * R^-1 mod m` for `a, b < m` (CIOS), constant-time, const-evaluable.
#[inline(always)]
pub(crate) const fn mont_mul<const L: usize>(a: &[u64; L], b: &[u64; L], md: &Modulus<L>) -> [u64; L] {
    let m = &md.m;
    let mut t = [0u64; L];
    let mut hi = 0u64;
    let mut i = 0;
    while i < L {
        let mut c = 0;
        let mut j = 0;
        while j < L {
            (t[j], c) = mac(t[j], a[j], b[i], c);
            j += 1;
        }
        let (h, hi2) = adc(hi, c, 0);
        hi = h;
        let k = t[0].wrapping_mul(md.m0inv);
        let (_, mut c) = mac(t[0], k, m[0], 0);
        j = 1;
        while j < L {
            (t[j - 1], c) = mac(t[j], k, m[j], c);
            j += 1;
        }
        let (top, c) = adc(hi, c, 0);
        t[L - 1] = top;
        hi = hi2 + c;
        i += 1;
    }
    reduce_once(&t, hi, m)
}

/// `base^e` in Montgomery form for a PUBLIC exponent `e` (fixed 4-bit windows; the running time depends on
/// `e` only). `base` and the result are in Montgomery form.
pub(crate) fn mont_pow_public<const L: usize>(base: &[u64; L], e: &[u64; L], md: &Modulus<L>) -> [u64; L] {
    let mut table = [md.r; 16];
    for i in 1..16 {
        table[i] = mont_mul(&table[i - 1], base, md);
    }
    let mut r = md.r;
    for i in (0..16 * L).rev() {
        for _ in 0..4 {
            r = mont_mul(&r, &r, md);
        }
        // The exponent is public: indexing by its digits leaks nothing about `base`.
        let digit = ((e[i / 16] >> ((i % 16) * 4)) & 0xf) as usize;
        if digit != 0 {
            r = mont_mul(&r, &table[digit], md);
        }
    }
    table.zeroize();
    r
}
