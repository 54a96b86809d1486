//! AES-XTS known answers: ACVP `ACVP-AES-XTS-1.0` (trimmed to 4 of 10 tests per group, see `README.md`),
//! XTS-AES-128 and XTS-AES-256 (double-length keys of 256 and 512 bits), encrypt and decrypt.
//!
//! In revision 1.0 the whole payload is one data unit. The tweak is given as 16 bytes (`tweakValue`) in both
//! tweak modes: `"hex"` (a random 128-bit value) and `"number"` (the data unit sequence number, whose
//! little-endian 128-bit encoding `tweakValue` is; the loader checks that). This is exactly the IV of
//! OpenSSL's `AES-*-XTS`. Groups whose `payloadLen` is not a whole number of bytes cannot be expressed through
//! a byte-oriented API and are left out (counted in [`XtsVectors::skipped_bit_oriented`]).

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{bits_to_bytes, decode_hex, read_projection};
use crate::error::KatError;

/// The ACVP directory.
pub const SOURCE: &str = "ACVP-AES-XTS-1.0";

/// One AES-XTS known answer (one data unit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XtsCase {
    /// `tcId`.
    pub tc_id: u64,
    /// `true` for an encrypt case (`pt` gives `ct`), `false` for decrypt (`ct` gives `pt`).
    pub encrypt: bool,
    /// The double-length key `Key1 || Key2` (32 or 64 bytes).
    pub key: Vec<u8>,
    /// The 16-byte tweak (OpenSSL's IV).
    pub tweak: [u8; 16],
    /// `Some(n)` when the group's tweak mode is `"number"` (the tweak is `n` little-endian).
    pub sequence_number: Option<u64>,
    /// The plaintext data unit.
    pub pt: Vec<u8>,
    /// The ciphertext data unit.
    pub ct: Vec<u8>,
}

/// Every loadable case plus the number of bit-oriented ones left out.
#[derive(Clone, Debug, Default)]
pub struct XtsVectors {
    /// Byte-oriented cases.
    pub cases: Vec<XtsCase>,
    /// Cases whose data unit is not a whole number of bytes (not expressible through OpenSSL's API).
    pub skipped_bit_oriented: usize,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    direction: String,
    key_len: u64,
    payload_len: u64,
    tweak_mode: String,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    key: String,
    pt: String,
    ct: String,
    tweak_value: String,
    sequence_number: Option<u64>,
}

fn case(path: &Path, g: &Group, t: &Test) -> Result<XtsCase, KatError> {
    let tc = t.tc_id;
    let what = |name: &str| format!("tcId {tc} {name}");
    let encrypt = match g.direction.as_str() {
        "encrypt" => true,
        "decrypt" => false,
        d => return Err(KatError::format(path, format!("tgId {}: direction {d:?}", g.tg_id))),
    };
    let key = decode_hex(path, &what("key"), &t.key)?;
    if key.len() * 8 != 2 * usize::try_from(g.key_len).unwrap_or(0) {
        return Err(KatError::format(path, format!("{}: {} bytes for keyLen {}", what("key"), key.len(), g.key_len)));
    }
    let len = bits_to_bytes(path, &what("payload"), g.payload_len)?;
    let pt = decode_hex(path, &what("pt"), &t.pt)?;
    let ct = decode_hex(path, &what("ct"), &t.ct)?;
    if pt.len() != len || ct.len() != len {
        return Err(KatError::format(path, format!("{}: pt/ct length differs from payloadLen", what("data"))));
    }
    let tweak: [u8; 16] = decode_hex(path, &what("tweakValue"), &t.tweak_value)?
        .try_into()
        .map_err(|_| KatError::format(path, format!("{}: not 16 bytes", what("tweakValue"))))?;
    let sequence_number = match g.tweak_mode.as_str() {
        "hex" => None,
        "number" => {
            let n = t.sequence_number.ok_or_else(|| KatError::format(path, what("no sequenceNumber")))?;
            if u128::from_le_bytes(tweak) != u128::from(n) {
                return Err(KatError::format(path, format!("{}: not the sequence number", what("tweakValue"))));
            }
            Some(n)
        }
        m => return Err(KatError::format(path, format!("tgId {}: tweakMode {m:?}", g.tg_id))),
    };
    Ok(XtsCase { tc_id: tc, encrypt, key, tweak, sequence_number, pt, ct })
}

/// Loads `ACVP-AES-XTS-1.0`.
pub fn load() -> Result<XtsVectors, KatError> {
    let (path, set) = read_projection::<Group>(SOURCE, "ACVP-AES-XTS")?;
    let mut out = XtsVectors::default();
    for g in &set.test_groups {
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: testType {:?}", g.tg_id, g.test_type)));
        }
        if !g.payload_len.is_multiple_of(8) {
            out.skipped_bit_oriented += g.tests.len();
            continue;
        }
        for t in &g.tests {
            out.cases.push(case(&path, g, t)?);
        }
    }
    Ok(out)
}
