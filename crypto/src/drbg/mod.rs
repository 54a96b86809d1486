//! Deterministic random bit generators (SP 800-90A r1). [`CtrDrbg`] is CTR_DRBG over AES-128/192/256, with or
//! without the block-cipher derivation function.
//!
//! The mechanism here is the SP 800-90A algorithm alone: its callers supply entropy input, nonces and
//! additional input, and decide when to reseed (the provider seeds from the module's
//! [entropy source](crate::entropy) or a parent DRBG, and adds OpenSSL's reseed policy on top).

mod ctr;
mod df;
mod engine;
#[cfg(test)]
mod tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_aesni;

pub use ctr::{Cipher, CtrDrbg};

/// Largest request of one generate call, in bytes: 2^19 bits (SP 800-90A r1 Table 3 for CTR_DRBG allows up to
/// 2^19 bits; OpenSSL reports the same `max_request` of 65536 bytes).
pub const MAX_REQUEST: usize = 1 << 16;

/// Largest allowed reseed interval: 2^48 generate requests (SP 800-90A r1 Table 3).
pub const MAX_RESEED_INTERVAL: u64 = 1 << 48;

/// Largest entropy input, nonce, personalization string or additional input with the derivation function,
/// in bytes. SP 800-90A allows 2^35 bits; like OpenSSL the module stops at 2^31 - 1 bytes, so the 32-bit
/// length field of Block_Cipher_df always holds it.
pub const MAX_INPUT_LEN: usize = i32::MAX as usize;

/// Why a DRBG function refused to run.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrbgError {
    /// Not instantiated (never, or uninstantiated since).
    NotInstantiated,
    /// Entropy input shorter than the security strength requires, or an input above its maximum length.
    InvalidLength,
    /// A request above [`MAX_REQUEST`] bytes.
    RequestTooLarge,
    /// The reseed counter passed the reseed interval: reseed before generating (SP 800-90A §10.2.1.5).
    ReseedRequired,
    /// The block cipher could not be set up (unavailable backend).
    Cipher(crate::Error),
}

impl core::fmt::Display for DrbgError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotInstantiated => f.write_str("DRBG not instantiated"),
            Self::InvalidLength => f.write_str("DRBG input of invalid length"),
            Self::RequestTooLarge => f.write_str("DRBG request too large"),
            Self::ReseedRequired => f.write_str("DRBG reseed required"),
            Self::Cipher(e) => write!(f, "DRBG cipher: {e}"),
        }
    }
}

impl std::error::Error for DrbgError {}
