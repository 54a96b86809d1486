//! HMAC_DRBG (SP 800-90A r1 §10.1.2) over HMAC with any fixed-length digest.
//!
//! The working state is `(K, V)` of outlen bytes each. The HMAC keyed with `K` is kept between calls (its
//! keyed inner/outer states are derived from `K` once per HMAC_DRBG_Update), so generating output costs one
//! HMAC per block. Security strength as for Hash_DRBG (SP 800-90A r1 Table 2).

use core::fmt;

use zeroize::Zeroize;

use super::{Drbg, DrbgError, MAX_INPUT_LEN, MAX_REQUEST, MAX_RESEED_INTERVAL, Scratch, digest_strength};
use crate::digest::{self, Algorithm, Backend};
use crate::hmac::Hmac;

/// The largest digest output in bytes.
const MAX_OUT: usize = 64;

/// An HMAC_DRBG instance: the working state `(V, Key, reseed_counter)` and its administrative parameters.
///
/// `K`, `V` and the keyed HMAC are zeroized on [`Drbg::uninstantiate`] and on drop; `Debug` shows none.
pub struct HmacDrbg {
    alg: Algorithm,
    backend: Backend,
    /// HMAC keyed with `K`; `None` while not instantiated.
    mac: Option<Hmac>,
    k: [u8; MAX_OUT],
    v: [u8; MAX_OUT],
    reseed_counter: u64,
    reseed_interval: u64,
}

impl fmt::Debug for HmacDrbg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacDrbg")
            .field("digest", &self.alg)
            .field("backend", &self.backend)
            .field("instantiated", &self.mac.is_some())
            .field("reseed_counter", &self.reseed_counter)
            .finish_non_exhaustive()
    }
}

impl Drop for HmacDrbg {
    fn drop(&mut self) {
        self.k.zeroize();
        self.v.zeroize();
    }
}

impl HmacDrbg {
    /// An uninstantiated HMAC_DRBG with `alg` on its default backend ([`DrbgError::Digest`] for the XOFs).
    pub fn new(alg: Algorithm) -> Result<HmacDrbg, DrbgError> {
        Self::with_backend(alg, digest::default_backend(alg))
    }

    /// An uninstantiated HMAC_DRBG with `alg` on digest backend `backend` ([`DrbgError::Digest`] for the XOFs
    /// or a backend not usable here).
    pub fn with_backend(alg: Algorithm, backend: Backend) -> Result<HmacDrbg, DrbgError> {
        // Probe now so that instantiate cannot fail for the digest later.
        Hmac::with_backend(alg, backend, &[]).map_err(DrbgError::Digest)?;
        Ok(HmacDrbg {
            alg,
            backend,
            mac: None,
            k: [0; MAX_OUT],
            v: [0; MAX_OUT],
            reseed_counter: 0,
            reseed_interval: MAX_RESEED_INTERVAL,
        })
    }

    /// The digest.
    pub fn digest(&self) -> Algorithm {
        self.alg
    }

    /// The digest backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn out_len(&self) -> usize {
        self.alg.output_len()
    }

    /// One half of HMAC_DRBG_Update: `K = HMAC(K, V || byte || provided...)`, `V = HMAC(K, V)`.
    fn update_half(&mut self, byte: u8, provided: [&[u8]; 3]) -> Result<(), DrbgError> {
        let n = self.out_len();
        let mac = self.mac.as_mut().ok_or(DrbgError::NotInstantiated)?;
        mac.update(&self.v[..n]);
        mac.update(&[byte]);
        for p in provided {
            mac.update(p);
        }
        mac.finalize_into(&mut self.k[..n]).map_err(DrbgError::Digest)?;
        let mut mac = Hmac::with_backend(self.alg, self.backend, &self.k[..n]).map_err(DrbgError::Digest)?;
        mac.update(&self.v[..n]);
        mac.finalize_into(&mut self.v[..n]).map_err(DrbgError::Digest)?;
        self.mac = Some(mac);
        Ok(())
    }

    /// HMAC_DRBG_Update (§10.1.2.2) with `provided_data` = the concatenation of `provided`.
    fn update(&mut self, provided: [&[u8]; 3]) -> Result<(), DrbgError> {
        self.update_half(0x00, provided)?;
        if provided.iter().all(|p| p.is_empty()) {
            return Ok(());
        }
        self.update_half(0x01, provided)
    }

    fn check_entropy(&self, entropy: &[u8]) -> Result<(), DrbgError> {
        if entropy.len() < self.min_entropy_len() || entropy.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        Ok(())
    }
}

impl Drbg for HmacDrbg {
    fn strength(&self) -> u32 {
        digest_strength(self.alg)
    }

    fn is_instantiated(&self) -> bool {
        self.mac.is_some()
    }

    fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }

    fn reseed_interval(&self) -> u64 {
        self.reseed_interval
    }

    fn set_reseed_interval(&mut self, n: u64) -> Result<(), DrbgError> {
        if n == 0 || n > MAX_RESEED_INTERVAL {
            return Err(DrbgError::InvalidLength);
        }
        self.reseed_interval = n;
        Ok(())
    }

    /// Instantiate (§10.1.2.3): `K = 0x00...`, `V = 0x01...`, then Update(entropy || nonce || pers).
    fn instantiate(&mut self, entropy: &[u8], nonce: &[u8], pers: &[u8]) -> Result<(), DrbgError> {
        self.check_entropy(entropy)?;
        if nonce.len() > MAX_INPUT_LEN || pers.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        self.uninstantiate();
        let n = self.out_len();
        self.v[..n].fill(0x01);
        self.mac = Some(Hmac::with_backend(self.alg, self.backend, &self.k[..n]).map_err(DrbgError::Digest)?);
        if let Err(e) = self.update([entropy, nonce, pers]) {
            self.uninstantiate();
            return Err(e);
        }
        self.reseed_counter = 1;
        Ok(())
    }

    /// Reseed (§10.1.2.4): Update(entropy || additional).
    fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.is_instantiated() {
            return Err(DrbgError::NotInstantiated);
        }
        self.check_entropy(entropy)?;
        if additional.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        self.update([entropy, additional, &[]])?;
        self.reseed_counter = 1;
        Ok(())
    }

    /// Generate (§10.1.2.5): Update(additional) if given; `V = HMAC(K, V)` per output block; Update(additional).
    fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.is_instantiated() {
            return Err(DrbgError::NotInstantiated);
        }
        if out.len() > MAX_REQUEST {
            return Err(DrbgError::RequestTooLarge);
        }
        if additional.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        if self.reseed_counter > self.reseed_interval {
            return Err(DrbgError::ReseedRequired);
        }
        if !additional.is_empty() {
            self.update([additional, &[], &[]])?;
        }
        let n = self.out_len();
        let mac = self.mac.as_mut().ok_or(DrbgError::NotInstantiated)?;
        let mut v = Scratch::<MAX_OUT>::new();
        v[..n].copy_from_slice(&self.v[..n]);
        for chunk in out.chunks_mut(n) {
            mac.update(&v[..n]);
            mac.finalize_into(&mut v[..n]).map_err(DrbgError::Digest)?;
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        self.v[..n].copy_from_slice(&v[..n]);
        self.update([additional, &[], &[]])?;
        self.reseed_counter += 1;
        Ok(())
    }

    fn uninstantiate(&mut self) {
        // Dropping the keyed HMAC zeroizes its states.
        self.mac = None;
        self.k.zeroize();
        self.v.zeroize();
        self.reseed_counter = 0;
    }

    fn is_zeroized(&self) -> bool {
        self.mac.is_none()
            && self.reseed_counter == 0
            && self.k.iter().chain(self.v.iter()).fold(0u8, |acc, &b| acc | b) == 0
    }
}
