//! Deterministic random bit generators (SP 800-90A r1): [`CtrDrbg`] is CTR_DRBG over AES-128/192/256, with or
//! without the block-cipher derivation function; [`HashDrbg`] is Hash_DRBG and [`HmacDrbg`] HMAC_DRBG over any
//! fixed-length digest (SHA-1, SHA-2, SHA-3). All three implement [`Drbg`].
//!
//! The mechanism here is the SP 800-90A algorithm alone: its callers supply entropy input, nonces and
//! additional input, and decide when to reseed (the provider seeds from the module's
//! [entropy source](crate::entropy) or a parent DRBG, and adds OpenSSL's reseed policy on top).

mod ctr;
mod df;
mod engine;
mod hash;
mod hmac;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_digest;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_aesni;

pub use ctr::{Cipher, CtrDrbg};
pub use hash::HashDrbg;
pub use hmac::HmacDrbg;

use crate::digest::Algorithm;

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
    /// The digest cannot serve a DRBG (an XOF) or its backend is unavailable.
    Digest(crate::Error),
}

impl core::fmt::Display for DrbgError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotInstantiated => f.write_str("DRBG not instantiated"),
            Self::InvalidLength => f.write_str("DRBG input of invalid length"),
            Self::RequestTooLarge => f.write_str("DRBG request too large"),
            Self::ReseedRequired => f.write_str("DRBG reseed required"),
            Self::Cipher(e) => write!(f, "DRBG cipher: {e}"),
            Self::Digest(e) => write!(f, "DRBG digest: {e}"),
        }
    }
}

impl std::error::Error for DrbgError {}

/// The SP 800-90A functions and limits every DRBG mechanism offers, so that callers (the provider's DRBG
/// framework, the self-tests) can drive any of them.
pub trait Drbg: Send + core::fmt::Debug {
    /// Security strength in bits.
    fn strength(&self) -> u32;
    /// Whether the DRBG is instantiated.
    fn is_instantiated(&self) -> bool;
    /// Shortest entropy input in bytes (default: the security strength's worth).
    fn min_entropy_len(&self) -> usize {
        self.strength() as usize / 8
    }
    /// Longest entropy input in bytes (default: [`MAX_INPUT_LEN`]).
    fn max_entropy_len(&self) -> usize {
        MAX_INPUT_LEN
    }
    /// Longest nonce in bytes (0: the mechanism takes no nonce; default: [`MAX_INPUT_LEN`]).
    fn max_nonce_len(&self) -> usize {
        MAX_INPUT_LEN
    }
    /// Longest personalization string or additional input in bytes (default: [`MAX_INPUT_LEN`]).
    fn max_input_len(&self) -> usize {
        MAX_INPUT_LEN
    }
    /// SP 800-90A's `reseed_counter`: 1 after (re)seeding, plus one per generate (0 when not instantiated).
    fn reseed_counter(&self) -> u64;
    /// The number of generate requests allowed between reseeds.
    fn reseed_interval(&self) -> u64;
    /// Sets the reseed interval: 1 ..= 2^48 requests (else [`DrbgError::InvalidLength`]).
    fn set_reseed_interval(&mut self, n: u64) -> Result<(), DrbgError>;
    /// Instantiate from `entropy`, `nonce` and the personalization string; replaces any previous state.
    fn instantiate(&mut self, entropy: &[u8], nonce: &[u8], pers: &[u8]) -> Result<(), DrbgError>;
    /// Reseed with fresh `entropy` and optional additional input.
    fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError>;
    /// Generate `out.len()` (at most [`MAX_REQUEST`]) bytes, mixing in the optional additional input. Fails with
    /// [`DrbgError::ReseedRequired`] once the reseed interval is used up.
    fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<(), DrbgError>;
    /// Generate with prediction resistance (SP 800-90A §9.3.1 steps 7-7.4): reseed with `entropy` and the
    /// additional input, then generate with no additional input.
    fn generate_with_reseed(&mut self, out: &mut [u8], entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        if out.len() > MAX_REQUEST {
            return Err(DrbgError::RequestTooLarge);
        }
        self.reseed(entropy, additional)?;
        self.generate(out, &[])
    }
    /// Uninstantiate (SP 800-90A §9.4): zeroizes the working state.
    fn uninstantiate(&mut self);
    /// Whether the working state is all zero (uninstantiated, nothing left behind): OpenSSL's
    /// `verify_zeroization`.
    fn is_zeroized(&self) -> bool;
}

impl Drbg for CtrDrbg {
    fn strength(&self) -> u32 {
        CtrDrbg::strength(self)
    }
    fn is_instantiated(&self) -> bool {
        CtrDrbg::is_instantiated(self)
    }
    fn min_entropy_len(&self) -> usize {
        CtrDrbg::min_entropy_len(self)
    }
    fn max_entropy_len(&self) -> usize {
        CtrDrbg::max_entropy_len(self)
    }
    fn max_nonce_len(&self) -> usize {
        CtrDrbg::max_nonce_len(self)
    }
    fn max_input_len(&self) -> usize {
        CtrDrbg::max_input_len(self)
    }
    fn reseed_counter(&self) -> u64 {
        CtrDrbg::reseed_counter(self)
    }
    fn reseed_interval(&self) -> u64 {
        CtrDrbg::reseed_interval(self)
    }
    fn set_reseed_interval(&mut self, n: u64) -> Result<(), DrbgError> {
        CtrDrbg::set_reseed_interval(self, n)
    }
    fn instantiate(&mut self, entropy: &[u8], nonce: &[u8], pers: &[u8]) -> Result<(), DrbgError> {
        CtrDrbg::instantiate(self, entropy, nonce, pers)
    }
    fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        CtrDrbg::reseed(self, entropy, additional)
    }
    fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<(), DrbgError> {
        CtrDrbg::generate(self, out, additional)
    }
    fn uninstantiate(&mut self) {
        CtrDrbg::uninstantiate(self)
    }
    fn is_zeroized(&self) -> bool {
        CtrDrbg::is_zeroized(self)
    }
}

/// Security strength of Hash_DRBG / HMAC_DRBG with `alg`: `min(256, 64 × floor(outlen_bytes / 8))` bits
/// (SP 800-90A r1 Table 2 via SP 800-57 Part 1; OpenSSL computes the same).
pub const fn digest_strength(alg: Algorithm) -> u32 {
    let s = 64 * (alg.output_len() as u32 / 8);
    if s > 256 { 256 } else { s }
}

/// The largest operand of [`add_be`] in bytes (Hash_DRBG's 888-bit seedlen).
const MAX_ADD_LEN: usize = 111;

/// `dst = (dst + src) mod 2^(8 dst.len())` for big-endian numbers, `src` no longer than `dst` (aligned at the
/// least significant end) and `dst` at most 111 bytes (longer `dst` is left unchanged: a caller bug).
fn add_be(dst: &mut [u8], src: &[u8]) {
    let n = dst.len();
    debug_assert!(n <= MAX_ADD_LEN && src.len() <= n, "add_be operands of {n} and {} bytes", src.len());
    if n > MAX_ADD_LEN || src.len() > n {
        return;
    }
    let mut padded = Scratch::<MAX_ADD_LEN>::new();
    padded[n - src.len()..n].copy_from_slice(src);
    add_be_all(dst, &[&padded[..n]]);
}

/// `dst = (dst + Σ srcs) mod 2^(8 dst.len())` for big-endian numbers all as long as `dst`. Works on 64-bit
/// limbs from the least significant end and runs over all of `dst` whatever the carries (the values are
/// secret).
fn add_be_all(dst: &mut [u8], srcs: &[&[u8]]) {
    fn limb(b: &[u8]) -> u128 {
        let mut l = [0u8; 8];
        l.copy_from_slice(b);
        u128::from(u64::from_be_bytes(l))
    }
    debug_assert!(srcs.iter().all(|s| s.len() == dst.len()));
    let mut carry = 0u128;
    let mut end = dst.len();
    while end >= 8 {
        let r = end - 8..end;
        let acc = srcs.iter().fold(carry + limb(&dst[r.clone()]), |acc, s| acc + limb(&s[r.clone()]));
        dst[r].copy_from_slice(&(acc as u64).to_be_bytes());
        carry = acc >> 64;
        end -= 8;
    }
    for i in (0..end).rev() {
        let acc = srcs.iter().fold(carry + u128::from(dst[i]), |acc, s| acc + u128::from(s[i]));
        dst[i] = acc as u8;
        carry = acc >> 8;
    }
}

/// `dst = (dst + 1) mod 2^(8 dst.len())` for a big-endian number: [`add_be`] specialised for Hashgen's counter,
/// again over every limb whatever the carries.
fn increment_be(dst: &mut [u8]) {
    let mut carry = 1u64;
    let mut chunks = dst.rchunks_exact_mut(8);
    for chunk in &mut chunks {
        let mut limb = [0u8; 8];
        limb.copy_from_slice(chunk);
        let (sum, c) = u64::from_be_bytes(limb).overflowing_add(carry);
        chunk.copy_from_slice(&sum.to_be_bytes());
        carry = u64::from(c);
    }
    for b in chunks.into_remainder().iter_mut().rev() {
        let sum = u64::from(*b) + carry;
        *b = sum as u8;
        carry = sum >> 8;
    }
}

/// A stack buffer for secret intermediate values, wiped when it goes out of scope (with the crate's fast wipe:
/// `zeroize`'s byte-wise volatile writes cost more than a small DRBG request).
struct Scratch<const N: usize>([u8; N]);

impl<const N: usize> Scratch<N> {
    fn new() -> Self {
        Scratch([0; N])
    }
}

impl<const N: usize> Drop for Scratch<N> {
    fn drop(&mut self) {
        crate::wipe::wipe(&mut self.0);
    }
}

impl<const N: usize> core::ops::Deref for Scratch<N> {
    type Target = [u8; N];
    fn deref(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> core::ops::DerefMut for Scratch<N> {
    fn deref_mut(&mut self) -> &mut [u8; N] {
        &mut self.0
    }
}
