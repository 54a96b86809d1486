//! Hash_DRBG (SP 800-90A r1 §10.1.1) over any fixed-length digest, with Hash_df (§10.3.1).
//!
//! seedlen is 440 bits for digests of at most 256 bits and 888 bits above (SP 800-90A r1 Table 2; OpenSSL's
//! `drbg_hash.c` applies the same rule to SHA-3). The security strength is `min(256, 64 × floor(outlen / 64))`
//! bits: 128 for SHA-1, 192 for SHA-224 and SHA-512/224, 256 for the others (Table 2 / SP 800-57 Part 1).

use core::fmt;

use zeroize::Zeroize;

use super::{
    Drbg, DrbgError, MAX_INPUT_LEN, MAX_REQUEST, MAX_RESEED_INTERVAL, Scratch, add_be, add_be_all, digest_strength,
    increment_be,
};
use crate::digest::{self, Algorithm, Backend, Hasher};

/// The largest seedlen in bytes (888 bits).
const MAX_SEED_LEN: usize = 111;
/// seedlen in bytes for digests of at most 256 bits (440 bits).
const SMALL_SEED_LEN: usize = 55;
/// The largest digest output in bytes.
const MAX_OUT: usize = 64;

/// A Hash_DRBG instance: the working state `(V, C, reseed_counter)` and its administrative parameters.
///
/// `V`, `C` and the hasher are zeroized on [`Drbg::uninstantiate`] and on drop; `Debug` shows neither.
pub struct HashDrbg {
    hasher: Hasher,
    seed_len: usize,
    v: [u8; MAX_SEED_LEN],
    c: [u8; MAX_SEED_LEN],
    instantiated: bool,
    reseed_counter: u64,
    reseed_interval: u64,
}

impl fmt::Debug for HashDrbg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashDrbg")
            .field("digest", &self.hasher.algorithm())
            .field("backend", &self.hasher.backend())
            .field("instantiated", &self.instantiated)
            .field("reseed_counter", &self.reseed_counter)
            .finish_non_exhaustive()
    }
}

impl Drop for HashDrbg {
    fn drop(&mut self) {
        self.v.zeroize();
        self.c.zeroize();
    }
}

impl HashDrbg {
    /// An uninstantiated Hash_DRBG with `alg` on its default backend ([`DrbgError::Digest`] for the XOFs).
    pub fn new(alg: Algorithm) -> Result<HashDrbg, DrbgError> {
        Self::with_backend(alg, digest::default_backend(alg))
    }

    /// An uninstantiated Hash_DRBG with `alg` on digest backend `backend` ([`DrbgError::Digest`] for the XOFs
    /// or a backend not usable here).
    pub fn with_backend(alg: Algorithm, backend: Backend) -> Result<HashDrbg, DrbgError> {
        if alg.is_xof() {
            return Err(DrbgError::Digest(crate::Error::Unsupported));
        }
        let hasher = Hasher::with_backend(alg, backend).map_err(DrbgError::Digest)?;
        let seed_len = if alg.output_len() > 32 { MAX_SEED_LEN } else { SMALL_SEED_LEN };
        Ok(HashDrbg {
            hasher,
            seed_len,
            v: [0; MAX_SEED_LEN],
            c: [0; MAX_SEED_LEN],
            instantiated: false,
            reseed_counter: 0,
            reseed_interval: MAX_RESEED_INTERVAL,
        })
    }

    /// The digest.
    pub fn digest(&self) -> Algorithm {
        self.hasher.algorithm()
    }

    /// The digest backend.
    pub fn backend(&self) -> Backend {
        self.hasher.backend()
    }

    /// seedlen in bytes (55 or 111).
    pub fn seed_len(&self) -> usize {
        self.seed_len
    }

    fn out_len(&self) -> usize {
        self.digest().output_len()
    }

    /// `Hash(prefix || V || extra)` into `out` (outlen bytes).
    fn hash_v(&mut self, prefix: u8, extra: &[u8], out: &mut [u8]) -> Result<(), DrbgError> {
        self.hasher.update(&[prefix]);
        self.hasher.update(&self.v[..self.seed_len]);
        self.hasher.update(extra);
        self.hasher.finalize_into(out).map_err(DrbgError::Digest)
    }

    /// Hash_df(`prefix || inputs...`, seedlen) into `out` (§10.3.1): `Hash(counter || seedlen_bits || input)`
    /// for counter = 1, 2, ..., concatenated and truncated to seedlen bytes.
    fn hash_df(&mut self, prefix: Option<u8>, inputs: [&[u8]; 3], out: &mut [u8]) -> Result<(), DrbgError> {
        let bits = (self.seed_len as u32 * 8).to_be_bytes();
        let n = self.out_len();
        let mut block = Scratch::<MAX_OUT>::new();
        for (i, chunk) in out[..self.seed_len].chunks_mut(n).enumerate() {
            self.hasher.update(&[i as u8 + 1]);
            self.hasher.update(&bits);
            if let Some(p) = prefix {
                self.hasher.update(&[p]);
            }
            for input in inputs {
                self.hasher.update(input);
            }
            self.hasher.finalize_into(&mut block[..n]).map_err(DrbgError::Digest)?;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }

    /// `C = Hash_df(0x00 || V, seedlen)` and `reseed_counter = 1`: the end of instantiate and reseed.
    fn derive_c(&mut self) -> Result<(), DrbgError> {
        let mut v = Scratch::<MAX_SEED_LEN>::new();
        v.copy_from_slice(&self.v);
        let mut c = Scratch::<MAX_SEED_LEN>::new();
        self.hash_df(Some(0x00), [&v[..self.seed_len], &[], &[]], &mut c[..])?;
        self.c.copy_from_slice(&c[..]);
        self.reseed_counter = 1;
        self.instantiated = true;
        Ok(())
    }

    /// Hashgen (§10.1.1.4): `Hash(data) || Hash(data + 1) || ...` from data = V, truncated to `out.len()`.
    fn hashgen(&mut self, out: &mut [u8]) -> Result<(), DrbgError> {
        let n = self.out_len();
        let mut data = Scratch::<MAX_SEED_LEN>::new();
        data.copy_from_slice(&self.v);
        let mut block = Scratch::<MAX_OUT>::new();
        for chunk in out.chunks_mut(n) {
            self.hasher.update(&data[..self.seed_len]);
            if chunk.len() == n {
                self.hasher.finalize_into(chunk).map_err(DrbgError::Digest)?;
            } else {
                self.hasher.finalize_into(&mut block[..n]).map_err(DrbgError::Digest)?;
                chunk.copy_from_slice(&block[..chunk.len()]);
            }
            increment_be(&mut data[..self.seed_len]);
        }
        Ok(())
    }

    fn check_entropy(&self, entropy: &[u8]) -> Result<(), DrbgError> {
        if entropy.len() < self.min_entropy_len() || entropy.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        Ok(())
    }
}

impl Drbg for HashDrbg {
    fn strength(&self) -> u32 {
        digest_strength(self.digest())
    }

    fn is_instantiated(&self) -> bool {
        self.instantiated
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

    /// Instantiate (§10.1.1.2): `V = Hash_df(entropy || nonce || pers)`, `C = Hash_df(0x00 || V)`.
    fn instantiate(&mut self, entropy: &[u8], nonce: &[u8], pers: &[u8]) -> Result<(), DrbgError> {
        self.check_entropy(entropy)?;
        if nonce.len() > MAX_INPUT_LEN || pers.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        self.uninstantiate();
        let mut v = Scratch::<MAX_SEED_LEN>::new();
        self.hash_df(None, [entropy, nonce, pers], &mut v[..])?;
        self.v.copy_from_slice(&v[..]);
        self.derive_c()
    }

    /// Reseed (§10.1.1.3): `V = Hash_df(0x01 || V || entropy || additional)`, `C = Hash_df(0x00 || V)`.
    fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.instantiated {
            return Err(DrbgError::NotInstantiated);
        }
        self.check_entropy(entropy)?;
        if additional.len() > MAX_INPUT_LEN {
            return Err(DrbgError::InvalidLength);
        }
        let mut old = Scratch::<MAX_SEED_LEN>::new();
        old.copy_from_slice(&self.v);
        let mut v = Scratch::<MAX_SEED_LEN>::new();
        self.hash_df(Some(0x01), [&old[..self.seed_len], entropy, additional], &mut v[..])?;
        self.v.copy_from_slice(&v[..]);
        self.derive_c()
    }

    /// Generate (§10.1.1.4): with additional input `V += Hash(0x02 || V || additional)`; Hashgen; then
    /// `V += Hash(0x03 || V) + C + reseed_counter` (all mod 2^seedlen).
    fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.instantiated {
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
        let n = self.out_len();
        if !additional.is_empty() {
            let mut w = Scratch::<MAX_OUT>::new();
            self.hash_v(0x02, additional, &mut w[..n])?;
            add_be(&mut self.v[..self.seed_len], &w[..n]);
        }
        self.hashgen(out)?;
        // V = V + H + C + reseed_counter in one pass, H = Hash(0x03 || V) and the counter right-aligned.
        let sl = self.seed_len;
        let mut h = Scratch::<MAX_SEED_LEN>::new();
        self.hash_v(0x03, &[], &mut h[sl - n..sl])?;
        let mut counter = [0u8; MAX_SEED_LEN];
        counter[sl - 8..sl].copy_from_slice(&self.reseed_counter.to_be_bytes());
        add_be_all(&mut self.v[..sl], &[&h[..sl], &self.c[..sl], &counter[..sl]]);
        self.reseed_counter += 1;
        Ok(())
    }

    fn uninstantiate(&mut self) {
        self.v.zeroize();
        self.c.zeroize();
        // A fresh hasher: the old one (which saw V) is zeroized as it drops.
        self.hasher.reset();
        if let Ok(h) = Hasher::with_backend(self.digest(), self.backend()) {
            self.hasher = h;
        }
        self.instantiated = false;
        self.reseed_counter = 0;
    }

    fn is_zeroized(&self) -> bool {
        !self.instantiated
            && self.reseed_counter == 0
            && self.v.iter().chain(self.c.iter()).fold(0u8, |acc, &b| acc | b) == 0
    }
}
