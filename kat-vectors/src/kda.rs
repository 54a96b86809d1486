//! KDA HKDF known answers (SP 800-56C r1 two-step KDF with HMAC), from the Geomys ACVP supplement
//! (`data/acvp-supplement-geomys/KDA/`, vector set `mode: "HKDF"`, `revision: "Sp800-56Cr1"`).
//!
//! Every case is `DKM = HKDF(salt, Z, FixedInfo, L)` with
//! `FixedInfo = uPartyInfo || vPartyInfo` and `xPartyInfo = partyId || ephemeralData` (ephemeral data when
//! present), `L = l / 8` bytes. `AFT` cases give the answer in `expected.json`; `VAL` cases give a `dkm` in
//! the prompt and `testPassed` (whether that `dkm` is right) in `expected.json`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::acvp::{bits_to_bytes, decode_hex};
use crate::alg::HashAlg;
use crate::error::KatError;
use crate::kdf_tls::acvp_hash;

/// One KDA HKDF case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KdaHkdfCase {
    /// `vsId`/`tgId`/`tcId` of the case (`tcId` is unique in the file).
    pub tc_id: u64,
    /// `true` for `AFT` (compute and compare), `false` for `VAL` (decide whether `dkm` is right).
    pub aft: bool,
    /// The HMAC hash.
    pub hash: HashAlg,
    /// The salt (all zeros for `saltMethod: default`).
    pub salt: Vec<u8>,
    /// The shared secret `Z` (the IKM).
    pub z: Vec<u8>,
    /// `FixedInfo` (the HKDF `info`).
    pub fixed_info: Vec<u8>,
    /// The DKM: the answer (`AFT`) or the value to validate (`VAL`).
    pub dkm: Vec<u8>,
    /// Whether `dkm` is the correct output (always `true` for `AFT`).
    pub dkm_correct: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Set<G> {
    vs_id: u64,
    algorithm: String,
    mode: Option<String>,
    revision: Option<String>,
    test_groups: Vec<G>,
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
    fixed_info_encoding: String,
    fixed_info_pattern: String,
    hmac_alg: String,
    kdf_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Test {
    pub(crate) tc_id: u64,
    pub(crate) fixed_info_party_u: Party,
    pub(crate) fixed_info_party_v: Party,
    pub(crate) kdf_parameter: KdfParameter,
    pub(crate) dkm: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Party {
    pub(crate) party_id: String,
    pub(crate) ephemeral_data: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KdfParameter {
    pub(crate) l: u64,
    pub(crate) salt: String,
    pub(crate) z: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnswerGroup {
    tg_id: u64,
    tests: Vec<Answer>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Answer {
    pub(crate) tc_id: u64,
    pub(crate) dkm: Option<String>,
    pub(crate) test_passed: Option<bool>,
}

pub(crate) fn dir() -> PathBuf {
    crate::data_dir().join("acvp-supplement-geomys").join("KDA")
}

/// Reads a Geomys session file (a JSON array of session metadata followed by vector sets): the vector sets
/// for which `keep` holds.
fn read_sets<G: DeserializeOwned>(
    path: &Path,
    keep: impl Fn(&serde_json::Value) -> bool,
) -> Result<Vec<Set<G>>, KatError> {
    let text = fs::read_to_string(path).map_err(|source| KatError::Io { path: path.to_owned(), source })?;
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.to_owned(), source })?;
    let mut sets = Vec::new();
    for item in items.into_iter().skip(1) {
        if item.get("testGroups").is_some() && keep(&item) {
            sets.push(serde_json::from_value(item).map_err(|source| KatError::Json { path: path.to_owned(), source })?);
        }
    }
    Ok(sets)
}

fn party(path: &Path, tc: u64, p: &Party) -> Result<Vec<u8>, KatError> {
    let mut v = decode_hex(path, &format!("tcId {tc} partyId"), &p.party_id)?;
    if let Some(e) = &p.ephemeral_data {
        v.extend(decode_hex(path, &format!("tcId {tc} ephemeralData"), e)?);
    }
    Ok(v)
}

/// The decoded inputs and expected output of one KDA test case, as every KDA loader needs them.
pub(crate) struct CaseData {
    pub(crate) salt: Vec<u8>,
    pub(crate) z: Vec<u8>,
    pub(crate) fixed_info: Vec<u8>,
    pub(crate) dkm: Vec<u8>,
    pub(crate) dkm_correct: bool,
}

/// Decodes test `t` with its answer `a`: an AFT's expected DKM is the answer's; a VAL case carries its own DKM
/// and the answer says whether it is correct. The DKM must be `l` bits long.
pub(crate) fn case_data(vpath: &Path, epath: &Path, aft: bool, t: &Test, a: &Answer) -> Result<CaseData, KatError> {
    let tc = t.tc_id;
    let (dkm_hex, dkm_correct) = if aft {
        (a.dkm.as_deref(), true)
    } else {
        let passed = a.test_passed.ok_or_else(|| KatError::format(epath, format!("tcId {tc}: no testPassed")))?;
        (t.dkm.as_deref(), passed)
    };
    let dkm_hex = dkm_hex.ok_or_else(|| KatError::format(vpath, format!("tcId {tc}: no dkm")))?;
    let dkm = decode_hex(vpath, &format!("tcId {tc} dkm"), dkm_hex)?;
    let l = bits_to_bytes(vpath, &format!("tcId {tc} l"), t.kdf_parameter.l)?;
    if dkm.len() != l {
        return Err(KatError::format(vpath, format!("tcId {tc}: dkm is {} bytes, l = {l}", dkm.len())));
    }
    let mut fixed_info = party(vpath, tc, &t.fixed_info_party_u)?;
    fixed_info.extend(party(vpath, tc, &t.fixed_info_party_v)?);
    Ok(CaseData {
        salt: decode_hex(vpath, &format!("tcId {tc} salt"), &t.kdf_parameter.salt)?,
        z: decode_hex(vpath, &format!("tcId {tc} z"), &t.kdf_parameter.z)?,
        fixed_info,
        dkm,
        dkm_correct,
    })
}

/// Loads every KDA HKDF (Sp800-56Cr1) case, `AFT` and `VAL`.
pub fn load_hkdf() -> Result<Vec<KdaHkdfCase>, KatError> {
    let vpath = dir().join("vectors.json");
    let epath = dir().join("expected.json");
    let prompts = read_sets::<Group>(&vpath, |v| v.get("mode").and_then(|m| m.as_str()) == Some("HKDF"))?;
    let answers = read_sets::<AnswerGroup>(&epath, |_| true)?;
    let mut out = Vec::new();
    for set in prompts.iter().filter(|s| s.algorithm == "KDA" && s.mode.as_deref() == Some("HKDF")) {
        if set.revision.as_deref() != Some("Sp800-56Cr1") {
            return Err(KatError::format(&vpath, format!("vsId {}: revision {:?}", set.vs_id, set.revision)));
        }
        let ans = answers
            .iter()
            .find(|a| a.vs_id == set.vs_id)
            .ok_or_else(|| KatError::format(&epath, format!("no answers for vsId {}", set.vs_id)))?;
        for g in &set.test_groups {
            let c = &g.kdf_configuration;
            if c.kdf_type != "hkdf"
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
            let hash = acvp_hash(&c.hmac_alg)
                .ok_or_else(|| KatError::format(&vpath, format!("tgId {}: hash {:?}", g.tg_id, c.hmac_alg)))?;
            let ag = ans.test_groups.iter().find(|a| a.tg_id == g.tg_id);
            for t in &g.tests {
                let tc = t.tc_id;
                let a = ag
                    .and_then(|ag| ag.tests.iter().find(|a| a.tc_id == tc))
                    .ok_or_else(|| KatError::format(&epath, format!("no answer for tcId {tc}")))?;
                let c = case_data(&vpath, &epath, aft, t, a)?;
                out.push(KdaHkdfCase {
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
        return Err(KatError::NoVectors { what: "KDA HKDF".to_owned() });
    }
    Ok(out)
}
