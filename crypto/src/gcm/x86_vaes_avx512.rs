//! AES-GCM with VAES and VPCLMULQDQ on 512-bit registers (AVX-512 F/BW/VL): four blocks per `zmm`.
//!
//! GHASH is computed in POLYVAL form as in `x86_clmul.rs`: byte-reversed blocks are multiplied by
//! `H' = mulX_POLYVAL(ByteReverse(H))` as little-endian 128-bit polynomials and reduced Montgomery-style with two
//! multiplications by the constant `0xc2…01`. Up to 32 blocks (eight registers) are multiplied by
//! `H'^n … H'^1` with Karatsuba (three carry-less multiplications per block: `vpclmulqdq` is the scarce unit, AES
//! rounds are not) and summed before one reduction per register lane, whose four lanes are then added up.
//!
//! The table of powers is kept in descending order (`H'^32` first) followed by zero entries, so that `n` blocks
//! are hashed by loading the powers from entry `32 - n` on: the zero entries cancel the lanes past the last block.
//! Only `H'` is computed with the key; `H'^2 … H'^4`, `… H'^8`, `… H'^16` and `… H'^32` are added the first time
//! a message needs them, so that a short message under a fresh key pays only for what it hashes (messages
//! shorter than 512 bytes never need more than `H'^16`: their blocks are hashed in groups of at most 16).
//!
//! Bulk encryption keeps 32 counter blocks in flight (eight independent `vaesenc` chains: enough to cover the
//! instruction's latency at two per cycle) and hashes the previous 32 ciphertext blocks during their AES rounds;
//! decryption hashes the 32 ciphertext blocks it is decrypting. The last partial register group (and a partial
//! block) is loaded and stored with byte masks. Control flow and memory addresses depend only on lengths, never
//! on key or data.

use core::arch::x86_64::{
    __m128i, __m512i, _mm_clmulepi64_si128, _mm_set_epi8, _mm_set_epi64x, _mm_shuffle_epi8, _mm_shuffle_epi32,
    _mm_ternarylogic_epi32, _mm_xor_si128, _mm256_castsi256_si128, _mm256_extracti128_si256, _mm256_xor_si256,
    _mm512_add_epi32, _mm512_aesenc_epi128, _mm512_aesenclast_epi128, _mm512_broadcast_i32x4, _mm512_castsi512_si128,
    _mm512_castsi512_si256, _mm512_clmulepi64_epi128, _mm512_extracti64x4_epi64, _mm512_inserti32x4,
    _mm512_loadu_si512, _mm512_mask_blend_epi64, _mm512_mask_storeu_epi8, _mm512_maskz_loadu_epi8, _mm512_set_epi32,
    _mm512_setzero_si512, _mm512_shuffle_epi8, _mm512_shuffle_epi32, _mm512_shuffle_i64x2, _mm512_storeu_si512,
    _mm512_ternarylogic_epi32, _mm512_xor_si512, _mm512_zextsi128_si512,
};

use zeroize::Zeroize;

use super::Side;
use super::vaes_powers::Powers;
use crate::aes::x86_aesni::{KeySchedule, Keys, from_u128, load, store};
use crate::cpu::VaesAvx512;

/// Blocks per register.
const LANES: usize = 4;
/// Registers per stitched iteration.
const VECS: usize = 8;
/// The largest group of blocks hashed outside the stitched loops.
const GROUP: usize = 16;
/// Blocks per stitched iteration, and the number of powers of `H'` the table can hold.
const WIDE: usize = LANES * VECS;
/// Bytes per stitched iteration.
const CHUNK: usize = 16 * WIDE;
/// Table entries: the powers, then zeros so that a four-lane load starting at any power stays in the table.
const ENTRIES: usize = WIDE + LANES - 1;

/// `H'^32 … H'^1` (POLYVAL form, entry `32 - k` holds `H'^k`) as the memory images of the vectors, and for
/// Karatsuba the XOR of the two 64-bit halves of each power in both halves; then `LANES - 1` zero entries.
/// Entries of powers not yet computed are zero.
pub(crate) type HTable = Powers<WIDE, ENTRIES>;

impl HTable {
    /// The table for `h = E_K(0^128)`, with only `H'` itself computed.
    pub(crate) fn new(_cpu: VaesAvx512, h: &[u8; 16]) -> Box<HTable> {
        Powers::boxed(h)
    }

    /// Four powers from entry `i` on (`i + 4 <= ENTRIES`).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn pow4(&self, i: usize) -> __m512i {
        load4(&self.pow[i..i + LANES])
    }

    /// Four Karatsuba companions from entry `i` on.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn kara4(&self, i: usize) -> __m512i {
        load4(&self.kara[i..i + LANES])
    }

    /// Stores the four powers of `v` from entry `i` on, with their Karatsuba companions.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn put4(&mut self, i: usize, v: __m512i) {
        store4(&mut self.pow[i..i + LANES], v);
        store4(&mut self.kara[i..i + LANES], _mm512_xor_si512(v, _mm512_shuffle_epi32::<0x4e>(v)));
    }

    /// Makes sure that `H'^1 … H'^n` are present (`n <= WIDE`).
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn ensure(&mut self, n: usize) {
        if n > self.have {
            self.grow(n);
        }
    }

    /// Adds powers up to `H'^4`, `H'^8`, `H'^16` or `H'^32`, whichever first covers `n`.
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn grow(&mut self, n: usize) {
        if self.have < 4 {
            let h = from_u128(self.pow[WIDE - 1]);
            let hv = _mm512_broadcast_i32x4(h);
            // H'^2 in every lane, then [H'^2, H'^2, ..] · [H'^2, H'^1, ..] = [H'^4, H'^3, ..].
            let h2 = mul_lanes(hv, hv);
            let p = mul_lanes(h2, _mm512_inserti32x4::<0>(hv, _mm512_castsi512_si128(h2)));
            // Lanes 2 and 3 become H'^2 and H'^1.
            let low = _mm512_inserti32x4::<2>(hv, _mm512_castsi512_si128(h2));
            self.put4(WIDE - 4, _mm512_mask_blend_epi64(0b1111_0000, p, low));
            self.have = 4;
        }
        if n > 4 && self.have < 8 {
            let p1 = self.pow4(WIDE - 4);
            let h4 = _mm512_shuffle_i64x2::<0>(p1, p1);
            self.put4(WIDE - 8, mul_lanes(p1, h4));
            self.have = 8;
        }
        if n > 8 && self.have < 16 {
            let p1 = self.pow4(WIDE - 4);
            let p2 = self.pow4(WIDE - 8);
            let h4 = _mm512_shuffle_i64x2::<0>(p1, p1);
            let h8 = _mm512_shuffle_i64x2::<0>(p2, p2);
            self.put4(WIDE - 12, mul_lanes(p2, h4));
            self.put4(WIDE - 16, mul_lanes(p2, h8));
            self.have = 16;
        }
        if n > 16 && self.have < 32 {
            let p4 = self.pow4(WIDE - 16);
            let h16 = _mm512_shuffle_i64x2::<0>(p4, p4);
            for i in 0..4 {
                let p = self.pow4(WIDE - 4 - LANES * i);
                self.put4(WIDE - 20 - LANES * i, mul_lanes(p, h16));
            }
            self.have = 32;
        }
    }
}

/// Loads four table entries.
#[inline]
#[target_feature(enable = "avx512f")]
fn load4(x: &[u128]) -> __m512i {
    let x = &x[..LANES];
    // SAFETY: `x` is 64 readable bytes and `_mm512_loadu_si512` has no alignment requirement.
    unsafe { _mm512_loadu_si512(x.as_ptr().cast()) }
}

/// Stores four table entries.
#[inline]
#[target_feature(enable = "avx512f")]
fn store4(x: &mut [u128], v: __m512i) {
    let x = &mut x[..LANES];
    // SAFETY: `x` is 64 writable bytes and `_mm512_storeu_si512` has no alignment requirement.
    unsafe { _mm512_storeu_si512(x.as_mut_ptr().cast(), v) }
}

/// Loads 64 bytes (`bytes.len() >= 64`).
#[inline]
#[target_feature(enable = "avx512f")]
fn load64(bytes: &[u8]) -> __m512i {
    let bytes = &bytes[..64];
    // SAFETY: `bytes` is 64 readable bytes and `_mm512_loadu_si512` has no alignment requirement.
    unsafe { _mm512_loadu_si512(bytes.as_ptr().cast()) }
}

/// Stores 64 bytes (`bytes.len() >= 64`).
#[inline]
#[target_feature(enable = "avx512f")]
fn store64(bytes: &mut [u8], v: __m512i) {
    let bytes = &mut bytes[..64];
    // SAFETY: `bytes` is 64 writable bytes and `_mm512_storeu_si512` has no alignment requirement.
    unsafe { _mm512_storeu_si512(bytes.as_mut_ptr().cast(), v) }
}

/// The byte mask of the first `n <= 64` bytes.
#[inline]
fn mask(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// Loads the first `min(len, 64)` bytes of `bytes`, the rest of the register zero.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn load_partial(bytes: &[u8]) -> __m512i {
    let k = mask(bytes.len());
    // SAFETY: only the bytes selected by `k`, all inside `bytes`, are read; a masked-off byte is never accessed
    // (AVX-512 masked loads suppress faults on masked-off elements).
    unsafe { _mm512_maskz_loadu_epi8(k, bytes.as_ptr().cast()) }
}

/// Stores the first `min(len, 64)` bytes of `v` into `bytes`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn store_partial(bytes: &mut [u8], v: __m512i) {
    let k = mask(bytes.len());
    // SAFETY: only the bytes selected by `k`, all inside `bytes`, are written (masked-off bytes are untouched).
    unsafe { _mm512_mask_storeu_epi8(bytes.as_mut_ptr().cast(), k, v) }
}

/// Reverses the 16 bytes of each lane (GHASH block <-> POLYVAL integer; counter block <-> counter in dword 0).
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn bswap(v: __m512i) -> __m512i {
    let m = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(m))
}

/// Reverses the 16 bytes of a 128-bit vector.
#[inline]
#[target_feature(enable = "ssse3")]
fn bswap128(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// `a ^ b ^ c`.
#[inline]
#[target_feature(enable = "avx512f")]
fn xor3(a: __m512i, b: __m512i, c: __m512i) -> __m512i {
    _mm512_ternarylogic_epi32::<0x96>(a, b, c)
}

/// Swaps the 64-bit halves of each lane.
#[inline]
#[target_feature(enable = "avx512f")]
fn swap64(v: __m512i) -> __m512i {
    _mm512_shuffle_epi32::<0x4e>(v)
}

/// Per lane, the Montgomery reduction `(lo + mid·x^64 + hi·x^128) · x^-128 mod (x^128 + x^127 + x^126 + x^121 + 1)`.
#[inline]
#[target_feature(enable = "avx512f,vpclmulqdq")]
fn reduce_lanes(lo: __m512i, mid: __m512i, hi: __m512i) -> __m512i {
    let poly = _mm512_broadcast_i32x4(_mm_set_epi64x(0xc200_0000_0000_0000_u64 as i64, 1));
    // Fold the low 64 bits into the middle, then the low 64 bits of the middle into the high half.
    let t = _mm512_clmulepi64_epi128::<0x10>(lo, poly);
    let mid = xor3(mid, swap64(lo), t);
    let t = _mm512_clmulepi64_epi128::<0x10>(mid, poly);
    xor3(hi, swap64(mid), t)
}

/// Per lane, `a · b · x^-128` (schoolbook; used to build the table).
#[inline]
#[target_feature(enable = "avx512f,vpclmulqdq")]
fn mul_lanes(a: __m512i, b: __m512i) -> __m512i {
    let lo = _mm512_clmulepi64_epi128::<0x00>(a, b);
    let hi = _mm512_clmulepi64_epi128::<0x11>(a, b);
    let mid = _mm512_xor_si512(_mm512_clmulepi64_epi128::<0x01>(a, b), _mm512_clmulepi64_epi128::<0x10>(a, b));
    reduce_lanes(lo, mid, hi)
}

/// The sum of the four lanes.
#[inline]
#[target_feature(enable = "avx512f,avx2")]
fn sum_lanes(v: __m512i) -> __m128i {
    let a = _mm256_xor_si256(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64::<1>(v));
    _mm_xor_si128(_mm256_castsi256_si128(a), _mm256_extracti128_si256::<1>(a))
}

/// An unreduced sum of lane-wise products, Karatsuba style: `lo + (mid ^ lo ^ hi)·x^64 + hi·x^128` per lane.
#[derive(Clone, Copy)]
struct Acc {
    lo: __m512i,
    mid: __m512i,
    hi: __m512i,
}

impl Acc {
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn zero() -> Acc {
        Acc { lo: _mm512_setzero_si512(), mid: _mm512_setzero_si512(), hi: _mm512_setzero_si512() }
    }

    /// Adds the lane-wise products `x · h`; `k` holds the Karatsuba companions of `h`.
    #[inline]
    #[target_feature(enable = "avx512f,vpclmulqdq")]
    fn mul_add(&mut self, x: __m512i, h: __m512i, k: __m512i) {
        self.lo = _mm512_xor_si512(self.lo, _mm512_clmulepi64_epi128::<0x00>(x, h));
        self.hi = _mm512_xor_si512(self.hi, _mm512_clmulepi64_epi128::<0x11>(x, h));
        let xk = _mm512_xor_si512(x, swap64(x));
        self.mid = _mm512_xor_si512(self.mid, _mm512_clmulepi64_epi128::<0x00>(xk, k));
    }

    /// Adds the lane-wise products `a · ha + b · hb` (Karatsuba; `ka`, `kb` the companions of `ha`, `hb`), three
    /// accumulations with three-way XORs.
    #[inline]
    #[target_feature(enable = "avx512f,vpclmulqdq")]
    fn mul_add2(&mut self, (a, ha, ka): (__m512i, __m512i, __m512i), (b, hb, kb): (__m512i, __m512i, __m512i)) {
        let lo_a = _mm512_clmulepi64_epi128::<0x00>(a, ha);
        let lo_b = _mm512_clmulepi64_epi128::<0x00>(b, hb);
        self.lo = xor3(self.lo, lo_a, lo_b);
        let hi_a = _mm512_clmulepi64_epi128::<0x11>(a, ha);
        let hi_b = _mm512_clmulepi64_epi128::<0x11>(b, hb);
        self.hi = xor3(self.hi, hi_a, hi_b);
        let mid_a = _mm512_clmulepi64_epi128::<0x00>(_mm512_xor_si512(a, swap64(a)), ka);
        let mid_b = _mm512_clmulepi64_epi128::<0x00>(_mm512_xor_si512(b, swap64(b)), kb);
        self.mid = xor3(self.mid, mid_a, mid_b);
    }

    /// The reduced sum of all lanes.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,vpclmulqdq")]
    fn reduce(self) -> __m128i {
        let mid = xor3(self.mid, self.lo, self.hi);
        sum_lanes(reduce_lanes(self.lo, mid, self.hi))
    }
}

/// Hashes `n <= 32` blocks held in the lanes of `xs` (as loaded, not byte-reversed; lanes past the `n`th are
/// ignored) into the POLYVAL accumulator `y`, with one reduction; needs `H'^n`.
#[inline]
#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn hash_lanes(t: &HTable, y: __m128i, xs: &[__m512i], n: usize) -> __m128i {
    if n == 0 {
        return y;
    }
    let base = WIDE - n;
    let mut acc = Acc::zero();
    for (j, x) in xs.iter().enumerate().take(n.div_ceil(LANES)) {
        let mut x = bswap(*x);
        if j == 0 {
            x = _mm512_xor_si512(x, _mm512_zextsi128_si512(y));
        }
        acc.mul_add(x, t.pow4(base + LANES * j), t.kara4(base + LANES * j));
    }
    acc.reduce()
}

/// `(y ^ ByteReverse(block)) · H'` with 128-bit registers.
#[inline]
#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn hash1(t: &HTable, y: __m128i, block: __m128i) -> __m128i {
    let x = _mm_xor_si128(bswap128(block), y);
    let h = from_u128(t.pow[WIDE - 1]);
    let k = from_u128(t.kara[WIDE - 1]);
    let lo = _mm_clmulepi64_si128::<0x00>(x, h);
    let hi = _mm_clmulepi64_si128::<0x11>(x, h);
    let xk = _mm_xor_si128(x, _mm_shuffle_epi32::<0x4e>(x));
    let mid = _mm_ternarylogic_epi32::<0x96>(_mm_clmulepi64_si128::<0x00>(xk, k), lo, hi);
    let poly = _mm_set_epi64x(0xc200_0000_0000_0000_u64 as i64, 1);
    let t1 = _mm_clmulepi64_si128::<0x10>(lo, poly);
    let mid = _mm_ternarylogic_epi32::<0x96>(mid, _mm_shuffle_epi32::<0x4e>(lo), t1);
    let t2 = _mm_clmulepi64_si128::<0x10>(mid, poly);
    _mm_ternarylogic_epi32::<0x96>(hi, _mm_shuffle_epi32::<0x4e>(mid), t2)
}

/// `Y = GHASH_H(Y, blocks)` over the whole blocks of `blocks`.
pub(super) fn ghash(cpu: VaesAvx512, t: &mut HTable, y: &mut [u8; 16], blocks: &[u8]) {
    // SAFETY: the `VaesAvx512` witness proves that this CPU has AVX-512 F/BW/VL, VAES and VPCLMULQDQ.
    unsafe { ghash_avx512(cpu, t, y, blocks) }
}

#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn ghash_avx512(_cpu: VaesAvx512, t: &mut HTable, y: &mut [u8; 16], blocks: &[u8]) {
    let n = blocks.len() / 16;
    if n == 0 {
        return;
    }
    t.ensure(if n >= WIDE { WIDE } else { n.min(GROUP) });
    let mut acc = bswap128(load(y));
    if n == 1 {
        // One block (a lengths block, a short AAD): 128-bit registers, no lane sums.
        store(y, bswap128(hash1(t, acc, load(blocks))));
        return;
    }
    if n <= LANES {
        let x = load_partial(&blocks[..16 * n]);
        store(y, bswap128(hash_lanes(t, acc, &[x], n)));
        return;
    }
    let (chunks, rest) = blocks[..16 * n].as_chunks::<CHUNK>();
    for c in chunks {
        let mut xs = [_mm512_setzero_si512(); VECS];
        for (j, x) in xs.iter_mut().enumerate() {
            *x = load64(&c[64 * j..]);
        }
        acc = hash_lanes(t, acc, &xs, WIDE);
    }
    for group in rest.chunks(16 * GROUP) {
        let mut xs = [_mm512_setzero_si512(); GROUP / LANES];
        for (x, part) in xs.iter_mut().zip(group.chunks(64)) {
            *x = load_partial(part);
        }
        acc = hash_lanes(t, acc, &xs, group.len() / 16);
    }
    store(y, bswap128(acc));
}

/// The input and output of the bulk functions: one buffer (in place) or two of the same length.
trait Io {
    fn len(&self) -> usize;
    fn input(&self) -> &[u8];
    fn output(&mut self) -> &mut [u8];
}

/// Processing in place.
struct InPlace<'a>(&'a mut [u8]);

impl Io for InPlace<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn input(&self) -> &[u8] {
        self.0
    }
    fn output(&mut self) -> &mut [u8] {
        self.0
    }
}

/// Processing from one buffer into another of the same length.
struct Separate<'a>(&'a [u8], &'a mut [u8]);

impl Io for Separate<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn input(&self) -> &[u8] {
        self.0
    }
    fn output(&mut self) -> &mut [u8] {
        self.1
    }
}

/// Keeps the program order of the stitched loop: an empty `asm!` that takes and returns the AES state and the
/// GHASH accumulators, so that the compiler cannot hoist all the hashing ahead of the AES rounds (or the other
/// way round). With the two kinds of work interleaved round by round, neither fills the out-of-order scheduler
/// while waiting for its inputs, and the AES and carry-less-multiplication units work in parallel.
#[inline]
#[target_feature(enable = "avx512f")]
fn order(b: &mut [__m512i; VECS], acc: &mut Acc) {
    // SAFETY: the assembly is empty: it reads and writes back the given registers unchanged and touches neither
    // memory, the stack nor the flags.
    unsafe {
        core::arch::asm!(
            "/* {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} {10} */",
            inout(zmm_reg) b[0], inout(zmm_reg) b[1], inout(zmm_reg) b[2], inout(zmm_reg) b[3],
            inout(zmm_reg) b[4], inout(zmm_reg) b[5], inout(zmm_reg) b[6], inout(zmm_reg) b[7],
            inout(zmm_reg) acc.lo, inout(zmm_reg) acc.mid, inout(zmm_reg) acc.hi,
            options(nomem, nostack, preserves_flags)
        );
    }
}

/// AES rounds `1..rounds` on the counter registers `$b` of bulk state `$s`, with the hashing of the blocks of
/// `$xs` (as loaded) into `$s.y` interleaved: one register per round from round 1 on. A macro rather than a
/// function so that it is always inlined into the loops (`#[inline(always)]` is not allowed with
/// `#[target_feature]`, and a call per iteration would spill every vector register).
macro_rules! rounds_hashing {
    ($s:expr, $b:expr, $t:expr, $xs:expr) => {{
        let mut acc = Acc::zero();
        for j in 0..VECS / 2 {
            for r in [2 * j + 1, 2 * j + 2] {
                let k = $s.key(r);
                for b in $b.iter_mut() {
                    *b = _mm512_aesenc_epi128(*b, k);
                }
            }
            let (i0, i1) = (2 * j, 2 * j + 1);
            let mut x = bswap($xs[i0]);
            if j == 0 {
                x = _mm512_xor_si512(x, _mm512_zextsi128_si512($s.y));
            }
            acc.mul_add2(
                (x, $t.pow4(LANES * i0), $t.kara4(LANES * i0)),
                (bswap($xs[i1]), $t.pow4(LANES * i1), $t.kara4(LANES * i1)),
            );
            order(&mut $b, &mut acc);
        }
        $s.y = acc.reduce();
        $s.rounds(&mut $b, VECS + 1);
    }};
}

/// The state of a bulk call: round keys in every lane, the next four counter blocks (byte-reversed, so that the
/// 32-bit counter is dword 0 of each lane) and the POLYVAL accumulator.
struct Bulk<'k> {
    /// The round keys; each is broadcast to every lane where it is used.
    keys: &'k Keys,
    rounds: usize,
    ctr: __m512i,
    /// The same four counter blocks as stored (big-endian).
    ctr_be: __m512i,
    /// The 32-bit counter of lane 0 (public: it only depends on the IV and the length processed).
    next: u32,
    y: __m128i,
}

impl<'k> Bulk<'k> {
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn new(ks: &'k KeySchedule, ctr: &[u8; 16], y: &[u8; 16]) -> Bulk<'k> {
        let keys = ks.enc_keys_ref();
        let c = _mm512_broadcast_i32x4(bswap128(load(ctr)));
        let ctr_le = _mm512_add_epi32(c, _mm512_set_epi32(0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0));
        let next = u32::from_be_bytes([ctr[12], ctr[13], ctr[14], ctr[15]]);
        Bulk { keys, rounds: ks.rounds(), ctr: ctr_le, ctr_be: bswap(ctr_le), next, y: bswap128(load(y)) }
    }

    /// Round key `r` in every lane.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn key(&self, r: usize) -> __m512i {
        _mm512_broadcast_i32x4(self.keys[r])
    }

    /// The next `N` registers of counter blocks, whitened with round key 0.
    ///
    /// While the last byte of the counter does not wrap within them, the blocks are made by adding to that byte
    /// (the top byte of dword 3 of each lane) in the stored big-endian form, which saves a byte shuffle per
    /// register; otherwise they come from the byte-reversed form, where dword 0 is the counter and `inc_32`'s
    /// wrap modulo `2^32` is a plain 32-bit addition. The choice depends only on the (public) counter.
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn counters<const N: usize>(&mut self) -> [__m512i; N] {
        let mut b = [_mm512_setzero_si512(); N];
        if (self.next & 0xff) as usize + LANES * N < 256 {
            let step_be = _mm512_set_epi32(4 << 24, 0, 0, 0, 4 << 24, 0, 0, 0, 4 << 24, 0, 0, 0, 4 << 24, 0, 0, 0);
            for b in b.iter_mut() {
                *b = _mm512_xor_si512(self.ctr_be, self.key(0));
                self.ctr_be = _mm512_add_epi32(self.ctr_be, step_be);
            }
            let n = (LANES * N) as i32;
            self.ctr = _mm512_add_epi32(self.ctr, _mm512_set_epi32(0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n));
        } else {
            let step = _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4);
            for b in b.iter_mut() {
                *b = _mm512_xor_si512(bswap(self.ctr), self.key(0));
                self.ctr = _mm512_add_epi32(self.ctr, step);
            }
            self.ctr_be = bswap(self.ctr);
        }
        self.next = self.next.wrapping_add((LANES * N) as u32);
        b
    }

    /// AES rounds `from..rounds` (all but the last) on `b`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn rounds<const N: usize>(&self, b: &mut [__m512i; N], from: usize) {
        for r in from..self.rounds {
            let k = self.key(r);
            for b in b.iter_mut() {
                *b = _mm512_aesenc_epi128(*b, k);
            }
        }
    }

    /// The last round, XORed with `p`: `E(counter) ^ p`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn last(&self, b: __m512i, p: __m512i) -> __m512i {
        _mm512_aesenclast_epi128(b, _mm512_xor_si512(self.key(self.rounds), p))
    }

    /// 32 blocks of counter mode at `off` without hashing; returns the output registers.
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn ctr_chunk<B: Io>(&mut self, io: &mut B, off: usize) -> [__m512i; VECS] {
        let mut b = self.counters::<VECS>();
        self.rounds(&mut b, 1);
        let mut out = [_mm512_setzero_si512(); VECS];
        for (j, (o, b)) in out.iter_mut().zip(b).enumerate() {
            *o = self.last(b, load64(&io.input()[off + 64 * j..]));
            store64(&mut io.output()[off + 64 * j..], *o);
        }
        out
    }

    /// Counter mode over the last `len - off < 512` bytes in `N` registers (the last ones partial or unused),
    /// hashing the whole blocks of the input before (`DECRYPT`) or of the output after, in groups of at most 16. A
    /// trailing partial block is not hashed; its key stream block goes to `side.ks`. When `side.ekj0` is unknown
    /// the lane after the last block encrypts `J0` instead of a counter block (the caller provides room for it).
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn tail<const N: usize, const DECRYPT: bool, B: Io>(
        &mut self,
        io: &mut B,
        off: usize,
        t: &HTable,
        side: &mut Side<'_>,
    ) {
        let rem = io.len() - off;
        let whole = rem / 16;
        let mut b = self.counters::<N>();
        // The lane after the last (partial) block, if free, encrypts J0 for the tag.
        let spare = rem.div_ceil(16);
        let j0_lane = side.ekj0.is_none() && spare < LANES * N;
        if j0_lane {
            let j0 = _mm512_xor_si512(_mm512_broadcast_i32x4(load(side.j0)), self.key(0));
            let r = &mut b[spare / LANES];
            *r = _mm512_mask_blend_epi64(0b11 << (2 * (spare % LANES)), *r, j0);
        }
        let mut xs = [_mm512_setzero_si512(); N];
        for (j, x) in xs.iter_mut().enumerate().take(rem.div_ceil(64)) {
            *x = load_partial(&io.input()[off + 64 * j..]);
        }
        if DECRYPT {
            self.hash_groups(t, &xs, whole);
        }
        self.rounds(&mut b, 1);
        let last = self.key(self.rounds);
        let mut ks = [_mm512_setzero_si512(); N];
        for (j, (x, b)) in xs.iter_mut().zip(b).enumerate() {
            ks[j] = _mm512_aesenclast_epi128(b, last);
            *x = _mm512_xor_si512(*x, ks[j]);
            if 64 * j < rem {
                store_partial(&mut io.output()[off + 64 * j..], *x);
            }
        }
        if !DECRYPT {
            self.hash_groups(t, &xs, whole);
        }
        // Lanes as `u128` images, so that wiping them takes four stores.
        let mut lanes = [0u128; LANES];
        if !rem.is_multiple_of(16) {
            store4(&mut lanes, ks[whole / LANES]);
            *side.ks = lanes[whole % LANES].to_ne_bytes();
        }
        if j0_lane {
            store4(&mut lanes, ks[spare / LANES]);
            *side.ekj0 = Some(lanes[spare % LANES].to_ne_bytes());
        }
        lanes.zeroize();
    }

    /// Hashes the first `n` blocks of `xs` in groups of at most 16 (so that only `H'^16` is needed).
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn hash_groups(&mut self, t: &HTable, xs: &[__m512i], n: usize) {
        let per = GROUP / LANES;
        for (g, group) in xs.chunks(per).enumerate().take(n.div_ceil(GROUP)) {
            self.y = hash_lanes(t, self.y, group, (n - GROUP * g).min(GROUP));
        }
    }

    /// Dispatches [`Bulk::tail`] on the number of registers the last `len - off` bytes need.
    #[inline]
    #[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
    fn tail_any<const DECRYPT: bool, B: Io>(&mut self, io: &mut B, off: usize, t: &HTable, side: &mut Side<'_>) {
        let rem = io.len() - off;
        if rem == 0 {
            return;
        }
        // `J0` goes into a lane left free by the blocks, if any (see `tail`).
        match rem.div_ceil(16 * LANES) {
            1 => self.tail::<1, DECRYPT, B>(io, off, t, side),
            2 => self.tail::<2, DECRYPT, B>(io, off, t, side),
            3 | 4 => self.tail::<4, DECRYPT, B>(io, off, t, side),
            _ => self.tail::<8, DECRYPT, B>(io, off, t, side),
        }
    }
}

/// Advances the 32-bit big-endian counter in the last four bytes of `ctr` by `n` blocks, modulo `2^32`.
fn advance(ctr: &mut [u8; 16], n: usize) {
    let c = u32::from_be_bytes([ctr[12], ctr[13], ctr[14], ctr[15]]).wrapping_add(n as u32);
    ctr[12..].copy_from_slice(&c.to_be_bytes());
}

#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn seal_avx512<B: Io>(
    _cpu: VaesAvx512,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    io: &mut B,
    side: &mut Side<'_>,
) {
    let len = io.len();
    t.ensure(if len >= CHUNK { WIDE } else { (len / 16).min(GROUP) });
    let mut s = Bulk::new(ks, ctr, y);
    let mut off = 0;
    if len >= CHUNK {
        let mut prev = s.ctr_chunk(io, 0);
        off = CHUNK;
        while len - off >= CHUNK {
            let mut b = s.counters::<VECS>();
            rounds_hashing!(s, b, t, prev);
            for (j, (o, b)) in prev.iter_mut().zip(b).enumerate() {
                *o = s.last(b, load64(&io.input()[off + 64 * j..]));
                store64(&mut io.output()[off + 64 * j..], *o);
            }
            off += CHUNK;
        }
        s.y = hash_lanes(t, s.y, &prev, WIDE);
    }
    s.tail_any::<false, B>(io, off, t, side);
    store(y, bswap128(s.y));
    advance(ctr, len.div_ceil(16));
}

#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn open_avx512<B: Io>(
    _cpu: VaesAvx512,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    io: &mut B,
    side: &mut Side<'_>,
) {
    let len = io.len();
    t.ensure(if len >= CHUNK { WIDE } else { (len / 16).min(GROUP) });
    let mut s = Bulk::new(ks, ctr, y);
    let mut off = 0;
    while len - off >= CHUNK {
        let mut xs = [_mm512_setzero_si512(); VECS];
        for (j, x) in xs.iter_mut().enumerate() {
            *x = load64(&io.input()[off + 64 * j..]);
        }
        let mut b = s.counters::<VECS>();
        rounds_hashing!(s, b, t, xs);
        for (j, (x, b)) in xs.iter().zip(b).enumerate() {
            store64(&mut io.output()[off + 64 * j..], s.last(b, *x));
        }
        off += CHUNK;
    }
    s.tail_any::<true, B>(io, off, t, side);
    store(y, bswap128(s.y));
    advance(ctr, len.div_ceil(16));
}

/// Counter mode and GHASH from counter block `ctr` (advanced past every block used) over `output`, in place when
/// `input` is `None`, else from `input` (of the same length). Encrypting hashes the whole ciphertext blocks it
/// writes, decrypting (`DECRYPT`) those it reads. A trailing partial block is processed but not hashed; its key
/// stream block is written to `side.ks`; `E_K(J0)` is computed on the side when `side.ekj0` is `None` and a lane
/// is free.
pub(super) fn crypt<const DECRYPT: bool>(
    cpu: VaesAvx512,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    (input, output): (Option<&[u8]>, &mut [u8]),
    side: &mut Side<'_>,
) {
    // SAFETY: the `VaesAvx512` witness proves that this CPU has AVX-512 F/BW/VL, VAES and VPCLMULQDQ.
    unsafe { crypt_avx512::<DECRYPT>(cpu, ks, t, y, ctr, (input, output), side) }
}

#[target_feature(enable = "avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")]
fn crypt_avx512<const DECRYPT: bool>(
    cpu: VaesAvx512,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    (input, output): (Option<&[u8]>, &mut [u8]),
    side: &mut Side<'_>,
) {
    match (DECRYPT, input) {
        (false, None) => seal_avx512(cpu, ks, t, y, ctr, &mut InPlace(output), side),
        (true, None) => open_avx512(cpu, ks, t, y, ctr, &mut InPlace(output), side),
        (false, Some(input)) => {
            debug_assert_eq!(input.len(), output.len());
            seal_avx512(cpu, ks, t, y, ctr, &mut Separate(input, &mut output[..input.len()]), side)
        }
        (true, Some(input)) => {
            debug_assert_eq!(input.len(), output.len());
            open_avx512(cpu, ks, t, y, ctr, &mut Separate(input, &mut output[..input.len()]), side)
        }
    }
}
