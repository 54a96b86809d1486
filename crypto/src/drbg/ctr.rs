//! CTR_DRBG (SP 800-90A r1 §10.2.1) with AES, counter field = the whole 128-bit block (ctr_len = blocklen).

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::df::Df;
use super::engine::Engine;
use super::{DrbgError, MAX_INPUT_LEN, MAX_REQUEST, MAX_RESEED_INTERVAL};
use crate::aes::{self, Aes, BLOCK_LEN, Backend};

/// Largest seed length (AES-256: 256-bit key + 128-bit block).
const MAX_SEED_LEN: usize = 48;

/// The block cipher of a CTR_DRBG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cipher {
    /// AES-128: security strength 128 bits, seedlen 256 bits.
    Aes128,
    /// AES-192: security strength 192 bits, seedlen 320 bits.
    Aes192,
    /// AES-256: security strength 256 bits, seedlen 384 bits.
    Aes256,
}

impl Cipher {
    /// Key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128 => 16,
            Self::Aes192 => 24,
            Self::Aes256 => 32,
        }
    }

    /// seedlen in bytes: key length + block length.
    pub const fn seed_len(self) -> usize {
        self.key_len() + BLOCK_LEN
    }

    /// Security strength in bits (SP 800-90A r1 Table 3).
    pub const fn strength(self) -> u32 {
        self.key_len() as u32 * 8
    }

    /// OpenSSL's name of the matching CTR-mode cipher, as the `cipher` DRBG parameter spells it.
    pub const fn ctr_name(self) -> &'static str {
        match self {
            Self::Aes128 => "AES-128-CTR",
            Self::Aes192 => "AES-192-CTR",
            Self::Aes256 => "AES-256-CTR",
        }
    }

    /// The cipher with this key length in bytes.
    pub const fn from_key_len(n: usize) -> Option<Cipher> {
        match n {
            16 => Some(Self::Aes128),
            24 => Some(Self::Aes192),
            32 => Some(Self::Aes256),
            _ => None,
        }
    }
}

/// A CTR_DRBG instance: the working state `(V, Key, reseed_counter)` and its administrative parameters.
///
/// `V` and the key schedule are zeroized on [`CtrDrbg::uninstantiate`] and on drop; `Debug` shows neither.
pub struct CtrDrbg {
    cipher: Cipher,
    use_df: bool,
    backend: Backend,
    df: Option<Df>,
    /// The cipher keyed with `Key`; `None` while not instantiated.
    engine: Option<Engine>,
    v: [u8; BLOCK_LEN],
    reseed_counter: u64,
    reseed_interval: u64,
}

impl fmt::Debug for CtrDrbg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CtrDrbg")
            .field("cipher", &self.cipher)
            .field("use_df", &self.use_df)
            .field("backend", &self.backend)
            .field("instantiated", &self.engine.is_some())
            .field("reseed_counter", &self.reseed_counter)
            .finish_non_exhaustive()
    }
}

impl Drop for CtrDrbg {
    fn drop(&mut self) {
        self.v.zeroize();
    }
}

impl CtrDrbg {
    /// An uninstantiated DRBG on the default AES backend.
    pub fn new(cipher: Cipher, use_df: bool) -> CtrDrbg {
        match Self::with_backend(cipher, use_df, aes::default_backend()) {
            Ok(d) => d,
            // The default backend is usable by definition; fall back to the portable one regardless.
            Err(_) => CtrDrbg {
                cipher,
                use_df,
                backend: Backend::Soft,
                df: if use_df { Df::new(cipher.key_len(), Backend::Soft).ok() } else { None },
                engine: None,
                v: [0; BLOCK_LEN],
                reseed_counter: 0,
                reseed_interval: MAX_RESEED_INTERVAL,
            },
        }
    }

    /// An uninstantiated DRBG on AES backend `backend` ([`DrbgError::Cipher`] if it is not usable here).
    pub fn with_backend(cipher: Cipher, use_df: bool, backend: Backend) -> Result<CtrDrbg, DrbgError> {
        let df = if use_df {
            Some(Df::new(cipher.key_len(), backend).map_err(DrbgError::Cipher)?)
        } else {
            // Probe the backend now so that instantiate cannot fail for it later.
            Aes::with_backend(&[0u8; 16], backend).map_err(DrbgError::Cipher)?;
            None
        };
        Ok(CtrDrbg {
            cipher,
            use_df,
            backend,
            df,
            engine: None,
            v: [0; BLOCK_LEN],
            reseed_counter: 0,
            reseed_interval: MAX_RESEED_INTERVAL,
        })
    }

    /// The block cipher.
    pub fn cipher(&self) -> Cipher {
        self.cipher
    }

    /// Whether the derivation function is used.
    pub fn use_df(&self) -> bool {
        self.use_df
    }

    /// The AES backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Security strength in bits.
    pub fn strength(&self) -> u32 {
        self.cipher.strength()
    }

    /// Whether the DRBG is instantiated.
    pub fn is_instantiated(&self) -> bool {
        self.engine.is_some()
    }

    /// Shortest entropy input in bytes: the security strength (with df), or exactly seedlen (without).
    pub fn min_entropy_len(&self) -> usize {
        if self.use_df { self.cipher.key_len() } else { self.cipher.seed_len() }
    }

    /// Longest entropy input in bytes.
    pub fn max_entropy_len(&self) -> usize {
        if self.use_df { MAX_INPUT_LEN } else { self.cipher.seed_len() }
    }

    /// Longest nonce in bytes (no nonce without df).
    pub fn max_nonce_len(&self) -> usize {
        if self.use_df { MAX_INPUT_LEN } else { 0 }
    }

    /// Longest personalization string or additional input in bytes.
    pub fn max_input_len(&self) -> usize {
        if self.use_df { MAX_INPUT_LEN } else { self.cipher.seed_len() }
    }

    /// SP 800-90A's `reseed_counter`: 1 after (re)seeding, plus one per generate (0 when not instantiated).
    pub fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }

    /// The number of generate requests allowed between reseeds.
    pub fn reseed_interval(&self) -> u64 {
        self.reseed_interval
    }

    /// Sets the reseed interval: 1 ..= 2^48 requests (else [`DrbgError::InvalidLength`]).
    pub fn set_reseed_interval(&mut self, n: u64) -> Result<(), DrbgError> {
        if n == 0 || n > MAX_RESEED_INTERVAL {
            return Err(DrbgError::InvalidLength);
        }
        self.reseed_interval = n;
        Ok(())
    }

    /// Whether the working state is all zero (uninstantiated and nothing left behind): OpenSSL's
    /// `verify_zeroization`.
    pub fn is_zeroized(&self) -> bool {
        self.engine.is_none() && self.v.iter().all(|&b| b == 0) && self.reseed_counter == 0
    }

    /// Instantiate (SP 800-90A §10.2.1.3): seeds from `entropy`, `nonce` and the personalization string.
    ///
    /// With df: `entropy` needs at least `strength / 8` bytes of full entropy; the nonce (any length, possibly
    /// empty when the entropy input also covers it, §8.6.7) and personalization are up to [`MAX_INPUT_LEN`].
    /// Without df: `entropy` is exactly seedlen bytes of full entropy, `nonce` must be empty and `pers` at most
    /// seedlen bytes. Re-instantiating an instantiated DRBG replaces its state.
    pub fn instantiate(&mut self, entropy: &[u8], nonce: &[u8], pers: &[u8]) -> Result<(), DrbgError> {
        self.check_entropy(entropy)?;
        if nonce.len() > self.max_nonce_len() || pers.len() > self.max_input_len() {
            return Err(DrbgError::InvalidLength);
        }
        let mut seed = Zeroizing::new([0u8; MAX_SEED_LEN]);
        let seed = &mut seed[..self.cipher.seed_len()];
        self.seed_material([entropy, nonce, pers], seed)?;
        self.uninstantiate();
        // Key = 0^keylen, V = 0^blocklen, then Update(seed_material).
        let zero_key = &[0u8; 32][..self.cipher.key_len()];
        self.engine = Some(Engine::new(self.backend, zero_key).map_err(DrbgError::Cipher)?);
        self.update(seed)?;
        self.reseed_counter = 1;
        Ok(())
    }

    /// Reseed (SP 800-90A §10.2.1.4) with fresh `entropy` and optional additional input (length rules as for
    /// [`CtrDrbg::instantiate`]).
    pub fn reseed(&mut self, entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.is_instantiated() {
            return Err(DrbgError::NotInstantiated);
        }
        self.check_entropy(entropy)?;
        if additional.len() > self.max_input_len() {
            return Err(DrbgError::InvalidLength);
        }
        let mut seed = Zeroizing::new([0u8; MAX_SEED_LEN]);
        let seed = &mut seed[..self.cipher.seed_len()];
        self.seed_material([entropy, &[], additional], seed)?;
        self.update(seed)?;
        self.reseed_counter = 1;
        Ok(())
    }

    /// Generate (SP 800-90A §10.2.1.5): fills `out` (at most [`MAX_REQUEST`] bytes) and mixes in the optional
    /// additional input. Fails with [`DrbgError::ReseedRequired`] once the reseed interval is used up.
    pub fn generate(&mut self, out: &mut [u8], additional: &[u8]) -> Result<(), DrbgError> {
        if !self.is_instantiated() {
            return Err(DrbgError::NotInstantiated);
        }
        if out.len() > MAX_REQUEST {
            return Err(DrbgError::RequestTooLarge);
        }
        if additional.len() > self.max_input_len() {
            return Err(DrbgError::InvalidLength);
        }
        if self.reseed_counter > self.reseed_interval {
            return Err(DrbgError::ReseedRequired);
        }
        let seed_len = self.cipher.seed_len();
        let mut adin = Zeroizing::new([0u8; MAX_SEED_LEN]);
        let adin = &mut adin[..seed_len];
        if !additional.is_empty() {
            match &self.df {
                Some(df) => df.derive([additional, &[], &[]], adin).map_err(DrbgError::Cipher)?,
                None => adin[..additional.len()].copy_from_slice(additional),
            }
            self.update(adin)?;
        }
        // Steps 4-6: the output blocks, then (same key, next counters) the blocks of the final Update.
        let engine = self.engine.as_ref().ok_or(DrbgError::NotInstantiated)?;
        let mut temp = Zeroizing::new([0u8; 3 * BLOCK_LEN]);
        engine.keystream(u128::from_be_bytes(self.v), out, &mut temp[..seed_len.div_ceil(BLOCK_LEN) * BLOCK_LEN]);
        self.finish_update(&mut temp[..], adin)?;
        self.reseed_counter += 1;
        Ok(())
    }

    /// Generate with prediction resistance (SP 800-90A §9.3.1 steps 7-7.4): reseed with `entropy` and the
    /// additional input, then generate with no additional input.
    pub fn generate_with_reseed(&mut self, out: &mut [u8], entropy: &[u8], additional: &[u8]) -> Result<(), DrbgError> {
        if out.len() > MAX_REQUEST {
            return Err(DrbgError::RequestTooLarge);
        }
        self.reseed(entropy, additional)?;
        self.generate(out, &[])
    }

    /// Uninstantiate (SP 800-90A §9.4): zeroizes the working state.
    pub fn uninstantiate(&mut self) {
        self.engine = None;
        self.v.zeroize();
        self.reseed_counter = 0;
    }

    fn check_entropy(&self, entropy: &[u8]) -> Result<(), DrbgError> {
        if entropy.len() < self.min_entropy_len() || entropy.len() > self.max_entropy_len() {
            return Err(DrbgError::InvalidLength);
        }
        Ok(())
    }

    /// seed_material = Block_Cipher_df(in_1 || in_2 || in_3) with df; in_1 XOR pad(in_3) without (in_2 empty).
    fn seed_material(&self, inputs: [&[u8]; 3], seed: &mut [u8]) -> Result<(), DrbgError> {
        match &self.df {
            Some(df) => {
                let total = inputs.iter().try_fold(0u64, |acc, i| acc.checked_add(i.len() as u64));
                if total.is_none_or(|t| t > u64::from(u32::MAX)) {
                    return Err(DrbgError::InvalidLength);
                }
                df.derive(inputs, seed).map_err(DrbgError::Cipher)
            }
            None => {
                let [entropy, _, extra] = inputs;
                seed.copy_from_slice(entropy);
                for (s, e) in seed.iter_mut().zip(extra) {
                    *s ^= e;
                }
                Ok(())
            }
        }
    }

    /// CTR_DRBG_Update (§10.2.1.2): temp = E(K, V+1) || E(K, V+2) [|| E(K, V+3)], truncated to seedlen and XORed
    /// with `provided` (seedlen bytes); Key = leftmost keylen bytes, V = the rest.
    fn update(&mut self, provided: &[u8]) -> Result<(), DrbgError> {
        let engine = self.engine.as_ref().ok_or(DrbgError::NotInstantiated)?;
        let blocks = self.cipher.seed_len().div_ceil(BLOCK_LEN);
        let mut temp = Zeroizing::new([0u8; 3 * BLOCK_LEN]);
        engine.keystream(u128::from_be_bytes(self.v), &mut [], &mut temp[..blocks * BLOCK_LEN]);
        self.finish_update(&mut temp[..], provided)
    }

    /// The second half of CTR_DRBG_Update, given the encrypted counter blocks `temp`.
    fn finish_update(&mut self, temp: &mut [u8], provided: &[u8]) -> Result<(), DrbgError> {
        let (key_len, seed_len) = (self.cipher.key_len(), self.cipher.seed_len());
        for (t, p) in temp.iter_mut().zip(provided) {
            *t ^= p;
        }
        let engine = self.engine.as_mut().ok_or(DrbgError::NotInstantiated)?;
        engine.rekey(&temp[..key_len]).map_err(DrbgError::Cipher)?;
        self.v.copy_from_slice(&temp[key_len..seed_len]);
        Ok(())
    }
}
