//! AES-GCM with x86 AES-NI and PCLMULQDQ.
//!
//! GHASH is computed through POLYVAL (RFC 8452 Appendix A): with `X' = ByteReverse(X)` and
//! `H' = mulX_POLYVAL(ByteReverse(H))`, `GHASH(H, X…) = ByteReverse(POLYVAL(H', X'…))`, which lets the byte-swapped
//! blocks be multiplied as plain little-endian 128-bit integers and reduced Montgomery-style with two
//! multiplications by the constant `0xc2…01`. Eight blocks are multiplied by `H'^8 … H'^1` and summed before one
//! reduction (aggregated reduction). Bulk encryption keeps eight counter blocks in flight and interleaves their AES
//! rounds with the GHASH of the previous eight ciphertext blocks; decryption hashes the eight ciphertext blocks it
//! is decrypting.

use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_aesenc_si128, _mm_aesenclast_si128, _mm_clmulepi64_si128, _mm_set_epi8, _mm_set_epi32,
    _mm_set_epi64x, _mm_setzero_si128, _mm_shuffle_epi8, _mm_shuffle_epi32, _mm_slli_si128, _mm_srli_si128,
    _mm_xor_si128,
};

use zeroize::Zeroize;

use crate::aes::x86_aesni::{self, KeySchedule, Keys, from_u128, load, store, to_u128};
use crate::cpu::{AesNiClmul, AesNiClmulAvx};

/// Blocks per stitched iteration.
const WIDE: usize = 8;

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

/// Reverses the 16 bytes of a vector (GHASH block <-> POLYVAL integer; counter block <-> counter in lane 0).
#[inline]
#[target_feature(enable = "ssse3")]
fn bswap(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// An unreduced 256-bit carry-less sum of products, Karatsuba style: `lo + (mid ^ lo ^ hi)·x^64 + hi·x^128`.
#[derive(Clone, Copy)]
struct Acc {
    lo: __m128i,
    mid: __m128i,
    hi: __m128i,
}

impl Acc {
    #[inline]
    #[target_feature(enable = "sse2")]
    fn zero() -> Acc {
        Acc { lo: _mm_setzero_si128(), mid: _mm_setzero_si128(), hi: _mm_setzero_si128() }
    }

    /// Adds the product `x · h`; `hk` holds `h.lo ^ h.hi` in its low half.
    #[inline]
    #[target_feature(enable = "pclmulqdq,sse2")]
    fn mul_add(&mut self, x: __m128i, h: __m128i, hk: __m128i) {
        self.lo = _mm_xor_si128(self.lo, _mm_clmulepi64_si128::<0x00>(x, h));
        self.hi = _mm_xor_si128(self.hi, _mm_clmulepi64_si128::<0x11>(x, h));
        let xk = _mm_xor_si128(x, _mm_shuffle_epi32::<0x4e>(x));
        self.mid = _mm_xor_si128(self.mid, _mm_clmulepi64_si128::<0x00>(xk, hk));
    }

    /// `sum · x^-128 mod (x^128 + x^127 + x^126 + x^121 + 1)`.
    #[inline]
    #[target_feature(enable = "pclmulqdq,sse2")]
    fn reduce(self) -> __m128i {
        let mid = _mm_xor_si128(self.mid, _mm_xor_si128(self.lo, self.hi));
        let lo = _mm_xor_si128(self.lo, _mm_slli_si128::<8>(mid));
        let hi = _mm_xor_si128(self.hi, _mm_srli_si128::<8>(mid));
        let poly = _mm_set_epi64x(0xc200_0000_0000_0000_u64 as i64, 1);
        let t = _mm_clmulepi64_si128::<0x10>(lo, poly);
        let lo = _mm_xor_si128(_mm_shuffle_epi32::<0x4e>(lo), t);
        let t = _mm_clmulepi64_si128::<0x10>(lo, poly);
        let lo = _mm_xor_si128(_mm_shuffle_epi32::<0x4e>(lo), t);
        _mm_xor_si128(hi, lo)
    }
}

impl HTable {
    /// The powers of `H' = mulX_POLYVAL(ByteReverse(h))` for `h = E_K(0^128)`.
    pub(crate) fn new(cpu: AesNiClmul, h: &[u8; 16]) -> HTable {
        let v = u128::from_be_bytes(*h);
        let carry = 0u128.wrapping_sub(v >> 127);
        let mut t = HTable { pow: [0; WIDE], kara: [0; WIDE] };
        let h = (v << 1) ^ (carry & 0xc200_0000_0000_0000_0000_0000_0000_0001);
        t.pow[0] = u128::from_ne_bytes(h.to_le_bytes());
        // SAFETY: the `AesNiClmul` witness proves that this CPU has PCLMULQDQ (and SSE2).
        unsafe { t.powers(cpu) };
        t
    }

    #[target_feature(enable = "pclmulqdq,sse2")]
    fn powers(&mut self, _cpu: AesNiClmul) {
        let h = from_u128(self.pow[0]);
        let hk = _mm_xor_si128(h, _mm_shuffle_epi32::<0x4e>(h));
        self.kara[0] = to_u128(hk);
        // H^2; then H^3, H^4 from it; then H^5..H^8 from H^4: three rounds of independent multiplications.
        let mul = |a: u128, b: u128| {
            let (a, b) = (from_u128(a), from_u128(b));
            let mut acc = Acc::zero();
            acc.mul_add(a, b, _mm_xor_si128(b, _mm_shuffle_epi32::<0x4e>(b)));
            to_u128(acc.reduce())
        };
        let p = &mut self.pow;
        p[1] = mul(p[0], p[0]);
        (p[2], p[3]) = (mul(p[1], p[0]), mul(p[1], p[1]));
        (p[4], p[5], p[6], p[7]) = (mul(p[3], p[0]), mul(p[3], p[1]), mul(p[3], p[2]), mul(p[3], p[3]));
        for i in 1..WIDE {
            let v = from_u128(self.pow[i]);
            self.kara[i] = to_u128(_mm_xor_si128(v, _mm_shuffle_epi32::<0x4e>(v)));
        }
    }

    /// Adds `x · H'^(i+1)` to `acc`.
    #[inline]
    #[target_feature(enable = "pclmulqdq,sse2")]
    fn mul_add(&self, acc: &mut Acc, x: __m128i, i: usize) {
        acc.mul_add(x, from_u128(self.pow[i]), from_u128(self.kara[i]));
    }
}

/// Hashes the `n <= 8` whole blocks of `blocks` into the POLYVAL accumulator `y` with one reduction.
#[inline]
#[target_feature(enable = "pclmulqdq,ssse3,sse2")]
fn hash_few(t: &HTable, y: __m128i, blocks: &[u8]) -> __m128i {
    let n = blocks.len() / 16;
    if n == 0 {
        return y;
    }
    let mut acc = Acc::zero();
    for (j, block) in blocks.chunks_exact(16).enumerate() {
        let mut x = bswap(load(block));
        if j == 0 {
            x = _mm_xor_si128(x, y);
        }
        t.mul_add(&mut acc, x, n - 1 - j);
    }
    acc.reduce()
}

/// `Y = GHASH_H(Y, blocks)` over the whole blocks of `blocks`.
pub(super) fn ghash(cpu: AesNiClmul, t: &HTable, y: &mut [u8; 16], blocks: &[u8]) {
    // SAFETY: the `AesNiClmul` witness proves that this CPU has PCLMULQDQ and SSSE3.
    unsafe { ghash_clmul(cpu, t, y, blocks) }
}

#[target_feature(enable = "pclmulqdq,ssse3,sse2")]
fn ghash_clmul(_cpu: AesNiClmul, t: &HTable, y: &mut [u8; 16], blocks: &[u8]) {
    let mut acc = bswap(load(y));
    let whole = blocks.len() - blocks.len() % 16;
    for chunk in blocks[..whole].chunks(16 * WIDE) {
        acc = hash_few(t, acc, chunk);
    }
    store(y, bswap(acc));
}

/// The state shared by the bulk loops: round keys, counter (byte-reversed, counter in lane 0) and accumulator.
struct Bulk<'a> {
    keys: Keys,
    rounds: usize,
    t: &'a HTable,
    ctr: __m128i,
    y: __m128i,
}

impl Bulk<'_> {
    /// The next `WIDE` counter blocks, whitened with round key 0.
    #[inline]
    #[target_feature(enable = "ssse3,sse2")]
    fn counters(&mut self) -> [__m128i; WIDE] {
        let mut b = [self.ctr; WIDE];
        for (i, b) in b.iter_mut().enumerate() {
            *b = _mm_xor_si128(bswap(_mm_add_epi32(self.ctr, _mm_set_epi32(0, 0, 0, i as i32))), self.keys[0]);
        }
        self.ctr = _mm_add_epi32(self.ctr, _mm_set_epi32(0, 0, 0, WIDE as i32));
        b
    }

    /// Counter mode over up to eight whole blocks, one at a time.
    #[inline]
    #[target_feature(enable = "aes,ssse3,sse2")]
    fn ctr_few(&mut self, data: &mut [u8]) {
        for block in data.chunks_exact_mut(16) {
            let ks = x86_aesni::encrypt1(&self.keys, self.rounds, bswap(self.ctr));
            self.ctr = _mm_add_epi32(self.ctr, _mm_set_epi32(0, 0, 0, 1));
            store(block, _mm_xor_si128(load(block), ks));
        }
    }
}

/// Encrypts the whole blocks of `data` in place from counter block `ctr` and hashes the ciphertext into `y`.
pub(super) fn seal(
    cpu: AesNiClmul,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    match AesNiClmulAvx::detect() {
        // SAFETY: the `AesNiClmulAvx` witness proves AES-NI, PCLMULQDQ, SSSE3 and AVX (VEX encoding).
        Some(avx) => unsafe { seal_avx(avx, ks, t, y, ctr, data) },
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI, PCLMULQDQ and SSSE3.
        None => unsafe { seal_sse(cpu, ks, t, y, ctr, data) },
    }
}

/// Hashes the whole ciphertext blocks of `data` into `y` and decrypts them in place from counter block `ctr`.
pub(super) fn open(
    cpu: AesNiClmul,
    ks: &KeySchedule,
    t: &HTable,
    y: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
) {
    match AesNiClmulAvx::detect() {
        // SAFETY: the `AesNiClmulAvx` witness proves AES-NI, PCLMULQDQ, SSSE3 and AVX (VEX encoding).
        Some(avx) => unsafe { open_avx(avx, ks, t, y, ctr, data) },
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI, PCLMULQDQ and SSSE3.
        None => unsafe { open_sse(cpu, ks, t, y, ctr, data) },
    }
}

/// The bulk loops and their eight-block steps, compiled twice: with SSE encodings, and with AVX's three-operand
/// VEX encodings (fewer register copies) for CPUs that have AVX. Each step has a single caller so that it is
/// inlined; the small helpers they call are `#[inline]` and take the caller's encoding.
macro_rules! bulk_loops {
    ($seal:ident, $open:ident, $stitched:ident, $ctr_wide:ident, $witness:ty, $features:literal) => {
        impl Bulk<'_> {
            /// Eight blocks of counter mode over `out` (128 bytes), stitched with the GHASH of eight blocks: those of
            /// `prev` (128 bytes) when encrypting, those of `out` before they are decrypted when `DECRYPT`.
            #[inline]
            #[target_feature(enable = $features)]
            fn $stitched<const DECRYPT: bool>(&mut self, prev: &[u8], out: &mut [u8]) {
                let mut b = self.counters();
                let mut acc = Acc::zero();
                // Rounds 1..=8 each carry one GHASH multiplication.
                for j in 0..WIDE {
                    let k = self.keys[j + 1];
                    for b in b.iter_mut() {
                        *b = _mm_aesenc_si128(*b, k);
                    }
                    let mut x = bswap(load(if DECRYPT { &out[16 * j..] } else { &prev[16 * j..] }));
                    if j == 0 {
                        x = _mm_xor_si128(x, self.y);
                    }
                    self.t.mul_add(&mut acc, x, WIDE - 1 - j);
                }
                for k in &self.keys[WIDE + 1..self.rounds] {
                    for b in b.iter_mut() {
                        *b = _mm_aesenc_si128(*b, *k);
                    }
                }
                let last = self.keys[self.rounds];
                for (i, b) in b.iter().enumerate() {
                    // aesenclast(b, k ^ p) = E(ctr) ^ p.
                    let p = _mm_xor_si128(load(&out[16 * i..]), last);
                    store(&mut out[16 * i..], _mm_aesenclast_si128(*b, p));
                }
                self.y = acc.reduce();
            }

            /// Eight blocks of counter mode without hashing (the first batch of an encryption).
            #[inline]
            #[target_feature(enable = $features)]
            fn $ctr_wide(&mut self, out: &mut [u8]) {
                let mut b = self.counters();
                for k in &self.keys[1..self.rounds] {
                    for b in b.iter_mut() {
                        *b = _mm_aesenc_si128(*b, *k);
                    }
                }
                let last = self.keys[self.rounds];
                for (i, b) in b.iter().enumerate() {
                    let p = _mm_xor_si128(load(&out[16 * i..]), last);
                    store(&mut out[16 * i..], _mm_aesenclast_si128(*b, p));
                }
            }
        }

        #[target_feature(enable = $features)]
        fn $seal(_cpu: $witness, ks: &KeySchedule, t: &HTable, y: &mut [u8; 16], ctr: &mut [u8; 16], data: &mut [u8]) {
            const W: usize = 16 * WIDE;
            let whole = data.len() - data.len() % 16;
            let data = &mut data[..whole];
            let mut s = Bulk { keys: ks.enc_keys(), rounds: ks.rounds(), t, ctr: bswap(load(ctr)), y: bswap(load(y)) };
            let mut done = 0;
            if data.len() >= W {
                s.$ctr_wide(&mut data[..W]);
                done = W;
                while data.len() - done >= W {
                    let (prev, rest) = data[done - W..].split_at_mut(W);
                    s.$stitched::<false>(prev, &mut rest[..W]);
                    done += W;
                }
                s.y = hash_few(t, s.y, &data[done - W..done]);
            }
            let rest = &mut data[done..];
            s.ctr_few(rest);
            s.y = hash_few(t, s.y, rest);
            store(y, bswap(s.y));
            store(ctr, bswap(s.ctr));
        }

        #[target_feature(enable = $features)]
        fn $open(_cpu: $witness, ks: &KeySchedule, t: &HTable, y: &mut [u8; 16], ctr: &mut [u8; 16], data: &mut [u8]) {
            const W: usize = 16 * WIDE;
            let whole = data.len() - data.len() % 16;
            let data = &mut data[..whole];
            let mut s = Bulk { keys: ks.enc_keys(), rounds: ks.rounds(), t, ctr: bswap(load(ctr)), y: bswap(load(y)) };
            let mut chunks = data.chunks_exact_mut(W);
            for chunk in &mut chunks {
                s.$stitched::<true>(&[], chunk);
            }
            let rest = chunks.into_remainder();
            s.y = hash_few(t, s.y, rest);
            s.ctr_few(rest);
            store(y, bswap(s.y));
            store(ctr, bswap(s.ctr));
        }
    };
}

bulk_loops!(seal_sse, open_sse, stitched_sse, ctr_wide_sse, AesNiClmul, "aes,pclmulqdq,ssse3,sse2");
bulk_loops!(seal_avx, open_avx, stitched_avx, ctr_wide_avx, AesNiClmulAvx, "aes,pclmulqdq,ssse3,sse2,avx");

#[cfg(test)]
mod tests {
    use super::*;

    /// The SSE-encoded loops (used on CPUs without AVX) agree with the AVX-encoded ones the tests otherwise run,
    /// and decryption hashes the same ciphertext to the same value.
    #[test]
    fn sse_and_avx_loops_agree() {
        let (Some(cpu), Some(avx)) = (AesNiClmul::detect(), AesNiClmulAvx::detect()) else { return };
        let ks = KeySchedule::new(cpu, &[0x5c; 32], false).unwrap();
        let t = HTable::new(cpu, &[0x3a; 16]);
        for len in [0, 16, 112, 128, 129 * 16, 4096] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let (mut y1, mut c1, mut d1) = ([1u8; 16], [2u8; 16], data.clone());
            let (mut y2, mut c2, mut d2) = ([1u8; 16], [2u8; 16], data.clone());
            // SAFETY: the witness was detected above.
            unsafe { seal_sse(cpu, &ks, &t, &mut y1, &mut c1, &mut d1) };
            // SAFETY: the witness was detected above.
            unsafe { seal_avx(avx, &ks, &t, &mut y2, &mut c2, &mut d2) };
            assert_eq!((y1, c1, &d1), (y2, c2, &d2), "seal, len {len}");
            let (mut y3, mut c3, mut d3) = ([1u8; 16], [2u8; 16], d1.clone());
            let (mut y4, mut c4, mut d4) = ([1u8; 16], [2u8; 16], d1);
            // SAFETY: the witness was detected above.
            unsafe { open_sse(cpu, &ks, &t, &mut y3, &mut c3, &mut d3) };
            // SAFETY: the witness was detected above.
            unsafe { open_avx(avx, &ks, &t, &mut y4, &mut c4, &mut d4) };
            assert_eq!((y3, c3, &d3), (y4, c4, &d4), "open, len {len}");
            assert_eq!((y3, c3, &d3), (y1, c1, &data), "round trip, len {len}");
        }
    }
}
