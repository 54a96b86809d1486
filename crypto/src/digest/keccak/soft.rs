//! Portable Keccak-f\[1600\]: each round is written out lane by lane on local copies of the state, so the
//! compiler keeps the lanes in registers, with the "lane complementing" transform of the Keccak team's
//! `KeccakP-1600-opt64` (Keccak implementation overview §2.2): keeping lanes 1, 2, 8, 12, 17 and 20
//! complemented turns 20 of the 25 NOTs of χ per round into plain AND/OR, which matters on CPUs without ANDN.

use super::{RC, xor_block};

/// The lanes held complemented during the rounds.
const COMPLEMENTED: [usize; 6] = [1, 2, 8, 12, 17, 20];

#[inline(always)]
fn complement(s: &mut [u64; 25]) {
    for i in COMPLEMENTED {
        s[i] = !s[i];
    }
}

/// One round (θ, ρ, π, χ, ι) of the lane-complemented state `a`, lane `x + 5y` at index `x + 5 * y`.
#[inline(always)]
fn round(a: &[u64; 25], rc: u64) -> [u64; 25] {
    // θ runs unchanged on the complemented representation: the complements carry through C and D into B, and
    // the χ formulas below (derived in XKCP) absorb them and leave the output complemented in the same lanes.
    let c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
    let c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
    let c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
    let c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
    let c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
    let d0 = c4 ^ c1.rotate_left(1);
    let d1 = c0 ^ c2.rotate_left(1);
    let d2 = c1 ^ c3.rotate_left(1);
    let d3 = c2 ^ c4.rotate_left(1);
    let d4 = c3 ^ c0.rotate_left(1);

    // ρ and π: B[y][2x + 3y] = rot(A[x][y] ^ D[x], r[x][y]), then χ with the complemented-lane formulas.
    macro_rules! b {
        ($(($i:expr, $d:ident, $r:expr)),*) => {
            [$((a[$i] ^ $d).rotate_left($r)),*]
        };
    }
    let mut o = [0u64; 25];
    let [b0, b1, b2, b3, b4] = b!((0, d0, 0), (6, d1, 44), (12, d2, 43), (18, d3, 21), (24, d4, 14));
    o[0] = b0 ^ (b1 | b2) ^ rc;
    o[1] = b1 ^ (!b2 | b3);
    o[2] = b2 ^ (b3 & b4);
    o[3] = b3 ^ (b4 | b0);
    o[4] = b4 ^ (b0 & b1);
    let [b0, b1, b2, b3, b4] = b!((3, d3, 28), (9, d4, 20), (10, d0, 3), (16, d1, 45), (22, d2, 61));
    o[5] = b0 ^ (b1 | b2);
    o[6] = b1 ^ (b2 & b3);
    o[7] = b2 ^ (b3 | !b4);
    o[8] = b3 ^ (b4 | b0);
    o[9] = b4 ^ (b0 & b1);
    let [b0, b1, b2, b3, b4] = b!((1, d1, 1), (7, d2, 6), (13, d3, 25), (19, d4, 8), (20, d0, 18));
    o[10] = b0 ^ (b1 | b2);
    o[11] = b1 ^ (b2 & b3);
    o[12] = b2 ^ (!b3 & b4);
    o[13] = !b3 ^ (b4 | b0);
    o[14] = b4 ^ (b0 & b1);
    let [b0, b1, b2, b3, b4] = b!((4, d4, 27), (5, d0, 36), (11, d1, 10), (17, d2, 15), (23, d3, 56));
    o[15] = b0 ^ (b1 & b2);
    o[16] = b1 ^ (b2 | b3);
    o[17] = b2 ^ (!b3 | b4);
    o[18] = !b3 ^ (b4 & b0);
    o[19] = b4 ^ (b0 | b1);
    let [b0, b1, b2, b3, b4] = b!((2, d2, 62), (8, d3, 55), (14, d4, 39), (15, d0, 41), (21, d1, 2));
    o[20] = b0 ^ (!b1 & b2);
    o[21] = !b1 ^ (b2 | b3);
    o[22] = b2 ^ (b3 & b4);
    o[23] = b3 ^ (b4 | b0);
    o[24] = b4 ^ (b0 & b1);
    o
}

/// The 24 rounds on a local copy (complemented on the way in and out).
#[inline(always)]
fn rounds(mut s: [u64; 25]) -> [u64; 25] {
    complement(&mut s);
    for pair in RC.chunks_exact(2) {
        s = round(&s, pair[0]);
        s = round(&s, pair[1]);
    }
    complement(&mut s);
    s
}

/// Keccak-f\[1600\] in place.
pub(super) fn permute(state: &mut [u64; 25]) {
    *state = rounds(*state);
}

/// XOR-and-permute over consecutive `8 * rate_lanes`-byte blocks, keeping the state local between blocks.
pub(super) fn absorb(state: &mut [u64; 25], rate_lanes: usize, blocks: &[u8]) {
    let mut s = *state;
    for block in blocks.chunks_exact(8 * rate_lanes) {
        xor_block(&mut s, block);
        s = rounds(s);
    }
    *state = s;
}
