//! SHA-1 compression with the x86 SHA extensions (`sha1rnds4`, `sha1nexte`, `sha1msg1`, `sha1msg2`).
//!
//! `ABCD` lives in one register (a in the top lane); `E` rides in the top lane of the message vector that
//! `sha1nexte` prepares for the next four rounds.

use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_extract_epi32, _mm_loadu_si128, _mm_set_epi32, _mm_set_epi64x, _mm_sha1msg1_epu32,
    _mm_sha1msg2_epu32, _mm_sha1nexte_epu32, _mm_sha1rnds4_epu32, _mm_shuffle_epi8, _mm_xor_si128,
};

use crate::cpu::ShaNi;

/// Compresses each 64-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: ShaNi, state: &mut [u32; 5], blocks: &[u8]) {
    // SAFETY: the `ShaNi` witness proves that this CPU has SHA, SSSE3 and SSE4.1 (and SSE2, part of x86-64).
    unsafe { compress_shani(cpu, state, blocks) }
}

/// Loads 16 bytes (`bytes.len() >= 16`) into a vector.
#[inline]
#[target_feature(enable = "sse2")]
fn load(bytes: &[u8]) -> __m128i {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `_mm_loadu_si128` has no alignment requirement.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

/// Four rounds with function/constant group `$f`: `$e` holds `E + W[t..t+4]` for them. Afterwards `$e`
/// holds `ABCD` from before these rounds, from which `sha1nexte` derives the next `E`.
macro_rules! rounds4 {
    ($abcd:ident, $e:ident, $f:literal) => {
        let abcd_in = $abcd;
        $abcd = _mm_sha1rnds4_epu32::<$f>($abcd, $e);
        $e = abcd_in;
    };
}

/// Four rounds on message group `$w`: `$e` (ABCD before the previous four rounds) becomes `E + W`.
macro_rules! next_rounds4 {
    ($abcd:ident, $e:ident, $w:ident, $f:literal) => {
        $e = _mm_sha1nexte_epu32($e, $w);
        rounds4!($abcd, $e, $f);
    };
}

/// Four rounds from round 16 on: first replaces the oldest group `$w0` by the next one.
macro_rules! schedule_rounds4 {
    ($abcd:ident, $e:ident, $w0:ident, $w1:ident, $w2:ident, $w3:ident, $f:literal) => {
        $w0 = schedule($w0, $w1, $w2, $w3);
        next_rounds4!($abcd, $e, $w0, $f);
    };
}

/// `W[t..t+4]` from the four previous groups, `w0` holding the oldest (`W[t-16..t-12]`).
#[inline]
#[target_feature(enable = "sha,sse2")]
fn schedule(w0: __m128i, w1: __m128i, w2: __m128i, w3: __m128i) -> __m128i {
    _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w0, w1), w2), w3)
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn compress_shani(_cpu: ShaNi, state: &mut [u32; 5], blocks: &[u8]) {
    // Reverses all 16 bytes: big-endian words, first word in the top lane.
    let bswap = _mm_set_epi64x(0x0001_0203_0405_0607, 0x0809_0a0b_0c0d_0e0f);
    let mut abcd = _mm_set_epi32(state[0] as i32, state[1] as i32, state[2] as i32, state[3] as i32);
    let mut e0 = _mm_set_epi32(state[4] as i32, 0, 0, 0);

    for block in blocks.chunks_exact(64) {
        let (abcd_in, e_in) = (abcd, e0);
        let mut w0 = _mm_shuffle_epi8(load(&block[0..]), bswap);
        let mut w1 = _mm_shuffle_epi8(load(&block[16..]), bswap);
        let mut w2 = _mm_shuffle_epi8(load(&block[32..]), bswap);
        let mut w3 = _mm_shuffle_epi8(load(&block[48..]), bswap);

        let mut e = _mm_add_epi32(e0, w0);
        rounds4!(abcd, e, 0);
        next_rounds4!(abcd, e, w1, 0);
        next_rounds4!(abcd, e, w2, 0);
        next_rounds4!(abcd, e, w3, 0);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, 0); // rounds 16..20
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, 1);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, 1);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, 1);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, 1);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, 1); // rounds 36..40
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, 2);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, 2);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, 2);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, 2);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, 2); // rounds 56..60
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, 3);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, 3);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, 3);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, 3);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, 3); // rounds 76..80

        // `e` is ABCD from before the last four rounds: its rotated `a` is the final `e`.
        e0 = _mm_sha1nexte_epu32(e, e_in);
        abcd = _mm_add_epi32(abcd, abcd_in);
    }

    state[0] = _mm_extract_epi32::<3>(abcd) as u32;
    state[1] = _mm_extract_epi32::<2>(abcd) as u32;
    state[2] = _mm_extract_epi32::<1>(abcd) as u32;
    state[3] = _mm_extract_epi32::<0>(abcd) as u32;
    state[4] = _mm_extract_epi32::<3>(e0) as u32;
}
