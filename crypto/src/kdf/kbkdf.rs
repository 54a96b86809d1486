//! KDF in counter mode and in feedback mode (SP 800-108 r1 §4.1 and §4.2, "KBKDF") with HMAC or AES-CMAC as
//! the PRF, computed exactly as OpenSSL's `providers/implementations/kdfs/kbkdf.c`:
//!
//! ```text
//! counter:   K(i) = PRF(KI, [i]_r || Label || 0x00 || Context || [L]_32)
//! feedback:  K(i) = PRF(KI, K(i-1) || [i]_r || Label || 0x00 || Context || [L]_32),   K(0) = IV (may be empty)
//! KO = leftmost L bits of K(1) || K(2) || ...
//! ```
//!
//! `[i]_r` is the block counter as an `r`-bit (8, 16, 24 or 32) big-endian integer starting at 1; the
//! separator byte and `[L]_32` (the output length in bits) can each be left out. As in OpenSSL, counter mode
//! refuses outputs of `2^r` or more whole blocks while feedback mode lets the counter wrap; both refuse outputs
//! whose bit length does not fit the 32-bit `L` field (512 MiB), which OpenSSL would silently truncate.

use core::fmt;

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;
use crate::hmac::Hmac;
use crate::mac::cmac::Cmac;

/// How the blocks are chained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KbkdfMode {
    /// SP 800-108 r1 §4.1.
    Counter,
    /// SP 800-108 r1 §4.2 (with the counter, after the feedback value).
    Feedback,
}

/// The keyed PRF: HMAC (any fixed-length digest) or AES-CMAC (128/192/256-bit key). Cloning copies the keyed
/// state; both variants zeroize on drop.
#[derive(Clone)]
pub struct KbkdfPrf(Prf);

/// The PRF state (both boxed: HMAC keeps two digest states, CMAC a copy of its round keys).
#[derive(Clone)]
enum Prf {
    Hmac(Box<Hmac>),
    Cmac(Box<Cmac>),
}

impl fmt::Debug for KbkdfPrf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Prf::Hmac(m) => f.debug_tuple("KbkdfPrf::Hmac").field(m).finish(),
            Prf::Cmac(m) => f.debug_tuple("KbkdfPrf::Cmac").field(m).finish(),
        }
    }
}

impl KbkdfPrf {
    /// HMAC-`hash` keyed with `key` (any length).
    pub fn hmac(hash: HmacHash, key: &[u8]) -> Result<KbkdfPrf, Error> {
        Ok(KbkdfPrf(Prf::Hmac(Box::new(hash.hmac(key)?))))
    }

    /// AES-CMAC keyed with `key`: [`Error::InvalidKey`] unless it is 16, 24 or 32 bytes.
    pub fn cmac(key: &[u8]) -> Result<KbkdfPrf, Error> {
        Ok(KbkdfPrf(Prf::Cmac(Box::new(Cmac::new(key)?))))
    }

    /// `h`: the PRF output length in bytes.
    pub fn output_len(&self) -> usize {
        match &self.0 {
            Prf::Hmac(m) => m.mac_len(),
            Prf::Cmac(m) => m.mac_len(),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            Prf::Hmac(m) => m.update(data),
            Prf::Cmac(m) => m.update(data),
        }
    }

    /// Writes the tag (exactly [`output_len`](Self::output_len) bytes) and returns to the keyed initial state.
    fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        match &mut self.0 {
            Prf::Hmac(m) => m.finalize_into(out),
            Prf::Cmac(m) => m.finalize_into(out),
        }
    }
}

/// The fixed inputs of one derivation (OpenSSL's parameter names in brackets).
#[derive(Clone, Copy, Debug)]
pub struct KbkdfParams<'a> {
    /// Counter or feedback mode (`mode`).
    pub mode: KbkdfMode,
    /// `r`: the counter width in bits, 8, 16, 24 or 32 (`r`).
    pub counter_bits: u32,
    /// `Label` (`salt`).
    pub label: &'a [u8],
    /// `Context` (`info`).
    pub context: &'a [u8],
    /// `K(0)` in feedback mode (`seed`): empty or exactly one PRF output long (also checked in counter mode,
    /// where it is otherwise unused, as OpenSSL does).
    pub iv: &'a [u8],
    /// Whether `[L]_32` is appended (`use-l`).
    pub use_l: bool,
    /// Whether the `0x00` separator is included (`use-separator`).
    pub use_separator: bool,
}

/// The longest output whose bit length fits the 32-bit `L` field.
pub const KBKDF_MAX_OUTPUT_LEN: usize = (u32::MAX / 8) as usize;

/// Derives `out.len()` bytes with the keyed `prf` (left in its keyed initial state afterwards).
///
/// [`Error::InvalidLength`] for an empty output, one longer than [`KBKDF_MAX_OUTPUT_LEN`], an `r` outside
/// {8, 16, 24, 32}, a non-empty `iv` of the wrong length, or (counter mode) `2^r` or more whole blocks.
pub fn kbkdf(prf: &mut KbkdfPrf, p: &KbkdfParams<'_>, out: &mut [u8]) -> Result<(), Error> {
    let h = prf.output_len();
    if out.is_empty() || out.len() > KBKDF_MAX_OUTPUT_LEN || !matches!(p.counter_bits, 8 | 16 | 24 | 32) {
        return Err(Error::InvalidLength);
    }
    if !p.iv.is_empty() && p.iv.len() != h {
        return Err(Error::InvalidLength);
    }
    // OpenSSL's bound: the number of whole blocks must stay below 2^r.
    if p.mode == KbkdfMode::Counter && (out.len() / h) as u64 >= 1u64 << p.counter_bits {
        return Err(Error::InvalidLength);
    }
    let counter_len = (p.counter_bits / 8) as usize;
    let l_bits = ((out.len() as u64) * 8) as u32;
    let l = l_bits.to_be_bytes();
    let mut k = Zeroizing::new([0u8; MAX_HASH_LEN]);
    k[..p.iv.len()].copy_from_slice(p.iv);
    let mut k_len = p.iv.len();
    for (i, chunk) in out.chunks_mut(h).enumerate() {
        // At most 2^29 blocks (the output length is capped), so the 32-bit counter never overflows; only its
        // low `r` bits are used (feedback mode wraps there, as in OpenSSL).
        let counter = ((i as u32).wrapping_add(1)).to_be_bytes();
        if p.mode == KbkdfMode::Feedback {
            prf.update(&k[..k_len]);
        }
        prf.update(&counter[4 - counter_len..]);
        prf.update(p.label);
        if p.use_separator {
            prf.update(&[0]);
        }
        prf.update(p.context);
        if p.use_l {
            prf.update(&l);
        }
        prf.finalize_into(&mut k[..h])?;
        k_len = h;
        chunk.copy_from_slice(&k[..chunk.len()]);
    }
    Ok(())
}

#[cfg(test)]
#[path = "kbkdf_tests.rs"]
mod tests;
