//! The one-step ("single-step") KDF of SP 800-56C r2 §4.1 with `H` = hash or HMAC, and the ANSI X9.63 KDF
//! (SP 800-135 r1 §4.1, "X963KDF"), computed exactly as OpenSSL's `providers/implementations/kdfs/sskdf.c`:
//!
//! ```text
//! SSKDF hash:  K(i) = Hash(counter_i || Z || FixedInfo)
//! SSKDF HMAC:  K(i) = HMAC-Hash(salt, counter_i || Z || FixedInfo)      (empty salt = default all-zero salt)
//! X9.63:       K(i) = Hash(Z || counter_i || SharedInfo)
//! DKM = leftmost L bytes of K(1) || K(2) || ...,   counter_i = i as a 32-bit big-endian integer from 1
//! ```
//!
//! The secret, the info and the output are each at most [`SSKDF_MAX_INPUT_LEN`] bytes (OpenSSL's
//! `SSKDF_MAX_INLEN`; it also keeps the counter far below 2^32); the output is never empty.

use zeroize::Zeroizing;

use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;
use crate::digest::Hasher;

/// Longest secret `Z`, info and output, in bytes (2^30, OpenSSL's `SSKDF_MAX_INLEN`).
pub const SSKDF_MAX_INPUT_LEN: usize = 1 << 30;

/// Checks the lengths every variant shares: non-empty output, nothing above [`SSKDF_MAX_INPUT_LEN`].
fn check_lengths(z: &[u8], info: &[u8], out: &[u8]) -> Result<(), Error> {
    if out.is_empty() || out.len() > SSKDF_MAX_INPUT_LEN || z.len() > SSKDF_MAX_INPUT_LEN {
        return Err(Error::InvalidLength);
    }
    if info.len() > SSKDF_MAX_INPUT_LEN {
        return Err(Error::InvalidLength);
    }
    Ok(())
}

/// Where the counter goes in the hashed string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CounterAt {
    /// `counter || Z || info` (SP 800-56C).
    Front,
    /// `Z || counter || info` (X9.63).
    AfterSecret,
}

/// The hash-based construction shared by SSKDF and X9.63.
fn hash_kdm(hash: HmacHash, at: CounterAt, z: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    check_lengths(z, info, out)?;
    let n = hash.output_len();
    let mut h = Hasher::with_backend(hash.algorithm(), hash.backend())?;
    let mut block = Zeroizing::new([0u8; MAX_HASH_LEN]);
    for (i, chunk) in out.chunks_mut(n).enumerate() {
        // At most 2^30 blocks (the output length is capped), so the counter fits.
        let counter = u32::try_from(i + 1).map_err(|_| Error::InvalidLength)?.to_be_bytes();
        match at {
            CounterAt::Front => {
                h.update(&counter);
                h.update(z);
            }
            CounterAt::AfterSecret => {
                h.update(z);
                h.update(&counter);
            }
        }
        h.update(info);
        // `finalize_into` leaves the hasher in its initial state for the next block.
        if chunk.len() == n {
            h.finalize_into(chunk)?;
        } else {
            h.finalize_into(&mut block[..n])?;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    Ok(())
}

/// SSKDF with `H = hash`: fills `out` with the DKM for secret `z` and `info` (`FixedInfo`).
/// [`Error::InvalidLength`] for an empty output or a length above [`SSKDF_MAX_INPUT_LEN`].
pub fn sskdf_hash(hash: HmacHash, z: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    hash_kdm(hash, CounterAt::Front, z, info, out)
}

/// The ANSI X9.63 KDF: fills `out` for shared secret `z` and `info` (`SharedInfo`). Same limits as
/// [`sskdf_hash`].
pub fn x963kdf(hash: HmacHash, z: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    hash_kdm(hash, CounterAt::AfterSecret, z, info, out)
}

/// SSKDF with `H = HMAC-hash` keyed with `salt`. An empty salt is the default salt of SP 800-56C (all zeros;
/// HMAC pads every key shorter than a block with zeros, so OpenSSL's digest-size zero salt is the same key).
/// Same limits as [`sskdf_hash`].
pub fn sskdf_hmac(hash: HmacHash, salt: &[u8], z: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    check_lengths(z, info, out)?;
    let n = hash.output_len();
    // One keyed state: `finalize_into` returns it to the salt-keyed initial state.
    let mut mac = hash.hmac(salt)?;
    let mut block = Zeroizing::new([0u8; MAX_HASH_LEN]);
    for (i, chunk) in out.chunks_mut(n).enumerate() {
        let counter = u32::try_from(i + 1).map_err(|_| Error::InvalidLength)?.to_be_bytes();
        mac.update(&counter);
        mac.update(z);
        mac.update(info);
        if chunk.len() == n {
            mac.finalize_into(chunk)?;
        } else {
            mac.finalize_into(&mut block[..n])?;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    Ok(())
}

/// The single-block HMAC variant without a counter (NIST ACVP `KDA` mode `OneStepNoCounter`, SP 800-56C r2
/// §4.1 with `L <= H_outputBits`): `DKM = leftmost L bytes of HMAC-hash(salt, Z || FixedInfo)`.
/// [`Error::InvalidLength`] if `out` is empty or longer than the digest. Not offered through OpenSSL's
/// `SSKDF` (which always counts); kept to validate the HMAC construction against the ACVP KDA vectors.
pub fn sskdf_hmac_no_counter(hash: HmacHash, salt: &[u8], z: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    check_lengths(z, info, out)?;
    let n = hash.output_len();
    if out.len() > n {
        return Err(Error::InvalidLength);
    }
    let mut mac = hash.hmac(salt)?;
    mac.update(z);
    mac.update(info);
    let mut block = Zeroizing::new([0u8; MAX_HASH_LEN]);
    mac.finalize_into(&mut block[..n])?;
    out.copy_from_slice(&block[..out.len()]);
    Ok(())
}

#[cfg(test)]
#[path = "sskdf_tests.rs"]
mod tests;
