//! The module's entropy source (SP 800-90B): the kernel's `getrandom(2)` as noise source, continuous health
//! tests on every raw sample, a start-up test, and a vetted conditioning component.
//!
//! # Design and claims
//!
//! * **Noise source.** `getrandom(2)` bytes (through `ferrofips_ffi::os::getrandom`), taken as 8-bit samples.
//! * **Claimed min-entropy:** [`CLAIMED_MIN_ENTROPY`] = 6 bits per 8-bit sample. This is deliberately below the
//!   8 bits the kernel's output is designed to have (the same default OpenSSL 3.5 uses in `fips_crng_test.c`);
//!   it sets the health-test cut-offs and how much raw data is conditioned into each output block.
//! * **Health tests** ([`health`]): the Repetition Count Test (SP 800-90B §4.4.1, cut-off `1 + ceil(20/H)` = 5)
//!   and the Adaptive Proportion Test (§4.4.2, `W = 512`, cut-off 25) with α = 2^-20, on every raw sample.
//! * **Start-up test** (§4.3): before the first output the tests run over [`STARTUP_SAMPLES`] = 1024
//!   consecutive raw samples, which are then discarded. [`system_startup`] runs it at power-on (and on demand);
//!   otherwise the first [`system_fill`] does.
//! * **Failures are persistent.** A health-test failure puts the source into its error state for the rest of the
//!   process: every later request fails with the recorded error and produces no output, so every DRBG that needs
//!   seed material fails too. The provider treats such a failure as a failed conditional self-test and puts the
//!   whole module into its error state (as OpenSSL's FIPS provider does on a CRNG test failure). With the
//!   claimed `H` the false-alarm rate is at most 2^-20 per test (α); for output close to 8 bits per byte it is
//!   about 2^-32 per sample.
//! * **Fork and thread safety.** The source keeps no output state that a forked child could repeat: every block
//!   is conditioned from fresh `getrandom` samples. One process-wide source sits behind a mutex
//!   ([`system_fill`]); concurrent callers get distinct blocks (tested).
//! * **Conditioning** (SP 800-90B §3.1.5.1.1 vetted component: SHA-256): each 32-byte output block is
//!   `SHA-256(raw)` over [`RAW_PER_BLOCK`] = 54 fresh, tested samples, i.e. 54 × 6 = 324 claimed bits in for 256
//!   bits out. With at least `n_out + 64` bits of input entropy the conditioned output is treated as full entropy
//!   (SP 800-90B §3.1.5.1.2; SP 800-90C §2.3), so consumers may take one bit of entropy per output bit, which is
//!   what a DRBG without derivation function requires of its entropy input.
//!
//! Failures of the noise source itself (a `getrandom` error) fail that request only: no output is produced.

pub mod health;

use std::sync::Mutex;

use zeroize::{Zeroize, Zeroizing};

use crate::digest::{Algorithm, Hasher};
use health::{HealthFailure, HealthTests};

/// Claimed min-entropy per 8-bit raw sample, in bits.
pub const CLAIMED_MIN_ENTROPY: u32 = 6;

/// Raw samples tested at start-up before any output (SP 800-90B §4.3: at least 1024).
pub const STARTUP_SAMPLES: usize = 1024;

/// Bytes of full-entropy output per conditioning step (the SHA-256 output length).
pub const BLOCK_LEN: usize = 32;

/// Raw samples conditioned into each output block: `ceil((256 + 64) / H)`.
pub const RAW_PER_BLOCK: usize = ((BLOCK_LEN as u32 * 8 + 64).div_ceil(CLAIMED_MIN_ENTROPY)) as usize;

/// Why the entropy source produced nothing.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntropyError {
    /// The Repetition Count Test failed (now, or earlier: the source stays in its error state).
    RepetitionCount,
    /// The Adaptive Proportion Test failed (now, or earlier: the source stays in its error state).
    AdaptiveProportion,
    /// The noise source could not deliver samples (the OS error number).
    Noise(i32),
}

impl core::fmt::Display for EntropyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::RepetitionCount => f.write_str("entropy source failed the repetition count test"),
            Self::AdaptiveProportion => f.write_str("entropy source failed the adaptive proportion test"),
            Self::Noise(e) => write!(f, "noise source error (errno {e})"),
        }
    }
}

impl std::error::Error for EntropyError {}

impl From<HealthFailure> for EntropyError {
    fn from(f: HealthFailure) -> Self {
        match f {
            HealthFailure::RepetitionCount => Self::RepetitionCount,
            HealthFailure::AdaptiveProportion => Self::AdaptiveProportion,
        }
    }
}

/// A source of raw 8-bit samples.
pub trait NoiseSource {
    /// Fills `buf` with raw samples.
    fn read(&mut self, buf: &mut [u8]) -> Result<(), EntropyError>;
}

/// The operating system's noise: `getrandom(2)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsNoise;

impl NoiseSource for OsNoise {
    fn read(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        ferrofips_ffi::os::getrandom(buf).map_err(EntropyError::Noise)
    }
}

/// Where a source is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// The start-up test has not run yet.
    Fresh,
    /// Start-up passed; continuous tests running.
    Running,
    /// A health test failed: persistent error state.
    Failed(EntropyError),
}

/// An SP 800-90B entropy source: noise, health tests, conditioning.
#[derive(Debug)]
pub struct EntropySource<N> {
    noise: N,
    health: HealthTests,
    phase: Phase,
}

impl<N: NoiseSource> EntropySource<N> {
    /// A source over `noise` that has not run its start-up test yet.
    pub const fn new(noise: N) -> Self {
        EntropySource { noise, health: HealthTests::new(CLAIMED_MIN_ENTROPY), phase: Phase::Fresh }
    }

    /// Whether the source is in its persistent error state.
    pub fn is_failed(&self) -> bool {
        matches!(self.phase, Phase::Failed(_))
    }

    /// Whether the start-up test has passed.
    pub fn is_started(&self) -> bool {
        self.phase == Phase::Running
    }

    fn fail(&mut self, e: EntropyError) -> EntropyError {
        self.phase = Phase::Failed(e);
        e
    }

    /// Runs the start-up test (SP 800-90B §4.3) now: fresh health tests over [`STARTUP_SAMPLES`] raw samples,
    /// which are discarded. `corrupt` is asked after the samples are drawn; `true` replaces them with a stuck
    /// value (self-test fault injection), which the tests must reject. A failure is persistent.
    pub fn startup(&mut self, corrupt: &mut dyn FnMut() -> bool) -> Result<(), EntropyError> {
        if let Phase::Failed(e) = self.phase {
            return Err(e);
        }
        let mut raw = Zeroizing::new([0u8; STARTUP_SAMPLES]);
        self.noise.read(&mut raw[..])?;
        if corrupt() {
            let first = raw[0];
            raw.fill(first);
        }
        self.health.reset();
        match self.health.feed(&raw[..]) {
            Ok(()) => {
                self.phase = Phase::Running;
                Ok(())
            }
            Err(f) => Err(self.fail(f.into())),
        }
    }

    /// Fills `out` with conditioned, full-entropy bytes (one bit of entropy per bit). Runs the start-up test
    /// first if it has not run yet. On any failure `out` is zeroed.
    pub fn fill(&mut self, out: &mut [u8]) -> Result<(), EntropyError> {
        let r = self.fill_inner(out);
        if r.is_err() {
            out.zeroize();
        }
        r
    }

    fn fill_inner(&mut self, out: &mut [u8]) -> Result<(), EntropyError> {
        match self.phase {
            Phase::Failed(e) => return Err(e),
            Phase::Fresh => self.startup(&mut || false)?,
            Phase::Running => {}
        }
        let mut raw = Zeroizing::new([0u8; RAW_PER_BLOCK * 8]);
        let mut block = Zeroizing::new([0u8; BLOCK_LEN]);
        let mut h = Hasher::new(Algorithm::Sha256);
        for chunk in out.chunks_mut(BLOCK_LEN * 8) {
            let blocks = chunk.len().div_ceil(BLOCK_LEN);
            let raw = &mut raw[..blocks * RAW_PER_BLOCK];
            self.noise.read(raw)?;
            if let Err(f) = self.health.feed(raw) {
                return Err(self.fail(f.into()));
            }
            for (dst, src) in chunk.chunks_mut(BLOCK_LEN).zip(raw.chunks(RAW_PER_BLOCK)) {
                h.update(src);
                h.finalize_into(&mut block[..]).map_err(|_| EntropyError::Noise(0))?;
                dst.copy_from_slice(&block[..dst.len()]);
            }
        }
        Ok(())
    }
}

/// The module's entropy source over `getrandom(2)`, shared by every DRBG of the process.
static SYSTEM: Mutex<EntropySource<OsNoise>> = Mutex::new(EntropySource::new(OsNoise));

fn system() -> std::sync::MutexGuard<'static, EntropySource<OsNoise>> {
    // The source's state is updated consistently before any operation that could panic, so a poisoned lock
    // still guards a usable (or correctly failed) source.
    SYSTEM.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Fills `out` with full-entropy bytes from the module's entropy source (see the module documentation).
pub fn system_fill(out: &mut [u8]) -> Result<(), EntropyError> {
    system().fill(out)
}

/// Runs the module source's start-up test now (power-on, or on demand); see [`EntropySource::startup`].
pub fn system_startup(corrupt: &mut dyn FnMut() -> bool) -> Result<(), EntropyError> {
    system().startup(corrupt)
}

/// Whether the module's entropy source is in its persistent error state.
pub fn system_failed() -> bool {
    system().is_failed()
}

#[cfg(test)]
mod tests;
