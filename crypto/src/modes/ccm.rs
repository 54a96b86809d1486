//! AES-CCM authenticated encryption (NIST SP 800-38C; RFC 3610 formatting): CBC-MAC over the formatted
//! header, associated data and payload, then counter-mode encryption of the payload and the MAC.
//!
//! Parameters: nonce of 7..13 bytes (the length field then has `L = 15 - nonce_len` bytes and the payload is
//! at most `2^(8L) - 1` bytes), tag of 4, 6, ..., 16 bytes. CCM needs the payload and AAD lengths before it can
//! start, so each message is processed in one call: [`AesCcm::encrypt`] / [`AesCcm::decrypt`]. The CBC-MAC is
//! inherently serial: on x86 AES-NI the payload runs through a stitched kernel (`x86_ccm.rs`: one MAC block
//! and one counter block in flight per step, as OpenSSL's `aesni_ccm64_*_blocks` do); elsewhere, and for the
//! header and AAD, the CBC-MAC runs through [`Aes::cbc_encrypt`] over a scratch buffer and the counter part
//! through [`Aes::ctr128_xor`] (the counter lives in the last `L` bytes of the counter block, and the length
//! limit keeps it from ever carrying out of them).

use core::fmt;

use crate::Error;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
use crate::aes::Imp;
use crate::aes::{self, Aes, BLOCK_LEN};
use crate::wipe::wipe;

/// Shortest nonce (`L = 8`).
pub const MIN_NONCE_LEN: usize = 7;
/// Longest nonce (`L = 2`).
pub const MAX_NONCE_LEN: usize = 13;
/// Bytes of CBC-MAC input gathered before each [`Aes::cbc_encrypt`] call, and of payload per pass.
const CHUNK: usize = 32 * BLOCK_LEN;

/// Whether `t` is a CCM tag length (4, 6, 8, 10, 12, 14 or 16 bytes).
pub const fn valid_tag_len(t: usize) -> bool {
    t >= 4 && t <= 16 && t.is_multiple_of(2)
}

/// The longest payload a nonce of `nonce_len` bytes allows: `2^(8L) - 1` bytes with `L = 15 - nonce_len`
/// (`None` for a nonce length outside 7..=13).
pub const fn max_payload_len(nonce_len: usize) -> Option<u64> {
    if nonce_len < MIN_NONCE_LEN || nonce_len > MAX_NONCE_LEN {
        return None;
    }
    let l = 15 - nonce_len;
    Some(if l >= 8 { u64::MAX } else { (1u64 << (8 * l)) - 1 })
}

/// An AES-CCM key (the AES encryption round keys on one backend; zeroized on drop).
///
/// `Debug` shows only the key length and backend.
#[derive(Clone)]
pub struct AesCcm {
    aes: Aes,
}

impl fmt::Debug for AesCcm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AesCcm")
            .field("key_len", &self.aes.key_len())
            .field("backend", &self.aes.backend())
            .finish_non_exhaustive()
    }
}

/// The running CBC-MAC: input is gathered in `buf` and chained through [`Aes::cbc_encrypt`] a chunk at a time.
struct CbcMac<'a> {
    aes: &'a Aes,
    y: [u8; BLOCK_LEN],
    buf: [u8; CHUNK],
    n: usize,
}

impl<'a> CbcMac<'a> {
    /// Starts with `Y_0 = E(B_0)`.
    fn new(aes: &'a Aes, b0: &[u8; BLOCK_LEN]) -> CbcMac<'a> {
        let mut y = *b0;
        aes.encrypt_block(&mut y);
        CbcMac { aes, y, buf: [0; CHUNK], n: 0 }
    }

    fn absorb(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let take = (CHUNK - self.n).min(data.len());
            self.buf[self.n..self.n + take].copy_from_slice(&data[..take]);
            self.n += take;
            data = &data[take..];
            if self.n == CHUNK {
                self.aes.cbc_encrypt(&mut self.y, &mut self.buf);
                self.n = 0;
            }
        }
    }

    /// Zero-pads the input so far to a block boundary and chains everything gathered.
    fn pad(&mut self) {
        let end = self.n.next_multiple_of(BLOCK_LEN);
        self.buf[self.n..end].fill(0);
        self.aes.cbc_encrypt(&mut self.y, &mut self.buf[..end]);
        self.n = 0;
    }
}

impl Drop for CbcMac<'_> {
    fn drop(&mut self) {
        wipe(&mut self.y);
        wipe(&mut self.buf);
    }
}

/// Which way a message goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Encrypt,
    Decrypt,
}

impl AesCcm {
    /// A CCM key from a 16-, 24- or 32-byte AES key (else [`Error::InvalidKey`]) on the default AES backend.
    pub fn new(key: &[u8]) -> Result<AesCcm, Error> {
        AesCcm::with_backend(key, aes::default_backend())
    }

    /// A CCM key on AES backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: aes::Backend) -> Result<AesCcm, Error> {
        Ok(AesCcm { aes: Aes::encrypt_only(key, b)? })
    }

    /// The AES backend.
    pub fn backend(&self) -> aes::Backend {
        self.aes.backend()
    }

    /// The AES key length in bytes.
    pub fn key_len(&self) -> usize {
        self.aes.key_len()
    }

    /// Encrypts `data` in place and writes the `tag.len()`-byte tag. [`Error::InvalidLength`] (nothing written)
    /// for a nonce outside 7..=13 bytes, a tag length CCM does not define, or a payload longer than the nonce
    /// length allows.
    pub fn encrypt(&self, nonce: &[u8], aad: &[u8], data: &mut [u8], tag: &mut [u8]) -> Result<(), Error> {
        let mut full = self.run(nonce, aad, data, tag.len(), Dir::Encrypt)?;
        tag.copy_from_slice(&full[..tag.len()]);
        wipe(&mut full);
        Ok(())
    }

    /// Decrypts `data` in place and verifies `tag` in constant time. On a mismatch `data` is wiped (no
    /// unauthenticated plaintext is released) and [`Error::AuthenticationFailed`] returned. Lengths as for
    /// [`AesCcm::encrypt`].
    pub fn decrypt(&self, nonce: &[u8], aad: &[u8], data: &mut [u8], tag: &[u8]) -> Result<(), Error> {
        let mut full = self.run(nonce, aad, data, tag.len(), Dir::Decrypt)?;
        let ok = crate::ct::bytes_eq(&full[..tag.len()], tag);
        wipe(&mut full);
        if ok {
            Ok(())
        } else {
            wipe(data);
            Err(Error::AuthenticationFailed)
        }
    }

    /// Formats, MACs and en/decrypts; returns the full 16-byte encrypted MAC (the tag is its prefix).
    fn run(&self, nonce: &[u8], aad: &[u8], data: &mut [u8], t: usize, dir: Dir) -> Result<[u8; BLOCK_LEN], Error> {
        let max = max_payload_len(nonce.len()).ok_or(Error::InvalidLength)?;
        if !valid_tag_len(t) || data.len() as u64 > max {
            return Err(Error::InvalidLength);
        }
        let l = 15 - nonce.len();
        // B_0 = flags || N || Q (SP 800-38C A.2.1); A_i = (L - 1) || N || [i]_L (A.3).
        let mut b0 = [0u8; BLOCK_LEN];
        b0[0] = (u8::from(!aad.is_empty()) << 6) | ((((t - 2) / 2) as u8) << 3) | (l - 1) as u8;
        b0[1..1 + nonce.len()].copy_from_slice(nonce);
        b0[1 + nonce.len()..].copy_from_slice(&(data.len() as u64).to_be_bytes()[8 - l..]);
        let mut ctr = [0u8; BLOCK_LEN];
        ctr[0] = (l - 1) as u8;
        ctr[1..1 + nonce.len()].copy_from_slice(nonce);

        let mut mac = CbcMac::new(&self.aes, &b0);
        if !aad.is_empty() {
            // SP 800-38C A.2.2: the AAD length as 2 bytes, 0xfffe || 4 bytes, or 0xffff || 8 bytes.
            let a = aad.len() as u64;
            let mut enc = [0u8; 10];
            let n = if a < 0xff00 {
                enc[..2].copy_from_slice(&(a as u16).to_be_bytes());
                2
            } else if a <= u64::from(u32::MAX) {
                enc[..2].copy_from_slice(&[0xff, 0xfe]);
                enc[2..6].copy_from_slice(&(a as u32).to_be_bytes());
                6
            } else {
                enc[..2].copy_from_slice(&[0xff, 0xff]);
                enc[2..].copy_from_slice(&a.to_be_bytes());
                10
            };
            mac.absorb(&enc[..n]);
            mac.absorb(aad);
            mac.pad();
        }

        let mut s0 = ctr;
        self.aes.encrypt_block(&mut s0);
        aes::ctr128_add(&mut ctr, 1);
        let data = self.payload_blocks_fused(&mut mac.y, &mut ctr, data, dir);
        for chunk in data.chunks_mut(CHUNK) {
            if dir == Dir::Encrypt {
                mac.absorb(chunk);
            }
            self.ctr_xor(&mut ctr, chunk);
            if dir == Dir::Decrypt {
                mac.absorb(chunk);
            }
        }
        mac.pad();
        for (s, y) in s0.iter_mut().zip(&mac.y) {
            *s ^= y;
        }
        wipe(&mut ctr);
        Ok(s0)
    }

    /// Runs the payload's whole blocks through a stitched CBC-MAC + CTR kernel where the backend has one, and
    /// returns what is left for the generic path (everything, or the partial last block). `mac` must have no
    /// input pending (the AAD is padded to a block boundary before the payload starts).
    #[cfg_attr(
        not(all(target_arch = "x86_64", not(feature = "portable-only"))),
        allow(unused_variables, clippy::unused_self)
    )]
    fn payload_blocks_fused<'d>(
        &self,
        y: &mut [u8; BLOCK_LEN],
        ctr: &mut [u8; BLOCK_LEN],
        data: &'d mut [u8],
        dir: Dir,
    ) -> &'d mut [u8] {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Imp::AesNi(cpu, ks) = self.aes.imp() {
            let whole = data.len() - data.len() % BLOCK_LEN;
            let (blocks, tail) = data.split_at_mut(whole);
            super::x86_ccm::blocks(*cpu, ks, y, ctr, blocks, dir == Dir::Decrypt);
            return tail;
        }
        data
    }

    /// Counter mode over `data` (whole blocks in bulk, then a partial last block).
    fn ctr_xor(&self, ctr: &mut [u8; BLOCK_LEN], data: &mut [u8]) {
        let whole = data.len() - data.len() % BLOCK_LEN;
        let (blocks, tail) = data.split_at_mut(whole);
        self.aes.ctr128_xor(ctr, blocks);
        if !tail.is_empty() {
            let mut ks = *ctr;
            self.aes.encrypt_block(&mut ks);
            for (d, k) in tail.iter_mut().zip(&ks) {
                *d ^= k;
            }
            wipe(&mut ks);
        }
    }
}

#[cfg(test)]
#[path = "ccm_tests.rs"]
mod tests;
