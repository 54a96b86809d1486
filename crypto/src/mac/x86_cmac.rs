//! CMAC's CBC-MAC chain on x86 AES-NI: the round keys stay in registers, nothing is stored per block, and the
//! next message block is folded into the last round key so that the serial dependency per block is exactly the
//! `rounds` AES instructions (`AESENCLAST(v, k_last) ^ k_0 ^ m = AESENCLAST(v, k_last ^ k_0 ^ m)`).
//!
//! The round keys are copied once per CMAC key into [`RoundKeys`], laid out for direct vector loads (the
//! per-call copy out of the AES key schedule cost more than a short message's AES rounds).

use core::arch::x86_64::{__m128i, _mm_aesenc_si128, _mm_aesenclast_si128, _mm_xor_si128};

use zeroize::Zeroize;

use crate::aes::x86_aesni::{KeySchedule, from_u128, load, store, to_u128};
use crate::cpu::AesNiClmul;

/// The encryption round keys of one AES key (`rounds + 1` used), zeroized on drop.
#[derive(Clone)]
pub(super) struct RoundKeys {
    cpu: AesNiClmul,
    keys: [u128; 15],
    rounds: usize,
}

impl Drop for RoundKeys {
    fn drop(&mut self) {
        self.keys.zeroize();
    }
}

impl RoundKeys {
    /// Copies the encryption round keys out of `ks`.
    pub(super) fn new(cpu: AesNiClmul, ks: &KeySchedule) -> RoundKeys {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI (and SSE2, part of x86-64).
        unsafe { Self::new_sse2(cpu, ks) }
    }

    #[target_feature(enable = "sse2")]
    fn new_sse2(cpu: AesNiClmul, ks: &KeySchedule) -> RoundKeys {
        let mut v = ks.enc_keys();
        let keys = v.map(|k| to_u128(k));
        v = [from_u128(0); 15];
        core::hint::black_box(&mut v);
        RoundKeys { cpu, keys, rounds: ks.rounds() }
    }

    /// `x = CBC-MAC_K(x; blocks)` over the whole 16-byte blocks of `blocks` (a trailing partial block is
    /// ignored).
    pub(super) fn chain(&self, x: &mut [u8; 16], blocks: &[u8]) {
        // SAFETY: the `AesNiClmul` witness proves that this CPU has AES-NI (and SSE2, part of x86-64).
        unsafe { self.chain_aesni(self.cpu, x, blocks) }
    }

    #[target_feature(enable = "aes,sse2")]
    fn chain_aesni(&self, _cpu: AesNiClmul, x: &mut [u8; 16], blocks: &[u8]) {
        match self.rounds {
            10 => chain_rounds::<10>(&self.keys, x, blocks),
            12 => chain_rounds::<12>(&self.keys, x, blocks),
            _ => chain_rounds::<14>(&self.keys, x, blocks),
        }
    }
}

#[inline]
#[target_feature(enable = "aes,sse2")]
fn chain_rounds<const R: usize>(keys: &[u128; 15], x: &mut [u8; 16], blocks: &[u8]) {
    let (blocks, _) = blocks.as_chunks::<16>();
    let Some((first, rest)) = blocks.split_first() else {
        return;
    };
    let k: [__m128i; 15] = keys.map(|k| from_u128(k));
    let last_first = _mm_xor_si128(k[R], k[0]);
    let mut v = _mm_xor_si128(load(x), _mm_xor_si128(load(first), k[0]));
    for block in rest {
        for rk in &k[1..R] {
            v = _mm_aesenc_si128(v, *rk);
        }
        v = _mm_aesenclast_si128(v, _mm_xor_si128(last_first, load(block)));
    }
    for rk in &k[1..R] {
        v = _mm_aesenc_si128(v, *rk);
    }
    store(x, _mm_aesenclast_si128(v, k[R]));
}
