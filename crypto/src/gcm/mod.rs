//! AES-GCM authenticated encryption (NIST SP 800-38D) as a streaming state, with one backend per CPU feature.
//!
//! [`AesGcm`] holds the AES key schedule and the GHASH key; [`AesGcm::start`] begins a message under an IV, then
//! [`AesGcm::aad`] (any number of times), then [`AesGcm::encrypt`] / [`AesGcm::decrypt`] (any number of
//! times, any sizes, in place or into a separate buffer), then [`AesGcm::tag`] or [`AesGcm::verify`].
//!
//! Backends: `soft` (bitsliced AES + table-free GHASH, constant time), `x86-aesni-clmul` (AES-NI + PCLMULQDQ,
//! eight blocks in flight with the counter-mode encryption and the GHASH of the previous eight blocks stitched
//! together and one reduction per eight blocks), `armv8-aes-pmull` (ARMv8 AES + PMULL, same structure),
//! `x86-vaes-avx512` and `x86-vaes-avx2` (VAES + VPCLMULQDQ on 512- and 256-bit registers, four or two blocks
//! per register: 32 or 16 blocks in flight with one Karatsuba-aggregated reduction per iteration, tails with byte
//! masks or through a stack buffer, `E_K(J0)` computed in a spare lane of the last counter register, and the table
//! of powers of `H` grown on first use so that short messages under a fresh key stay cheap).

#[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
mod aarch64_pmull;
mod ghash_soft;
#[cfg(test)]
mod tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod vaes_powers;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_clmul;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_vaes_avx2;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_vaes_avx512;

use core::fmt;

use zeroize::Zeroize;

use crate::Error;
#[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(feature = "portable-only")))]
use crate::aes::Imp;
use crate::aes::{self, Aes};

/// Bytes of a full authentication tag.
pub const TAG_LEN: usize = 16;
/// The IV length with the fast path (`J0 = IV || 0^31 || 1`).
pub const NONCE_LEN: usize = 12;
/// Longest plaintext per IV: `2^39 - 256` bits (SP 800-38D §5.2.1.1).
pub const MAX_TEXT_LEN: u64 = (1 << 36) - 32;
/// Longest AAD per IV: `2^64 - 1` bits, so `2^61 - 1` whole bytes.
pub const MAX_AAD_LEN: u64 = (1 << 61) - 1;
/// Longest IV: `2^64 - 1` bits, so `2^61 - 1` whole bytes.
pub const MAX_IV_LEN: u64 = (1 << 61) - 1;

/// An implementation of AES-GCM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Portable constant-time Rust (bitsliced AES, table-free GHASH).
    Soft,
    /// x86 AES-NI + PCLMULQDQ.
    X86AesNiClmul,
    /// ARMv8 AES + PMULL.
    Aarch64AesPmull,
    /// x86 VAES + VPCLMULQDQ on 256-bit AVX2 registers (two blocks per register).
    X86VaesAvx2,
    /// x86 VAES + VPCLMULQDQ on 512-bit AVX-512 registers (four blocks per register).
    X86VaesAvx512,
}

impl Backend {
    /// A short stable name: `"soft"`, `"x86-aesni-clmul"`, `"armv8-aes-pmull"`, `"x86-vaes-avx2"`,
    /// `"x86-vaes-avx512"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            Self::X86AesNiClmul => "x86-aesni-clmul",
            Self::Aarch64AesPmull => "armv8-aes-pmull",
            Self::X86VaesAvx2 => "x86-vaes-avx2",
            Self::X86VaesAvx512 => "x86-vaes-avx512",
        }
    }

    /// The AES backend this GCM backend runs on.
    pub const fn aes_backend(self) -> aes::Backend {
        match self {
            Self::Soft => aes::Backend::Soft,
            Self::X86AesNiClmul | Self::X86VaesAvx2 | Self::X86VaesAvx512 => aes::Backend::X86AesNi,
            Self::Aarch64AesPmull => aes::Backend::Aarch64Aes,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Backends implemented on this build, fastest first; always ends with [`Backend::Soft`].
const CANDIDATES: &[Backend] = &[
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Backend::X86VaesAvx512,
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Backend::X86VaesAvx2,
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    Backend::X86AesNiClmul,
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Backend::Aarch64AesPmull,
    Backend::Soft,
];

/// Whether this CPU runs backend `b` (each witness implies the AES backend's).
fn available(b: Backend) -> bool {
    match b {
        Backend::Soft => true,
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        Backend::X86AesNiClmul => crate::cpu::AesNiClmul::detect().is_some(),
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        Backend::X86VaesAvx2 => crate::cpu::VaesAvx2::detect().is_some(),
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        Backend::X86VaesAvx512 => crate::cpu::VaesAvx512::detect().is_some(),
        #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
        Backend::Aarch64AesPmull => crate::cpu::Armv8AesPmull::detect().is_some(),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// The backends usable on this CPU, fastest first; always ends with [`Backend::Soft`].
pub fn backends() -> Vec<Backend> {
    CANDIDATES.iter().copied().filter(|&b| available(b)).collect()
}

/// The backend [`AesGcm::new`] uses: the first of [`backends`].
pub fn default_backend() -> Backend {
    CANDIDATES.iter().copied().find(|&b| available(b)).unwrap_or(Backend::Soft)
}

/// The GHASH key in the form the backend wants (the tables of powers boxed).
#[derive(Clone)]
enum HKey {
    Soft(ghash_soft::Key),
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    X86(crate::cpu::AesNiClmul, Box<x86_clmul::HTable>),
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    VaesAvx2(crate::cpu::VaesAvx2, Box<x86_vaes_avx2::HTable>),
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    VaesAvx512(crate::cpu::VaesAvx512, Box<x86_vaes_avx512::HTable>),
    #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
    Armv8(crate::cpu::Armv8AesPmull, Box<aarch64_pmull::HTable>),
}

impl HKey {
    /// The GHASH key of backend `b` for `h = E_K(0^128)`; [`Error::BackendUnavailable`] if `b` is not usable here.
    fn new(b: Backend, h: &[u8; 16]) -> Result<HKey, Error> {
        Ok(match b {
            Backend::Soft => HKey::Soft(ghash_soft::Key::new(h)),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86AesNiClmul => {
                let cpu = crate::cpu::AesNiClmul::detect().ok_or(Error::BackendUnavailable)?;
                HKey::X86(cpu, Box::new(x86_clmul::HTable::new(cpu, h)))
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86VaesAvx2 => {
                let cpu = crate::cpu::VaesAvx2::detect().ok_or(Error::BackendUnavailable)?;
                HKey::VaesAvx2(cpu, x86_vaes_avx2::HTable::new(cpu, h))
            }
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86VaesAvx512 => {
                let cpu = crate::cpu::VaesAvx512::detect().ok_or(Error::BackendUnavailable)?;
                HKey::VaesAvx512(cpu, x86_vaes_avx512::HTable::new(cpu, h))
            }
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            Backend::Aarch64AesPmull => {
                let cpu = crate::cpu::Armv8AesPmull::detect().ok_or(Error::BackendUnavailable)?;
                HKey::Armv8(cpu, Box::new(aarch64_pmull::HTable::new(cpu, h)))
            }
            #[allow(unreachable_patterns)]
            _ => return Err(Error::BackendUnavailable),
        })
    }

    /// Re-keys for `h` in place where the backend allows (the VAES tables), else builds a new key.
    fn rekey(&mut self, h: &[u8; 16]) -> Result<(), Error> {
        match self {
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx2(_, t) => t.reset(h),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx512(_, t) => t.reset(h),
            _ => *self = HKey::new(self.backend(), h)?,
        }
        Ok(())
    }

    /// The backend this key belongs to.
    fn backend(&self) -> Backend {
        match self {
            HKey::Soft(_) => Backend::Soft,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::X86(..) => Backend::X86AesNiClmul,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx2(..) => Backend::X86VaesAvx2,
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx512(..) => Backend::X86VaesAvx512,
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            HKey::Armv8(..) => Backend::Aarch64AesPmull,
        }
    }

    /// `Y = GHASH_H(Y, blocks)` over the whole 16-byte blocks of `blocks` (the VAES tables grow on first use of
    /// more powers, hence `&mut`).
    fn update(&mut self, y: &mut [u8; 16], blocks: &[u8]) {
        match self {
            HKey::Soft(k) => k.update(y, blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::X86(cpu, t) => x86_clmul::ghash(*cpu, t, y, blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx2(cpu, t) => x86_vaes_avx2::ghash(*cpu, t, y, blocks),
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            HKey::VaesAvx512(cpu, t) => x86_vaes_avx512::ghash(*cpu, t, y, blocks),
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            HKey::Armv8(cpu, t) => aarch64_pmull::ghash(*cpu, t, y, blocks),
        }
    }
}

/// Which way the current message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Encrypt,
    Decrypt,
}

/// Where the current message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// No IV yet (or the previous message is finished): only [`AesGcm::start`] is allowed.
    Idle,
    /// After the IV: AAD or data may follow.
    Aad,
    /// Data is flowing in one direction.
    Text(Dir),
}

/// The side outputs of the VAES bulk functions.
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
struct Side<'a> {
    /// The key stream block of a trailing partial block (bytes past the partial block are used by the next call).
    ks: &'a mut [u8; 16],
    /// The pre-counter block `J0` of the message.
    j0: &'a [u8; 16],
    /// `E_K(J0)`, filled in if still `None` and a spare lane was free.
    ekj0: &'a mut Option<[u8; 16]>,
}

/// Increments the rightmost 32 bits of a counter block modulo `2^32` (`inc_32`, SP 800-38D §6.2).
fn inc32(block: &mut [u8; 16]) {
    let c = u32::from_be_bytes([block[12], block[13], block[14], block[15]]).wrapping_add(1);
    block[12..].copy_from_slice(&c.to_be_bytes());
}

/// An AES-GCM key with the state of one message.
///
/// Key material and message state are zeroized on drop; `Debug` shows only the key length and backend.
#[derive(Clone)]
pub struct AesGcm {
    aes: Aes,
    hkey: HKey,
    phase: Phase,
    /// The pre-counter block `J0`.
    j0: [u8; 16],
    /// The next counter block.
    ctr: [u8; 16],
    /// The GHASH accumulator.
    y: [u8; 16],
    aad_len: u64,
    text_len: u64,
    /// A partial block waiting for GHASH: AAD bytes, or ciphertext bytes of the current text block.
    buf: [u8; 16],
    buf_len: usize,
    /// The key stream of the current partial text block; bytes `buf_len..16` are still unused.
    ks: [u8; 16],
    /// `E_K(J0)` for the tag, when a bulk call computed it on the side (the VAES backends do, in a spare lane).
    ekj0: Option<[u8; 16]>,
    /// The AES key (`key[..key_len]`), so that [`AesGcm::rekey`] with the same key keeps the expanded schedule
    /// and H table; `key_len` is 0 while a re-key is under way.
    key: [u8; 32],
    key_len: usize,
}

impl Drop for AesGcm {
    fn drop(&mut self) {
        self.j0.zeroize();
        self.ctr.zeroize();
        self.y.zeroize();
        self.buf.zeroize();
        self.ks.zeroize();
        if let Some(e) = self.ekj0.as_mut() {
            e.zeroize();
        }
        self.key.zeroize();
    }
}

impl fmt::Debug for AesGcm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AesGcm")
            .field("key_len", &self.aes.key_len())
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

impl AesGcm {
    /// A GCM key from a 16-, 24- or 32-byte AES key (else [`Error::InvalidKey`]), on the default backend.
    pub fn new(key: &[u8]) -> Result<AesGcm, Error> {
        AesGcm::with_backend(key, default_backend())
    }

    /// A GCM key on backend `b`; [`Error::BackendUnavailable`] if `b` is not usable here.
    pub fn with_backend(key: &[u8], b: Backend) -> Result<AesGcm, Error> {
        let aes = Aes::encrypt_only(key, b.aes_backend())?;
        let mut h = [0u8; 16];
        aes.encrypt_block(&mut h);
        let hkey = HKey::new(b, &h);
        h.zeroize();
        let hkey = hkey?;
        let mut k = [0u8; 32];
        k[..key.len()].copy_from_slice(key);
        Ok(AesGcm {
            aes,
            hkey,
            phase: Phase::Idle,
            j0: [0; 16],
            ctr: [0; 16],
            y: [0; 16],
            aad_len: 0,
            text_len: 0,
            buf: [0; 16],
            buf_len: 0,
            ks: [0; 16],
            ekj0: None,
            key: k,
            key_len: key.len(),
        })
    }

    /// Replaces the key (16, 24 or 32 bytes, else [`Error::InvalidKey`], the current key kept) on the same
    /// backend, reusing this object's storage, and abandons any message in progress: what an OpenSSL context
    /// re-initialised with a key per message needs, without the allocations of [`AesGcm::with_backend`].
    ///
    /// The key it already holds (compared in constant time) keeps the expanded schedule and H table: OpenSSL
    /// programs commonly pass the same key with every message's IV (`openssl speed` does), and the schedule and
    /// the powers of H cost about a tenth of a 16 KiB message. Only whether the key changed shows in the time.
    pub fn rekey(&mut self, key: &[u8]) -> Result<(), Error> {
        self.phase = Phase::Idle;
        self.y.zeroize();
        self.buf.zeroize();
        self.ks.zeroize();
        self.buf_len = 0;
        self.ekj0 = None;
        if crate::ct::bytes_eq(&self.key[..self.key_len], key) {
            return Ok(());
        }
        if !matches!(key.len(), 16 | 24 | 32) {
            return Err(Error::InvalidKey);
        }
        self.key_len = 0;
        self.key.zeroize();
        self.aes.rekey(key, false)?;
        let mut h = [0u8; 16];
        self.aes.encrypt_block(&mut h);
        let r = self.hkey.rekey(&h);
        h.zeroize();
        r?;
        self.key[..key.len()].copy_from_slice(key);
        self.key_len = key.len();
        Ok(())
    }

    /// The backend this key runs on.
    pub fn backend(&self) -> Backend {
        self.hkey.backend()
    }

    /// The AES key length in bytes (16, 24 or 32).
    pub fn key_len(&self) -> usize {
        self.aes.key_len()
    }

    /// Begins a message under `iv` (at least one byte, else [`Error::InvalidLength`]), abandoning any message in
    /// progress. A 12-byte IV gives `J0 = IV || 0^31 || 1`; any other length `J0 = GHASH(IV || pad || [len]_64)`.
    pub fn start(&mut self, iv: &[u8]) -> Result<(), Error> {
        if iv.is_empty() || iv.len() as u64 > MAX_IV_LEN {
            return Err(Error::InvalidLength);
        }
        self.y = [0; 16];
        if iv.len() == NONCE_LEN {
            self.j0[..NONCE_LEN].copy_from_slice(iv);
            self.j0[NONCE_LEN..].copy_from_slice(&1u32.to_be_bytes());
        } else {
            let mut j0 = [0u8; 16];
            let whole = iv.len() - iv.len() % 16;
            self.hkey.update(&mut j0, &iv[..whole]);
            let mut last = [0u8; 16];
            if whole < iv.len() {
                // The zero padding `0^s` completes the last partial block; a whole-block IV gets none.
                last[..iv.len() - whole].copy_from_slice(&iv[whole..]);
                self.hkey.update(&mut j0, &last);
            }
            let mut lens = [0u8; 16];
            lens[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
            self.hkey.update(&mut j0, &lens);
            self.j0 = j0;
            j0.zeroize();
            last.zeroize();
        }
        self.ctr = self.j0;
        inc32(&mut self.ctr);
        self.aad_len = 0;
        self.text_len = 0;
        self.buf = [0; 16];
        self.buf_len = 0;
        self.ks = [0; 16];
        if let Some(e) = self.ekj0.as_mut() {
            e.zeroize();
        }
        self.ekj0 = None;
        self.phase = Phase::Aad;
        Ok(())
    }

    /// Adds additional authenticated data. Allowed any number of times after [`start`](Self::start) and before
    /// the first data, else [`Error::InvalidState`]; [`Error::InvalidLength`] past [`MAX_AAD_LEN`] in total.
    pub fn aad(&mut self, aad: &[u8]) -> Result<(), Error> {
        if self.phase != Phase::Aad {
            return Err(Error::InvalidState);
        }
        let total = self.aad_len.checked_add(aad.len() as u64).ok_or(Error::InvalidLength)?;
        if total > MAX_AAD_LEN {
            return Err(Error::InvalidLength);
        }
        self.aad_len = total;
        let mut aad = aad;
        if self.buf_len > 0 {
            let n = aad.len().min(16 - self.buf_len);
            self.buf[self.buf_len..self.buf_len + n].copy_from_slice(&aad[..n]);
            self.buf_len += n;
            aad = &aad[n..];
            if self.buf_len < 16 {
                return Ok(());
            }
            self.hkey.update(&mut self.y, &self.buf);
            self.buf_len = 0;
        }
        let whole = aad.len() - aad.len() % 16;
        self.hkey.update(&mut self.y, &aad[..whole]);
        let rest = &aad[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
        Ok(())
    }

    /// Encrypts `data` in place.
    pub fn encrypt(&mut self, data: &mut [u8]) -> Result<(), Error> {
        self.crypt(Dir::Encrypt, None, data)
    }

    /// Decrypts `data` in place. The plaintext is not authentic until [`verify`](Self::verify) succeeds.
    pub fn decrypt(&mut self, data: &mut [u8]) -> Result<(), Error> {
        self.crypt(Dir::Decrypt, None, data)
    }

    /// Encrypts `input` into `output` (same length, else [`Error::InvalidLength`]).
    pub fn encrypt_to(&mut self, input: &[u8], output: &mut [u8]) -> Result<(), Error> {
        if input.len() != output.len() {
            return Err(Error::InvalidLength);
        }
        self.crypt(Dir::Encrypt, Some(input), output)
    }

    /// Decrypts `input` into `output` (same length, else [`Error::InvalidLength`]).
    pub fn decrypt_to(&mut self, input: &[u8], output: &mut [u8]) -> Result<(), Error> {
        if input.len() != output.len() {
            return Err(Error::InvalidLength);
        }
        self.crypt(Dir::Decrypt, Some(input), output)
    }

    /// Whether `len` more bytes of data in direction `dir` are allowed now.
    fn check_text(&self, dir: Dir, len: usize) -> Result<(), Error> {
        match self.phase {
            Phase::Aad => {}
            Phase::Text(d) if d == dir => {}
            _ => return Err(Error::InvalidState),
        }
        match self.text_len.checked_add(len as u64) {
            Some(total) if total <= MAX_TEXT_LEN => Ok(()),
            _ => Err(Error::InvalidLength),
        }
    }

    /// Absorbs the pending partial AAD block, zero-padded.
    fn flush_buf(&mut self) {
        if self.buf_len > 0 {
            self.buf[self.buf_len..].fill(0);
            self.hkey.update(&mut self.y, &self.buf);
            self.buf_len = 0;
        }
    }

    /// Encrypts or decrypts `input` (or `out` itself when `None`) into `out`, which has the input's length.
    fn crypt(&mut self, dir: Dir, input: Option<&[u8]>, out: &mut [u8]) -> Result<(), Error> {
        self.check_text(dir, out.len())?;
        if self.phase == Phase::Aad {
            self.flush_buf();
            self.phase = Phase::Text(dir);
        }
        self.text_len += out.len() as u64;
        let (mut input, mut out) = (input, out);

        // Finish the partial block left by the previous call.
        if self.buf_len > 0 {
            let n = out.len().min(16 - self.buf_len);
            let (head, rest) = core::mem::take(&mut out).split_at_mut(n);
            for (i, b) in head.iter_mut().enumerate() {
                let p = self.buf_len + i;
                let x = input.map_or(*b, |inp| inp[i]);
                *b = x ^ self.ks[p];
                self.buf[p] = if dir == Dir::Encrypt { *b } else { x };
            }
            self.buf_len += n;
            out = rest;
            input = input.map(|inp| &inp[n..]);
            if self.buf_len == 16 {
                self.hkey.update(&mut self.y, &self.buf);
                self.buf_len = 0;
            }
        }
        if out.is_empty() {
            return Ok(());
        }

        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if matches!(self.hkey, HKey::VaesAvx512(..) | HKey::VaesAvx2(..)) {
            self.bulk_vaes(dir, input, out);
            return Ok(());
        }

        if let Some(inp) = input {
            out.copy_from_slice(inp);
        }
        let whole = out.len() - out.len() % 16;
        let (blocks, tail) = out.split_at_mut(whole);
        if !blocks.is_empty() {
            self.bulk(dir, blocks);
        }

        if !tail.is_empty() {
            self.ks = self.ctr;
            self.aes.encrypt_block(&mut self.ks);
            inc32(&mut self.ctr);
            for (i, b) in tail.iter_mut().enumerate() {
                let input = *b;
                *b ^= self.ks[i];
                self.buf[i] = if dir == Dir::Encrypt { *b } else { input };
            }
            self.buf_len = tail.len();
        }
        Ok(())
    }

    /// The VAES backends: counter mode and GHASH over `out` (from `input` if given) including a trailing partial
    /// block, whose key stream and ciphertext bytes are kept for the next call or the tag.
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    fn bulk_vaes(&mut self, dir: Dir, input: Option<&[u8]>, out: &mut [u8]) {
        let Imp::AesNi(_, ks) = self.aes.imp() else { return };
        let tail = out.len() % 16;
        let start = out.len() - tail;
        if dir == Dir::Decrypt {
            // The ciphertext of the partial block, before it is overwritten in place.
            let src = input.map_or(&out[start..], |inp| &inp[start..]);
            self.buf[..tail].copy_from_slice(src);
        }
        let (y, ctr) = (&mut self.y, &mut self.ctr);
        let tks = &mut Side { ks: &mut self.ks, j0: &self.j0, ekj0: &mut self.ekj0 };
        let io = (input, &mut *out);
        match (&mut self.hkey, dir) {
            (HKey::VaesAvx512(cpu, t), Dir::Encrypt) => x86_vaes_avx512::crypt::<false>(*cpu, ks, t, y, ctr, io, tks),
            (HKey::VaesAvx512(cpu, t), Dir::Decrypt) => x86_vaes_avx512::crypt::<true>(*cpu, ks, t, y, ctr, io, tks),
            (HKey::VaesAvx2(cpu, t), Dir::Encrypt) => x86_vaes_avx2::crypt::<false>(*cpu, ks, t, y, ctr, io, tks),
            (HKey::VaesAvx2(cpu, t), Dir::Decrypt) => x86_vaes_avx2::crypt::<true>(*cpu, ks, t, y, ctr, io, tks),
            _ => {}
        }
        if dir == Dir::Encrypt {
            self.buf[..tail].copy_from_slice(&out[start..]);
        }
        self.buf_len = tail;
    }

    /// Counter mode and GHASH over whole blocks, ciphertext hashed after encryption or before decryption.
    fn bulk(&mut self, dir: Dir, blocks: &mut [u8]) {
        match (self.aes.imp(), &self.hkey) {
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            (Imp::AesNi(cpu, ks), HKey::X86(_, t)) => match dir {
                Dir::Encrypt => x86_clmul::seal(*cpu, ks, t, &mut self.y, &mut self.ctr, blocks),
                Dir::Decrypt => x86_clmul::open(*cpu, ks, t, &mut self.y, &mut self.ctr, blocks),
            },
            #[cfg(all(target_arch = "aarch64", not(feature = "portable-only")))]
            (Imp::Armv8(cpu, ks), HKey::Armv8(_, t)) => match dir {
                Dir::Encrypt => aarch64_pmull::seal(*cpu, ks, t, &mut self.y, &mut self.ctr, blocks),
                Dir::Decrypt => aarch64_pmull::open(*cpu, ks, t, &mut self.y, &mut self.ctr, blocks),
            },
            _ => {
                if dir == Dir::Decrypt {
                    self.hkey.update(&mut self.y, blocks);
                }
                ctr_generic(&self.aes, &mut self.ctr, blocks);
                if dir == Dir::Encrypt {
                    self.hkey.update(&mut self.y, blocks);
                }
            }
        }
    }

    /// Ends the message and returns the full 16-byte tag `E_K(J0) ^ GHASH(A, C)`. [`Error::InvalidState`]
    /// without a message in progress; afterwards a new [`start`](Self::start) is needed.
    pub fn tag(&mut self) -> Result<[u8; TAG_LEN], Error> {
        if self.phase == Phase::Idle {
            return Err(Error::InvalidState);
        }
        // The pending partial block (zero-padded) and the lengths block, hashed together.
        let mut last = [0u8; 32];
        let start = if self.buf_len > 0 {
            last[..self.buf_len].copy_from_slice(&self.buf[..self.buf_len]);
            self.buf_len = 0;
            0
        } else {
            16
        };
        last[16..24].copy_from_slice(&(self.aad_len * 8).to_be_bytes());
        last[24..].copy_from_slice(&(self.text_len * 8).to_be_bytes());
        self.hkey.update(&mut self.y, &last[start..]);
        last.zeroize();
        let mut tag = match self.ekj0.take() {
            Some(e) => e,
            None => {
                let mut e = self.j0;
                self.aes.encrypt_block(&mut e);
                e
            }
        };
        for (t, y) in tag.iter_mut().zip(&self.y) {
            *t ^= y;
        }
        self.phase = Phase::Idle;
        self.y.zeroize();
        self.ks.zeroize();
        Ok(tag)
    }

    /// Ends the message and checks `tag` (1 to 16 bytes, compared with the leading bytes of the full tag) in
    /// constant time: [`Error::AuthenticationFailed`] on mismatch, [`Error::InvalidLength`] for a bad tag
    /// length (the message stays open then).
    pub fn verify(&mut self, tag: &[u8]) -> Result<(), Error> {
        if tag.is_empty() || tag.len() > TAG_LEN {
            return Err(Error::InvalidLength);
        }
        let mut full = self.tag()?;
        let ok = crate::ct::bytes_eq(&full[..tag.len()], tag);
        full.zeroize();
        if ok { Ok(()) } else { Err(Error::AuthenticationFailed) }
    }

    /// One-shot encryption in place; returns the full tag.
    pub fn encrypt_detached(&mut self, iv: &[u8], aad: &[u8], data: &mut [u8]) -> Result<[u8; TAG_LEN], Error> {
        self.start(iv)?;
        self.aad(aad)?;
        self.encrypt(data)?;
        self.tag()
    }

    /// One-shot decryption in place; on a tag mismatch `data` is zeroed so that no unauthenticated plaintext is
    /// released.
    pub fn decrypt_detached(&mut self, iv: &[u8], aad: &[u8], data: &mut [u8], tag: &[u8]) -> Result<(), Error> {
        if tag.is_empty() || tag.len() > TAG_LEN {
            return Err(Error::InvalidLength);
        }
        self.start(iv)?;
        self.aad(aad)?;
        self.decrypt(data)?;
        let r = self.verify(tag);
        if r.is_err() {
            data.zeroize();
        }
        r
    }
}

/// Counter-mode encryption of whole blocks with any AES backend, in batches of counter blocks.
fn ctr_generic(aes: &Aes, ctr: &mut [u8; 16], data: &mut [u8]) {
    const BATCH: usize = 256;
    let mut ks = [0u8; BATCH];
    for chunk in data.chunks_mut(BATCH) {
        let n = chunk.len().div_ceil(16) * 16;
        for block in ks[..n].chunks_exact_mut(16) {
            block.copy_from_slice(ctr);
            inc32(ctr);
        }
        aes.encrypt_blocks(&mut ks[..n]);
        for (d, k) in chunk.iter_mut().zip(&ks) {
            *d ^= k;
        }
    }
    ks.zeroize();
}
