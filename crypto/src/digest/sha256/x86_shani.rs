//! SHA-256 compression with the x86 SHA extensions (`sha256rnds2`, `sha256msg1`, `sha256msg2`).
//!
//! The state is kept as the `ABEF`/`CDGH` register pair that `sha256rnds2` works on; each group of four rounds
//! adds four round constants to four message words and runs two `sha256rnds2`.

use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_alignr_epi8, _mm_blend_epi16, _mm_loadu_si128, _mm_set_epi32, _mm_set_epi64x,
    _mm_sha256msg1_epu32, _mm_sha256msg2_epu32, _mm_sha256rnds2_epu32, _mm_shuffle_epi8, _mm_shuffle_epi32,
    _mm_storeu_si128,
};

use super::K;
use crate::cpu::ShaNi;

/// Compresses each 64-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: ShaNi, state: &mut [u32; 8], blocks: &[u8]) {
    // SAFETY: the `ShaNi` witness proves that this CPU has SHA, SSSE3 and SSE4.1 (and SSE2, part of x86-64).
    unsafe { compress_shani(cpu, state, blocks) }
}

/// Four round constants `K[4i..4i+4]` as one vector.
#[inline]
#[target_feature(enable = "sse2")]
fn k4(i: usize) -> __m128i {
    _mm_set_epi32(K[4 * i + 3] as i32, K[4 * i + 2] as i32, K[4 * i + 1] as i32, K[4 * i] as i32)
}

/// The next four message words `W[t..t+4]` from the previous sixteen, `w0` holding the oldest four.
#[inline]
#[target_feature(enable = "sha,sse2,ssse3")]
fn schedule(w0: __m128i, w1: __m128i, w2: __m128i, w3: __m128i) -> __m128i {
    let t = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8::<4>(w3, w2));
    _mm_sha256msg2_epu32(t, w3)
}

/// Loads 16 bytes (`bytes.len() >= 16`) into a vector.
#[inline]
#[target_feature(enable = "sse2")]
fn load(bytes: &[u8]) -> __m128i {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `_mm_loadu_si128` has no alignment requirement.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

/// Four rounds with message words `$w` and constants `K[4*$i..]`.
macro_rules! rounds4 {
    ($abef:ident, $cdgh:ident, $w:expr, $i:expr) => {
        let wk = _mm_add_epi32($w, k4($i));
        $cdgh = _mm_sha256rnds2_epu32($cdgh, $abef, wk);
        $abef = _mm_sha256rnds2_epu32($abef, $cdgh, _mm_shuffle_epi32::<0x0e>(wk));
    };
}

/// Four rounds from round `4*$i` (at least 16): first replaces `$w0` (then `W[t-16..t-12]`) by `W[t..t+4]`.
macro_rules! schedule_rounds4 {
    ($abef:ident, $cdgh:ident, $w0:ident, $w1:ident, $w2:ident, $w3:ident, $i:expr) => {
        $w0 = schedule($w0, $w1, $w2, $w3);
        rounds4!($abef, $cdgh, $w0, $i);
    };
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn compress_shani(_cpu: ShaNi, state: &mut [u32; 8], blocks: &[u8]) {
    // Byte order swap within each 32-bit word.
    let bswap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203);

    // state[0..4] = a b c d, state[4..8] = e f g h (lane 0 first) -> ABEF and CDGH (lane 3 first).
    let (lo, hi) = state.split_at_mut(4);
    let dcba = _mm_set_epi32(lo[3] as i32, lo[2] as i32, lo[1] as i32, lo[0] as i32);
    let hgfe = _mm_set_epi32(hi[3] as i32, hi[2] as i32, hi[1] as i32, hi[0] as i32);
    let cdab = _mm_shuffle_epi32::<0xb1>(dcba);
    let efgh = _mm_shuffle_epi32::<0x1b>(hgfe);
    let mut abef = _mm_alignr_epi8::<8>(cdab, efgh);
    let mut cdgh = _mm_blend_epi16::<0xf0>(efgh, cdab);

    for block in blocks.chunks_exact(64) {
        let (abef_in, cdgh_in) = (abef, cdgh);
        let mut w0 = _mm_shuffle_epi8(load(&block[0..]), bswap);
        let mut w1 = _mm_shuffle_epi8(load(&block[16..]), bswap);
        let mut w2 = _mm_shuffle_epi8(load(&block[32..]), bswap);
        let mut w3 = _mm_shuffle_epi8(load(&block[48..]), bswap);
        rounds4!(abef, cdgh, w0, 0);
        rounds4!(abef, cdgh, w1, 1);
        rounds4!(abef, cdgh, w2, 2);
        rounds4!(abef, cdgh, w3, 3);
        schedule_rounds4!(abef, cdgh, w0, w1, w2, w3, 4);
        schedule_rounds4!(abef, cdgh, w1, w2, w3, w0, 5);
        schedule_rounds4!(abef, cdgh, w2, w3, w0, w1, 6);
        schedule_rounds4!(abef, cdgh, w3, w0, w1, w2, 7);
        schedule_rounds4!(abef, cdgh, w0, w1, w2, w3, 8);
        schedule_rounds4!(abef, cdgh, w1, w2, w3, w0, 9);
        schedule_rounds4!(abef, cdgh, w2, w3, w0, w1, 10);
        schedule_rounds4!(abef, cdgh, w3, w0, w1, w2, 11);
        schedule_rounds4!(abef, cdgh, w0, w1, w2, w3, 12);
        schedule_rounds4!(abef, cdgh, w1, w2, w3, w0, 13);
        schedule_rounds4!(abef, cdgh, w2, w3, w0, w1, 14);
        schedule_rounds4!(abef, cdgh, w3, w0, w1, w2, 15);
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }

    // Back to a b c d / e f g h.
    let feba = _mm_shuffle_epi32::<0x1b>(abef);
    let dchg = _mm_shuffle_epi32::<0xb1>(cdgh);
    let dcba = _mm_blend_epi16::<0xf0>(feba, dchg);
    let hgfe = _mm_alignr_epi8::<8>(dchg, feba);
    // SAFETY: `lo` is 4 writable `u32`s (16 bytes) and `_mm_storeu_si128` has no alignment requirement.
    unsafe { _mm_storeu_si128(lo.as_mut_ptr().cast(), dcba) };
    // SAFETY: as above, for `hi`.
    unsafe { _mm_storeu_si128(hi.as_mut_ptr().cast(), hgfe) };
}
