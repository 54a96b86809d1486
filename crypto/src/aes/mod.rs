//! The AES block cipher (FIPS 197) with 128-, 192- and 256-bit keys, with one backend per CPU feature.
//!
//! [`Aes`] holds the expanded encryption and decryption round keys; modes of operation (GCM, CBC, CTR-DRBG)
//! build on [`Aes::encrypt_block`] / [`Aes::encrypt_blocks`]. The portable backend is bitsliced and constant
//! time; the hardware backends use the x86 AES-NI or ARMv8 AES instructions.
//!
//! The bulk entry points (ECB, [`Aes::ctr128_xor`], [`Aes::cbc_encrypt`], [`Aes::cbc_decrypt`],
//! [`Aes::xts_blocks`]) run one of several multi-block [`Kernel`]s: on x86 the fused AES-NI kernels, or VAES on
//! 256- or 512-bit registers when the CPU has it (chosen once per key, best first; see [`kernels`]).

#[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
pub(crate) mod aarch64_aes;
mod bulk;
pub(crate) mod soft;
#[cfg(test)]
mod tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
pub(crate) mod x86_aesni;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_vaes;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_vaes_avx2;

use core::fmt;

use zeroize::Zeroize;

pub use bulk::{ctr128_add, xts_mul_alpha};

use crate::Error;
#[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(feature = "portable-only")))]
use crate::cpu;

/// Bytes per AES block.
pub const BLOCK_LEN: usize = 16;

/// An implementation of the AES block function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Portable constant-time bitsliced Rust, available everywhere.
    Soft,
    /// x86 AES-NI.
    X86AesNi,
    /// ARMv8 AES instructions.
    Aarch64Aes,
}

impl Backend {
    /// A short stable name: `"soft"`, `"x86-aes-ni"`, `"armv8-aes"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            Self::X86AesNi => "x86-aes-ni",
            Self::Aarch64Aes => "armv8-aes",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which multi-block code runs the bulk entry points of an [`Aes`] key (ECB, CTR, CBC, XTS); the single-block
/// functions always use the backend's one-block code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// The portable composition in `bulk.rs`: batches of the backend's multi-block ECB (any backend).
    Generic,
    /// Fused 128-bit AES-NI kernels, eight blocks in flight ([`Backend::X86AesNi`]).
    AesNi,
    /// VAES on 256-bit AVX2 registers, sixteen blocks in flight ([`Backend::X86AesNi`] with VAES and AVX2).
    VaesAvx2,
    /// VAES on 512-bit registers, 32 blocks in flight ([`Backend::X86AesNi`] with VAES and AVX-512 F/BW/VL).
    VaesAvx512,
}

impl Kernel {
    /// A short stable name: `"generic"`, `"aes-ni"`, `"vaes-avx2"`, `"vaes-avx512"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::AesNi => "aes-ni",
            Self::VaesAvx2 => "vaes-avx2",
            Self::VaesAvx512 => "vaes-avx512",
        }
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Kernels implemented on this build, fastest first.
const KERNEL_CANDIDATES: [Kernel; 4] = [Kernel::VaesAvx512, Kernel::VaesAvx2, Kernel::AesNi, Kernel::Generic];

/// The kernels usable with backend `b` on this CPU, fastest first (the first is what [`Aes::new`] /
/// [`Aes::with_backend`] pick); always ends with [`Kernel::Generic`]. Empty if `b` itself is unavailable.
pub fn kernels(b: Backend) -> Vec<Kernel> {
    if !available(b) {
        return Vec::new();
    }
    KERNEL_CANDIDATES.into_iter().filter(|&k| kernel_available(b, k)).collect()
}

fn kernel_available(b: Backend, k: Kernel) -> bool {
    match (b, k) {
        (_, Kernel::Generic) => true,
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        (Backend::X86AesNi, Kernel::AesNi) => true,
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        (Backend::X86AesNi, Kernel::VaesAvx2) => cpu::VaesAvx2::detect().is_some(),
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        (Backend::X86AesNi, Kernel::VaesAvx512) => cpu::VaesAvx512::detect().is_some(),
        _ => false,
    }
}

/// The bulk kernels of a key, with the witness of the CPU features they need.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Bulk {
    /// `bulk.rs` over the backend's ECB.
    Generic,
    /// The x86 kernels of `x86_aesni.rs` / `x86_vaes*.rs`.
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    X86(x86_aesni::Wide),
}

impl Bulk {
    /// The fastest kernels for a key schedule on this CPU.
    #[cfg_attr(not(all(target_arch = "x86_64", not(feature = "portable-only"))), allow(unused_variables))]
    fn best_for(imp: &Imp) -> Bulk {
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Imp::AesNi(..) = imp {
            return Bulk::X86(x86_aesni::Wide::best());
        }
        Bulk::Generic
    }
}

/// Backends implemented on this build, fastest first; always ends with [`Backend::Soft`].
const CANDIDATES: &[Backend] = &[
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Backend::X86AesNi,
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Backend::Aarch64Aes,
    Backend::Soft,
];

/// The backends usable on this CPU, fastest first; always ends with [`Backend::Soft`].
pub fn backends() -> Vec<Backend> {
    CANDIDATES.iter().copied().filter(|&b| available(b)).collect()
}

/// The backend [`Aes::new`] uses: the first of [`backends`].
pub fn default_backend() -> Backend {
    CANDIDATES.iter().copied().find(|&b| available(b)).unwrap_or(Backend::Soft)
}

fn available(b: Backend) -> bool {
    match b {
        Backend::Soft => true,
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        Backend::X86AesNi => cpu::AesNiClmul::detect().is_some(),
        #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
        Backend::Aarch64Aes => cpu::Armv8AesPmull::detect().is_some(),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// The expanded key of one backend (boxed: schedules are 0.5-1 KiB), with the CPU witness the hardware
/// backends need.
#[derive(Clone)]
pub(crate) enum Imp {
    Soft(Box<soft::KeySchedule>),
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    AesNi(cpu::AesNiClmul, Box<x86_aesni::KeySchedule>),
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Armv8(cpu::Armv8AesPmull, Box<aarch64_aes::KeySchedule>),
}

/// An AES key schedule (encryption and decryption round keys) bound to one backend.
///
/// The round keys are zeroized on drop; `Debug` shows only the key length and backend.
#[derive(Clone)]
pub struct Aes {
    imp: Imp,
    key_len: usize,
    bulk: Bulk,
}

impl Aes {
    /// Expands `key` (16, 24 or 32 bytes, else [`Error::InvalidKey`]) for the default backend.
    pub fn new(key: &[u8]) -> Result<Aes, Error> {
        Aes::with_backend(key, default_backend())
    }

    /// Expands `key` for backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: Backend) -> Result<Aes, Error> {
        Aes::build(key, b, true)
    }

    /// Like [`Aes::with_backend`] but without precomputed decryption round keys (for modes that only encrypt,
    /// such as GCM and CTR: cheaper to set up; a decryption would derive the keys on every call).
    pub(crate) fn encrypt_only(key: &[u8], b: Backend) -> Result<Aes, Error> {
        Aes::build(key, b, false)
    }

    #[cfg_attr(
        any(feature = "portable-only", not(any(target_arch = "x86_64", target_arch = "aarch64"))),
        allow(unused_variables)
    )]
    fn build(key: &[u8], b: Backend, decrypt: bool) -> Result<Aes, Error> {
        if !matches!(key.len(), 16 | 24 | 32) {
            return Err(Error::InvalidKey);
        }
        let imp = match b {
            Backend::Soft => Imp::Soft(Box::new(soft::KeySchedule::new(key).ok_or(Error::InvalidKey)?)),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86AesNi => {
                let cpu = cpu::AesNiClmul::detect().ok_or(Error::BackendUnavailable)?;
                Imp::AesNi(cpu, Box::new(x86_aesni::KeySchedule::new(cpu, key, decrypt).ok_or(Error::InvalidKey)?))
            }
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Backend::Aarch64Aes => {
                let cpu = cpu::Armv8AesPmull::detect().ok_or(Error::BackendUnavailable)?;
                Imp::Armv8(cpu, Box::new(aarch64_aes::KeySchedule::new(cpu, key, decrypt).ok_or(Error::InvalidKey)?))
            }
            #[allow(unreachable_patterns)]
            _ => return Err(Error::BackendUnavailable),
        };
        let bulk = Bulk::best_for(&imp);
        Ok(Aes { imp, key_len: key.len(), bulk })
    }

    /// Expands a new `key` into this schedule's existing storage (same backend and kernel; `decrypt` as for
    /// [`Aes::build`]): no allocation on the hardware backend, the old round keys are wiped as they are replaced.
    pub(crate) fn rekey(&mut self, key: &[u8], decrypt: bool) -> Result<(), Error> {
        if !matches!(key.len(), 16 | 24 | 32) {
            return Err(Error::InvalidKey);
        }
        match &mut self.imp {
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(cpu, ks) => ks.rekey(*cpu, key, decrypt).ok_or(Error::InvalidKey)?,
            _ => {
                let bulk = self.bulk;
                *self = Aes::build(key, self.backend(), decrypt)?;
                self.bulk = bulk;
            }
        }
        self.key_len = key.len();
        Ok(())
    }

    /// The kernel the bulk entry points run (by default the first of [`kernels`] for this backend).
    pub fn kernel(&self) -> Kernel {
        match self.bulk {
            Bulk::Generic => Kernel::Generic,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Bulk::X86(x86_aesni::Wide::AesNi) => Kernel::AesNi,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Bulk::X86(x86_aesni::Wide::Avx2(_)) => Kernel::VaesAvx2,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Bulk::X86(x86_aesni::Wide::Avx512(_)) => Kernel::VaesAvx512,
        }
    }

    /// Makes the bulk entry points run kernel `k` (for tests and benchmarks that compare kernels; results are the
    /// same whichever runs); [`Error::BackendUnavailable`] if `k` is not in [`kernels`] for this key's backend.
    pub fn set_kernel(&mut self, k: Kernel) -> Result<(), Error> {
        self.bulk = match (k, &self.imp) {
            (Kernel::Generic, _) => Bulk::Generic,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            (Kernel::AesNi, Imp::AesNi(..)) => Bulk::X86(x86_aesni::Wide::AesNi),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            (Kernel::VaesAvx2, Imp::AesNi(..)) => {
                Bulk::X86(x86_aesni::Wide::Avx2(cpu::VaesAvx2::detect().ok_or(Error::BackendUnavailable)?))
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            (Kernel::VaesAvx512, Imp::AesNi(..)) => {
                Bulk::X86(x86_aesni::Wide::Avx512(cpu::VaesAvx512::detect().ok_or(Error::BackendUnavailable)?))
            }
            _ => return Err(Error::BackendUnavailable),
        };
        Ok(())
    }

    /// The x86 bulk kernels to run: the generic path's multi-block ECB is the AES-NI one.
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    fn wide(&self) -> x86_aesni::Wide {
        match self.bulk {
            Bulk::X86(w) => w,
            Bulk::Generic => x86_aesni::Wide::AesNi,
        }
    }

    /// The backend this key schedule runs on.
    pub fn backend(&self) -> Backend {
        match self.imp {
            Imp::Soft(_) => Backend::Soft,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(..) => Backend::X86AesNi,
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(..) => Backend::Aarch64Aes,
        }
    }

    /// The key length in bytes (16, 24 or 32).
    pub fn key_len(&self) -> usize {
        self.key_len
    }

    /// The backend key schedule, for the modes that drive the hardware directly.
    pub(crate) fn imp(&self) -> &Imp {
        &self.imp
    }

    /// Encrypts one block in place.
    pub fn encrypt_block(&self, block: &mut [u8; BLOCK_LEN]) {
        match &self.imp {
            Imp::Soft(ks) => {
                let mut batch = [0u8; soft::BATCH];
                batch[..BLOCK_LEN].copy_from_slice(block);
                ks.encrypt4(&mut batch);
                block.copy_from_slice(&batch[..BLOCK_LEN]);
                batch.zeroize();
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(cpu, ks) => ks.encrypt_blocks(*cpu, block),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu, ks) => ks.encrypt_blocks(*cpu, block),
        }
    }

    /// Decrypts one block in place.
    pub fn decrypt_block(&self, block: &mut [u8; BLOCK_LEN]) {
        match &self.imp {
            Imp::Soft(ks) => {
                let mut batch = [0u8; soft::BATCH];
                batch[..BLOCK_LEN].copy_from_slice(block);
                ks.decrypt4(&mut batch);
                block.copy_from_slice(&batch[..BLOCK_LEN]);
                batch.zeroize();
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(cpu, ks) => ks.decrypt_blocks(*cpu, block),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu, ks) => ks.decrypt_blocks(*cpu, block),
        }
    }

    /// Encrypts each whole 16-byte block of `blocks` in place (ECB). A trailing partial block is a caller bug:
    /// it is left untouched (and debug builds assert).
    pub fn encrypt_blocks(&self, blocks: &mut [u8]) {
        debug_assert_eq!(blocks.len() % BLOCK_LEN, 0, "partial AES block");
        match &self.imp {
            Imp::Soft(ks) => ks.encrypt_blocks(blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(cpu, ks) => ks.ecb(*cpu, self.wide(), blocks, false),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu, ks) => ks.encrypt_blocks(*cpu, blocks),
        }
    }

    /// Decrypts each whole 16-byte block of `blocks` in place (ECB); a trailing partial block is left untouched
    /// (a caller bug; debug builds assert).
    pub fn decrypt_blocks(&self, blocks: &mut [u8]) {
        debug_assert_eq!(blocks.len() % BLOCK_LEN, 0, "partial AES block");
        match &self.imp {
            Imp::Soft(ks) => ks.decrypt_blocks(blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Imp::AesNi(cpu, ks) => ks.ecb(*cpu, self.wide(), blocks, true),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Imp::Armv8(cpu, ks) => ks.decrypt_blocks(*cpu, blocks),
        }
    }
}

impl fmt::Debug for Aes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Aes")
            .field("key_len", &self.key_len)
            .field("backend", &self.backend())
            .field("kernel", &self.kernel())
            .finish_non_exhaustive()
    }
}

/// The FIPS 197 §5.2 key expansion into little-endian round-key words (`w[i]` holds bytes `4i..4i+4` of the
/// expanded key, byte `4i` in bits 0..8), with `SubWord` supplied by the backend so that it runs in constant
/// time. Returns the words and the number of rounds; `None` for a key that is not 16, 24 or 32 bytes.
pub(crate) fn expand_key(key: &[u8], sub_word: impl Fn(u32) -> u32) -> Option<([u32; 60], usize)> {
    const RCON: [u32; 10] = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36];
    let rounds = match key.len() {
        16 => 10,
        24 => 12,
        32 => 14,
        _ => return None,
    };
    let nk = key.len() / 4;
    let mut w = [0u32; 60];
    for (w, c) in w.iter_mut().zip(key.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    for i in nk..4 * (rounds + 1) {
        let mut t = w[i - 1];
        if i % nk == 0 {
            // RotWord on a little-endian word is a right rotation by one byte.
            t = sub_word(t.rotate_right(8)) ^ RCON[i / nk - 1];
        } else if nk > 6 && i % nk == 4 {
            t = sub_word(t);
        }
        w[i] = t ^ w[i - nk];
    }
    Some((w, rounds))
}

/// The round keys of `w` as 16-byte blocks (`rounds + 1` of them are meaningful).
#[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(feature = "portable-only")))]
pub(crate) fn round_key_bytes(w: &[u32; 60]) -> [[u8; 16]; 15] {
    let mut rk = [[0u8; 16]; 15];
    for (k, words) in rk.iter_mut().zip(w.chunks_exact(4)) {
        for (b, word) in k.chunks_exact_mut(4).zip(words) {
            b.copy_from_slice(&word.to_le_bytes());
        }
    }
    rk
}
