//! CMAC over AES (NIST SP 800-38B, also RFC 4493 for AES-128) as a streaming state.
//!
//! [`Cmac`] holds the AES key schedule, the subkeys `K1`/`K2` (derived at construction by constant-time doubling
//! in GF(2^128)), the CBC-MAC chaining value and the last (possibly whole) block, which is held back until
//! [`Cmac::finalize_into`] decides between `K1` (complete last block) and `K2` (padded last block). CMAC is
//! inherently serial: on x86 AES-NI the chain runs in `x86_cmac.rs` (round keys in registers, the next block
//! folded into the last round key); elsewhere whole blocks go through [`Aes::cbc_encrypt`] in stack batches.

use core::fmt;

use zeroize::Zeroize;

use crate::Error;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
use crate::aes::Imp;
use crate::aes::{self, Aes, BLOCK_LEN};
use crate::wipe::wipe;

#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
#[path = "x86_cmac.rs"]
mod x86;

/// Bytes of a CMAC tag.
pub const MAC_LEN: usize = BLOCK_LEN;

/// Bytes of input chained per [`Aes::cbc_encrypt`] call (copied to the stack first: the chaining is in place).
const BATCH: usize = 64 * BLOCK_LEN;

/// `dbl(S)` of SP 800-38B §6.1 (RFC 4493 §2.3): the block as a big-endian 128-bit integer shifted left by one,
/// with `R_128 = 0x87` folded in when the bit shifted out was set; branch-free on the secret value.
fn dbl(s: &[u8; BLOCK_LEN]) -> [u8; BLOCK_LEN] {
    let x = u128::from_be_bytes(*s);
    let carry = (x >> 127) as u8;
    let y = (x << 1) ^ u128::from(0x87u8 & carry.wrapping_neg());
    y.to_be_bytes()
}

fn xor_into(dst: &mut [u8; BLOCK_LEN], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

/// An AES-CMAC key with the state of one message.
///
/// Subkeys and message state are zeroized on drop (the AES key schedule zeroizes itself); `Debug` shows only the
/// key length and backend.
#[derive(Clone)]
pub struct Cmac {
    aes: Aes,
    /// The AES-NI round keys for the fused chain (x86 with AES-NI only).
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    fast: Option<x86::RoundKeys>,
    k1: [u8; BLOCK_LEN],
    k2: [u8; BLOCK_LEN],
    /// The CBC-MAC chaining value over the blocks absorbed so far.
    x: [u8; BLOCK_LEN],
    /// The held-back last block (`1..=16` bytes once any input arrived; `0` only for an empty message so far).
    buf: [u8; BLOCK_LEN],
    buf_len: usize,
}

impl Drop for Cmac {
    fn drop(&mut self) {
        self.k1.zeroize();
        self.k2.zeroize();
        self.x.zeroize();
        self.buf.zeroize();
    }
}

impl fmt::Debug for Cmac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cmac")
            .field("key_len", &self.aes.key_len())
            .field("backend", &self.aes.backend())
            .finish_non_exhaustive()
    }
}

impl Cmac {
    /// A CMAC key from a 16-, 24- or 32-byte AES key (else [`Error::InvalidKey`]), on the default AES backend.
    pub fn new(key: &[u8]) -> Result<Cmac, Error> {
        Cmac::with_backend(key, aes::default_backend())
    }

    /// A CMAC key on AES backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: aes::Backend) -> Result<Cmac, Error> {
        let aes = Aes::encrypt_only(key, b)?;
        let mut l = [0u8; BLOCK_LEN];
        aes.encrypt_block(&mut l);
        let k1 = dbl(&l);
        let k2 = dbl(&k1);
        l.zeroize();
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        let fast = match aes.imp() {
            Imp::AesNi(cpu, ks) => Some(x86::RoundKeys::new(*cpu, ks)),
            _ => None,
        };
        Ok(Cmac {
            aes,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            fast,
            k1,
            k2,
            x: [0; BLOCK_LEN],
            buf: [0; BLOCK_LEN],
            buf_len: 0,
        })
    }

    /// The AES backend this key runs on.
    pub fn backend(&self) -> aes::Backend {
        self.aes.backend()
    }

    /// The AES key length in bytes (16, 24 or 32).
    pub fn key_len(&self) -> usize {
        self.aes.key_len()
    }

    /// The tag length: [`MAC_LEN`].
    pub fn mac_len(&self) -> usize {
        MAC_LEN
    }

    /// Chains whole blocks into `x`.
    fn absorb(&mut self, blocks: &[u8]) {
        debug_assert_eq!(blocks.len() % BLOCK_LEN, 0);
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(fast) = &self.fast {
            return fast.chain(&mut self.x, blocks);
        }
        if let [block] = blocks.as_chunks::<BLOCK_LEN>().0 {
            xor_into(&mut self.x, block);
            return self.aes.encrypt_block(&mut self.x);
        }
        let mut scratch = [0u8; BATCH];
        let mut used = 0;
        for chunk in blocks.chunks(BATCH) {
            let s = &mut scratch[..chunk.len()];
            s.copy_from_slice(chunk);
            self.aes.cbc_encrypt(&mut self.x, s);
            used = used.max(chunk.len());
        }
        // The chaining values are intermediate MAC state: wipe what was written (a vectorised clear; a byte-wise
        // volatile wipe of the whole batch would dominate short messages).
        wipe(&mut scratch[..used]);
    }

    /// Absorbs `data` (any length, any number of calls).
    pub fn update(&mut self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        let mut data = data;
        // Complete the held-back block; it is chained only once more input proves it is not the last.
        if self.buf_len > 0 {
            let n = data.len().min(BLOCK_LEN - self.buf_len);
            self.buf[self.buf_len..self.buf_len + n].copy_from_slice(&data[..n]);
            self.buf_len += n;
            data = &data[n..];
            if data.is_empty() {
                return;
            }
            let block = self.buf;
            self.absorb(&block);
            self.buf_len = 0;
        }
        // Keep the last 1..=16 bytes back.
        let keep = (data.len() - 1) % BLOCK_LEN + 1;
        let (whole, last) = data.split_at(data.len() - keep);
        if !whole.is_empty() {
            self.absorb(whole);
        }
        self.buf[..keep].copy_from_slice(last);
        self.buf_len = keep;
    }

    /// Writes the tag to `out` (exactly [`MAC_LEN`] bytes, else [`Error::InvalidLength`] and nothing changes),
    /// then resets to the keyed initial state.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        if out.len() != MAC_LEN {
            return Err(Error::InvalidLength);
        }
        out.copy_from_slice(&self.finalize());
        Ok(())
    }

    /// The tag of the message so far (SP 800-38B §6.2 steps 4-7); then resets to the keyed initial state.
    pub fn finalize(&mut self) -> [u8; MAC_LEN] {
        let mut last = [0u8; BLOCK_LEN];
        if self.buf_len == BLOCK_LEN {
            last = self.buf;
            xor_into(&mut last, &self.k1);
        } else {
            last[..self.buf_len].copy_from_slice(&self.buf[..self.buf_len]);
            last[self.buf_len] = 0x80;
            xor_into(&mut last, &self.k2);
        }
        self.absorb(&last);
        last.zeroize();
        let tag = self.x;
        self.reset();
        tag
    }

    /// Back to the keyed initial state (the subkeys are kept; no AES work).
    pub fn reset(&mut self) {
        self.x = [0; BLOCK_LEN];
        self.buf = [0; BLOCK_LEN];
        self.buf_len = 0;
    }
}

#[cfg(test)]
#[path = "cmac_tests.rs"]
mod tests;
