//! AES with the x86 AES-NI instructions (`aesenc`, `aesenclast`, `aesdec`, `aesdeclast`, `aesimc`).
//!
//! Decryption uses the equivalent inverse cipher (FIPS 197 §5.3.5), whose round keys are the encryption keys in
//! reverse order passed through `InvMixColumns`. Bulk ECB keeps eight blocks in flight to cover the latency of
//! `aesenc`.

use core::arch::x86_64::{
    __m128i, _mm_aesdec_si128, _mm_aesdeclast_si128, _mm_aesenc_si128, _mm_aesenclast_si128, _mm_aesimc_si128,
    _mm_aeskeygenassist_si128, _mm_cvtsi128_si32, _mm_loadu_si128, _mm_set_epi32, _mm_setzero_si128, _mm_shuffle_epi32,
    _mm_slli_si128, _mm_storeu_si128, _mm_xor_si128,
};

use zeroize::Zeroize;

use crate::cpu::AesNiClmul;

/// Encryption round keys and, unless the schedule is encryption-only, decryption round keys (`rounds + 1` of
/// each are used), as the native-endian `u128` images of the vectors (so that zeroizing them is cheap).
#[derive(Clone)]
pub(crate) struct KeySchedule {
    enc: [u128; 15],
    dec: Option<[u128; 15]>,
    rounds: usize,
}

impl Drop for KeySchedule {
    fn drop(&mut self) {
        self.enc.zeroize();
        if let Some(dec) = self.dec.as_mut() {
            dec.zeroize();
        }
    }
}

/// Loads 16 bytes (`bytes.len() >= 16`).
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn load(bytes: &[u8]) -> __m128i {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `_mm_loadu_si128` has no alignment requirement.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

/// Stores a vector into 16 bytes (`bytes.len() >= 16`).
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn store(bytes: &mut [u8], v: __m128i) {
    let bytes = &mut bytes[..16];
    // SAFETY: `bytes` is 16 writable bytes and `_mm_storeu_si128` has no alignment requirement.
    unsafe { _mm_storeu_si128(bytes.as_mut_ptr().cast(), v) }
}

/// The vector whose memory image is `x`.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn from_u128(x: u128) -> __m128i {
    load(&x.to_ne_bytes())
}

/// The memory image of `v`.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn to_u128(v: __m128i) -> u128 {
    let mut b = [0u8; 16];
    store(&mut b, v);
    u128::from_ne_bytes(b)
}

/// `SubWord` with `aeskeygenassist`: result lane 0 is `SubWord(X1)`, so `w` goes into lane 1.
#[target_feature(enable = "aes,sse2")]
fn sub_word(w: u32) -> u32 {
    let v = _mm_set_epi32(0, 0, w as i32, 0);
    _mm_cvtsi128_si32(_mm_aeskeygenassist_si128::<0>(v)) as u32
}

/// `w0 ^ (w0 << 32) ^ (w0 << 64) ^ (w0 << 96) ^ t`: the running XOR of the previous round key's words, plus the
/// broadcast `SubWord`/`RotWord` term `t` (Intel's AES-NI white paper, key expansion).
#[inline]
#[target_feature(enable = "sse2")]
fn mix(k: __m128i, t: __m128i) -> __m128i {
    let mut k = k;
    let mut s = _mm_slli_si128::<4>(k);
    k = _mm_xor_si128(k, s);
    s = _mm_slli_si128::<4>(s);
    k = _mm_xor_si128(k, s);
    s = _mm_slli_si128::<4>(s);
    _mm_xor_si128(_mm_xor_si128(k, s), t)
}

/// One AES-128 expansion step with round constant `RCON`.
#[inline]
#[target_feature(enable = "aes,sse2")]
fn step128<const RCON: i32>(k: __m128i) -> __m128i {
    mix(k, _mm_shuffle_epi32::<0xff>(_mm_aeskeygenassist_si128::<RCON>(k)))
}

/// The two AES-256 expansion steps from `(a, b)` with round constant `RCON`: the next even and odd round keys.
#[inline]
#[target_feature(enable = "aes,sse2")]
fn step256<const RCON: i32>(a: __m128i, b: __m128i) -> (__m128i, __m128i) {
    let a = mix(a, _mm_shuffle_epi32::<0xff>(_mm_aeskeygenassist_si128::<RCON>(b)));
    let b = mix(b, _mm_shuffle_epi32::<0xaa>(_mm_aeskeygenassist_si128::<0>(a)));
    (a, b)
}

/// AES-128 round keys.
#[target_feature(enable = "aes,sse2")]
fn expand128(key: &[u8]) -> [u128; 15] {
    let mut k = [0u128; 15];
    let mut x = load(key);
    k[0] = to_u128(x);
    macro_rules! steps {
        ($($i:literal => $rcon:literal),*) => {$(
            x = step128::<$rcon>(x);
            k[$i] = to_u128(x);
        )*};
    }
    steps!(1 => 0x01, 2 => 0x02, 3 => 0x04, 4 => 0x08, 5 => 0x10, 6 => 0x20, 7 => 0x40, 8 => 0x80, 9 => 0x1b, 10 => 0x36);
    k
}

/// AES-256 round keys.
#[target_feature(enable = "aes,sse2")]
fn expand256(key: &[u8]) -> [u128; 15] {
    let mut k = [0u128; 15];
    let (mut a, mut b) = (load(key), load(&key[16..]));
    k[0] = to_u128(a);
    k[1] = to_u128(b);
    macro_rules! steps {
        ($($i:literal => $rcon:literal),*) => {$(
            (a, b) = step256::<$rcon>(a, b);
            k[$i] = to_u128(a);
            k[$i + 1] = to_u128(b);
        )*};
    }
    steps!(2 => 0x01, 4 => 0x02, 6 => 0x04, 8 => 0x08, 10 => 0x10, 12 => 0x20);
    // The last step needs only the even half.
    a = mix(a, _mm_shuffle_epi32::<0xff>(_mm_aeskeygenassist_si128::<0x40>(b)));
    k[14] = to_u128(a);
    k
}

/// Round keys loaded as vectors (`rounds + 1` used).
pub(crate) type Keys = [__m128i; 15];

impl KeySchedule {
    /// Expands a 16-, 24- or 32-byte key, with decryption round keys when `decrypt`; `None` for any other
    /// length.
    pub(crate) fn new(cpu: AesNiClmul, key: &[u8], decrypt: bool) -> Option<KeySchedule> {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI (and SSE2, part of x86-64).
        unsafe { Self::new_aesni(cpu, key, decrypt) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn new_aesni(_cpu: AesNiClmul, key: &[u8], decrypt: bool) -> Option<KeySchedule> {
        let (enc, rounds) = match key.len() {
            16 => (expand128(key), 10),
            32 => (expand256(key), 14),
            _ => {
                let (mut w, rounds) = super::expand_key(key, |x| sub_word(x))?;
                let mut bytes = super::round_key_bytes(&w);
                w.zeroize();
                let enc = bytes.map(u128::from_ne_bytes);
                bytes.zeroize();
                (enc, rounds)
            }
        };
        let mut ks = KeySchedule { enc, dec: None, rounds };
        if decrypt {
            ks.dec = Some(ks.dec_from_enc());
        }
        Some(ks)
    }

    /// The equivalent-inverse-cipher keys: the encryption keys reversed, the inner ones through `InvMixColumns`.
    #[target_feature(enable = "aes,sse2")]
    fn dec_from_enc(&self) -> [u128; 15] {
        let r = self.rounds;
        let mut dec = [0u128; 15];
        dec[0] = self.enc[r];
        for (d, e) in dec[1..r].iter_mut().zip(self.enc[1..r].iter().rev()) {
            *d = to_u128(_mm_aesimc_si128(from_u128(*e)));
        }
        dec[r] = self.enc[0];
        dec
    }

    /// The number of rounds (10, 12 or 14).
    pub(crate) fn rounds(&self) -> usize {
        self.rounds
    }

    /// The encryption round keys as vectors.
    #[inline]
    #[target_feature(enable = "sse2")]
    pub(crate) fn enc_keys(&self) -> Keys {
        let mut k = [_mm_setzero_si128(); 15];
        for (k, b) in k.iter_mut().zip(&self.enc).take(self.rounds + 1) {
            *k = from_u128(*b);
        }
        k
    }

    /// The decryption round keys as vectors (derived on the fly for an encryption-only schedule).
    #[inline]
    #[target_feature(enable = "aes,sse2")]
    fn dec_keys(&self) -> Keys {
        let mut derived = None;
        let dec = match &self.dec {
            Some(d) => d,
            None => derived.insert(self.dec_from_enc()),
        };
        let mut k = [_mm_setzero_si128(); 15];
        for (k, b) in k.iter_mut().zip(dec.iter()).take(self.rounds + 1) {
            *k = from_u128(*b);
        }
        if let Some(d) = derived.as_mut() {
            d.zeroize();
        }
        k
    }

    /// Encrypts each whole block of `data` in place; a partial trailing block is left untouched.
    pub(crate) fn encrypt_blocks(&self, cpu: AesNiClmul, data: &mut [u8]) {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
        unsafe { self.ecb_aesni::<false>(cpu, data) }
    }

    /// Decrypts each whole block of `data` in place; a partial trailing block is left untouched.
    pub(crate) fn decrypt_blocks(&self, cpu: AesNiClmul, data: &mut [u8]) {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
        unsafe { self.ecb_aesni::<true>(cpu, data) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn ecb_aesni<const DECRYPT: bool>(&self, _cpu: AesNiClmul, data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = if DECRYPT { self.dec_keys() } else { self.enc_keys() };
        let mut chunks = data.chunks_exact_mut(128);
        for chunk in &mut chunks {
            let mut b = [keys[0]; 8];
            for (i, b) in b.iter_mut().enumerate() {
                *b = _mm_xor_si128(load(&chunk[16 * i..]), keys[0]);
            }
            for k in &keys[1..rounds] {
                for b in b.iter_mut() {
                    *b = if DECRYPT { _mm_aesdec_si128(*b, *k) } else { _mm_aesenc_si128(*b, *k) };
                }
            }
            for (i, b) in b.iter().enumerate() {
                let v = if DECRYPT {
                    _mm_aesdeclast_si128(*b, keys[rounds])
                } else {
                    _mm_aesenclast_si128(*b, keys[rounds])
                };
                store(&mut chunk[16 * i..], v);
            }
        }
        for block in chunks.into_remainder().chunks_exact_mut(16) {
            let v = if DECRYPT { decrypt1(&keys, rounds, load(block)) } else { encrypt1(&keys, rounds, load(block)) };
            store(block, v);
        }
    }
}

/// Encrypts one block held in a register.
#[inline]
#[target_feature(enable = "aes,sse2")]
pub(crate) fn encrypt1(keys: &Keys, rounds: usize, b: __m128i) -> __m128i {
    let mut b = _mm_xor_si128(b, keys[0]);
    for k in &keys[1..rounds] {
        b = _mm_aesenc_si128(b, *k);
    }
    _mm_aesenclast_si128(b, keys[rounds])
}

/// Decrypts one block held in a register, with the equivalent-inverse-cipher keys.
#[inline]
#[target_feature(enable = "aes,sse2")]
fn decrypt1(keys: &Keys, rounds: usize, b: __m128i) -> __m128i {
    let mut b = _mm_xor_si128(b, keys[0]);
    for k in &keys[1..rounds] {
        b = _mm_aesdec_si128(b, *k);
    }
    _mm_aesdeclast_si128(b, keys[rounds])
}
