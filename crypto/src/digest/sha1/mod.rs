//! SHA-1 block compression (FIPS 180-4 §6.1), with one backend per CPU feature.
//!
//! SHA-1 is here for legacy verification and HMAC-SHA-1; padding and buffering live in the digest facade, and an
//! [`Engine`] only compresses whole 64-byte blocks.

#[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
mod aarch64_sha2;
mod soft;
#[cfg(test)]
mod tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_shani;

use crate::Error;
#[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(feature = "portable-only")))]
use crate::cpu;
use crate::digest::Backend;

/// Bytes per block.
const BLOCK_LEN: usize = 64;

/// SHA-1 initial hash value (§5.3.1).
pub(crate) const IV: [u32; 5] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0];

/// Round constants for rounds 0..20, 20..40, 40..60 and 60..80 (§4.2.1).
const K: [u32; 4] = [0x5a82_7999, 0x6ed9_eba1, 0x8f1b_bcdc, 0xca62_c1d6];

/// Backends implemented for SHA-1 on this build, fastest first; always ends with [`Backend::Soft`].
pub(crate) const CANDIDATES: &[Backend] = &[
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Backend::X86ShaNi,
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Backend::Aarch64Sha2,
    Backend::Soft,
];

/// The selected implementation, holding the witness of the CPU feature it needs.
#[derive(Clone, Copy, Debug)]
enum Imp {
    Soft,
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    ShaNi(cpu::ShaNi),
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Armv8(cpu::Armv8Sha2),
}

/// A SHA-1 compression function bound to one backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Engine {
    imp: Imp,
}

impl Engine {
    /// Selects `backend`; [`Error::BackendUnavailable`] if it does not implement SHA-1, is not compiled in, or
    /// this CPU lacks its features.
    pub(crate) fn new(backend: Backend) -> Result<Engine, Error> {
        let imp = match backend {
            Backend::Soft => Imp::Soft,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86ShaNi => Imp::ShaNi(cpu::ShaNi::detect().ok_or(Error::BackendUnavailable)?),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Backend::Aarch64Sha2 => Imp::Armv8(cpu::Armv8Sha2::detect().ok_or(Error::BackendUnavailable)?),
            _ => return Err(Error::BackendUnavailable),
        };
        Ok(Engine { imp })
    }

    /// The backend this engine runs.
    pub(crate) fn backend(self) -> Backend {
        match self.imp {
            Imp::Soft => Backend::Soft,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::ShaNi(_) => Backend::X86ShaNi,
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(_) => Backend::Aarch64Sha2,
        }
    }

    /// Compresses the 64-byte blocks of `blocks` into `state`. A trailing partial block (a caller bug) is ignored.
    pub(crate) fn compress(self, state: &mut [u32; 5], blocks: &[u8]) {
        debug_assert_eq!(blocks.len() % BLOCK_LEN, 0, "partial SHA-1 block");
        match self.imp {
            Imp::Soft => soft::compress(state, blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::ShaNi(cpu) => x86_shani::compress(cpu, state, blocks),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu) => aarch64_sha2::compress(cpu, state, blocks),
        }
    }
}
