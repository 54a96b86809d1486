//! AES bulk kernels with VAES on 256-bit registers, for CPUs with VAES but without AVX-512 (and as an alternative
//! on those with it): two blocks per `ymm`, sixteen blocks in flight.
//!
//! The structure follows `x86_vaes.rs`: round keys broadcast to both lanes, passes of eight registers, the last
//! round key combined with the value the output is XORed with, and one pass of 1, 2, 4 or 8 registers over the
//! tail, whose final register may hold a single block (loaded and stored through its low lane). AVX2 has only
//! sixteen vector registers, so the round keys are mostly read from the stack as memory operands. Control flow
//! depends only on public lengths.

use core::arch::x86_64::{
    __m128i, __m256i, _mm_cvtsi32_si128, _mm_set_epi8, _mm_set_epi64x, _mm256_add_epi64, _mm256_aesdec_epi128,
    _mm256_aesdeclast_epi128, _mm256_aesenc_epi128, _mm256_aesenclast_epi128, _mm256_broadcastsi128_si256,
    _mm256_bslli_epi128, _mm256_bsrli_epi128, _mm256_castsi256_si128, _mm256_clmulepi64_epi128,
    _mm256_extracti128_si256, _mm256_inserti128_si256, _mm256_loadu_si256, _mm256_permute2x128_si256,
    _mm256_set_epi64x, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_sll_epi64, _mm256_srl_epi64,
    _mm256_storeu_si256, _mm256_xor_si256, _mm256_zextsi128_si256,
};

use super::x86_aesni::{self, Keys};
use crate::cpu::VaesAvx2;

/// Registers per iteration of the main loops.
const REGS: usize = 8;
/// Bytes per iteration of the main loops: sixteen blocks.
const STRIDE: usize = REGS * 32;

/// ECB encryption or decryption of whole blocks in place.
pub(crate) fn ecb(cpu: VaesAvx2, keys: &Keys, rounds: usize, data: &mut [u8], decrypt: bool) {
    if decrypt {
        // SAFETY: the `VaesAvx2` witness proves that this CPU has VAES, AVX2 and AES-NI.
        unsafe { ecb_ymm::<true>(cpu, keys, rounds, data) }
    } else {
        // SAFETY: as above.
        unsafe { ecb_ymm::<false>(cpu, keys, rounds, data) }
    }
}

/// CTR over whole blocks with the counter blocks `ctr, ctr + 1, ...` (big-endian), whose low 64 bits must not wrap
/// within `data` (the caller splits the input there).
pub(crate) fn ctr(cpu: VaesAvx2, keys: &Keys, rounds: usize, ctr: u128, data: &mut [u8]) {
    // SAFETY: the `VaesAvx2` witness proves that this CPU has VAES, AVX2, SSSE3 and AES-NI.
    unsafe { ctr_ymm(cpu, keys, rounds, ctr, data) }
}

/// CBC decryption of whole blocks in place, chaining through `iv`.
pub(crate) fn cbc_decrypt(cpu: VaesAvx2, keys: &Keys, rounds: usize, iv: &mut [u8; 16], data: &mut [u8]) {
    // SAFETY: the `VaesAvx2` witness proves that this CPU has VAES, AVX2 and AES-NI.
    unsafe { cbc_decrypt_ymm(cpu, keys, rounds, iv, data) }
}

/// The XTS block step over whole blocks in place, advancing `tweak` by `α` per block.
pub(crate) fn xts(cpu: VaesAvx2, keys: &Keys, rounds: usize, tweak: &mut [u8; 16], data: &mut [u8], decrypt: bool) {
    if decrypt {
        // SAFETY: the `VaesAvx2` witness proves that this CPU has VAES, VPCLMULQDQ, AVX2 and AES-NI.
        unsafe { xts_ymm::<true>(cpu, keys, rounds, tweak, data) }
    } else {
        // SAFETY: as above.
        unsafe { xts_ymm::<false>(cpu, keys, rounds, tweak, data) }
    }
}

/// Loads 32 bytes (`bytes.len() >= 32`).
#[inline]
#[target_feature(enable = "avx2")]
fn load(bytes: &[u8]) -> __m256i {
    let bytes = &bytes[..32];
    // SAFETY: `bytes` is 32 readable bytes and `_mm256_loadu_si256` has no alignment requirement.
    unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
}

/// Stores 32 bytes (`bytes.len() >= 32`).
#[inline]
#[target_feature(enable = "avx2")]
fn store(bytes: &mut [u8], v: __m256i) {
    let bytes = &mut bytes[..32];
    // SAFETY: `bytes` is 32 writable bytes and `_mm256_storeu_si256` has no alignment requirement.
    unsafe { _mm256_storeu_si256(bytes.as_mut_ptr().cast(), v) }
}

/// Loads the first `min(bytes.len(), 32)` bytes, a whole number of blocks (0, 1 or 2); missing blocks read as zero.
#[inline]
#[target_feature(enable = "avx2")]
fn load_part(bytes: &[u8]) -> __m256i {
    match bytes.len() {
        0..16 => _mm256_setzero_si256(),
        16..32 => _mm256_zextsi128_si256(x86_aesni::load(bytes)),
        _ => load(bytes),
    }
}

/// Stores the first `min(bytes.len(), 32)` bytes of `v`, a whole number of blocks (0, 1 or 2).
#[inline]
#[target_feature(enable = "avx2")]
fn store_part(bytes: &mut [u8], v: __m256i) {
    match bytes.len() {
        0..16 => {}
        16..32 => x86_aesni::store(bytes, _mm256_castsi256_si128(v)),
        _ => store(bytes, v),
    }
}

/// The `i`-th 32-byte group of `part` (possibly short or empty).
#[inline]
fn group(part: &[u8], i: usize) -> &[u8] {
    &part[(32 * i).min(part.len())..]
}

/// The `i`-th 32-byte group of `part` (possibly short or empty), writable.
#[inline]
fn group_mut(part: &mut [u8], i: usize) -> &mut [u8] {
    let start = (32 * i).min(part.len());
    &mut part[start..]
}

/// Register `i` of a pass: a full load when `FULL` (the pass covers `32 * N` bytes), else a partial one.
#[inline]
#[target_feature(enable = "avx2")]
fn get<const FULL: bool>(part: &[u8], i: usize) -> __m256i {
    if FULL { load(&part[32 * i..]) } else { load_part(group(part, i)) }
}

/// Stores register `i` of a pass (partially unless `FULL`).
#[inline]
#[target_feature(enable = "avx2")]
fn put<const FULL: bool>(part: &mut [u8], i: usize, v: __m256i) {
    if FULL { store(&mut part[32 * i..], v) } else { store_part(group_mut(part, i), v) }
}

/// The register count of the pass over a tail of `len < 256` bytes: 0 for none, else 1, 2, 4 or 8, the fewest that
/// hold it.
#[inline]
fn tail_regs(len: usize) -> usize {
    match len.div_ceil(32) {
        0 => 0,
        n => n.next_power_of_two(),
    }
}

/// The round keys, each broadcast to both lanes (`rounds + 1` used; the others are zero).
#[inline]
#[target_feature(enable = "avx2")]
fn broadcast(keys: &Keys) -> [__m256i; 15] {
    let mut k = [_mm256_setzero_si256(); 15];
    for (k, x) in k.iter_mut().zip(keys) {
        *k = lanes(*x);
    }
    k
}

/// A 128-bit lane pattern in both lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn lanes(x: __m128i) -> __m256i {
    _mm256_broadcastsi128_si256(x)
}

/// `n` in the low qword of both lanes: a counter increment.
#[inline]
#[target_feature(enable = "avx2")]
fn step(n: i64) -> __m256i {
    lanes(_mm_set_epi64x(0, n))
}

/// The middle rounds (1 .. rounds-1) on `N` registers.
#[inline]
#[target_feature(enable = "avx2,vaes")]
fn middle<const N: usize, const DECRYPT: bool>(k: &[__m256i; 15], rounds: usize, b: &mut [__m256i; N]) {
    for key in &k[1..rounds] {
        for b in b.iter_mut() {
            *b = if DECRYPT { _mm256_aesdec_epi128(*b, *key) } else { _mm256_aesenc_epi128(*b, *key) };
        }
    }
}

/// The last round with round key `last` (which may have another value XORed in).
#[inline]
#[target_feature(enable = "avx2,vaes")]
fn final_round<const DECRYPT: bool>(b: __m256i, last: __m256i) -> __m256i {
    if DECRYPT { _mm256_aesdeclast_epi128(b, last) } else { _mm256_aesenclast_epi128(b, last) }
}

/// ECB over up to `32 * N` bytes with `N` registers.
#[inline]
#[target_feature(enable = "avx2,vaes")]
fn ecb_pass<const N: usize, const DECRYPT: bool, const FULL: bool>(k: &[__m256i; 15], rounds: usize, part: &mut [u8]) {
    let mut b = [k[0]; N];
    for (i, b) in b.iter_mut().enumerate() {
        *b = _mm256_xor_si256(get::<FULL>(part, i), k[0]);
    }
    middle::<N, DECRYPT>(k, rounds, &mut b);
    for (i, b) in b.iter().enumerate() {
        put::<FULL>(part, i, final_round::<DECRYPT>(*b, k[rounds]));
    }
}

#[target_feature(enable = "avx2,vaes,aes,sse2")]
fn ecb_ymm<const DECRYPT: bool>(_cpu: VaesAvx2, keys: &Keys, rounds: usize, data: &mut [u8]) {
    let k = broadcast(keys);
    let (chunks, rest) = data.as_chunks_mut::<STRIDE>();
    for chunk in chunks {
        ecb_pass::<REGS, DECRYPT, true>(&k, rounds, chunk);
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => ecb_pass::<1, DECRYPT, false>(&k, rounds, rest),
        2 => ecb_pass::<2, DECRYPT, false>(&k, rounds, rest),
        4 => ecb_pass::<4, DECRYPT, false>(&k, rounds, rest),
        _ => ecb_pass::<REGS, DECRYPT, false>(&k, rounds, rest),
    }
}

/// CTR over up to `32 * N` bytes with `N` registers; the first register's counters are `c` (little-endian lanes),
/// register `i`'s are `c + 2i`.
#[inline]
#[target_feature(enable = "avx2,vaes")]
fn ctr_pass<const N: usize, const FULL: bool>(k: &[__m256i; 15], rounds: usize, c: __m256i, part: &mut [u8]) {
    // `bswap` reverses each lane: the counter as a little-endian integer <-> the big-endian counter block.
    let bswap = lanes(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    let last = k[rounds];
    let mut b = [k[0]; N];
    for (i, b) in b.iter_mut().enumerate() {
        *b = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi64(c, step(2 * i as i64)), bswap), k[0]);
    }
    middle::<N, false>(k, rounds, &mut b);
    for (i, b) in b.iter().enumerate() {
        let v = _mm256_aesenclast_epi128(*b, _mm256_xor_si256(last, get::<FULL>(part, i)));
        put::<FULL>(part, i, v);
    }
}

#[target_feature(enable = "avx2,vaes,aes,sse2,ssse3")]
fn ctr_ymm(_cpu: VaesAvx2, keys: &Keys, rounds: usize, ctr: u128, data: &mut [u8]) {
    let k = broadcast(keys);
    // Counters as little-endian 128-bit lanes; the low qwords never carry here (the caller splits the input).
    let mut c = _mm256_add_epi64(lanes(_mm_set_epi64x((ctr >> 64) as i64, ctr as i64)), _mm256_set_epi64x(0, 1, 0, 0));
    let (chunks, rest) = data.as_chunks_mut::<STRIDE>();
    for chunk in chunks {
        ctr_pass::<REGS, true>(&k, rounds, c, chunk);
        c = _mm256_add_epi64(c, step(2 * REGS as i64));
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => ctr_pass::<1, false>(&k, rounds, c, rest),
        2 => ctr_pass::<2, false>(&k, rounds, c, rest),
        4 => ctr_pass::<4, false>(&k, rounds, c, rest),
        _ => ctr_pass::<REGS, false>(&k, rounds, c, rest),
    }
}

/// CBC decryption of up to `32 * N` bytes with `N` registers. `prev`'s high lane holds the ciphertext block before
/// the pass; returns the last register of ciphertext (whose high lane chains into the next full pass).
#[inline]
#[target_feature(enable = "avx2,vaes")]
fn cbc_decrypt_pass<const N: usize, const FULL: bool>(
    k: &[__m256i; 15],
    rounds: usize,
    prev: __m256i,
    part: &mut [u8],
) -> __m256i {
    let last = k[rounds];
    let mut c = [prev; N];
    let mut b = [prev; N];
    for i in 0..N {
        c[i] = get::<FULL>(part, i);
        b[i] = _mm256_xor_si256(c[i], k[0]);
    }
    middle::<N, true>(k, rounds, &mut b);
    for i in 0..N {
        // The chaining values of a register: (high lane of the register before, low lane of this one).
        let chain = _mm256_permute2x128_si256::<0x21>(if i == 0 { prev } else { c[i - 1] }, c[i]);
        put::<FULL>(part, i, _mm256_aesdeclast_epi128(b[i], _mm256_xor_si256(last, chain)));
    }
    c[N - 1]
}

#[target_feature(enable = "avx2,vaes,aes,sse2")]
fn cbc_decrypt_ymm(_cpu: VaesAvx2, keys: &Keys, rounds: usize, iv: &mut [u8; 16], data: &mut [u8]) {
    let Some(last_block) = data.len().checked_sub(16) else { return };
    // The last ciphertext block is the next chaining value; save it before it is overwritten.
    let mut next_iv = [0u8; 16];
    next_iv.copy_from_slice(&data[last_block..]);
    let k = broadcast(keys);
    let mut prev = lanes(x86_aesni::load(iv));
    let (chunks, rest) = data.as_chunks_mut::<STRIDE>();
    for chunk in chunks {
        prev = cbc_decrypt_pass::<REGS, true>(&k, rounds, prev, chunk);
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => _ = cbc_decrypt_pass::<1, false>(&k, rounds, prev, rest),
        2 => _ = cbc_decrypt_pass::<2, false>(&k, rounds, prev, rest),
        4 => _ = cbc_decrypt_pass::<4, false>(&k, rounds, prev, rest),
        _ => _ = cbc_decrypt_pass::<REGS, false>(&k, rounds, prev, rest),
    }
    *iv = next_iv;
}

/// Multiplies each lane (an XTS tweak) by `α^n` for `n < 64`; see `x86_vaes::mul_alpha_n`.
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq")]
fn mul_alpha_n(t: __m256i, n: u32, poly: __m256i) -> __m256i {
    debug_assert!(n < 64);
    let out = _mm256_srl_epi64(t, _mm_cvtsi32_si128(64 - n as i32));
    let carried = _mm256_bslli_epi128::<8>(out);
    let reduced = _mm256_clmulepi64_epi128::<0x00>(_mm256_bsrli_epi128::<8>(out), poly);
    _mm256_xor_si256(_mm256_xor_si256(_mm256_sll_epi64(t, _mm_cvtsi32_si128(n as i32)), carried), reduced)
}

/// Multiplies each lane by `α^64`: the high half times `0x87` (at most 71 bits) XORed into the lane shifted up by
/// eight bytes.
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq")]
fn mul_alpha_64(t: __m256i, poly: __m256i) -> __m256i {
    _mm256_xor_si256(_mm256_bslli_epi128::<8>(t), _mm256_clmulepi64_epi128::<0x01>(t, poly))
}

/// The XTS step over up to `32 * N` bytes with `N` registers; register `i`'s tweaks are `tw·α^2i`.
#[inline]
#[target_feature(enable = "avx2,vaes,vpclmulqdq")]
fn xts_pass<const N: usize, const DECRYPT: bool, const FULL: bool>(
    k: &[__m256i; 15],
    rounds: usize,
    tw: __m256i,
    poly: __m256i,
    part: &mut [u8],
) {
    let last = k[rounds];
    let mut t = [tw; N];
    let mut b = [tw; N];
    for i in 0..N {
        t[i] = mul_alpha_n(tw, 2 * i as u32, poly);
        b[i] = _mm256_xor_si256(get::<FULL>(part, i), _mm256_xor_si256(t[i], k[0]));
    }
    middle::<N, DECRYPT>(k, rounds, &mut b);
    for i in 0..N {
        put::<FULL>(part, i, final_round::<DECRYPT>(b[i], _mm256_xor_si256(last, t[i])));
    }
}

#[target_feature(enable = "avx2,vaes,vpclmulqdq,aes,sse2")]
fn xts_ymm<const DECRYPT: bool>(_cpu: VaesAvx2, keys: &Keys, rounds: usize, tweak: &mut [u8; 16], data: &mut [u8]) {
    let k = broadcast(keys);
    let last = k[rounds];
    let poly = lanes(_mm_set_epi64x(0, 0x87));
    // The tweaks of the next two blocks: T, Tα.
    let t0 = x86_aesni::load(tweak);
    let mut tw = _mm256_inserti128_si256::<1>(_mm256_zextsi128_si256(t0), x86_aesni::mul_alpha(t0));
    let rest = if data.len() >= 8 * STRIDE {
        // Two or more 64-block chunks: the tweaks of a chunk's 32 registers are kept XORed with the last round key,
        // `u = t ^ last`, as in `x86_vaes`: the whitening is `P ^ u ^ (k0 ^ last)`, the last round key is `u`, and
        // `u` steps to the next chunk (`α^64`) as `u·x^64 ^ (last·x^64 ^ last)`.
        let (chunks, rest) = data.as_chunks_mut::<{ 4 * STRIDE }>();
        let mut u = [tw; 4 * REGS];
        for (i, u) in u.iter_mut().enumerate() {
            *u = _mm256_xor_si256(mul_alpha_n(tw, 2 * i as u32, poly), last);
        }
        let c = _mm256_xor_si256(mul_alpha_64(last, poly), last);
        let k0x = _mm256_xor_si256(k[0], last);
        for (n, chunk) in chunks.iter_mut().enumerate() {
            for h in 0..4 {
                let u = &mut u[REGS * h..REGS * h + REGS];
                let mut b = [k0x; REGS];
                for (i, (b, u)) in b.iter_mut().zip(u.iter_mut()).enumerate() {
                    if n > 0 {
                        let stepped = _mm256_xor_si256(_mm256_bslli_epi128::<8>(*u), c);
                        *u = _mm256_xor_si256(stepped, _mm256_clmulepi64_epi128::<0x01>(*u, poly));
                    }
                    let p = load(&chunk[STRIDE * h + 32 * i..]);
                    *b = _mm256_xor_si256(p, _mm256_xor_si256(*u, k0x));
                }
                middle::<REGS, DECRYPT>(&k, rounds, &mut b);
                for (i, (b, u)) in b.iter().zip(u.iter()).enumerate() {
                    store(&mut chunk[STRIDE * h + 32 * i..], final_round::<DECRYPT>(*b, *u));
                }
            }
        }
        // The tweaks after the last chunk: its first register's, times `α^64`.
        tw = mul_alpha_64(_mm256_xor_si256(u[0], last), poly);
        rest
    } else {
        data
    };
    // Fewer than 64 blocks are left (or fewer than 128 came in): full passes of sixteen blocks, then one pass over
    // the tail, each computing its tweaks from `tw` directly.
    let (full, rest) = rest.as_chunks_mut::<STRIDE>();
    for part in full {
        xts_pass::<REGS, DECRYPT, true>(&k, rounds, tw, poly, part);
        tw = mul_alpha_n(tw, 2 * REGS as u32, poly);
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => xts_pass::<1, DECRYPT, false>(&k, rounds, tw, poly, rest),
        2 => xts_pass::<2, DECRYPT, false>(&k, rounds, tw, poly, rest),
        4 => xts_pass::<4, DECRYPT, false>(&k, rounds, tw, poly, rest),
        _ => xts_pass::<REGS, DECRYPT, false>(&k, rounds, tw, poly, rest),
    }
    // The next tweak: after a trailing single block the high lane of its pair's tweaks, else the low lane of the
    // next pair's.
    let next = mul_alpha_n(tw, 2 * (rest.len() / 32) as u32, poly);
    let next = if rest.len() % 32 == 16 { _mm256_extracti128_si256::<1>(next) } else { _mm256_castsi256_si128(next) };
    x86_aesni::store(tweak, next);
}
