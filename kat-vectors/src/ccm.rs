//! AES-CCM known answers: ACVP `ACVP-AES-CCM-1.0` (SP 800-38C), AES-128/192/256, nonces of 7..13 bytes, tags
//! of 4..16 bytes, payloads of 0..32 bytes and AAD of 0..32 bytes plus 65536 bytes (which exercises the
//! `0xfffe` AAD length form).
//!
//! Groups: `VariableAssociatedData`, `VariablePayload`, `VariableNonce`, `VariableTag` (encrypt) and
//! `DecryptionVerification` (decrypt, some with a tag that must not verify). ACVP's `ct` is the ciphertext
//! followed by the tag; the loader splits it. Encrypt cases: `(key, nonce, aad, pt)` gives `ct` and `tag`.
//! Decrypt cases: `(key, nonce, aad, ct, tag)` verifies iff `passed`, and then gives `pt`.

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{bits_to_bytes, decode_hex, read_projection};
use crate::error::KatError;

/// The ACVP directory.
pub const SOURCE: &str = "ACVP-AES-CCM-1.0";

/// One AES-CCM known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CcmCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The group's `internalTestType` (e.g. `"VariableNonce"`, `"DecryptionVerification"`).
    pub kind: String,
    /// `true` for an encrypt case, `false` for a decrypt (verify) case.
    pub encrypt: bool,
    /// The AES key (16, 24 or 32 bytes).
    pub key: Vec<u8>,
    /// The nonce (7..13 bytes).
    pub nonce: Vec<u8>,
    /// The associated data.
    pub aad: Vec<u8>,
    /// The plaintext (empty in a decrypt case that must fail).
    pub pt: Vec<u8>,
    /// The ciphertext without the tag.
    pub ct: Vec<u8>,
    /// The tag (4..16 bytes).
    pub tag: Vec<u8>,
    /// Whether the tag verifies (always `true` for encrypt cases).
    pub passed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    internal_test_type: String,
    direction: String,
    key_len: u64,
    iv_len: u64,
    payload_len: u64,
    aad_len: u64,
    tag_len: u64,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    key: String,
    iv: String,
    aad: String,
    pt: Option<String>,
    ct: String,
    test_passed: Option<bool>,
}

/// Decodes `hex`, checking it is `bits` long.
fn sized(path: &Path, tc: u64, name: &str, hex: &str, bits: u64) -> Result<Vec<u8>, KatError> {
    let what = format!("tcId {tc} {name}");
    let len = bits_to_bytes(path, &what, bits)?;
    let bytes = decode_hex(path, &what, hex)?;
    if bytes.len() != len {
        return Err(KatError::format(path, format!("{what}: {} bytes, expected {bits} bits", bytes.len())));
    }
    Ok(bytes)
}

fn case(path: &Path, g: &Group, t: &Test) -> Result<CcmCase, KatError> {
    let tc = t.tc_id;
    let encrypt = match g.direction.as_str() {
        "encrypt" => true,
        "decrypt" => false,
        d => return Err(KatError::format(path, format!("tgId {}: direction {d:?}", g.tg_id))),
    };
    let passed = if encrypt {
        true
    } else {
        t.test_passed.ok_or_else(|| KatError::format(path, format!("tcId {tc}: no testPassed")))?
    };
    let mut ct = sized(path, tc, "ct", &t.ct, g.payload_len + g.tag_len)?;
    let tag = ct.split_off(ct.len() - bits_to_bytes(path, "tagLen", g.tag_len)?);
    let pt = match (&t.pt, passed) {
        (Some(pt), true) => sized(path, tc, "pt", pt, g.payload_len)?,
        (None, true) => return Err(KatError::format(path, format!("tcId {tc}: no pt"))),
        (_, false) => Vec::new(),
    };
    Ok(CcmCase {
        tc_id: tc,
        kind: g.internal_test_type.clone(),
        encrypt,
        key: sized(path, tc, "key", &t.key, g.key_len)?,
        nonce: sized(path, tc, "iv", &t.iv, g.iv_len)?,
        aad: sized(path, tc, "aad", &t.aad, g.aad_len)?,
        pt,
        ct,
        tag,
        passed,
    })
}

/// Loads every case of `ACVP-AES-CCM-1.0`.
pub fn load() -> Result<Vec<CcmCase>, KatError> {
    let (path, set) = read_projection::<Group>(SOURCE, "ACVP-AES-CCM")?;
    let mut out = Vec::new();
    for g in &set.test_groups {
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: testType {:?}", g.tg_id, g.test_type)));
        }
        for t in &g.tests {
            out.push(case(&path, g, t)?);
        }
    }
    Ok(out)
}
