//! AES with the x86 AES-NI instructions (`aesenc`, `aesenclast`, `aesdec`, `aesdeclast`, `aesimc`).
//!
//! Decryption uses the equivalent inverse cipher (FIPS 197 §5.3.5), whose round keys are the encryption keys in
//! reverse order passed through `InvMixColumns`. Bulk ECB keeps eight blocks in flight to cover the latency of
//! `aesenc`; so do the fused CTR, CBC-decryption and XTS kernels here, which [`KeySchedule`]'s bulk entry points
//! use on CPUs without VAES (and for inputs too short for the 256/512-bit kernels of `x86_vaes*.rs`).

use core::arch::x86_64::{
    __m128i, _mm_add_epi64, _mm_aesdec_si128, _mm_aesdeclast_si128, _mm_aesenc_si128, _mm_aesenclast_si128,
    _mm_aesimc_si128, _mm_aeskeygenassist_si128, _mm_and_si128, _mm_cvtsi128_si32, _mm_loadu_si128, _mm_set_epi8,
    _mm_set_epi32, _mm_set_epi64x, _mm_setzero_si128, _mm_shuffle_epi8, _mm_shuffle_epi32, _mm_slli_si128,
    _mm_srai_epi32, _mm_storeu_si128, _mm_xor_si128,
};

use core::ops::Deref;

use zeroize::Zeroize;

use super::{x86_vaes, x86_vaes_avx2};
use crate::cpu::{AesNiClmul, VaesAvx2, VaesAvx512};

/// Which multi-block kernels the bulk entry points of a [`KeySchedule`] run, with the witness of the wider ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wide {
    /// The 128-bit AES-NI kernels of this file (eight blocks in flight).
    AesNi,
    /// VAES on 256-bit registers (`x86_vaes_avx2.rs`, sixteen blocks in flight).
    Avx2(VaesAvx2),
    /// VAES on 512-bit registers (`x86_vaes.rs`, 32 blocks in flight).
    Avx512(VaesAvx512),
}

impl Wide {
    /// The widest kernels this CPU runs.
    pub(crate) fn best() -> Wide {
        if let Some(w) = VaesAvx512::detect() {
            Wide::Avx512(w)
        } else if let Some(w) = VaesAvx2::detect() {
            Wide::Avx2(w)
        } else {
            Wide::AesNi
        }
    }

    /// The VAES kernels for inputs of `len` bytes, or `AesNi` when the input is shorter than one wide register
    /// group (there the 128-bit kernels have less setup and the same latency).
    #[inline]
    fn for_len(self, len: usize) -> Wide {
        match self {
            Wide::Avx512(_) if len >= VAES512_MIN => self,
            Wide::Avx2(_) if len >= VAES256_MIN => self,
            _ => Wide::AesNi,
        }
    }
}

/// Shortest input (bytes) given to the 512-bit kernels.
const VAES512_MIN: usize = 64;
/// Shortest input (bytes) given to the 256-bit kernels.
const VAES256_MIN: usize = 32;

/// Round keys as vectors (`rounds + 1` used, the others zero).
pub(crate) type Keys = [__m128i; 15];

/// Encryption round keys and, unless the schedule is encryption-only, decryption round keys, as vectors that the
/// kernels read in place.
#[derive(Clone)]
pub(crate) struct KeySchedule {
    enc: Keys,
    dec: Option<Keys>,
    rounds: usize,
}

/// The round keys of one direction: borrowed from the schedule, or derived for one call (the decryption keys of
/// an encryption-only schedule) and zeroized when dropped.
// A stack value for the duration of one call: boxing the derived keys would allocate on every such call.
#[allow(clippy::large_enum_variant)]
pub(crate) enum RoundKeys<'a> {
    Stored(&'a Keys),
    Derived(Keys),
}

impl Deref for RoundKeys<'_> {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        match self {
            RoundKeys::Stored(k) => k,
            RoundKeys::Derived(k) => k,
        }
    }
}

impl Drop for RoundKeys<'_> {
    fn drop(&mut self) {
        if let RoundKeys::Derived(k) = self {
            k.zeroize();
        }
    }
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
        let mut enc = enc;
        let mut ks = KeySchedule { enc: enc.map(|x| from_u128(x)), dec: None, rounds };
        enc.zeroize();
        if decrypt {
            ks.dec = Some(ks.dec_from_enc(_cpu));
        }
        Some(ks)
    }

    /// The equivalent-inverse-cipher keys: the encryption keys reversed, the inner ones through `InvMixColumns`.
    #[target_feature(enable = "aes,sse2")]
    fn dec_from_enc(&self, _cpu: AesNiClmul) -> Keys {
        let r = self.rounds;
        let mut dec = [_mm_setzero_si128(); 15];
        dec[0] = self.enc[r];
        for (d, e) in dec[1..r].iter_mut().zip(self.enc[1..r].iter().rev()) {
            *d = _mm_aesimc_si128(*e);
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
    pub(crate) fn enc_keys(&self) -> Keys {
        self.enc
    }

    /// The encryption round keys, borrowed (no 240-byte copy per call).
    #[inline]
    pub(crate) fn enc_keys_ref(&self) -> &Keys {
        &self.enc
    }

    /// Expands `key` into this schedule in place (the old round keys overwritten, stale decryption keys wiped):
    /// a re-key without moving a new schedule into place. `None` (schedule unchanged) for a bad key length.
    pub(crate) fn rekey(&mut self, cpu: AesNiClmul, key: &[u8], decrypt: bool) -> Option<()> {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI (and SSE2, part of x86-64).
        unsafe { self.rekey_aesni(cpu, key, decrypt) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn rekey_aesni(&mut self, cpu: AesNiClmul, key: &[u8], decrypt: bool) -> Option<()> {
        let (mut enc, rounds) = match key.len() {
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
        for (d, s) in self.enc.iter_mut().zip(enc.iter()) {
            *d = from_u128(*s);
        }
        enc.zeroize();
        self.rounds = rounds;
        if let Some(dec) = self.dec.as_mut() {
            dec.zeroize();
        }
        self.dec = if decrypt { Some(self.dec_from_enc(cpu)) } else { None };
        Some(())
    }

    /// The round keys for encryption, or for decryption when `decrypt` (derived now for an encryption-only
    /// schedule).
    #[inline]
    pub(crate) fn round_keys(&self, cpu: AesNiClmul, decrypt: bool) -> RoundKeys<'_> {
        match (decrypt, &self.dec) {
            (false, _) => RoundKeys::Stored(&self.enc),
            (true, Some(dec)) => RoundKeys::Stored(dec),
            // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
            (true, None) => RoundKeys::Derived(unsafe { self.dec_from_enc(cpu) }),
        }
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
    fn ecb_aesni<const DECRYPT: bool>(&self, cpu: AesNiClmul, data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = self.round_keys(cpu, DECRYPT);
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

/// The bulk entry points behind `Aes::{encrypt_blocks, decrypt_blocks, ctr128_xor, cbc_encrypt, cbc_decrypt,
/// xts_blocks}` on this backend: each runs the kernels `wide` selects (see [`Wide::for_len`]) over the whole
/// blocks of `data` (a trailing partial block is left untouched).
impl KeySchedule {
    /// ECB encryption or decryption in place.
    pub(crate) fn ecb(&self, cpu: AesNiClmul, wide: Wide, data: &mut [u8], decrypt: bool) {
        let data = whole_blocks(data);
        match wide.for_len(data.len()) {
            Wide::Avx512(w) => x86_vaes::ecb(w, &self.round_keys(cpu, decrypt), self.rounds, data, decrypt),
            Wide::Avx2(w) => x86_vaes_avx2::ecb(w, &self.round_keys(cpu, decrypt), self.rounds, data, decrypt),
            Wide::AesNi if decrypt => self.decrypt_blocks(cpu, data),
            Wide::AesNi => self.encrypt_blocks(cpu, data),
        }
    }

    /// CTR with a 128-bit big-endian counter: XORs `data` with `E(counter), E(counter + 1), ...` and advances
    /// `counter` by the number of blocks, modulo `2^128`.
    ///
    /// The kernels add to the counter in 64-bit lanes, so the input is split where the low 64 bits of the counter
    /// wrap (at most once per call: a slice holds fewer than `2^60` blocks); the split point depends only on the
    /// counter, which is public.
    pub(crate) fn ctr128_xor(&self, cpu: AesNiClmul, wide: Wide, counter: &mut [u8; 16], data: &mut [u8]) {
        let data = whole_blocks(data);
        let blocks = data.len() / 16;
        let start = u128::from_be_bytes(*counter);
        let room = (1u128 << 64) - u128::from(start as u64);
        let first = usize::try_from(room).map_or(blocks, |room| room.min(blocks));
        let (head, tail) = data.split_at_mut(first * 16);
        self.ctr_no_wrap(cpu, wide, start, head);
        self.ctr_no_wrap(cpu, wide, start.wrapping_add(first as u128), tail);
        *counter = start.wrapping_add(blocks as u128).to_be_bytes();
    }

    /// CTR over whole blocks whose counters `ctr, ctr + 1, ...` share their high 64 bits.
    fn ctr_no_wrap(&self, cpu: AesNiClmul, wide: Wide, ctr: u128, data: &mut [u8]) {
        if data.is_empty() {
            return;
        }
        match wide.for_len(data.len()) {
            Wide::Avx512(w) => x86_vaes::ctr(w, &self.enc, self.rounds, ctr, data),
            Wide::Avx2(w) => x86_vaes_avx2::ctr(w, &self.enc, self.rounds, ctr, data),
            // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI and SSSE3.
            Wide::AesNi => unsafe { self.ctr_aesni(cpu, ctr, data) },
        }
    }

    /// CBC encryption in place, chaining through `iv` (which ends as the last ciphertext block). Serial: the
    /// round keys stay in registers and each block waits for the previous one.
    pub(crate) fn cbc_encrypt(&self, cpu: AesNiClmul, iv: &mut [u8; 16], data: &mut [u8]) {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
        unsafe { self.cbc_encrypt_aesni(cpu, iv, whole_blocks(data)) }
    }

    /// CBC decryption in place, chaining through `iv` (which ends as the last ciphertext block).
    pub(crate) fn cbc_decrypt(&self, cpu: AesNiClmul, wide: Wide, iv: &mut [u8; 16], data: &mut [u8]) {
        let data = whole_blocks(data);
        match wide.for_len(data.len()) {
            Wide::Avx512(w) => x86_vaes::cbc_decrypt(w, &self.round_keys(cpu, true), self.rounds, iv, data),
            Wide::Avx2(w) => x86_vaes_avx2::cbc_decrypt(w, &self.round_keys(cpu, true), self.rounds, iv, data),
            // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
            Wide::AesNi => unsafe { self.cbc_decrypt_aesni(cpu, iv, data) },
        }
    }

    /// The XTS block step in place (`E(P ^ T) ^ T`, or `D(C ^ T) ^ T` when `decrypt`), multiplying `tweak` by
    /// `α` after every block.
    pub(crate) fn xts(&self, cpu: AesNiClmul, wide: Wide, tweak: &mut [u8; 16], data: &mut [u8], decrypt: bool) {
        let data = whole_blocks(data);
        match wide.for_len(data.len()) {
            Wide::Avx512(w) => x86_vaes::xts(w, &self.round_keys(cpu, decrypt), self.rounds, tweak, data, decrypt),
            Wide::Avx2(w) => x86_vaes_avx2::xts(w, &self.round_keys(cpu, decrypt), self.rounds, tweak, data, decrypt),
            // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI.
            Wide::AesNi if decrypt => unsafe { self.xts_aesni::<true>(cpu, tweak, data) },
            // SAFETY: as above.
            Wide::AesNi => unsafe { self.xts_aesni::<false>(cpu, tweak, data) },
        }
    }

    #[target_feature(enable = "aes,sse2,ssse3")]
    fn ctr_aesni(&self, _cpu: AesNiClmul, ctr: u128, data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = &self.enc;
        let last = keys[rounds];
        // The counter as a little-endian 128-bit lane; `bswap` turns it into the big-endian counter block.
        let mut c = _mm_set_epi64x((ctr >> 64) as i64, ctr as i64);
        let (blocks, rest) = data.as_chunks_mut::<128>();
        for chunk in blocks {
            let mut b = [keys[0]; 8];
            for (i, b) in b.iter_mut().enumerate() {
                *b = _mm_xor_si128(bswap(_mm_add_epi64(c, _mm_set_epi64x(0, i as i64))), keys[0]);
            }
            c = _mm_add_epi64(c, _mm_set_epi64x(0, 8));
            for k in &keys[1..rounds] {
                for b in b.iter_mut() {
                    *b = _mm_aesenc_si128(*b, *k);
                }
            }
            for (i, b) in b.iter().enumerate() {
                let d = &mut chunk[16 * i..16 * i + 16];
                store(d, _mm_aesenclast_si128(*b, _mm_xor_si128(last, load(d))));
            }
        }
        for block in rest.chunks_exact_mut(16) {
            let ks = encrypt1(keys, rounds, bswap(c));
            c = _mm_add_epi64(c, _mm_set_epi64x(0, 1));
            store(block, _mm_xor_si128(ks, load(block)));
        }
    }

    #[target_feature(enable = "aes,sse2")]
    fn cbc_encrypt_aesni(&self, cpu: AesNiClmul, iv: &mut [u8; 16], data: &mut [u8]) {
        match self.rounds {
            10 => cbc_encrypt_rounds::<10>(cpu, &self.enc, iv, data),
            12 => cbc_encrypt_rounds::<12>(cpu, &self.enc, iv, data),
            _ => cbc_encrypt_rounds::<14>(cpu, &self.enc, iv, data),
        }
    }

    #[target_feature(enable = "aes,sse2")]
    fn cbc_decrypt_aesni(&self, cpu: AesNiClmul, iv: &mut [u8; 16], data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = self.round_keys(cpu, true);
        let last = keys[rounds];
        let mut prev = load(iv);
        let (blocks, rest) = data.as_chunks_mut::<128>();
        for chunk in blocks {
            let mut c = [prev; 8];
            let mut b = [prev; 8];
            for i in 0..8 {
                c[i] = load(&chunk[16 * i..]);
                b[i] = _mm_xor_si128(c[i], keys[0]);
            }
            for k in &keys[1..rounds] {
                for b in b.iter_mut() {
                    *b = _mm_aesdec_si128(*b, *k);
                }
            }
            for i in 0..8 {
                let p = if i == 0 { prev } else { c[i - 1] };
                store(&mut chunk[16 * i..], _mm_aesdeclast_si128(b[i], _mm_xor_si128(last, p)));
            }
            prev = c[7];
        }
        for block in rest.chunks_exact_mut(16) {
            let c = load(block);
            store(block, _mm_xor_si128(decrypt1(&keys, rounds, c), prev));
            prev = c;
        }
        store(iv, prev);
    }

    #[target_feature(enable = "aes,sse2")]
    fn xts_aesni<const DECRYPT: bool>(&self, cpu: AesNiClmul, tweak: &mut [u8; 16], data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = self.round_keys(cpu, DECRYPT);
        let last = keys[rounds];
        let mut t = load(tweak);
        let (blocks, rest) = data.as_chunks_mut::<128>();
        for chunk in blocks {
            let mut tw = [t; 8];
            for i in 1..8 {
                tw[i] = mul_alpha(tw[i - 1]);
            }
            t = mul_alpha(tw[7]);
            let mut b = [t; 8];
            for (i, b) in b.iter_mut().enumerate() {
                *b = _mm_xor_si128(load(&chunk[16 * i..]), _mm_xor_si128(tw[i], keys[0]));
            }
            for k in &keys[1..rounds] {
                for b in b.iter_mut() {
                    *b = if DECRYPT { _mm_aesdec_si128(*b, *k) } else { _mm_aesenc_si128(*b, *k) };
                }
            }
            for (i, b) in b.iter().enumerate() {
                let k = _mm_xor_si128(last, tw[i]);
                let v = if DECRYPT { _mm_aesdeclast_si128(*b, k) } else { _mm_aesenclast_si128(*b, k) };
                store(&mut chunk[16 * i..], v);
            }
        }
        for block in rest.chunks_exact_mut(16) {
            let x = _mm_xor_si128(load(block), t);
            let y = if DECRYPT { decrypt1(&keys, rounds, x) } else { encrypt1(&keys, rounds, x) };
            store(block, _mm_xor_si128(y, t));
            t = mul_alpha(t);
        }
        store(tweak, t);
    }
}

/// CBC encryption with `R` rounds (a constant, so that the rounds unroll with the keys in registers). Each block
/// waits for the previous one: the next block's input is XORed with the first round key off the critical path, and
/// the last round XORs it in too (`aesenclast(x, k_last ^ P' ^ k0)` is `C ^ P' ^ k0`), so the chain is just the
/// `R` AES instructions; the ciphertext itself comes from a second, independent `aesenclast`.
#[target_feature(enable = "aes,sse2")]
fn cbc_encrypt_rounds<const R: usize>(_cpu: AesNiClmul, keys: &Keys, iv: &mut [u8; 16], data: &mut [u8]) {
    let k = *keys;
    let mut blocks = data.chunks_exact_mut(16);
    let Some(mut block) = blocks.next() else { return };
    // `x` is the whitened input of the current block.
    let mut x = _mm_xor_si128(load(iv), _mm_xor_si128(load(block), k[0]));
    loop {
        for key in &k[1..R] {
            x = _mm_aesenc_si128(x, *key);
        }
        let c = _mm_aesenclast_si128(x, k[R]);
        store(block, c);
        match blocks.next() {
            Some(next) => {
                x = _mm_aesenclast_si128(x, _mm_xor_si128(k[R], _mm_xor_si128(load(next), k[0])));
                block = next;
            }
            None => {
                store(iv, c);
                return;
            }
        }
    }
}

/// The whole-block prefix of `data`.
fn whole_blocks(data: &mut [u8]) -> &mut [u8] {
    let whole = data.len() - data.len() % 16;
    &mut data[..whole]
}

/// Reverses the bytes of a vector: a big-endian counter block <-> the counter as a little-endian lane.
#[inline]
#[target_feature(enable = "ssse3")]
fn bswap(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// Multiplies an XTS tweak (a little-endian element of GF(2^128)) by `α`: each 64-bit half shifts left by one, the
/// bit leaving the low half enters the high half, and the bit leaving bit 127 folds back as `0x87`; the carries
/// are selected with masks built from the sign bits, without branches.
#[inline]
#[target_feature(enable = "sse2")]
pub(crate) fn mul_alpha(t: __m128i) -> __m128i {
    // Dwords 0 and 2 take the sign masks of dwords 3 and 1.
    let carries = _mm_shuffle_epi32::<0x13>(_mm_srai_epi32::<31>(t));
    _mm_xor_si128(_mm_add_epi64(t, t), _mm_and_si128(carries, _mm_set_epi32(0, 1, 0, 0x87)))
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
pub(crate) fn decrypt1(keys: &Keys, rounds: usize, b: __m128i) -> __m128i {
    let mut b = _mm_xor_si128(b, keys[0]);
    for k in &keys[1..rounds] {
        b = _mm_aesdec_si128(b, *k);
    }
    _mm_aesdeclast_si128(b, keys[rounds])
}
