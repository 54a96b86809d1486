//! XTS-AES (IEEE Std 1619-2018, NIST SP 800-38E): the tweakable block cipher mode for storage, with ciphertext
//! stealing for a data unit that does not end on a block boundary.
//!
//! [`AesXts`] holds the two AES keys of a double-length XTS key `Key1 || Key2` (data key and tweak key); each
//! [`AesXts::encrypt`] / [`AesXts::decrypt`] call processes one whole data unit under a 16-byte tweak (the data
//! unit's sequence number, little-endian, or any 128-bit value), like one OpenSSL `EVP_CipherUpdate` on
//! `AES-*-XTS`. Whole blocks go through [`Aes::xts_blocks`]; only the last two blocks of a data unit with a
//! partial block take the stealing path.

use core::fmt;

use crate::Error;
use crate::aes::{self, Aes, BLOCK_LEN, xts_mul_alpha};
use crate::wipe::wipe;

/// Shortest data unit: one block (IEEE 1619 §5.1: at least 128 bits).
pub const MIN_DATA_UNIT: usize = BLOCK_LEN;
/// Most blocks per data unit: `2^20` (IEEE 1619-2018 §5.1, SP 800-38E; OpenSSL's `XTS_MAX_BLOCKS_PER_DATA_UNIT`).
pub const MAX_BLOCKS_PER_DATA_UNIT: usize = 1 << 20;
/// Longest data unit in bytes.
pub const MAX_DATA_UNIT: usize = MAX_BLOCKS_PER_DATA_UNIT * BLOCK_LEN;

/// An XTS-AES-128 or XTS-AES-256 key (the two halves expanded on one AES backend).
///
/// Round keys are zeroized on drop (by [`Aes`]); `Debug` shows only the key length and backend.
#[derive(Clone)]
pub struct AesXts {
    /// `Key1`: encrypts (or decrypts) the data.
    data: Aes,
    /// `Key2`: encrypts the tweak.
    tweak: Aes,
}

impl fmt::Debug for AesXts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AesXts")
            .field("key_len", &(2 * self.data.key_len()))
            .field("backend", &self.data.backend())
            .finish_non_exhaustive()
    }
}

impl AesXts {
    /// An XTS key from `Key1 || Key2` (32 bytes for XTS-AES-128, 64 for XTS-AES-256, else
    /// [`Error::InvalidKey`]) on the default AES backend.
    ///
    /// Keys whose two halves are equal are refused with [`Error::InvalidKey`] (IEEE 1619 §5.1 / FIPS 140-3 IG
    /// C.I: `Key1 != Key2`, checked before any use, in constant time), whichever direction they are used for.
    pub fn new(key: &[u8]) -> Result<AesXts, Error> {
        AesXts::with_backend(key, aes::default_backend())
    }

    /// Like [`AesXts::new`] on AES backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: aes::Backend) -> Result<AesXts, Error> {
        if !matches!(key.len(), 32 | 64) {
            return Err(Error::InvalidKey);
        }
        let (k1, k2) = key.split_at(key.len() / 2);
        if crate::ct::bytes_eq(k1, k2) {
            return Err(Error::InvalidKey);
        }
        Ok(AesXts { data: Aes::with_backend(k1, b)?, tweak: Aes::encrypt_only(k2, b)? })
    }

    /// The AES backend both halves run on.
    pub fn backend(&self) -> aes::Backend {
        self.data.backend()
    }

    /// The XTS key length in bytes (32 or 64).
    pub fn key_len(&self) -> usize {
        2 * self.data.key_len()
    }

    /// Encrypts one data unit in place under `tweak` (IEEE 1619 §5.3). `data` is 16 bytes to 2^20 blocks long
    /// (else [`Error::InvalidLength`], nothing written).
    pub fn encrypt(&self, tweak: &[u8; BLOCK_LEN], data: &mut [u8]) -> Result<(), Error> {
        self.process(tweak, data, false)
    }

    /// Decrypts one data unit in place under `tweak` (IEEE 1619 §5.4); lengths as for [`AesXts::encrypt`].
    pub fn decrypt(&self, tweak: &[u8; BLOCK_LEN], data: &mut [u8]) -> Result<(), Error> {
        self.process(tweak, data, true)
    }

    fn process(&self, iv: &[u8; BLOCK_LEN], data: &mut [u8], decrypt: bool) -> Result<(), Error> {
        if !(MIN_DATA_UNIT..=MAX_DATA_UNIT).contains(&data.len()) {
            return Err(Error::InvalidLength);
        }
        let mut t = *iv;
        self.tweak.encrypt_block(&mut t);
        let partial = data.len() % BLOCK_LEN;
        if partial == 0 {
            self.data.xts_blocks(&mut t, data, decrypt);
        } else {
            // All whole blocks but the last go through the bulk step; the last whole block and the partial one
            // are the ciphertext-stealing pair.
            let whole = data.len() - partial - BLOCK_LEN;
            let (head, tail) = data.split_at_mut(whole);
            self.data.xts_blocks(&mut t, head, decrypt);
            if decrypt {
                self.steal_decrypt(&mut t, tail);
            } else {
                self.steal_encrypt(&mut t, tail);
            }
        }
        wipe(&mut t);
        Ok(())
    }

    /// The last full block and the `b`-byte partial block on encryption (IEEE 1619 §5.3.2): `CC = E_T(P_{m-1})`,
    /// `C_m = CC[..b]`, `C_{m-1} = E_{T·α}(P_m || CC[b..])`.
    fn steal_encrypt(&self, t: &mut [u8; BLOCK_LEN], tail: &mut [u8]) {
        let b = tail.len() - BLOCK_LEN;
        let mut cc = [0u8; BLOCK_LEN];
        cc.copy_from_slice(&tail[..BLOCK_LEN]);
        self.data.xts_blocks(t, &mut cc, false);
        let mut pp = cc;
        pp[..b].copy_from_slice(&tail[BLOCK_LEN..]);
        tail[BLOCK_LEN..].copy_from_slice(&cc[..b]);
        self.data.xts_blocks(t, &mut pp, false);
        tail[..BLOCK_LEN].copy_from_slice(&pp);
        wipe(&mut cc);
        wipe(&mut pp);
    }

    /// The stealing pair on decryption (IEEE 1619 §5.4.2): the last full ciphertext block is decrypted under the
    /// *next* tweak `T·α`, the reassembled block under `T`.
    fn steal_decrypt(&self, t: &mut [u8; BLOCK_LEN], tail: &mut [u8]) {
        let b = tail.len() - BLOCK_LEN;
        let mut t_next = *t;
        xts_mul_alpha(&mut t_next);
        let mut pp = [0u8; BLOCK_LEN];
        pp.copy_from_slice(&tail[..BLOCK_LEN]);
        self.data.xts_blocks(&mut t_next, &mut pp, true);
        let mut cc = pp;
        cc[..b].copy_from_slice(&tail[BLOCK_LEN..]);
        tail[BLOCK_LEN..].copy_from_slice(&pp[..b]);
        self.data.xts_blocks(t, &mut cc, true);
        tail[..BLOCK_LEN].copy_from_slice(&cc);
        wipe(&mut cc);
        wipe(&mut pp);
        wipe(&mut t_next);
    }
}

#[cfg(test)]
#[path = "xts_tests.rs"]
mod tests;
