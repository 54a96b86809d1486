//! The x86 AES-NI kernel of CCM: the CBC-MAC and the counter-mode encryption of each payload block stitched in
//! one loop, so that the counter block's AES rounds fill the latency gaps of the serial CBC-MAC chain (the
//! chain, one AES per block, is the bound; the counter mode then comes nearly free). Round keys stay in
//! registers. Whole blocks only; `ccm.rs` handles a partial last block.

use core::arch::x86_64::{
    __m128i, _mm_add_epi64, _mm_aesenc_si128, _mm_aesenclast_si128, _mm_set_epi8, _mm_set_epi64x, _mm_shuffle_epi8,
    _mm_xor_si128,
};

use crate::aes::x86_aesni::{KeySchedule, Keys, load, store};
use crate::cpu::AesNiClmul;

/// Reverses the 16 bytes: a big-endian counter block becomes a vector whose low 64-bit lane is the counter's
/// low 64 bits (and back).
#[inline]
#[target_feature(enable = "ssse3")]
fn bswap(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// CCM over the whole blocks of `data` in place: `mac` is the running CBC-MAC value `Y`, `ctr` the next counter
/// block (big-endian; advanced by the number of blocks). Encryption MACs the plaintext then encrypts it;
/// decryption decrypts then MACs the plaintext.
///
/// The counter is incremented in its low 64 bits only: CCM's counter field is at most 8 bytes and the payload
/// length limit keeps it from wrapping.
pub(super) fn blocks(
    cpu: AesNiClmul,
    ks: &KeySchedule,
    mac: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
    decrypt: bool,
) {
    // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI and SSSE3 (SSE2 is part of x86-64).
    unsafe { blocks_aesni(cpu, ks, mac, ctr, data, decrypt) }
}

/// Rounds `1..R` (all but the first key addition and the last round) of two independent blocks, interleaved.
#[inline]
#[target_feature(enable = "aes,sse2")]
fn middle2<const R: usize>(keys: &Keys, mut a: __m128i, mut b: __m128i) -> (__m128i, __m128i) {
    for k in &keys[1..R] {
        a = _mm_aesenc_si128(a, *k);
        b = _mm_aesenc_si128(b, *k);
    }
    (a, b)
}

/// Rounds `1..R` of one block.
#[inline]
#[target_feature(enable = "aes,sse2")]
fn middle1<const R: usize>(keys: &Keys, mut a: __m128i) -> __m128i {
    for k in &keys[1..R] {
        a = _mm_aesenc_si128(a, *k);
    }
    a
}

#[target_feature(enable = "aes,sse2,ssse3")]
fn blocks_aesni(
    _cpu: AesNiClmul,
    ks: &KeySchedule,
    mac: &mut [u8; 16],
    ctr: &mut [u8; 16],
    data: &mut [u8],
    decrypt: bool,
) {
    let keys = ks.enc_keys();
    let (mut y, mut c) = (load(mac), bswap(load(ctr)));
    let n = data.len() / 16;
    if n > 0 {
        (y, c) = match (ks.rounds(), decrypt) {
            (10, false) => encrypt::<10>(&keys, y, c, data, n),
            (12, false) => encrypt::<12>(&keys, y, c, data, n),
            (_, false) => encrypt::<14>(&keys, y, c, data, n),
            (10, true) => decrypt_::<10>(&keys, y, c, data, n),
            (12, true) => decrypt_::<12>(&keys, y, c, data, n),
            (_, true) => decrypt_::<14>(&keys, y, c, data, n),
        };
    }
    store(mac, y);
    store(ctr, bswap(c));
}

// The MAC chain `Y_i = E(Y_{i-1} ^ P_i)` carries no XOR: since the last round ends by adding its round key,
// `E(x) ^ P ^ K_0` is the last round with the key `K_last ^ K_0 ^ P`, computed off the chain. Only the final
// step uses `K_last` alone, giving `Y`.

/// Encryption of `n >= 1` blocks: the MAC of each plaintext block and its counter-mode encryption interleaved.
/// Returns the MAC value and the (byte-swapped) next counter.
#[inline]
#[target_feature(enable = "aes,sse2,ssse3")]
fn encrypt<const R: usize>(keys: &Keys, y: __m128i, mut c: __m128i, data: &mut [u8], n: usize) -> (__m128i, __m128i) {
    let one = _mm_set_epi64x(0, 1);
    let (k0, kl) = (keys[0], keys[R]);
    let fold = _mm_xor_si128(kl, k0);
    let mut p = load(data);
    // The state after the first key addition of the MAC block.
    let mut s = _mm_xor_si128(y, _mm_xor_si128(p, k0));
    for i in 0..n {
        let cb = _mm_xor_si128(bswap(c), k0);
        c = _mm_add_epi64(c, one);
        let (sa, sb) = middle2::<R>(keys, s, cb);
        store(&mut data[16 * i..], _mm_xor_si128(p, _mm_aesenclast_si128(sb, kl)));
        if i + 1 == n {
            return (_mm_aesenclast_si128(sa, kl), c);
        }
        p = load(&data[16 * (i + 1)..]);
        s = _mm_aesenclast_si128(sa, _mm_xor_si128(fold, p));
    }
    (y, c)
}

/// Decryption of `n >= 1` blocks: the keystream of block `i + 1` is computed alongside the MAC of block `i`
/// (it does not depend on the chain), so its plaintext is ready for the folded last round.
#[inline]
#[target_feature(enable = "aes,sse2,ssse3")]
fn decrypt_<const R: usize>(keys: &Keys, y: __m128i, mut c: __m128i, data: &mut [u8], n: usize) -> (__m128i, __m128i) {
    let one = _mm_set_epi64x(0, 1);
    let (k0, kl) = (keys[0], keys[R]);
    let fold = _mm_xor_si128(kl, k0);
    let cb = _mm_xor_si128(bswap(c), k0);
    c = _mm_add_epi64(c, one);
    let p = _mm_xor_si128(load(data), _mm_aesenclast_si128(middle1::<R>(keys, cb), kl));
    store(data, p);
    let mut s = _mm_xor_si128(y, _mm_xor_si128(p, k0));
    for i in 1..n {
        let cb = _mm_xor_si128(bswap(c), k0);
        c = _mm_add_epi64(c, one);
        let (sa, sb) = middle2::<R>(keys, s, cb);
        let block = &mut data[16 * i..];
        let p = _mm_xor_si128(load(block), _mm_aesenclast_si128(sb, kl));
        store(block, p);
        s = _mm_aesenclast_si128(sa, _mm_xor_si128(fold, p));
    }
    (_mm_aesenclast_si128(middle1::<R>(keys, s), kl), c)
}
