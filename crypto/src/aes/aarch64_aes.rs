//! AES with the ARMv8 Cryptographic Extension (`AESE`, `AESMC`, `AESD`, `AESIMC`).
//!
//! `AESE` is AddRoundKey + SubBytes + ShiftRows, so a round is `AESMC(AESE(s, k))` and the last round key is
//! XORed separately. Decryption uses the equivalent inverse cipher (FIPS 197 §5.3.5).

use core::arch::aarch64::{
    uint8x16_t, vaesdq_u8, vaeseq_u8, vaesimcq_u8, vaesmcq_u8, vdupq_n_u8, vdupq_n_u32, veorq_u8, vgetq_lane_u32,
    vld1q_u8, vreinterpretq_u8_u32, vreinterpretq_u32_u8, vst1q_u8,
};

use zeroize::Zeroize;

use crate::cpu::Armv8AesPmull;

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

/// Round keys loaded as vectors (`rounds + 1` used).
pub(crate) type Keys = [uint8x16_t; 15];

/// Loads 16 bytes (`bytes.len() >= 16`).
#[inline]
#[target_feature(enable = "neon")]
pub(crate) fn load(bytes: &[u8]) -> uint8x16_t {
    let bytes = &bytes[..16];
    // SAFETY: `bytes` is 16 readable bytes and `vld1q_u8` has no alignment requirement.
    unsafe { vld1q_u8(bytes.as_ptr()) }
}

/// Stores a vector into 16 bytes (`bytes.len() >= 16`).
#[inline]
#[target_feature(enable = "neon")]
pub(crate) fn store(bytes: &mut [u8], v: uint8x16_t) {
    let bytes = &mut bytes[..16];
    // SAFETY: `bytes` is 16 writable bytes and `vst1q_u8` has no alignment requirement.
    unsafe { vst1q_u8(bytes.as_mut_ptr(), v) }
}

/// `SubWord` with `AESE`: with `w` in all four columns ShiftRows is the identity, so lane 0 is `SubWord(w)`.
#[target_feature(enable = "neon,aes")]
fn sub_word(w: u32) -> u32 {
    let v = vaeseq_u8(vreinterpretq_u8_u32(vdupq_n_u32(w)), vdupq_n_u8(0));
    vgetq_lane_u32::<0>(vreinterpretq_u32_u8(v))
}

/// The vector whose memory image is `x`.
#[inline]
#[target_feature(enable = "neon")]
pub(crate) fn from_u128(x: u128) -> uint8x16_t {
    load(&x.to_ne_bytes())
}

/// The memory image of `v`.
#[inline]
#[target_feature(enable = "neon")]
pub(crate) fn to_u128(v: uint8x16_t) -> u128 {
    let mut b = [0u8; 16];
    store(&mut b, v);
    u128::from_ne_bytes(b)
}

impl KeySchedule {
    /// Expands a 16-, 24- or 32-byte key, with decryption round keys when `decrypt`; `None` for any other
    /// length.
    pub(crate) fn new(cpu: Armv8AesPmull, key: &[u8], decrypt: bool) -> Option<KeySchedule> {
        // SAFETY: the `Armv8AesPmull` witness proves that this CPU has the AES extension (and NEON).
        unsafe { Self::new_armv8(cpu, key, decrypt) }
    }

    #[target_feature(enable = "neon,aes")]
    fn new_armv8(_cpu: Armv8AesPmull, key: &[u8], decrypt: bool) -> Option<KeySchedule> {
        let (mut w, rounds) = super::expand_key(key, |x| sub_word(x))?;
        let mut bytes = super::round_key_bytes(&w);
        w.zeroize();
        let enc = bytes.map(u128::from_ne_bytes);
        bytes.zeroize();
        let mut ks = KeySchedule { enc, dec: None, rounds };
        if decrypt {
            ks.dec = Some(ks.dec_from_enc());
        }
        Some(ks)
    }

    /// The equivalent-inverse-cipher keys: the encryption keys reversed, the inner ones through `InvMixColumns`.
    #[target_feature(enable = "neon,aes")]
    fn dec_from_enc(&self) -> [u128; 15] {
        let r = self.rounds;
        let mut dec = [0u128; 15];
        dec[0] = self.enc[r];
        for (d, e) in dec[1..r].iter_mut().zip(self.enc[1..r].iter().rev()) {
            *d = to_u128(vaesimcq_u8(from_u128(*e)));
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
    #[target_feature(enable = "neon")]
    pub(crate) fn enc_keys(&self) -> Keys {
        let mut k = [vdupq_n_u8(0); 15];
        for (k, b) in k.iter_mut().zip(&self.enc).take(self.rounds + 1) {
            *k = from_u128(*b);
        }
        k
    }

    /// The decryption round keys as vectors (derived on the fly for an encryption-only schedule).
    #[inline]
    #[target_feature(enable = "neon,aes")]
    fn dec_keys(&self) -> Keys {
        let mut derived = None;
        let dec = match &self.dec {
            Some(d) => d,
            None => derived.insert(self.dec_from_enc()),
        };
        let mut k = [vdupq_n_u8(0); 15];
        for (k, b) in k.iter_mut().zip(dec.iter()).take(self.rounds + 1) {
            *k = from_u128(*b);
        }
        if let Some(d) = derived.as_mut() {
            d.zeroize();
        }
        k
    }

    /// Encrypts each whole block of `data` in place; a partial trailing block is left untouched.
    pub(crate) fn encrypt_blocks(&self, cpu: Armv8AesPmull, data: &mut [u8]) {
        // SAFETY: the `Armv8AesPmull` witness proves that this CPU has the AES extension.
        unsafe { self.ecb_armv8::<false>(cpu, data) }
    }

    /// Decrypts each whole block of `data` in place; a partial trailing block is left untouched.
    pub(crate) fn decrypt_blocks(&self, cpu: Armv8AesPmull, data: &mut [u8]) {
        // SAFETY: the `Armv8AesPmull` witness proves that this CPU has the AES extension.
        unsafe { self.ecb_armv8::<true>(cpu, data) }
    }

    #[target_feature(enable = "neon,aes")]
    fn ecb_armv8<const DECRYPT: bool>(&self, _cpu: Armv8AesPmull, data: &mut [u8]) {
        let rounds = self.rounds;
        let keys = if DECRYPT { self.dec_keys() } else { self.enc_keys() };
        let mut chunks = data.chunks_exact_mut(64);
        for chunk in &mut chunks {
            let mut b = [vdupq_n_u8(0); 4];
            for (i, b) in b.iter_mut().enumerate() {
                *b = load(&chunk[16 * i..]);
            }
            for k in &keys[..rounds - 1] {
                for b in b.iter_mut() {
                    *b = if DECRYPT { vaesimcq_u8(vaesdq_u8(*b, *k)) } else { vaesmcq_u8(vaeseq_u8(*b, *k)) };
                }
            }
            for (i, b) in b.iter().enumerate() {
                let v = if DECRYPT { vaesdq_u8(*b, keys[rounds - 1]) } else { vaeseq_u8(*b, keys[rounds - 1]) };
                store(&mut chunk[16 * i..], veorq_u8(v, keys[rounds]));
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
#[target_feature(enable = "neon,aes")]
pub(crate) fn encrypt1(keys: &Keys, rounds: usize, mut b: uint8x16_t) -> uint8x16_t {
    for k in &keys[..rounds - 1] {
        b = vaesmcq_u8(vaeseq_u8(b, *k));
    }
    veorq_u8(vaeseq_u8(b, keys[rounds - 1]), keys[rounds])
}

/// Decrypts one block held in a register, with the equivalent-inverse-cipher keys.
#[inline]
#[target_feature(enable = "neon,aes")]
fn decrypt1(keys: &Keys, rounds: usize, mut b: uint8x16_t) -> uint8x16_t {
    for k in &keys[..rounds - 1] {
        b = vaesimcq_u8(vaesdq_u8(b, *k));
    }
    veorq_u8(vaesdq_u8(b, keys[rounds - 1]), keys[rounds])
}
