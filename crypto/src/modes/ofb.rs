//! AES-OFB (SP 800-38A §6.4) as a stream: updates of any length continue one message.
//!
//! The state mirrors OpenSSL's `CRYPTO_ofb128_encrypt`: `block` is the current output block `O_j` (starting as
//! the IV) and `num` the number of its bytes already used, so [`Ofb::iv`] / [`Ofb::num`] equal libcrypto's
//! `"updated-iv"` / `"num"` after every update. Each output block is the encryption of the previous one, so the
//! mode is serial; encryption and decryption are the same operation.
//!
//! The keystream of whole blocks is CBC encryption of zero blocks chained from the current output block
//! (`E(0 ^ O_j) = O_{j+1}`), so it runs through [`Aes::cbc_encrypt`], the backends' serial kernel that keeps the
//! round keys in registers, in stack batches.

use core::fmt;

use zeroize::Zeroize;

use super::stream::xor_in_place;
use crate::Error;
use crate::aes::{Aes, BLOCK_LEN};

/// Bytes of keystream per batch; updates of at most `SHORT` whole-block bytes skip the batch buffer.
const BATCH: usize = 32 * BLOCK_LEN;
const SHORT: usize = 4 * BLOCK_LEN;

/// The streaming state of one AES-OFB message. The output block is zeroized on drop.
#[derive(Clone)]
pub struct Ofb {
    block: [u8; BLOCK_LEN],
    num: usize,
}

impl Ofb {
    /// A message with initialisation vector `iv`.
    pub fn new(iv: &[u8; BLOCK_LEN]) -> Ofb {
        Ofb { block: *iv, num: 0 }
    }

    /// Starts a new message with `iv` (`num` becomes 0).
    pub fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        self.block = *iv;
        self.num = 0;
    }

    /// The current output block (OpenSSL's updated IV).
    pub fn iv(&self) -> [u8; BLOCK_LEN] {
        self.block
    }

    /// The number of bytes of the current output block already used (0..16).
    pub fn num(&self) -> usize {
        self.num
    }

    /// Sets the position inside the current output block, like `EVP_CIPHER_CTX_set_num`.
    /// [`Error::InvalidLength`] unless `num < 16`.
    pub fn set_num(&mut self, num: usize) -> Result<(), Error> {
        if num >= BLOCK_LEN {
            return Err(Error::InvalidLength);
        }
        self.num = num;
        Ok(())
    }

    /// Encrypts or decrypts `data` in place, continuing the message.
    pub fn apply(&mut self, aes: &Aes, data: &mut [u8]) {
        let mut data = data;
        if self.num != 0 {
            let n = (BLOCK_LEN - self.num).min(data.len());
            let (head, rest) = data.split_at_mut(n);
            xor_in_place(head, &self.block[self.num..self.num + n]);
            self.num = (self.num + n) % BLOCK_LEN;
            data = rest;
        }
        let whole = data.len() - data.len() % BLOCK_LEN;
        let (blocks, tail) = data.split_at_mut(whole);
        if blocks.len() <= SHORT {
            // A few blocks: straight through the single-block function, no buffer to prepare and wipe.
            for block in blocks.chunks_exact_mut(BLOCK_LEN) {
                aes.encrypt_block(&mut self.block);
                xor_in_place(block, &self.block);
            }
        } else {
            self.whole_blocks(aes, blocks);
        }
        if !tail.is_empty() {
            aes.encrypt_block(&mut self.block);
            xor_in_place(tail, &self.block);
            self.num = tail.len();
        }
    }
}

impl Ofb {
    /// XORs whole blocks with the keystream, generated a batch at a time in a stack buffer by the CBC kernel.
    fn whole_blocks(&mut self, aes: &Aes, blocks: &mut [u8]) {
        let mut ks = [0u8; BATCH];
        for chunk in blocks.chunks_mut(BATCH) {
            let ks = &mut ks[..chunk.len()];
            ks.fill(0);
            aes.cbc_encrypt(&mut self.block, ks);
            xor_in_place(chunk, ks);
        }
        // Only the part used holds keystream.
        ks[..blocks.len().min(BATCH)].zeroize();
    }
}

impl Drop for Ofb {
    fn drop(&mut self) {
        self.block.zeroize();
    }
}

impl fmt::Debug for Ofb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ofb").field("num", &self.num).finish_non_exhaustive()
    }
}
