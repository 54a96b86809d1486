//! The TLS 1.3 key schedule primitives (RFC 8446 §7.1) as OpenSSL's `TLS13-KDF` implements them.

use zeroize::Zeroizing;

use super::hkdf::{Expander, extract};
use super::{HmacHash, MAX_HASH_LEN};
use crate::Error;

/// Longest `prefix || label` and longest context in an `HkdfLabel` (both are `opaque <0..255>` vectors).
pub const MAX_LABEL_LEN: usize = 255;

/// `HKDF-Expand-Label(Secret, Label, Context, Length)` with the label prefix given explicitly (RFC 8446 uses
/// `"tls13 "`; OpenSSL takes it as the `prefix` parameter), under the secret-keyed `exp`:
///
/// ```text
/// HkdfLabel = uint16 length || opaque label<0..255> = prefix || label || opaque context<0..255>
/// ```
///
/// [`Error::InvalidLength`] if `out` is longer than 65535 bytes or than HKDF allows, or a vector is too long.
pub fn hkdf_expand_label(
    exp: &mut Expander,
    prefix: &[u8],
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let full_label = prefix.len() + label.len();
    if out.len() > usize::from(u16::MAX) || full_label > MAX_LABEL_LEN || context.len() > MAX_LABEL_LEN {
        return Err(Error::InvalidLength);
    }
    let len = (out.len() as u16).to_be_bytes();
    let head = [len[0], len[1], full_label as u8];
    let ctx_len = [context.len() as u8];
    exp.expand(&[&head, prefix, label, &ctx_len, context], out)
}

/// OpenSSL's TLS 1.3 "extract" step (`prov_tls13_hkdf_generate_secret`), producing the next stage secret:
///
/// * a missing `ikm` is `HashLen` zero bytes (RFC 8446: "If a given secret is not available, then the 0-value
///   ... is used");
/// * a missing `salt` is `HashLen` zeros (the early secret);
/// * a present `salt` (the previous secret) is first replaced by
///   `HKDF-Expand-Label(salt, prefix || label, Hash(""), HashLen)` (`Derive-Secret(., "derived", "")`).
///
/// `out` must be exactly `HashLen` bytes ([`Error::InvalidLength`]).
pub fn tls13_extract(
    hash: HmacHash,
    salt: Option<&[u8]>,
    ikm: Option<&[u8]>,
    prefix: &[u8],
    label: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let n = hash.output_len();
    if out.len() != n {
        return Err(Error::InvalidLength);
    }
    let zeros = [0u8; MAX_HASH_LEN];
    let ikm = ikm.unwrap_or(&zeros[..n]);
    let Some(prev) = salt else {
        return extract(hash, &zeros[..n], ikm, out);
    };
    let mut empty_hash = [0u8; MAX_HASH_LEN];
    hash.digest_into(b"", &mut empty_hash[..n])?;
    let mut derived = Zeroizing::new([0u8; MAX_HASH_LEN]);
    let mut exp = Expander::new(hash, prev)?;
    hkdf_expand_label(&mut exp, prefix, label, &empty_hash[..n], &mut derived[..n])?;
    extract(hash, &derived[..n], ikm, out)
}
