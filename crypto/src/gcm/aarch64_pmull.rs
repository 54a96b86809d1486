//! AES-GCM with the ARMv8 Cryptographic Extension (AES + PMULL).
//!
//! The same structure as the x86 backend: GHASH through POLYVAL (RFC 8452 Appendix A) on byte-reversed blocks,
//! Karatsuba products of eight blocks with `H'^8 … H'^1` summed before one Montgomery-style reduction, and eight
//! counter blocks in flight whose AES rounds are interleaved with the GHASH of eight ciphertext blocks.

use core::arch::aarch64::{
    uint8x16_t, vaeseq_u8, vaesmcq_u8, vdupq_n_u8, veorq_u8, vextq_u8, vgetq_lane_u64, vmull_p64,
    vreinterpretq_u8_p128, vreinterpretq_u8_u32, vreinterpretq_u32_u8, vreinterpretq_u64_u8, vrev64q_u8,
    vsetq_lane_u32,
};

use zeroize::Zeroize;

use crate::aes::aarch64_aes::{self, KeySchedule, Keys, from_u128, load, store, to_u128};
use crate::cpu::Armv8AesPmull;

/// Blocks per stitched iteration.
const WIDE: usize = 8;

/// The POLYVAL reduction constant's high half (`x^128 + x^127 + x^126 + x^121 + 1`).
const POLY: u64 = 0xc200_0000_0000_0000;

/// `H'^1 … H'^8` (POLYVAL form) as the memory images of the vectors, and for Karatsuba the XOR of the two 64-bit
/// halves of each power.
#[derive(Clone)]
pub(crate) struct HTable {
    pow: [u128; WIDE],
    kara: [u128; WIDE],
}

impl Drop for HTable {
    fn drop(&mut self) {
        self.pow.zeroize();
        self.kara.zeroize();
    }
}

/// Reverses the 16 bytes of a vector.
#[inline]
#[target_feature(enable = "neon")]
fn bswap(v: uint8x16_t) -> uint8x16_t {
    let r = vrev64q_u8(v);
    vextq_u8::<8>(r, r)
}

/// Swaps the 64-bit halves.
#[inline]
#[target_feature(enable = "neon")]
fn swap(v: uint8x16_t) -> uint8x16_t {
    vextq_u8::<8>(v, v)
}

/// The carry-less product of the low (`HI = false`) or high 64-bit halves of `a` and `b`.
#[inline]
#[target_feature(enable = "neon,aes")]
fn clmul<const A: i32, const B: i32>(a: uint8x16_t, b: uint8x16_t) -> uint8x16_t {
    let a = vgetq_lane_u64::<A>(vreinterpretq_u64_u8(a));
    let b = vgetq_lane_u64::<B>(vreinterpretq_u64_u8(b));
    vreinterpretq_u8_p128(vmull_p64(a, b))
}

/// An unreduced 256-bit carry-less sum of products, Karatsuba style: `lo + (mid ^ lo ^ hi)·x^64 + hi·x^128`.
#[derive(Clone, Copy)]
struct Acc {
    lo: uint8x16_t,
    mid: uint8x16_t,
    hi: uint8x16_t,
}

impl Acc {
    #[inline]
    #[target_feature(enable = "neon")]
    fn zero() -> Acc {
        Acc { lo: vdupq_n_u8(0), mid: vdupq_n_u8(0), hi: vdupq_n_u8(0) }
    }

    /// Adds the product `x · h`; `hk` holds `h.lo ^ h.hi` in its low half.
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn mul_add(&mut self, x: uint8x16_t, h: uint8x16_t, hk: uint8x16_t) {
        self.lo = veorq_u8(self.lo, clmul::<0, 0>(x, h));
        self.hi = veorq_u8(self.hi, clmul::<1, 1>(x, h));
        self.mid = veorq_u8(self.mid, clmul::<0, 0>(veorq_u8(x, swap(x)), hk));
    }

    /// `sum · x^-128 mod (x^128 + x^127 + x^126 + x^121 + 1)`.
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn reduce(self) -> uint8x16_t {
        let zero = vdupq_n_u8(0);
        let mid = veorq_u8(self.mid, veorq_u8(self.lo, self.hi));
        // mid·x^64 split over lo (its low half moved up) and hi (its high half moved down).
        let lo = veorq_u8(self.lo, vextq_u8::<8>(zero, mid));
        let hi = veorq_u8(self.hi, vextq_u8::<8>(mid, zero));
        let poly = vreinterpretq_u8_p128(u128::from(POLY));
        let lo = veorq_u8(swap(lo), clmul::<0, 0>(lo, poly));
        let lo = veorq_u8(swap(lo), clmul::<0, 0>(lo, poly));
        veorq_u8(hi, lo)
    }
}

impl HTable {
    /// The powers of `H' = mulX_POLYVAL(ByteReverse(h))` for `h = E_K(0^128)`.
    pub(crate) fn new(cpu: Armv8AesPmull, h: &[u8; 16]) -> HTable {
        let v = u128::from_be_bytes(*h);
        let carry = 0u128.wrapping_sub(v >> 127);
        let mut t = HTable { pow: [0; WIDE], kara: [0; WIDE] };
        let h = (v << 1) ^ (carry & 0xc200_0000_0000_0000_0000_0000_0000_0001);
        t.pow[0] = u128::from_ne_bytes(h.to_le_bytes());
        // SAFETY: the `Armv8AesPmull` witness proves that this CPU has PMULL (and NEON).
        unsafe { t.powers(cpu) };
        t
    }

    #[target_feature(enable = "neon,aes")]
    fn powers(&mut self, _cpu: Armv8AesPmull) {
        let h = from_u128(self.pow[0]);
        let hk = veorq_u8(h, swap(h));
        self.kara[0] = to_u128(hk);
        // H^2; then H^3, H^4 from it; then H^5..H^8 from H^4: three rounds of independent multiplications.
        let mul = |a: u128, b: u128| {
            let (a, b) = (from_u128(a), from_u128(b));
            let mut acc = Acc::zero();
            acc.mul_add(a, b, veorq_u8(b, swap(b)));
            to_u128(acc.reduce())
        };
        let p = &mut self.pow;
        p[1] = mul(p[0], p[0]);
        (p[2], p[3]) = (mul(p[1], p[0]), mul(p[1], p[1]));
        (p[4], p[5], p[6], p[7]) = (mul(p[3], p[0]), mul(p[3], p[1]), mul(p[3], p[2]), mul(p[3], p[3]));
        for i in 1..WIDE {
            let v = from_u128(self.pow[i]);
            self.kara[i] = to_u128(veorq_u8(v, swap(v)));
        }
    }

    /// Adds `x · H'^(i+1)` to `acc`.
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn mul_add(&self, acc: &mut Acc, x: uint8x16_t, i: usize) {
        acc.mul_add(x, from_u128(self.pow[i]), from_u128(self.kara[i]));
    }
}

/// Hashes the `n <= 8` whole blocks of `blocks` into the POLYVAL accumulator `y` with one reduction.
#[inline]
#[target_feature(enable = "neon,aes")]
fn hash_few(t: &HTable, y: uint8x16_t, blocks: &[u8]) -> uint8x16_t {
    let n = blocks.len() / 16;
    if n == 0 {
        return y;
    }
    let mut acc = Acc::zero();
    for (j, block) in blocks.chunks_exact(16).enumerate() {
        let mut x = bswap(load(block));
        if j == 0 {
            x = veorq_u8(x, y);
        }
        t.mul_add(&mut acc, x, n - 1 - j);
    }
    acc.reduce()
}

/// `Y = GHASH_H(Y, blocks)` over the whole blocks of `blocks`.
pub(super) fn ghash(cpu: Armv8AesPmull, t: &HTable, y: &mut [u8; 16], blocks: &[u8]) {
    // SAFETY: the `Armv8AesPmull` witness proves that this CPU has PMULL (and NEON).
    unsafe { ghash_pmull(cpu, t, y, blocks) }
}

#[target_feature(enable = "neon,aes")]
fn ghash_pmull(_cpu: Armv8AesPmull, t: &HTable, y: &mut [u8; 16], blocks: &[u8]) {
    let mut acc = bswap(load(y));
    let whole = blocks.len() - blocks.len() % 16;
    for chunk in blocks[..whole].chunks(16 * WIDE) {
        acc = hash_few(t, acc, chunk);
    }
    store(y, bswap(acc));
}

/// The state shared by the bulk loops: round keys, counter block and its 32-bit counter, accumulator.
struct Bulk<'a> {
    keys: Keys,
    rounds: usize,
    t: &'a HTable,
    block: uint8x16_t,
    ctr: u32,
    y: uint8x16_t,
}

impl Bulk<'_> {
    /// The counter block with counter `c`.
    #[inline]
    #[target_feature(enable = "neon")]
    fn counter(&self, c: u32) -> uint8x16_t {
        vreinterpretq_u8_u32(vsetq_lane_u32::<3>(c.to_be(), vreinterpretq_u32_u8(self.block)))
    }

    /// The next `WIDE` counter blocks.
    #[inline]
    #[target_feature(enable = "neon")]
    fn counters(&mut self) -> [uint8x16_t; WIDE] {
        let mut b = [self.block; WIDE];
        for (i, b) in b.iter_mut().enumerate() {
            *b = self.counter(self.ctr.wrapping_add(i as u32));
        }
        self.ctr = self.ctr.wrapping_add(WIDE as u32);
        b
    }

    /// Eight blocks of counter mode over `out` (128 bytes), stitched with the GHASH of eight blocks: those of
    /// `prev` (128 bytes) when encrypting, those of `out` before they are decrypted when `DECRYPT`.
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn stitched<const DECRYPT: bool>(&mut self, prev: &[u8], out: &mut [u8]) {
        let mut b = self.counters();
        let mut acc = Acc::zero();
        // Rounds 0..8 each carry one GHASH multiplication.
        for j in 0..WIDE {
            let k = self.keys[j];
            for b in b.iter_mut() {
                *b = vaesmcq_u8(vaeseq_u8(*b, k));
            }
            let mut x = bswap(load(if DECRYPT { &out[16 * j..] } else { &prev[16 * j..] }));
            if j == 0 {
                x = veorq_u8(x, self.y);
            }
            self.t.mul_add(&mut acc, x, WIDE - 1 - j);
        }
        for k in &self.keys[WIDE..self.rounds - 1] {
            for b in b.iter_mut() {
                *b = vaesmcq_u8(vaeseq_u8(*b, *k));
            }
        }
        let (k, last) = (self.keys[self.rounds - 1], self.keys[self.rounds]);
        for (i, b) in b.iter().enumerate() {
            let ks = veorq_u8(vaeseq_u8(*b, k), last);
            let p = load(&out[16 * i..]);
            store(&mut out[16 * i..], veorq_u8(p, ks));
        }
        self.y = acc.reduce();
    }

    /// Eight blocks of counter mode without hashing (the first batch of an encryption).
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn ctr_wide(&mut self, out: &mut [u8]) {
        let mut b = self.counters();
        for k in &self.keys[..self.rounds - 1] {
            for b in b.iter_mut() {
                *b = vaesmcq_u8(vaeseq_u8(*b, *k));
            }
        }
        let (k, last) = (self.keys[self.rounds - 1], self.keys[self.rounds]);
        for (i, b) in b.iter().enumerate() {
            let ks = veorq_u8(vaeseq_u8(*b, k), last);
            let p = load(&out[16 * i..]);
            store(&mut out[16 * i..], veorq_u8(p, ks));
        }
    }

    /// Counter mode over up to eight whole blocks, one at a time.
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn ctr_few(&mut self, data: &mut [u8]) {
        for block in data.chunks_exact_mut(16) {
            let ks = aarch64_aes::encrypt1(&self.keys, self.rounds, self.counter(self.ctr));
            self.ctr = self.ctr.wrapping_add(1);
            store(block, veorq_u8(load(block), ks));
        }
    }

    /// Writes the accumulator and the next counter block back.
    #[inline]
    #[target_feature(enable = "neon")]
    fn finish(&self, y: &mut [u8; 16], ctr: &mut [u8; 16]) {
        store(y, bswap(self.y));
        store(ctr, self.counter(self.ctr));
    }
}

/// Encrypts the whole blocks of `data` in place from counter block `ctr` and hashes the ciphertext into `y`.
pub(super) fn seal(
    cpu: Armv8AesPmull,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    // SAFETY: the `Armv8AesPmull` witness proves that this CPU has AES and PMULL (and NEON).
    unsafe { seal_pmull(cpu, ks, t, y, ctr, data) }
}

/// Hashes the whole ciphertext blocks of `data` into `y` and decrypts them in place from counter block `ctr`.
pub(super) fn open(
    cpu: Armv8AesPmull,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    // SAFETY: the `Armv8AesPmull` witness proves that this CPU has AES and PMULL (and NEON).
    unsafe { open_pmull(cpu, ks, t, y, ctr, data) }
}

#[target_feature(enable = "neon,aes")]
fn start<'a>(ks: &KeySchedule, t: &'a HTable, y: &[u8; 16], ctr: &[u8; 16]) -> Bulk<'a> {
    Bulk {
        keys: ks.enc_keys(),
        rounds: ks.rounds(),
        t,
        block: load(ctr),
        ctr: u32::from_be_bytes([ctr[12], ctr[13], ctr[14], ctr[15]]),
        y: bswap(load(y)),
    }
}

#[target_feature(enable = "neon,aes")]
fn seal_pmull(
    _cpu: Armv8AesPmull,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    const W: usize = 16 * WIDE;
    let whole = data.len() - data.len() % 16;
    let data = &mut data[..whole];
    let mut s = start(ks, t, y, ctr);
    let mut done = 0;
    if data.len() >= W {
        s.ctr_wide(&mut data[..W]);
        done = W;
        while data.len() - done >= W {
            let (prev, rest) = data[done - W..].split_at_mut(W);
            s.stitched::<false>(prev, &mut rest[..W]);
            done += W;
        }
        s.y = hash_few(t, s.y, &data[done - W..done]);
    }
    let rest = &mut data[done..];
    s.ctr_few(rest);
    s.y = hash_few(t, s.y, rest);
    s.finish(y, ctr);
}

#[target_feature(enable = "neon,aes")]
fn open_pmull(
    _cpu: Armv8AesPmull,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    const W: usize = 16 * WIDE;
    let whole = data.len() - data.len() % 16;
    let data = &mut data[..whole];
    let mut s = start(ks, t, y, ctr);
    let mut chunks = data.chunks_exact_mut(W);
    for chunk in &mut chunks {
        s.stitched::<true>(&[], chunk);
    }
    let rest = chunks.into_remainder();
    s.y = hash_few(t, s.y, rest);
    s.ctr_few(rest);
    s.finish(y, ctr);
}
