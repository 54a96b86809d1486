//! CBC with ciphertext stealing (SP 800-38A Addendum, "CBC-CS1/CS2/CS3"), as OpenSSL's `AES-*-CBC-CTS`
//! ciphers implement it: one message per call, at least one block, the ciphertext as long as the plaintext.
//!
//! * CS1: `C_1 .. C_{n-2} || C*_{n-1} || C_n` (`C*_{n-1}` the truncated second-to-last block); plain CBC when the
//!   length is a multiple of 16.
//! * CS2: like CS3 when the last block is partial, plain CBC otherwise.
//! * CS3 (Kerberos, RFC 3962): `C_1 .. C_{n-2} || C_n || C*_{n-1}` always (for whole blocks: the last two
//!   swapped), plain CBC only for a single block.
//!
//! All but the last two blocks run through [`Aes::cbc_encrypt`] / [`Aes::cbc_decrypt`] in bulk. The chaining
//! value ends as OpenSSL leaves its context IV: the last full ciphertext block `C_n` produced or consumed.

use zeroize::Zeroize;

use crate::Error;
use crate::aes::{Aes, BLOCK_LEN};

/// The ciphertext-stealing variant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CtsMode {
    /// CBC-CS1 (NIST's; OpenSSL's default).
    #[default]
    Cs1,
    /// CBC-CS2.
    Cs2,
    /// CBC-CS3 (Kerberos).
    Cs3,
}

impl CtsMode {
    /// OpenSSL's name for the variant (`OSSL_CIPHER_CTS_MODE_CS1` ...): `"CS1"`, `"CS2"`, `"CS3"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Cs1 => "CS1",
            Self::Cs2 => "CS2",
            Self::Cs3 => "CS3",
        }
    }

    /// The variant named `s`, ignoring ASCII case (as OpenSSL's `ossl_cipher_cbc_cts_mode_name2id`).
    pub fn from_name(s: &str) -> Option<CtsMode> {
        [Self::Cs1, Self::Cs2, Self::Cs3].into_iter().find(|m| m.name().eq_ignore_ascii_case(s))
    }

    /// Whether a message of `len` bytes is plain CBC under this variant (no stealing, no swap).
    fn plain_cbc(self, len: usize) -> bool {
        match self {
            Self::Cs1 | Self::Cs2 => len.is_multiple_of(BLOCK_LEN),
            Self::Cs3 => len == BLOCK_LEN,
        }
    }
}

/// The length `r` of the final (possibly partial) block: `len % 16`, or 16 for CS2/CS3 swapping whole blocks.
fn last_len(len: usize) -> usize {
    match len % BLOCK_LEN {
        0 => BLOCK_LEN,
        r => r,
    }
}

/// Encrypts the message `data` (at least 16 bytes, else [`Error::InvalidLength`]) in place, chaining from `iv`,
/// which ends as the last full ciphertext block.
pub fn encrypt(aes: &Aes, mode: CtsMode, iv: &mut [u8; BLOCK_LEN], data: &mut [u8]) -> Result<(), Error> {
    let len = data.len();
    if len < BLOCK_LEN {
        return Err(Error::InvalidLength);
    }
    if mode.plain_cbc(len) {
        aes.cbc_encrypt(iv, data);
        return Ok(());
    }
    let r = last_len(len);
    let whole = len - r;
    aes.cbc_encrypt(iv, &mut data[..whole]);
    // `iv` is now C_{n-1}; C_n = E(C_{n-1} ^ (P_n || 0...)).
    let mut last = [0u8; BLOCK_LEN];
    last[..r].copy_from_slice(&data[whole..]);
    let prev = *iv;
    aes.cbc_encrypt(iv, &mut last);
    if mode == CtsMode::Cs1 {
        // C*_{n-1} stays in place (its first r bytes); C_n follows it.
        data[whole - BLOCK_LEN + r..].copy_from_slice(&last);
    } else {
        data[whole - BLOCK_LEN..whole].copy_from_slice(&last);
        data[whole..].copy_from_slice(&prev[..r]);
    }
    last.zeroize();
    Ok(())
}

/// Decrypts the message `data` (at least 16 bytes, else [`Error::InvalidLength`]) in place, chaining from `iv`,
/// which ends as the last full ciphertext block `C_n`.
pub fn decrypt(aes: &Aes, mode: CtsMode, iv: &mut [u8; BLOCK_LEN], data: &mut [u8]) -> Result<(), Error> {
    let len = data.len();
    if len < BLOCK_LEN {
        return Err(Error::InvalidLength);
    }
    if mode.plain_cbc(len) {
        aes.cbc_decrypt(iv, data);
        return Ok(());
    }
    let r = last_len(len);
    let head = len - BLOCK_LEN - r;
    aes.cbc_decrypt(iv, &mut data[..head]);
    // `iv` is now C_{n-2} (or the IV); the tail holds C*_{n-1} and C_n in the variant's order.
    let (stolen_at, cn_at) = if mode == CtsMode::Cs1 { (head, head + r) } else { (head + BLOCK_LEN, head) };
    let mut cn = [0u8; BLOCK_LEN];
    cn.copy_from_slice(&data[cn_at..cn_at + BLOCK_LEN]);
    // D(C_n) = C_{n-1} ^ (P_n || 0...): its tail past r is the stolen part of C_{n-1}.
    let mut dn = cn;
    aes.decrypt_block(&mut dn);
    let mut c_prev = dn;
    c_prev[..r].copy_from_slice(&data[stolen_at..stolen_at + r]);
    for (p, (d, c)) in data[head + BLOCK_LEN..].iter_mut().zip(dn.iter().zip(&c_prev)) {
        *p = d ^ c;
    }
    // P_{n-1} = D(C_{n-1}) ^ C_{n-2}.
    aes.cbc_decrypt(iv, &mut c_prev);
    data[head..head + BLOCK_LEN].copy_from_slice(&c_prev);
    *iv = cn;
    dn.zeroize();
    c_prev.zeroize();
    Ok(())
}

#[cfg(test)]
#[path = "cts_tests.rs"]
mod tests;
