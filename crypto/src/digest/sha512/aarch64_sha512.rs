//! SHA-512 compression with the ARMv8.2 SHA-512 instructions (`SHA512H`, `SHA512H2`, `SHA512SU0`,
//! `SHA512SU1`). Rust gates their intrinsics behind the "sha3" target feature.
//!
//! The state lives in four vectors `ab`, `cd`, `ef`, `gh`; each step runs two rounds, after which the roles of
//! the vectors rotate (the new `ab` is the old `gh` register, and so on).

use core::arch::aarch64::{
    uint64x2_t, vaddq_u64, vextq_u64, vld1q_u8, vld1q_u64, vreinterpretq_u64_u8, vrev64q_u8, vsha512h2q_u64,
    vsha512hq_u64, vsha512su0q_u64, vsha512su1q_u64, vst1q_u64,
};

use super::K;
use crate::cpu::Armv8Sha512;

/// Compresses each 128-byte block of `blocks` into `state`.
pub(super) fn compress(cpu: Armv8Sha512, state: &mut [u64; 8], blocks: &[u8]) {
    // SAFETY: the `Armv8Sha512` witness proves that this CPU has the SHA-512 extension (and NEON); Rust's "sha3"
    // feature stands for SHA-512 plus SHA-3, both of which the witness's detection requires.
    unsafe { compress_armv8(cpu, state, blocks) }
}

/// Loads two `u64`s (`words.len() >= 2`).
#[inline]
#[target_feature(enable = "neon")]
fn load_u64(words: &[u64]) -> uint64x2_t {
    let words = &words[..2];
    // SAFETY: `words` is 2 readable `u64`s and `vld1q_u64` needs only `u64` alignment.
    unsafe { vld1q_u64(words.as_ptr()) }
}

/// Loads 16 message bytes (`bytes.len() >= 16`) as two big-endian words.
#[inline]
#[target_feature(enable = "neon")]
fn load_be(bytes: &[u8]) -> uint64x2_t {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `vld1q_u8` has no alignment requirement.
    let v = unsafe { vld1q_u8(bytes.as_ptr()) };
    vreinterpretq_u64_u8(vrev64q_u8(v))
}

/// Rounds `2*$i` and `2*$i+1` on message words `$w`. `$gh` receives the new `ab`, `$cd` the new `ef`.
macro_rules! rounds2 {
    ($ab:expr, $cd:expr, $ef:expr, $gh:expr, $w:expr, $i:expr) => {
        let wk = vaddq_u64($w, load_u64(&K[2 * $i..]));
        let sum = vaddq_u64(vextq_u64::<1>(wk, wk), $gh);
        let t = vsha512hq_u64(sum, vextq_u64::<1>($ef, $gh), vextq_u64::<1>($cd, $ef));
        $gh = vsha512h2q_u64(t, $cd, $ab);
        $cd = vaddq_u64($cd, t);
    };
}

/// Sixteen rounds from round `2*$i` (`$i` a multiple of 8). From round 16 on, each pair of rounds first replaces
/// the oldest message pair by the next (`s0` holds `W[t-16..t-14]` when `W[t..t+2]` is due).
macro_rules! rounds16 {
    ($st:ident, $s:ident, $i:expr) => {
        rounds16!(@two $st, $s, $i, 0);
        rounds16!(@two $st, $s, $i, 1);
        rounds16!(@two $st, $s, $i, 2);
        rounds16!(@two $st, $s, $i, 3);
        rounds16!(@two $st, $s, $i, 4);
        rounds16!(@two $st, $s, $i, 5);
        rounds16!(@two $st, $s, $i, 6);
        rounds16!(@two $st, $s, $i, 7);
    };
    (@two $st:ident, $s:ident, $i:expr, $j:expr) => {
        let i: usize = $i + $j;
        if i >= 8 {
            $s[$j] = vsha512su1q_u64(
                vsha512su0q_u64($s[$j], $s[($j + 1) % 8]),
                $s[($j + 7) % 8],
                vextq_u64::<1>($s[($j + 4) % 8], $s[($j + 5) % 8]),
            );
        }
        // The register holding `ab` for these two rounds; the others follow cyclically.
        let r: usize = (4 - $j % 4) % 4;
        rounds2!($st[r], $st[(r + 1) % 4], $st[(r + 2) % 4], $st[(r + 3) % 4], $s[$j], i);
    };
}

#[target_feature(enable = "neon,sha3")]
fn compress_armv8(_cpu: Armv8Sha512, state: &mut [u64; 8], blocks: &[u8]) {
    let mut st = [load_u64(&state[0..]), load_u64(&state[2..]), load_u64(&state[4..]), load_u64(&state[6..])];

    for block in blocks.chunks_exact(128) {
        let st_in = st;
        let mut s = [
            load_be(&block[0..]),
            load_be(&block[16..]),
            load_be(&block[32..]),
            load_be(&block[48..]),
            load_be(&block[64..]),
            load_be(&block[80..]),
            load_be(&block[96..]),
            load_be(&block[112..]),
        ];
        rounds16!(st, s, 0);
        rounds16!(st, s, 8);
        rounds16!(st, s, 16);
        rounds16!(st, s, 24);
        rounds16!(st, s, 32);
        for (x, y) in st.iter_mut().zip(st_in) {
            *x = vaddq_u64(*x, y);
        }
    }

    for (words, v) in state.chunks_exact_mut(2).zip(st) {
        // SAFETY: `words` is 2 writable `u64`s.
        unsafe { vst1q_u64(words.as_mut_ptr(), v) };
    }
}
