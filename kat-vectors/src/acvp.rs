//! Reading ACVP JSON vector sets (`internalProjection.json`) and decoding their fields.
//!
//! ACVP conventions: hex strings are upper-case without prefix; every `*Len` field is in **bits**.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::KatError;

/// The outer shape of an ACVP vector set, generic over the group type.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VectorSet<G> {
    /// e.g. `"SHA2-256"`, `"HMAC-SHA-1"`.
    pub algorithm: String,
    /// e.g. `"1.0"`.
    pub revision: String,
    /// The test groups.
    pub test_groups: Vec<G>,
}

/// Reads `<data_dir>/<dir>/internalProjection.json` and checks its `algorithm` field.
pub fn read_projection<G: DeserializeOwned>(
    dir: &str,
    expect_algorithm: &str,
) -> Result<(PathBuf, VectorSet<G>), KatError> {
    let path = crate::data_dir().join(dir).join("internalProjection.json");
    let text = fs::read_to_string(&path).map_err(|source| KatError::Io { path: path.clone(), source })?;
    let set: VectorSet<G> =
        serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.clone(), source })?;
    if set.algorithm != expect_algorithm {
        return Err(KatError::format(
            &path,
            format!("algorithm is {:?}, expected {expect_algorithm:?}", set.algorithm),
        ));
    }
    Ok((path, set))
}

/// Decodes a hex string (either case).
pub fn decode_hex(path: &Path, what: &str, hex: &str) -> Result<Vec<u8>, KatError> {
    hex::decode(hex).map_err(|e| KatError::format(path, format!("{what}: bad hex: {e}")))
}

/// Decodes a hex string holding `bits` bits of a byte-oriented value: `Some(first bits/8 bytes)`,
/// or `None` if `bits` is not a multiple of 8 (a bit-oriented case). The hex may carry extra
/// bytes (NIST writes `00` for an empty message) but not fewer.
pub fn decode_hex_bits(path: &Path, what: &str, hex: &str, bits: u64) -> Result<Option<Vec<u8>>, KatError> {
    if !bits.is_multiple_of(8) {
        return Ok(None);
    }
    let mut bytes = decode_hex(path, what, hex)?;
    let want = usize::try_from(bits / 8)
        .map_err(|_| KatError::format(path, format!("{what}: length {bits} bits too large")))?;
    if bytes.len() < want {
        return Err(KatError::format(path, format!("{what}: {} bytes of hex for {bits} bits", bytes.len())));
    }
    bytes.truncate(want);
    Ok(Some(bytes))
}

/// Converts a bit length that must be a whole number of bytes.
pub fn bits_to_bytes(path: &Path, what: &str, bits: u64) -> Result<usize, KatError> {
    if !bits.is_multiple_of(8) {
        return Err(KatError::format(path, format!("{what}: {bits} bits is not whole bytes")));
    }
    usize::try_from(bits / 8).map_err(|_| KatError::format(path, format!("{what}: {bits} bits too large")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_bits() {
        let p = Path::new("x");
        assert_eq!(decode_hex_bits(p, "m", "", 0).unwrap(), Some(vec![]));
        assert_eq!(decode_hex_bits(p, "m", "00", 0).unwrap(), Some(vec![]));
        assert_eq!(decode_hex_bits(p, "m", "ABcd", 16).unwrap(), Some(vec![0xab, 0xcd]));
        assert_eq!(decode_hex_bits(p, "m", "ABCD", 15).unwrap(), None);
        assert!(decode_hex_bits(p, "m", "AB", 16).is_err());
        assert!(decode_hex_bits(p, "m", "ABC", 8).is_err());
        assert_eq!(bits_to_bytes(p, "l", 96).unwrap(), 12);
        assert!(bits_to_bytes(p, "l", 97).is_err());
    }

    #[test]
    fn algorithm_field_is_checked() {
        let e = read_projection::<serde_json::Value>("SHA2-256-1.0", "SHA2-224").unwrap_err();
        assert!(e.to_string().contains("SHA2-256"), "{e}");
        let e = read_projection::<serde_json::Value>("NO-SUCH-DIR", "X").unwrap_err();
        assert!(matches!(e, KatError::Io { .. }));
    }
}
