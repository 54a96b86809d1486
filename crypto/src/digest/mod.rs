//! Message digests: SHA-1, SHA-2 (FIPS 180-4), SHA-3 and SHAKE (FIPS 202).
//!
//! A [`Hasher`] picks its backend once, at construction: [`Hasher::new`] takes the fastest one this CPU supports
//! ([`default_backend`]); [`Hasher::with_backend`] lets tests and self-tests pin any backend from [`backends`].
//! The SHA-1/SHA-2 compression functions live in `sha1/`, `sha256/` and `sha512/`; this module adds the
//! Merkle-Damgård buffering and padding (`md.rs`) and the Keccak sponge (`sponge.rs`, over `keccak/`).

use core::fmt;

use crate::Error;

#[cfg(test)]
mod engine_tests;
mod keccak;
mod md;
pub(crate) mod sha1;
pub(crate) mod sha256;
pub(crate) mod sha512;
mod sponge;

use md::Md;
use sponge::Sponge;

/// A digest algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// SHA-1 (FIPS 180-4), 160-bit output.
    Sha1,
    /// SHA-224 (FIPS 180-4).
    Sha224,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
    /// SHA-512/224 (FIPS 180-4).
    Sha512_224,
    /// SHA-512/256 (FIPS 180-4).
    Sha512_256,
    /// SHA3-224 (FIPS 202).
    Sha3_224,
    /// SHA3-256 (FIPS 202).
    Sha3_256,
    /// SHA3-384 (FIPS 202).
    Sha3_384,
    /// SHA3-512 (FIPS 202).
    Sha3_512,
    /// SHAKE128 extendable-output function (FIPS 202).
    Shake128,
    /// SHAKE256 extendable-output function (FIPS 202).
    Shake256,
}

impl Algorithm {
    /// Every algorithm, in declaration order.
    pub const ALL: [Algorithm; 13] = [
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
        Self::Sha512_224,
        Self::Sha512_256,
        Self::Sha3_224,
        Self::Sha3_256,
        Self::Sha3_384,
        Self::Sha3_512,
        Self::Shake128,
        Self::Shake256,
    ];

    /// Output length in bytes. For the XOFs this is OpenSSL's default "size": 16 for SHAKE128, 32 for SHAKE256.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 | Self::Sha512_224 | Self::Sha3_224 => 28,
            Self::Sha256 | Self::Sha512_256 | Self::Sha3_256 => 32,
            Self::Sha384 | Self::Sha3_384 => 48,
            Self::Sha512 | Self::Sha3_512 => 64,
            Self::Shake128 => 16,
            Self::Shake256 => 32,
        }
    }

    /// Block length in bytes: 64 or 128 for SHA-1/SHA-2, the Keccak rate for SHA-3 and SHAKE.
    pub const fn block_len(self) -> usize {
        match self {
            Self::Sha1 | Self::Sha224 | Self::Sha256 => 64,
            Self::Sha384 | Self::Sha512 | Self::Sha512_224 | Self::Sha512_256 => 128,
            Self::Sha3_224 => 144,
            Self::Sha3_256 | Self::Shake256 => 136,
            Self::Sha3_384 => 104,
            Self::Sha3_512 => 72,
            Self::Shake128 => 168,
        }
    }

    /// Whether this is an extendable-output function (SHAKE).
    pub const fn is_xof(self) -> bool {
        matches!(self, Self::Shake128 | Self::Shake256)
    }

    /// The NIST name, e.g. `"SHA-256"`, `"SHA-512/224"`, `"SHA3-256"`, `"SHAKE-128"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha512_224 => "SHA-512/224",
            Self::Sha512_256 => "SHA-512/256",
            Self::Sha3_224 => "SHA3-224",
            Self::Sha3_256 => "SHA3-256",
            Self::Sha3_384 => "SHA3-384",
            Self::Sha3_512 => "SHA3-512",
            Self::Shake128 => "SHAKE-128",
            Self::Shake256 => "SHAKE-256",
        }
    }

    /// The backends that may implement this algorithm on some CPU, fastest first, ending with `Soft`.
    fn candidates(self) -> &'static [Backend] {
        match self {
            Self::Sha1 => sha1::CANDIDATES,
            Self::Sha224 | Self::Sha256 => sha256::CANDIDATES,
            Self::Sha384 | Self::Sha512 | Self::Sha512_224 | Self::Sha512_256 => sha512::CANDIDATES,
            Self::Sha3_224 | Self::Sha3_256 | Self::Sha3_384 | Self::Sha3_512 | Self::Shake128 | Self::Shake256 => {
                keccak::CANDIDATES
            }
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An implementation of a digest's core function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Portable Rust, available everywhere.
    Soft,
    /// x86 SHA extensions.
    X86ShaNi,
    /// x86 AVX2 (+BMI2).
    X86Avx2,
    /// ARMv8 SHA-1/SHA-256 instructions.
    Aarch64Sha2,
    /// ARMv8.2 SHA-512 instructions.
    Aarch64Sha512,
    /// ARMv8.2 SHA-3 instructions (EOR3, RAX1, XAR, BCAX).
    Aarch64Sha3,
}

impl Backend {
    /// A short stable name: `"soft"`, `"x86-sha-ni"`, `"x86-avx2"`, `"armv8-sha2"`, `"armv8-sha512"`,
    /// `"armv8-sha3"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            Self::X86ShaNi => "x86-sha-ni",
            Self::X86Avx2 => "x86-avx2",
            Self::Aarch64Sha2 => "armv8-sha2",
            Self::Aarch64Sha512 => "armv8-sha512",
            Self::Aarch64Sha3 => "armv8-sha3",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The backends usable on this CPU for `alg`, fastest first; always ends with [`Backend::Soft`].
pub fn backends(alg: Algorithm) -> Vec<Backend> {
    alg.candidates().iter().copied().filter(|&b| Core::new(alg, b).is_ok()).collect()
}

/// The backend [`Hasher::new`] uses for `alg`: the first of [`backends`].
pub fn default_backend(alg: Algorithm) -> Backend {
    Hasher::new(alg).backend()
}

/// One-shot digest of `data` with the default backend; returns [`Algorithm::output_len`] bytes.
pub fn digest(alg: Algorithm, data: &[u8]) -> Vec<u8> {
    let mut h = Hasher::new(alg);
    h.update(data);
    let mut out = vec![0u8; alg.output_len()];
    h.core.finalize(&mut out);
    out
}

/// The running state of one algorithm family with its engine.
#[derive(Clone)]
enum Core {
    Sha1(Md<sha1::Engine>),
    Sha256(Md<sha256::Engine>),
    Sha512(Md<sha512::Engine>),
    Keccak(Sponge),
}

impl Core {
    #[inline(always)]
    fn new(alg: Algorithm, b: Backend) -> Result<Core, Error> {
        if !alg.candidates().contains(&b) {
            return Err(Error::BackendUnavailable);
        }
        let out = alg.output_len();
        Ok(match alg {
            Algorithm::Sha1 => Core::Sha1(Md::new(sha1::Engine::new(b)?, sha1::IV, out)),
            Algorithm::Sha224 => Core::Sha256(Md::new(sha256::Engine::new(b)?, sha256::IV_224, out)),
            Algorithm::Sha256 => Core::Sha256(Md::new(sha256::Engine::new(b)?, sha256::IV_256, out)),
            Algorithm::Sha384 => Core::Sha512(Md::new(sha512::Engine::new(b)?, sha512::IV_384, out)),
            Algorithm::Sha512 => Core::Sha512(Md::new(sha512::Engine::new(b)?, sha512::IV_512, out)),
            Algorithm::Sha512_224 => Core::Sha512(Md::new(sha512::Engine::new(b)?, sha512::IV_512_224, out)),
            Algorithm::Sha512_256 => Core::Sha512(Md::new(sha512::Engine::new(b)?, sha512::IV_512_256, out)),
            Algorithm::Sha3_224 | Algorithm::Sha3_256 | Algorithm::Sha3_384 | Algorithm::Sha3_512 => {
                Core::Keccak(Sponge::new(keccak::Engine::new(b)?, alg.block_len(), sponge::SHA3_PAD))
            }
            Algorithm::Shake128 | Algorithm::Shake256 => {
                Core::Keccak(Sponge::new(keccak::Engine::new(b)?, alg.block_len(), sponge::SHAKE_PAD))
            }
        })
    }

    fn backend(&self) -> Backend {
        match self {
            Core::Sha1(m) => m.engine().backend(),
            Core::Sha256(m) => m.engine().backend(),
            Core::Sha512(m) => m.engine().backend(),
            Core::Keccak(s) => s.engine().backend(),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Core::Sha1(m) => m.update(data),
            Core::Sha256(m) => m.update(data),
            Core::Sha512(m) => m.update(data),
            Core::Keccak(s) => s.absorb(data),
        }
    }

    /// Writes `out.len()` bytes of output (fixed digests: at most their length) and resets.
    fn finalize(&mut self, out: &mut [u8]) {
        match self {
            Core::Sha1(m) => m.finalize(out),
            Core::Sha256(m) => m.finalize(out),
            Core::Sha512(m) => m.finalize(out),
            Core::Keccak(s) => {
                s.squeeze(out);
                s.reset();
            }
        }
    }

    fn reset(&mut self) {
        match self {
            Core::Sha1(m) => m.reset(),
            Core::Sha256(m) => m.reset(),
            Core::Sha512(m) => m.reset(),
            Core::Keccak(s) => s.reset(),
        }
    }
}

/// A streaming digest computation. Cloning copies the running state (e.g. to digest a common prefix once);
/// the state and buffered input are zeroized on drop.
#[derive(Clone)]
pub struct Hasher {
    alg: Algorithm,
    core: Core,
}

impl Hasher {
    /// A hasher for `alg` on its default (fastest available) backend.
    #[inline]
    pub fn new(alg: Algorithm) -> Hasher {
        let core = alg.candidates().iter().find_map(|&b| Core::new(alg, b).ok());
        // The candidate lists end with `Soft`, whose engines never fail to construct.
        let core = core.expect("the soft digest backend is always available");
        Hasher { alg, core }
    }

    /// A hasher for `alg` on backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here for `alg`.
    pub fn with_backend(alg: Algorithm, b: Backend) -> Result<Hasher, Error> {
        Ok(Hasher { alg, core: Core::new(alg, b)? })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The backend chosen at construction.
    pub fn backend(&self) -> Backend {
        self.core.backend()
    }

    /// Absorbs `data`. For the XOFs, input after [`Hasher::squeeze`] started is a caller bug: it is ignored
    /// (and trips a debug assertion).
    pub fn update(&mut self, data: &[u8]) {
        self.core.update(data);
    }

    /// Finishes the computation into `out`, then resets the hasher to its initial state.
    ///
    /// Fixed-length digests need `out.len() == output_len()` (else [`Error::InvalidLength`], and the state is
    /// left untouched). XOFs accept any length, including 0; if [`Hasher::squeeze`] was already called, the
    /// output continues that stream.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<(), Error> {
        if !self.alg.is_xof() && out.len() != self.alg.output_len() {
            return Err(Error::InvalidLength);
        }
        self.core.finalize(out);
        Ok(())
    }

    /// XOFs only (else [`Error::Unsupported`]): writes the next `out.len()` bytes of output. The first call
    /// pads the input; later calls continue the output stream.
    pub fn squeeze(&mut self, out: &mut [u8]) -> Result<(), Error> {
        match &mut self.core {
            Core::Keccak(s) if self.alg.is_xof() => {
                s.squeeze(out);
                Ok(())
            }
            _ => Err(Error::Unsupported),
        }
    }

    /// Forgets all input: back to the initial state (same algorithm and backend).
    pub fn reset(&mut self) {
        self.core.reset();
    }

    /// The raw cSHAKE sponge (SP 800-185 §3.3, Keccak with domain bits `00`) at the rate of `alg` (SHAKE128 or
    /// SHAKE256, else [`Error::Unsupported`]) on backend `b`, with nothing absorbed: the caller absorbs
    /// `bytepad(encode_string(N) || encode_string(S), rate)` itself (N or S non-empty).
    pub(crate) fn cshake_raw(alg: Algorithm, b: Backend) -> Result<Hasher, Error> {
        if !alg.is_xof() {
            return Err(Error::Unsupported);
        }
        if !alg.candidates().contains(&b) {
            return Err(Error::BackendUnavailable);
        }
        let sponge = Sponge::new(keccak::Engine::new(b)?, alg.block_len(), sponge::CSHAKE_PAD);
        Ok(Hasher { alg, core: Core::Keccak(sponge) })
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hasher").field("algorithm", &self.alg).field("backend", &self.backend()).finish_non_exhaustive()
    }
}
