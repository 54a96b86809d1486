//! SHA-1 compression with the ARMv8 SHA-1 instructions (`SHA1C`, `SHA1P`, `SHA1M`, `SHA1H`, `SHA1SU0`,
//! `SHA1SU1`), which come with the "sha2" feature.

use core::arch::aarch64::{
    uint32x4_t, vaddq_u32, vdupq_n_u32, vgetq_lane_u32, vld1q_u8, vld1q_u32, vreinterpretq_u32_u8, vrev32q_u8,
    vsha1cq_u32, vsha1h_u32, vsha1mq_u32, vsha1pq_u32, vsha1su0q_u32, vsha1su1q_u32, vst1q_u32,
};

use super::K;
use crate::cpu::Armv8Sha2;

/// Compresses each 64-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: Armv8Sha2, state: &mut [u32; 5], blocks: &[u8]) {
    // SAFETY: the `Armv8Sha2` witness proves that this CPU has the SHA-1/SHA-2 extension (and NEON).
    unsafe { compress_armv8(cpu, state, blocks) }
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

/// Four rounds with message words `$w`, round function `$op` and constant group `$k`: `$e` is `E` for them
/// and becomes `E` for the next four rounds (`rotl30(a)` of the `a` going in).
macro_rules! rounds4 {
    ($abcd:ident, $e:ident, $w:expr, $op:ident, $k:expr) => {
        let wk = vaddq_u32($w, vdupq_n_u32(K[$k]));
        let e_next = vsha1h_u32(vgetq_lane_u32::<0>($abcd));
        $abcd = $op($abcd, $e, wk);
        $e = e_next;
    };
}

/// Four rounds from round 16 on: first replaces the oldest group `$w0` by the next one.
macro_rules! schedule_rounds4 {
    ($abcd:ident, $e:ident, $w0:ident, $w1:ident, $w2:ident, $w3:ident, $op:ident, $k:expr) => {
        $w0 = vsha1su1q_u32(vsha1su0q_u32($w0, $w1, $w2), $w3);
        rounds4!($abcd, $e, $w0, $op, $k);
    };
}

#[target_feature(enable = "neon,sha2")]
fn compress_armv8(_cpu: Armv8Sha2, state: &mut [u32; 5], blocks: &[u8]) {
    let (abcd_words, e_word) = state.split_at_mut(4);
    // SAFETY: `abcd_words` is 4 readable `u32`s.
    let mut abcd = unsafe { vld1q_u32(abcd_words.as_ptr()) };
    let mut e0 = e_word[0];

    for block in blocks.chunks_exact(64) {
        let abcd_in = abcd;
        let mut e = e0;
        let mut w0 = load_be(&block[0..]);
        let mut w1 = load_be(&block[16..]);
        let mut w2 = load_be(&block[32..]);
        let mut w3 = load_be(&block[48..]);
        rounds4!(abcd, e, w0, vsha1cq_u32, 0);
        rounds4!(abcd, e, w1, vsha1cq_u32, 0);
        rounds4!(abcd, e, w2, vsha1cq_u32, 0);
        rounds4!(abcd, e, w3, vsha1cq_u32, 0);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, vsha1cq_u32, 0); // rounds 16..20
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, vsha1pq_u32, 1);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, vsha1pq_u32, 1);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, vsha1pq_u32, 1);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, vsha1pq_u32, 1);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, vsha1pq_u32, 1); // rounds 36..40
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, vsha1mq_u32, 2);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, vsha1mq_u32, 2);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, vsha1mq_u32, 2);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, vsha1mq_u32, 2);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, vsha1mq_u32, 2); // rounds 56..60
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, vsha1pq_u32, 3);
        schedule_rounds4!(abcd, e, w0, w1, w2, w3, vsha1pq_u32, 3);
        schedule_rounds4!(abcd, e, w1, w2, w3, w0, vsha1pq_u32, 3);
        schedule_rounds4!(abcd, e, w2, w3, w0, w1, vsha1pq_u32, 3);
        schedule_rounds4!(abcd, e, w3, w0, w1, w2, vsha1pq_u32, 3); // rounds 76..80
        abcd = vaddq_u32(abcd, abcd_in);
        e0 = e0.wrapping_add(e);
    }

    // SAFETY: `abcd_words` is 4 writable `u32`s.
    unsafe { vst1q_u32(abcd_words.as_mut_ptr(), abcd) };
    e_word[0] = e0;
}
