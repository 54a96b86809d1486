//! Arithmetic on 256-bit integers held as four little-endian 64-bit limbs, shared by the field (mod p) and the
//! scalars (mod n): carry chains, constant-time selection and comparison, and generic Montgomery multiplication.
//!
//! Everything here is constant-time: no branch or memory index depends on limb values.

use core::hint::black_box;

/// A 256-bit integer, least significant limb first.
pub(super) type Limbs = [u64; 4];

/// `a + b + carry` (carry 0 or 1): the low word and the carry out (0 or 1).
#[inline(always)]
pub(super) const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// `a - b - borrow` (borrow 0 or 1): the low word and the borrow out (0 or 1).
#[inline(always)]
pub(super) const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (t as u64, (t >> 127) as u64)
}

/// `a + b * c + carry`: the low word and the high word.
#[inline(always)]
pub(super) const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + (b as u128) * (c as u128) + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// All-ones if `bit` (0 or 1) is 1, else zero, for selections driven by a secret CHOICE (table index, digit
/// sign, skipped addition). The value passes an optimisation barrier so that the compiler cannot see that it is
/// 0 or all-ones and turn the masked selections that use it back into branches.
///
/// The carry-derived masks inside modular addition and subtraction ([`reduce_once`], [`sub_mod`]) do without
/// the barrier, as fiat-crypto's and RustCrypto's field code do: they sit in the middle of add-with-carry
/// chains, which compile to `sbb`/`and` (or `cmov`) sequences, and a barrier there costs a store and a load
/// per field addition (about a quarter of the time of a scalar multiplication).
#[inline(always)]
pub(super) fn mask(bit: u64) -> u64 {
    black_box(0u64.wrapping_sub(bit))
}

/// `a` where `m` is zero, `b` where `m` is all-ones.
#[inline(always)]
pub(super) fn select(a: &Limbs, b: &Limbs, m: u64) -> Limbs {
    [a[0] ^ (m & (a[0] ^ b[0])), a[1] ^ (m & (a[1] ^ b[1])), a[2] ^ (m & (a[2] ^ b[2])), a[3] ^ (m & (a[3] ^ b[3]))]
}

/// 1 if `x` is zero, else 0.
#[inline(always)]
pub(super) fn is_zero(x: &Limbs) -> u64 {
    let t = x[0] | x[1] | x[2] | x[3];
    // The top bit of `t | -t` is set iff t != 0.
    1 ^ ((t | t.wrapping_neg()) >> 63)
}

/// 1 if `a == b`, else 0.
#[inline(always)]
pub(super) fn eq(a: &Limbs, b: &Limbs) -> u64 {
    is_zero(&[a[0] ^ b[0], a[1] ^ b[1], a[2] ^ b[2], a[3] ^ b[3]])
}

/// `a - b` and the borrow out (1 if `a < b`).
#[inline(always)]
pub(super) const fn sub(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, c) = sbb(a[0], b[0], 0);
    let (r1, c) = sbb(a[1], b[1], c);
    let (r2, c) = sbb(a[2], b[2], c);
    let (r3, c) = sbb(a[3], b[3], c);
    ([r0, r1, r2, r3], c)
}

/// `a + b` and the carry out.
#[inline(always)]
pub(super) const fn add(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let (r0, c) = adc(a[0], b[0], 0);
    let (r1, c) = adc(a[1], b[1], c);
    let (r2, c) = adc(a[2], b[2], c);
    let (r3, c) = adc(a[3], b[3], c);
    ([r0, r1, r2, r3], c)
}

/// 1 if `a < b`, else 0.
#[inline(always)]
pub(super) const fn lt(a: &Limbs, b: &Limbs) -> u64 {
    sub(a, b).1
}

/// Big-endian bytes to limbs.
#[inline]
pub(super) const fn from_be_bytes(b: &[u8; 32]) -> Limbs {
    let mut r = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        let mut w = 0u64;
        let mut j = 0;
        while j < 8 {
            w = (w << 8) | b[24 - 8 * i + j] as u64;
            j += 1;
        }
        r[i] = w;
        i += 1;
    }
    r
}

/// Limbs to big-endian bytes.
#[inline]
pub(super) fn to_be_bytes(x: &Limbs) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_exact_mut(8).enumerate() {
        chunk.copy_from_slice(&x[3 - i].to_be_bytes());
    }
    out
}

/// An odd modulus `m` with `2^255 < m < 2^256` and its Montgomery constants (R = 2^256).
#[derive(Clone, Copy, Debug)]
pub(super) struct Modulus {
    /// The modulus.
    pub(super) m: Limbs,
    /// `-m^-1 mod 2^64`.
    pub(super) m0inv: u64,
    /// `R mod m`: one in Montgomery form.
    pub(super) r: Limbs,
    /// `R^2 mod m`: converts into Montgomery form.
    pub(super) r2: Limbs,
}

impl Modulus {
    /// Derives the Montgomery constants of `m` (compile time).
    pub(super) const fn new(m: Limbs) -> Modulus {
        // m^-1 mod 2^64 by Newton iteration: each step doubles the number of correct low bits (1 -> 64).
        let mut inv = 1u64;
        let mut i = 0;
        while i < 6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(inv)));
            i += 1;
        }
        // R mod m = 2^256 - m, since m > 2^255.
        let (r, _) = sub(&[0, 0, 0, 0], &m);
        // R^2 mod m: double R mod m 256 times.
        let mut r2 = r;
        let mut i = 0;
        while i < 256 {
            r2 = add_mod_const(&r2, &r2, &m);
            i += 1;
        }
        Modulus { m, m0inv: inv.wrapping_neg(), r, r2 }
    }
}

/// `x - m` if `(carry, x) >= m`, else `x`, where `(carry, x) < 2m`. Const-evaluable (and constant-time: the
/// selection is a mask).
#[inline(always)]
const fn reduce_once_const(x: &Limbs, carry: u64, m: &Limbs) -> Limbs {
    let (d, borrow) = sub(x, m);
    // Keep x iff there was no carry and the subtraction borrowed (carry = 1 implies borrow = 1).
    let keep = 0u64.wrapping_sub(borrow - carry);
    [
        (x[0] & keep) | (d[0] & !keep),
        (x[1] & keep) | (d[1] & !keep),
        (x[2] & keep) | (d[2] & !keep),
        (x[3] & keep) | (d[3] & !keep),
    ]
}

/// `x - m` if `(carry, x) >= m`, else `x`, where `(carry, x) < 2m`.
#[inline(always)]
pub(super) fn reduce_once(x: &Limbs, carry: u64, m: &Limbs) -> Limbs {
    let (d, borrow) = sub(x, m);
    // Add m back iff the subtraction borrowed and there was no carry (carry = 1 implies borrow = 1).
    select(&d, x, 0u64.wrapping_sub(borrow - carry))
}

/// `a + b mod m` for `a, b < m` (const-evaluable).
const fn add_mod_const(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (s, c) = add(a, b);
    reduce_once_const(&s, c, m)
}

/// `a + b mod m` for `a, b < m`.
#[inline(always)]
pub(super) fn add_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (s, c) = add(a, b);
    reduce_once(&s, c, m)
}

/// `a - b mod m` for `a, b < m`.
#[inline(always)]
pub(super) fn sub_mod(a: &Limbs, b: &Limbs, m: &Limbs) -> Limbs {
    let (d, borrow) = sub(a, b);
    let k = 0u64.wrapping_sub(borrow);
    let (r, _) = add(&d, &[m[0] & k, m[1] & k, m[2] & k, m[3] & k]);
    r
}

/// Montgomery multiplication `a * b * 2^-256 mod m` for `a, b < m` (CIOS), constant-time; const-evaluable.
#[inline(always)]
pub(super) const fn mont_mul(a: &Limbs, b: &Limbs, md: &Modulus) -> Limbs {
    let m = &md.m;
    let mut t = [0u64; 6];
    let mut i = 0;
    while i < 4 {
        let mut c = 0;
        let mut j = 0;
        while j < 4 {
            (t[j], c) = mac(t[j], a[j], b[i], c);
            j += 1;
        }
        (t[4], t[5]) = adc(t[4], c, 0);
        let k = t[0].wrapping_mul(md.m0inv);
        let (_, mut c) = mac(t[0], k, m[0], 0);
        j = 1;
        while j < 4 {
            (t[j - 1], c) = mac(t[j], k, m[j], c);
            j += 1;
        }
        let (t3, c) = adc(t[4], c, 0);
        t[3] = t3;
        t[4] = t[5] + c;
        i += 1;
    }
    reduce_once_const(&[t[0], t[1], t[2], t[3]], t[4], m)
}

/// The full 512-bit product `a * b` (schoolbook, 16 multiplications).
#[inline(always)]
pub(super) fn mul_wide(a: &Limbs, b: &Limbs) -> [u64; 8] {
    let mut t = [0u64; 8];
    for i in 0..4 {
        let mut c = 0;
        for j in 0..4 {
            (t[i + j], c) = mac(t[i + j], a[i], b[j], c);
        }
        t[i + 4] = c;
    }
    t
}

/// The full 512-bit square `a^2` (10 multiplications: the 6 cross products once, doubled, plus the 4 squares).
#[inline(always)]
pub(super) fn sqr_wide(a: &Limbs) -> [u64; 8] {
    let mut t = [0u64; 8];
    // Cross products a_i * a_j, i < j.
    let (t1, c) = mac(0, a[0], a[1], 0);
    let (t2, c) = mac(0, a[0], a[2], c);
    let (t3, c) = mac(0, a[0], a[3], c);
    let t4 = c;
    let (t3, c) = mac(t3, a[1], a[2], 0);
    let (t4, c) = mac(t4, a[1], a[3], c);
    let t5 = c;
    let (t5, c) = mac(t5, a[2], a[3], 0);
    let t6 = c;
    // Double them.
    let t7 = t6 >> 63;
    let t6 = (t6 << 1) | (t5 >> 63);
    let t5 = (t5 << 1) | (t4 >> 63);
    let t4 = (t4 << 1) | (t3 >> 63);
    let t3 = (t3 << 1) | (t2 >> 63);
    let t2 = (t2 << 1) | (t1 >> 63);
    let t1 = t1 << 1;
    // Add the squares a_i^2 at position 2i.
    let (r0, c) = mac(0, a[0], a[0], 0);
    t[0] = r0;
    let (r1, c) = adc(t1, c, 0);
    t[1] = r1;
    let (sq_lo, sq_hi) = mac(0, a[1], a[1], 0);
    let (r2, c2) = adc(t2, sq_lo, c);
    t[2] = r2;
    let (r3, c) = adc(t3, sq_hi, c2);
    t[3] = r3;
    let (sq_lo, sq_hi) = mac(0, a[2], a[2], 0);
    let (r4, c2) = adc(t4, sq_lo, c);
    t[4] = r4;
    let (r5, c) = adc(t5, sq_hi, c2);
    t[5] = r5;
    let (sq_lo, sq_hi) = mac(0, a[3], a[3], 0);
    let (r6, c2) = adc(t6, sq_lo, c);
    t[6] = r6;
    let (r7, _) = adc(t7, sq_hi, c2);
    t[7] = r7;
    t
}

/// Montgomery reduction `t * 2^-256 mod m` for `t < m * 2^256` (separated operand scanning), constant-time.
#[inline(always)]
pub(super) fn mont_reduce_wide(t: &[u64; 8], md: &Modulus) -> Limbs {
    let m = &md.m;
    let mut t = *t;
    let mut top = 0u64;
    for i in 0..4 {
        let k = t[i].wrapping_mul(md.m0inv);
        let (_, c) = mac(t[i], k, m[0], 0);
        let (x1, c) = mac(t[i + 1], k, m[1], c);
        let (x2, c) = mac(t[i + 2], k, m[2], c);
        let (x3, c) = mac(t[i + 3], k, m[3], c);
        let (x4, c) = adc(t[i + 4], c, top);
        (t[i + 1], t[i + 2], t[i + 3], t[i + 4], top) = (x1, x2, x3, x4, c);
    }
    reduce_once(&[t[4], t[5], t[6], t[7]], top, m)
}
