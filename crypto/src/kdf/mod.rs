//! HMAC-based key derivation: HKDF (RFC 5869 / SP 800-56C r2 two-step KDF), the TLS 1.3 key schedule
//! primitives (RFC 8446 §7.1, with OpenSSL's `TLS13-KDF` extract semantics) and the TLS 1.2 PRF
//! (RFC 5246 §5 / SP 800-135 r1 §4.2). Submodules hold the other KDFs: [`sskdf`] (SP 800-56C one-step and
//! ANSI X9.63), [`kbkdf`] (SP 800-108 counter/feedback with HMAC or CMAC), [`pbkdf2`] (SP 800-132) and
//! [`sshkdf`] (RFC 4253 §7.2).
//!
//! Everything runs HMAC from [`crate::hmac`] over a fixed-length digest chosen as a [`HmacHash`]. Keyed HMAC
//! states are built once per secret and cloned per block, never re-keyed in a loop. Intermediate values
//! (PRKs, `T(i)`, `A(i)`) are zeroized when dropped.

mod hkdf;
pub mod kbkdf;
pub mod pbkdf2;
pub mod sshkdf;
pub mod sskdf;
mod tls12;
mod tls13;

pub use hkdf::{Expander, expand, extract, extract_and_expand};
pub use tls12::{TLS12_PRF_DIGESTS, tls12_prf};
pub use tls13::{MAX_LABEL_LEN, hkdf_expand_label, tls13_extract};

use crate::Error;
use crate::digest::{Algorithm, Backend, default_backend};
use crate::hmac::Hmac;

/// Largest digest output (SHA-512), the size of the stack buffers used for intermediate values.
pub(crate) const MAX_HASH_LEN: usize = 64;

/// The hash function, and the digest backend implementing it, that a KDF runs HMAC with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HmacHash {
    alg: Algorithm,
    backend: Backend,
}

impl HmacHash {
    /// `alg` on its default backend. [`Error::Unsupported`] for the XOFs (HMAC needs a fixed-length hash).
    pub fn new(alg: Algorithm) -> Result<HmacHash, Error> {
        if alg.is_xof() {
            return Err(Error::Unsupported);
        }
        // The default backend is usable by definition; no need to list the others.
        Ok(HmacHash { alg, backend: default_backend(alg) })
    }

    /// `alg` on backend `b`: [`Error::Unsupported`] for XOFs, [`Error::BackendUnavailable`] if `b` cannot run
    /// `alg` on this CPU.
    pub fn with_backend(alg: Algorithm, backend: Backend) -> Result<HmacHash, Error> {
        if alg.is_xof() {
            return Err(Error::Unsupported);
        }
        if !crate::digest::backends(alg).contains(&backend) {
            return Err(Error::BackendUnavailable);
        }
        Ok(HmacHash { alg, backend })
    }

    /// The digest algorithm.
    pub fn algorithm(self) -> Algorithm {
        self.alg
    }

    /// The digest backend.
    pub fn backend(self) -> Backend {
        self.backend
    }

    /// `HashLen`: the digest's (and HMAC's) output length in bytes.
    pub fn output_len(self) -> usize {
        self.alg.output_len()
    }

    /// HMAC keyed with `key`.
    pub fn hmac(self, key: &[u8]) -> Result<Hmac, Error> {
        Hmac::with_backend(self.alg, self.backend, key)
    }

    /// `Hash(data)` into `out` (`out.len()` must be [`output_len`](Self::output_len)).
    pub fn digest_into(self, data: &[u8], out: &mut [u8]) -> Result<(), Error> {
        let mut h = crate::digest::Hasher::with_backend(self.alg, self.backend)?;
        h.update(data);
        h.finalize_into(out)
    }
}

#[cfg(test)]
mod tests;
