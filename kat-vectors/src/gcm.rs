//! AES-GCM known answers: ACVP `ACVP-AES-GCM-1.0` (projection, 96- and 120-bit IVs, encrypt and decrypt with
//! bad tags) and the Geomys supplement `acvp-supplement-geomys/ACVP-AES-GCM` (vectors + expected answers, long
//! AAD and payloads, AES-128/192/256, tag lengths 96..128).
//!
//! Encrypt cases: `(key, iv, aad, pt)` gives `ct` and a tag whose first `tag.len()` bytes are `tag`. Decrypt
//! cases: `(key, iv, aad, ct, tag)` verifies iff `passed`, and then gives `pt`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::acvp::{bits_to_bytes, decode_hex, read_projection};
use crate::error::KatError;

/// One AES-GCM known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcmCase {
    /// Where it comes from: `"ACVP-AES-GCM-1.0"` or `"acvp-supplement-geomys/ACVP-AES-GCM"`.
    pub source: &'static str,
    /// `tcId` (unique within `source`).
    pub tc_id: u64,
    /// `true` for an encrypt case, `false` for a decrypt (verify) case.
    pub encrypt: bool,
    /// The AES key (16, 24 or 32 bytes).
    pub key: Vec<u8>,
    /// The IV (any length).
    pub iv: Vec<u8>,
    /// The additional authenticated data.
    pub aad: Vec<u8>,
    /// The plaintext (empty in a decrypt case that must fail).
    pub pt: Vec<u8>,
    /// The ciphertext.
    pub ct: Vec<u8>,
    /// The tag, truncated to the group's `tagLen`.
    pub tag: Vec<u8>,
    /// Whether the tag verifies (always `true` for encrypt cases).
    pub passed: bool,
}

/// The two sources, in load order.
pub const SOURCES: [&str; 2] = ["ACVP-AES-GCM-1.0", "acvp-supplement-geomys/ACVP-AES-GCM"];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
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
    ct: Option<String>,
    tag: Option<String>,
    test_passed: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Set<G> {
    vs_id: u64,
    algorithm: String,
    test_groups: Vec<G>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnswerGroup {
    tg_id: u64,
    tests: Vec<Test2>,
}

/// An answer in `expected.json`: outputs only.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test2 {
    tc_id: u64,
    pt: Option<String>,
    ct: Option<String>,
    tag: Option<String>,
    test_passed: Option<bool>,
}

/// Decodes `hex` and checks it is `bits` long.
fn sized(path: &Path, tc: u64, name: &str, hex: &str, bits: u64) -> Result<Vec<u8>, KatError> {
    let what = format!("tcId {tc} {name}");
    let len = bits_to_bytes(path, &what, bits)?;
    let bytes = decode_hex(path, &what, hex)?;
    if bytes.len() != len {
        return Err(KatError::format(path, format!("{what}: {} bytes, expected {bits} bits", bytes.len())));
    }
    Ok(bytes)
}

fn field<'a>(path: &Path, tc: u64, name: &str, v: Option<&'a str>) -> Result<&'a str, KatError> {
    v.ok_or_else(|| KatError::format(path, format!("tcId {tc}: no {name}")))
}

/// Builds a case from a group and a test merged with its answer.
fn case(source: &'static str, path: &Path, g: &Group, t: &Test) -> Result<GcmCase, KatError> {
    let tc = t.tc_id;
    if g.test_type != "AFT" {
        return Err(KatError::format(path, format!("tgId {}: testType {:?}", g.tg_id, g.test_type)));
    }
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
    let pt = match (&t.pt, passed) {
        (Some(pt), true) => sized(path, tc, "pt", pt, g.payload_len)?,
        (None, true) if g.payload_len == 0 => Vec::new(),
        (None, true) => return Err(KatError::format(path, format!("tcId {tc}: no pt"))),
        (_, false) => Vec::new(),
    };
    Ok(GcmCase {
        source,
        tc_id: tc,
        encrypt,
        key: sized(path, tc, "key", &t.key, g.key_len)?,
        iv: sized(path, tc, "iv", &t.iv, g.iv_len)?,
        aad: sized(path, tc, "aad", &t.aad, g.aad_len)?,
        pt,
        ct: sized(path, tc, "ct", field(path, tc, "ct", t.ct.as_deref())?, g.payload_len)?,
        tag: sized(path, tc, "tag", field(path, tc, "tag", t.tag.as_deref())?, g.tag_len)?,
        passed,
    })
}

/// Reads a Geomys session file (a JSON array: session metadata, then vector sets) and returns its vector sets.
fn read_sets<G: DeserializeOwned>(path: &Path) -> Result<Vec<Set<G>>, KatError> {
    let text = fs::read_to_string(path).map_err(|source| KatError::Io { path: path.to_owned(), source })?;
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.to_owned(), source })?;
    items
        .into_iter()
        .skip(1)
        .filter(|item| item.get("testGroups").is_some())
        .map(|item| serde_json::from_value(item).map_err(|source| KatError::Json { path: path.to_owned(), source }))
        .collect()
}

/// Loads every AES-GCM case of both sources (see [`SOURCES`]).
pub fn load() -> Result<Vec<GcmCase>, KatError> {
    let mut out = Vec::new();
    let (path, set) = read_projection::<Group>(SOURCES[0], "ACVP-AES-GCM")?;
    for g in &set.test_groups {
        for t in &g.tests {
            out.push(case(SOURCES[0], &path, g, t)?);
        }
    }

    let dir: PathBuf = crate::data_dir().join(SOURCES[1]);
    let (vpath, epath) = (dir.join("vectors.json"), dir.join("expected.json"));
    let prompts = read_sets::<Group>(&vpath)?;
    let answers = read_sets::<AnswerGroup>(&epath)?;
    for set in &prompts {
        if set.algorithm != "ACVP-AES-GCM" {
            return Err(KatError::format(&vpath, format!("vsId {}: algorithm {:?}", set.vs_id, set.algorithm)));
        }
        let ans = answers
            .iter()
            .find(|a| a.vs_id == set.vs_id)
            .ok_or_else(|| KatError::format(&epath, format!("no answers for vsId {}", set.vs_id)))?;
        for g in &set.test_groups {
            let ag = ans.test_groups.iter().find(|a| a.tg_id == g.tg_id);
            for t in &g.tests {
                let a = ag
                    .and_then(|ag| ag.tests.iter().find(|a| a.tc_id == t.tc_id))
                    .ok_or_else(|| KatError::format(&epath, format!("no answer for tcId {}", t.tc_id)))?;
                let merged = Test {
                    tc_id: t.tc_id,
                    key: t.key.clone(),
                    iv: t.iv.clone(),
                    aad: t.aad.clone(),
                    pt: t.pt.clone().or_else(|| a.pt.clone()),
                    ct: t.ct.clone().or_else(|| a.ct.clone()),
                    tag: t.tag.clone().or_else(|| a.tag.clone()),
                    test_passed: t.test_passed.or(a.test_passed),
                };
                out.push(case(SOURCES[1], &vpath, g, &merged)?);
            }
        }
    }
    Ok(out)
}
