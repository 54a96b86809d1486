//! Bulk entry points of [`Aes`] that the modes of operation share: counter-mode keystream (128-bit counter),
//! CBC chaining and the XTS block step over whole blocks.
//!
//! Each entry point is the contract the backends fill in: the generic path here
//! ([`Kernel::Generic`](super::Kernel::Generic), the portable and ARMv8 path) runs the backend's multi-block
//! [`Aes::encrypt_blocks`] / [`Aes::decrypt_blocks`] over a small stack batch; on x86 the key's fused AES-NI or
//! VAES kernels ([`Kernel`](super::Kernel), `x86_aesni.rs`, `x86_vaes*.rs`) take over without the modes changing.

use zeroize::Zeroize;

use super::{Aes, BLOCK_LEN};
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
use super::{Bulk, Imp};

/// Blocks per batch of the generic paths (enough to fill every backend's pipeline).
const BATCH_BLOCKS: usize = 16;
const BATCH: usize = BATCH_BLOCKS * BLOCK_LEN;

/// Adds `n` to a 128-bit big-endian counter block, modulo `2^128` (OpenSSL's AES-CTR counter: the whole IV).
pub fn ctr128_add(counter: &mut [u8; BLOCK_LEN], n: u64) {
    let c = u128::from_be_bytes(*counter).wrapping_add(u128::from(n));
    *counter = c.to_be_bytes();
}

fn xor_in_place(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

impl Aes {
    /// Counter mode over whole blocks: XORs `data` (a multiple of 16 bytes, else the trailing partial block is
    /// left untouched and debug builds assert) with `E(counter), E(counter + 1), ...` and advances `counter` by
    /// the number of blocks, as a 128-bit big-endian integer (SP 800-38A Appendix B.1 with `b = 128`).
    ///
    /// The counter is treated as public (as the IV of CTR mode is): the x86 kernels split the call where the low
    /// 64 bits of the counter wrap, so the timing may depend on whether they wrap within this call.
    pub fn ctr128_xor(&self, counter: &mut [u8; BLOCK_LEN], data: &mut [u8]) {
        debug_assert_eq!(data.len() % BLOCK_LEN, 0, "partial AES block");
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let (Imp::AesNi(cpu, ks), Bulk::X86(wide)) = (&self.imp, self.bulk) {
            return ks.ctr128_xor(*cpu, wide, counter, data);
        }
        let mut ks = [0u8; BATCH];
        for chunk in whole_blocks(data).chunks_mut(BATCH) {
            let n = chunk.len() / BLOCK_LEN;
            let mut c = u128::from_be_bytes(*counter);
            for b in ks[..chunk.len()].chunks_exact_mut(BLOCK_LEN) {
                b.copy_from_slice(&c.to_be_bytes());
                c = c.wrapping_add(1);
            }
            self.encrypt_blocks(&mut ks[..chunk.len()]);
            xor_in_place(chunk, &ks[..chunk.len()]);
            ctr128_add(counter, n as u64);
        }
        ks.zeroize();
    }

    /// CBC encryption of whole blocks in place (SP 800-38A §6.2), chaining through `iv`, which ends as the last
    /// ciphertext block. Inherently serial: one block at a time.
    pub fn cbc_encrypt(&self, iv: &mut [u8; BLOCK_LEN], data: &mut [u8]) {
        debug_assert_eq!(data.len() % BLOCK_LEN, 0, "partial AES block");
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let (Imp::AesNi(cpu, ks), Bulk::X86(_)) = (&self.imp, self.bulk) {
            return ks.cbc_encrypt(*cpu, iv, data);
        }
        for block in data.chunks_exact_mut(BLOCK_LEN) {
            let mut x = *iv;
            xor_in_place(&mut x, block);
            self.encrypt_block(&mut x);
            block.copy_from_slice(&x);
            *iv = x;
        }
    }

    /// CBC decryption of whole blocks in place, chaining through `iv`, which ends as the last ciphertext block.
    /// The block decryptions run in parallel batches.
    pub fn cbc_decrypt(&self, iv: &mut [u8; BLOCK_LEN], data: &mut [u8]) {
        debug_assert_eq!(data.len() % BLOCK_LEN, 0, "partial AES block");
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let (Imp::AesNi(cpu, ks), Bulk::X86(wide)) = (&self.imp, self.bulk) {
            return ks.cbc_decrypt(*cpu, wide, iv, data);
        }
        let mut saved = [0u8; BATCH];
        for chunk in whole_blocks(data).chunks_mut(BATCH) {
            let len = chunk.len();
            saved[..len].copy_from_slice(chunk);
            self.decrypt_blocks(chunk);
            xor_in_place(&mut chunk[..BLOCK_LEN], iv);
            xor_in_place(&mut chunk[BLOCK_LEN..], &saved[..len - BLOCK_LEN]);
            iv.copy_from_slice(&saved[len - BLOCK_LEN..len]);
        }
        saved.zeroize();
    }

    /// The XTS block step over whole blocks (IEEE 1619 §5.3.1/§5.4.1 without ciphertext stealing): each block
    /// becomes `E(P ^ T) ^ T` (or `D(C ^ T) ^ T` when `decrypt`) with `self` the data key, and `tweak` (the
    /// already-encrypted tweak `T`) is multiplied by `α` after every block, ending as the next block's tweak.
    pub fn xts_blocks(&self, tweak: &mut [u8; BLOCK_LEN], data: &mut [u8], decrypt: bool) {
        debug_assert_eq!(data.len() % BLOCK_LEN, 0, "partial AES block");
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let (Imp::AesNi(cpu, ks), Bulk::X86(wide)) = (&self.imp, self.bulk) {
            return ks.xts(*cpu, wide, tweak, data, decrypt);
        }
        let mut tweaks = [0u8; BATCH];
        for chunk in whole_blocks(data).chunks_mut(BATCH) {
            let len = chunk.len();
            for t in tweaks[..len].chunks_exact_mut(BLOCK_LEN) {
                t.copy_from_slice(tweak);
                xts_mul_alpha(tweak);
            }
            xor_in_place(chunk, &tweaks[..len]);
            if decrypt {
                self.decrypt_blocks(chunk);
            } else {
                self.encrypt_blocks(chunk);
            }
            xor_in_place(chunk, &tweaks[..len]);
        }
        tweaks.zeroize();
    }
}

/// Multiplies an XTS tweak by the primitive element `α` of GF(2^128) (IEEE 1619 §5.2: the 16 bytes are a
/// little-endian integer; a carry out of bit 127 folds back as `0x87`), in constant time.
pub fn xts_mul_alpha(t: &mut [u8; BLOCK_LEN]) {
    let x = u128::from_le_bytes(*t);
    let carry = (x >> 127) as u8;
    let mut y = x << 1;
    y ^= u128::from(0x87u8 & carry.wrapping_neg());
    *t = y.to_le_bytes();
}

/// The whole-block prefix of `data`.
fn whole_blocks(data: &mut [u8]) -> &mut [u8] {
    let whole = data.len() - data.len() % BLOCK_LEN;
    &mut data[..whole]
}
