//! KMAC128 and KMAC256 (NIST SP 800-185 §4), including the XOF variants KMACXOF128/KMACXOF256 (§4.3.1).
//!
//! `KMAC128(K, X, L, S) = cSHAKE128(bytepad(encode_string(K), 168) || X || right_encode(L), L, "KMAC", S)`;
//! KMAC256 uses cSHAKE256 and a 136-byte pad. The XOF variants use `right_encode(0)` instead of `right_encode(L)`.
//! The sponge comes from [`crate::digest`] (any Keccak backend); a [`Kmac`] keeps a copy of its keyed initial
//! state so `reset` needs no key schedule, and both states are zeroized on drop.

use core::fmt;

use crate::Error;
use crate::digest::{Algorithm, Backend, Hasher};

/// `encode_string("KMAC")`: the function name N of SP 800-185 §4.3.
const KMAC_N: &[u8] = b"KMAC";

/// The KMAC variant (security strength).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    /// KMAC128, over cSHAKE128 (rate 168 bytes).
    Kmac128,
    /// KMAC256, over cSHAKE256 (rate 136 bytes).
    Kmac256,
}

impl Variant {
    /// The SHAKE function whose sponge (and backends) this variant uses.
    pub const fn shake(self) -> Algorithm {
        match self {
            Self::Kmac128 => Algorithm::Shake128,
            Self::Kmac256 => Algorithm::Shake256,
        }
    }

    /// The Keccak rate in bytes (the `bytepad` width): 168 or 136.
    pub const fn block_len(self) -> usize {
        self.shake().block_len()
    }

    /// OpenSSL's default output length in bytes: 32 for KMAC128, 64 for KMAC256.
    pub const fn default_mac_len(self) -> usize {
        match self {
            Self::Kmac128 => 32,
            Self::Kmac256 => 64,
        }
    }
}

/// `left_encode(x)` of SP 800-185 §2.3.1 into `buf`; returns the used prefix.
fn left_encode(x: u128, buf: &mut [u8; 17]) -> &[u8] {
    let n = (16 - (x.leading_zeros() as usize / 8)).max(1);
    buf[0] = n as u8;
    buf[1..=n].copy_from_slice(&x.to_be_bytes()[16 - n..]);
    &buf[..=n]
}

/// `right_encode(x)` of SP 800-185 §2.3.1 into `buf`; returns the used prefix.
fn right_encode(x: u128, buf: &mut [u8; 17]) -> &[u8] {
    let n = (16 - (x.leading_zeros() as usize / 8)).max(1);
    buf[..n].copy_from_slice(&x.to_be_bytes()[16 - n..]);
    buf[n] = n as u8;
    &buf[..=n]
}

/// The length in bits of `bytes` bytes, which cannot overflow a `u128`.
fn bits(bytes: usize) -> u128 {
    bytes as u128 * 8
}

/// Absorbs `bytepad(encode_string(s[0]) || encode_string(s[1]) || ..., w)` (SP 800-185 §2.3.3).
fn absorb_bytepad_strings(h: &mut Hasher, strings: &[&[u8]], w: usize) {
    let mut buf = [0u8; 17];
    let head = left_encode(w as u128, &mut buf);
    let mut n = head.len();
    h.update(head);
    for s in strings {
        let len = left_encode(bits(s.len()), &mut buf);
        n += len.len() + s.len();
        h.update(len);
        h.update(s);
    }
    let zeros = [0u8; 168];
    let mut pad = (w - n % w) % w;
    while pad > 0 {
        let take = pad.min(zeros.len());
        h.update(&zeros[..take]);
        pad -= take;
    }
    crate::wipe::wipe(&mut buf);
}

/// A keyed KMAC computation. Cloning copies the running state; all state is zeroized on drop.
#[derive(Clone)]
pub struct Kmac {
    variant: Variant,
    /// The state after absorbing the cSHAKE prefix and the padded key.
    keyed: Hasher,
    /// The running computation.
    cur: Hasher,
}

impl Kmac {
    /// KMAC `variant` keyed with `key` and customisation string `custom` (may be empty), on the default backend.
    pub fn new(variant: Variant, key: &[u8], custom: &[u8]) -> Kmac {
        let b = crate::digest::default_backend(variant.shake());
        // The default backend is usable by definition; fall back to the always-available soft one regardless.
        Self::with_backend(variant, b, key, custom)
            .or_else(|_| Self::with_backend(variant, Backend::Soft, key, custom))
            .expect("the soft Keccak backend is always available")
    }

    /// As [`Kmac::new`] on Keccak backend `b` ([`Error::BackendUnavailable`] if not usable here).
    pub fn with_backend(variant: Variant, b: Backend, key: &[u8], custom: &[u8]) -> Result<Kmac, Error> {
        let w = variant.block_len();
        let mut keyed = Hasher::cshake_raw(variant.shake(), b)?;
        absorb_bytepad_strings(&mut keyed, &[KMAC_N, custom], w);
        absorb_bytepad_strings(&mut keyed, &[key], w);
        Ok(Kmac { variant, cur: keyed.clone(), keyed })
    }

    /// The variant.
    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The Keccak backend in use.
    pub fn backend(&self) -> Backend {
        self.cur.backend()
    }

    /// Absorbs message data.
    pub fn update(&mut self, data: &[u8]) {
        self.cur.update(data);
    }

    /// KMAC with output length `L = 8 * out.len()` bits into `out` (any length); then resets to the keyed state.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        self.finish(bits(out.len()), out)
    }

    /// KMACXOF (`right_encode(0)`): the first `out.len()` bytes of the XOF output; then resets to the keyed state.
    pub fn finalize_xof_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        self.finish(0, out)
    }

    fn finish(&mut self, l_bits: u128, out: &mut [u8]) -> Result<(), Error> {
        let mut buf = [0u8; 17];
        self.cur.update(right_encode(l_bits, &mut buf));
        let r = self.cur.finalize_into(out);
        self.reset();
        r
    }

    /// Forgets the message: back to the keyed initial state (same key and customisation string).
    pub fn reset(&mut self) {
        self.cur = self.keyed.clone();
    }
}

impl fmt::Debug for Kmac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kmac").field("variant", &self.variant).field("backend", &self.backend()).finish_non_exhaustive()
    }
}

#[cfg(test)]
#[path = "kmac_tests.rs"]
mod tests;
