//! GMAC (NIST SP 800-38D §3: GCM with an empty plaintext, authenticating only the AAD) as a streaming state.
//!
//! Built on [`AesGcm`]'s public API: [`Gmac::start`] begins a message under an IV (any length of at least one
//! byte), [`Gmac::update`] absorbs message bytes as GCM additional data in any pieces, and [`Gmac::finalize`]
//! returns the 16-byte tag. Each message needs its own IV: after a tag, [`Gmac::start`] is required again.

use core::fmt;

use crate::Error;
use crate::gcm::{self, AesGcm};

/// Bytes of a GMAC tag.
pub const MAC_LEN: usize = gcm::TAG_LEN;

/// An AES-GMAC key with the state of one message (zeroized on drop by [`AesGcm`]; `Debug` is redacted).
#[derive(Clone)]
pub struct Gmac {
    gcm: AesGcm,
}

impl fmt::Debug for Gmac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gmac")
            .field("key_len", &self.gcm.key_len())
            .field("backend", &self.gcm.backend())
            .finish_non_exhaustive()
    }
}

impl Gmac {
    /// A GMAC key from a 16-, 24- or 32-byte AES key (else [`Error::InvalidKey`]), on the default GCM backend.
    pub fn new(key: &[u8]) -> Result<Gmac, Error> {
        Gmac::with_backend(key, gcm::default_backend())
    }

    /// A GMAC key on GCM backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: gcm::Backend) -> Result<Gmac, Error> {
        Ok(Gmac { gcm: AesGcm::with_backend(key, b)? })
    }

    /// The GCM backend this key runs on.
    pub fn backend(&self) -> gcm::Backend {
        self.gcm.backend()
    }

    /// The AES key length in bytes (16, 24 or 32).
    pub fn key_len(&self) -> usize {
        self.gcm.key_len()
    }

    /// The tag length: [`MAC_LEN`].
    pub fn mac_len(&self) -> usize {
        MAC_LEN
    }

    /// Begins a message under `iv` (at least one byte, else [`Error::InvalidLength`]), abandoning any message in
    /// progress.
    pub fn start(&mut self, iv: &[u8]) -> Result<(), Error> {
        self.gcm.start(iv)
    }

    /// Absorbs message bytes; [`Error::InvalidState`] without a message in progress, [`Error::InvalidLength`]
    /// past GCM's AAD limit.
    pub fn update(&mut self, data: &[u8]) -> Result<(), Error> {
        self.gcm.aad(data)
    }

    /// Ends the message and returns its tag; [`Error::InvalidState`] without a message in progress.
    pub fn finalize(&mut self) -> Result<[u8; MAC_LEN], Error> {
        self.gcm.tag()
    }

    /// Ends the message and writes its tag to `out` (exactly [`MAC_LEN`] bytes, else [`Error::InvalidLength`] and
    /// the message stays open).
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        if out.len() != MAC_LEN {
            return Err(Error::InvalidLength);
        }
        out.copy_from_slice(&self.finalize()?);
        Ok(())
    }
}

#[cfg(test)]
#[path = "gmac_tests.rs"]
mod tests;
