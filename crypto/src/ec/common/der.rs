//! Strict DER encoding of ECDSA signatures (`SEQUENCE { r INTEGER, s INTEGER }`, X.690 DER) for any
//! component length up to 127 bytes (the SEQUENCE length takes the long form `81 xx` from 128 bytes on).

use super::ByteArray;
use crate::Error;

/// Appends a DER length (short form below 128, else `81 len`; bodies here stay below 256 bytes).
fn put_len(out: &mut Vec<u8>, len: usize) {
    if len >= 0x80 {
        out.push(0x81);
    }
    out.push(len as u8);
}

/// Appends a non-negative DER INTEGER holding the big-endian magnitude `v`.
fn put_int(out: &mut Vec<u8>, v: &[u8]) {
    let first = v.iter().position(|&b| b != 0).unwrap_or(v.len().saturating_sub(1));
    let body = &v[first..];
    let pad = body.first().is_some_and(|b| b & 0x80 != 0);
    out.push(0x02);
    put_len(out, body.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(body);
}

/// Reads a DER length in canonical form (short below 128, `81 xx` with `xx >= 128`, nothing longer).
fn get_len(der: &[u8]) -> Result<(usize, &[u8]), Error> {
    match der {
        [0x81, len, rest @ ..] if *len >= 0x80 => Ok((usize::from(*len), rest)),
        [len, rest @ ..] if *len < 0x80 => Ok((usize::from(*len), rest)),
        _ => Err(Error::InvalidKey),
    }
}

/// Reads one minimal, non-negative DER INTEGER that fits in `B`; returns it and the rest.
fn get_int<B: ByteArray>(der: &[u8]) -> Result<(B, &[u8]), Error> {
    let [0x02, rest @ ..] = der else { return Err(Error::InvalidKey) };
    let (len, rest) = get_len(rest)?;
    if len == 0 || rest.len() < len {
        return Err(Error::InvalidKey);
    }
    let (body, rest) = rest.split_at(len);
    if body[0] & 0x80 != 0 {
        return Err(Error::InvalidKey); // negative
    }
    if len > 1 && body[0] == 0 && body[1] & 0x80 == 0 {
        return Err(Error::InvalidKey); // not minimal
    }
    let body = if body[0] == 0 && len > 1 { &body[1..] } else { body };
    let mut v = B::zeroed();
    let n = v.as_ref().len();
    if body.len() > n {
        return Err(Error::InvalidKey);
    }
    v.as_mut()[n - body.len()..].copy_from_slice(body);
    Ok((v, rest))
}

/// DER encoding `30 len 02 len r 02 len s`, integers minimal.
pub(crate) fn encode(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(2 * r.len() + 8);
    put_int(&mut body, r);
    put_int(&mut body, s);
    let mut out = Vec::with_capacity(body.len() + 3);
    out.push(0x30);
    put_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// Strict DER decoding of `(r, s)`: canonical lengths, minimal non-negative integers that fit in `B`, no
/// trailing data. The range `1 <= r, s < n` is the caller's check. Every failure is [`Error::InvalidKey`].
pub(crate) fn decode<B: ByteArray>(der: &[u8]) -> Result<(B, B), Error> {
    let [0x30, rest @ ..] = der else { return Err(Error::InvalidKey) };
    let (len, body) = get_len(rest)?;
    if len != body.len() {
        return Err(Error::InvalidKey);
    }
    let (r, rest) = get_int::<B>(body)?;
    let (s, rest) = get_int::<B>(rest)?;
    if !rest.is_empty() {
        return Err(Error::InvalidKey);
    }
    Ok((r, s))
}
