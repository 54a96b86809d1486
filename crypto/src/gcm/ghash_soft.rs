//! Constant-time portable GHASH (SP 800-38D §6.4) without tables.
//!
//! Carry-less 64×64 multiplication is emulated with ordinary integer multiplications on operands whose bits are
//! spread out with holes (every fourth bit), so that carries never reach a bit that is kept; the 128×128
//! product uses Karatsuba, the upper halves come from the bit-reversed operands, and the reduction modulo
//! `x^128 + x^7 + x^2 + x + 1` is done with shifts. This is the "ctmul64" method of T. Pornin's BearSSL. Integer
//! multiplication is constant time on the 64-bit CPUs ferrofips targets, and no memory access depends on data.

use zeroize::Zeroize;

/// The hash key `H` as two big-endian halves (`hi`, `lo`) with their bit reversals precomputed.
#[derive(Clone)]
pub(crate) struct Key {
    h1: u64,
    h0: u64,
    h1r: u64,
    h0r: u64,
}

impl Drop for Key {
    fn drop(&mut self) {
        self.h1.zeroize();
        self.h0.zeroize();
        self.h1r.zeroize();
        self.h0r.zeroize();
    }
}

/// The low 64 bits of the carry-less product of `x` and `y`.
#[inline]
fn bmul64(x: u64, y: u64) -> u64 {
    const M0: u64 = 0x1111_1111_1111_1111;
    const M1: u64 = 0x2222_2222_2222_2222;
    const M2: u64 = 0x4444_4444_4444_4444;
    const M3: u64 = 0x8888_8888_8888_8888;
    let (x0, x1, x2, x3) = (x & M0, x & M1, x & M2, x & M3);
    let (y0, y1, y2, y3) = (y & M0, y & M1, y & M2, y & M3);
    let m = u64::wrapping_mul;
    let z0 = m(x0, y0) ^ m(x1, y3) ^ m(x2, y2) ^ m(x3, y1);
    let z1 = m(x0, y1) ^ m(x1, y0) ^ m(x2, y3) ^ m(x3, y2);
    let z2 = m(x0, y2) ^ m(x1, y1) ^ m(x2, y0) ^ m(x3, y3);
    let z3 = m(x0, y3) ^ m(x1, y2) ^ m(x2, y1) ^ m(x3, y0);
    (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3)
}

impl Key {
    /// The key for `h = E_K(0^128)`.
    pub(crate) fn new(h: &[u8; 16]) -> Key {
        let (hi, lo) = h.split_at(8);
        let h1 = u64::from_be_bytes(hi.try_into().unwrap_or([0; 8]));
        let h0 = u64::from_be_bytes(lo.try_into().unwrap_or([0; 8]));
        Key { h1, h0, h1r: h1.reverse_bits(), h0r: h0.reverse_bits() }
    }

    /// Absorbs each whole 16-byte block of `blocks` into the GHASH accumulator `y` (`Y = (Y ^ X) · H`).
    pub(crate) fn update(&self, y: &mut [u8; 16], blocks: &[u8]) {
        let (h1, h0, h1r, h0r) = (self.h1, self.h0, self.h1r, self.h0r);
        let (h2, h2r) = (h0 ^ h1, h0r ^ h1r);
        let (yh, yl) = y.split_at(8);
        let mut y1 = u64::from_be_bytes(yh.try_into().unwrap_or([0; 8]));
        let mut y0 = u64::from_be_bytes(yl.try_into().unwrap_or([0; 8]));

        for block in blocks.chunks_exact(16) {
            let (bh, bl) = block.split_at(8);
            y1 ^= u64::from_be_bytes(bh.try_into().unwrap_or([0; 8]));
            y0 ^= u64::from_be_bytes(bl.try_into().unwrap_or([0; 8]));
            let (y0r, y1r) = (y0.reverse_bits(), y1.reverse_bits());
            let (y2, y2r) = (y0 ^ y1, y0r ^ y1r);

            // Karatsuba on the bit-reflected operands: low halves directly, high halves via reversal.
            let z0 = bmul64(y0, h0);
            let z1 = bmul64(y1, h1);
            let mut z2 = bmul64(y2, h2);
            let mut z0h = bmul64(y0r, h0r);
            let mut z1h = bmul64(y1r, h1r);
            let mut z2h = bmul64(y2r, h2r);
            z2 ^= z0 ^ z1;
            z2h ^= z0h ^ z1h;
            z0h = z0h.reverse_bits() >> 1;
            z1h = z1h.reverse_bits() >> 1;
            z2h = z2h.reverse_bits() >> 1;

            // The 256-bit product (v3..v0), shifted left by one because the operands are bit-reflected.
            let (mut v0, mut v1, mut v2, mut v3) = (z0, z0h ^ z2, z1 ^ z2h, z1h);
            v3 = (v3 << 1) | (v2 >> 63);
            v2 = (v2 << 1) | (v1 >> 63);
            v1 = (v1 << 1) | (v0 >> 63);
            v0 <<= 1;

            // Reduction modulo x^128 + x^7 + x^2 + x + 1 (reflected).
            v2 ^= v0 ^ (v0 >> 1) ^ (v0 >> 2) ^ (v0 >> 7);
            v1 ^= (v0 << 63) ^ (v0 << 62) ^ (v0 << 57);
            v3 ^= v1 ^ (v1 >> 1) ^ (v1 >> 2) ^ (v1 >> 7);
            v2 ^= (v1 << 63) ^ (v1 << 62) ^ (v1 << 57);

            y0 = v2;
            y1 = v3;
        }
        y[..8].copy_from_slice(&y1.to_be_bytes());
        y[8..].copy_from_slice(&y0.to_be_bytes());
    }
}
