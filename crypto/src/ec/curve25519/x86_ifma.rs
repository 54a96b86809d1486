//! X25519 with AVX-512 IFMA: the Montgomery ladder on four field elements at once.
//!
//! The ladder state `(x2, z2, x3, z3)` lives in the four 64-bit lanes of 256-bit registers, one register per
//! 51-bit limb (five registers per vector of elements). A ladder step is three 4-way multiplications
//! (`vpmadd52luq`/`vpmadd52huq`: 52-bit limb products, low and high halves), with lane permutations in between:
//! `(A, B, D, C) * (A, B, A, B) = (AA, BB, DA, CB)`, then `(AA, E, DA+CB, DA-CB) * (BB, BB+121666E, DA+CB, DA-CB)`,
//! then lane 3 times `x1`. Conditional swaps exchange lane pairs under an all-ones/all-zero mask. No branches or
//! memory accesses depend on secret data.
//!
//! IFMA multiplies only the low 52 bits of each limb, so every multiplication input is carried first (limbs
//! `< 2^51 + 2^15`). The final inversion runs on the scalar 64-bit field ([`Fe64`]).
//!
//! Callers must hold an [`Ifma`] witness, which only [`ifma`] hands out after detecting AVX-512 F, VL and IFMA.

use core::arch::x86_64::*;
use core::sync::atomic::{AtomicU8, Ordering};

use super::field::{self, Field};
use super::field51::Fe51;
use super::x86_adx::Fe64;

/// Proof that this CPU has AVX-512 F, VL and IFMA (and that neither the portable path nor `no-avx512` is forced).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ifma(());

/// Detection state: 0 = not yet detected, 1 = unavailable, 2 = available.
static STATE: AtomicU8 = AtomicU8::new(0);

/// The witness if AVX-512 IFMA is usable, detected once.
#[inline(always)]
pub(super) fn ifma() -> Option<Ifma> {
    match STATE.load(Ordering::Relaxed) {
        2 => Some(Ifma(())),
        1 => None,
        _ => detect(),
    }
}

#[cold]
fn detect() -> Option<Ifma> {
    let f = crate::cpu::features();
    // `features()` clears the AVX-512 flags when the portable path or `no-avx512` is forced.
    let ok = f.avx512f && f.avx512vl && std::arch::is_x86_feature_detected!("avx512ifma");
    STATE.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
    ok.then_some(Ifma(()))
}

impl Ifma {
    /// The X25519 ladder for a clamped scalar `k` and u-coordinate `u` (RFC 7748 5).
    pub(super) fn ladder(self, k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
        // SAFETY: the witness proves AVX-512 F, VL and IFMA (and AVX2, implied by AVX-512 F) are available.
        let (x2, z2) = unsafe { ladder(k, u) };
        // The inversion on the 64-bit field (assembly when BMI2 and ADX are there, as on every IFMA CPU).
        let (x2, z2) = (Fe64::from_bytes(&x2.to_bytes()), Fe64::from_bytes(&z2.to_bytes()));
        (x2 * field::invert(&z2)).to_bytes()
    }
}

/// Four field elements: `l[i]` holds limb `i` (weight `2^(51 i)`) of each lane.
#[derive(Clone, Copy)]
struct Fe4([__m256i; 5]);

const MASK51: i64 = (1 << 51) - 1;

#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn splat(x: i64) -> __m256i {
    _mm256_set1_epi64x(x)
}

/// Lanes `(a, b, c, d)` from four portable elements.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn pack(a: &Fe51, b: &Fe51, c: &Fe51, d: &Fe51) -> Fe4 {
    let mut l = [_mm256_setzero_si256(); 5];
    for (i, x) in l.iter_mut().enumerate() {
        *x = _mm256_set_epi64x(d.0[i] as i64, c.0[i] as i64, b.0[i] as i64, a.0[i] as i64);
    }
    Fe4(l)
}

/// Lane `LANE` as a portable element.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn lane<const LANE: i32>(a: &Fe4) -> Fe51 {
    let mut out = [0u64; 5];
    for (o, x) in out.iter_mut().zip(a.0) {
        *o = _mm256_extract_epi64::<LANE>(x) as u64;
    }
    Fe51(out)
}

/// Applies `f` to each limb register.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn map(a: &Fe4, f: impl Fn(__m256i) -> __m256i) -> Fe4 {
    Fe4([f(a.0[0]), f(a.0[1]), f(a.0[2]), f(a.0[3]), f(a.0[4])])
}

/// Applies `f` to each pair of limb registers.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn zip(a: &Fe4, b: &Fe4, f: impl Fn(__m256i, __m256i) -> __m256i) -> Fe4 {
    Fe4([f(a.0[0], b.0[0]), f(a.0[1], b.0[1]), f(a.0[2], b.0[2]), f(a.0[3], b.0[3]), f(a.0[4], b.0[4])])
}

/// `19 x` per lane (shifts and adds).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn times19(x: __m256i) -> __m256i {
    _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64::<4>(x), _mm256_slli_epi64::<1>(x)), x)
}

/// One parallel carry round: limbs below `2^62` become `< 2^51 + 2^15` (below `2^52`, as IFMA needs).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn carry(a: &Fe4) -> Fe4 {
    let m = splat(MASK51);
    let c: [__m256i; 5] = core::array::from_fn(|i| _mm256_srli_epi64::<51>(a.0[i]));
    let l: [__m256i; 5] = core::array::from_fn(|i| _mm256_and_si256(a.0[i], m));
    Fe4([
        _mm256_add_epi64(l[0], times19(c[4])),
        _mm256_add_epi64(l[1], c[0]),
        _mm256_add_epi64(l[2], c[1]),
        _mm256_add_epi64(l[3], c[2]),
        _mm256_add_epi64(l[4], c[3]),
    ])
}

/// `a + b`, carried.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn add(a: &Fe4, b: &Fe4) -> Fe4 {
    carry(&zip(a, b, |x, y| _mm256_add_epi64(x, y)))
}

/// `4p - a`, not carried (limbs `< 2^54`; `a`'s limbs must be `< 2^53`).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn neg4p(a: &Fe4) -> Fe4 {
    let p4_0 = splat(4 * (MASK51 - 18));
    let p4 = splat(4 * MASK51);
    Fe4([
        _mm256_sub_epi64(p4_0, a.0[0]),
        _mm256_sub_epi64(p4, a.0[1]),
        _mm256_sub_epi64(p4, a.0[2]),
        _mm256_sub_epi64(p4, a.0[3]),
        _mm256_sub_epi64(p4, a.0[4]),
    ])
}

/// Column sums `lo[k] + 2 hi[k-1]` (weights `2^(51 k)`, `k < 10`) folded with `2^255 = 19` and carried.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn finish(lo: &[__m256i; 10], hi: &[__m256i; 10]) -> Fe4 {
    let c: [__m256i; 10] =
        core::array::from_fn(
            |k| {
                if k == 0 { lo[0] } else { _mm256_add_epi64(lo[k], _mm256_slli_epi64::<1>(hi[k - 1])) }
            },
        );
    // Products land in columns 0..=8, their high halves in 1..=9: nothing reaches column 10.
    let r: [__m256i; 5] = core::array::from_fn(|k| _mm256_add_epi64(c[k], times19(c[k + 5])));
    // r[k] < 2^61: one parallel carry round leaves limbs < 2^51 + 2^15 (shorter latency than a sequential one).
    carry(&Fe4(r))
}

/// `a * b` lane by lane; limbs of `a` and `b` must be `< 2^52`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn mul(a: &Fe4, b: &Fe4) -> Fe4 {
    let z = _mm256_setzero_si256();
    let mut lo = [z; 10];
    let mut hi = [z; 10];
    for i in 0..5 {
        for j in 0..5 {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a.0[i], b.0[j]);
            hi[i + j] = _mm256_madd52hi_epu64(hi[i + j], a.0[i], b.0[j]);
        }
    }
    finish(&lo, &hi)
}

/// `a * 121666` lane by lane; limbs of `a` must be `< 2^52`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn mul_121666(a: &Fe4) -> Fe4 {
    let z = _mm256_setzero_si256();
    let k = splat(121666);
    let mut lo = [z; 10];
    let mut hi = [z; 10];
    for i in 0..5 {
        lo[i] = _mm256_madd52lo_epu64(z, a.0[i], k);
        hi[i] = _mm256_madd52hi_epu64(z, a.0[i], k);
    }
    finish(&lo, &hi)
}

/// Lanes permuted: lane `j` of the result is lane `(IMM >> 2j) & 3` of `a`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn perm<const IMM: i32>(a: &Fe4) -> Fe4 {
    map(a, |x| _mm256_permute4x64_epi64::<IMM>(x))
}

/// Lanes of `b` where `IMM` (two bits per 64-bit lane) is set, else of `a`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn blend<const IMM: i32>(a: &Fe4, b: &Fe4) -> Fe4 {
    zip(a, b, |x, y| _mm256_blend_epi32::<IMM>(x, y))
}

/// Lane selectors for [`perm`] (lane j from index `s_j`) and [`blend`] masks.
const fn sel(s0: i32, s1: i32, s2: i32, s3: i32) -> i32 {
    s0 | (s1 << 2) | (s2 << 4) | (s3 << 6)
}
const LANE0: i32 = 0b0000_0011;
const LANE1: i32 = 0b0000_1100;
const LANE2: i32 = 0b0011_0000;
const LANE3: i32 = 0b1100_0000;

/// The ladder proper; returns `(x2, z2)`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn ladder(k: &[u8; 32], u: &[u8; 32]) -> (Fe51, Fe51) {
    let x1 = Fe51::from_bytes(u);
    let one = Fe51::ONE;
    let mut v = pack(&one, &Fe51::ZERO, &x1, &one);
    let x1v = pack(&one, &one, &one, &x1);
    let mut swap = 0u64;
    for t in (0..255).rev() {
        let kt = u64::from((k[t / 8] >> (t % 8)) & 1);
        swap ^= kt;
        v = cswap(&v, swap);
        swap = kt;
        // (A, B, C, D) = (x2 + z2, x2 - z2, x3 + z3, x3 - z3).
        let lhs = perm::<{ sel(0, 0, 2, 2) }>(&v);
        let rhs = perm::<{ sel(1, 1, 3, 3) }>(&v);
        let abcd = add(&lhs, &blend::<{ LANE1 | LANE3 }>(&rhs, &neg4p(&rhs)));
        // (AA, BB, DA, CB).
        let p = mul(&perm::<{ sel(0, 1, 3, 2) }>(&abcd), &perm::<{ sel(0, 1, 0, 1) }>(&abcd));
        let q = perm::<{ sel(1, 0, 3, 2) }>(&p); // (BB, AA, CB, DA)
        // (E, -, DA + CB, CB - DA) with E = AA - BB; (CB - DA)^2 = (DA - CB)^2.
        let w = add(&p, &blend::<{ LANE0 | LANE3 }>(&q, &neg4p(&q)));
        let zf = add(&q, &mul_121666(&w)); // lane 0: BB + 121666 E
        let left = blend::<LANE0>(&perm::<{ sel(0, 0, 2, 3) }>(&w), &p); // (AA, E, DA + CB, CB - DA)
        let zf2 = perm::<{ sel(0, 0, 2, 3) }>(&zf);
        let right = blend::<{ LANE2 | LANE3 }>(&blend::<LANE1>(&q, &zf2), &w); // (BB, BB + 121666 E, ..)
        // (x2, z2, x3, (DA - CB)^2), then lane 3 times x1.
        v = mul(&mul(&left, &right), &x1v);
    }
    v = cswap(&v, swap);
    (lane::<0>(&v), lane::<1>(&v))
}

/// Swaps lanes (0, 1) with (2, 3) when `choice` is 1 (constant-time masking).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512ifma")]
fn cswap(v: &Fe4, choice: u64) -> Fe4 {
    let m = splat(field::mask(choice) as i64);
    let w = perm::<{ sel(2, 3, 0, 1) }>(v);
    zip(v, &w, |x, y| _mm256_xor_si256(x, _mm256_and_si256(_mm256_xor_si256(x, y), m)))
}
