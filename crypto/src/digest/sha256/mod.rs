//! SHA-256 and SHA-224 block compression (FIPS 180-4 §6.2 and §6.3), with one backend per CPU feature.
//!
//! Padding and buffering live in the digest facade; an [`Engine`] only compresses whole 64-byte blocks.

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

/// SHA-224 initial hash value (§5.3.2).
pub(crate) const IV_224: [u32; 8] =
    [0xc105_9ed8, 0x367c_d507, 0x3070_dd17, 0xf70e_5939, 0xffc0_0b31, 0x6858_1511, 0x64f9_8fa7, 0xbefa_4fa4];

/// SHA-256 initial hash value (§5.3.3).
pub(crate) const IV_256: [u32; 8] =
    [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];

/// Round constants `K0..K63` (§4.2.2).
#[rustfmt::skip]
const K: [u32; 64] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5,
    0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3,
    0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc,
    0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13,
    0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3,
    0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5,
    0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208,
    0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
];

/// Backends implemented for SHA-256 on this build, fastest first; always ends with [`Backend::Soft`].
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

/// A SHA-256 compression function bound to one backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Engine {
    imp: Imp,
}

impl Engine {
    /// Selects `backend`; [`Error::BackendUnavailable`] if it does not implement SHA-256, is not compiled in, or
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
    pub(crate) fn compress(self, state: &mut [u32; 8], blocks: &[u8]) {
        debug_assert_eq!(blocks.len() % BLOCK_LEN, 0, "partial SHA-256 block");
        match self.imp {
            Imp::Soft => soft::compress(state, blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::ShaNi(cpu) => x86_shani::compress(cpu, state, blocks),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu) => aarch64_sha2::compress(cpu, state, blocks),
        }
    }
}
