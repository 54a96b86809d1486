//! The CTR_DRBG's AES-NI engine: an encryption-only key schedule that is re-expanded in place on every
//! CTR_DRBG_Update (no decryption keys, no reallocation), and the counter-mode keystream with eight counter
//! blocks built and encrypted in registers.
//!
//! Re-keying happens once per generate request (SP 800-90A §10.2.1.5 step 6 updates the key), so for small
//! requests the key expansion costs as much as the blocks; the dedicated schedule keeps it short.

use core::arch::x86_64::{
    __m128i, _mm_aesenc_si128, _mm_aesenclast_si128, _mm_aeskeygenassist_si128, _mm_cvtsi128_si32, _mm_loadu_si128,
    _mm_set_epi32, _mm_set_epi64x, _mm_shuffle_epi32, _mm_slli_si128, _mm_storeu_si128, _mm_xor_si128,
};

use zeroize::Zeroize;

use crate::cpu::AesNiClmul;

/// Blocks encrypted per batch.
const LANES: usize = 8;

/// Encryption round keys (`rounds + 1` used), stored as bytes so they can be zeroized.
pub(super) struct EncKey {
    rk: [[u8; 16]; 15],
    rounds: usize,
}

impl Drop for EncKey {
    fn drop(&mut self) {
        self.rk.zeroize();
    }
}

#[inline]
#[target_feature(enable = "sse2")]
fn load(bytes: &[u8; 16]) -> __m128i {
    // SAFETY: `bytes` is 16 readable bytes and `_mm_loadu_si128` has no alignment requirement.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

#[inline]
#[target_feature(enable = "sse2")]
fn store(bytes: &mut [u8], v: __m128i) {
    let bytes = &mut bytes[..16];
    // SAFETY: `bytes` is 16 writable bytes and `_mm_storeu_si128` has no alignment requirement.
    unsafe { _mm_storeu_si128(bytes.as_mut_ptr().cast(), v) }
}

/// The big-endian 128-bit counter block `v` as a vector (byte 0 = most significant byte).
#[inline]
#[target_feature(enable = "sse2")]
fn counter(v: u128) -> __m128i {
    let hi = ((v >> 64) as u64).swap_bytes();
    let lo = (v as u64).swap_bytes();
    _mm_set_epi64x(lo as i64, hi as i64)
}

/// One step of the AES-128 / AES-256 schedule: `t ^ (t << 32) ^ (t << 64) ^ (t << 96) ^ broadcast(assist)`.
#[inline]
#[target_feature(enable = "sse2")]
fn mix<const SHUF: i32>(t: __m128i, assist: __m128i) -> __m128i {
    let a = _mm_shuffle_epi32::<SHUF>(assist);
    let mut x = _mm_slli_si128::<4>(t);
    let mut t = _mm_xor_si128(t, x);
    x = _mm_slli_si128::<4>(x);
    t = _mm_xor_si128(t, x);
    x = _mm_slli_si128::<4>(x);
    t = _mm_xor_si128(t, x);
    _mm_xor_si128(t, a)
}

/// `SubWord(w)` with `aeskeygenassist` (lane 0 of the result is `SubWord` of lane 1).
#[target_feature(enable = "aes,sse2")]
fn sub_word(w: u32) -> u32 {
    let v = _mm_set_epi32(0, 0, w as i32, 0);
    _mm_cvtsi128_si32(_mm_aeskeygenassist_si128::<0>(v)) as u32
}

impl EncKey {
    /// Expands a 16-, 24- or 32-byte key; `None` for any other length.
    pub(super) fn new(cpu: AesNiClmul, key: &[u8]) -> Option<EncKey> {
        let mut k = EncKey { rk: [[0; 16]; 15], rounds: 0 };
        k.set_key(cpu, key).then_some(k)
    }

    /// Re-expands in place for `key`; false (state unchanged) for a bad key length.
    pub(super) fn set_key(&mut self, cpu: AesNiClmul, key: &[u8]) -> bool {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI (and SSE2, part of x86-64).
        unsafe { self.set_key_aesni(cpu, key) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn set_key_aesni(&mut self, _cpu: AesNiClmul, key: &[u8]) -> bool {
        let rk = &mut self.rk;
        match key.len() {
            16 => {
                let mut t = load(key[..16].try_into().unwrap_or(&[0; 16]));
                store(&mut rk[0], t);
                macro_rules! round {
                    ($i:expr, $rcon:expr) => {
                        t = mix::<0xff>(t, _mm_aeskeygenassist_si128::<$rcon>(t));
                        store(&mut rk[$i], t);
                    };
                }
                round!(1, 0x01);
                round!(2, 0x02);
                round!(3, 0x04);
                round!(4, 0x08);
                round!(5, 0x10);
                round!(6, 0x20);
                round!(7, 0x40);
                round!(8, 0x80);
                round!(9, 0x1b);
                round!(10, 0x36);
                self.rounds = 10;
            }
            32 => {
                let mut a = load(key[..16].try_into().unwrap_or(&[0; 16]));
                let mut b = load(key[16..32].try_into().unwrap_or(&[0; 16]));
                store(&mut rk[0], a);
                store(&mut rk[1], b);
                macro_rules! pair {
                    ($i:expr, $rcon:expr) => {
                        a = mix::<0xff>(a, _mm_aeskeygenassist_si128::<$rcon>(b));
                        store(&mut rk[$i], a);
                        b = mix::<0xaa>(b, _mm_aeskeygenassist_si128::<0>(a));
                        store(&mut rk[$i + 1], b);
                    };
                }
                pair!(2, 0x01);
                pair!(4, 0x02);
                pair!(6, 0x04);
                pair!(8, 0x08);
                pair!(10, 0x10);
                pair!(12, 0x20);
                a = mix::<0xff>(a, _mm_aeskeygenassist_si128::<0x40>(b));
                store(&mut rk[14], a);
                self.rounds = 14;
            }
            24 => {
                // AES-192 is rare here: the generic FIPS 197 expansion with an AES-NI SubWord.
                let Some((mut w, rounds)) = crate::aes::expand_key(key, |x| sub_word(x)) else {
                    return false;
                };
                *rk = crate::aes::round_key_bytes(&w);
                w.zeroize();
                self.rounds = rounds;
            }
            _ => return false,
        }
        true
    }

    /// Fills `out` with `E(K, V+1) || E(K, V+2) || ...` (a partial last block takes a whole counter), then
    /// `extra` (whole blocks) with the blocks that follow; returns the last counter used.
    pub(super) fn keystream(&self, cpu: AesNiClmul, v: u128, out: &mut [u8], extra: &mut [u8]) -> u128 {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
        unsafe { self.keystream_aesni(cpu, v, out, extra) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn encrypt8(&self, v: u128) -> [__m128i; LANES] {
        let r = self.rounds;
        let k0 = load(&self.rk[0]);
        let mut b = [k0; LANES];
        for (j, b) in b.iter_mut().enumerate() {
            *b = _mm_xor_si128(counter(v.wrapping_add(j as u128 + 1)), k0);
        }
        for k in &self.rk[1..r] {
            let k = load(k);
            for b in b.iter_mut() {
                *b = _mm_aesenc_si128(*b, k);
            }
        }
        let kl = load(&self.rk[r]);
        for b in b.iter_mut() {
            *b = _mm_aesenclast_si128(*b, kl);
        }
        b
    }

    #[target_feature(enable = "aes,sse2")]
    fn keystream_aesni(&self, _cpu: AesNiClmul, mut v: u128, out: &mut [u8], extra: &mut [u8]) -> u128 {
        // Whole batches straight into `out`.
        let full = out.len() / (16 * LANES) * (16 * LANES);
        let (body, rest) = out.split_at_mut(full);
        for chunk in body.chunks_exact_mut(16 * LANES) {
            let b = self.encrypt8(v);
            for (j, b) in b.iter().enumerate() {
                store(&mut chunk[16 * j..], *b);
            }
            v = v.wrapping_add(LANES as u128);
        }
        // The rest of `out` (whole and partial blocks) and then `extra`, through a zeroized buffer.
        let mut need = rest.len().div_ceil(16) + extra.len() / 16;
        let mut pos = (0usize, 0usize);
        let mut buf = [0u8; 16 * LANES];
        while need > 0 {
            let b = self.encrypt8(v);
            for (j, b) in b.iter().enumerate() {
                store(&mut buf[16 * j..], *b);
            }
            let used = need.min(LANES);
            super::engine::spill(&buf[..16 * used], rest, extra, &mut pos);
            v = v.wrapping_add(used as u128);
            need -= used;
        }
        buf.zeroize();
        v
    }
}
