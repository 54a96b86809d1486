//! ECDSA known answers (ACVP `ECDSA-KeyGen/KeyVer/SigGen/SigVer-FIPS186-5`, `DetECDSA-SigGen-FIPS186-5`,
//! FIPS 186-5), filtered to one curve (`"P-256"`, ...).
//!
//! How the cases run:
//! * [`KeyGenCase`]: `Q = d * G` must equal `(qx, qy)`.
//! * [`KeyVerCase`]: the public key `(qx, qy)` must be accepted iff `passed` (`reason` says why not).
//! * [`SigGenCase`]: hash `msg` with `hash`, sign with the given nonce `k` (ECDSA) — or derive `k` per RFC 6979
//!   with HMAC-`hash` (DetECDSA, where `k` is also given) — and compare `(r, s)`.
//! * [`SigVerCase`]: the signature must verify iff `passed`.
//!
//! Message digests: the full digest of `msg`; for the XOFs FIPS 186-5 fixes the output length: SHAKE128
//! 256 bits, SHAKE256 512 bits ([`digest_len`]). Groups with `conformance: "SP800-106"` (randomized hashing,
//! whose bit-level message preprocessing is not byte-oriented) are skipped and counted in
//! [`SigGenSet::skipped_sp800_106`].

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{decode_hex, read_projection};
use crate::alg::HashAlg;
use crate::error::KatError;

/// ACVP directory of ECDSA key generation.
pub const KEYGEN_DIR: &str = "ECDSA-KeyGen-FIPS186-5";
/// ACVP directory of ECDSA public key validation.
pub const KEYVER_DIR: &str = "ECDSA-KeyVer-FIPS186-5";
/// ACVP directory of ECDSA signature generation (nonce `k` given).
pub const SIGGEN_DIR: &str = "ECDSA-SigGen-FIPS186-5";
/// ACVP directory of ECDSA signature verification.
pub const SIGVER_DIR: &str = "ECDSA-SigVer-FIPS186-5";
/// ACVP directory of deterministic ECDSA signature generation.
pub const DET_SIGGEN_DIR: &str = "DetECDSA-SigGen-FIPS186-5";

/// The digest length FIPS 186-5 uses with `hash` for ECDSA: the digest length, and for the XOFs 32 bytes
/// (SHAKE128) or 64 bytes (SHAKE256).
pub const fn digest_len(hash: HashAlg) -> usize {
    match hash {
        HashAlg::Shake128 => 32,
        HashAlg::Shake256 => 64,
        h => h.output_len(),
    }
}

/// `Q = d * G`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyGenCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The private key.
    pub d: Vec<u8>,
    /// Public x, big-endian, curve-size bytes.
    pub qx: Vec<u8>,
    /// Public y.
    pub qy: Vec<u8>,
}

/// A public key to validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyVerCase {
    /// `tcId`.
    pub tc_id: u64,
    /// Public x as given (may be longer than the curve size: "out of range").
    pub qx: Vec<u8>,
    /// Public y as given.
    pub qy: Vec<u8>,
    /// Whether the key is valid.
    pub passed: bool,
    /// ACVP's reason (`"none"`, `"point not on curve"`, `"x or y out of range"`, ...).
    pub reason: String,
}

/// A signature to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigGenCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The message digest algorithm.
    pub hash: HashAlg,
    /// The message (hash it with [`digest_len`] bytes of output).
    pub msg: Vec<u8>,
    /// The private key.
    pub d: Vec<u8>,
    /// Public x.
    pub qx: Vec<u8>,
    /// Public y.
    pub qy: Vec<u8>,
    /// The nonce.
    pub k: Vec<u8>,
    /// Expected r.
    pub r: Vec<u8>,
    /// Expected s.
    pub s: Vec<u8>,
}

/// The signature-generation cases of one file and curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigGenSet {
    /// The byte-oriented cases.
    pub cases: Vec<SigGenCase>,
    /// Cases left out because their group uses SP 800-106 randomized hashing.
    pub skipped_sp800_106: usize,
}

/// A signature to verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigVerCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The message digest algorithm.
    pub hash: HashAlg,
    /// The message.
    pub msg: Vec<u8>,
    /// Public x.
    pub qx: Vec<u8>,
    /// Public y.
    pub qy: Vec<u8>,
    /// r as given.
    pub r: Vec<u8>,
    /// s as given.
    pub s: Vec<u8>,
    /// Whether the signature is valid.
    pub passed: bool,
    /// ACVP's reason (`"none"`, `"modify r"`, `"zero s"`, ...).
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    curve: String,
    hash_alg: Option<String>,
    conformance: Option<String>,
    component_test: Option<bool>,
    d: Option<String>,
    qx: Option<String>,
    qy: Option<String>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    test_passed: Option<bool>,
    reason: Option<String>,
    d: Option<String>,
    qx: Option<String>,
    qy: Option<String>,
    message: Option<String>,
    k: Option<String>,
    r: Option<String>,
    s: Option<String>,
}

/// A required hex field (test value first, then the group's).
fn field(path: &Path, tc: u64, name: &str, t: Option<&String>, g: Option<&String>) -> Result<Vec<u8>, KatError> {
    let hex = t.or(g).ok_or_else(|| KatError::format(path, format!("tcId {tc}: no {name}")))?;
    decode_hex(path, &format!("tcId {tc} {name}"), hex)
}

/// The groups of `dir` for `curve`, AFT only.
fn groups(dir: &str, curve: &str) -> Result<(std::path::PathBuf, Vec<Group>), KatError> {
    let (path, set) = read_projection::<Group>(dir, "ECDSA").or_else(|_| read_projection::<Group>(dir, "DetECDSA"))?;
    let mut out = Vec::new();
    for g in set.test_groups {
        if g.curve != curve {
            continue;
        }
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: unexpected testType {:?}", g.tg_id, g.test_type)));
        }
        if g.component_test == Some(true) {
            return Err(KatError::format(&path, format!("tgId {}: component tests are not supported", g.tg_id)));
        }
        out.push(g);
    }
    if out.is_empty() {
        return Err(KatError::NoVectors { what: format!("{dir} {curve}") });
    }
    Ok((path, out))
}

fn hash_of(path: &Path, g: &Group) -> Result<HashAlg, KatError> {
    let name = g.hash_alg.as_deref().ok_or_else(|| KatError::format(path, format!("tgId {}: no hashAlg", g.tg_id)))?;
    // ACVP names: "SHA2-256", "SHA2-512/224", "SHA3-256", "SHAKE-128"; ours: "SHA-256", "SHA-512/224", ...
    let ours = name.strip_prefix("SHA2-").map(|rest| format!("SHA-{rest}")).unwrap_or_else(|| name.to_owned());
    HashAlg::from_name(&ours)
        .ok_or_else(|| KatError::format(path, format!("tgId {}: unknown hashAlg {name:?}", g.tg_id)))
}

/// Key generation cases for `curve`.
pub fn load_keygen(curve: &str) -> Result<Vec<KeyGenCase>, KatError> {
    let (path, groups) = groups(KEYGEN_DIR, curve)?;
    let mut out = Vec::new();
    for g in &groups {
        for t in &g.tests {
            let tc = t.tc_id;
            out.push(KeyGenCase {
                tc_id: tc,
                d: field(&path, tc, "d", t.d.as_ref(), None)?,
                qx: field(&path, tc, "qx", t.qx.as_ref(), None)?,
                qy: field(&path, tc, "qy", t.qy.as_ref(), None)?,
            });
        }
    }
    Ok(out)
}

/// Public key validation cases for `curve`.
pub fn load_keyver(curve: &str) -> Result<Vec<KeyVerCase>, KatError> {
    let (path, groups) = groups(KEYVER_DIR, curve)?;
    let mut out = Vec::new();
    for g in &groups {
        for t in &g.tests {
            let tc = t.tc_id;
            out.push(KeyVerCase {
                tc_id: tc,
                qx: field(&path, tc, "qx", t.qx.as_ref(), None)?,
                qy: field(&path, tc, "qy", t.qy.as_ref(), None)?,
                passed: t.test_passed.ok_or_else(|| KatError::format(&path, format!("tcId {tc}: no testPassed")))?,
                reason: t.reason.clone().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// Signature generation cases for `curve` from `dir` ([`SIGGEN_DIR`] or [`DET_SIGGEN_DIR`]).
pub fn load_siggen(dir: &str, curve: &str) -> Result<SigGenSet, KatError> {
    let (path, groups) = groups(dir, curve)?;
    let mut set = SigGenSet { cases: Vec::new(), skipped_sp800_106: 0 };
    for g in &groups {
        match g.conformance.as_deref() {
            None => {}
            Some("SP800-106") => {
                set.skipped_sp800_106 += g.tests.len();
                continue;
            }
            Some(other) => {
                return Err(KatError::format(&path, format!("tgId {}: unknown conformance {other:?}", g.tg_id)));
            }
        }
        let hash = hash_of(&path, g)?;
        for t in &g.tests {
            let tc = t.tc_id;
            set.cases.push(SigGenCase {
                tc_id: tc,
                hash,
                msg: field(&path, tc, "message", t.message.as_ref(), None)?,
                d: field(&path, tc, "d", t.d.as_ref(), g.d.as_ref())?,
                qx: field(&path, tc, "qx", t.qx.as_ref(), g.qx.as_ref())?,
                qy: field(&path, tc, "qy", t.qy.as_ref(), g.qy.as_ref())?,
                k: field(&path, tc, "k", t.k.as_ref(), None)?,
                r: field(&path, tc, "r", t.r.as_ref(), None)?,
                s: field(&path, tc, "s", t.s.as_ref(), None)?,
            });
        }
    }
    Ok(set)
}

/// Signature verification cases for `curve`.
pub fn load_sigver(curve: &str) -> Result<Vec<SigVerCase>, KatError> {
    let (path, groups) = groups(SIGVER_DIR, curve)?;
    let mut out = Vec::new();
    for g in &groups {
        let hash = hash_of(&path, g)?;
        for t in &g.tests {
            let tc = t.tc_id;
            out.push(SigVerCase {
                tc_id: tc,
                hash,
                msg: field(&path, tc, "message", t.message.as_ref(), None)?,
                qx: field(&path, tc, "qx", t.qx.as_ref(), g.qx.as_ref())?,
                qy: field(&path, tc, "qy", t.qy.as_ref(), g.qy.as_ref())?,
                r: field(&path, tc, "r", t.r.as_ref(), None)?,
                s: field(&path, tc, "s", t.s.as_ref(), None)?,
                passed: t.test_passed.ok_or_else(|| KatError::format(&path, format!("tcId {tc}: no testPassed")))?,
                reason: t.reason.clone().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p256_sets_load() {
        let kg = load_keygen("P-256").unwrap();
        assert_eq!(kg.len(), 6);
        assert!(kg.iter().all(|c| c.d.len() == 32 && c.qx.len() == 32 && c.qy.len() == 32));
        let kv = load_keyver("P-256").unwrap();
        assert_eq!(kv.len(), 3);
        assert_eq!(kv.iter().filter(|c| c.passed).count(), 1);
        let sg = load_siggen(SIGGEN_DIR, "P-256").unwrap();
        assert_eq!((sg.cases.len(), sg.skipped_sp800_106), (120, 120));
        let det = load_siggen(DET_SIGGEN_DIR, "P-256").unwrap();
        assert_eq!((det.cases.len(), det.skipped_sp800_106), (110, 110));
        assert!(det.cases.iter().any(|c| c.hash == HashAlg::Sha3_224));
        let sv = load_sigver("P-256").unwrap();
        assert_eq!(sv.len(), 49);
        assert_eq!(sv.iter().filter(|c| c.passed).count(), 7);
        assert!(load_keygen("P-999").is_err());
        assert_eq!(digest_len(HashAlg::Shake128), 32);
        assert_eq!(digest_len(HashAlg::Sha512_224), 28);
    }
}
