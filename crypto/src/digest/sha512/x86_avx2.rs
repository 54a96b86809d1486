//! SHA-512 compression with AVX2 and BMI2, modelled on OpenSSL's `sha512-x86_64` AVX2 code path.
//!
//! Blocks are processed in pairs. The message schedules of both blocks are computed together in 256-bit
//! registers (each holding two consecutive words of each block: `[A(t), A(t+1), B(t), B(t+1)]`) and stored,
//! with the round constants added, to a stack buffer. The scalar rounds of the first block are interleaved with
//! the schedule computation, so that the vector and the integer units work at the same time; the second
//! block's rounds then just read their words back. An odd last block is scheduled together with itself.
//!
//! The scalar rounds bound the speed. The compiler emits BMI2 `rorx` for the rotations, and `round!` is
//! arranged so that both the `e` and the `a` recurrences are four operations deep per round (the textbook
//! order is five or more); [`opaque`] stops the optimiser from re-associating the sums back into a slower order.

use core::arch::asm;
use core::arch::x86_64::{
    __m128i, __m256i, _mm_loadu_si128, _mm256_add_epi64, _mm256_alignr_epi8, _mm256_castsi128_si256,
    _mm256_inserti128_si256, _mm256_set_epi64x, _mm256_shuffle_epi8, _mm256_slli_epi64, _mm256_srli_epi64,
    _mm256_storeu_si256, _mm256_xor_si256,
};

use super::K;
use crate::cpu::Avx2Bmi2;

/// Compresses each 128-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: Avx2Bmi2, state: &mut [u64; 8], blocks: &[u8]) {
    // SAFETY: the `Avx2Bmi2` witness proves that this CPU has AVX2 and BMI2.
    unsafe { compress_avx2(cpu, state, blocks) }
}

/// `W[t] + K[t]` of two blocks: entry `i` holds words `2i` and `2i+1` of block A, then of block B.
#[repr(C, align(32))]
struct Schedule([[u64; 4]; 40]);

/// Loads 16 bytes (`bytes.len() >= 16`).
#[inline]
#[target_feature(enable = "avx2")]
fn load(bytes: &[u8]) -> __m128i {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `_mm_loadu_si128` has no alignment requirement.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

/// Stores `v` into `dst`.
#[inline]
#[target_feature(enable = "avx2")]
fn store(dst: &mut [u64; 4], v: __m256i) {
    // SAFETY: `dst` is 32 writable bytes and `_mm256_storeu_si256` has no alignment requirement.
    unsafe { _mm256_storeu_si256(dst.as_mut_ptr().cast(), v) }
}

/// Words `2i` and `2i+1` of blocks `a` and `b`, byte-swapped to big-endian order.
#[inline]
#[target_feature(enable = "avx2")]
fn load_words(a: &[u8], b: &[u8], i: usize) -> __m256i {
    let bswap =
        _mm256_set_epi64x(0x0809_0a0b_0c0d_0e0f, 0x0001_0203_0405_0607, 0x0809_0a0b_0c0d_0e0f, 0x0001_0203_0405_0607);
    let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(load(&a[16 * i..])), load(&b[16 * i..]));
    _mm256_shuffle_epi8(v, bswap)
}

/// `K[2i]`, `K[2i+1]` for both blocks.
#[inline]
#[target_feature(enable = "avx2")]
fn k2(i: usize) -> __m256i {
    let (k0, k1) = (K[2 * i] as i64, K[2 * i + 1] as i64);
    _mm256_set_epi64x(k1, k0, k1, k0)
}

/// Rotates each 64-bit lane right by `R` (`L` = 64 - `R`).
macro_rules! ror {
    ($x:expr, $r:literal, $l:literal) => {
        _mm256_xor_si256(_mm256_srli_epi64::<$r>($x), _mm256_slli_epi64::<$l>($x))
    };
}

/// The next two words of both blocks, `W[t..t+2]`, from `x[k]` = `W[t-16..t-14]` and the following registers.
#[inline]
#[target_feature(enable = "avx2")]
fn schedule(x0: __m256i, x1: __m256i, x4: __m256i, x5: __m256i, x7: __m256i) -> __m256i {
    // W[t-15..t-13] and W[t-7..t-5].
    let w15 = _mm256_alignr_epi8::<8>(x1, x0);
    let w7 = _mm256_alignr_epi8::<8>(x5, x4);
    // σ0(x) = ror1(x) ^ ror8(x) ^ (x >> 7)
    let s0 = _mm256_xor_si256(_mm256_xor_si256(ror!(w15, 1, 63), ror!(w15, 8, 56)), _mm256_srli_epi64::<7>(w15));
    // σ1(x) = ror19(x) ^ ror61(x) ^ (x >> 6)
    let s1 = _mm256_xor_si256(_mm256_xor_si256(ror!(x7, 19, 45), ror!(x7, 61, 3)), _mm256_srli_epi64::<6>(x7));
    _mm256_add_epi64(_mm256_add_epi64(x0, w7), _mm256_add_epi64(s0, s1))
}

/// `Σ0`, `Σ1` of FIPS 180-4 §4.1.3.
#[inline(always)]
fn big_sigma0(x: u64) -> u64 {
    x.rotate_right(28) ^ x.rotate_right(34) ^ x.rotate_right(39)
}

#[inline(always)]
fn big_sigma1(x: u64) -> u64 {
    x.rotate_right(14) ^ x.rotate_right(18) ^ x.rotate_right(41)
}

/// Returns `x` unchanged, but hides it from the optimiser so that it cannot reassociate the additions that
/// produce and consume it: the order written in `round!` keeps the dependency chains short.
#[inline(always)]
fn opaque(mut x: u64) -> u64 {
    // SAFETY: an empty assembly block that claims to rewrite one register: no memory access, no side effects.
    unsafe { asm!("/* {0} */", inout(reg) x, options(pure, nomem, nostack, preserves_flags)) };
    x
}

/// One round with `$wk` = `W[t] + K[t]`: `$h` becomes the new `a` and `$d` the new `e`.
///
/// Arranged for dependency chains of four operations per round on both `e` and `a`: the new `e` is
/// `(d + h + wk + Ch(e, f, g)) + Σ1(e)`, and the new `a` is `((b & c) - d + (a & (b ^ c)) + new e) + Σ0(a)`,
/// with `Maj(a, b, c)` split into the disjoint terms `b & c` and `a & (b ^ c)` and `T1 = new e - d`. The terms
/// that are ready first are added first.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $wk:expr) => {
        let r = opaque(($b & $c).wrapping_sub($d).wrapping_add($a & ($b ^ $c)));
        let p = opaque($d.wrapping_add($h).wrapping_add($wk));
        let p = opaque(p.wrapping_add((($f ^ $g) & $e) ^ $g));
        $d = p.wrapping_add(big_sigma1($e));
        $h = opaque(r.wrapping_add($d)).wrapping_add(big_sigma0($a));
    };
}

/// Rounds `2*$i` and `2*$i+1`, reading `W + K` from lane `$lane` (0: block A, 2: block B) of schedule entry `$i`.
macro_rules! rounds2 {
    ($wk:ident, $lane:expr, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($a, $b, $c, $d, $e, $f, $g, $h, $wk.0[$i][$lane]);
        round!($h, $a, $b, $c, $d, $e, $f, $g, $wk.0[$i][$lane + 1]);
    };
}

/// Sixteen rounds from round `16*$n`, reading lane `$lane`; `$then` runs after each pair of rounds with
/// `$j` = 0..8 (the pair's index in the group).
macro_rules! rounds16 {
    ($wk:ident, $lane:expr, $n:expr, [$a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident],
     |$j:ident| $then:block) => {
        rounds16!(@two $wk, $lane, $n, 0, [$a, $b, $c, $d, $e, $f, $g, $h], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 1, [$g, $h, $a, $b, $c, $d, $e, $f], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 2, [$e, $f, $g, $h, $a, $b, $c, $d], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 3, [$c, $d, $e, $f, $g, $h, $a, $b], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 4, [$a, $b, $c, $d, $e, $f, $g, $h], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 5, [$g, $h, $a, $b, $c, $d, $e, $f], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 6, [$e, $f, $g, $h, $a, $b, $c, $d], |$j| $then);
        rounds16!(@two $wk, $lane, $n, 7, [$c, $d, $e, $f, $g, $h, $a, $b], |$j| $then);
    };
    (@two $wk:ident, $lane:expr, $n:expr, $jj:expr, [$a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident,
     $g:ident, $h:ident], |$j:ident| $then:block) => {
        rounds2!($wk, $lane, 8 * $n + $jj, $a, $b, $c, $d, $e, $f, $g, $h);
        let $j: usize = $jj;
        $then
    };
}

/// Runs the 80 rounds of the block whose `W + K` are in lane `lane` of `wk`, and adds the result into `state`.
#[inline]
#[target_feature(enable = "bmi2")]
fn rounds(state: &mut [u64; 8], wk: &Schedule, lane: usize) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for n in 0..5 {
        rounds16!(wk, lane, n, [a, b, c, d, e, f, g, h], |_j| {});
    }
    for (x, y) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *x = x.wrapping_add(y);
    }
}

/// Schedules blocks `ba` and `bb` into `wk` while running the rounds of `ba`, whose result is added into
/// `state`.
#[inline]
#[target_feature(enable = "avx2,bmi2")]
fn schedule_and_round(state: &mut [u64; 8], wk: &mut Schedule, ba: &[u8], bb: &[u8]) {
    let mut x = [
        load_words(ba, bb, 0),
        load_words(ba, bb, 1),
        load_words(ba, bb, 2),
        load_words(ba, bb, 3),
        load_words(ba, bb, 4),
        load_words(ba, bb, 5),
        load_words(ba, bb, 6),
        load_words(ba, bb, 7),
    ];
    for (i, v) in x.iter().enumerate() {
        store(&mut wk.0[i], _mm256_add_epi64(*v, k2(i)));
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    macro_rules! schedule_step {
        ($n:expr, $j:ident) => {
            x[$j] = schedule(x[$j], x[($j + 1) % 8], x[($j + 4) % 8], x[($j + 5) % 8], x[($j + 7) % 8]);
            let i = 8 * ($n + 1) + $j;
            store(&mut wk.0[i], _mm256_add_epi64(x[$j], k2(i)));
        };
    }
    rounds16!(wk, 0, 0, [a, b, c, d, e, f, g, h], |j| {
        schedule_step!(0, j);
    });
    rounds16!(wk, 0, 1, [a, b, c, d, e, f, g, h], |j| {
        schedule_step!(1, j);
    });
    rounds16!(wk, 0, 2, [a, b, c, d, e, f, g, h], |j| {
        schedule_step!(2, j);
    });
    rounds16!(wk, 0, 3, [a, b, c, d, e, f, g, h], |j| {
        schedule_step!(3, j);
    });
    rounds16!(wk, 0, 4, [a, b, c, d, e, f, g, h], |_j| {});
    for (x, y) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *x = x.wrapping_add(y);
    }
}

#[target_feature(enable = "avx2,bmi2")]
fn compress_avx2(_cpu: Avx2Bmi2, state: &mut [u64; 8], blocks: &[u8]) {
    let mut wk = Schedule([[0; 4]; 40]);
    let mut pairs = blocks.chunks_exact(256);
    for pair in &mut pairs {
        let (ba, bb) = pair.split_at(128);
        schedule_and_round(state, &mut wk, ba, bb);
        rounds(state, &wk, 2);
    }
    if let Some(last) = pairs.remainder().get(..128) {
        schedule_and_round(state, &mut wk, last, last);
    }
}
