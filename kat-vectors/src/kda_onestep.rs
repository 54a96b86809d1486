//! KDA OneStepNoCounter known answers (SP 800-56C r2 one-step KDF with an HMAC auxiliary function and no
//! counter, `L <= H`), from the Geomys ACVP supplement (`data/acvp-supplement-geomys/KDA/`, vector set
//! `mode: "OneStepNoCounter"`, `revision: "Sp800-56Cr2"`).
//!
//! Every case is `DKM = leftmost L bits of HMAC-hash(salt, Z || FixedInfo)` with
//! `FixedInfo = uPartyInfo || vPartyInfo` and `xPartyInfo = partyId || ephemeralData` (when present).
//! `saltMethod: default` groups carry an all-zero salt. `AFT` cases give the answer in `expected.json`; `VAL`
//! cases give a `dkm` in the prompt and `testPassed` in `expected.json`.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::alg::HashAlg;
use crate::error::KatError;
use crate::kda::{Answer, Test, case_data, dir};
use crate::kdf_tls::acvp_hash;

/// One KDA OneStepNoCounter case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneStepCase {
    /// The case's `tcId` (unique in the file).
    pub tc_id: u64,
    /// `true` for `AFT` (compute and compare), `false` for `VAL` (decide whether `dkm` is right).
    pub aft: bool,
    /// The hash of the HMAC auxiliary function (`auxFunction: "HMAC-<hash>"`).
    pub hash: HashAlg,
    /// The HMAC key (the salt).
    pub salt: Vec<u8>,
    /// The shared secret `Z`.
    pub z: Vec<u8>,
    /// `FixedInfo`.
    pub fixed_info: Vec<u8>,
    /// The DKM: the answer (`AFT`) or the value to validate (`VAL`).
    pub dkm: Vec<u8>,
    /// Whether `dkm` is the correct output (always `true` for `AFT`).
    pub dkm_correct: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    kdf_configuration: Config,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    aux_function: String,
    fixed_info_encoding: String,
    fixed_info_pattern: String,
    kdf_type: String,
}

/// The JSON array of a Geomys session file (session metadata first, then vector sets).
fn read_items(path: &Path) -> Result<Vec<serde_json::Value>, KatError> {
    let text = fs::read_to_string(path).map_err(|source| KatError::Io { path: path.to_owned(), source })?;
    serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.to_owned(), source })
}

/// Every answer of the vector set `vs_id` in `expected.json`, by `tcId`.
fn answers(path: &Path, items: &[serde_json::Value], vs_id: u64) -> Result<Vec<Answer>, KatError> {
    let set = items
        .iter()
        .find(|i| i.get("vsId").and_then(serde_json::Value::as_u64) == Some(vs_id))
        .ok_or_else(|| KatError::format(path, format!("no answers for vsId {vs_id}")))?;
    let groups = set.get("testGroups").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for g in groups {
        let tests = g.get("tests").cloned().unwrap_or_default();
        let tests: Vec<Answer> =
            serde_json::from_value(tests).map_err(|source| KatError::Json { path: path.to_owned(), source })?;
        out.extend(tests);
    }
    Ok(out)
}

/// Loads every KDA OneStepNoCounter (Sp800-56Cr2) case, `AFT` and `VAL`.
pub fn load_one_step_no_counter() -> Result<Vec<OneStepCase>, KatError> {
    let vpath = dir().join("vectors.json");
    let epath = dir().join("expected.json");
    let prompts = read_items(&vpath)?;
    let expected = read_items(&epath)?;
    let mut out = Vec::new();
    for item in prompts.iter().skip(1) {
        if item.get("mode").and_then(serde_json::Value::as_str) != Some("OneStepNoCounter") {
            continue;
        }
        let revision = item.get("revision").and_then(serde_json::Value::as_str);
        let vs_id = item.get("vsId").and_then(serde_json::Value::as_u64).unwrap_or(0);
        if revision != Some("Sp800-56Cr2") {
            return Err(KatError::format(&vpath, format!("vsId {vs_id}: revision {revision:?}")));
        }
        let groups: Vec<Group> = serde_json::from_value(item.get("testGroups").cloned().unwrap_or_default())
            .map_err(|source| KatError::Json { path: vpath.clone(), source })?;
        let ans = answers(&epath, &expected, vs_id)?;
        for g in &groups {
            let c = &g.kdf_configuration;
            if c.kdf_type != "oneStepNoCounter"
                || c.fixed_info_encoding != "concatenation"
                || c.fixed_info_pattern != "uPartyInfo||vPartyInfo"
            {
                return Err(KatError::format(&vpath, format!("tgId {}: unsupported configuration", g.tg_id)));
            }
            let aft = match g.test_type.as_str() {
                "AFT" => true,
                "VAL" => false,
                t => return Err(KatError::format(&vpath, format!("tgId {}: testType {t:?}", g.tg_id))),
            };
            let hash = c
                .aux_function
                .strip_prefix("HMAC-")
                .and_then(acvp_hash)
                .ok_or_else(|| KatError::format(&vpath, format!("tgId {}: {:?}", g.tg_id, c.aux_function)))?;
            for t in &g.tests {
                let tc = t.tc_id;
                let a = ans
                    .iter()
                    .find(|a| a.tc_id == tc)
                    .ok_or_else(|| KatError::format(&epath, format!("no answer for tcId {tc}")))?;
                let c = case_data(&vpath, &epath, aft, t, a)?;
                out.push(OneStepCase {
                    tc_id: tc,
                    aft,
                    hash,
                    salt: c.salt,
                    z: c.z,
                    fixed_info: c.fixed_info,
                    dkm: c.dkm,
                    dkm_correct: c.dkm_correct,
                });
            }
        }
    }
    if out.is_empty() {
        return Err(KatError::NoVectors { what: "KDA OneStepNoCounter".to_owned() });
    }
    Ok(out)
}
