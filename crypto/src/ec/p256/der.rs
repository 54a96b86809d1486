//! ECDSA signatures and their strict DER encoding (`SEQUENCE { r INTEGER, s INTEGER }`, X.690 DER).

use super::scalar::Scalar;
use crate::Error;

/// An ECDSA signature `(r, s)`, each 32 bytes big-endian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// r, big-endian.
    pub r: [u8; 32],
    /// s, big-endian.
    pub s: [u8; 32],
}

/// Appends a non-negative DER INTEGER holding the big-endian magnitude `v`.
fn put_int(out: &mut Vec<u8>, v: &[u8; 32]) {
    let first = v.iter().position(|&b| b != 0).unwrap_or(31);
    let body = &v[first..];
    let pad = body[0] & 0x80 != 0;
    out.push(0x02);
    out.push((body.len() + usize::from(pad)) as u8);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(body);
}

/// Reads one minimal, non-negative DER INTEGER of at most 256 bits; returns it and the rest.
fn get_int(der: &[u8]) -> Result<([u8; 32], &[u8]), Error> {
    let [0x02, len, rest @ ..] = der else { return Err(Error::InvalidKey) };
    let len = usize::from(*len);
    // Short-form lengths only (a 33-byte body is the most an integer below 2^256 needs).
    if len == 0 || len > 33 || rest.len() < len {
        return Err(Error::InvalidKey);
    }
    let (body, rest) = rest.split_at(len);
    if body[0] & 0x80 != 0 {
        return Err(Error::InvalidKey); // negative
    }
    if len > 1 && body[0] == 0 && body[1] & 0x80 == 0 {
        return Err(Error::InvalidKey); // not minimal
    }
    let body = if len == 33 { &body[1..] } else { body };
    if body.len() > 32 {
        return Err(Error::InvalidKey);
    }
    let mut v = [0u8; 32];
    v[32 - body.len()..].copy_from_slice(body);
    Ok((v, rest))
}

impl Signature {
    /// DER encoding: `30 len 02 len r 02 len s`, integers minimal.
    pub fn to_der(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(70);
        put_int(&mut body, &self.r);
        put_int(&mut body, &self.s);
        let mut out = Vec::with_capacity(body.len() + 2);
        out.push(0x30);
        out.push(body.len() as u8);
        out.extend_from_slice(&body);
        out
    }

    /// Strict DER decoding: canonical short-form lengths, minimal non-negative integers, no trailing data, and
    /// `1 <= r, s < n`. Every failure is [`Error::InvalidKey`].
    pub fn from_der(der: &[u8]) -> Result<Signature, Error> {
        let [0x30, len, body @ ..] = der else { return Err(Error::InvalidKey) };
        // Bodies are at most 2 * 35 = 70 bytes, so the length is always in short form.
        if *len >= 0x80 || usize::from(*len) != body.len() {
            return Err(Error::InvalidKey);
        }
        let (r, rest) = get_int(body)?;
        let (s, rest) = get_int(rest)?;
        if !rest.is_empty() {
            return Err(Error::InvalidKey);
        }
        let sig = Signature { r, s };
        sig.scalars().map(|_| sig)
    }

    /// `(r, s)` as scalars if both are in `[1, n-1]`, else [`Error::InvalidKey`].
    pub(super) fn scalars(&self) -> Result<(Scalar, Scalar), Error> {
        let (r, r_ok) = Scalar::from_bytes(&self.r);
        let (s, s_ok) = Scalar::from_bytes(&self.s);
        if r_ok & s_ok & (1 ^ r.is_zero()) & (1 ^ s.is_zero()) == 1 { Ok((r, s)) } else { Err(Error::InvalidKey) }
    }
}
