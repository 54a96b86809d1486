//! AES-CFB (SP 800-38A §6.3) with 128-, 8- and 1-bit segments, as streams: updates of any length continue one
//! message.
//!
//! The state mirrors OpenSSL's `CRYPTO_cfb128_encrypt`, `CRYPTO_cfb128_8_encrypt` and
//! `CRYPTO_cfb128_1_encrypt`, so [`Cfb128::iv`] / [`Cfb128::num`] (and the shift registers of [`Cfb8`] and
//! [`Cfb1`]) equal libcrypto's `"updated-iv"` / `"num"` after every update. In CFB128 the register holds the
//! ciphertext bytes of the current block so far followed by the keystream bytes not used yet.
//!
//! Encryption is inherently serial (each block's input is the previous ciphertext). CFB128 encryption of whole
//! blocks runs through the backends' serial CBC kernel ([`Aes::cbc_encrypt`], round keys kept in registers):
//! with a zero chaining value, CBC-encrypting `C_0, P_1, ..., P_{n-1}` yields `E(C_0), E(P_1 ^ E(C_0)) = E(C_1),
//! ...`, the CFB keystream. Decryption knows every input in advance, so CFB128 and CFB8 decrypt in batches
//! through [`Aes::encrypt_blocks`].

use core::fmt;

use zeroize::Zeroize;

use super::stream::xor_in_place;
use crate::Error;
use crate::aes::{Aes, BLOCK_LEN};

/// Bytes per batch of whole blocks, and the batch of short updates (encryption of at most `SHORT` bytes of whole
/// blocks skips the batch buffer).
const BATCH: usize = 32 * BLOCK_LEN;
const SHORT: usize = 4 * BLOCK_LEN;

/// The streaming state of one AES-CFB128 message.
#[derive(Clone)]
pub struct Cfb128 {
    iv: [u8; BLOCK_LEN],
    num: usize,
}

impl Cfb128 {
    /// A message with initialisation vector `iv`.
    pub fn new(iv: &[u8; BLOCK_LEN]) -> Cfb128 {
        Cfb128 { iv: *iv, num: 0 }
    }

    /// Starts a new message with `iv` (`num` becomes 0).
    pub fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        self.iv = *iv;
        self.num = 0;
    }

    /// The feedback register (OpenSSL's updated IV).
    pub fn iv(&self) -> [u8; BLOCK_LEN] {
        self.iv
    }

    /// The number of bytes of the current segment already processed (0..16).
    pub fn num(&self) -> usize {
        self.num
    }

    /// Sets the position inside the current segment, like `EVP_CIPHER_CTX_set_num`.
    /// [`Error::InvalidLength`] unless `num < 16`.
    pub fn set_num(&mut self, num: usize) -> Result<(), Error> {
        if num >= BLOCK_LEN {
            return Err(Error::InvalidLength);
        }
        self.num = num;
        Ok(())
    }

    /// Encrypts `data` in place, continuing the message.
    pub fn encrypt(&mut self, aes: &Aes, data: &mut [u8]) {
        let data = self.finish_segment(data, true);
        let whole = data.len() - data.len() % BLOCK_LEN;
        let (blocks, tail) = data.split_at_mut(whole);
        if blocks.len() <= SHORT {
            // A few blocks: straight through the single-block function, no buffer to prepare and wipe.
            for block in blocks.chunks_exact_mut(BLOCK_LEN) {
                aes.encrypt_block(&mut self.iv);
                xor_in_place(block, &self.iv);
                self.iv.copy_from_slice(block);
            }
        } else {
            self.encrypt_blocks(aes, blocks);
        }
        if !tail.is_empty() {
            aes.encrypt_block(&mut self.iv);
            xor_in_place(tail, &self.iv);
            self.iv[..tail.len()].copy_from_slice(tail);
            self.num = tail.len();
        }
    }

    /// Encrypts whole blocks a batch at a time through the CBC kernel.
    fn encrypt_blocks(&mut self, aes: &Aes, blocks: &mut [u8]) {
        let mut ks = [0u8; BATCH];
        for chunk in blocks.chunks_mut(BATCH) {
            let len = chunk.len();
            ks[..BLOCK_LEN].copy_from_slice(&self.iv);
            ks[BLOCK_LEN..len].copy_from_slice(&chunk[..len - BLOCK_LEN]);
            aes.cbc_encrypt(&mut [0; BLOCK_LEN], &mut ks[..len]);
            xor_in_place(chunk, &ks[..len]);
            self.iv.copy_from_slice(&chunk[len - BLOCK_LEN..]);
        }
        // Only the part used holds keystream.
        ks[..blocks.len().min(BATCH)].zeroize();
    }

    /// Decrypts `data` in place, continuing the message; whole segments are decrypted in parallel batches.
    pub fn decrypt(&mut self, aes: &Aes, data: &mut [u8]) {
        let data = self.finish_segment(data, false);
        let whole = data.len() - data.len() % BLOCK_LEN;
        let (blocks, tail) = data.split_at_mut(whole);
        if blocks.len() <= SHORT {
            self.decrypt_blocks::<SHORT>(aes, blocks);
        } else {
            self.decrypt_blocks::<BATCH>(aes, blocks);
        }
        if !tail.is_empty() {
            aes.encrypt_block(&mut self.iv);
            for (i, c) in tail.iter_mut().enumerate() {
                let ct = *c;
                *c ^= self.iv[i];
                self.iv[i] = ct;
            }
            self.num = tail.len();
        }
    }

    /// Decrypts whole blocks `N` bytes at a time: keystream block `i` is `E(C[i-1])` (`C[-1]` the register), all
    /// known in advance, so each batch is one multi-block encryption.
    fn decrypt_blocks<const N: usize>(&mut self, aes: &Aes, blocks: &mut [u8]) {
        let mut ks = [0u8; N];
        for chunk in blocks.chunks_mut(N) {
            let len = chunk.len();
            ks[..BLOCK_LEN].copy_from_slice(&self.iv);
            ks[BLOCK_LEN..len].copy_from_slice(&chunk[..len - BLOCK_LEN]);
            self.iv.copy_from_slice(&chunk[len - BLOCK_LEN..]);
            aes.encrypt_blocks(&mut ks[..len]);
            xor_in_place(chunk, &ks[..len]);
        }
        ks[..blocks.len().min(N)].zeroize();
    }

    /// Uses the rest of the current segment's keystream; returns the data left.
    fn finish_segment<'d>(&mut self, data: &'d mut [u8], encrypt: bool) -> &'d mut [u8] {
        if self.num == 0 {
            return data;
        }
        let n = (BLOCK_LEN - self.num).min(data.len());
        let (head, rest) = data.split_at_mut(n);
        for c in head {
            let r = &mut self.iv[self.num];
            let input = *c;
            *c ^= *r;
            *r = if encrypt { *c } else { input };
            self.num = (self.num + 1) % BLOCK_LEN;
        }
        rest
    }
}

/// The streaming state of one AES-CFB8 message: the 128-bit shift register.
#[derive(Clone)]
pub struct Cfb8 {
    reg: [u8; BLOCK_LEN],
}

/// Bytes per CFB8 decryption batch (one block encryption each).
const CFB8_BATCH: usize = 32;

impl Cfb8 {
    /// A message with initialisation vector `iv`.
    pub fn new(iv: &[u8; BLOCK_LEN]) -> Cfb8 {
        Cfb8 { reg: *iv }
    }

    /// Starts a new message with `iv`.
    pub fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        self.reg = *iv;
    }

    /// The shift register (OpenSSL's updated IV): the last 16 ciphertext bytes, preceded by the IV's tail.
    pub fn iv(&self) -> [u8; BLOCK_LEN] {
        self.reg
    }

    /// Encrypts `data` in place, continuing the message (one block encryption per byte, serial).
    pub fn encrypt(&mut self, aes: &Aes, data: &mut [u8]) {
        let mut ks = [0u8; BLOCK_LEN];
        for b in data {
            ks = self.reg;
            aes.encrypt_block(&mut ks);
            *b ^= ks[0];
            self.push(*b);
        }
        ks.zeroize();
    }

    /// Decrypts `data` in place, continuing the message; the block encryptions run in parallel batches.
    pub fn decrypt(&mut self, aes: &Aes, data: &mut [u8]) {
        let data_len = data.len();
        let mut hist = [0u8; BLOCK_LEN + CFB8_BATCH];
        let mut ks = [0u8; CFB8_BATCH * BLOCK_LEN];
        for chunk in data.chunks_mut(CFB8_BATCH) {
            let n = chunk.len();
            // Byte i's register is the 16 ciphertext bytes before it: hist[i..i + 16].
            hist[..BLOCK_LEN].copy_from_slice(&self.reg);
            hist[BLOCK_LEN..BLOCK_LEN + n].copy_from_slice(chunk);
            for (i, w) in ks[..n * BLOCK_LEN].chunks_exact_mut(BLOCK_LEN).enumerate() {
                w.copy_from_slice(&hist[i..i + BLOCK_LEN]);
            }
            aes.encrypt_blocks(&mut ks[..n * BLOCK_LEN]);
            for (c, k) in chunk.iter_mut().zip(ks.chunks_exact(BLOCK_LEN)) {
                *c ^= k[0];
            }
            self.reg.copy_from_slice(&hist[n..n + BLOCK_LEN]);
        }
        let used = data_len.min(CFB8_BATCH);
        hist[..BLOCK_LEN + used].zeroize();
        ks[..used * BLOCK_LEN].zeroize();
    }

    fn push(&mut self, c: u8) {
        let r = u128::from_be_bytes(self.reg);
        self.reg = ((r << 8) | u128::from(c)).to_be_bytes();
    }
}

/// The streaming state of one AES-CFB1 message: the 128-bit shift register. Bits are taken most significant
/// first within each byte, as in SP 800-38A and OpenSSL.
#[derive(Clone)]
pub struct Cfb1 {
    reg: [u8; BLOCK_LEN],
}

impl Cfb1 {
    /// A message with initialisation vector `iv`.
    pub fn new(iv: &[u8; BLOCK_LEN]) -> Cfb1 {
        Cfb1 { reg: *iv }
    }

    /// Starts a new message with `iv`.
    pub fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        self.reg = *iv;
    }

    /// The shift register (OpenSSL's updated IV): the last 128 ciphertext bits, preceded by the IV's tail.
    pub fn iv(&self) -> [u8; BLOCK_LEN] {
        self.reg
    }

    /// Processes every bit of `data` in place (the byte-oriented interface), continuing the message.
    pub fn apply(&mut self, aes: &Aes, data: &mut [u8], encrypt: bool) {
        let mut ks = [0u8; BLOCK_LEN];
        for b in data {
            let mut out = 0u8;
            for shift in (0..8).rev() {
                out |= self.step(aes, &mut ks, (*b >> shift) & 1, encrypt) << shift;
            }
            *b = out;
        }
        ks.zeroize();
    }

    /// Processes the first `bits` bits of `data` in place (OpenSSL's `"use-bits"` interface), continuing the
    /// message; the other bits of a last partial byte are left as they are. [`Error::InvalidLength`] if `data`
    /// is shorter than `bits` bits.
    pub fn apply_bits(&mut self, aes: &Aes, data: &mut [u8], bits: usize, encrypt: bool) -> Result<(), Error> {
        if data.len() < bits.div_ceil(8) {
            return Err(Error::InvalidLength);
        }
        let mut ks = [0u8; BLOCK_LEN];
        for n in 0..bits {
            let (byte, shift) = (n / 8, 7 - n % 8);
            let o = self.step(aes, &mut ks, (data[byte] >> shift) & 1, encrypt);
            data[byte] = (data[byte] & !(1 << shift)) | (o << shift);
        }
        ks.zeroize();
        Ok(())
    }

    /// Like [`Cfb1::apply_bits`] from `input` into `output` (distinct buffers): only the first `bits` bits of
    /// `output` are written, the rest of its last partial byte is kept (as OpenSSL does).
    pub fn apply_bits_to(
        &mut self,
        aes: &Aes,
        input: &[u8],
        output: &mut [u8],
        bits: usize,
        encrypt: bool,
    ) -> Result<(), Error> {
        let bytes = bits.div_ceil(8);
        if input.len() < bytes || output.len() < bytes {
            return Err(Error::InvalidLength);
        }
        let mut ks = [0u8; BLOCK_LEN];
        for n in 0..bits {
            let (byte, shift) = (n / 8, 7 - n % 8);
            let o = self.step(aes, &mut ks, (input[byte] >> shift) & 1, encrypt);
            output[byte] = (output[byte] & !(1 << shift)) | (o << shift);
        }
        ks.zeroize();
        Ok(())
    }

    /// One segment: returns `bit ^ msb(E(register))` and shifts the ciphertext bit into the register. `ks` is the
    /// caller's scratch block (wiped once by the caller when done).
    fn step(&mut self, aes: &Aes, ks: &mut [u8; BLOCK_LEN], bit: u8, encrypt: bool) -> u8 {
        *ks = self.reg;
        aes.encrypt_block(ks);
        let out = bit ^ (ks[0] >> 7);
        let c = if encrypt { out } else { bit };
        let r = u128::from_be_bytes(self.reg);
        self.reg = ((r << 1) | u128::from(c)).to_be_bytes();
        out
    }
}

macro_rules! redacted_debug_and_wipe {
    ($($ty:ident: $field:ident;)*) => {$(
        impl Drop for $ty {
            fn drop(&mut self) {
                self.$field.zeroize();
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty)).finish_non_exhaustive()
            }
        }
    )*};
}

redacted_debug_and_wipe! {
    Cfb128: iv;
    Cfb8: reg;
    Cfb1: reg;
}
