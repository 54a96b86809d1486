//! Monte-Carlo test (MCT) iteration, shared by every consumer.
//!
//! [`run_mct`] takes the hash as a closure `hash(msg, out_len) -> digest`; `out_len` (bytes) only
//! matters for SHAKE, fixed-length digests may ignore it. It stops at the first wrong result.
//!
//! The iterations, with `||` for concatenation and `H` the hash under test (all lengths in
//! bytes; NIST writes them in bits):
//!
//! **SHA-1 / SHA-2, standard** (ACVP `mctVersion: "standard"`, and every CAVP `SHA*Monte.rsp`;
//! SHAVS section 6.4). The seed is one digest long.
//! ```text
//! seed = Seed
//! for j in 0..100:
//!     A = B = C = seed
//!     repeat 1000 times:  M = A || B || C;  D = H(M);  A = B;  B = C;  C = D
//!     seed = C;  results[j] must equal C
//! ```
//! **SHA-1 / SHA-2, alternate** (ACVP `mctVersion: "alternate"`): the seed may have any length
//! `L = len(Seed)`; identical except that each message is cut or zero-padded to `L`:
//! ```text
//!     repeat 1000 times:  M = A || B || C;  M = first L bytes of M, or M || 0x00.. up to L
//!                         D = H(M);  A = B;  B = C;  C = D
//! ```
//! **SHA-3, standard** (ACVP SHA3 MCT, and CAVP `SHA3_*Monte.rsp`; SHA3VS section 6.3):
//! ```text
//! MD = Seed
//! for j in 0..100:
//!     repeat 1000 times:  MD = H(MD)
//!     results[j] must equal MD
//! ```
//! **SHA-3, alternate**: as standard with `L = len(Seed)` and each input `MD` cut or
//! zero-padded to `L` bytes before hashing (no shipped vector uses it; when `L` equals the
//! digest length it is the standard test).
//!
//! **SHAKE** (ACVP SHAKE MCT; `min`/`max` from [`MctKind::Shake`], in bytes):
//! ```text
//! range = max - min + 1;  out_len = max;  Out = Seed
//! for j in 0..100:
//!     repeat 1000 times:
//!         M = first 16 bytes of Out (zero-padded to 16 if shorter)
//!         Out = SHAKE(M, out_len)
//!         r = last two bytes of Out as a big-endian u16
//!         out_len = min + (r mod range)
//!     results[j] must equal Out   (Out is the output of the last call, of its own length)
//! ```

use crate::check::Mismatch;
use crate::hash::{Mct, MctKind, MctVersion};

/// Inner iterations per outer step, for every MCT kind.
pub const INNER_ITERATIONS: usize = 1000;

/// Runs `m` with `hash(msg, out_len)`; see the module documentation for the iteration.
/// For SHA-1/2/3 `out_len` is the digest length.
pub fn run_mct(m: &Mct, mut hash: impl FnMut(&[u8], usize) -> Vec<u8>) -> Result<(), Mismatch> {
    let digest_len = m.results.first().map_or(0, Vec::len);
    match m.kind {
        MctKind::Sha2(v) => run_sha2(m, v, |msg| hash(msg, digest_len)),
        MctKind::Sha3(v) => run_sha3(m, v, |msg| hash(msg, digest_len)),
        MctKind::Shake { min_out_len, max_out_len } => run_shake(m, min_out_len, max_out_len, hash),
    }
}

fn step_check(m: &Mct, j: usize, expected: &[u8], actual: &[u8]) -> Result<(), Mismatch> {
    if expected == actual {
        Ok(())
    } else {
        Err(Mismatch { tc_id: m.tc_id, step: Some(j), expected: expected.to_vec(), actual: actual.to_vec() })
    }
}

/// Cuts or zero-pads `msg` to `len` bytes.
fn fit(mut msg: Vec<u8>, len: usize) -> Vec<u8> {
    msg.resize(len, 0);
    msg
}

fn run_sha2(m: &Mct, version: MctVersion, mut hash: impl FnMut(&[u8]) -> Vec<u8>) -> Result<(), Mismatch> {
    let seed_len = m.seed.len();
    let mut seed = m.seed.clone();
    for (j, expected) in m.results.iter().enumerate() {
        let (mut a, mut b, mut c) = (seed.clone(), seed.clone(), seed);
        for _ in 0..INNER_ITERATIONS {
            let mut msg = Vec::with_capacity(a.len() + b.len() + c.len());
            msg.extend_from_slice(&a);
            msg.extend_from_slice(&b);
            msg.extend_from_slice(&c);
            if version == MctVersion::Alternate {
                msg = fit(msg, seed_len);
            }
            let d = hash(&msg);
            a = b;
            b = c;
            c = d;
        }
        step_check(m, j, expected, &c)?;
        seed = c;
    }
    Ok(())
}

fn run_sha3(m: &Mct, version: MctVersion, mut hash: impl FnMut(&[u8]) -> Vec<u8>) -> Result<(), Mismatch> {
    let seed_len = m.seed.len();
    let mut md = m.seed.clone();
    for (j, expected) in m.results.iter().enumerate() {
        for _ in 0..INNER_ITERATIONS {
            if version == MctVersion::Alternate {
                md = fit(md, seed_len);
            }
            md = hash(&md);
        }
        step_check(m, j, expected, &md)?;
    }
    Ok(())
}

fn run_shake(m: &Mct, min: usize, max: usize, mut xof: impl FnMut(&[u8], usize) -> Vec<u8>) -> Result<(), Mismatch> {
    let range = max - min + 1;
    let mut out_len = max;
    let mut out = m.seed.clone();
    for (j, expected) in m.results.iter().enumerate() {
        for _ in 0..INNER_ITERATIONS {
            let msg = fit(out[..out.len().min(16)].to_vec(), 16);
            out = xof(&msg, out_len);
            let r = match out.as_slice() {
                [.., hi, lo] => usize::from(u16::from_be_bytes([*hi, *lo])),
                _ => 0,
            };
            out_len = min + r % range;
        }
        step_check(m, j, expected, &out)?;
    }
    Ok(())
}
