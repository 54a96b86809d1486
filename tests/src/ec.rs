//! EC helpers shared by the EC test files: EC keys from raw parameters (`fromdata`) on any named group, and
//! a test-side DER ECDSA-Sig-Value encoder/parser (short and long form lengths, so P-521 signatures work).

use ferrofips_evp::{ErrorStack, KeySelection, LibCtx, ParamType, Params, Pkey};

/// The digests approved for ECDSA, by OpenSSL name.
pub const ECDSA_DIGESTS: [&str; 10] = [
    "SHA2-224",
    "SHA2-256",
    "SHA2-384",
    "SHA2-512",
    "SHA2-512/224",
    "SHA2-512/256",
    "SHA3-224",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
];

/// Big-endian to native-endian (OSSL_PARAM unsigned integers are native-endian).
pub fn ne(be: &[u8]) -> Vec<u8> {
    let mut v = be.to_vec();
    if cfg!(target_endian = "little") {
        v.reverse();
    }
    v
}

/// An EC public key on `group` from its encoded point.
pub fn public_key<'a>(ctx: &'a LibCtx, propq: Option<&str>, group: &str, point: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    let mut p = Params::new();
    p.utf8("group", group).octets("pub", point);
    Pkey::fromdata(ctx, "EC", propq, KeySelection::PublicKey, &p)
}

/// An EC key pair on `group` from its big-endian private scalar (the public key is derived).
pub fn private_key<'a>(ctx: &'a LibCtx, propq: Option<&str>, group: &str, d: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    let mut p = Params::new();
    p.utf8("group", group).raw("priv", ParamType::UnsignedInteger, &ne(d));
    Pkey::fromdata(ctx, "EC", propq, KeySelection::KeyPair, &p)
}

/// A DER length (short form below 128, else `81 len`).
fn der_len(len: usize) -> Vec<u8> {
    if len < 0x80 { vec![len as u8] } else { vec![0x81, len as u8] }
}

/// DER INTEGER of a non-negative big-endian value (minimal).
pub fn der_int(v: &[u8]) -> Vec<u8> {
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len().saturating_sub(1));
    let mut body = v[start.min(v.len())..].to_vec();
    if body.is_empty() {
        body.push(0);
    }
    if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    [&[2u8][..], &der_len(body.len()), &body].concat()
}

/// DER SEQUENCE around `body`.
pub fn der_seq(body: &[u8]) -> Vec<u8> {
    [&[0x30u8][..], &der_len(body.len()), body].concat()
}

/// DER ECDSA-Sig-Value.
pub fn der_sig(r: &[u8], s: &[u8]) -> Vec<u8> {
    der_seq(&[der_int(r), der_int(s)].concat())
}

/// (r, s) of a well-formed DER signature, leading zeros stripped (test-side parser).
pub fn parse_sig(sig: &[u8]) -> (Vec<u8>, Vec<u8>) {
    // Skips a tag and a length; returns the content and the rest.
    fn tlv(b: &[u8]) -> (&[u8], &[u8]) {
        let (len, hdr) = if b[1] == 0x81 { (b[2] as usize, 3) } else { (b[1] as usize, 2) };
        (&b[hdr..hdr + len], &b[hdr + len..])
    }
    let (body, _) = tlv(sig);
    let (r, rest) = tlv(body);
    let (s, _) = tlv(rest);
    let trim = |v: &[u8]| v.iter().copied().skip_while(|&b| b == 0).collect::<Vec<u8>>();
    (trim(r), trim(s))
}
