//! AES bulk kernels with VAES on 512-bit registers (AVX-512): four blocks per `zmm`, 32 blocks in flight.
//!
//! Each kernel broadcasts the AES-NI key schedule's round keys to all four 128-bit lanes and runs eight `zmm`
//! registers through the rounds per pass (`vaesenc` has a latency of about four cycles and a throughput of two per
//! cycle on current cores, so eight independent registers keep it busy). The last round key is XORed with
//! whatever the block's output is XORed with (keystream input, CBC chaining value, XTS tweak) so that the final
//! `vaesenclast` / `vaesdeclast` does both at once. The tail after the full passes (fewer than 32 blocks) is one
//! more pass over 1, 2, 4 or 8 registers whose loads and stores are byte-masked (AVX-512BW): masked-off bytes are
//! never touched, so nothing outside the slice is read or written.
//!
//! Everything is constant time: lengths, the counter's position relative to a 64-bit wrap (decided by the caller)
//! and the number of trailing blocks are the only inputs to control flow, and they are public.

use core::arch::x86_64::{
    __m128i, __m512i, _mm_cvtsi32_si128, _mm_set_epi8, _mm_set_epi64x, _mm512_add_epi64, _mm512_aesdec_epi128,
    _mm512_aesdeclast_epi128, _mm512_aesenc_epi128, _mm512_aesenclast_epi128, _mm512_alignr_epi64,
    _mm512_broadcast_i32x4, _mm512_bslli_epi128, _mm512_bsrli_epi128, _mm512_castsi128_si512, _mm512_clmulepi64_epi128,
    _mm512_extracti32x4_epi32, _mm512_inserti32x4, _mm512_loadu_si512, _mm512_mask_storeu_epi8,
    _mm512_maskz_loadu_epi8, _mm512_set_epi64, _mm512_setzero_si512, _mm512_shuffle_epi8, _mm512_sll_epi64,
    _mm512_srl_epi64, _mm512_storeu_si512, _mm512_ternarylogic_epi64, _mm512_xor_si512,
};

use super::x86_aesni::{self, Keys};
use crate::cpu::VaesAvx512;

/// Registers per iteration of the main loops.
const REGS: usize = 8;
/// Bytes per iteration of the main loops: 32 blocks.
const STRIDE: usize = REGS * 64;

/// ECB encryption or decryption of whole blocks in place.
pub(crate) fn ecb(cpu: VaesAvx512, keys: &Keys, rounds: usize, data: &mut [u8], decrypt: bool) {
    if decrypt {
        // SAFETY: the `VaesAvx512` witness proves that this CPU has VAES, AVX-512 F/BW/VL and AES-NI.
        unsafe { ecb_zmm::<true>(cpu, keys, rounds, data) }
    } else {
        // SAFETY: as above.
        unsafe { ecb_zmm::<false>(cpu, keys, rounds, data) }
    }
}

/// CTR over whole blocks with the counter blocks `ctr, ctr + 1, ...` (big-endian), whose low 64 bits must not wrap
/// within `data` (the caller splits the input there).
pub(crate) fn ctr(cpu: VaesAvx512, keys: &Keys, rounds: usize, ctr: u128, data: &mut [u8]) {
    // SAFETY: the `VaesAvx512` witness proves that this CPU has VAES, AVX-512 F/BW/VL and AES-NI.
    unsafe { ctr_zmm(cpu, keys, rounds, ctr, data) }
}

/// CBC decryption of whole blocks in place, chaining through `iv`.
pub(crate) fn cbc_decrypt(cpu: VaesAvx512, keys: &Keys, rounds: usize, iv: &mut [u8; 16], data: &mut [u8]) {
    // SAFETY: the `VaesAvx512` witness proves that this CPU has VAES, AVX-512 F/BW/VL and AES-NI.
    unsafe { cbc_decrypt_zmm(cpu, keys, rounds, iv, data) }
}

/// The XTS block step over whole blocks in place, advancing `tweak` by `α` per block.
pub(crate) fn xts(cpu: VaesAvx512, keys: &Keys, rounds: usize, tweak: &mut [u8; 16], data: &mut [u8], decrypt: bool) {
    if decrypt {
        // SAFETY: the `VaesAvx512` witness proves that this CPU has VAES, VPCLMULQDQ, AVX-512 F/BW/VL and AES-NI.
        unsafe { xts_zmm::<true>(cpu, keys, rounds, tweak, data) }
    } else {
        // SAFETY: as above.
        unsafe { xts_zmm::<false>(cpu, keys, rounds, tweak, data) }
    }
}

/// Loads 64 bytes (`bytes.len() >= 64`).
#[inline]
#[target_feature(enable = "avx512f")]
fn load(bytes: &[u8]) -> __m512i {
    let bytes = &bytes[..64];
    // SAFETY: `bytes` is 64 readable bytes and `_mm512_loadu_si512` has no alignment requirement.
    unsafe { _mm512_loadu_si512(bytes.as_ptr().cast()) }
}

/// Stores 64 bytes (`bytes.len() >= 64`).
#[inline]
#[target_feature(enable = "avx512f")]
fn store(bytes: &mut [u8], v: __m512i) {
    let bytes = &mut bytes[..64];
    // SAFETY: `bytes` is 64 writable bytes and `_mm512_storeu_si512` has no alignment requirement.
    unsafe { _mm512_storeu_si512(bytes.as_mut_ptr().cast(), v) }
}

/// The byte mask selecting the first `min(len, 64)` bytes.
#[inline]
fn byte_mask(len: usize) -> u64 {
    if len >= 64 { u64::MAX } else { (1u64 << len) - 1 }
}

/// Loads the first `min(bytes.len(), 64)` bytes; the other bytes of the vector are zero.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn load_part(bytes: &[u8]) -> __m512i {
    let mask = byte_mask(bytes.len());
    // SAFETY: the mask selects only the first `min(bytes.len(), 64)` bytes, all inside `bytes`; masked-off bytes
    // are not accessed (and cannot fault), and the load has no alignment requirement.
    unsafe { _mm512_maskz_loadu_epi8(mask, bytes.as_ptr().cast()) }
}

/// Stores the first `min(bytes.len(), 64)` bytes of `v`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn store_part(bytes: &mut [u8], v: __m512i) {
    let mask = byte_mask(bytes.len());
    // SAFETY: the mask selects only the first `min(bytes.len(), 64)` bytes, all inside `bytes`; masked-off bytes
    // are not written, and the store has no alignment requirement.
    unsafe { _mm512_mask_storeu_epi8(bytes.as_mut_ptr().cast(), mask, v) }
}

/// The round keys, each broadcast to the four lanes (`rounds + 1` used; the others are zero).
#[inline]
#[target_feature(enable = "avx512f")]
fn broadcast(keys: &Keys) -> [__m512i; 15] {
    let mut k = [_mm512_setzero_si512(); 15];
    for (k, x) in k.iter_mut().zip(keys) {
        *k = _mm512_broadcast_i32x4(*x);
    }
    k
}

/// A 128-bit lane pattern in all four lanes.
#[inline]
#[target_feature(enable = "avx512f")]
fn lanes(x: __m128i) -> __m512i {
    _mm512_broadcast_i32x4(x)
}

/// `n` in the low qword of every lane: a counter increment.
#[inline]
#[target_feature(enable = "avx512f")]
fn step(n: i64) -> __m512i {
    lanes(_mm_set_epi64x(0, n))
}

/// The middle rounds (1 .. rounds-1) on `N` registers.
#[inline]
#[target_feature(enable = "avx512f,vaes")]
fn middle<const N: usize, const DECRYPT: bool>(k: &[__m512i; 15], rounds: usize, b: &mut [__m512i; N]) {
    for key in &k[1..rounds] {
        for b in b.iter_mut() {
            *b = if DECRYPT { _mm512_aesdec_epi128(*b, *key) } else { _mm512_aesenc_epi128(*b, *key) };
        }
    }
}

/// The last round with round key `last` (which may have another value XORed in).
#[inline]
#[target_feature(enable = "avx512f,vaes")]
fn final_round<const DECRYPT: bool>(b: __m512i, last: __m512i) -> __m512i {
    if DECRYPT { _mm512_aesdeclast_epi128(b, last) } else { _mm512_aesenclast_epi128(b, last) }
}

/// `a ^ b ^ c` in one instruction.
#[inline]
#[target_feature(enable = "avx512f")]
fn xor3(a: __m512i, b: __m512i, c: __m512i) -> __m512i {
    _mm512_ternarylogic_epi64::<0x96>(a, b, c)
}

/// The `i`-th 64-byte group of `part` (possibly short or empty).
#[inline]
fn group(part: &[u8], i: usize) -> &[u8] {
    &part[(64 * i).min(part.len())..]
}

/// The `i`-th 64-byte group of `part` (possibly short or empty), writable.
#[inline]
fn group_mut(part: &mut [u8], i: usize) -> &mut [u8] {
    let start = (64 * i).min(part.len());
    &mut part[start..]
}

/// Register `i` of a pass: a full load when `FULL` (the pass covers `64 * N` bytes), else a masked one.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn get<const FULL: bool>(part: &[u8], i: usize) -> __m512i {
    if FULL { load(&part[64 * i..]) } else { load_part(group(part, i)) }
}

/// Stores register `i` of a pass (masked unless `FULL`).
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn put<const FULL: bool>(part: &mut [u8], i: usize, v: __m512i) {
    if FULL { store(&mut part[64 * i..], v) } else { store_part(group_mut(part, i), v) }
}

/// The register count of the pass over a tail of `len < 512` bytes: 0 for none, else 1, 2, 4 or 8, the fewest that
/// hold it (registers past the end compute on zeros, which costs less than a second pass would).
#[inline]
fn tail_regs(len: usize) -> usize {
    match len.div_ceil(64) {
        0 => 0,
        n => n.next_power_of_two(),
    }
}

/// ECB over up to `64 * N` bytes with `N` registers.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vaes")]
fn ecb_pass<const N: usize, const DECRYPT: bool, const FULL: bool>(k: &[__m512i; 15], rounds: usize, part: &mut [u8]) {
    let mut b = [k[0]; N];
    for (i, b) in b.iter_mut().enumerate() {
        *b = _mm512_xor_si512(get::<FULL>(part, i), k[0]);
    }
    middle::<N, DECRYPT>(k, rounds, &mut b);
    for (i, b) in b.iter().enumerate() {
        put::<FULL>(part, i, final_round::<DECRYPT>(*b, k[rounds]));
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,vaes,aes,sse2")]
fn ecb_zmm<const DECRYPT: bool>(_cpu: VaesAvx512, keys: &Keys, rounds: usize, data: &mut [u8]) {
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

/// CTR over up to `64 * N` bytes with `N` registers; the first register's counters are `c` (little-endian lanes),
/// register `i`'s are `c + 4i`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vaes")]
fn ctr_pass<const N: usize, const FULL: bool>(k: &[__m512i; 15], rounds: usize, c: __m512i, part: &mut [u8]) {
    // `bswap` reverses each lane: the counter as a little-endian integer <-> the big-endian counter block.
    let bswap = lanes(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    let last = k[rounds];
    let mut b = [k[0]; N];
    for (i, b) in b.iter_mut().enumerate() {
        *b = _mm512_xor_si512(_mm512_shuffle_epi8(_mm512_add_epi64(c, step(4 * i as i64)), bswap), k[0]);
    }
    middle::<N, false>(k, rounds, &mut b);
    for (i, b) in b.iter().enumerate() {
        let v = _mm512_aesenclast_epi128(*b, _mm512_xor_si512(last, get::<FULL>(part, i)));
        put::<FULL>(part, i, v);
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,vaes,aes,sse2")]
fn ctr_zmm(_cpu: VaesAvx512, keys: &Keys, rounds: usize, ctr: u128, data: &mut [u8]) {
    let k = broadcast(keys);
    // Counters as little-endian 128-bit lanes: the low 64 bits in the even qwords, which never carry into the odd
    // ones here (the caller splits the input where they would).
    let mut c = _mm512_add_epi64(
        lanes(_mm_set_epi64x((ctr >> 64) as i64, ctr as i64)),
        _mm512_set_epi64(0, 3, 0, 2, 0, 1, 0, 0),
    );
    let (chunks, rest) = data.as_chunks_mut::<STRIDE>();
    for chunk in chunks {
        ctr_pass::<REGS, true>(&k, rounds, c, chunk);
        c = _mm512_add_epi64(c, step(4 * REGS as i64));
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => ctr_pass::<1, false>(&k, rounds, c, rest),
        2 => ctr_pass::<2, false>(&k, rounds, c, rest),
        4 => ctr_pass::<4, false>(&k, rounds, c, rest),
        _ => ctr_pass::<REGS, false>(&k, rounds, c, rest),
    }
}

/// CBC decryption of up to `64 * N` bytes with `N` registers. `prev`'s top lane holds the ciphertext block before
/// the pass; returns the last register of ciphertext (whose top lane chains into the next full pass).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vaes")]
fn cbc_decrypt_pass<const N: usize, const FULL: bool>(
    k: &[__m512i; 15],
    rounds: usize,
    prev: __m512i,
    part: &mut [u8],
) -> __m512i {
    let last = k[rounds];
    let mut c = [prev; N];
    let mut b = [prev; N];
    for i in 0..N {
        c[i] = get::<FULL>(part, i);
        b[i] = _mm512_xor_si512(c[i], k[0]);
    }
    middle::<N, true>(k, rounds, &mut b);
    for i in 0..N {
        // `valignq` by six qwords shifts the register's ciphertext blocks up one lane, the block before entering
        // at the bottom: the chaining values of its four blocks.
        let chain = _mm512_alignr_epi64::<6>(c[i], if i == 0 { prev } else { c[i - 1] });
        put::<FULL>(part, i, _mm512_aesdeclast_epi128(b[i], _mm512_xor_si512(last, chain)));
    }
    c[N - 1]
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,vaes,aes,sse2")]
fn cbc_decrypt_zmm(_cpu: VaesAvx512, keys: &Keys, rounds: usize, iv: &mut [u8; 16], data: &mut [u8]) {
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

/// Multiplies each lane (an XTS tweak, a little-endian element of GF(2^128)) by `α^n` for `n < 64`: both 64-bit
/// halves shift left by `n`, the bits leaving the low half enter the high half, and the `n` bits leaving bit 127
/// are multiplied by `0x87` (carry-less, at most 71 bits: no further reduction) and folded into the lane.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vpclmulqdq")]
fn mul_alpha_n(t: __m512i, n: u32, poly: __m512i) -> __m512i {
    debug_assert!(n < 64);
    let out = _mm512_srl_epi64(t, _mm_cvtsi32_si128(64 - n as i32));
    let carried = _mm512_bslli_epi128::<8>(out);
    let reduced = _mm512_clmulepi64_epi128::<0x00>(_mm512_bsrli_epi128::<8>(out), poly);
    xor3(_mm512_sll_epi64(t, _mm_cvtsi32_si128(n as i32)), carried, reduced)
}

/// Multiplies each lane by `α^64`: the high half times `0x87` (at most 71 bits, no further reduction) XORed into the
/// lane shifted up by eight bytes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vpclmulqdq")]
fn mul_alpha_64(t: __m512i, poly: __m512i) -> __m512i {
    _mm512_xor_si512(_mm512_bslli_epi128::<8>(t), _mm512_clmulepi64_epi128::<0x01>(t, poly))
}

/// Lane `j` (0..4) of `v`.
#[inline]
#[target_feature(enable = "avx512f")]
fn lane(v: __m512i, j: usize) -> __m128i {
    match j {
        0 => _mm512_extracti32x4_epi32::<0>(v),
        1 => _mm512_extracti32x4_epi32::<1>(v),
        2 => _mm512_extracti32x4_epi32::<2>(v),
        _ => _mm512_extracti32x4_epi32::<3>(v),
    }
}

/// The XTS step over up to `64 * N` bytes with `N` registers; register `i`'s tweaks are `tw·α^4i`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,vaes,vpclmulqdq")]
fn xts_pass<const N: usize, const DECRYPT: bool, const FULL: bool>(
    k: &[__m512i; 15],
    rounds: usize,
    tw: __m512i,
    poly: __m512i,
    part: &mut [u8],
) {
    let last = k[rounds];
    let mut t = [tw; N];
    let mut b = [tw; N];
    for i in 0..N {
        t[i] = mul_alpha_n(tw, 4 * i as u32, poly);
        b[i] = xor3(get::<FULL>(part, i), t[i], k[0]);
    }
    middle::<N, DECRYPT>(k, rounds, &mut b);
    for i in 0..N {
        put::<FULL>(part, i, final_round::<DECRYPT>(b[i], _mm512_xor_si512(last, t[i])));
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,vaes,vpclmulqdq,aes,sse2")]
fn xts_zmm<const DECRYPT: bool>(_cpu: VaesAvx512, keys: &Keys, rounds: usize, tweak: &mut [u8; 16], data: &mut [u8]) {
    let k = broadcast(keys);
    let last = k[rounds];
    let poly = lanes(_mm_set_epi64x(0, 0x87));
    // The tweaks of the next four blocks: T, Tα, Tα², Tα³.
    let t0 = x86_aesni::load(tweak);
    let t1 = x86_aesni::mul_alpha(t0);
    let t2 = x86_aesni::mul_alpha(t1);
    let t3 = x86_aesni::mul_alpha(t2);
    let mut tw = _mm512_castsi128_si512(t0);
    tw = _mm512_inserti32x4::<1>(tw, t1);
    tw = _mm512_inserti32x4::<2>(tw, t2);
    tw = _mm512_inserti32x4::<3>(tw, t3);
    let rest = if data.len() >= 4 * STRIDE {
        // Two or more 64-block chunks: the tweaks of a chunk's 16 registers are kept XORed with the last round key,
        // `u = t ^ last`, so the whitening is `P ^ u ^ (k0 ^ last)` and the last round key is `u` itself; stepping
        // `u` to the next chunk (`α^64`) is `u·x^64 ^ c` with the constant `c = last·x^64 ^ last` (multiplication
        // is linear): three instructions per register.
        let (chunks, rest) = data.as_chunks_mut::<{ 2 * STRIDE }>();
        let mut u = [tw; 2 * REGS];
        for (i, u) in u.iter_mut().enumerate() {
            *u = _mm512_xor_si512(mul_alpha_n(tw, 4 * i as u32, poly), last);
        }
        let c = _mm512_xor_si512(mul_alpha_64(last, poly), last);
        let k0x = _mm512_xor_si512(k[0], last);
        for (n, chunk) in chunks.iter_mut().enumerate() {
            for h in 0..2 {
                let u = &mut u[REGS * h..REGS * h + REGS];
                let mut b = [k0x; REGS];
                for (i, (b, u)) in b.iter_mut().zip(u.iter_mut()).enumerate() {
                    if n > 0 {
                        *u = xor3(_mm512_bslli_epi128::<8>(*u), _mm512_clmulepi64_epi128::<0x01>(*u, poly), c);
                    }
                    *b = xor3(load(&chunk[STRIDE * h + 64 * i..]), *u, k0x);
                }
                middle::<REGS, DECRYPT>(&k, rounds, &mut b);
                for (i, (b, u)) in b.iter().zip(u.iter()).enumerate() {
                    store(&mut chunk[STRIDE * h + 64 * i..], final_round::<DECRYPT>(*b, *u));
                }
            }
        }
        // The tweaks after the last chunk: its first register's, times `α^64`.
        tw = mul_alpha_64(_mm512_xor_si512(u[0], last), poly);
        rest
    } else {
        data
    };
    // Fewer than 64 blocks are left (or fewer than 128 came in): full passes, then one pass over the tail, each
    // computing its tweaks from `tw` directly.
    let (full, rest) = rest.as_chunks_mut::<STRIDE>();
    for part in full {
        xts_pass::<REGS, DECRYPT, true>(&k, rounds, tw, poly, part);
        tw = mul_alpha_n(tw, 4 * REGS as u32, poly);
    }
    match tail_regs(rest.len()) {
        0 => {}
        1 => xts_pass::<1, DECRYPT, false>(&k, rounds, tw, poly, rest),
        2 => xts_pass::<2, DECRYPT, false>(&k, rounds, tw, poly, rest),
        4 => xts_pass::<4, DECRYPT, false>(&k, rounds, tw, poly, rest),
        _ => xts_pass::<REGS, DECRYPT, false>(&k, rounds, tw, poly, rest),
    }
    // The next tweak: lane j of the tweaks of group g, the first group not completely processed.
    let (g, j) = (rest.len() / 64, rest.len() % 64 / 16);
    x86_aesni::store(tweak, lane(mul_alpha_n(tw, 4 * g as u32, poly), j));
}
