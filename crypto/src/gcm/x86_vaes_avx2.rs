//! AES-GCM with VAES and VPCLMULQDQ on 256-bit AVX2 registers: two blocks per `ymm`.
//!
//! The same construction as `x86_vaes_avx512.rs` (POLYVAL-form GHASH, Karatsuba products, one Montgomery
//! reduction per sixteen blocks, a descending table of powers of `H'` padded with a zero entry and grown on first
//! use, sixteen counter blocks in flight stitched with the hashing of sixteen ciphertext blocks), on eight `ymm`
//! registers per iteration for CPUs with VAES but without AVX-512. AVX2 has no byte-masked loads and stores, so
//! the last partial group of blocks is copied through a zero-padded buffer on the stack. Control flow and memory
//! addresses depend only on lengths, never on key or data.

use core::arch::x86_64::{
    __m128i, __m256i, _mm_clmulepi64_si128, _mm_set_epi8, _mm_set_epi64x, _mm_shuffle_epi8, _mm_shuffle_epi32,
    _mm_xor_si128, _mm256_add_epi32, _mm256_aesenc_epi128, _mm256_aesenclast_epi128, _mm256_blend_epi32,
    _mm256_broadcastsi128_si256, _mm256_castsi256_si128, _mm256_clmulepi64_epi128, _mm256_extracti128_si256,
    _mm256_inserti128_si256, _mm256_loadu_si256, _mm256_permute2x128_si256, _mm256_set_epi32, _mm256_setzero_si256,
    _mm256_shuffle_epi8, _mm256_shuffle_epi32, _mm256_storeu_si256, _mm256_xor_si256, _mm256_zextsi128_si256,
};

use zeroize::Zeroize;

use super::Side;
use super::vaes_powers::Powers;
use crate::aes::x86_aesni::{KeySchedule, Keys, from_u128, load, store};
use crate::cpu::VaesAvx2;

/// Blocks per register.
const LANES: usize = 2;
/// Registers per stitched iteration.
const VECS: usize = 8;
/// Blocks per stitched iteration, and the number of powers of `H'` the table can hold.
const WIDE: usize = LANES * VECS;
/// Bytes per stitched iteration.
const CHUNK: usize = 16 * WIDE;
/// Table entries: the powers, then a zero so that a two-lane load starting at any power stays in the table.
const ENTRIES: usize = WIDE + LANES - 1;

/// `H'^16 … H'^1` (POLYVAL form, entry `16 - k` holds `H'^k`) as the memory images of the vectors, and for
/// Karatsuba the XOR of the two 64-bit halves of each power in both halves; then a zero entry. Entries of powers
/// not yet computed are zero.
pub(crate) type HTable = Powers<WIDE, ENTRIES>;

impl HTable {
    /// The table for `h = E_K(0^128)`, with only `H'` itself computed.
    pub(crate) fn new(_cpu: VaesAvx2, h: &[u8; 16]) -> Box<HTable> {
        Powers::boxed(h)
    }

    /// Two powers from entry `i` on (`i + 2 <= ENTRIES`).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn pow2(&self, i: usize) -> __m256i {
        load2(&self.pow[i..i + LANES])
    }

    /// Two Karatsuba companions from entry `i` on.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn kara2(&self, i: usize) -> __m256i {
        load2(&self.kara[i..i + LANES])
    }

    /// Stores the two powers of `v` from entry `i` on, with their Karatsuba companions.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn put2(&mut self, i: usize, v: __m256i) {
        store2(&mut self.pow[i..i + LANES], v);
        store2(&mut self.kara[i..i + LANES], _mm256_xor_si256(v, _mm256_shuffle_epi32::<0x4e>(v)));
    }

    /// Makes sure that `H'^1 … H'^n` are present (`n <= WIDE`).
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn ensure(&mut self, n: usize) {
        if n > self.have {
            self.grow(n);
        }
    }

    /// Adds powers up to `H'^4`, `H'^8` or `H'^16`, whichever first covers `n`.
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn grow(&mut self, n: usize) {
        if self.have < 4 {
            let hv = _mm256_broadcastsi128_si256(from_u128(self.pow[WIDE - 1]));
            let h2 = mul_lanes(hv, hv);
            // [H'^2, H'^2] · [H'^2, H'^1] = [H'^4, H'^3].
            self.put2(WIDE - 4, mul_lanes(h2, _mm256_blend_epi32::<0b1111_0000>(h2, hv)));
            self.put2(WIDE - 2, _mm256_blend_epi32::<0b1111_0000>(h2, hv));
            self.have = 4;
        }
        if n > 4 && self.have < 8 {
            let p43 = self.pow2(WIDE - 4);
            let h4 = _mm256_permute2x128_si256::<0x00>(p43, p43);
            self.put2(WIDE - 8, mul_lanes(p43, h4));
            self.put2(WIDE - 6, mul_lanes(self.pow2(WIDE - 2), h4));
            self.have = 8;
        }
        if n > 8 && self.have < 16 {
            let p87 = self.pow2(WIDE - 8);
            let h8 = _mm256_permute2x128_si256::<0x00>(p87, p87);
            let (p65, p43, p21) = (self.pow2(WIDE - 6), self.pow2(WIDE - 4), self.pow2(WIDE - 2));
            self.put2(WIDE - 16, mul_lanes(p87, h8));
            self.put2(WIDE - 14, mul_lanes(p65, h8));
            self.put2(WIDE - 12, mul_lanes(p43, h8));
            self.put2(WIDE - 10, mul_lanes(p21, h8));
            self.have = 16;
        }
    }
}

/// Loads two table entries.
#[inline]
#[target_feature(enable = "avx2")]
fn load2(x: &[u128]) -> __m256i {
    let x = &x[..LANES];
    // SAFETY: `x` is 32 readable bytes and `_mm256_loadu_si256` has no alignment requirement.
    unsafe { _mm256_loadu_si256(x.as_ptr().cast()) }
}

/// Stores two table entries.
#[inline]
#[target_feature(enable = "avx2")]
fn store2(x: &mut [u128], v: __m256i) {
    let x = &mut x[..LANES];
    // SAFETY: `x` is 32 writable bytes and `_mm256_storeu_si256` has no alignment requirement.
    unsafe { _mm256_storeu_si256(x.as_mut_ptr().cast(), v) }
}

/// Loads 32 bytes (`bytes.len() >= 32`).
#[inline]
#[target_feature(enable = "avx2")]
fn load32(bytes: &[u8]) -> __m256i {
    let bytes = &bytes[..32];
    // SAFETY: `bytes` is 32 readable bytes and `_mm256_loadu_si256` has no alignment requirement.
    unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
}

/// Stores 32 bytes (`bytes.len() >= 32`).
#[inline]
#[target_feature(enable = "avx2")]
fn store32(bytes: &mut [u8], v: __m256i) {
    let bytes = &mut bytes[..32];
    // SAFETY: `bytes` is 32 writable bytes and `_mm256_storeu_si256` has no alignment requirement.
    unsafe { _mm256_storeu_si256(bytes.as_mut_ptr().cast(), v) }
}

/// Reverses the 16 bytes of each lane (GHASH block <-> POLYVAL integer; counter block <-> counter in dword 0).
#[inline]
#[target_feature(enable = "avx2")]
fn bswap(v: __m256i) -> __m256i {
    let m = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    _mm256_shuffle_epi8(v, _mm256_broadcastsi128_si256(m))
}

/// Reverses the 16 bytes of a 128-bit vector.
#[inline]
#[target_feature(enable = "ssse3")]
fn bswap128(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// `a ^ b ^ c`.
#[inline]
#[target_feature(enable = "avx2")]
fn xor3(a: __m256i, b: __m256i, c: __m256i) -> __m256i {
    _mm256_xor_si256(_mm256_xor_si256(a, b), c)
}

/// Swaps the 64-bit halves of each lane.
#[inline]
#[target_feature(enable = "avx2")]
fn swap64(v: __m256i) -> __m256i {
    _mm256_shuffle_epi32::<0x4e>(v)
}

/// Per lane, the Montgomery reduction `(lo + mid·x^64 + hi·x^128) · x^-128 mod (x^128 + x^127 + x^126 + x^121 + 1)`.
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq")]
fn reduce_lanes(lo: __m256i, mid: __m256i, hi: __m256i) -> __m256i {
    let poly = _mm256_broadcastsi128_si256(_mm_set_epi64x(0xc200_0000_0000_0000_u64 as i64, 1));
    // Fold the low 64 bits into the middle, then the low 64 bits of the middle into the high half.
    let t = _mm256_clmulepi64_epi128::<0x10>(lo, poly);
    let mid = xor3(mid, swap64(lo), t);
    let t = _mm256_clmulepi64_epi128::<0x10>(mid, poly);
    xor3(hi, swap64(mid), t)
}

/// Per lane, `a · b · x^-128` (schoolbook; used to build the table).
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq")]
fn mul_lanes(a: __m256i, b: __m256i) -> __m256i {
    let lo = _mm256_clmulepi64_epi128::<0x00>(a, b);
    let hi = _mm256_clmulepi64_epi128::<0x11>(a, b);
    let mid = _mm256_xor_si256(_mm256_clmulepi64_epi128::<0x01>(a, b), _mm256_clmulepi64_epi128::<0x10>(a, b));
    reduce_lanes(lo, mid, hi)
}

/// The sum of the two lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn sum_lanes(v: __m256i) -> __m128i {
    _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v))
}

/// An unreduced sum of lane-wise products, Karatsuba style: `lo + (mid ^ lo ^ hi)·x^64 + hi·x^128` per lane.
#[derive(Clone, Copy)]
struct Acc {
    lo: __m256i,
    mid: __m256i,
    hi: __m256i,
}

impl Acc {
    #[inline]
    #[target_feature(enable = "avx2")]
    fn zero() -> Acc {
        Acc { lo: _mm256_setzero_si256(), mid: _mm256_setzero_si256(), hi: _mm256_setzero_si256() }
    }

    /// Adds the lane-wise products `x · h`; `k` holds the Karatsuba companions of `h`.
    #[inline]
    #[target_feature(enable = "avx2,vpclmulqdq")]
    fn mul_add(&mut self, x: __m256i, h: __m256i, k: __m256i) {
        self.lo = _mm256_xor_si256(self.lo, _mm256_clmulepi64_epi128::<0x00>(x, h));
        self.hi = _mm256_xor_si256(self.hi, _mm256_clmulepi64_epi128::<0x11>(x, h));
        let xk = _mm256_xor_si256(x, swap64(x));
        self.mid = _mm256_xor_si256(self.mid, _mm256_clmulepi64_epi128::<0x00>(xk, k));
    }

    /// The reduced sum of all lanes.
    #[inline]
    #[target_feature(enable = "avx2,vpclmulqdq")]
    fn reduce(self) -> __m128i {
        let mid = xor3(self.mid, self.lo, self.hi);
        sum_lanes(reduce_lanes(self.lo, mid, self.hi))
    }
}

/// Hashes `n <= 16` blocks held in the lanes of `xs` (as loaded, not byte-reversed; lanes past the `n`th are
/// ignored) into the POLYVAL accumulator `y`.
#[inline]
#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn hash_lanes(t: &HTable, y: __m128i, xs: &[__m256i], n: usize) -> __m128i {
    if n == 0 {
        return y;
    }
    let base = WIDE - n;
    let mut acc = Acc::zero();
    for (j, x) in xs.iter().enumerate().take(n.div_ceil(LANES)) {
        let mut x = bswap(*x);
        if j == 0 {
            x = _mm256_xor_si256(x, _mm256_zextsi128_si256(y));
        }
        acc.mul_add(x, t.pow2(base + LANES * j), t.kara2(base + LANES * j));
    }
    acc.reduce()
}

/// `(y ^ ByteReverse(block)) · H'` with 128-bit registers.
#[inline]
#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn hash1(t: &HTable, y: __m128i, block: __m128i) -> __m128i {
    let x = _mm_xor_si128(bswap128(block), y);
    let h = from_u128(t.pow[WIDE - 1]);
    let k = from_u128(t.kara[WIDE - 1]);
    let lo = _mm_clmulepi64_si128::<0x00>(x, h);
    let hi = _mm_clmulepi64_si128::<0x11>(x, h);
    let xk = _mm_xor_si128(x, _mm_shuffle_epi32::<0x4e>(x));
    let mid = _mm_xor_si128(_mm_clmulepi64_si128::<0x00>(xk, k), _mm_xor_si128(lo, hi));
    let poly = _mm_set_epi64x(0xc200_0000_0000_0000_u64 as i64, 1);
    let t1 = _mm_clmulepi64_si128::<0x10>(lo, poly);
    let mid = _mm_xor_si128(mid, _mm_xor_si128(_mm_shuffle_epi32::<0x4e>(lo), t1));
    let t2 = _mm_clmulepi64_si128::<0x10>(mid, poly);
    _mm_xor_si128(hi, _mm_xor_si128(_mm_shuffle_epi32::<0x4e>(mid), t2))
}

/// `Y = GHASH_H(Y, blocks)` over the whole blocks of `blocks`.
pub(super) fn ghash(cpu: VaesAvx2, t: &mut HTable, y: &mut [u8; 16], blocks: &[u8]) {
    // SAFETY: the `VaesAvx2` witness proves that this CPU has AVX2, VAES and VPCLMULQDQ.
    unsafe { ghash_avx2(cpu, t, y, blocks) }
}

#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn ghash_avx2(_cpu: VaesAvx2, t: &mut HTable, y: &mut [u8; 16], blocks: &[u8]) {
    let n = blocks.len() / 16;
    if n == 0 {
        return;
    }
    t.ensure(n.min(WIDE));
    let mut acc = bswap128(load(y));
    if n == 1 {
        // One block (a lengths block, a short AAD): 128-bit registers, no lane sums.
        store(y, bswap128(hash1(t, acc, load(blocks))));
        return;
    }
    let (chunks, rest) = blocks[..16 * n].as_chunks::<CHUNK>();
    for c in chunks {
        let mut xs = [_mm256_setzero_si256(); VECS];
        for (j, x) in xs.iter_mut().enumerate() {
            *x = load32(&c[32 * j..]);
        }
        acc = hash_lanes(t, acc, &xs, WIDE);
    }
    if !rest.is_empty() {
        let mut pad = [0u8; CHUNK];
        pad[..rest.len()].copy_from_slice(rest);
        let mut xs = [_mm256_setzero_si256(); VECS];
        for (j, x) in xs.iter_mut().enumerate() {
            *x = load32(&pad[32 * j..]);
        }
        acc = hash_lanes(t, acc, &xs, rest.len() / 16);
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
#[target_feature(enable = "avx2")]
fn order(b: &mut [__m256i; VECS], acc: &mut Acc) {
    // SAFETY: the assembly is empty: it reads and writes back the given registers unchanged and touches neither
    // memory, the stack nor the flags.
    unsafe {
        core::arch::asm!(
            "/* {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} {10} */",
            inout(ymm_reg) b[0], inout(ymm_reg) b[1], inout(ymm_reg) b[2], inout(ymm_reg) b[3],
            inout(ymm_reg) b[4], inout(ymm_reg) b[5], inout(ymm_reg) b[6], inout(ymm_reg) b[7],
            inout(ymm_reg) acc.lo, inout(ymm_reg) acc.mid, inout(ymm_reg) acc.hi,
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
        for (j, x) in $xs.iter().enumerate() {
            let k = $s.key(j + 1);
            for b in $b.iter_mut() {
                *b = _mm256_aesenc_epi128(*b, k);
            }
            let mut x = bswap(*x);
            if j == 0 {
                x = _mm256_xor_si256(x, _mm256_zextsi128_si256($s.y));
            }
            acc.mul_add(x, $t.pow2(LANES * j), $t.kara2(LANES * j));
            order(&mut $b, &mut acc);
        }
        $s.y = acc.reduce();
        $s.rounds(&mut $b, VECS + 1);
    }};
}

/// The state of a bulk call: round keys in both lanes, the next two counter blocks (byte-reversed, so that the
/// 32-bit counter is dword 0 of each lane) and the POLYVAL accumulator.
struct Bulk<'k> {
    /// The round keys; each is broadcast to every lane where it is used.
    keys: &'k Keys,
    rounds: usize,
    ctr: __m256i,
    y: __m128i,
}

impl<'k> Bulk<'k> {
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn new(ks: &'k KeySchedule, ctr: &[u8; 16], y: &[u8; 16]) -> Bulk<'k> {
        let keys = ks.enc_keys_ref();
        let c = _mm256_broadcastsi128_si256(bswap128(load(ctr)));
        let ctr = _mm256_add_epi32(c, _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
        Bulk { keys, rounds: ks.rounds(), ctr, y: bswap128(load(y)) }
    }

    /// Round key `r` in every lane.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn key(&self, r: usize) -> __m256i {
        _mm256_broadcastsi128_si256(self.keys[r])
    }

    /// The next `N` registers of counter blocks, whitened with round key 0.
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn counters<const N: usize>(&mut self) -> [__m256i; N] {
        let step = _mm256_set_epi32(0, 0, 0, 2, 0, 0, 0, 2);
        let mut b = [_mm256_setzero_si256(); N];
        for b in b.iter_mut() {
            *b = _mm256_xor_si256(bswap(self.ctr), self.key(0));
            self.ctr = _mm256_add_epi32(self.ctr, step);
        }
        b
    }

    /// AES rounds `from..rounds` (all but the last) on `b`.
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn rounds<const N: usize>(&self, b: &mut [__m256i; N], from: usize) {
        for r in from..self.rounds {
            let k = self.key(r);
            for b in b.iter_mut() {
                *b = _mm256_aesenc_epi128(*b, k);
            }
        }
    }

    /// The last round, XORed with `p`: `E(counter) ^ p`.
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn last(&self, b: __m256i, p: __m256i) -> __m256i {
        _mm256_aesenclast_epi128(b, _mm256_xor_si256(self.key(self.rounds), p))
    }

    /// Sixteen blocks of counter mode at `off` without hashing; returns the output registers.
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn ctr_chunk<B: Io>(&mut self, io: &mut B, off: usize) -> [__m256i; VECS] {
        let mut b = self.counters::<VECS>();
        self.rounds(&mut b, 1);
        let mut out = [_mm256_setzero_si256(); VECS];
        for (j, (o, b)) in out.iter_mut().zip(b).enumerate() {
            *o = self.last(b, load32(&io.input()[off + 32 * j..]));
            store32(&mut io.output()[off + 32 * j..], *o);
        }
        out
    }

    /// Counter mode over the last `len - off < 256` bytes in `N` registers, through a zero-padded buffer, hashing
    /// the whole blocks of the input before (`DECRYPT`) or of the output after. A trailing partial block is not
    /// hashed; its key stream block goes to `side.ks`. When `side.ekj0` is unknown the lane after the last block
    /// encrypts `J0` instead of a counter block (the caller provides room for it).
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
    fn tail<const N: usize, const DECRYPT: bool, B: Io>(
        &mut self,
        io: &mut B,
        off: usize,
        t: &HTable,
        side: &mut Side<'_>,
    ) {
        let rem = io.len() - off;
        let whole = rem / 16;
        let mut pad = [[0u8; 32]; N];
        for (p, src) in pad.iter_mut().zip(io.input()[off..].chunks(32)) {
            p[..src.len()].copy_from_slice(src);
        }
        let mut b = self.counters::<N>();
        // The lane after the last (partial) block, if free, encrypts J0 for the tag.
        let spare = rem.div_ceil(16);
        let j0_lane = side.ekj0.is_none() && spare < LANES * N;
        if j0_lane {
            let j0 = _mm_xor_si128(load(side.j0), self.keys[0]);
            let r = &mut b[spare / LANES];
            *r = if spare.is_multiple_of(LANES) {
                _mm256_inserti128_si256::<0>(*r, j0)
            } else {
                _mm256_inserti128_si256::<1>(*r, j0)
            };
        }
        let mut xs = [_mm256_setzero_si256(); N];
        for (x, p) in xs.iter_mut().zip(&pad) {
            *x = load32(p);
        }
        if DECRYPT {
            self.y = hash_lanes(t, self.y, &xs, whole);
        }
        self.rounds(&mut b, 1);
        let last = self.key(self.rounds);
        let mut ks = [_mm256_setzero_si256(); N];
        for (j, (x, b)) in xs.iter_mut().zip(b).enumerate() {
            ks[j] = _mm256_aesenclast_epi128(b, last);
            *x = _mm256_xor_si256(*x, ks[j]);
            store32(&mut pad[j], *x);
        }
        for (dst, p) in io.output()[off..].chunks_mut(32).zip(&pad) {
            dst.copy_from_slice(&p[..dst.len()]);
        }
        if !DECRYPT {
            self.y = hash_lanes(t, self.y, &xs, whole);
        }
        // Lanes as `u128` images, so that wiping them takes two stores.
        let mut lanes = [0u128; LANES];
        if !rem.is_multiple_of(16) {
            store2(&mut lanes, ks[whole / LANES]);
            *side.ks = lanes[whole % LANES].to_ne_bytes();
        }
        if j0_lane {
            store2(&mut lanes, ks[spare / LANES]);
            *side.ekj0 = Some(lanes[spare % LANES].to_ne_bytes());
        }
        lanes.zeroize();
        pad.zeroize();
    }

    /// Dispatches [`Bulk::tail`] on the number of registers the last `len - off` bytes need.
    #[inline]
    #[target_feature(enable = "avx2,vaes,vpclmulqdq")]
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

#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn seal_avx2<B: Io>(
    _cpu: VaesAvx2,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    io: &mut B,
    side: &mut Side<'_>,
) {
    let len = io.len();
    t.ensure((len / 16).min(WIDE));
    let mut s = Bulk::new(ks, ctr, y);
    let mut off = 0;
    if len >= CHUNK {
        let mut prev = s.ctr_chunk(io, 0);
        off = CHUNK;
        while len - off >= CHUNK {
            let mut b = s.counters::<VECS>();
            rounds_hashing!(s, b, t, prev);
            for (j, (o, b)) in prev.iter_mut().zip(b).enumerate() {
                *o = s.last(b, load32(&io.input()[off + 32 * j..]));
                store32(&mut io.output()[off + 32 * j..], *o);
            }
            off += CHUNK;
        }
        s.y = hash_lanes(t, s.y, &prev, WIDE);
    }
    s.tail_any::<false, B>(io, off, t, side);
    store(y, bswap128(s.y));
    advance(ctr, len.div_ceil(16));
}

#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn open_avx2<B: Io>(
    _cpu: VaesAvx2,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    io: &mut B,
    side: &mut Side<'_>,
) {
    let len = io.len();
    t.ensure((len / 16).min(WIDE));
    let mut s = Bulk::new(ks, ctr, y);
    let mut off = 0;
    while len - off >= CHUNK {
        let mut xs = [_mm256_setzero_si256(); VECS];
        for (j, x) in xs.iter_mut().enumerate() {
            *x = load32(&io.input()[off + 32 * j..]);
        }
        let mut b = s.counters::<VECS>();
        rounds_hashing!(s, b, t, xs);
        for (j, (x, b)) in xs.iter().zip(b).enumerate() {
            store32(&mut io.output()[off + 32 * j..], s.last(b, *x));
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
    cpu: VaesAvx2,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    (input, output): (Option<&[u8]>, &mut [u8]),
    side: &mut Side<'_>,
) {
    // SAFETY: the `VaesAvx2` witness proves that this CPU has AVX2, VAES and VPCLMULQDQ.
    unsafe { crypt_avx2::<DECRYPT>(cpu, ks, t, y, ctr, (input, output), side) }
}

#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn crypt_avx2<const DECRYPT: bool>(
    cpu: VaesAvx2,
    ks: &KeySchedule,
    t: &mut HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    (input, output): (Option<&[u8]>, &mut [u8]),
    side: &mut Side<'_>,
) {
    match (DECRYPT, input) {
        (false, None) => seal_avx2(cpu, ks, t, y, ctr, &mut InPlace(output), side),
        (true, None) => open_avx2(cpu, ks, t, y, ctr, &mut InPlace(output), side),
        (false, Some(input)) => {
            debug_assert_eq!(input.len(), output.len());
            seal_avx2(cpu, ks, t, y, ctr, &mut Separate(input, &mut output[..input.len()]), side)
        }
        (true, Some(input)) => {
            debug_assert_eq!(input.len(), output.len());
            open_avx2(cpu, ks, t, y, ctr, &mut Separate(input, &mut output[..input.len()]), side)
        }
    }
}
