//! AES key wrap (SP 800-38F): KW (§6.2, RFC 3394) and KWP (§6.3, RFC 5649), each with the forward cipher or, as
//! OpenSSL's `AES-*-WRAP-INV` ciphers do, with the inverse cipher as the wrapping function (`CIPH_K` = AES
//! decryption, §5.1).
//!
//! Each operation works in place on one buffer: the input occupies `buf[..len]` and the output replaces it from
//! the front (wrapping needs `buf` to have room for the longer output). The wrapping function `W` is inherently
//! serial (every step depends on the previous one), so it runs one AES block at a time. Unwrapping checks the
//! integrity check value — and for KWP the length indicator and the zero padding — in constant time, and on
//! failure wipes everything it produced and reports only [`Error::AuthenticationFailed`].

use zeroize::Zeroize;

use crate::Error;
use crate::aes::{Aes, BLOCK_LEN};

/// Bytes per semiblock (half an AES block).
pub const SEMIBLOCK: usize = 8;
/// The default KW integrity check value `ICV1` (SP 800-38F §6.2).
pub const ICV1: [u8; 8] = [0xA6; 8];
/// The default KWP integrity check value `ICV2` (SP 800-38F §6.3), the first half of the alternative IV.
pub const ICV2: [u8; 4] = [0xA6, 0x59, 0x59, 0xA6];
/// The longest plaintext accepted (as OpenSSL's `CRYPTO128_WRAP_MAX`, 2^31 bytes; SP 800-38F allows more but
/// KWP's 32-bit length indicator and OpenSSL's `int` lengths do not).
pub const MAX_INPUT: usize = 1 << 31;

/// Which AES function serves as the wrapping function `CIPH_K` (SP 800-38F §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KwCipher {
    /// `CIPH_K` is AES encryption (KW-AE / KWP-AE as usual; OpenSSL's `AES-*-WRAP`, `AES-*-WRAP-PAD`).
    Forward,
    /// `CIPH_K` is AES decryption (ACVP `kwCipher: "inverse"`; OpenSSL's `AES-*-WRAP-INV`, `AES-*-WRAP-PAD-INV`).
    Inverse,
}

/// The length a wrap produces for `len` bytes of plaintext (`padded`: KWP, rounding up to semiblocks), or `None`
/// if `len` is out of range for the algorithm (KW: a multiple of 8, at least 16; KWP: at least 1; both at most
/// [`MAX_INPUT`]).
pub fn wrapped_len(padded: bool, len: usize) -> Option<usize> {
    let ok = len <= MAX_INPUT && if padded { len >= 1 } else { len >= 16 && len.is_multiple_of(SEMIBLOCK) };
    ok.then(|| len.next_multiple_of(SEMIBLOCK) + SEMIBLOCK)
}

/// Applies `CIPH_K` (`inverse == false`) or `CIPH_K^-1` (`inverse == true`) of wrap cipher `c` to one block.
fn ciph(aes: &Aes, c: KwCipher, inverse: bool, block: &mut [u8; BLOCK_LEN]) {
    if (c == KwCipher::Forward) != inverse {
        aes.encrypt_block(block);
    } else {
        aes.decrypt_block(block);
    }
}

/// The wrapping function `W` (SP 800-38F Algorithm 1) over the semiblocks `r` (at least two) with initial value
/// `a`; returns the final `A` (the first semiblock of the output; `r` becomes the rest).
fn w(aes: &Aes, c: KwCipher, a: [u8; SEMIBLOCK], r: &mut [u8]) -> [u8; SEMIBLOCK] {
    let n = (r.len() / SEMIBLOCK) as u64;
    let mut b = [0u8; BLOCK_LEN];
    b[..SEMIBLOCK].copy_from_slice(&a);
    for j in 0..6u64 {
        for (i, ri) in r.chunks_exact_mut(SEMIBLOCK).enumerate() {
            b[SEMIBLOCK..].copy_from_slice(ri);
            ciph(aes, c, false, &mut b);
            let t = (n * j + i as u64 + 1).to_be_bytes();
            for (x, t) in b[..SEMIBLOCK].iter_mut().zip(t) {
                *x ^= t;
            }
            ri.copy_from_slice(&b[SEMIBLOCK..]);
        }
    }
    let mut out = [0u8; SEMIBLOCK];
    out.copy_from_slice(&b[..SEMIBLOCK]);
    b.zeroize();
    out
}

/// The unwrapping function `W^-1` (SP 800-38F Algorithm 2): `r` holds `C_2..C_n` on entry and the candidate
/// plaintext semiblocks on return; `a` is `C_1`; returns the recovered `A` (to be checked by the caller).
fn w_inv(aes: &Aes, c: KwCipher, a: [u8; SEMIBLOCK], r: &mut [u8]) -> [u8; SEMIBLOCK] {
    let n = (r.len() / SEMIBLOCK) as u64;
    let mut b = [0u8; BLOCK_LEN];
    b[..SEMIBLOCK].copy_from_slice(&a);
    for j in (0..6u64).rev() {
        for (i, ri) in r.chunks_exact_mut(SEMIBLOCK).enumerate().rev() {
            let t = (n * j + i as u64 + 1).to_be_bytes();
            for (x, t) in b[..SEMIBLOCK].iter_mut().zip(t) {
                *x ^= t;
            }
            b[SEMIBLOCK..].copy_from_slice(ri);
            ciph(aes, c, true, &mut b);
            ri.copy_from_slice(&b[SEMIBLOCK..]);
        }
    }
    let mut out = [0u8; SEMIBLOCK];
    out.copy_from_slice(&b[..SEMIBLOCK]);
    b.zeroize();
    out
}

/// `1` if `a < b` else `0`, without branches (any 64-bit values).
fn ct_lt(a: u64, b: u64) -> u64 {
    ((!a & b) | (!(a ^ b) & a.wrapping_sub(b))) >> 63
}

/// Checks `buf` has room for `need` bytes and `len` is within it.
fn room(buf: &[u8], len: usize, need: usize) -> Result<(), Error> {
    if len > buf.len() || need > buf.len() { Err(Error::InvalidLength) } else { Ok(()) }
}

/// KW-AE in place: `buf[..len]` is the plaintext (a multiple of 8 bytes, at least 16, at most [`MAX_INPUT`]);
/// on success `buf[..len + 8]` holds the ciphertext and `len + 8` is returned. `icv` is the integrity check
/// value (normally [`ICV1`]).
pub fn wrap_in_place(aes: &Aes, c: KwCipher, icv: &[u8; 8], buf: &mut [u8], len: usize) -> Result<usize, Error> {
    let out_len = wrapped_len(false, len).ok_or(Error::InvalidLength)?;
    room(buf, len, out_len)?;
    buf.copy_within(..len, SEMIBLOCK);
    let a = w(aes, c, *icv, &mut buf[SEMIBLOCK..out_len]);
    buf[..SEMIBLOCK].copy_from_slice(&a);
    Ok(out_len)
}

/// KW-AD in place: `buf[..len]` is the ciphertext (a multiple of 8 bytes, at least 24); on success
/// `buf[..len - 8]` holds the plaintext and `len - 8` is returned. If the recovered integrity check value is not
/// `icv`, `buf[..len]` is wiped and [`Error::AuthenticationFailed`] returned.
pub fn unwrap_in_place(aes: &Aes, c: KwCipher, icv: &[u8; 8], buf: &mut [u8], len: usize) -> Result<usize, Error> {
    if len < 24 || !len.is_multiple_of(SEMIBLOCK) || len - SEMIBLOCK > MAX_INPUT {
        return Err(Error::InvalidLength);
    }
    room(buf, len, len)?;
    let mut a = [0u8; SEMIBLOCK];
    a.copy_from_slice(&buf[..SEMIBLOCK]);
    buf.copy_within(SEMIBLOCK..len, 0);
    let mut got = w_inv(aes, c, a, &mut buf[..len - SEMIBLOCK]);
    let diff = got.iter().zip(icv).fold(0u8, |d, (x, y)| d | (x ^ y));
    got.zeroize();
    if core::hint::black_box(diff) != 0 {
        buf[..len].zeroize();
        return Err(Error::AuthenticationFailed);
    }
    buf[len - SEMIBLOCK..len].zeroize();
    Ok(len - SEMIBLOCK)
}

/// KWP-AE in place: `buf[..len]` is the plaintext (1 to [`MAX_INPUT`] bytes); on success the first
/// `roundup(len, 8) + 8` bytes of `buf` hold the ciphertext and that length is returned. `icv` is the first half
/// of the alternative IV (normally [`ICV2`]); the second half is the 32-bit plaintext length.
pub fn wrap_pad_in_place(aes: &Aes, c: KwCipher, icv: &[u8; 4], buf: &mut [u8], len: usize) -> Result<usize, Error> {
    let out_len = wrapped_len(true, len).ok_or(Error::InvalidLength)?;
    room(buf, len, out_len)?;
    let len32 = u32::try_from(len).map_err(|_| Error::InvalidLength)?;
    let mut aiv = [0u8; SEMIBLOCK];
    aiv[..4].copy_from_slice(icv);
    aiv[4..].copy_from_slice(&len32.to_be_bytes());
    buf.copy_within(..len, SEMIBLOCK);
    buf[SEMIBLOCK + len..out_len].fill(0);
    if out_len == BLOCK_LEN {
        // One semiblock of padded plaintext: C = CIPH_K(AIV || P) (SP 800-38F §6.3, step 4).
        let mut b = [0u8; BLOCK_LEN];
        b[..SEMIBLOCK].copy_from_slice(&aiv);
        b[SEMIBLOCK..].copy_from_slice(&buf[SEMIBLOCK..BLOCK_LEN]);
        ciph(aes, c, false, &mut b);
        buf[..BLOCK_LEN].copy_from_slice(&b);
        b.zeroize();
    } else {
        let a = w(aes, c, aiv, &mut buf[SEMIBLOCK..out_len]);
        buf[..SEMIBLOCK].copy_from_slice(&a);
    }
    Ok(out_len)
}

/// KWP-AD in place: `buf[..len]` is the ciphertext (a multiple of 8 bytes, at least 16); on success
/// `buf[..plen]` holds the plaintext and `plen` is returned. The integrity check value, the length indicator and
/// the zero padding are checked together in constant time; on any mismatch `buf[..len]` is wiped and
/// [`Error::AuthenticationFailed`] returned.
pub fn unwrap_pad_in_place(aes: &Aes, c: KwCipher, icv: &[u8; 4], buf: &mut [u8], len: usize) -> Result<usize, Error> {
    if len < BLOCK_LEN || !len.is_multiple_of(SEMIBLOCK) || len - SEMIBLOCK > MAX_INPUT {
        return Err(Error::InvalidLength);
    }
    room(buf, len, len)?;
    let padded = len - SEMIBLOCK;
    let mut a = [0u8; SEMIBLOCK];
    if len == BLOCK_LEN {
        let mut b = [0u8; BLOCK_LEN];
        b.copy_from_slice(&buf[..BLOCK_LEN]);
        ciph(aes, c, true, &mut b);
        a.copy_from_slice(&b[..SEMIBLOCK]);
        buf[..SEMIBLOCK].copy_from_slice(&b[SEMIBLOCK..]);
        b.zeroize();
    } else {
        a.copy_from_slice(&buf[..SEMIBLOCK]);
        buf.copy_within(SEMIBLOCK..len, 0);
        a = w_inv(aes, c, a, &mut buf[..padded]);
    }
    buf[padded..len].zeroize();
    // Everything below is branch-free in the (secret until verified) A and padding.
    let icv_diff = a[..4].iter().zip(icv).fold(0u8, |d, (x, y)| d | (x ^ y));
    let plen = u64::from(u32::from_be_bytes([a[4], a[5], a[6], a[7]]));
    let padded64 = padded as u64;
    // Valid lengths: padded - 7 <= plen <= padded (so the padding is 0..=7 bytes).
    let len_ok = ct_lt(plen.wrapping_sub(padded64 - 7), 8);
    let mut pad_bits = 0u8;
    for (k, &byte) in buf[padded - SEMIBLOCK..padded].iter().enumerate() {
        let pos = padded64 - SEMIBLOCK as u64 + k as u64;
        let in_pad = (1 - ct_lt(pos, plen)) as u8; // 1 when the byte is padding
        pad_bits |= byte & in_pad.wrapping_neg();
    }
    let bad = u64::from(icv_diff) | (1 - len_ok) | u64::from(pad_bits);
    a.zeroize();
    if core::hint::black_box(bad) != 0 {
        buf[..len].zeroize();
        return Err(Error::AuthenticationFailed);
    }
    Ok(plen as usize)
}

/// Copies `input` to the front of `out` for an in-place operation, checking `out` can hold `need` bytes.
fn stage(input: &[u8], out: &mut [u8], need: usize) -> Result<(), Error> {
    if out.len() < need.max(input.len()) {
        return Err(Error::InvalidLength);
    }
    out[..input.len()].copy_from_slice(input);
    Ok(())
}

/// KW-AE from `input` into `out` (at least `input.len() + 8` bytes); returns the ciphertext length.
pub fn wrap(aes: &Aes, c: KwCipher, icv: &[u8; 8], input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    stage(input, out, wrapped_len(false, input.len()).ok_or(Error::InvalidLength)?)?;
    wrap_in_place(aes, c, icv, out, input.len())
}

/// KW-AD from `input` into `out` (at least `input.len()` bytes: it is the work area); returns the plaintext
/// length. On failure `out` holds no plaintext.
pub fn unwrap(aes: &Aes, c: KwCipher, icv: &[u8; 8], input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    stage(input, out, input.len())?;
    unwrap_in_place(aes, c, icv, out, input.len())
}

/// KWP-AE from `input` into `out` (at least `roundup(input.len(), 8) + 8` bytes); returns the ciphertext length.
pub fn wrap_pad(aes: &Aes, c: KwCipher, icv: &[u8; 4], input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    stage(input, out, wrapped_len(true, input.len()).ok_or(Error::InvalidLength)?)?;
    wrap_pad_in_place(aes, c, icv, out, input.len())
}

/// KWP-AD from `input` into `out` (at least `input.len()` bytes: it is the work area); returns the plaintext
/// length. On failure `out` holds no plaintext.
pub fn unwrap_pad(aes: &Aes, c: KwCipher, icv: &[u8; 4], input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    stage(input, out, input.len())?;
    unwrap_pad_in_place(aes, c, icv, out, input.len())
}

#[cfg(test)]
#[path = "kw_tests.rs"]
mod tests;
