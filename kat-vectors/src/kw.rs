//! AES key wrap known answers: ACVP `ACVP-AES-KW-1.0` (KW, SP 800-38F §6.2) and `ACVP-AES-KWP-1.0` (KWP, §6.3),
//! each split into `prompt.json` (inputs) and `expectedResults.json` (answers) sharing `tgId`/`tcId` numbering.
//!
//! Groups carry `kwCipher`: `"cipher"` (the wrapping function is AES encryption) or `"inverse"` (AES decryption,
//! OpenSSL's `AES-*-WRAP-INV` / `AES-*-WRAP-PAD-INV`). Encrypt cases: `pt` wraps to `ct`. Decrypt cases: `ct`
//! unwraps to `pt` when `passed`, and must be rejected otherwise (ACVP `testPassed: false`; `pt` is then empty).
//! The default integrity check values are used throughout.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::acvp::{VectorSet, bits_to_bytes, decode_hex};
use crate::error::KatError;

/// The KW directory.
pub const SOURCE_KW: &str = "ACVP-AES-KW-1.0";
/// The KWP directory.
pub const SOURCE_KWP: &str = "ACVP-AES-KWP-1.0";

/// One key-wrap known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KwCase {
    /// `tcId` (unique within one of the two sets).
    pub tc_id: u64,
    /// KWP (with padding) rather than KW.
    pub padded: bool,
    /// The wrapping function is AES decryption (`kwCipher: "inverse"`).
    pub inverse: bool,
    /// `true`: `pt` wraps to `ct`; `false`: `ct` unwraps (to `pt` iff `passed`).
    pub encrypt: bool,
    /// The key-encryption key (16, 24 or 32 bytes).
    pub key: Vec<u8>,
    /// The plaintext (empty for a decrypt case that must fail).
    pub pt: Vec<u8>,
    /// The ciphertext.
    pub ct: Vec<u8>,
    /// Whether an unwrap succeeds (always `true` for encrypt cases).
    pub passed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptGroup {
    tg_id: u64,
    test_type: String,
    direction: String,
    kw_cipher: String,
    key_len: u64,
    payload_len: u64,
    tests: Vec<PromptTest>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptTest {
    tc_id: u64,
    key: String,
    pt: Option<String>,
    ct: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnswerGroup {
    tests: Vec<AnswerTest>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnswerTest {
    tc_id: u64,
    pt: Option<String>,
    ct: Option<String>,
    test_passed: Option<bool>,
}

fn read<G: DeserializeOwned>(dir: &str, file: &str, algorithm: &str) -> Result<(PathBuf, VectorSet<G>), KatError> {
    let path = crate::data_dir().join(dir).join(file);
    let text = fs::read_to_string(&path).map_err(|source| KatError::Io { path: path.clone(), source })?;
    let set: VectorSet<G> =
        serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.clone(), source })?;
    if set.algorithm != algorithm {
        return Err(KatError::format(&path, format!("algorithm is {:?}, expected {algorithm:?}", set.algorithm)));
    }
    Ok((path, set))
}

fn hex(path: &Path, tc: u64, what: &str, s: Option<&String>) -> Result<Vec<u8>, KatError> {
    let s = s.ok_or_else(|| KatError::format(path, format!("tcId {tc}: no {what}")))?;
    decode_hex(path, &format!("tcId {tc} {what}"), s)
}

/// Loads `ACVP-AES-KWP-1.0` (`padded`) or `ACVP-AES-KW-1.0`, checking key and payload lengths against the group
/// headers and that every wrap is 8 bytes longer than its (padded) plaintext.
pub fn load(padded: bool) -> Result<Vec<KwCase>, KatError> {
    let (dir, algorithm) = if padded { (SOURCE_KWP, "ACVP-AES-KWP") } else { (SOURCE_KW, "ACVP-AES-KW") };
    let (ppath, prompt) = read::<PromptGroup>(dir, "prompt.json", algorithm)?;
    let (apath, answers) = read::<AnswerGroup>(dir, "expectedResults.json", algorithm)?;
    let answers: HashMap<u64, &AnswerTest> =
        answers.test_groups.iter().flat_map(|g| g.tests.iter()).map(|t| (t.tc_id, t)).collect();
    let mut out = Vec::new();
    for g in &prompt.test_groups {
        let tg = g.tg_id;
        if g.test_type != "AFT" {
            return Err(KatError::format(&ppath, format!("tgId {tg}: testType {:?}", g.test_type)));
        }
        let encrypt = match g.direction.as_str() {
            "encrypt" => true,
            "decrypt" => false,
            d => return Err(KatError::format(&ppath, format!("tgId {tg}: direction {d:?}"))),
        };
        let inverse = match g.kw_cipher.as_str() {
            "cipher" => false,
            "inverse" => true,
            c => return Err(KatError::format(&ppath, format!("tgId {tg}: kwCipher {c:?}"))),
        };
        let key_len = bits_to_bytes(&ppath, "keyLen", g.key_len)?;
        let pt_len = bits_to_bytes(&ppath, "payloadLen", g.payload_len)?;
        for t in &g.tests {
            let tc = t.tc_id;
            let a = answers.get(&tc).ok_or_else(|| KatError::format(&apath, format!("tcId {tc}: no answer")))?;
            let key = decode_hex(&ppath, &format!("tcId {tc} key"), &t.key)?;
            let passed = a.test_passed.unwrap_or(true);
            let (pt, ct) = if encrypt {
                (hex(&ppath, tc, "pt", t.pt.as_ref())?, hex(&apath, tc, "ct", a.ct.as_ref())?)
            } else if passed {
                (hex(&apath, tc, "pt", a.pt.as_ref())?, hex(&ppath, tc, "ct", t.ct.as_ref())?)
            } else {
                (Vec::new(), hex(&ppath, tc, "ct", t.ct.as_ref())?)
            };
            if key.len() != key_len || (passed && pt.len() != pt_len) || ct.len() != pt_len.next_multiple_of(8) + 8 {
                return Err(KatError::format(&ppath, format!("tcId {tc}: lengths disagree with the group")));
            }
            out.push(KwCase { tc_id: tc, padded, inverse, encrypt, key, pt, ct, passed });
        }
    }
    Ok(out)
}
