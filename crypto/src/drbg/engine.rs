//! The block-cipher engine of a CTR_DRBG: the counter-mode keystream under the current `Key` and re-keying in
//! CTR_DRBG_Update. On x86-64 with AES-NI a dedicated engine (`x86_aesni.rs`) is used; elsewhere the generic
//! [`Aes`] key schedule with its batched [`Aes::encrypt_blocks`].

use zeroize::Zeroize;

use crate::Error;
use crate::aes::{Aes, BLOCK_LEN, Backend};

#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
use super::x86_aesni;

/// The cipher keyed with the DRBG's `Key`.
pub(super) enum Engine {
    /// Any [`Aes`] backend.
    Generic(Aes),
    /// AES-NI with an encryption-only schedule (boxed: it is re-keyed in place, never moved).
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    AesNi(crate::cpu::AesNiClmul, Box<x86_aesni::EncKey>),
}

impl Engine {
    /// An engine for `backend` keyed with `key`.
    pub(super) fn new(backend: Backend, key: &[u8]) -> Result<Engine, Error> {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if backend == Backend::X86AesNi {
            let cpu = crate::cpu::AesNiClmul::detect().ok_or(Error::BackendUnavailable)?;
            return x86_aesni::EncKey::new(cpu, key).map(|k| Engine::AesNi(cpu, Box::new(k))).ok_or(Error::InvalidKey);
        }
        Ok(Engine::Generic(Aes::with_backend(key, backend)?))
    }

    /// Replaces the key (in place where the engine allows).
    pub(super) fn rekey(&mut self, key: &[u8]) -> Result<(), Error> {
        match self {
            Engine::Generic(aes) => {
                *aes = Aes::with_backend(key, aes.backend())?;
                Ok(())
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Engine::AesNi(cpu, k) => {
                if k.set_key(*cpu, key) {
                    Ok(())
                } else {
                    Err(Error::InvalidKey)
                }
            }
        }
    }

    /// Fills `out` with `E(K, V+1) || E(K, V+2) || ...` (a partial last block consumes a whole counter), then
    /// `extra` (whole blocks) with the blocks that follow; returns the last counter value used.
    pub(super) fn keystream(&self, v: u128, out: &mut [u8], extra: &mut [u8]) -> u128 {
        debug_assert_eq!(extra.len() % BLOCK_LEN, 0);
        match self {
            Engine::Generic(aes) => keystream_generic(aes, v, out, extra),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Engine::AesNi(cpu, k) => k.keystream(*cpu, v, out, extra),
        }
    }
}

/// Copies encrypted blocks `src` into the unfilled part of `rest`, then of `extra`; `pos` tracks how much of
/// each is filled. A partial last block of `rest` consumes a whole block of `src`.
pub(super) fn spill(mut src: &[u8], rest: &mut [u8], extra: &mut [u8], pos: &mut (usize, usize)) {
    let (o, e) = pos;
    let n = (rest.len() - *o).min(src.len());
    rest[*o..*o + n].copy_from_slice(&src[..n]);
    *o += n;
    src = &src[n.div_ceil(BLOCK_LEN) * BLOCK_LEN..];
    let m = (extra.len() - *e).min(src.len());
    extra[*e..*e + m].copy_from_slice(&src[..m]);
    *e += m;
}

fn keystream_generic(aes: &Aes, mut v: u128, out: &mut [u8], extra: &mut [u8]) -> u128 {
    // Whole blocks of `out`: counters written in place, encrypted in one batched call.
    let full = out.len() / BLOCK_LEN * BLOCK_LEN;
    let (body, rest) = out.split_at_mut(full);
    for block in body.chunks_exact_mut(BLOCK_LEN) {
        v = v.wrapping_add(1);
        block.copy_from_slice(&v.to_be_bytes());
    }
    aes.encrypt_blocks(body);
    // A partial last block and `extra`, four blocks at a time through a zeroized buffer.
    const BATCH: usize = 4;
    let mut need = rest.len().div_ceil(BLOCK_LEN) + extra.len() / BLOCK_LEN;
    let mut pos = (0usize, 0usize);
    let mut buf = [0u8; BATCH * BLOCK_LEN];
    while need > 0 {
        let used = need.min(BATCH);
        for block in buf.chunks_exact_mut(BLOCK_LEN).take(used) {
            v = v.wrapping_add(1);
            block.copy_from_slice(&v.to_be_bytes());
        }
        aes.encrypt_blocks(&mut buf[..used * BLOCK_LEN]);
        spill(&buf[..used * BLOCK_LEN], rest, extra, &mut pos);
        need -= used;
    }
    buf.zeroize();
    v
}
