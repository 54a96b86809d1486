//! EdDSA known answers (ACVP `EDDSA-KeyGen/KeyVer/SigGen/SigVer-1.0`, FIPS 186-5 section 7), filtered to one
//! curve (`"ED-25519"`; the files also hold `"ED-448"` groups, which are skipped and counted).
//!
//! How the cases run:
//! * [`KeyGenCase`]: the public key of the private key (seed) `d` must encode to `q`.
//! * [`KeyVerCase`]: the encoded public key `q` must be accepted iff `passed` (`reason` says why not).
//! * [`SigGenCase`]: sign `msg` with `d`; pure EdDSA when `pre_hash` is false and `context` empty, Ed25519ctx
//!   when the context is not empty, HashEdDSA (Ed25519ph: SHA-512 of `msg`, then sign with `context`) when
//!   `pre_hash`; compare with `signature`. Signatures are deterministic. Groups of `testType` `AFT` and `BFT`
//!   (bit-flip tests: short messages, same shape) are both loaded.
//! * [`SigVerCase`]: the signature must verify under `q` iff `passed` (same variant rules, no context).
//!
//! Hex in the files is upper-case; keys, points and signatures are in RFC 8032 encoding (little-endian).

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{decode_hex, read_projection};
use crate::error::KatError;

/// ACVP directory of EdDSA key generation.
pub const KEYGEN_DIR: &str = "EDDSA-KeyGen-1.0";
/// ACVP directory of EdDSA public key validation.
pub const KEYVER_DIR: &str = "EDDSA-KeyVer-1.0";
/// ACVP directory of EdDSA signature generation.
pub const SIGGEN_DIR: &str = "EDDSA-SigGen-1.0";
/// ACVP directory of EdDSA signature verification.
pub const SIGVER_DIR: &str = "EDDSA-SigVer-1.0";

/// The cases of one file for one curve, and how many cases of other curves were skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set<C> {
    /// The cases for the requested curve.
    pub cases: Vec<C>,
    /// Cases in groups of other curves (e.g. `ED-448`), left out.
    pub skipped_other_curves: usize,
}

/// The public key `q` of the seed `d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyGenCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The private key (seed).
    pub d: Vec<u8>,
    /// The encoded public key.
    pub q: Vec<u8>,
}

/// An encoded public key to validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyVerCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The encoded public key.
    pub q: Vec<u8>,
    /// Whether the key is valid.
    pub passed: bool,
    /// ACVP's reason (`"none"`, `"point not on curve"`).
    pub reason: String,
}

/// A signature to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigGenCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The group's `testType` (`"AFT"` or `"BFT"`).
    pub test_type: String,
    /// HashEdDSA (Ed25519ph).
    pub pre_hash: bool,
    /// The private key (seed).
    pub d: Vec<u8>,
    /// The encoded public key.
    pub q: Vec<u8>,
    /// The message.
    pub msg: Vec<u8>,
    /// The context (possibly empty).
    pub context: Vec<u8>,
    /// The expected signature `R || S`.
    pub signature: Vec<u8>,
}

/// A signature to verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigVerCase {
    /// `tcId`.
    pub tc_id: u64,
    /// HashEdDSA (Ed25519ph).
    pub pre_hash: bool,
    /// The encoded public key.
    pub q: Vec<u8>,
    /// The message.
    pub msg: Vec<u8>,
    /// The signature `R || S`.
    pub signature: Vec<u8>,
    /// Whether the signature is valid.
    pub passed: bool,
    /// ACVP's reason (`"none"`, `"modify message"`, `"modify r"`, `"modify s"`, `"modify key"`).
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    curve: String,
    pre_hash: Option<bool>,
    d: Option<String>,
    q: Option<String>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    test_passed: Option<bool>,
    reason: Option<String>,
    d: Option<String>,
    q: Option<String>,
    message: Option<String>,
    context: Option<String>,
    signature: Option<String>,
}

/// A required hex field (test value first, then the group's).
fn field(path: &Path, tc: u64, name: &str, t: Option<&String>, g: Option<&String>) -> Result<Vec<u8>, KatError> {
    let hex = t.or(g).ok_or_else(|| KatError::format(path, format!("tcId {tc}: no {name}")))?;
    decode_hex(path, &format!("tcId {tc} {name}"), hex)
}

/// The groups of `dir` for `curve` (of the accepted test types), and the number of cases of other curves.
fn groups(dir: &str, curve: &str, test_types: &[&str]) -> Result<(std::path::PathBuf, Vec<Group>, usize), KatError> {
    let (path, set) = read_projection::<Group>(dir, "EDDSA")?;
    let mut out = Vec::new();
    let mut skipped = 0;
    for g in set.test_groups {
        if g.curve != curve {
            skipped += g.tests.len();
            continue;
        }
        if !test_types.contains(&g.test_type.as_str()) {
            return Err(KatError::format(&path, format!("tgId {}: unexpected testType {:?}", g.tg_id, g.test_type)));
        }
        out.push(g);
    }
    if out.is_empty() {
        return Err(KatError::NoVectors { what: format!("{dir} {curve}") });
    }
    Ok((path, out, skipped))
}

fn passed(path: &Path, t: &Test) -> Result<bool, KatError> {
    t.test_passed.ok_or_else(|| KatError::format(path, format!("tcId {}: no testPassed", t.tc_id)))
}

fn pre_hash(path: &Path, g: &Group) -> Result<bool, KatError> {
    g.pre_hash.ok_or_else(|| KatError::format(path, format!("tgId {}: no preHash", g.tg_id)))
}

/// Key generation cases for `curve`.
pub fn load_keygen(curve: &str) -> Result<Set<KeyGenCase>, KatError> {
    let (path, groups, skipped) = groups(KEYGEN_DIR, curve, &["AFT"])?;
    let mut cases = Vec::new();
    for g in &groups {
        for t in &g.tests {
            let tc = t.tc_id;
            cases.push(KeyGenCase {
                tc_id: tc,
                d: field(&path, tc, "d", t.d.as_ref(), None)?,
                q: field(&path, tc, "q", t.q.as_ref(), None)?,
            });
        }
    }
    Ok(Set { cases, skipped_other_curves: skipped })
}

/// Public key validation cases for `curve`.
pub fn load_keyver(curve: &str) -> Result<Set<KeyVerCase>, KatError> {
    let (path, groups, skipped) = groups(KEYVER_DIR, curve, &["AFT"])?;
    let mut cases = Vec::new();
    for g in &groups {
        for t in &g.tests {
            let tc = t.tc_id;
            cases.push(KeyVerCase {
                tc_id: tc,
                q: field(&path, tc, "q", t.q.as_ref(), None)?,
                passed: passed(&path, t)?,
                reason: t.reason.clone().unwrap_or_default(),
            });
        }
    }
    Ok(Set { cases, skipped_other_curves: skipped })
}

/// Signature generation cases for `curve` (AFT and BFT groups).
pub fn load_siggen(curve: &str) -> Result<Set<SigGenCase>, KatError> {
    let (path, groups, skipped) = groups(SIGGEN_DIR, curve, &["AFT", "BFT"])?;
    let mut cases = Vec::new();
    for g in &groups {
        let pre_hash = pre_hash(&path, g)?;
        for t in &g.tests {
            let tc = t.tc_id;
            let empty = String::new();
            cases.push(SigGenCase {
                tc_id: tc,
                test_type: g.test_type.clone(),
                pre_hash,
                d: field(&path, tc, "d", t.d.as_ref(), g.d.as_ref())?,
                q: field(&path, tc, "q", t.q.as_ref(), g.q.as_ref())?,
                msg: field(&path, tc, "message", t.message.as_ref(), None)?,
                context: field(&path, tc, "context", t.context.as_ref(), Some(&empty))?,
                signature: field(&path, tc, "signature", t.signature.as_ref(), None)?,
            });
        }
    }
    Ok(Set { cases, skipped_other_curves: skipped })
}

/// Signature verification cases for `curve`.
pub fn load_sigver(curve: &str) -> Result<Set<SigVerCase>, KatError> {
    let (path, groups, skipped) = groups(SIGVER_DIR, curve, &["AFT"])?;
    let mut cases = Vec::new();
    for g in &groups {
        let pre_hash = pre_hash(&path, g)?;
        for t in &g.tests {
            let tc = t.tc_id;
            cases.push(SigVerCase {
                tc_id: tc,
                pre_hash,
                q: field(&path, tc, "q", t.q.as_ref(), None)?,
                msg: field(&path, tc, "message", t.message.as_ref(), None)?,
                signature: field(&path, tc, "signature", t.signature.as_ref(), None)?,
                passed: passed(&path, t)?,
                reason: t.reason.clone().unwrap_or_default(),
            });
        }
    }
    Ok(Set { cases, skipped_other_curves: skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed25519_sets_load() {
        let kg = load_keygen("ED-25519").unwrap();
        assert_eq!((kg.cases.len(), kg.skipped_other_curves), (3, 3));
        assert!(kg.cases.iter().all(|c| c.d.len() == 32 && c.q.len() == 32));
        let kv = load_keyver("ED-25519").unwrap();
        assert_eq!((kv.cases.len(), kv.skipped_other_curves), (4, 4));
        assert_eq!(kv.cases.iter().filter(|c| c.passed).count(), 2);
        let sg = load_siggen("ED-25519").unwrap();
        assert_eq!((sg.cases.len(), sg.skipped_other_curves), (84, 84));
        assert_eq!(sg.cases.iter().filter(|c| c.pre_hash).count(), 42);
        assert_eq!(sg.cases.iter().filter(|c| c.test_type == "BFT").count(), 64);
        assert!(sg.cases.iter().all(|c| c.signature.len() == 64 && c.context.len() <= 255));
        let sv = load_sigver("ED-25519").unwrap();
        assert_eq!((sv.cases.len(), sv.skipped_other_curves), (10, 10));
        assert_eq!(sv.cases.iter().filter(|c| c.passed).count(), 2);
        assert!(load_keygen("ED-999").is_err());
    }
}
