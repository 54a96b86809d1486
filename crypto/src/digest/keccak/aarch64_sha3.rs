//! Keccak-f\[1600\] with the ARMv8.2 SHA-3 instructions: EOR3 (three-way XOR) and RAX1 (rotate-and-XOR) for θ,
//! XAR (XOR-and-rotate) for θ + ρ, BCAX (bit-clear-and-XOR) for χ. Each lane lives in the low half of its own
//! vector register, as in OpenSSL's `KeccakF1600_ce`.

use core::arch::aarch64::{
    uint64x2_t, vbcaxq_u64, vdupq_n_u64, veor3q_u64, veorq_u64, vgetq_lane_u64, vrax1q_u64, vxarq_u64,
};

use super::RC;
use crate::cpu::Armv8Sha3;

type Lanes = [uint64x2_t; 25];

#[target_feature(enable = "sha3")]
fn load(s: &[u64; 25]) -> Lanes {
    let mut v = [vdupq_n_u64(0); 25];
    for (v, &s) in v.iter_mut().zip(s.iter()) {
        *v = vdupq_n_u64(s);
    }
    v
}

#[target_feature(enable = "sha3")]
fn store(v: &Lanes, s: &mut [u64; 25]) {
    for (s, &v) in s.iter_mut().zip(v.iter()) {
        *s = vgetq_lane_u64::<0>(v);
    }
}

/// The 24 rounds, lane `x + 5y` at index `x + 5 * y`.
#[target_feature(enable = "sha3")]
#[inline]
fn rounds(a: &mut Lanes) {
    for &rc in RC.iter() {
        // θ: C[x] = ⊕ A[x][y]; D[x] = C[x-1] ⊕ rot(C[x+1], 1).
        let c0 = veor3q_u64(veor3q_u64(a[0], a[5], a[10]), a[15], a[20]);
        let c1 = veor3q_u64(veor3q_u64(a[1], a[6], a[11]), a[16], a[21]);
        let c2 = veor3q_u64(veor3q_u64(a[2], a[7], a[12]), a[17], a[22]);
        let c3 = veor3q_u64(veor3q_u64(a[3], a[8], a[13]), a[18], a[23]);
        let c4 = veor3q_u64(veor3q_u64(a[4], a[9], a[14]), a[19], a[24]);
        let d0 = vrax1q_u64(c4, c1);
        let d1 = vrax1q_u64(c0, c2);
        let d2 = vrax1q_u64(c1, c3);
        let d3 = vrax1q_u64(c2, c4);
        let d4 = vrax1q_u64(c3, c0);

        let mut out = [vdupq_n_u64(0); 25];
        // ρ and π: B[y][2x + 3y] = rot(A[x][y] ⊕ D[x], r[x][y]) = XAR(A, D, 64 - r); then χ row by row:
        // A'[x] = B[x] ⊕ (¬B[x+1] ∧ B[x+2]) = BCAX(B[x], B[x+2], B[x+1]).
        macro_rules! row {
            ($o:expr, $(($i:expr, $d:ident, $r:expr)),*) => {{
                let [b0, b1, b2, b3, b4] = [$(vxarq_u64::<{ (64 - $r) % 64 }>(a[$i], $d)),*];
                out[$o] = vbcaxq_u64(b0, b2, b1);
                out[$o + 1] = vbcaxq_u64(b1, b3, b2);
                out[$o + 2] = vbcaxq_u64(b2, b4, b3);
                out[$o + 3] = vbcaxq_u64(b3, b0, b4);
                out[$o + 4] = vbcaxq_u64(b4, b1, b0);
            }};
        }
        row!(0, (0, d0, 0), (6, d1, 44), (12, d2, 43), (18, d3, 21), (24, d4, 14));
        row!(5, (3, d3, 28), (9, d4, 20), (10, d0, 3), (16, d1, 45), (22, d2, 61));
        row!(10, (1, d1, 1), (7, d2, 6), (13, d3, 25), (19, d4, 8), (20, d0, 18));
        row!(15, (4, d4, 27), (5, d0, 36), (11, d1, 10), (17, d2, 15), (23, d3, 56));
        row!(20, (2, d2, 62), (8, d3, 55), (14, d4, 39), (15, d0, 41), (21, d1, 2));
        // ι
        out[0] = veorq_u64(out[0], vdupq_n_u64(rc));
        *a = out;
    }
}

#[target_feature(enable = "sha3")]
fn permute_sha3(state: &mut [u64; 25]) {
    let mut v = load(state);
    rounds(&mut v);
    store(&v, state);
}

#[target_feature(enable = "sha3")]
fn absorb_sha3(state: &mut [u64; 25], rate_lanes: usize, blocks: &[u8]) {
    let mut v = load(state);
    for block in blocks.chunks_exact(8 * rate_lanes) {
        for (lane, bytes) in v.iter_mut().zip(block.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            *lane = veorq_u64(*lane, vdupq_n_u64(u64::from_le_bytes(b)));
        }
        rounds(&mut v);
    }
    store(&v, state);
}

/// Keccak-f\[1600\] in place; the witness proves the SHA-3 instructions are available.
pub(super) fn permute(_w: Armv8Sha3, state: &mut [u64; 25]) {
    // SAFETY: `Armv8Sha3` can only be obtained from `Armv8Sha3::detect()`, which checked that this CPU has the
    // SHA-3 extension that `permute_sha3` is compiled for.
    unsafe { permute_sha3(state) }
}

/// XOR-and-permute over consecutive `8 * rate_lanes`-byte blocks, the state staying in vector registers.
pub(super) fn absorb(_w: Armv8Sha3, state: &mut [u64; 25], rate_lanes: usize, blocks: &[u8]) {
    // SAFETY: as in `permute`, the witness proves the SHA-3 extension is present.
    unsafe { absorb_sha3(state, rate_lanes, blocks) }
}
