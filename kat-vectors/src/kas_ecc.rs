//! ECDH shared-secret known answers (KAS-ECC-SSC, SP 800-56A r3) from the Geomys ACVP supplement
//! (`acvp-supplement-geomys/KAS-ECC-SSC/`: `vectors.json` + `expected.json`, matched on `tgId`/`tcId`).
//!
//! Only the `VAL` cases are known answers: compute `Z = x(d_iut * Q_server)` and compare it with `z`; the
//! case passes iff the comparison agrees with `passed` (false = the given `z`, or the IUT key pair, is
//! wrong). The `AFT` cases carry no answer usable without the original implementation's keys.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::acvp::decode_hex;
use crate::error::KatError;

/// Directory (under the data dir) of the supplement's KAS-ECC-SSC set.
pub const SSC_DIR: &str = "acvp-supplement-geomys/KAS-ECC-SSC";

/// One `VAL` case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SscValCase {
    /// `tcId`.
    pub tc_id: u64,
    /// ACVP scheme, e.g. `"staticUnified"`.
    pub scheme: String,
    /// The IUT's private key.
    pub d_iut: Vec<u8>,
    /// The IUT's public key x.
    pub qx_iut: Vec<u8>,
    /// The IUT's public key y.
    pub qy_iut: Vec<u8>,
    /// The server's public key x.
    pub qx_server: Vec<u8>,
    /// The server's public key y.
    pub qy_server: Vec<u8>,
    /// The claimed shared secret.
    pub z: Vec<u8>,
    /// Whether the claimed `z` is the right one.
    pub passed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Set<G> {
    vs_id: Option<u64>,
    algorithm: Option<String>,
    test_groups: Vec<G>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VGroup {
    tg_id: u64,
    domain_parameter_generation_mode: String,
    scheme: String,
    test_type: String,
    tests: Vec<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EGroup {
    tg_id: u64,
    tests: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Reads a supplement file: a JSON array whose first element is session metadata and whose second is the set.
fn read_set<G: serde::de::DeserializeOwned>(path: &Path) -> Result<Set<G>, KatError> {
    let text = fs::read_to_string(path).map_err(|source| KatError::Io { path: path.to_owned(), source })?;
    let (_meta, set): (serde_json::Value, Set<G>) =
        serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.to_owned(), source })?;
    if set.algorithm.as_deref().is_some_and(|a| a != "KAS-ECC-SSC") {
        return Err(KatError::format(path, "algorithm is not KAS-ECC-SSC"));
    }
    Ok(set)
}

fn hex_field(
    path: &Path,
    tc: u64,
    t: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Vec<u8>, KatError> {
    let v =
        t.get(name).and_then(|v| v.as_str()).ok_or_else(|| KatError::format(path, format!("tcId {tc}: no {name}")))?;
    decode_hex(path, &format!("tcId {tc} {name}"), v)
}

/// The `VAL` cases for `curve` (e.g. `"P-256"`), with static or ephemeral keys (whichever the scheme uses).
pub fn load_ssc_val(curve: &str) -> Result<Vec<SscValCase>, KatError> {
    let dir: PathBuf = crate::data_dir().join(SSC_DIR);
    let (vpath, epath) = (dir.join("vectors.json"), dir.join("expected.json"));
    let vectors: Set<VGroup> = read_set(&vpath)?;
    let expected: Set<EGroup> = read_set(&epath)?;
    if vectors.vs_id.is_some() && expected.vs_id.is_some() && vectors.vs_id != expected.vs_id {
        // The prompt file of this supplement carries no vsId; when both do, they must agree.
        return Err(KatError::format(&epath, "vsId differs from vectors.json"));
    }
    let mut out = Vec::new();
    for g in vectors.test_groups.iter().filter(|g| g.domain_parameter_generation_mode == curve && g.test_type == "VAL")
    {
        let eg = expected
            .test_groups
            .iter()
            .find(|e| e.tg_id == g.tg_id)
            .ok_or_else(|| KatError::format(&epath, format!("tgId {} missing", g.tg_id)))?;
        let role = if g.scheme.starts_with("static") { "static" } else { "ephemeral" };
        for t in &g.tests {
            let tc =
                t.get("tcId").and_then(|v| v.as_u64()).ok_or_else(|| KatError::format(&vpath, "test without tcId"))?;
            let e = eg
                .tests
                .iter()
                .find(|e| e.get("tcId").and_then(|v| v.as_u64()) == Some(tc))
                .ok_or_else(|| KatError::format(&epath, format!("tcId {tc} missing")))?;
            let passed = e
                .get("testPassed")
                .and_then(|v| v.as_bool())
                .ok_or_else(|| KatError::format(&epath, format!("tcId {tc}: no testPassed")))?;
            out.push(SscValCase {
                tc_id: tc,
                scheme: g.scheme.clone(),
                d_iut: hex_field(&vpath, tc, t, &format!("{role}PrivateIut"))?,
                qx_iut: hex_field(&vpath, tc, t, &format!("{role}PublicIutX"))?,
                qy_iut: hex_field(&vpath, tc, t, &format!("{role}PublicIutY"))?,
                qx_server: hex_field(&vpath, tc, t, &format!("{role}PublicServerX"))?,
                qy_server: hex_field(&vpath, tc, t, &format!("{role}PublicServerY"))?,
                z: hex_field(&vpath, tc, t, "z")?,
                passed,
            });
        }
    }
    if out.is_empty() {
        return Err(KatError::NoVectors { what: format!("KAS-ECC-SSC VAL {curve}") });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p256_val_case_loads() {
        let cases = load_ssc_val("P-256").unwrap();
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!((c.tc_id, c.passed, c.scheme.as_str()), (20, false, "staticUnified"));
        assert_eq!((c.d_iut.len(), c.qx_server.len(), c.z.len()), (32, 32, 32));
        assert!(load_ssc_val("P-999").is_err());
    }
}
