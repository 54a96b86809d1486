//! The Keccak-f\[1600\] permutation (FIPS 202 §3) with per-CPU backends.
//!
//! `soft.rs` is portable Rust; `aarch64_sha3.rs` uses the ARMv8.2 SHA-3 instructions (EOR3, RAX1, XAR, BCAX).

#[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
mod aarch64_sha3;
mod soft;

use crate::Error;
#[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
use crate::cpu::Armv8Sha3;

use super::Backend;

/// The largest rate of the FIPS 202 functions in bytes (SHAKE128).
pub(super) const MAX_RATE: usize = 168;

/// The 24 round constants of ι (FIPS 202 §3.2.5).
const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808A,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808B,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008A,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000A,
    0x0000_0000_8000_808B,
    0x8000_0000_0000_008B,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800A,
    0x8000_0000_8000_000A,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// The backends that may run Keccak-f\[1600\], fastest first.
pub(crate) const CANDIDATES: &[Backend] = &[
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Backend::Aarch64Sha3,
    Backend::Soft,
];

/// A Keccak-f\[1600\] implementation chosen once; holds the CPU-feature witness of its backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Engine(Kind);

#[derive(Clone, Copy, Debug)]
enum Kind {
    Soft,
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Sha3(Armv8Sha3),
}

impl Engine {
    /// The engine for backend `b`; [`Error::BackendUnavailable`] if `b` cannot run Keccak on this CPU.
    pub(crate) fn new(b: Backend) -> Result<Engine, Error> {
        match b {
            Backend::Soft => Ok(Engine(Kind::Soft)),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Backend::Aarch64Sha3 => Armv8Sha3::detect().map(|w| Engine(Kind::Sha3(w))).ok_or(Error::BackendUnavailable),
            _ => Err(Error::BackendUnavailable),
        }
    }

    /// The backend this engine runs on.
    pub(crate) fn backend(self) -> Backend {
        match self.0 {
            Kind::Soft => Backend::Soft,
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Kind::Sha3(_) => Backend::Aarch64Sha3,
        }
    }

    /// Applies Keccak-f\[1600\] to `state` (lane `x + 5y` at index `x + 5 * y`).
    pub(crate) fn permute(self, state: &mut [u64; 25]) {
        match self.0 {
            Kind::Soft => soft::permute(state),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Kind::Sha3(w) => aarch64_sha3::permute(w, state),
        }
    }

    /// For each `8 * rate_lanes`-byte block of `blocks`: XORs it little-endian into the first `rate_lanes`
    /// lanes, then permutes. `blocks.len()` must be a multiple of the block size (a trailing partial block is
    /// ignored); `rate_lanes` is at most 21.
    pub(crate) fn absorb(self, state: &mut [u64; 25], rate_lanes: usize, blocks: &[u8]) {
        debug_assert!(rate_lanes <= MAX_RATE / 8 && blocks.len().is_multiple_of(8 * rate_lanes));
        match self.0 {
            Kind::Soft => soft::absorb(state, rate_lanes, blocks),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Kind::Sha3(w) => aarch64_sha3::absorb(w, state, rate_lanes, blocks),
        }
    }
}

/// XORs one block little-endian into the first lanes of `state` (shared by the backends).
#[inline(always)]
fn xor_block(state: &mut [u64; 25], block: &[u8]) {
    for (lane, bytes) in state.iter_mut().zip(block.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(bytes);
        *lane ^= u64::from_le_bytes(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keccak-f\[1600\] applied to the all-zero state, from the Keccak team's reference
    /// (`KeccakF-1600-IntermediateValues.txt`, "State after permutation", first lanes).
    #[test]
    fn zero_state_permutation() {
        for &b in CANDIDATES {
            let Ok(e) = Engine::new(b) else { continue };
            let mut s = [0u64; 25];
            e.permute(&mut s);
            assert_eq!(s[0], 0xF1258F7940E1DDE7, "{b:?}");
            assert_eq!(s[1], 0x84D5CCF933C0478A, "{b:?}");
            assert_eq!(s[24], 0xEAF1FF7B5CECA249, "{b:?}");
            e.permute(&mut s);
            assert_eq!(s[0], 0x2D5C954DF96ECB3C, "{b:?}");
        }
    }
}
