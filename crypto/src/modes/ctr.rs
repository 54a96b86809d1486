//! AES-CTR (SP 800-38A §6.5) as a stream: updates of any length continue one message.
//!
//! The counter block is the whole 16-byte IV incremented as a 128-bit big-endian integer (the standard
//! incrementing function of SP 800-38A Appendix B.1 with `b = 128`), wrapping modulo `2^128` exactly like
//! OpenSSL's `CRYPTO_ctr128_encrypt`. The state mirrors OpenSSL's: `counter` is the *next* counter block,
//! `keystream` the encrypted counter of the current partial block and `num` the position inside it, so
//! [`Ctr::iv`] / [`Ctr::num`] equal libcrypto's `"updated-iv"` / `"num"` after every update.
//!
//! Whole blocks go through [`Aes::ctr128_xor`] (the backends' fused counter-mode kernels); only a trailing
//! partial block is buffered.

use core::fmt;

use zeroize::Zeroize;

use super::stream::xor_in_place;
use crate::Error;
use crate::aes::{Aes, BLOCK_LEN};

/// The streaming state of one AES-CTR message (the key is passed to each call).
///
/// The buffered keystream is zeroized on drop; `Debug` shows only the position.
#[derive(Clone)]
pub struct Ctr {
    counter: [u8; BLOCK_LEN],
    keystream: [u8; BLOCK_LEN],
    num: usize,
}

impl Ctr {
    /// A message starting at counter block `iv`.
    pub fn new(iv: &[u8; BLOCK_LEN]) -> Ctr {
        Ctr { counter: *iv, keystream: [0; BLOCK_LEN], num: 0 }
    }

    /// Starts a new message at counter block `iv` (`num` becomes 0).
    pub fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        self.counter = *iv;
        self.num = 0;
    }

    /// The next counter block (OpenSSL's updated IV): the initial counter plus the number of blocks started.
    pub fn iv(&self) -> [u8; BLOCK_LEN] {
        self.counter
    }

    /// The number of keystream bytes of the current block already used (0..16).
    pub fn num(&self) -> usize {
        self.num
    }

    /// Sets the position inside the buffered keystream block, like `EVP_CIPHER_CTX_set_num` (0 starts the next
    /// update on a fresh counter block). [`Error::InvalidLength`] unless `num < 16`.
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
            xor_in_place(head, &self.keystream[self.num..self.num + n]);
            self.num = (self.num + n) % BLOCK_LEN;
            data = rest;
        }
        let whole = data.len() - data.len() % BLOCK_LEN;
        let (blocks, tail) = data.split_at_mut(whole);
        if !blocks.is_empty() {
            aes.ctr128_xor(&mut self.counter, blocks);
        }
        if !tail.is_empty() {
            // E(counter) through the same kernel (it XORs into zeros), which also advances the counter.
            self.keystream = [0; BLOCK_LEN];
            aes.ctr128_xor(&mut self.counter, &mut self.keystream);
            xor_in_place(tail, &self.keystream);
            self.num = tail.len();
        }
    }
}

impl Drop for Ctr {
    fn drop(&mut self) {
        self.keystream.zeroize();
    }
}

impl fmt::Debug for Ctr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctr").field("num", &self.num).finish_non_exhaustive()
    }
}
