//! SHA-256 compression with the ARMv8 SHA-2 instructions (`SHA256H`, `SHA256H2`, `SHA256SU0`, `SHA256SU1`).

use core::arch::aarch64::{
    uint32x4_t, vaddq_u32, vld1q_u8, vld1q_u32, vreinterpretq_u32_u8, vrev32q_u8, vsha256h2q_u32, vsha256hq_u32,
    vsha256su0q_u32, vsha256su1q_u32, vst1q_u32,
};

use super::K;
use crate::cpu::Armv8Sha2;

/// Compresses each 64-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: Armv8Sha2, state: &mut [u32; 8], blocks: &[u8]) {
    // SAFETY: the `Armv8Sha2` witness proves that this CPU has the SHA-2 extension (and NEON, part of AArch64).
    unsafe { compress_armv8(cpu, state, blocks) }
}

/// Loads four `u32`s (`words.len() >= 4`).
#[inline]
#[target_feature(enable = "neon")]
fn load_u32(words: &[u32]) -> uint32x4_t {
    let words = &words[..4];
    // SAFETY: `words` is 4 readable `u32`s and `vld1q_u32` needs only `u32` alignment.
    unsafe { vld1q_u32(words.as_ptr()) }
}

/// Loads 16 message bytes (`bytes.len() >= 16`) as four big-endian words.
#[inline]
#[target_feature(enable = "neon")]
fn load_be(bytes: &[u8]) -> uint32x4_t {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `vld1q_u8` has no alignment requirement.
    let v = unsafe { vld1q_u8(bytes.as_ptr()) };
    vreinterpretq_u32_u8(vrev32q_u8(v))
}

/// Four rounds with message words `$w` and constants `K[4*$i..]`.
macro_rules! rounds4 {
    ($abcd:ident, $efgh:ident, $w:expr, $i:expr) => {
        let wk = vaddq_u32($w, load_u32(&K[4 * $i..]));
        let abcd_in = $abcd;
        $abcd = vsha256hq_u32($abcd, $efgh, wk);
        $efgh = vsha256h2q_u32($efgh, abcd_in, wk);
    };
}

/// Four rounds from round `4*$i` (at least 16): first replaces `$w0` (then `W[t-16..t-12]`) by `W[t..t+4]`.
macro_rules! schedule_rounds4 {
    ($abcd:ident, $efgh:ident, $w0:ident, $w1:ident, $w2:ident, $w3:ident, $i:expr) => {
        $w0 = vsha256su1q_u32(vsha256su0q_u32($w0, $w1), $w2, $w3);
        rounds4!($abcd, $efgh, $w0, $i);
    };
}

#[target_feature(enable = "neon,sha2")]
fn compress_armv8(_cpu: Armv8Sha2, state: &mut [u32; 8], blocks: &[u8]) {
    let mut abcd = load_u32(&state[0..]);
    let mut efgh = load_u32(&state[4..]);

    for block in blocks.chunks_exact(64) {
        let (abcd_in, efgh_in) = (abcd, efgh);
        let mut w0 = load_be(&block[0..]);
        let mut w1 = load_be(&block[16..]);
        let mut w2 = load_be(&block[32..]);
        let mut w3 = load_be(&block[48..]);
        rounds4!(abcd, efgh, w0, 0);
        rounds4!(abcd, efgh, w1, 1);
        rounds4!(abcd, efgh, w2, 2);
        rounds4!(abcd, efgh, w3, 3);
        schedule_rounds4!(abcd, efgh, w0, w1, w2, w3, 4);
        schedule_rounds4!(abcd, efgh, w1, w2, w3, w0, 5);
        schedule_rounds4!(abcd, efgh, w2, w3, w0, w1, 6);
        schedule_rounds4!(abcd, efgh, w3, w0, w1, w2, 7);
        schedule_rounds4!(abcd, efgh, w0, w1, w2, w3, 8);
        schedule_rounds4!(abcd, efgh, w1, w2, w3, w0, 9);
        schedule_rounds4!(abcd, efgh, w2, w3, w0, w1, 10);
        schedule_rounds4!(abcd, efgh, w3, w0, w1, w2, 11);
        schedule_rounds4!(abcd, efgh, w0, w1, w2, w3, 12);
        schedule_rounds4!(abcd, efgh, w1, w2, w3, w0, 13);
        schedule_rounds4!(abcd, efgh, w2, w3, w0, w1, 14);
        schedule_rounds4!(abcd, efgh, w3, w0, w1, w2, 15);
        abcd = vaddq_u32(abcd, abcd_in);
        efgh = vaddq_u32(efgh, efgh_in);
    }

    let (lo, hi) = state.split_at_mut(4);
    // SAFETY: `lo` is 4 writable `u32`s.
    unsafe { vst1q_u32(lo.as_mut_ptr(), abcd) };
    // SAFETY: `hi` is 4 writable `u32`s.
    unsafe { vst1q_u32(hi.as_mut_ptr(), efgh) };
}
